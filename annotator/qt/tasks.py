"""Long work (import, export) on a worker thread, with a progress dialog and Cancel.

The job is a plain function ``job(progress)`` from the core; ``progress(done,
total)`` reports and raises :class:`~annotator.core.errors.Cancelled` once the
user has pressed Cancel. Jobs open their own connection to the project file (WAL
lets the window keep reading meanwhile); the dialog is window-modal, so no edit
can race the job.
"""

from __future__ import annotations

import gc
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.qt.damaged import DAMAGED, damaged_message, location_of

Job = Callable[[Callable[[int, int], None]], Any]


@dataclass
class Outcome:
    state: str  # "done", "failed" or "cancelled"
    value: Any = None
    message: str = ""


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)

    def __init__(self, job: Job, location: str | None = None) -> None:
        super().__init__()
        self._job = job
        self._location = location  # the project, as a damaged-file message names it
        self.cancel_requested = threading.Event()

    def _progress(self, done: int, total: int) -> None:
        if self.cancel_requested.is_set():
            raise Cancelled("cancelled")
        self.progressed.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            outcome = Outcome("done", self._job(self._progress))
        except Cancelled:
            outcome = Outcome("cancelled")
        except AnnotatorError as exc:
            outcome = Outcome("failed", message=str(exc))
        except DAMAGED as exc:  # a row of a damaged project file: no bug, no traceback
            outcome = Outcome("failed", message=damaged_message(self._location, exc))
        except Exception:  # a bug: report it rather than lose the thread silently
            outcome = Outcome("failed", message=traceback.format_exc())
        self.finished.emit(outcome)


class _Receiver(QObject):
    """Lives in the GUI thread, so the worker's signals arrive queued."""

    def __init__(self, dialog: QProgressDialog, loop: QEventLoop, worker: _Worker) -> None:
        super().__init__()
        self._dialog, self._loop, self._worker = dialog, loop, worker
        self.outcome = Outcome("cancelled")

    @Slot()
    def cancel(self) -> None:
        self._worker.cancel_requested.set()  # the worker stops at its next progress call

    @Slot(int, int)
    def progressed(self, done: int, total: int) -> None:
        if self._dialog.wasCanceled():
            self.cancel()
        if total > 0:
            self._dialog.setMaximum(total)
            self._dialog.setValue(min(done, total))

    @Slot(object)
    def finished(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self._loop.quit()


JOB_SWITCH_INTERVAL = 0.0002  # seconds


def run_in_background(parent: QWidget | None, label: str, job: Job) -> Outcome:
    """Run ``job`` off the GUI thread; the event loop keeps running until it ends."""
    dialog = QProgressDialog(label, QCoreApplication.translate("tasks", "Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    worker = _Worker(job, location_of(parent))
    receiver = _Receiver(dialog, loop, worker)
    thread = QThread()
    worker.moveToThread(thread)
    worker.progressed.connect(receiver.progressed)
    worker.finished.connect(receiver.finished)
    dialog.canceled.connect(receiver.cancel)
    thread.started.connect(worker.run)
    # While the worker computes, every call the GUI thread makes into Python (a
    # repaint makes hundreds) waits for the GIL up to the switch interval (5 ms by
    # default): together a visible freeze. A short interval hands it over quickly.
    # And the worker builds hundreds of thousands of objects: a full garbage collection
    # it sets off would hold the GIL over every object of the process (100+ ms). Cycles
    # are rare here, so the collector waits until the job is over.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(JOB_SWITCH_INTERVAL)
    collecting = gc.isenabled()
    gc.disable()
    try:
        thread.start()
        loop.exec()
        thread.quit()
        thread.wait()
    finally:
        sys.setswitchinterval(interval)
        if collecting:
            # What the job left alive (an import's records, kept for undo) would make the
            # first collection after it walk every one of those objects on the GUI
            # thread (30-100 ms). Freezing moves them out of the collector's sight in
            # O(1); reference counting still frees them, only reference cycles among
            # them would be kept, and the jobs' data has none to speak of.
            gc.freeze()
            gc.enable()
    dialog.close()
    dialog.deleteLater()
    return receiver.outcome
