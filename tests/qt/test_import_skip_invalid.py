"""A refused import in the window offers to import the valid records and skip the rest."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from tests.qt.conftest import WindowFactory

LINES = (
    '{"id": "a", "text": "First story."}\n'
    '{"id": "b", "spans": []}\n'
    '{"id": "c", "text": "Third story."}\n'
    '{"id": "d", "text": "Bad span.", "spans": [{"start": 0, "end": 99, "label": "PER"}]}\n'
)


def _boxes(app: QApplication) -> list[QMessageBox]:
    return [w for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def _close_all(app: QApplication) -> None:
    for box in _boxes(app):
        box.close()


def test_a_refused_import_offers_to_skip_the_invalid_records(
    qtbot, qapp, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("Already here.")
    source = tmp_path / "mixed.jsonl"
    source.write_text(LINES, encoding="utf-8")

    assert not window.files.import_paths([source])
    assert window.project.document_count() == 1  # refused: nothing changed
    (box,) = _boxes(qapp)
    assert 'mixed.jsonl line 2: missing "text"' in box.text()
    assert "import the 2 and skip the 2?" in box.text()
    assert "line 4" in box.detailedText()
    (skip,) = [b for b in box.buttons() if b.text() == "Import 2, Skip 2"]

    skip.click()  # runs the lenient import
    qtbot.waitUntil(lambda: window.project.document_count() == 3)
    summaries = [b.text() for b in _boxes(qapp) if "imported 2 document(s)" in b.text()]
    assert summaries, [b.text() for b in _boxes(qapp)]
    assert "skipped 2 invalid record(s):" in summaries[0]
    assert 'mixed.jsonl line 2: missing "text"' in summaries[0]
    assert "mixed.jsonl line 4: span T1: end 99 is past the end" in summaries[0]
    _close_all(qapp)


def test_a_lenient_import_lists_what_it_skipped(
    qtbot, qapp, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    source = tmp_path / "mixed.jsonl"
    source.write_text(LINES, encoding="utf-8")
    assert window.files.import_paths([source], skip_invalid=True)
    assert window.project.document_count() == 2
    (text,) = [b.text() for b in _boxes(qapp)]
    assert "skipped 2 invalid record(s):" in text and "line 4" in text
    _close_all(qapp)


def test_nothing_valid_is_a_plain_error(
    qtbot, qapp, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("Already here.")
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": 5}\nnot json\n', encoding="utf-8")
    assert not window.files.import_paths([source])
    (box,) = _boxes(qapp)
    assert "bad.jsonl line 1" in box.text()
    assert [b.text() for b in box.buttons()] == ["OK"]
    _close_all(qapp)
    assert window.project.document_count() == 1
