"""Other people's changes to a shared server project: Reload (F5), a poll, conflicts.

Several annotators edit a server project at once. Their edits reach this window when the
user reloads (F5), and by themselves: every few seconds, while the window is active and
no drag is under way, one small query compares the open document's revisions with the
ones it shows (:meth:`.Controller.changed_by_others`), and the view is read again when
they differ. An edit of ours that someone else's change refused (a conflict) is said in
the status bar, not in a message that would interrupt typing, and the document is shown
again as it is now, so the user sees what the other person did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

POLL_MS = 3000  # how often a server project is asked whether others changed the document
CONFLICT_SHOWN_MS = 12000


class RemoteChanges(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        controller = window.controller
        controller.conflicted.connect(self.conflicted)
        controller.refreshed.connect(self.refreshed)
        self._conflict: str | None = None  # the conflict the status bar shows
        window.statusBar().messageChanged.connect(self._message_changed)
        if window.project.is_server:  # a file has one writer: nothing to poll for
            self.poll_timer.start()

    def poll(self) -> None:
        """One small query: show the open document again if someone else changed it."""
        w = self.window
        if not w.isActiveWindow() or QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return  # not while the user is away, nor under a drag (selecting, moving)
        if w.picker.active:
            return  # picking an argument's span: not the spans moving under the user
        if w.controller.changed_by_others():
            w.controller.refresh()

    def reload(self) -> None:
        """F5: read the document list, the labels and the open document again."""
        w = self.window
        w.document_model.reload()  # documents others added or removed, their statuses
        w.controller.refresh(schema=True)
        w.statusBar().showMessage(self.tr("Reloaded"), 3000)

    def conflicted(self, message: str) -> None:
        """Said in the status bar, all of it: the selection and snapping labels make room
        while it shows (they come back with the next message, or when it times out)."""
        w = self.window
        self._conflict = message
        for label in (w.selection_label, w.snap_label):
            label.hide()
        w.statusBar().showMessage(message, CONFLICT_SHOWN_MS)

    def _message_changed(self, text: str) -> None:
        if self._conflict is not None and text != self._conflict:
            self._conflict = None
            for label in (self.window.selection_label, self.window.snap_label):
                label.show()

    def refreshed(self) -> None:
        """The controller read the open document again: the rest of the view follows."""
        w = self.window
        w.document_model.mark_stale()  # statuses and span counts others changed
        w.status_counts_changed()
        if w.controller.document is None:  # deleted meanwhile: show another one
            w.document_model.reload()
            w.documents.open_first()
            return
        w.layers.refresh()  # the compared annotator's layer may have changed too
        w.adjudicating.refresh()  # and the layers compared when adjudicating
        w.documents.mark_current_row()
        w.update_status()
