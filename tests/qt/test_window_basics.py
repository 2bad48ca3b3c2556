"""The window as a user drives it: keyboard first, every edit saved at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import Status
from tests.qt.conftest import WindowFactory

TEXT = "The Syrian Army evacuated Palmyra on Sunday."


def spans(window) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    doc = window.controller.document_id
    return [(s.start, s.end, s.label) for s in window.project.annotations(doc).spans]


def test_number_key_labels_the_selection_snapped_to_tokens(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    window.article.select(TEXT.index("yrian"), TEXT.index("Army") + 2)  # "yrian Ar"
    qtbot.keyClick(window.article, Qt.Key.Key_2)  # ORG is the second label
    assert spans(window) == [(4, 15, "ORG")]
    assert window.windowTitle().startswith("p0")


def test_schema_key_and_relabel_and_delete(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    start = TEXT.index("Palmyra")
    window.article.select(start, start + 7)
    qtbot.keyClick(window.article, Qt.Key.Key_P)  # PER's key in the News schema
    assert spans(window) == [(start, start + 7, "PER")]
    qtbot.keyClick(window.article, Qt.Key.Key_G)  # the new span is selected: relabel
    assert spans(window) == [(start, start + 7, "GPE")]
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert spans(window) == []


def test_undo_and_redo_are_named_after_the_edit(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    window.article.select(0, 3)
    qtbot.keyClick(window.article, Qt.Key.Key_1)
    undo = window.actions_by_id["edit.undo"]
    assert undo.text() == "Undo Add PER span"
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(window) == []
    qtbot.keyClick(window.article, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert spans(window) == [(0, 3, "PER")]


def test_tab_walks_spans_and_escape_clears(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    for word, key in (("Syrian", Qt.Key.Key_2), ("Palmyra", Qt.Key.Key_3)):
        start = TEXT.index(word)
        window.article.select(start, start + 1)
        qtbot.keyClick(window.article, key)
    qtbot.keyClick(window.article, Qt.Key.Key_Escape)
    assert window.controller.selected_span_id is None
    window.article.select(0, 0)
    qtbot.keyClick(window.article, Qt.Key.Key_Tab)
    selected = window.controller.selected_span()
    assert selected is not None and selected.label == "ORG"
    qtbot.keyClick(window.article, Qt.Key.Key_Tab)
    selected = window.controller.selected_span()
    assert selected is not None and selected.label == "GPE"
    assert window.article.selection() == (selected.start, selected.start)
    assert f"{selected.uid} GPE" in window.selection_label.text()
    qtbot.keyClick(window.article, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    selected = window.controller.selected_span()
    assert selected is not None and selected.label == "ORG"


def test_ctrl_enter_marks_done_and_opens_next_todo(qtbot, make_window: WindowFactory) -> None:
    window = make_window("First article.", "Second article.", "Third article.")
    first = window.controller.document_id
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.project.status_counts()[Status.DONE] == 1
    assert window.controller.document_id != first
    assert window.controller.document is not None
    assert window.controller.document.text == "Second article."
    assert "Done 1 of 3" in window.progress_label.text()


def test_find_then_enter_then_label_annotates_the_match(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    qtbot.keyClick(window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.edit.hasFocus() or window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "palmyra")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.article.hasFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_3)
    start = TEXT.index("Palmyra")
    assert spans(window) == [(start, start + 7, "GPE")]


def test_the_annotate_menu_offers_every_article_action(qtbot, make_window: WindowFactory) -> None:
    """What the keys do can also be found with the mouse (fragments, attributes, chains...)."""
    from annotator.core.services.keymap import ACTIONS, ARTICLE

    window = make_window(TEXT)
    from PySide6.QtWidgets import QMenu

    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Annotate")
    shown = {action.objectName() for action in menu.actions()}
    wanted = {a.id for a in ACTIONS if a.context == ARTICLE and not a.id.startswith("label.")}
    assert wanted <= shown, wanted - shown
