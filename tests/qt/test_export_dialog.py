"""File > Export… (Ctrl+E): the format dialog, the worker export and its summary."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.editing import edits
from annotator.qt.dialogs.export_dialog import ExportDialog
from tests.qt.conftest import WindowFactory


def _dialog(app: QApplication) -> ExportDialog | None:
    for widget in app.topLevelWidgets():
        if isinstance(widget, ExportDialog) and widget.isVisible():
            return widget
    return None


def test_ctrl_e_exports_conll_and_reports_what_it_left_out(
    qtbot, qapp, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("Angela Merkel visited Paris.")
    project = window.project
    doc_id = project.document_ids()[0]
    window.controller.apply(edits.AddSpan(doc_id, 0, 13, "PER"))
    window.controller.apply(edits.AddSpan(doc_id, 0, 6, "PER"))  # nested: CoNLL keeps the outer
    window.controller.apply(edits.AddSpan(doc_id, 22, 27, "GPE"))
    target = tmp_path / "out.conll"
    seen: dict[str, str] = {}

    def fill() -> None:
        dialog = _dialog(qapp)
        if dialog is None:
            QTimer.singleShot(20, fill)
            return
        dialog.format.setCurrentIndex(dialog.format.findData("conll"))
        seen["holds"] = dialog.holds.text()
        seen["tokenizer"] = str(dialog.tokenizer.isEnabled())
        seen["offsets"] = str(dialog.offsets.isEnabled())
        dialog.tokenizer.setCurrentIndex(dialog.tokenizer.findData("rules"))
        dialog.target.setText(str(target))
        dialog.accept()

    QTimer.singleShot(0, fill)
    qtbot.keyClick(window.article, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists)
    lost = "Events, relations, attributes, normalizations, notes and coreference chains are left"
    assert lost in seen["holds"]
    assert "This project has" not in seen["holds"]  # nothing of those here
    assert seen["tokenizer"] == "True" and seen["offsets"] == "False"
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("-DOCSTART-")
    tagged = [line.split() for line in lines if line and not line.startswith("-DOCSTART-")]
    assert [tag[-1] for tag in tagged][:3] == ["B-PER", "I-PER", "O"]
    boxes = [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and "1 overlapping" in boxes[-1].text()
    for box in boxes:
        box.close()


def test_a_bad_split_is_refused_in_the_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog("p", tmp_path)
    qtbot.addWidget(dialog)
    dialog.split_on.setChecked(True)
    dialog.split.setText("80/30")
    dialog.accept()
    assert dialog.result_settings() is None
    assert "add up to 100" in dialog.error.text()
    dialog.split.setText("80/10/10")
    dialog.accept()
    settings = dialog.result_settings()
    assert settings is not None
    fmt, target, options = settings
    assert fmt == "jsonl" and options.split == (80, 10, 10)
    assert target.suffix == ""  # a split writes a folder


def test_split_export_from_the_window(qtbot, make_window: WindowFactory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.io.base import ExportOptions

    window = make_window(*(f"Document number {i}." for i in range(10)))
    result = window.files.export_to(tmp_path / "parts", ExportOptions(split=(80, 10, 10), seed=3))
    assert result is not None and result.parts == {"train": 8, "dev": 1, "test": 1}
    texts = [
        json.loads(line)["text"]
        for name in ("train", "dev", "test")
        for line in (tmp_path / "parts" / f"{name}.jsonl").read_text().splitlines()
    ]
    assert sorted(texts) == sorted(f"Document number {i}." for i in range(10))
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()


def test_the_dialog_names_what_each_format_keeps_and_what_this_project_loses(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.io import formats

    counts = {"events": 0, "relations": 2, "fragments": 1, "attributes": 4, "chains": 3}
    dialog = ExportDialog("p", tmp_path, counts=counts)
    qtbot.addWidget(dialog)
    assert dialog.format.findData("labelstudio") >= 0  # every format of the registry
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == list(
        formats.EXPORTS
    )

    def holds(name: str) -> str:
        dialog.format.setCurrentIndex(dialog.format.findData(name))
        return dialog.holds.text()

    assert holds("brat").startswith("Holds everything:")
    assert "cannot hold" not in holds("jsonl")
    conll = holds("conll")
    assert "Discontinuous spans are written as one span" in conll
    assert (
        "This project has 2 relation(s), 1 discontinuous span(s), 4 attribute(s) and "
        "3 coreference chain(s) that CoNLL / BIO cannot hold." in conll
    )
    studio = holds("labelstudio")
    assert studio.startswith("Holds entity spans, relations, attributes and notes")
    assert "Events, normalizations and coreference chains are left out" in studio
    assert "1 discontinuous span(s) and 3 coreference chain(s) that Label Studio" in studio


def test_the_counts_come_from_the_project(make_window: WindowFactory) -> None:

    window = make_window("North and South America trade")
    doc_id = window.project.document_ids()[0]
    window.controller.apply(edits.AddSpan(doc_id, 0, 23, "LOC", fragments=((0, 5), (16, 23))))
    counts = window.project.kind_counts()
    assert counts["fragments"] == 1 and counts["chains"] == 0
    assert set(counts) == formats_kinds()


def formats_kinds() -> set[str]:
    from annotator.core.io import formats

    return {"events", "relations", *formats.ATTACHED}


def test_the_export_dialog_chooses_whose_annotations(
    qtbot, qapp, team_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.qt.test_layers import team_records

    window = team_window(team_records(), me="alice")
    target = tmp_path / "bob.jsonl"
    seen: dict[str, object] = {}

    def fill() -> None:
        dialog = _dialog(qapp)
        if dialog is None:
            QTimer.singleShot(20, fill)
            return
        seen["choices"] = [dialog.layer.itemData(i) for i in range(dialog.layer.count())]
        seen["visible"] = dialog.layer.isVisible()
        dialog.layer.setCurrentIndex(dialog.layer.findData("bob"))
        dialog.target.setText(str(target))
        dialog.accept()

    QTimer.singleShot(0, fill)
    qtbot.keyClick(window.article, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists)
    assert seen == {"choices": ["gold", "alice", "bob", "all"], "visible": True}
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    bob = window.project.annotations(window.project.document_id("d1"), layer="bob")
    assert [(s["start"], s["end"]) for s in records[0]["spans"]] == [
        (s.start, s.end) for s in bob.spans
    ]
    for box in [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox)]:
        box.close()


def test_a_single_annotators_export_dialog_has_no_layer_choice(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog("p", tmp_path, annotators=["alice"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.layer.isVisible() and dialog.options().layer == "gold"
