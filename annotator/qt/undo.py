"""One QUndoCommand type that wraps any core edit (docs/adr/0004).

The edit is applied *before* the command is pushed, so a refused edit never
reaches the stack; ``QUndoStack.push`` calls ``redo()`` at once, which the first
time does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.core.editing.edits import Changes, Edit
from annotator.core.project import Project


class EditCommand(QUndoCommand):
    def __init__(self, project: Project, edit: Edit, on_change: Callable[[Changes], None]) -> None:
        super().__init__(edit.name)
        self.edit = edit
        self._project = project
        self._on_change = on_change
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # applied by the controller just before push()
            self._pushed = True
            return
        self._on_change(self._project.apply(self.edit))

    def undo(self) -> None:
        self._on_change(self._project.revert(self.edit))
