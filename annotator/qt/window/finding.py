"""Finding text: Ctrl+F in the article, Ctrl+Shift+F across the project."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.analysis import search
from annotator.core.project import Project
from annotator.qt.tasks import run_in_background

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow

# Texts imported since the last search are indexed on a worker thread past this many.
INDEX_IN_BACKGROUND_FROM = 2000


class Finding(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def find_next(self, query: str, backwards: bool) -> None:
        w = self.window
        document = w.controller.document
        if document is None or not query:
            return
        start, end = w.article.selection()
        found = search.find_in_text(
            document.text, query, start if backwards else end, backwards=backwards
        )
        if found is None:
            w.find_bar.status.setText(self.tr("not found"))
            return
        w.find_bar.status.clear()
        w.controller.select_span(None)
        w.article.select(found, found + len(query))
        w.article.setFocus()

    def search_project(self) -> None:
        if not self._index_for_search():
            return
        from annotator.qt.dialogs.project_search import ProjectSearchDialog

        dialog = ProjectSearchDialog(self.window.project, self.window)
        dialog.hitChosen.connect(self._open_hit)
        dialog.exec()

    def _index_for_search(self) -> bool:
        """Index texts imported since the last search, on a worker thread when many.

        Searching indexes what is missing anyway; doing a large catch-up here keeps
        the window responsive and gives it a progress bar and Cancel.
        """
        project = self.window.project
        project_path = project.path
        if project.read_only:  # cannot index: the search scans what is not indexed
            return True
        if project_path is None or search.index_lag(project.db) < INDEX_IN_BACKGROUND_FROM:
            return True

        def job(progress: Callable[[int, int], None]) -> int:
            with Project.open(project_path, lock=False) as own_connection:
                return search.catch_up(own_connection.db, progress)

        outcome = run_in_background(self.window, self.tr("Indexing texts for search…"), job)
        if outcome.state == "failed":
            self.window.show_error(outcome.message)
        return outcome.state == "done"

    def _open_hit(self, document_id: int, start: int, end: int) -> None:
        w = self.window
        w.documents.go_to(document_id)
        w.article.select(start, end)
        w.article.setFocus()
