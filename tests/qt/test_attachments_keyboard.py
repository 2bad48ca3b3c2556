"""Attributes, notes and links set from the keyboard, and shown in the panel (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.editing import attachments
from annotator.core.model import AttributeType, LabelKind
from annotator.qt.dialogs.attachment_dialogs import NormalizationDialog, NoteDialog
from annotator.qt.dialogs.quick_pick import QuickPick
from tests.qt.conftest import WindowFactory
from tests.qt.test_events_keyboard import exported, find, key

TEXT = "Barack Obama did not visit <b>Paris</b> on Sunday."
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

TYPES = [
    AttributeType("Negation", kinds=(LabelKind.ENTITY, LabelKind.EVENT)),
    AttributeType("Certainty", ("Low", "Likely", "Certain"), labels=("PER",)),
    AttributeType("Tense", ("Past", "Future"), kinds=(LabelKind.EVENT,)),
]


def window_with_per(qtbot, make_window: WindowFactory, types=TYPES):  # type: ignore[no-untyped-def]
    window = make_window(TEXT)
    if types:
        assert window.controller.apply(attachments.AddAttributeTypes(types))
    find(qtbot, window, "Barack Obama")
    key(qtbot, window, Qt.Key.Key_P)  # PER, selected
    assert window.controller.selected_span() is not None
    return window


def popup(qtbot, window) -> QuickPick:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.attachments.popup is not None)
    found = window.attachments.popup
    qtbot.waitUntil(found.isActiveWindow)
    return found


def closed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.attachments.popup is None)
    qtbot.waitUntil(lambda: window.attachments.dialog is None)
    qtbot.waitUntil(window.isActiveWindow)


def dialog_of(qtbot, window, kind):  # type: ignore[no-untyped-def]
    found = window.attachments.dialog
    assert isinstance(found, kind)
    qtbot.waitUntil(found.isActiveWindow)
    return found


def row_text(window, row: int = 0) -> str:  # type: ignore[no-untyped-def]
    window.spans.flush_span_list()  # the list catches up once the keys pause
    return str(window.span_model.data(window.span_model.index(row)))


def span_attributes(window) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    (document,) = exported(window)
    return {a["name"]: a.get("value") for a in document.get("attributes", [])}


def test_a_yes_no_attribute_toggles_from_the_keyboard_and_undoes(
    qtbot, make_window: WindowFactory
) -> None:
    window = window_with_per(qtbot, make_window)
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    chooser = popup(qtbot, window)
    # only the attributes that apply to PER, in schema order, with their state
    assert chooser.shown_texts() == ["Negation   off", "Certainty   (not set)"]
    qtbot.keyClicks(chooser.filter, "neg")
    assert chooser.shown_texts() == ["Negation   off"]
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    closed(qtbot, window)
    assert span_attributes(window) == {"Negation": True}
    # seen in the span list, its tooltip, and the details box
    model = window.span_model
    assert row_text(window).endswith("[Negation]")
    tip = model.data(model.index(0), Qt.ItemDataRole.ToolTipRole).replace("\xa0", " ")
    assert "Attributes: Negation" in tip
    assert "Negation" in window.details.toPlainText()
    # pressed again, it goes off; Ctrl+Z brings it back
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    chooser = popup(qtbot, window)
    assert chooser.shown_texts()[0] == "Negation   on"
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    closed(qtbot, window)
    assert span_attributes(window) == {}
    assert not row_text(window).endswith("]")
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert span_attributes(window) == {"Negation": True}
    # the span deleted: the box no longer names it
    window.controller.select_span(window.controller.annotations.spans[0].id)
    assert window.details.toPlainText().startswith("T1 PER")
    key(qtbot, window, Qt.Key.Key_Delete)
    assert window.details.toPlainText() == "" and span_attributes(window) == {}


def test_a_valued_attribute_is_picked_changed_and_removed(
    qtbot, make_window: WindowFactory
) -> None:
    window = window_with_per(qtbot, make_window)
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    chooser = popup(qtbot, window)
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Down)  # Certainty
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    values = popup(qtbot, window)
    assert values is not chooser
    assert values.shown_texts() == ["Low", "Likely", "Certain"]  # no "(none)": nothing set
    qtbot.keyClicks(values.filter, "lik")
    qtbot.keyClick(values.filter, Qt.Key.Key_Return)
    closed(qtbot, window)
    assert span_attributes(window) == {"Certainty": "Likely"}
    assert row_text(window).endswith("[Certainty=Likely]")
    # again: the current value is highlighted, "(none)" removes it
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    chooser = popup(qtbot, window)
    assert "Certainty   = Likely" in chooser.shown_texts()
    qtbot.keyClicks(chooser.filter, "cert")
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    values = popup(qtbot, window)
    assert values.current_data() == "Likely"
    qtbot.keyClicks(values.filter, "none")
    qtbot.keyClick(values.filter, Qt.Key.Key_Return)
    closed(qtbot, window)
    assert span_attributes(window) == {}


def test_escape_cancels_the_attribute_chooser(qtbot, make_window: WindowFactory) -> None:
    window = window_with_per(qtbot, make_window)
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    chooser = popup(qtbot, window)
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Escape)
    closed(qtbot, window)
    assert span_attributes(window) == {}
    assert not window.controller.undo_stack.canRedo()


def test_a_label_without_attributes_says_where_to_declare_them(
    qtbot, make_window: WindowFactory
) -> None:
    window = window_with_per(qtbot, make_window, types=[])
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    assert window.attachments.popup is None
    message = window.statusBar().currentMessage()
    assert "PER has no attributes" in message and "Edit labels" in message


def test_nothing_selected_says_to_select_a_span(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    key(qtbot, window, Qt.Key.Key_N, CTRL_SHIFT)
    assert window.attachments.dialog is None
    assert "Select a span" in window.statusBar().currentMessage()


def test_an_event_gets_its_own_attributes_through_its_trigger(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window("The army evacuated Palmyra.")
    window.controller.apply(attachments.AddAttributeTypes(TYPES))
    find(qtbot, window, "evacuated")
    key(qtbot, window, Qt.Key.Key_T)  # Movement:Transport: trigger and event
    key(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    chooser = popup(qtbot, window)
    assert chooser.shown_texts() == ["Negation   off", "Tense   (not set)"]
    qtbot.keyClicks(chooser.filter, "tense")
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    values = popup(qtbot, window)
    qtbot.keyClick(values.filter, Qt.Key.Key_Return)  # Past
    closed(qtbot, window)
    (document,) = exported(window)
    (attribute,) = document["attributes"]
    assert (attribute["name"], attribute["value"]) == ("Tense", "Past")
    assert attribute["target"] == document["events"][0]["id"]
    window.structure.refresh()
    assert window.panel.event_item_texts() == ["E1 Movement:Transport «evacuated»  [Tense=Past]"]


def test_a_note_is_written_changed_and_removed_with_ctrl_enter(
    qtbot, make_window: WindowFactory
) -> None:
    window = window_with_per(qtbot, make_window)
    key(qtbot, window, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NoteDialog)
    qtbot.keyClicks(dialog.edit, "check <i>spelling</i>")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # a new line, not save
    qtbot.keyClicks(dialog.edit, "second line")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    closed(qtbot, window)
    (document,) = exported(window)
    assert [n["text"] for n in document["notes"]] == ["check <i>spelling</i>\nsecond line"]
    # shown as written, never as markup
    assert "check <i>spelling</i>" in window.details.toPlainText()
    assert row_text(window).endswith("[note]")
    # Escape cancels an edit
    key(qtbot, window, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NoteDialog)
    assert dialog.edit.toPlainText().startswith("check")
    qtbot.keyClicks(dialog.edit, " more")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    closed(qtbot, window)
    assert exported(window)[0]["notes"][0]["text"].endswith("second line")
    # emptied, it is removed
    key(qtbot, window, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NoteDialog)
    dialog.edit.selectAll()
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    closed(qtbot, window)
    assert not exported(window)[0].get("notes")
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert exported(window)[0]["notes"]


def test_links_are_added_listed_edited_and_removed(qtbot, make_window: WindowFactory) -> None:
    window = window_with_per(qtbot, make_window)
    key(qtbot, window, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NormalizationDialog)
    assert dialog.resource.hasFocus()  # no resource used yet
    qtbot.keyClicks(dialog.resource, "Wikipedia")
    qtbot.keyClick(dialog.resource, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.ref, "534366")
    qtbot.keyClick(dialog.ref, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.text, "Barack Obama")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    closed(qtbot, window)
    (document,) = exported(window)
    (link,) = document["normalizations"]
    assert (link["resource"], link["ref"], link["text"]) == ("Wikipedia", "534366", "Barack Obama")
    assert "Link: Wikipedia:534366 ‘Barack Obama’" in window.details.toPlainText()
    assert row_text(window).endswith("[Wikipedia:534366]")
    # a second link: the resource is remembered, the keys start at the id
    key(qtbot, window, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NormalizationDialog)
    assert dialog.resource.currentText() == "Wikipedia" and dialog.ref.hasFocus()
    assert dialog.list.count() == 2  # "New link…" and the first one
    qtbot.keyClicks(dialog.ref, "Q76")
    qtbot.keyClick(dialog.ref, Qt.Key.Key_Return)
    closed(qtbot, window)
    assert len(exported(window)[0]["normalizations"]) == 2
    # edit the first: choose it in the list, change the id
    key(qtbot, window, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NormalizationDialog)
    dialog.list.setFocus()
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    assert dialog.ref.text() == "534366"
    dialog.ref.setFocus()
    dialog.ref.selectAll()
    qtbot.keyClicks(dialog.ref, "534367")
    qtbot.keyClick(dialog.ref, Qt.Key.Key_Return)
    closed(qtbot, window)
    refs = sorted(n["ref"] for n in exported(window)[0]["normalizations"])
    assert refs == ["534367", "Q76"]
    # remove one with Delete in the list; the dialog stays open
    key(qtbot, window, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NormalizationDialog)
    dialog.list.setFocus()
    dialog.list.setCurrentRow(2)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert dialog.list.count() == 2 and window.attachments.dialog is dialog
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    closed(qtbot, window)
    assert len(exported(window)[0]["normalizations"]) == 1
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(exported(window)[0]["normalizations"]) == 2


def test_a_link_needs_a_resource_and_an_id(qtbot, make_window: WindowFactory) -> None:
    window = window_with_per(qtbot, make_window)
    key(qtbot, window, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NormalizationDialog)
    qtbot.keyClicks(dialog.resource, "Wiki pedia")
    qtbot.keyClick(dialog.resource, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.ref, "1")
    qtbot.keyClick(dialog.ref, Qt.Key.Key_Return)
    assert window.attachments.dialog is dialog and dialog.error.isVisible()
    dialog.ref.clear()
    qtbot.keyClick(dialog.ref, Qt.Key.Key_Return)
    assert "resource and an id" in dialog.error.text()
    qtbot.keyClick(dialog.ref, Qt.Key.Key_Escape)
    assert not exported(window)[0].get("normalizations")


def test_a_relation_chosen_in_the_panel_takes_a_note(qtbot, make_window: WindowFactory) -> None:
    window = make_window("The Syrian Army evacuated Palmyra on Sunday.")
    find(qtbot, window, "Syrian Army")
    key(qtbot, window, Qt.Key.Key_O)
    find(qtbot, window, "Palmyra")
    key(qtbot, window, Qt.Key.Key_G)
    window.article.select(0, 0)
    key(qtbot, window, Qt.Key.Key_Tab)
    key(qtbot, window, Qt.Key.Key_R, CTRL)
    key(qtbot, window, Qt.Key.Key_L)
    key(qtbot, window, Qt.Key.Key_Return)
    tree = window.panel.relations
    window.panel.setCurrentWidget(tree)
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0))
    qtbot.keyClick(tree, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, NoteDialog)
    qtbot.keyClicks(dialog.edit, "located, per the text")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    closed(qtbot, window)
    (document,) = exported(window)
    assert document["notes"][0]["target"] == document["relations"][0]["id"]
    assert tree.topLevelItem(0).text(0).endswith("[note]")
