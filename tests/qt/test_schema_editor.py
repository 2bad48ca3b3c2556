"""The schema editor dialog, driven by its keys and widgets over a real MainWindow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from annotator.core.editing import attachments, edits
from annotator.core.model import AttributeType, Cardinality, LabelKind, Role, Target, TargetKind
from annotator.core.services.keymap import Keymap
from annotator.qt.dialogs.schema_editor import SchemaEditorDialog
from annotator.qt.dialogs.schema_pages import checked
from annotator.qt.window import MainWindow
from tests.qt.conftest import WindowFactory

TEXT = "Rebels attacked Homs on Sunday. Putin met Assad in Moscow."


def span(window: MainWindow, fragment: str, label: str) -> int:
    assert window.controller.document is not None
    start = TEXT.index(fragment)
    edit = edits.AddSpan(window.controller.document.id, start, start + len(fragment), label)
    assert window.controller.apply(edit)
    assert edit.span_id is not None
    return edit.span_id


def event(window: MainWindow, fragment: str, label: str, **arguments: int) -> int:
    assert window.controller.document is not None
    start = TEXT.index(fragment)
    create = edits.CreateEvent(window.controller.document.id, start, start + len(fragment), label)
    assert window.controller.apply(create)
    assert create.event_id is not None
    for role, span_id in arguments.items():
        assert window.controller.apply(edits.AddArgument(create.event_id, role, span_id=span_id))
    return create.event_id


def role_of(window: MainWindow, event_type: str, name: str) -> Role | None:
    label = window.project.schema.get(event_type)
    assert label is not None
    return label.role(name)


def labels(window: MainWindow) -> list[tuple[str, str]]:
    """(text, label) of the open document's spans, as the window holds them."""
    return [(TEXT[s.start : s.end], s.label) for s in window.controller.annotations.spans]


def dump(window: MainWindow) -> tuple[object, ...]:
    db = window.project.db
    return tuple(
        db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("labels", "roles", "spans", "events", "arguments", "relations")
    )


def open_editor(qtbot, window: MainWindow) -> SchemaEditorDialog:  # type: ignore[no-untyped-def]
    dialog = SchemaEditorDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.tree.setFocus()
    return dialog


def type_into(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def check(widget: QListWidget, name: str, checked: bool = True) -> None:
    item = widget.findItems(name, Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def test_lists_labels_roles_and_relations(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    tree = dialog.tree
    assert [tree.topLevelItem(i).text(0) for i in range(3)] == [
        "Entity labels",
        "Event types",
        "Relation types",
    ]
    assert tree.topLevelItem(0).child(0).text(0) == "PER"
    assert tree.topLevelItem(0).child(0).text(1) == "P"
    attack = tree.topLevelItem(1).child(0)
    assert attack.text(0) == "Conflict:Attack"
    assert attack.child(0).text(0) == "Attacker"
    assert attack.child(0).text(3).startswith("*")
    assert "PER, ORG → GPE, LOC" in tree.topLevelItem(2).child(0).text(3)
    assert dialog.select(LabelKind.RELATION, "PHYS:Located")
    assert checked(dialog.label_page.heads_list) == ["PER", "ORG"]
    assert not dialog.conflicts_label.isVisibleTo(dialog)


def test_rename_with_f2_annotations_follow_and_undo(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    span(window, "Putin", "PER")
    dialog = open_editor(qtbot, window)
    assert dialog.select(LabelKind.ENTITY, "PER")
    qtbot.keyClick(dialog.tree, Qt.Key.Key_F2)
    assert dialog.focusWidget() is dialog.label_page.name_edit
    qtbot.keyClicks(
        dialog.label_page.name_edit, "PERSON"
    )  # F2 selected the old name: typing replaces it
    qtbot.keyClick(dialog.label_page.name_edit, Qt.Key.Key_Return)

    assert labels(window) == [("Putin", "PERSON")]
    assert window.project.schema.get("PER") is None
    assert dialog.selected() == (LabelKind.ENTITY, "PERSON", None)
    assert dialog.tree.currentItem().text(0) == "PERSON"
    assert dialog.focusWidget() is dialog.tree  # Return went back to the tree
    located = window.project.schema.get("PHYS:Located")
    assert located is not None and "PERSON" in located.heads
    assert window.controller.undo_stack.undoText() == "Rename label PER to PERSON"

    window.controller.undo_stack.undo()
    assert labels(window) == [("Putin", "PER")]
    assert dialog.tree.currentItem().text(0) == "PER"  # the same row, with its old name
    assert dialog.label_page.name_edit.text() == "PER"


def test_recolour_with_the_colour_dialog(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    asked: list[str] = []

    def choose(current: str) -> str:
        asked.append(current)
        return "#123456"

    dialog.ask_color = choose
    dialog.select(LabelKind.ENTITY, "ORG")
    qtbot.mouseClick(dialog.label_page.color_button, Qt.MouseButton.LeftButton)
    assert asked == ["#EE8866"]
    org = window.project.schema.get("ORG")
    assert org is not None and org.color == "#123456"
    assert dialog.label_page.color_button.toolTip() == "#123456"
    dialog.ask_color = lambda current: None  # cancelled: nothing happens
    assert not dialog.recolor_selected()
    window.controller.undo_stack.undo()
    org = window.project.schema.get("ORG")
    assert org is not None and org.color == "#EE8866"


def test_rekey_shows_a_conflict_instead_of_applying_it(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    dialog.select(LabelKind.ENTITY, "PER")
    before = dump(window)
    dialog.label_page.key_edit.setFocus()
    dialog.label_page.key_edit.selectAll()
    qtbot.keyClicks(dialog.label_page.key_edit, "o")
    assert dialog.label_page.key_note.text() == "key O is already used by ORG"  # shown while typing
    qtbot.keyClick(dialog.label_page.key_edit, Qt.Key.Key_Return)
    assert dump(window) == before  # refused by the dialog, not applied
    assert dialog.focusWidget() is dialog.label_page.key_edit  # stays to fix it
    assert not dialog.set_key("5")
    assert "1-9" in dialog.label_page.key_note.text()

    dialog.label_page.key_edit.selectAll()
    qtbot.keyClicks(dialog.label_page.key_edit, "z")
    assert dialog.label_page.key_note.text() == ""
    qtbot.keyClick(dialog.label_page.key_edit, Qt.Key.Key_Return)
    per = window.project.schema.get("PER")
    assert per is not None and per.key == "z"
    assert dialog.tree.currentItem().text(1) == "Z"
    # a relation type's key is another key space: no conflict
    assert dialog.set_key("c")
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    assert dump(window) == before


def test_conflicts_with_window_shortcuts_are_listed(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT, keymap=Keymap({"span.next": ["Tab", "X"]}))
    dialog = open_editor(qtbot, window)
    assert not dialog.conflicts_label.isVisibleTo(dialog)
    dialog.select(LabelKind.ENTITY, "DATE")
    assert dialog.set_key("x")
    assert dialog.conflicts_label.isVisibleTo(dialog)
    assert "X is bound to span.next and label DATE" in dialog.conflicts_label.text()
    window.controller.undo_stack.undo()
    assert not dialog.conflicts_label.isVisibleTo(dialog)


def test_delete_a_used_label_asks_first(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    putin = span(window, "Putin", "PER")
    assad = span(window, "Assad", "PER")
    moscow = span(window, "Moscow", "GPE")
    event(window, "met", "Contact:Meet", Entity=putin, Place=moscow)
    assert window.controller.apply(edits.AddRelation("ORG-AFF:Employment", assad, moscow))
    dialog = open_editor(qtbot, window)
    before = dump(window)
    questions: list[str] = []

    dialog.confirm = lambda question: questions.append(question) or False
    dialog.select(LabelKind.ENTITY, "PER")
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    assert questions == ["2 annotation(s) use PER; delete them too?"]
    assert dump(window) == before  # "No" keeps everything

    dialog.confirm = lambda question: questions.append(question) or True
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    assert len(questions) == 2
    assert window.project.schema.get("PER") is None
    assert labels(window) == [("met", "Contact:Meet"), ("Moscow", "GPE")]
    (meeting,) = window.controller.annotations.events
    assert [a.role for a in meeting.arguments] == ["Place"]
    assert window.controller.annotations.relations == ()
    assert dialog.selected() == (LabelKind.ENTITY, "ORG", None)  # the next label
    assert "ORG-AFF:Employment heads" in dialog.note.text()  # PER was its only head

    window.controller.undo_stack.undo()
    assert dump(window) == before
    assert ("Putin", "PER") in labels(window)


def test_delete_unused_label_does_not_ask(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    dialog.confirm = lambda question: never_asked(question)
    dialog.select(LabelKind.ENTITY, "LOC")
    assert dialog.delete_selected()
    assert window.project.schema.get("LOC") is None
    assert dialog.selected() == (LabelKind.ENTITY, "DATE", None)


def never_asked(question: str) -> bool:
    raise AssertionError(f"asked {question!r}")


def test_add_labels_with_insert_and_buttons(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    prompts: list[str] = []

    def answer(title: str, prompt: str, default: str) -> str:
        prompts.append(prompt)
        return "  MISC "

    dialog.ask_text = answer
    dialog.select(LabelKind.ENTITY, "PER")
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Insert)
    assert prompts == ["Name of the new entity label:"]
    misc = window.project.schema.get("MISC")
    assert misc is not None and misc.kind == LabelKind.ENTITY and misc.color
    assert dialog.selected() == (LabelKind.ENTITY, "MISC", None)
    # MISC is applicable at once from the window's palette
    assert "MISC" in [label.name for label in window.controller.span_labels()]

    assert not dialog.add_label(LabelKind.EVENT, "MISC")  # the name is taken
    assert "already a label MISC" in dialog.note.text()
    assert dialog.add_label(LabelKind.RELATION, "Knows")
    knows = window.project.schema.get("Knows")
    assert knows is not None and knows.kind == LabelKind.RELATION


def test_add_role_set_cardinality_and_fillers(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    dialog.select(LabelKind.EVENT, "Conflict:Attack")
    assert dialog.add_role("Instrument", "{1-2}", ["ORG", "PER"])
    attack = window.project.schema.get("Conflict:Attack")
    assert attack is not None
    assert attack.roles[-1] == Role("Instrument", Cardinality(1, 2), ("ORG", "PER"))
    assert dialog.selected() == (LabelKind.EVENT, "Conflict:Attack", "Instrument")
    assert dialog.role_page.cardinality_combo.currentText() == "{1-2}"
    assert checked(dialog.role_page.fillers_list) == ["PER", "ORG"]

    # cardinality: a free {N-M} typed, then "?" picked; invalid text is shown, not applied
    line = dialog.role_page.cardinality_combo.lineEdit()
    type_into(qtbot, line, "many")
    assert dialog.role_page.cardinality_note.text() == "Use 1, ?, +, *, {N} or {N-M}"
    type_into(qtbot, line, "?")
    role = role_of(window, "Conflict:Attack", "Instrument")
    assert role is not None and role.cardinality == Cardinality(0, 1)

    # fillers: each tick is one edit
    check(dialog.role_page.fillers_list, "GPE")
    check(dialog.role_page.fillers_list, "PER", checked=False)
    role = role_of(window, "Conflict:Attack", "Instrument")
    assert role is not None and role.fillers == ("ORG", "GPE")
    assert checked(dialog.role_page.fillers_list) == ["ORG", "GPE"]

    stack = window.controller.undo_stack
    assert stack.undoText() == "Change the fillers of role Instrument"
    stack.undo()
    stack.undo()
    stack.undo()
    role = role_of(window, "Conflict:Attack", "Instrument")
    assert role == Role("Instrument", Cardinality(1, 2), ("ORG", "PER"))
    stack.undo()
    assert role_of(window, "Conflict:Attack", "Instrument") is None
    assert dialog.selected() == (LabelKind.EVENT, "Conflict:Attack", None)


def test_rename_and_delete_a_role_reach_arguments(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    rebels = span(window, "Rebels", "ORG")
    homs = span(window, "Homs", "GPE")
    event(window, "attacked", "Conflict:Attack", Attacker=rebels, Target=homs)
    dialog = open_editor(qtbot, window)
    assert dialog.select(LabelKind.EVENT, "Conflict:Attack", "Attacker")
    qtbot.keyClick(dialog.tree, Qt.Key.Key_F2)
    assert dialog.focusWidget() is dialog.role_page.role_name_edit
    qtbot.keyClicks(dialog.role_page.role_name_edit, "Assailant")
    qtbot.keyClick(dialog.role_page.role_name_edit, Qt.Key.Key_Return)
    (attack,) = window.controller.annotations.events
    assert [a.role for a in attack.arguments] == ["Assailant", "Target"]
    assert window.controller.undo_stack.undoText() == "Rename role Attacker to Assailant"
    assert dialog.selected() == (LabelKind.EVENT, "Conflict:Attack", "Assailant")

    questions: list[str] = []
    dialog.confirm = lambda question: questions.append(question) or True
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    assert questions == [
        "1 argument(s) fill the role Assailant of Conflict:Attack; delete them too?"
    ]
    (attack,) = window.controller.annotations.events
    assert [a.role for a in attack.arguments] == ["Target"]
    attack_type = window.project.schema.get("Conflict:Attack")
    assert attack_type is not None and attack_type.role("Assailant") is None

    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    (attack,) = window.controller.annotations.events
    assert [a.role for a in attack.arguments] == ["Attacker", "Target"]


def test_relation_heads_and_tails(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    dialog.select(LabelKind.RELATION, "PHYS:Located")
    assert dialog.label_page.heads_list.isVisibleTo(
        dialog
    ) and not dialog.label_page.roles_hint.isVisibleTo(dialog)
    check(dialog.label_page.heads_list, "GPE")
    check(dialog.label_page.tails_list, "GPE", checked=False)
    located = window.project.schema.get("PHYS:Located")
    assert located is not None
    assert (located.heads, located.tails) == (("PER", "ORG", "GPE"), ("LOC",))
    assert "PER, ORG, GPE → LOC" in dialog.tree.currentItem().text(3)
    window.controller.undo_stack.undo()
    located = window.project.schema.get("PHYS:Located")
    assert located is not None and located.tails == ("GPE", "LOC")


def test_escape_drops_typing_then_closes(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    dialog.select(LabelKind.ENTITY, "GPE")
    before = dump(window)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_F2)
    qtbot.keyClicks(dialog.label_page.name_edit, "COUNTRY")
    qtbot.keyClick(dialog.label_page.name_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.label_page.name_edit.text() == "GPE"
    assert dialog.focusWidget() is dialog.tree
    assert dump(window) == before
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dump(window) == before


def test_undo_from_the_dialog_and_refresh_on_outside_changes(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    dialog = open_editor(qtbot, window)
    dialog.select(LabelKind.ENTITY, "DATE")
    assert dialog.set_description("Dates and times")
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    date = window.project.schema.get("DATE")
    assert date is not None and date.description == "Date or time expression"
    assert dialog.label_page.description_edit.text() == "Date or time expression"
    # a change made elsewhere (the main window) shows up in the open dialog
    assert window.controller.apply(edits.UpdateLabel("DATE", new_name="TIME"))
    assert dialog.tree.currentItem().text(0) == "TIME"


def test_every_field_caption_with_a_mnemonic_has_its_field(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    """An "&" caption without a buddy is drawn as a literal "&Key:" and Alt+K does nothing."""
    from PySide6.QtWidgets import QLabel

    window = make_window("Officials met.")
    dialog = open_editor(qtbot, window)
    for page in (dialog.label_page, dialog.role_page):
        captions = [label for label in page.findChildren(QLabel) if "&" in label.text()]
        assert captions
        assert [c.text() for c in captions if c.buddy() is None] == []
    dialog.select(LabelKind.ENTITY, "PER")
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.label_page.key_edit


# -- the Attributes tab ------------------------------------------------------------------
def attributes_tab(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    dialog = open_editor(qtbot, window)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Attributes
    assert dialog.tabs.currentWidget() is dialog.attributes_tab
    tab = dialog.attributes_tab
    assert dialog.focusWidget() is tab.list
    return dialog, tab


def test_attributes_are_declared_from_the_keyboard(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    dialog, tab = attributes_tab(qtbot, window)
    assert tab.empty_hint.isVisibleTo(dialog) and tab.names() == []
    dialog.ask_text = lambda _title, _prompt, _default: "Certainty"
    qtbot.keyClick(tab.list, Qt.Key.Key_Insert)
    assert window.project.schema.attribute("Certainty") == AttributeType("Certainty")
    assert dialog.focusWidget() is tab.values_edit  # next: its values
    qtbot.keyClicks(tab.values_edit, "Low, Likely,  Certain")
    qtbot.keyClick(tab.values_edit, Qt.Key.Key_Return)
    assert window.project.schema.attribute("Certainty").values == ("Low", "Likely", "Certain")
    assert dialog.focusWidget() is tab.list
    # applies to: the kinds box by its mnemonic, a label by its check
    qtbot.keyClick(tab.list, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # &Entities
    # (a mnemonic "animates" the click: it lands a moment later)
    qtbot.waitUntil(
        lambda: window.project.schema.attribute("Certainty").kinds == (LabelKind.ENTITY,)
    )
    assert dialog.focusWidget() is tab.kind_boxes[LabelKind.ENTITY]
    check(tab.labels_list, "Conflict:Attack")
    declared = window.project.schema.attribute("Certainty")
    assert declared.labels == ("Conflict:Attack",)
    assert window.project.schema.attributes_for("PER") == (declared,)
    assert window.project.schema.attributes_for("Movement:Transport") == ()
    type_into(qtbot, tab.description_edit, "How sure the text is")
    item = tab.list.topLevelItem(0)
    assert [item.text(c) for c in range(4)] == [
        "Certainty",
        "Low, Likely, Certain",
        "all entities, Conflict:Attack",
        "0",
    ]
    assert window.project.schema.attribute("Certainty").description == "How sure the text is"
    window.controller.undo_stack.undo()
    assert window.project.schema.attribute("Certainty").description == ""


def test_renaming_an_attribute_carries_its_uses_and_a_used_value_stays(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    types = [AttributeType("Negation"), AttributeType("Cert", ("Low", "High"))]
    assert window.controller.apply(attachments.AddAttributeTypes(types))
    putin = Target(TargetKind.SPAN, span(window, "Putin", "PER"))
    assert window.controller.apply(attachments.SetAttribute(putin, "Cert", "Low"))
    dialog, tab = attributes_tab(qtbot, window)
    assert tab.select("Cert")
    qtbot.keyClick(tab.list, Qt.Key.Key_F2)
    assert dialog.focusWidget() is tab.name_edit
    qtbot.keyClicks(tab.name_edit, "Certainty")
    qtbot.keyClick(tab.name_edit, Qt.Key.Key_Return)
    assert tab.names() == ["Negation", "Certainty"]
    assert [(a.name, a.value) for a in window.controller.attributes] == [("Certainty", "Low")]
    assert tab.list.currentItem().text(3) == "1"
    # Low is in use: dropping it is refused, and said
    type_into(qtbot, tab.values_edit, "High")
    assert window.project.schema.attribute("Certainty").values == ("Low", "High")
    assert "Low" in dialog.note.text()  # why, next to the fields
    assert tab.values_edit.text() == "Low, High"
    window.controller.undo_stack.undo()
    assert [a.name for a in window.controller.attributes] == ["Cert"]


def test_deleting_a_used_attribute_asks_first(qtbot, make_window: WindowFactory) -> None:
    window = make_window(TEXT)
    assert window.controller.apply(attachments.AddAttributeTypes([AttributeType("Negation")]))
    for name in ("Putin", "Assad"):
        target = Target(TargetKind.SPAN, span(window, name, "PER"))
        assert window.controller.apply(attachments.SetAttribute(target, "Negation"))
    dialog, tab = attributes_tab(qtbot, window)
    asked: list[str] = []

    def refuse(question: str) -> bool:
        asked.append(question)
        return False

    dialog.confirm = refuse
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    assert asked == ["2 annotation(s) carry the attribute Negation; remove it from them too?"]
    assert window.project.schema.attribute("Negation") is not None
    dialog.confirm = lambda _question: True
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    assert window.project.schema.attributes == () and window.controller.attributes == ()
    assert tab.names() == [] and not tab.fields.isEnabled()
    window.controller.undo_stack.undo()
    assert len(window.controller.attributes) == 2 and tab.names() == ["Negation"]


def test_escape_in_an_attribute_field_drops_the_typing_first(
    qtbot, make_window: WindowFactory
) -> None:
    window = make_window(TEXT)
    assert window.controller.apply(attachments.AddAttributeTypes([AttributeType("Negation")]))
    dialog, tab = attributes_tab(qtbot, window)
    tab.description_edit.setFocus()
    qtbot.keyClicks(tab.description_edit, "half typed")
    qtbot.keyClick(tab.description_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and tab.description_edit.text() == ""
    assert dialog.focusWidget() is tab.list
    qtbot.keyClick(tab.list, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
