"""``annotator PROJECT`` that exits once its window has been painted (cold start).

Run as ``python3 -m benchmarks.coldstart_child PROJECT`` by benchmarks.__main__,
which times the whole process from spawn to exit. The app has no exit-after-paint
switch, so this does what ``python3 -m annotator PROJECT`` does, in the same order:
import ``annotator.cli``, then (as its ``main`` does for the window)
``annotator.app``, then ``annotator.cli.main([PROJECT])``: open the project,
create the QApplication, build and show the MainWindow, enter the event loop.
The one addition: ``annotator.app.Application.show`` is wrapped so that, before the
window is built, an application-wide event filter starts watching for the first
Paint event of a widget in a main window; one zero-timer later, when that paint
pass is over, the process writes its timeline and leaves with ``os._exit`` (no
teardown). The import order matters: PySide6 reads the source of every module
imported after it (its ``__feature__`` support), so importing Qt first would
make the start slower than the app's own.

``BENCH_PROFILE=FILE`` writes a cProfile of the whole run to FILE.
``BENCH_NO_PANDAS=1`` makes pandas, numpy and pyarrow unimportable (as on an
install without them; sqlite-utils imports them when they are present).
"""

from __future__ import annotations

import os
import sys
import time

STARTED = time.perf_counter()


def main() -> None:
    profile_path = os.environ.get("BENCH_PROFILE")
    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    from benchmarks.optional_imports import apply_from_environment

    apply_from_environment()
    project = sys.argv[1]
    marks: dict[str, float] = {}

    import importlib

    # annotator.cli is what `python3 -m annotator` imports; annotator.app is what its
    # main() imports next to open the window.
    cli = importlib.import_module("annotator.cli")
    app_module = importlib.import_module("annotator.app")

    marks["imported"] = time.perf_counter() - STARTED
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    def finish() -> None:
        marks["painted"] = time.perf_counter() - STARTED
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile_path)
        marks["pandas_imported"] = float("pandas" in sys.modules)
        sys.stdout.write("RESULT " + repr(marks) + "\n")
        sys.stdout.flush()
        os._exit(0)

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
            if (
                not self.seen
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)
            ):
                self.seen = True
                marks["first_paint_event"] = time.perf_counter() - STARTED
                QTimer.singleShot(0, finish)
            return False

    first_paint = FirstPaint()
    original_show = app_module.Application.show

    def show(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        marks["project_open_and_qt_ready"] = time.perf_counter() - STARTED
        QApplication.instance().installEventFilter(first_paint)
        return original_show(self, *args, **kwargs)

    app_module.Application.show = show
    cli.main([project])
    raise SystemExit("the window closed before it was painted")


if __name__ == "__main__":
    main()
