"""The first hour of docs/guide/getting-started.md, done in the real window as written.

If this fails, the guide tells a newcomer something the program does not do: fix the
program or the page, together.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.app import window_settings
from annotator.core.io.demo import ensure_demo_project
from annotator.core.model import Status
from annotator.core.project import Project
from annotator.core.services.keymap import Keymap
from annotator.qt.window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
KEYS = {"O": Qt.Key.Key_O, "G": Qt.Key.Key_G, "L": Qt.Key.Key_L, "P": Qt.Key.Key_P,
        "T": Qt.Key.Key_T, "R": Qt.Key.Key_R, "1": Qt.Key.Key_1}  # fmt: skip


def test_the_first_hour_as_the_guide_tells_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = Project.open(ensure_demo_project(tmp_path / "demo.annot"))
    window = MainWindow(project, Keymap(), window_settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    article = window.article

    def press(key: str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(article, KEYS.get(key, key), modifier)  # type: ignore[arg-type]

    def select(text: str, *, inside: str | None = None, trim: int = 0) -> None:
        """Select ``text`` (within ``inside``), ``trim`` characters short at each end."""
        body = window.controller.document.text
        start = body.index(text, body.index(inside) if inside else 0)
        article.setFocus()
        article.select(start + trim, start + len(text) - trim)

    def bar() -> str:
        return re.sub(r"<[^>]+>", "", window.pick_bar.label.text()).replace("&nbsp;", " ")

    def spans() -> dict[str, str]:
        body = window.controller.document.text
        return {body[s.start : s.end]: s.label for s in window.controller.annotations.spans}

    # the demo's last article
    for _ in range(10):
        qtbot.keyClick(article, Qt.Key.Key_PageDown, CTRL)
    assert window.controller.document.text.startswith("Coast guard evacuates 212 passengers")

    # 2-3. a sloppy selection snaps to tokens; O labels ORG, G labels GPE
    select("Hellenic Coast Guard", trim=1)  # "ellenic Coast Guar"
    press("O")
    assert spans()["Hellenic Coast Guard"] == "ORG"
    press("P")  # the new span is still selected: a label key relabels it
    assert spans()["Hellenic Coast Guard"] == "PER"
    press("O")
    select("Heraklion", inside="for Heraklion")
    press("G")
    # 4. nested: LOC around, GPE inside
    select("the northern coast of Crete")
    press("L")
    select("Crete", inside="northern coast of Crete")
    press("G")
    assert spans()["the northern coast of Crete"] == "LOC" and spans()["Crete"] == "GPE"

    # 6. an event: T on "evacuated", R, 1 (Agent), the Coast Guard is offered first, Enter
    select("evacuated", inside="Coast Guard evacuated")
    press("T")
    (event,) = window.controller.events
    assert event.type == "Movement:Transport"
    press("R")
    assert "1 Agent [PER, ORG, GPE]" in bar()
    press("1")
    assert "“Hellenic Coast Guard”" in bar()
    qtbot.keyClick(article, Qt.Key.Key_Return)
    (event,) = window.controller.events
    assert [a.role for a in event.arguments] == ["Agent"]

    # 7. a relation: head selected, Ctrl+R, L (PHYS:Located), Tab to Crete, Enter
    coast_guard = next(
        s
        for s in window.controller.annotations.spans
        if window.controller.document.text[s.start : s.end] == "Hellenic Coast Guard"
    )
    window.controller.select_span(coast_guard.id)
    press("R", CTRL)
    press("L")
    for _ in range(len(window.controller.annotations.spans)):
        if "“Crete”" in bar():
            break
        qtbot.keyClick(article, Qt.Key.Key_Tab)
    qtbot.keyClick(article, Qt.Key.Key_Return)
    (relation,) = window.controller.relations
    assert relation.type == "PHYS:Located"

    # 9. undo takes the relation back, redo restores it
    qtbot.keyClick(article, Qt.Key.Key_Z, CTRL)
    assert not window.controller.relations
    qtbot.keyClick(article, Qt.Key.Key_Y, CTRL)
    assert len(window.controller.relations) == 1

    # 8. Ctrl+Enter: done, and the next todo document opens
    done_id = window.controller.document_id
    qtbot.keyClick(article, Qt.Key.Key_Return, CTRL)
    assert project.document(done_id).status == Status.DONE
    assert window.controller.document_id != done_id
    window.close()
    project.close()
