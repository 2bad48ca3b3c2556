"""Every user-visible string in the window goes through tr() / translate().

The sources are parsed, not run: a literal with words in it, handed to something
that shows text (setText, QLabel(...), QMessageBox.warning(...), ...), must be
inside ``self.tr(...)`` or ``QCoreApplication.translate(...)``. And what tr() is
given must be something ``pyside6-lupdate`` can extract: a literal, or a constant
whose strings are marked with ``QT_TRANSLATE_NOOP`` in the same context.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core import errors

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "annotator" / "qt").rglob("*.py"), ROOT / "annotator" / "app.py"])

# Names, not words: shown the same in every language.
ALLOWED = {"Annotator"}

TRANSLATE = {"tr", "translate"}
NOOP = {"QT_TRANSLATE_NOOP", "QT_TR_NOOP"}

# method name -> positions of the arguments that are shown (None: all of them)
METHODS: dict[str, tuple[int, ...] | None] = {
    "setText": None,
    "setWindowTitle": None,
    "setToolTip": None,
    "setStatusTip": None,
    "setWhatsThis": None,
    "setPlaceholderText": None,
    "setTitle": None,
    "setLabelText": None,
    "setInformativeText": None,
    "setCancelButtonText": None,
    "setHeaderLabels": None,
    "setHorizontalHeaderLabels": None,
    "setVerticalHeaderLabels": None,
    "setPrefix": None,
    "setSuffix": None,
    "setSpecialValueText": None,
    "setAccessibleName": None,
    "setHtml": None,
    "setMarkdown": None,
    "setPlainText": None,
    "showMessage": (0,),
    "addMenu": None,
    "addAction": (0,),
    "addItem": (0,),
    "addItems": None,
    "addButton": (0,),
    "addRow": (0,),
    "addTab": (1, 2),
    "insertTab": (2,),
    "setTabText": (1,),
    "setTabToolTip": (1,),
    "setItemText": (1,),
    "addWidget": (),
    # the project's own helpers that put text in front of the user
    "show_status": None,
    "show_error": None,
    "inform": None,
    "_warn": None,
    "ask_read_only": (0,),
    "run_in_background": (1,),
}
CONSTRUCTORS = {
    "QAction",
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QMenu",
    "QDockWidget",
    "QMessageBox",
    "QProgressDialog",
    "QCommandLinkButton",
    "QListWidgetItem",
    "QTreeWidgetItem",
    "QStandardItem",
    # the window shows the message of an AnnotatorError it raises itself (Cancelled is
    # an outcome, its message never shown)
    *(
        name
        for name, value in vars(errors).items()
        if isinstance(value, type)
        and issubclass(value, errors.AnnotatorError)
        and value is not errors.Cancelled
    ),
}
# Class.method -> shown argument positions (keyword arguments are named below)
STATICS: dict[tuple[str, str], tuple[int, ...]] = {
    **{
        ("QMessageBox", m): (1, 2)
        for m in ("warning", "information", "critical", "question", "about")
    },
    **{
        ("QFileDialog", m): (1, 3)
        for m in ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory")
    },
    **{("QInputDialog", m): (1, 2, 3) for m in ("getItem", "getText", "getInt", "getDouble")},
}
SHOWN_KEYWORDS = {"caption", "filter", "title", "label", "text", "toolTip", "informativeText"}
# str methods whose receiver and arguments still end up in the shown text
STR_METHODS = {"replace", "format", "join", "strip", "upper", "lower", "capitalize", "title"}
# functions that pass their argument's text through (html.escape, Qt's markup helpers)
PASS_THROUGH = {"escape", "convertFromPlainText", "fill"}
# signals whose text the window shows (status bar, error box)
SHOWN_SIGNALS = {"errorRaised", "message", "warned"}
# markup: a literal with words between tags is text for a rich-text view
MARKUP = re.compile(r"<(h\d|p|b|i|u|em|strong|td|th|li|br|a|span)\b[^>]*>")


def _has_words(text: str) -> bool:
    text = re.sub(r"<[^>]*>|&[#\w]+;|%\d", "", text)
    return text.strip() not in ALLOWED and re.search(r"[^\W\d_]", text) is not None


def _callee(call: ast.Call) -> tuple[str | None, str | None]:
    """(receiver name or None, called name)."""
    if isinstance(call.func, ast.Name):
        return None, call.func.id
    if isinstance(call.func, ast.Attribute):
        value = call.func.value
        return (value.id if isinstance(value, ast.Name) else None), call.func.attr
    return None, None


def _untranslated(node: ast.AST) -> Iterator[ast.AST]:
    """String literals with words in an expression that is shown, outside tr()."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and _has_words(node.value):
            yield node
    elif isinstance(node, ast.JoinedStr):
        # the literal parts around {} fields, so a tag split by a field is still a tag
        parts = [str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values]
        if _has_words("".join(parts)):
            yield node
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield from _untranslated(value.value)
    elif isinstance(node, ast.Call):
        _, name = _callee(node)
        if name in TRANSLATE or name in NOOP:
            return
        if name in STR_METHODS and isinstance(node.func, ast.Attribute):
            yield from _untranslated(node.func.value)
            for arg in node.args:
                yield from _untranslated(arg)
        elif name in PASS_THROUGH:
            for arg in node.args:
                yield from _untranslated(arg)
        # anything else computes the text from its arguments: not shown as written
    elif isinstance(node, ast.BinOp | ast.BoolOp | ast.IfExp | ast.List | ast.Tuple):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                yield from _untranslated(child)


def _shown_arguments(call: ast.Call) -> Iterator[ast.expr]:
    receiver, name = _callee(call)
    positions: tuple[int, ...] | None
    if receiver is not None and (receiver, name) in STATICS:
        positions = STATICS[(receiver, name or "")]
    elif isinstance(call.func, ast.Name) and name in CONSTRUCTORS:
        positions = None
    elif name in METHODS:  # methods, and the module-level helpers
        positions = METHODS[name]
    elif (
        name == "emit"
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Attribute)
        and call.func.value.attr in SHOWN_SIGNALS
    ):
        positions = None
    else:
        return
    for index, arg in enumerate(call.args):
        if positions is None or index in positions:
            yield arg
    for keyword in call.keywords:
        if keyword.arg in SHOWN_KEYWORDS:
            yield keyword.value


def _returned_by_models(tree: ast.AST) -> Iterator[ast.expr]:
    """What headerData() and data() return is shown in views."""
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and function.name in {"headerData", "data"}:
            for node in ast.walk(function):
                if isinstance(node, ast.Return) and node.value is not None:
                    yield node.value


def _markup(tree: ast.AST) -> Iterator[ast.expr]:
    """Literals of HTML with words in it, wherever they are (outside tr())."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node)[1] in TRANSLATE | NOOP:
            skipped.update(id(sub) for sub in ast.walk(node))
        if isinstance(node, ast.JoinedStr):  # its parts are judged together
            skipped.update(id(part) for part in node.values)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts = [node.value]
        elif isinstance(node, ast.JoinedStr):
            texts = [str(v.value) for v in node.values if isinstance(v, ast.Constant)]
        else:
            continue
        if any(MARKUP.search(t) for t in texts):
            yield node


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    shown: list[ast.expr] = [*_returned_by_models(tree), *_markup(tree)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            shown.extend(_shown_arguments(node))
    rel = path.relative_to(ROOT)
    found: dict[int, str] = {}
    for expr in shown:
        for literal in _untranslated(expr):
            found.setdefault(literal.lineno, f"{rel}:{literal.lineno}: {ast.unparse(literal)}")
    return [found[line] for line in sorted(found)]


def _noop_contexts() -> set[str]:
    contexts: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _callee(node)[1] == "QT_TRANSLATE_NOOP":
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    contexts.add(first.value)
    return contexts


def _unextractable(path: Path, noop_contexts: set[str]) -> list[str]:
    """tr(variable) is only found by lupdate if the variable's strings are marked."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    rel = path.relative_to(ROOT)
    problems: list[str] = []

    def visit(node: ast.AST, cls: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                _, name = _callee(child)
                if name == "tr" and child.args:
                    source, context = child.args[0], cls
                elif name == "translate" and len(child.args) >= 2:
                    first = child.args[0]
                    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                        problems.append(f"{rel}:{child.lineno}: context is not a literal")
                        visit(child, cls)
                        continue
                    source, context = child.args[1], first.value
                else:
                    visit(child, cls)
                    continue
                literal = isinstance(source, ast.Constant) and isinstance(source.value, str)
                if not literal and context not in noop_contexts:
                    problems.append(
                        f"{rel}:{child.lineno}: {ast.unparse(child)} "
                        f"(no QT_TRANSLATE_NOOP({context!r}, ...) marks its strings)"
                    )
            visit(child, cls)

    visit(tree, None)
    return problems


def test_the_checker_sees_untranslated_text() -> None:
    code = (
        "def f(self, box, n):\n"
        "    box.setText('Hello')\n"
        "    box.setText(self.tr('Hello'))\n"
        "    QMessageBox.warning(self, 'Annotator', f'{n} files')\n"
        "    box.setToolTip('…')\n"
        "    QLabel('<b>%1</b>', self)\n"
        "    self.statusBar().showMessage('Saved ' + str(n), 400)\n"
        "    parts = ['<h2>Shortcuts</h2>', f'<b>{escape(self.tr(\"Labels\"))}</b>']\n"
        "    self.controller.errorRaised.emit(f'no label {n}')\n"
        "    self.documentOpened.emit('x y')\n"
    )
    tree = ast.parse(code)
    shown = [
        a for node in ast.walk(tree) if isinstance(node, ast.Call) for a in _shown_arguments(node)
    ]
    shown += _markup(tree)
    literals = sorted({lit.lineno for expr in shown for lit in _untranslated(expr)})
    assert literals == [2, 4, 7, 8, 9]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_shown_strings_are_translated(path: Path) -> None:
    problems = _problems(path)
    assert not problems, "wrap these in self.tr() or QCoreApplication.translate():\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_translated_strings_can_be_extracted(path: Path) -> None:
    problems = _unextractable(path, _noop_contexts())
    assert not problems, "pyside6-lupdate cannot extract these:\n" + "\n".join(problems)


def test_core_strings_the_window_shows_are_marked() -> None:
    """Core is Qt-free: its shown strings are marked in annotator/qt/translations.py."""
    from annotator.core.model import Status
    from annotator.core.services import about
    from annotator.core.services.keymap import ACTIONS
    from annotator.qt.translations import CORE_STRINGS

    shown = {a.title for a in ACTIONS} | {a.group for a in ACTIONS} | {str(s) for s in Status}
    shown.add(about.DESCRIPTION)
    assert shown - set(CORE_STRINGS) == set(), "add these to CORE_STRINGS"


GERMAN_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context><name>Core</name>
  <message><source>Quit</source><translation>Beenden</translation></message>
</context>
<context><name>WindowActions</name>
  <message><source>&amp;File</source><translation>&amp;Datei</translation></message>
</context>
</TS>
"""


def test_a_translation_in_the_resources_is_used(
    make_window, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """annotator_<locale>.qm is found for the locale and translates the window."""
    import shutil
    import subprocess

    from PySide6.QtCore import QLocale

    from annotator.qt import translations

    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    (tmp_path / "annotator_de.ts").write_text(GERMAN_TS, encoding="utf-8")
    subprocess.run([lrelease, "-silent", str(tmp_path / "annotator_de.ts")], check=True, timeout=60)
    monkeypatch.setattr(translations, "translations_dir", lambda: str(tmp_path))

    assert translations.install_translators(qapp, QLocale("fr_FR")) == []  # no French
    installed = translations.install_translators(qapp, QLocale("de_CH"))
    try:
        assert installed
        window = make_window("Ein Artikel.")
        quit_action = next(a for a in window.actions() if a.objectName() == "file.quit")
        assert quit_action.text() == "Beenden"
        menus = [a.text() for a in window.menuBar().actions()]
        assert "&Datei" in menus
        assert "&Edit" in menus  # untranslated strings stay English
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def _messages(ts_file: Path) -> set[tuple[str, str]]:
    import xml.etree.ElementTree as ElementTree

    root = ElementTree.parse(ts_file).getroot()
    return {
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_the_translation_template_lists_every_string(tmp_path: Path) -> None:
    """resources/translations/annotator.ts is what pyside6-lupdate extracts today
    (docs/translating.md has the command that regenerates it)."""
    import shutil
    import subprocess

    lupdate = shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "annotator.ts"
    command = [lupdate, *map(str, SOURCES), "-no-obsolete", "-locations", "none"]
    subprocess.run(
        [*command, "-source-language", "en", "-ts", str(fresh)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    template = ROOT / "resources" / "translations" / "annotator.ts"
    stale = _messages(template) ^ _messages(fresh)
    assert not stale, f"regenerate {template} (docs/translating.md): {sorted(stale)[:5]}"
