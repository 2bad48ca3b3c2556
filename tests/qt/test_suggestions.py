"""Suggestions in the real window, from the keyboard: shown, walked, accepted, rejected."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.app import window_settings
from annotator.core.assist import sources
from annotator.core.assist.suggestions import AssistConfig, Suggestion
from annotator.core.model import Status
from annotator.core.model.records import DocumentRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.services.keymap import Keymap
from annotator.qt import theme
from annotator.qt.window import MainWindow
from tests.qt.conftest import WindowFactory, shown

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = CTRL | SHIFT
NONE = Qt.KeyboardModifier.NoModifier

TEXT = "🙂 Angela Merkel met Obama. Later, Angela Merkel left Berlin. Angela Merkel smiled."
FIRST = TEXT.index("Angela Merkel")
SECOND = TEXT.index("Angela Merkel", FIRST + 1)
THIRD = TEXT.index("Angela Merkel", SECOND + 1)
NAME = len("Angela Merkel")


@pytest.fixture(autouse=True)
def _light_again(qapp: QApplication) -> Iterator[None]:
    yield
    theme.manager().apply(theme.SYSTEM)  # the next tests see the usual palette


def key(qtbot, window, k: Qt.Key, modifier=NONE) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.article, k, modifier)


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def settled(qtbot, window: MainWindow) -> list[Suggestion]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.suggesting.settled, timeout=10000)
    return window.suggesting.suggestions


def keys_of(window: MainWindow) -> list[tuple[int, int, str]]:
    return [s.key for s in window.suggesting.suggestions]


def label_first(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.article.select(FIRST, FIRST + NAME)
    key(qtbot, window, Qt.Key.Key_P)
    span = window.controller.selected_span()
    assert span is not None and (span.start, span.end, span.label) == (FIRST, FIRST + NAME, "PER")


@pytest.fixture
def project_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    """A window on a project made of records (spans, statuses), optionally set up first."""
    projects: list[Project] = []

    def factory(
        records: list[DocumentRecord], setup: Callable[[Project], None] | None = None
    ) -> MainWindow:
        project = Project.create(tmp_path / f"s{len(projects)}.annot")
        project.import_records(records)
        if setup is not None:
            setup(project)
        projects.append(project)
        window = MainWindow(project, Keymap(), window_settings())
        return shown(qtbot, window)

    yield factory
    for project in projects:
        project.close()


def test_a_labelled_name_is_proposed_again_tab_walks_to_it_and_enter_accepts(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    assert settled(qtbot, window) == []
    label_first(qtbot, window)
    qtbot.waitUntil(lambda: (SECOND, SECOND + NAME, "PER") in keys_of(window))
    assert (THIRD, THIRD + NAME, "PER") in keys_of(window)
    assert window.article.suggestions() == window.suggesting.suggestions  # drawn
    # Tab from the labelled span: the next item in text order is the suggestion
    key(qtbot, window, Qt.Key.Key_Tab)
    selected = window.suggesting.selected
    assert selected is not None and selected.key == (SECOND, SECOND + NAME, "PER")
    assert window.controller.selected_span_id is None
    assert window.article.selected_suggestion() == selected.key
    assert window.article.caret() == SECOND
    shown = message(window)
    assert shown.startswith("Suggestion: PER 'Angela Merkel' (propagation, ")
    assert shown.endswith("Enter accepts, Ctrl+Delete rejects")
    # Shift+Tab goes back to the span
    key(qtbot, window, Qt.Key.Key_Backtab, SHIFT)
    assert window.controller.selected_span() is not None and window.suggesting.selected is None
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Return)
    spans = {(s.start, s.end, s.label) for s in window.controller.annotations.spans}
    assert spans == {(FIRST, FIRST + NAME, "PER"), (SECOND, SECOND + NAME, "PER")}
    assert (SECOND, SECOND + NAME, "PER") not in keys_of(window)  # gone at once
    accepted = window.controller.selected_span()
    assert accepted is not None and accepted.start == SECOND  # Tab goes on from it
    assert settled(qtbot, window) and keys_of(window) == [(THIRD, THIRD + NAME, "PER")]
    # Ctrl+Z takes the span back; the suggestion comes back
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(window.controller.annotations.spans) == 1
    settled(qtbot, window)
    assert (SECOND, SECOND + NAME, "PER") in keys_of(window)


def test_return_at_the_caret_and_nothing_there(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    label_first(qtbot, window)
    settled(qtbot, window)
    window.article.select(THIRD + 3, THIRD + 3)  # the caret inside the third one
    key(qtbot, window, Qt.Key.Key_Return)
    assert any(s.start == THIRD for s in window.controller.annotations.spans)
    window.article.select(0, 0)
    window.controller.select_span(None)
    key(qtbot, window, Qt.Key.Key_Return)
    assert "No suggestion at the cursor" in message(window)
    assert len(window.controller.annotations.spans) == 2


def test_ctrl_delete_rejects_and_it_stays_rejected(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT, "Another document.")
    label_first(qtbot, window)
    settled(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_Delete, CTRL)
    doc = window.controller.document_id
    assert doc is not None
    assert window.project.rejected(doc) == {(SECOND, SECOND + NAME, "PER")}
    assert "Rejected PER 'Angela Merkel'" in message(window)
    assert settled(qtbot, window) and keys_of(window) == [(THIRD, THIRD + NAME, "PER")]
    # Tab goes on from the rejected one: to the third; Delete rejects a selected one too
    key(qtbot, window, Qt.Key.Key_Tab)
    assert window.suggesting.selected is not None
    assert window.suggesting.selected.start == THIRD
    key(qtbot, window, Qt.Key.Key_Delete)
    assert len(window.project.rejected(doc)) == 2
    assert len(window.controller.annotations.spans) == 1  # the span was not deleted
    # another document and back: still rejected
    key(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    assert window.controller.document_id != doc
    key(qtbot, window, Qt.Key.Key_PageUp, CTRL)
    assert window.controller.document_id == doc
    assert settled(qtbot, window) == []
    # Ctrl+Z brings the last one back
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert settled(qtbot, window) and keys_of(window) == [(THIRD, THIRD + NAME, "PER")]


def test_ctrl_shift_y_accepts_all_in_one_step(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    label_first(qtbot, window)
    assert len(settled(qtbot, window)) == 2
    key(qtbot, window, Qt.Key.Key_Y, CTRL_SHIFT)
    assert len(window.controller.annotations.spans) == 3
    assert "Accepted 2 suggestions" in message(window)
    assert settled(qtbot, window) == []
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(window.controller.annotations.spans) == 1
    assert len(settled(qtbot, window)) == 2


def test_ctrl_shift_s_hides_and_shows(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    label_first(qtbot, window)
    settled(qtbot, window)
    key(qtbot, window, Qt.Key.Key_S, CTRL_SHIFT)
    assert not window.suggesting.visible and window.article.suggestions() == []
    assert not window.actions_by_id["suggestion.toggle"].isChecked()
    key(qtbot, window, Qt.Key.Key_Tab)  # only spans now: wraps to the one span
    assert window.controller.selected_span() is not None
    assert not window.actions_by_id["suggestion.accept"].isEnabled()  # Return is free
    key(qtbot, window, Qt.Key.Key_S, CTRL_SHIFT)
    assert window.suggesting.visible
    assert len(settled(qtbot, window)) == 2


def test_enter_still_confirms_a_picked_coreference_target(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    label_first(qtbot, window)
    window.article.select(SECOND, SECOND + NAME)
    key(qtbot, window, Qt.Key.Key_P)
    settled(qtbot, window)
    assert keys_of(window) == [(THIRD, THIRD + NAME, "PER")]
    key(qtbot, window, Qt.Key.Key_C, CTRL_SHIFT)  # pick the other mention
    assert window.picker.active
    key(qtbot, window, Qt.Key.Key_Return)  # the picker's, not the suggestion's
    assert not window.picker.active
    assert len(window.controller.annotations.spans) == 2
    assert len(window.controller.chains) == 1


def test_source_menu_items_change_the_settings_undoably(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    label_first(qtbot, window)
    assert len(settled(qtbot, window)) == 2
    item = window.findChild(
        type(window.actions_by_id["edit.undo"]), "suggestion.source.propagation"
    )
    assert item.isChecked()
    item.trigger()
    assert not sources.load_config(window.project).propagation
    assert settled(qtbot, window) == []
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # the settings come back
    assert sources.load_config(window.project).propagation
    qtbot.waitUntil(lambda: len(window.suggesting.suggestions) == 2)
    assert item.isChecked()


def test_a_trained_model_suggests_and_orders_the_queue(qtbot, project_window) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pycrfsuite")
    from annotator.core.assist import training

    names = ["Angela Merkel", "Olaf Scholz", "Boris Johnson", "Joe Biden", "Emmanuel Macron"]
    records = []
    for number in range(12):
        name = names[number % len(names)]
        text = f"On day {number} {name} met reporters in the capital. {name} spoke briefly."
        start = text.index(name)
        second = text.index(name, start + 1)
        spans = [
            SpanRecord(f"T{n}", s, s + len(name), "PER") for n, s in enumerate((start, second), 1)
        ]
        records.append(DocumentRecord(text=text, status=Status.DONE, spans=spans))
    records.append(DocumentRecord(text="On Monday Olaf Scholz met reporters in the capital."))
    records.append(DocumentRecord(text="Rain fell on the capital all day long, said reporters."))
    window = project_window(records)
    todo = window.project.document_ids([Status.TODO])
    window.go_to_document(todo[0])
    assert settled(qtbot, window) == []
    assert "no model has been trained yet" in window.suggesting.problems["model"]
    report = training.train_project(window.project.path)
    window.suggesting.trained(report)
    assert "Suggestion model trained on 12 documents" in message(window)
    qtbot.waitUntil(lambda: getattr(window.suggesting.built, "model", None) is not None)
    found = settled(qtbot, window)
    text = window.controller.document.text  # type: ignore[union-attr]
    assert any(
        s.label == "PER" and text[s.start : s.end] == "Olaf Scholz" and "model" in s.source
        for s in found
    ), found
    # the queue: least certain first, and Done and next follows it
    certainty = dict(report.certainty)
    assert set(certainty) == set(todo)
    combo = window.order_filter
    combo.setCurrentIndex(combo.findData("uncertain"))
    ordered = sorted(todo, key=lambda i: (certainty[i], i))
    listed = list(window.document_model.ids())
    assert [i for i in listed if i in todo] == ordered
    window.go_to_document(listed[0])
    window.documents.finish(Status.DONE)
    following = [i for i in listed if i in todo and i != listed[0]]
    assert window.controller.document_id == following[0]


def test_queue_order_from_stored_certainty(qtbot, project_window) -> None:  # type: ignore[no-untyped-def]
    records = [DocumentRecord(text=f"Document number {n}.") for n in range(4)]
    window = project_window(records)
    ids = list(window.project.document_ids())
    window.project.set_certainty({ids[0]: 0.9, ids[1]: 0.2, ids[2]: 0.5, ids[3]: 0.1}, "m1")
    combo = window.order_filter
    assert combo.currentData() == "added"
    combo.setCurrentIndex(combo.findData("uncertain"))
    assert list(window.document_model.ids()) == [ids[3], ids[1], ids[2], ids[0]]
    assert window.document_model.row_of(ids[2]) == 2
    window.go_to_document(ids[3])
    key(qtbot, window, Qt.Key.Key_Return, CTRL)  # done and next: the next least certain
    assert window.controller.document_id == ids[1]
    combo.setCurrentIndex(combo.findData("added"))
    assert list(window.document_model.ids()) == ids


def test_ctrl_shift_m_trains_in_the_background(qtbot, project_window) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pycrfsuite")
    pytest.importorskip("annotator.core.assist.background")
    records = []
    for number in range(3):
        text = f"Yesterday Angela Merkel visited town {number}. Angela Merkel left."
        start, second = text.index("Angela"), text.rindex("Angela")
        spans = [
            SpanRecord("T1", start, start + NAME, "PER"),
            SpanRecord("T2", second, second + NAME, "PER"),
        ]
        records.append(DocumentRecord(text=text, status=Status.DONE, spans=spans))
    records.append(DocumentRecord(text="Yesterday Angela Merkel visited the town."))
    window = project_window(records)
    key(qtbot, window, Qt.Key.Key_M, CTRL_SHIFT)
    assert window.suggesting.training
    qtbot.waitUntil(lambda: not window.suggesting.training, timeout=60000)
    assert "Suggestion model trained on 3 documents" in message(window), message(window)
    qtbot.waitUntil(lambda: getattr(window.suggesting.built, "model", None) is not None)
    assert window.project.document_ids(order="uncertain")  # the certainty was stored


def test_a_missing_library_says_how_to_install(qtbot, project_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if spaCy were not installed

    def setup(project: Project) -> None:
        sources.save_config(project, AssistConfig(pipeline="en_core_web_sm"))

    window = project_window([DocumentRecord(text=TEXT)], setup)
    settled(qtbot, window)
    assert "pip install 'annotator[assist]'" in message(window)
    assert "pip install 'annotator[assist]'" in window.suggesting.problems["pipeline"]
    from annotator.qt.dialogs.suggestion_settings import SuggestionSettingsDialog

    dialog = SuggestionSettingsDialog(
        window.suggesting.config,
        window.suggesting.problems,
        window.controller.span_labels(),
        window,
    )
    lines = [label.text() for label in dialog.problem_labels]
    assert "pip install 'annotator[assist]'" in lines
    dialog.deleteLater()


def test_a_missing_crfsuite_says_how_to_install(qtbot, project_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pycrfsuite")
    from annotator.core.assist import training

    text = "Yesterday Angela Merkel visited the town."
    start = text.index("Angela")
    records = [
        DocumentRecord(
            text=text, status=Status.DONE, spans=[SpanRecord("T1", start, start + NAME, "PER")]
        )
    ]

    def setup(project: Project) -> None:
        training.train_project(project.path)  # type: ignore[arg-type]
        for name in [n for n in sys.modules if n.startswith("pycrfsuite")]:
            monkeypatch.setitem(sys.modules, name, None)

    window = project_window(records, setup)
    settled(qtbot, window)
    assert "pip install 'annotator[assist]'" in window.suggesting.problems.get("model", "")
    assert "pip install 'annotator[assist]'" in message(window)


def test_the_settings_dialog_gives_back_the_settings(qtbot, make_window: WindowFactory) -> None:
    from annotator.qt.dialogs.suggestion_settings import SuggestionSettingsDialog, parse_label_map

    window = make_window(TEXT)
    dialog = SuggestionSettingsDialog(AssistConfig(), {}, window.controller.span_labels(), window)
    dialog.add_entry("/data/people.jsonl")
    dialog.add_entry("/data/cities.txt", "GPE")
    dialog.pipeline.setText("en_core_web_sm")
    dialog.label_map.setPlainText("PERSON=PER\n\nGPE = GPE\n")
    dialog.threshold.setValue(0.7)
    dialog.corpus.setChecked(True)
    config = dialog.config()
    assert config.patterns == ("/data/people.jsonl", "GPE=/data/cities.txt")
    assert config.pipeline == "en_core_web_sm" and config.threshold == 0.7 and config.corpus
    assert dict(config.pipeline_labels) == {"PERSON": "PER", "GPE": "GPE"}
    assert parse_label_map("PERSON\nA=B") == ({"A": "B"}, ["PERSON"])
    dialog.label_map.setPlainText("nonsense")
    dialog.accept()
    assert dialog.isVisible() is False or dialog.result() != 1
    assert "Not THEIRS=OURS: nonsense" in dialog.error.text()
    dialog.deleteLater()
    # through the menu: OK saves the settings as an undoable edit
    QTimer.singleShot(0, lambda: _accept_settings(window))
    window.findChild(type(window.actions_by_id["edit.undo"]), "suggestion.settings").trigger()
    assert sources.load_config(window.project).threshold == 0.8
    window.actions_by_id["edit.undo"].trigger()
    assert sources.load_config(window.project).threshold == 0.5


def _accept_settings(window: MainWindow) -> None:
    from annotator.qt.dialogs.suggestion_settings import SuggestionSettingsDialog

    dialog = window.findChild(SuggestionSettingsDialog)
    assert dialog is not None
    dialog.threshold.setValue(0.8)
    dialog.accept()


def _outline_pixels(image: QImage, rect: QRect, color: QColor) -> int:
    found = 0
    for y in range(max(rect.top(), 0), min(rect.bottom() + 1, image.height())):
        for x in range(max(rect.left(), 0), min(rect.right() + 1, image.width())):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - color.red()) < 40
                and abs(pixel.green() - color.green()) < 40
                and abs(pixel.blue() - color.blue()) < 40
            ):
                found += 1
    return found


def _rect_of(window: MainWindow, start: int, end: int) -> QRect:
    article = window.article
    cursor = QTextCursor(article.document())
    cursor.setPosition(article._text.to_qt(start))
    left = article.cursorRect(cursor)
    cursor.setPosition(article._text.to_qt(end))
    right = article.cursorRect(cursor)
    return QRect(left.left() - 2, left.top() - 2, right.left() - left.left() + 4, left.height() + 4)


@pytest.mark.parametrize("choice", [theme.LIGHT, theme.DARK])
def test_suggestions_are_drawn_as_outlines(qtbot, make_window: WindowFactory, choice: str) -> None:
    window = make_window(TEXT)
    window.appearance.choose_theme(choice)
    label_first(qtbot, window)
    window.controller.select_span(None)
    settled(qtbot, window)
    window.article.select(FIRST + NAME, FIRST + NAME)
    key(qtbot, window, Qt.Key.Key_Tab)  # the first suggestion, framed solid
    assert window.article.selected_suggestion() == (SECOND, SECOND + NAME, "PER")
    qtbot.wait(50)
    image = window.article.viewport().grab().toImage()
    image.save(f"/tmp/sugg-{choice}.png")
    window.grab().save(f"/tmp/sugg-window-{choice}.png")
    pen = window.article._suggestion_pen("PER", False).color()
    selected_pen = window.article._suggestion_pen("PER", True).color()
    third = _rect_of(window, THIRD, THIRD + NAME)
    assert _outline_pixels(image, third, pen) > 40  # a dashed outline
    second = _rect_of(window, SECOND, SECOND + NAME)
    assert _outline_pixels(image, second, selected_pen) > 60  # the solid frame
    # no fill: the middle of a suggestion is the page's colour
    page = window.article.palette().color(window.article.palette().ColorRole.Base)
    middle = third.center()
    inside = image.pixelColor(middle.x(), third.top() + 4)
    assert abs(inside.lightness() - page.lightness()) < 60


def test_a_label_key_accepts_the_selected_suggestion_with_that_label(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    label_first(qtbot, window)
    settled(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Tab)
    assert window.suggesting.selected is not None
    key(qtbot, window, Qt.Key.Key_O)  # ORG instead of the proposed PER
    spans = {(s.start, s.end, s.label) for s in window.controller.annotations.spans}
    assert (SECOND, SECOND + NAME, "ORG") in spans


def test_enter_in_the_document_list_does_not_accept(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT, "Another document.")
    label_first(qtbot, window)
    settled(qtbot, window)
    window.document_table.setFocus()
    qtbot.keyClick(window.document_table, Qt.Key.Key_Return)
    assert len(window.controller.annotations.spans) == 1
    assert len(window.suggesting.suggestions) == 2


def test_marking_done_retrains_in_the_background(qtbot, project_window) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pycrfsuite")
    records = [
        DocumentRecord(text=f"Yesterday Angela Merkel visited town {n}. Angela Merkel left.")
        for n in range(2)
    ]
    window = project_window(records)
    window.suggesting._retrain_timer.setInterval(0)
    label_first_of(qtbot, window, "Angela Merkel")
    key(qtbot, window, Qt.Key.Key_Return, CTRL)  # done and next
    qtbot.waitUntil(lambda: window.suggesting.training, timeout=5000)
    qtbot.waitUntil(lambda: not window.suggesting.training, timeout=60000)
    assert "Suggestion model trained on 1 documents" in message(window), message(window)
    qtbot.waitUntil(lambda: getattr(window.suggesting.built, "model", None) is not None)


def label_first_of(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    text = window.controller.document.text  # type: ignore[union-attr]
    start = text.index(name)
    window.article.select(start, start + len(name))
    key(qtbot, window, Qt.Key.Key_P)
    assert window.controller.selected_span() is not None


def test_word_lists_propose_entities_and_triggers(qtbot, project_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    people = tmp_path / "people.txt"
    people.write_text("Angela Merkel\n", encoding="utf-8")
    attacks = tmp_path / "attacks.txt"
    attacks.write_text("bombed\n", encoding="utf-8")
    entries = (f"PER={people}", f"Conflict:Attack={attacks}")

    def setup(project: Project) -> None:
        sources.save_config(project, AssistConfig(patterns=entries, model=False))

    window = project_window(
        [DocumentRecord(text="Angela Merkel said rebels bombed a bridge.")], setup
    )
    found = settled(qtbot, window)
    assert {(s.label, s.trigger) for s in found} == {("PER", False), ("Conflict:Attack", True)}
    assert all("patterns" in s.source for s in found)
    item = window.findChild(type(window.actions_by_id["edit.undo"]), "suggestion.source.patterns")
    assert item.isEnabled() and item.isChecked()
    key(qtbot, window, Qt.Key.Key_Y, CTRL_SHIFT)
    assert len(window.controller.annotations.spans) == 2
    assert len(window.controller.events) == 1  # the trigger's event
    item.trigger()  # patterns off: the files are kept for switching them on again
    off = sources.load_config(window.project)
    assert off.patterns == entries and not off.use_patterns and "patterns" not in off.enabled()
    assert item.isEnabled() and not item.isChecked()
    item.trigger()
    assert sources.load_config(window.project).enabled() == ["propagation", "patterns"]
