"""Layers in the real window: yours shown and edited, another annotator's compared."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.editing import edits
from annotator.core.errors import EditError
from annotator.core.model.records import DocumentRecord, SpanRecord
from tests.qt.conftest import TeamFactory

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TEXT = "Angela Merkel met Barack Obama in Berlin on Monday."
MERKEL = (0, len("Angela Merkel"))
OBAMA = (TEXT.index("Barack"), TEXT.index(" in"))
BERLIN = (TEXT.index("Berlin"), TEXT.index(" on"))
SECOND = "Olaf Scholz spoke in Paris."


def span(uid: str, where: tuple[int, int], label: str) -> SpanRecord:
    return SpanRecord(uid, where[0], where[1], label)


def team_records() -> list[DocumentRecord]:
    """alice and bob annotated both documents; they disagree on Obama and Berlin."""
    return [
        DocumentRecord(
            TEXT,
            uid="d1",
            spans=[span("T1", MERKEL, "PER"), span("T2", OBAMA, "PER")],
            annotator="alice",
        ),
        DocumentRecord(
            TEXT,
            uid="d1",
            spans=[span("T1", MERKEL, "PER"), span("T2", BERLIN, "LOC")],
            annotator="bob",
        ),
        DocumentRecord(SECOND, uid="d2", spans=[span("T1", (0, 11), "PER")], annotator="alice"),
        DocumentRecord(SECOND, uid="d2", spans=[span("T1", (0, 11), "PER")], annotator="bob"),
    ]


def spans_of(items) -> set[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return {(s.start, s.end, s.label) for s in items}


def test_the_window_shows_and_edits_your_own_layer(qtbot, team_window: TeamFactory) -> None:
    window = team_window(team_records(), me="alice")
    assert window.project.layer == "alice"
    assert window.layers.layer_label.text() == "alice's layer"
    assert "alice's layer" in window.windowTitle()
    assert spans_of(window.controller.annotations.spans) == {(*MERKEL, "PER"), (*OBAMA, "PER")}
    # a label key edits alice's layer, not bob's
    window.article.select(*BERLIN)
    qtbot.keyClick(window.article, Qt.Key.Key_L)
    project = window.project
    document_id = window.controller.document_id
    assert document_id is not None
    assert (*BERLIN, "LOC") in spans_of(project.annotations(document_id, layer="alice").spans)
    assert (*OBAMA, "PER") not in spans_of(project.annotations(document_id, layer="bob").spans)


def test_comparing_draws_the_other_layer_read_only_and_survives_a_document_switch(
    qtbot, team_window: TeamFactory
) -> None:
    window = team_window(team_records(), me="alice")
    assert window.article.compared() == []
    # Ctrl+Shift+O: the only other annotator is chosen at once
    qtbot.keyClick(window.article, Qt.Key.Key_O, CTRL_SHIFT)
    assert window.layers.compared == "bob"
    assert spans_of(window.article.compared()) == {(*MERKEL, "PER"), (*BERLIN, "LOC")}
    assert window.actions_by_id["team.compare"].isChecked()
    assert window.layers.compare_label.isVisible()
    # the status line says what bob has at the caret
    window.article.select(BERLIN[0] + 1, BERLIN[0] + 1)
    assert window.layers.compared_text() == "bob: LOC 'Berlin'"
    window.article.select(OBAMA[0] + 1, OBAMA[0] + 1)
    assert window.layers.compared_text() == "bob: nothing here"
    # the hover text too
    tip = window.article._describe([], (), window.article.compared_at(BERLIN[0]))
    assert "bob\xa0has\xa0LOC" in tip
    # bob's spans are never selectable: clicking Berlin selects nothing of bob's
    assert window.article.spans_at(BERLIN[0]) == []
    # the next document keeps the comparison
    qtbot.keyClick(window.article, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.document is not None
    assert window.controller.document.text == SECOND
    assert spans_of(window.article.compared()) == {(0, 11, "PER")}
    # toggled off and on
    qtbot.keyClick(window.article, Qt.Key.Key_O, CTRL_SHIFT)
    assert window.article.compared() == [] and not window.layers.compare_label.isVisible()
    qtbot.keyClick(window.article, Qt.Key.Key_O, CTRL_SHIFT)
    assert spans_of(window.article.compared()) == {(0, 11, "PER")}


def test_the_compare_menu_lists_the_others_and_nobody(qtbot, team_window: TeamFactory) -> None:
    window = team_window(team_records(), me="alice")
    window.layers._fill_compare_menu()
    titles = [a.text() for a in window.layers.compare_menu.actions()]
    assert titles == ["bob", "Nobody"]
    window.layers.compare_menu.actions()[0].trigger()
    assert window.layers.compared == "bob" and window.article.compared()
    window.layers.compare_menu.actions()[-1].trigger()
    assert window.layers.compared is None and window.article.compared() == []


def test_the_other_layer_cannot_be_edited(qtbot, team_window: TeamFactory) -> None:
    window = team_window(team_records(), me="alice")
    project = window.project
    document_id = window.controller.document_id
    assert document_id is not None
    bobs = project.annotations(document_id, layer="bob").spans
    with pytest.raises(EditError):
        project.apply(edits.DeleteSpan(bobs[0].id))
    # and the window offers nothing of bob's: its spans are alice's only
    ids = {s.id for s in window.controller.annotations.spans}
    assert not ids & {s.id for s in bobs}


def test_another_name_in_the_preferences_shows_that_layer(qtbot, team_window: TeamFactory) -> None:
    from dataclasses import replace

    from annotator.core.services.settings import AnnotatorSettings

    window = team_window(team_records(), me="alice")
    qtbot.keyClick(window.article, Qt.Key.Key_O, CTRL_SHIFT)
    assert window.layers.compared == "bob"
    window.appearance.apply(replace(window.preferences, annotator=AnnotatorSettings(name="bob")))
    assert window.project.layer == "bob"
    assert window.layers.layer_label.text() == "bob's layer"
    assert "bob's layer" in window.windowTitle()
    assert spans_of(window.controller.annotations.spans) == {(*MERKEL, "PER"), (*BERLIN, "LOC")}
    assert window.layers.compared is None and window.article.compared() == []
