"""Agreement and adjudication in the real window, from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import Status
from annotator.core.model.records import DocumentRecord
from tests.qt.conftest import TeamFactory
from tests.qt.test_layers import BERLIN, MERKEL, OBAMA, SECOND, TEXT, span, spans_of, team_records

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def gold(window) -> set[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    document_id = window.controller.document_id
    return spans_of(window.project.annotations(document_id, layer="gold").spans)


def test_the_agreement_dialog_lists_figures_and_the_lowest_document_first(
    qtbot, team_window: TeamFactory
) -> None:
    window = team_window(team_records(), me="alice")
    qtbot.keyClick(window.article, Qt.Key.Key_R, CTRL_SHIFT)
    dialog = window.layers.agreement_dialog
    assert dialog is not None and dialog.isVisible()
    report = dialog.report
    assert report is not None and report.documents == 2
    assert dialog.summary.text() == "2 annotators (alice, bob) over 2 shared documents"
    # the pairs table: all annotators first, then alice / bob, every figure by name
    pairs = dialog.pairs
    assert pairs.item(0, 0).text() == "All annotators"
    assert pairs.item(1, 0).text() == "alice / bob"
    names = [pairs.item(0, c).data(Qt.ItemDataRole.UserRole) for c in range(2, 9)]
    assert names == [
        "span_f1_exact",
        "span_f1_overlap",
        "cohen_kappa",
        "krippendorff_alpha",
        "trigger_f1",
        "argument_f1",
        "relation_f1",
    ]
    # alice: Merkel, Obama; bob: Merkel, Berlin; d2 the same: 2 of 3 + 3 matches = 4/6
    assert pairs.item(1, 2).text() == f"{2 * 2 / 6:.3f}"
    assert [dialog.labels.item(r, 0).text() for r in range(dialog.labels.rowCount())][:2] == [
        "PER",
        "LOC",
    ]
    # d1 (they disagree) comes first; d2 (they agree) after
    d1 = window.project.document_id("d1")
    d2 = window.project.document_id("d2")
    assert dialog.document_ids() == [d1, d2]
    assert dialog.documents.item(0, 1).text() == "d1"
    assert dialog.documents.item(1, 0).text() == "1.000"
    # Enter on the second row opens it in the window
    dialog.documents.setFocus()
    dialog.documents.setCurrentCell(1, 0)
    qtbot.keyClick(dialog.documents, Qt.Key.Key_Return)
    assert window.controller.document_id == d2
    # the Adjudicate button opens the current one for adjudicating
    dialog.documents.setCurrentCell(0, 0)
    dialog.adjudicate_button.click()
    assert window.controller.document_id == d1
    assert window.adjudicating.active and window.project.layer == "gold"


def test_no_document_with_two_annotators_is_said_plainly(qtbot, team_window: TeamFactory) -> None:
    records = [DocumentRecord(TEXT, uid="d1", spans=[span("T1", MERKEL, "PER")])]
    window = team_window(records, me="alice")
    dialog = window.layers.show_agreement()
    assert dialog.report is not None and dialog.report.documents == 0
    assert dialog.summary.text().startswith("No document has two annotators yet")
    assert dialog.documents.rowCount() == 0 and not dialog.open_button.isEnabled()


def test_adjudicating_picks_versions_by_key_undo_restores_and_leaving_restores(
    qtbot, team_window: TeamFactory
) -> None:
    window = team_window(team_records(), me="alice")
    article = window.article
    qtbot.keyClick(article, Qt.Key.Key_D, CTRL_SHIFT)
    adjudicating = window.adjudicating
    assert adjudicating.active and window.project.layer == "gold"
    assert window.layers.layer_label.text() == "Gold (adjudicating)"
    assert "Gold (adjudicating)" in window.windowTitle()
    assert window.controller.annotations.spans == ()  # the gold is empty yet
    assert adjudicating.dock.isVisible()
    # the places they disagree: Obama (alice) and Berlin (bob); Merkel is agreed
    places = [(u.start, u.end) for u in adjudicating.shown]
    assert places == [OBAMA, BERLIN]
    panel = adjudicating.panel
    assert panel.table.horizontalHeaderItem(1).text() == "Alt+1: alice"
    assert panel.table.horizontalHeaderItem(2).text() == "Alt+2: bob"
    assert panel.cell_text(0, 1) == 'PER "Barack Obama"'
    assert panel.cell_text(0, 2) == "(nothing)"
    # the first undecided place is current and selected in the article
    assert adjudicating.current_unit() is not None
    assert article.selection() == OBAMA
    # Alt+1: alice's Obama into the gold; the next place (Berlin) becomes current
    qtbot.keyClick(article, Qt.Key.Key_1, ALT)
    assert gold(window) == {(*OBAMA, "PER")}
    assert spans_of(window.controller.annotations.spans) == {(*OBAMA, "PER")}
    unit = adjudicating.current_unit()
    assert unit is not None and (unit.start, unit.end) == BERLIN
    assert panel.cell_text(0, 1) == '✓ PER "Barack Obama"'
    # Alt+2: bob's Berlin
    qtbot.keyClick(article, Qt.Key.Key_2, ALT)
    assert gold(window) == {(*OBAMA, "PER"), (*BERLIN, "LOC")}
    # Ctrl+Z takes Berlin back out of the gold (one pick, one undo)
    qtbot.keyClick(article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold(window) == {(*OBAMA, "PER")}
    qtbot.waitUntil(lambda: not adjudicating._refresh_timer.isActive())
    # Alt+Up / Alt+Down walk the disagreements
    qtbot.keyClick(article, Qt.Key.Key_Up, ALT)
    unit = adjudicating.current_unit()
    assert unit is not None and (unit.start, unit.end) == OBAMA
    qtbot.keyClick(article, Qt.Key.Key_Down, ALT)
    unit = adjudicating.current_unit()
    assert unit is not None and (unit.start, unit.end) == BERLIN
    # Alt+0 on Obama: nothing there
    qtbot.keyClick(article, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(article, Qt.Key.Key_0, ALT)
    assert gold(window) == set()
    # Ctrl+Alt+A: the agreed Merkel goes in
    qtbot.keyClick(article, Qt.Key.Key_A, CTRL_ALT)
    assert gold(window) == {(*MERKEL, "PER")}
    # the usual keys edit the gold too
    article.select(*BERLIN)
    qtbot.keyClick(article, Qt.Key.Key_L)
    assert gold(window) == {(*MERKEL, "PER"), (*BERLIN, "LOC")}
    # Ctrl+Alt+Return: adjudicated, and the document list says so
    document_id = window.controller.document_id
    assert document_id is not None
    qtbot.keyClick(article, Qt.Key.Key_Return, CTRL_ALT)
    assert window.project.adjudicated([document_id]) == {document_id}
    row = window.document_model.row_of(document_id)
    assert row is not None
    status = window.document_model.index(row, window.document_model.STATUS)
    assert status.data() == "adjudicated"
    assert window.project.document(document_id).status == Status.DONE
    # Ctrl+Shift+D again: back to alice's own layer, untouched
    qtbot.keyClick(article, Qt.Key.Key_D, CTRL_SHIFT)
    assert not adjudicating.active and window.project.layer == "alice"
    assert window.layers.layer_label.text() == "alice's layer"
    assert spans_of(window.controller.annotations.spans) == {(*MERKEL, "PER"), (*OBAMA, "PER")}
    assert not adjudicating.dock.isVisible()
    assert not window.actions_by_id["adjudicate.pick_1"].isEnabled()
    # undoing a gold edit now changes the gold, never alice's view
    qtbot.keyClick(article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the mark
    qtbot.keyClick(article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Berlin
    assert gold(window) == {(*MERKEL, "PER")}
    assert spans_of(window.controller.annotations.spans) == {(*MERKEL, "PER"), (*OBAMA, "PER")}


def test_escape_with_nothing_selected_leaves_and_copy_layer_copies(
    qtbot, team_window: TeamFactory
) -> None:
    window = team_window(team_records(), me="alice")
    article = window.article
    qtbot.keyClick(article, Qt.Key.Key_D, CTRL_SHIFT)
    adjudicating = window.adjudicating
    adjudicating.copy_from("bob")
    assert gold(window) == {(*MERKEL, "PER"), (*BERLIN, "LOC")}
    assert spans_of(window.controller.annotations.spans) == gold(window)
    # Ctrl+Alt+C opens the chooser of layers
    qtbot.keyClick(article, Qt.Key.Key_C, CTRL_ALT)
    popup = adjudicating.popup
    assert popup.isVisible() and popup.shown_texts() == ["1  alice", "2  bob"]
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    assert gold(window) == {(*MERKEL, "PER"), (*OBAMA, "PER")}
    window.activateWindow()
    article.setFocus()
    # switching documents keeps adjudicating
    qtbot.keyClick(article, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.document is not None and window.controller.document.text == SECOND
    assert adjudicating.active and adjudicating.shown == []
    # Escape clears the selection first, then leaves
    article.select(0, 4)
    qtbot.keyClick(article, Qt.Key.Key_Escape)
    assert adjudicating.active
    qtbot.keyClick(article, Qt.Key.Key_Escape)
    assert not adjudicating.active and window.project.layer == "alice"


def test_a_big_project_is_measured_off_the_window_thread_and_problems_are_said(
    qtbot, team_window: TeamFactory, monkeypatch
) -> None:
    from annotator.core.analysis import agreement
    from annotator.core.errors import MissingDependency
    from annotator.qt.dialogs import agreement_dialog

    def missing(_units: object) -> float:
        raise MissingDependency("Krippendorff's alpha", "krippendorff", "agreement")

    monkeypatch.setattr(agreement_dialog, "BACKGROUND_DOCUMENTS", 0)
    window = team_window(team_records(), me="alice")
    dialog = window.layers.show_agreement()  # on a worker thread: the same figures
    assert dialog.report is not None and dialog.report.documents == 2
    assert dialog.document_ids()[0] == window.project.document_id("d1")
    monkeypatch.setattr(agreement_dialog, "BACKGROUND_DOCUMENTS", 100)
    monkeypatch.setattr(agreement, "krippendorff_alpha", missing)
    dialog.refresh_button.click()
    assert "pip install 'annotator[agreement]'" in dialog.problems.text()
    assert not dialog.problems.isHidden()
    assert dialog.pairs.item(0, 5).text() == "–"  # alpha: not computed
