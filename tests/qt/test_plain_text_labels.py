"""A label name is text, never markup (issue 19): a label named "<b>X</b>" shows the
brackets, in the status bar's tooltip and in the picker's prompt."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QInputDialog

from annotator.core.editing import edits
from tests.qt.conftest import WindowFactory

NAME = "<b>Bold</b><img src='x'>" * 4  # long: the status bar elides it


def shown_as(text: str) -> str:
    """What Qt displays for a tooltip or label text (rich text guessed as Qt does)."""
    if QtGui.mightBeRichText(text):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def test_the_selection_labels_tooltip_shows_a_label_name_as_typed(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window("Ada met Bob in a long sentence about nothing much at all.")
    assert window.controller.apply(edits.UpdateLabel("PER", new_name=NAME))
    doc = window.controller.document
    assert doc is not None
    assert window.controller.apply(edits.AddSpan(doc.id, 0, 3, NAME))
    span = window.controller.project.annotations(doc.id).spans[0]
    window.controller.select_span(span.id)
    window.update_selection_label(0, 3)
    assert window.selection_label.textFormat() == Qt.TextFormat.PlainText
    tip = window.selection_label.toolTip()
    assert tip, "the long name is elided, so the whole text is the tooltip"
    assert NAME in shown_as(tip)


def test_the_prompt_for_a_role_shows_the_event_type_as_typed(
    qtbot, make_window: WindowFactory, monkeypatch
) -> None:
    window = make_window("Ada met Bob.")
    asked: list[str] = []

    def get_text(parent, title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    event = SimpleNamespace(type=NAME, arguments=())
    assert window.picker.start_argument(event) is False  # type: ignore[arg-type]
    assert asked and NAME in shown_as(asked[0])
