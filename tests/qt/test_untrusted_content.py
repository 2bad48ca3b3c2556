"""Markup in articles, label names and metadata is shown as written, never rendered."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTreeWidgetItemIterator

from tests.qt.conftest import WindowFactory

MARKUP = "<img src='http://example.invalid/x.png'><b>Bold</b>"
TEXT = "<script>alert(1)</script> <b>Acme</b> &amp; <a href='http://x'>link</a>"


def test_article_labels_and_messages_stay_plain_text(
    qtbot, qapp: QApplication, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    source = tmp_path / "hostile.jsonl"
    record = {
        "text": TEXT,
        "meta": {"title": "<h1>Title</h1>"},
        "spans": [{"start": 29, "end": 33, "label": MARKUP}],
    }
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert window.files.import_paths([source])
    summaries = [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert summaries and summaries[-1].textFormat() == Qt.TextFormat.PlainText
    assert MARKUP in summaries[-1].text()  # quoted as written
    for box in summaries:
        box.close()
    # the article view is a plain-text editor: the markup is the text
    assert window.article.toPlainText() == TEXT
    html = window.article.document().toHtml()
    assert "<script>" not in html and "&lt;script&gt;" in html
    # the palette shows the name as written, and its tooltip escapes it
    tips = []
    iterator = QTreeWidgetItemIterator(window.label_palette)
    while iterator.value():
        item = iterator.value()
        if item.text(0) == MARKUP:
            tips.append(item.toolTip(0))
        iterator += 1
    assert tips and "&lt;img" in tips[0] and "<img" not in tips[0]
    # the document list shows the title as written
    index = window.document_model.index(0, 0)
    assert "<h1>Title</h1>" in str(window.document_model.data(index))
    # the span's label is stored verbatim
    doc = window.project.document_ids()[0]
    assert [span.label for span in window.project.annotations(doc).spans] == [MARKUP]


def test_list_tooltips_escape_titles_and_labels(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    source = tmp_path / "t.jsonl"
    record = {
        "text": "Acme",
        "meta": {"title": "<b>T</b>"},
        "spans": [{"start": 0, "end": 4, "label": "<i>L</i>"}],
    }
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert window.files.import_paths([source])
    tip = window.document_model.data(window.document_model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;T&lt;/b&gt;" in tip and "<b>T" not in tip
    span_tip = window.span_model.data(window.span_model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;i&gt;L&lt;/i&gt;" in span_tip
