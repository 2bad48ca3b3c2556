"""The controller keeps fragments, attributes, notes and chains of the open document current."""

from annotator.core.editing import attachments, edits
from annotator.core.model import Target, TargetKind
from annotator.core.model.records import DocumentRecord
from annotator.core.project import Project
from annotator.qt.controller import Controller


def test_controller_follows_fragments_chains_and_notes_through_undo(qapp):
    p = Project.in_memory()
    p.import_records([DocumentRecord(uid="d", text="Barack Obama met him there.")])
    c = Controller(p)
    c.open_document(p.document_ids()[0])
    label = p.schema.labels[0].name
    assert c.apply(edits.AddSpan(c.document_id, 0, 12, label, fragments=((0, 6), (7, 12))))
    s = c.annotations.spans[0]
    assert s.fragments == ((0, 6), (7, 12)), s
    assert c.apply(edits.AddSpan(c.document_id, 17, 20, label))
    s2 = next(x for x in c.annotations.spans if x.start == 17)
    assert c.apply(attachments.LinkCoreference([s.id, s2.id]))
    assert c.chains and set(c.chains[0].members) == {s.id, s2.id}
    assert c.apply(attachments.SetNote(Target(TargetKind.SPAN, s.id), "hi"))
    assert c.notes[0].text == "hi"
    c.undo_stack.undo()
    assert not c.notes
