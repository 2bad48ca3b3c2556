"""Training in another process, so typing never waits for the model.

One worker process (the ``spawn`` start method: a fresh interpreter, no copy of the
window's threads or Qt), started on first use and kept for the next retraining, at
a lower priority where the system has one. It opens the project read-only; the
window, the one writer, stores the certainty the :class:`TrainReport` carries.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from annotator.core.assist.training import TrainReport, train_project


def _lower_priority() -> None:
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not allowed: train at normal priority
            os.nice(10)


def _train(project_path: str, directory: str | None) -> TrainReport:
    """Run in the worker: the report, or an AnnotatorError with the user's message
    (MissingDependency among them: it pickles whole, so the window can say what to
    install)."""
    return train_project(Path(project_path), Path(directory) if directory else None)


class BackgroundTraining:
    """Retrain a project's model in a worker process; one training at a time."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._future: Future[TrainReport] | None = None

    def start(self, project_path: Path | str, directory: Path | None = None) -> Future[TrainReport]:
        """Queue a training (after the one running, replacing one still waiting); the
        future's result is the :class:`TrainReport`, its exception an AnnotatorError."""
        if self._future is not None and not self._future.done():
            self._future.cancel()  # only succeeds while it waits: this one supersedes it
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_lower_priority,
            )
        future = self._executor.submit(
            _train, str(project_path), str(directory) if directory is not None else None
        )
        self._future = future
        return future

    @property
    def running(self) -> bool:
        return self._future is not None and not self._future.done()

    def shutdown(self) -> None:
        """Stop: waiting trainings are cancelled, a running one is killed (it writes
        its model into a temporary folder first, so no half model is left)."""
        executor, self._executor = self._executor, None
        future, self._future = self._future, None
        if executor is None:
            return
        if future is not None:
            future.cancel()
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
