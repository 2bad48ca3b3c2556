"""Events, arguments and relations from the keyboard alone (events issue)."""

from __future__ import annotations

import io
import json

from PySide6.QtCore import Qt

from annotator.core.io import jsonl
from annotator.core.io.base import ExportOptions
from tests.qt.conftest import WindowFactory

TEXT = "The Syrian Army evacuated Palmyra on Sunday."
CTRL = Qt.KeyboardModifier.ControlModifier


def find(qtbot, window, query: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.article, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.edit, query)
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)


def key(qtbot, window, k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.article, k, modifier)


def exported(window) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    out = io.StringIO()
    jsonl.export_project(window.project, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def annotate_transport(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    find(qtbot, window, "Syrian Army")
    key(qtbot, window, Qt.Key.Key_O)  # ORG
    find(qtbot, window, "Palmyra")
    key(qtbot, window, Qt.Key.Key_G)  # GPE
    find(qtbot, window, "evacuated")
    key(qtbot, window, Qt.Key.Key_T)  # Movement:Transport: creates the trigger and event
    key(qtbot, window, Qt.Key.Key_R)  # argument mode: the roles are listed
    assert window.pick_bar.isVisible() and "Artifact" in window.pick_bar.label.text()
    key(qtbot, window, Qt.Key.Key_2)  # Artifact (Agent is 1)
    assert "Syrian Army" in window.pick_bar.label.text()  # allowed fillers come first
    key(qtbot, window, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_3)  # Origin
    assert "Palmyra" in window.pick_bar.label.text()
    key(qtbot, window, Qt.Key.Key_Return)


def test_a_movement_transport_event_from_the_keyboard_alone(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    annotate_transport(qtbot, window)
    (document,) = exported(window)
    spans = {s["id"]: (s["text"], s["label"]) for s in document["spans"]}
    (event,) = document["events"]
    assert event["type"] == "Movement:Transport"
    assert spans[event["trigger"]] == ("evacuated", "Movement:Transport")
    assert [(a["role"], spans[a["ref"]]) for a in event["arguments"]] == [
        ("Artifact", ("Syrian Army", "ORG")),
        ("Origin", ("Palmyra", "GPE")),
    ]
    assert document["relations"] == []
    # seen at a glance: the tree, and the role names beside the arguments
    assert window.panel.event_item_texts() == [
        "E1 Movement:Transport «evacuated»",
        "  Artifact: Syrian Army (ORG)",
        "  Origin: Palmyra (GPE)",
    ]
    assert sorted(caption for _span, caption, _c in window.article._tags) == [
        "Artifact",
        "Origin",
    ]
    assert window.panel.warnings.count() == 0


def test_escape_cancels_argument_mode_and_undo_removes_arguments(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    annotate_transport(qtbot, window)
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.picker.active and not window.pick_bar.isVisible()
    assert len(exported(window)[0]["events"][0]["arguments"]) == 2
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert [a["role"] for a in exported(window)[0]["events"][0]["arguments"]] == ["Artifact"]
    assert window.actions_by_id["edit.redo"].text() == "Redo Add Origin argument"


def test_a_relation_from_the_keyboard(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    find(qtbot, window, "Syrian Army")
    key(qtbot, window, Qt.Key.Key_O)
    find(qtbot, window, "Palmyra")
    key(qtbot, window, Qt.Key.Key_G)
    window.article.select(0, 0)
    key(qtbot, window, Qt.Key.Key_Tab)  # the ORG span, the relation's head
    key(qtbot, window, Qt.Key.Key_R, CTRL)
    assert "PHYS:Located" in window.pick_bar.label.text()
    key(qtbot, window, Qt.Key.Key_L)  # PHYS:Located's key
    assert "Palmyra" in window.pick_bar.label.text()
    key(qtbot, window, Qt.Key.Key_Return)
    (document,) = exported(window)
    spans = {s["id"]: s["text"] for s in document["spans"]}
    (relation,) = document["relations"]
    assert (spans[relation["head"]], relation["type"], spans[relation["tail"]]) == (
        "Syrian Army",
        "PHYS:Located",
        "Palmyra",
    )
    assert window.panel.relations.topLevelItem(0).text(0) == (
        "Syrian Army → PHYS:Located → Palmyra"
    )


def test_arguments_are_removed_and_re_roled_from_the_panel(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    annotate_transport(qtbot, window)
    tree = window.panel.events
    window.panel.setCurrentWidget(tree)
    tree.setFocus()
    event_item = tree.topLevelItem(0)
    tree.setCurrentItem(event_item.child(1))  # Origin: Palmyra
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    assert window.picker.active
    key(qtbot, window, Qt.Key.Key_4)  # Destination
    roles = [a["role"] for a in exported(window)[0]["events"][0]["arguments"]]
    assert roles == ["Artifact", "Destination"]
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    roles = [a["role"] for a in exported(window)[0]["events"][0]["arguments"]]
    assert roles == ["Destination"]


def test_events_share_a_trigger_and_one_can_be_an_argument_of_another(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window("Police arrested and jailed the attacker after the attack.")
    find(qtbot, window, "arrested")
    key(qtbot, window, Qt.Key.Key_J)  # Justice:Arrest-Jail
    key(qtbot, window, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    events = exported(window)[0]["events"]
    assert len(events) == 2 and events[0]["trigger"] == events[1]["trigger"]


def test_an_event_is_an_argument_of_another_event(qtbot, make_window: WindowFactory) -> None:
    window = make_window("Police arrested the man after the attack.")
    find(qtbot, window, "attack")
    key(qtbot, window, Qt.Key.Key_A)  # Conflict:Attack
    find(qtbot, window, "arrested")
    key(qtbot, window, Qt.Key.Key_J)  # Justice:Arrest-Jail
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_1)  # Person: no span is allowed, the attack is the only one
    assert "= E1" in window.pick_bar.label.text()  # the candidate stands for the attack event
    key(qtbot, window, Qt.Key.Key_Return)
    events = {e["id"]: e for e in exported(window)[0]["events"]}
    assert events["E2"]["arguments"] == [{"role": "Person", "ref": "E1"}]
    assert any(
        "Person" in w and "E1" in w
        for w in [
            window.panel.warnings.item(i).text() for i in range(window.panel.warnings.count())
        ]
    )


def test_export_can_skip_documents_with_schema_warnings(
    qtbot, make_window: WindowFactory, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window("Ministers met in Muscat.", "A clean second document.")
    find(qtbot, window, "met")
    key(qtbot, window, Qt.Key.Key_M)  # Contact:Meet needs at least one Entity: a warning
    warnings = [window.panel.warnings.item(i).text() for i in range(window.panel.warnings.count())]
    assert warnings == ["E1 Contact:Meet: missing Entity (needs at least 1, has 0)"]
    target = tmp_path / "out.jsonl"
    assert window.files.export_to(target, ExportOptions(violations="include")).documents == 2
    assert window.files.export_to(target, ExportOptions(violations="skip")).documents == 1
    assert "clean second" in target.read_text(encoding="utf-8")
