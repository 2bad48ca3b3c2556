"""Importing other tools' formats from the window: labels, roles and a summary of losses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.model import LabelKind
from tests.qt.conftest import WindowFactory

BRAT = Path(__file__).parent.parent / "data" / "formats" / "brat"


def _messages(app: QApplication) -> list[str]:
    boxes = [w for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    texts = [box.text() for box in boxes]
    for box in boxes:
        box.close()
    return texts


def test_a_brat_folder_brings_its_annotation_conf(qtbot, qapp, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.files.import_paths([BRAT / "corpus"])
    schema = window.project.schema
    meet = schema.get("Meet")
    assert meet is not None and meet.kind == LabelKind.EVENT
    assert [role.name for role in meet.roles] == ["Person-Arg", "Place-Arg"]
    # the palette offers the new labels at once
    assert "Meet" in [label.name for label in window.controller.span_labels()]
    assert window.controller.document is not None  # the first imported document is open
    (text,) = _messages(qapp)
    assert "defined by the input's schema" in text


def test_what_the_project_cannot_hold_is_listed(qtbot, qapp, make_window: WindowFactory) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.files.import_paths([BRAT / "discontinuous"])
    (text,) = _messages(qapp)
    assert "Not imported (the project cannot hold them):" in text
    # discontinuous spans are imported now; the empty one is not
    assert "1 span(s) with no text" in text and "doc '' [10:10]" in text


def test_a_format_that_cannot_be_read_changes_nothing(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("Already here.")
    bad = tmp_path / "bad.ann"
    (tmp_path / "bad.txt").write_text("Some text.", encoding="utf-8")
    bad.write_text("T1\tPER 0 4\tSome\nT2 garbage\n", encoding="utf-8")
    errors: list[str] = []
    window.show_error = errors.append  # type: ignore[method-assign]
    assert not window.files.import_paths([bad])
    assert errors and "bad.ann" in errors[0] and "line 2" in errors[0]
    assert window.project.document_count() == 1


def test_an_import_into_a_damaged_file_is_refused_untouched(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The window makes no backup before an import, so its own check is what refuses."""
    import hashlib
    import sqlite3

    window = make_window("Already here.")
    path = window.project.path
    assert path is not None
    with sqlite3.connect(path) as connection:  # pages sound, the metadata not JSON
        connection.execute("UPDATE texts SET meta = '{not json'")
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    more = tmp_path / "more.txt"
    more.write_text("Carol left Rome.", encoding="utf-8")
    errors: list[str] = []
    window.show_error = errors.append  # type: ignore[method-assign]
    assert not window.files.import_paths([more])
    assert errors and "damaged" in errors[0] and "its metadata is not JSON" in errors[0]
    assert "nothing was written" in errors[0]
    assert window.project.document_count() == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
