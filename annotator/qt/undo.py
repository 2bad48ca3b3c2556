"""One QUndoCommand type that wraps any core edit (docs/adr/0004).

The edit is applied *before* the command is pushed, so a refused edit never
reaches the stack; ``QUndoStack.push`` calls ``redo()`` at once, which the first
time does nothing.

An undo or redo the project refuses (on a shared server project: someone else changed
the same annotations since) leaves the edit as it was, and the command is made
obsolete, so the stack drops it instead of counting it undone (or redone): the stack
stays in step with the project, and the refusal is reported, not raised out of Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.core.editing.edits import Changes, Edit
from annotator.core.errors import AnnotatorError
from annotator.core.project import Project


class EditCommand(QUndoCommand):
    def __init__(
        self,
        project: Project,
        edit: Edit,
        on_change: Callable[[Changes], None],
        on_refused: Callable[[AnnotatorError], None] | None = None,
    ) -> None:
        super().__init__(edit.name)
        self.edit = edit
        self._project = project
        self._on_change = on_change
        self._on_refused = on_refused
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # applied by the controller just before push()
            self._pushed = True
            return
        self._run(self._project.apply)

    def undo(self) -> None:
        self._run(self._project.revert)

    def _run(self, action: Callable[[Edit], Changes]) -> None:
        try:
            changes = action(self.edit)
        except AnnotatorError as exc:
            if self._on_refused is None:
                raise
            # QUndoStack deletes an obsolete command after undo() or redo() returns
            # (and does not move past it): what was not undone is not "undone".
            self.setObsolete(True)
            self._on_refused(exc)
            return
        self._on_change(changes)
