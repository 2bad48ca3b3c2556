"""Translations: the system locale's ``annotator_<locale>.qm``, and core's shown strings.

The core never imports Qt, so the strings it defines that the window shows (action
titles and groups of the keymap, document statuses, the About description) are
marked here with ``QT_TRANSLATE_NOOP`` for ``pyside6-lupdate`` to find, and shown
through :func:`core_text`. tests/qt/test_translatable.py checks this list is complete.
See docs/translating.md for making a translation.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from annotator.core.services import paths

CORE_STRINGS = (
    # keymap groups (annotator/core/keymap.py)
    QT_TRANSLATE_NOOP("Core", "File"),
    QT_TRANSLATE_NOOP("Core", "Edit"),
    QT_TRANSLATE_NOOP("Core", "Labels"),
    QT_TRANSLATE_NOOP("Core", "Spans"),
    QT_TRANSLATE_NOOP("Core", "Events and relations"),
    QT_TRANSLATE_NOOP(
        "Core",
        "Add the selected text as another fragment of the selected span (discontinuous span)",
    ),
    QT_TRANSLATE_NOOP("Core", "Remove the fragment at the cursor from its discontinuous span"),
    QT_TRANSLATE_NOOP("Core", "Attributes, notes and references"),
    QT_TRANSLATE_NOOP(
        "Core", "Set an attribute of the selected annotation (pick the attribute, then the value)"
    ),
    QT_TRANSLATE_NOOP("Core", "Write or edit the note on the selected annotation"),
    QT_TRANSLATE_NOOP(
        "Core", "Link the selected span to an entry in a resource (resource, id, text)"
    ),
    QT_TRANSLATE_NOOP("Core", "Coreference"),
    QT_TRANSLATE_NOOP(
        "Core", "Link the selected span to another in a coreference chain (Tab to a span, Enter)"
    ),
    QT_TRANSLATE_NOOP("Core", "Take the selected span out of its coreference chain"),
    QT_TRANSLATE_NOOP("Core", "Suggestions"),
    QT_TRANSLATE_NOOP("Core", "Accept the suggestion at the cursor (or the one Tab selected)"),
    QT_TRANSLATE_NOOP("Core", "Reject the suggestion at the cursor; it is not proposed again"),
    QT_TRANSLATE_NOOP("Core", "Accept every suggestion in the document"),
    QT_TRANSLATE_NOOP("Core", "Show or hide suggestions"),
    QT_TRANSLATE_NOOP("Core", "Train the suggestion model now"),
    QT_TRANSLATE_NOOP("Core", "Team"),
    QT_TRANSLATE_NOOP("Core", "Adjudication"),
    QT_TRANSLATE_NOOP("Core", "Find"),
    QT_TRANSLATE_NOOP("Core", "Documents"),
    QT_TRANSLATE_NOOP("Core", "View"),
    QT_TRANSLATE_NOOP("Core", "Help"),
    # keymap action titles
    QT_TRANSLATE_NOOP("Core", "New project…"),
    QT_TRANSLATE_NOOP("Core", "Open project…"),
    QT_TRANSLATE_NOOP("Core", "Import…"),
    QT_TRANSLATE_NOOP("Core", "Export…"),
    QT_TRANSLATE_NOOP("Core", "Quit"),
    QT_TRANSLATE_NOOP("Core", "Undo"),
    QT_TRANSLATE_NOOP("Core", "Redo"),
    QT_TRANSLATE_NOOP("Core", "Apply label 1 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Apply label 2 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Apply label 3 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Apply label 4 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Apply label 5 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Apply label 6 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Apply label 7 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Apply label 8 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Apply label 9 (relabel the selected span)"),
    QT_TRANSLATE_NOOP("Core", "Select the next span"),
    QT_TRANSLATE_NOOP("Core", "Select the previous span"),
    QT_TRANSLATE_NOOP("Core", "Delete the selected span"),
    QT_TRANSLATE_NOOP("Core", "Clear the selection"),
    QT_TRANSLATE_NOOP(
        "Core", "Add an argument to the selected event (pick a role, then Tab to a span, Enter)"
    ),
    QT_TRANSLATE_NOOP("Core", "Add another event on the selected trigger"),
    QT_TRANSLATE_NOOP(
        "Core", "Add a relation from the selected span (pick a type, then Tab to a span, Enter)"
    ),
    QT_TRANSLATE_NOOP("Core", "Snap selections to tokens / exact characters"),
    QT_TRANSLATE_NOOP("Core", "Find in the article"),
    QT_TRANSLATE_NOOP("Core", "Search the whole project"),
    QT_TRANSLATE_NOOP("Core", "Mark done and open the next todo document"),
    QT_TRANSLATE_NOOP("Core", "Mark skipped and open the next todo document"),
    QT_TRANSLATE_NOOP("Core", "Next document"),
    QT_TRANSLATE_NOOP("Core", "Previous document"),
    QT_TRANSLATE_NOOP("Core", "Reload: show what others changed (a shared server project)"),
    QT_TRANSLATE_NOOP("Core", "Edit labels, roles and relation types…"),
    QT_TRANSLATE_NOOP("Core", "Preferences…"),
    QT_TRANSLATE_NOOP("Core", "Larger text"),
    QT_TRANSLATE_NOOP("Core", "Smaller text"),
    QT_TRANSLATE_NOOP("Core", "Focus the article"),
    QT_TRANSLATE_NOOP("Core", "Focus the annotations panel"),
    QT_TRANSLATE_NOOP("Core", "Focus the document list"),
    QT_TRANSLATE_NOOP("Core", "Statistics…"),
    QT_TRANSLATE_NOOP("Core", "Show or hide the compared annotator's layer"),
    QT_TRANSLATE_NOOP("Core", "Agreement between annotators…"),
    QT_TRANSLATE_NOOP(
        "Core", "Adjudicate this document (edit its gold layer), or back to your own layer"
    ),
    QT_TRANSLATE_NOOP("Core", "Take annotator 1's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take annotator 2's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take annotator 3's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take annotator 4's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take annotator 5's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take annotator 6's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take annotator 7's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take annotator 8's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take annotator 9's version at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Take nothing at this place (adjudicating)"),
    QT_TRANSLATE_NOOP("Core", "Next disagreement"),
    QT_TRANSLATE_NOOP("Core", "Previous disagreement"),
    QT_TRANSLATE_NOOP("Core", "Accept every place the annotators agree on into the gold"),
    QT_TRANSLATE_NOOP("Core", "Copy an annotator's whole layer to the gold…"),
    QT_TRANSLATE_NOOP("Core", "Mark the document adjudicated (or not any more)"),
    QT_TRANSLATE_NOOP("Core", "Keyboard shortcuts"),
    QT_TRANSLATE_NOOP("Core", "User guide"),
    # document statuses (annotator/core/model.py Status)
    QT_TRANSLATE_NOOP("Core", "todo"),
    QT_TRANSLATE_NOOP("Core", "done"),
    QT_TRANSLATE_NOOP("Core", "skipped"),
    # annotator/core/about.py
    QT_TRANSLATE_NOOP(
        "Core", "Turns news articles into training data for named-entity recognition and events."
    ),
)


def core_text(text: str) -> str:
    """A string defined in the core, in the user's language when a translation has it."""
    return QCoreApplication.translate("Core", text)


def rich_plain(text: str) -> str:
    """Text shown exactly as typed where Qt guesses rich text (tooltips, a dialog's
    label): escaped, inside a paragraph, so a label name with tags in it shows them."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


def fill(template: str, *values: str) -> str:
    """``%1``, ``%2``... replaced in one pass, so a value's own ``%2`` stays as it is
    (chained ``.replace()`` would substitute into a title or path put in earlier)."""
    return re.sub(
        r"%(\d)",
        lambda m: values[int(m[1]) - 1] if 0 < int(m[1]) <= len(values) else m[0],
        template,
    )


def translations_dir() -> str:
    return str(paths.resource("translations"))


def install_translators(app: QCoreApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """``annotator_<locale>.qm`` when it exists, then Qt's own strings (standard buttons).

    Returns the installed translators (children of ``app``, so they live as long). Without a
    matching file (English, or no translation yet) nothing is installed, not even Qt's,
    so the window is never half translated.
    """
    locale = locale or QLocale.system()
    ours = QTranslator(app)
    # tries annotator_de_CH.qm, annotator_de.qm, ... for each of the locale's languages
    if not ours.load(locale, "annotator", "_", translations_dir(), ".qm"):
        return []
    installed = [ours] if app.installTranslator(ours) else []
    qt = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(locale, "qtbase", "_", folder, ".qm") and app.installTranslator(qt):
        installed.append(qt)
    return installed
