"""The window's actions: one QAction per keymap action, the label keys, and the menus.

Shortcuts come from the keymap (:mod:`annotator.core.services.keymap`); each action id
is bound here to what it does, in the part of the window that does it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.core.model import Label, Status
from annotator.core.services.keymap import ACTIONS, ARTICLE, Conflict, Keymap
from annotator.qt import theme
from annotator.qt.translations import core_text

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow


class WindowActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._label_actions: list[QAction] = []
        self._build_actions()
        self._build_menus()

    def _handlers(self) -> dict[str, Callable[[], object]]:
        w = self.window
        handlers: dict[str, Callable[[], object]] = {
            "file.new": w.files.new_project,
            "file.open": w.files.open_project,
            "file.import": w.files.import_files,
            "file.export": w.files.export_project,
            "file.quit": w.close,
            "edit.undo": w.controller.undo_stack.undo,
            "edit.redo": w.controller.undo_stack.redo,
            "span.next": lambda: w.spans.step_span(True),
            "span.previous": lambda: w.spans.step_span(False),
            "span.delete": w.suggesting.delete_or_reject,  # a suggestion Tab selected too
            "selection.clear": w.adjudicating.escape,  # with nothing selected: ends adjudicating
            "selection.toggle_snap": w.spans.toggle_snap,
            "find.article": w.find_bar.open_bar,
            "find.project": w.finding.search_project,
            "doc.done_next": lambda: w.documents.finish(Status.DONE),
            "doc.skip_next": lambda: w.documents.finish(Status.SKIPPED),
            "doc.next": lambda: w.documents.step(1),
            "doc.previous": lambda: w.documents.step(-1),
            "doc.reload": w.remote.reload,
            "view.zoom_in": lambda: w.appearance.zoom(1),
            "view.zoom_out": lambda: w.appearance.zoom(-1),
            "help.shortcuts": w.dialogs.show_shortcuts,
            "help.guide": w.dialogs.show_guide,
            "edit.schema": w.dialogs.edit_schema,
            "edit.preferences": w.dialogs.edit_preferences,
            "event.argument": w.structure.start_argument,
            "event.share_trigger": w.structure.share_trigger,
            "relation.add": w.structure.start_relation,
            "span.add_fragment": w.fragments.add_fragment,
            "span.remove_fragment": w.fragments.remove_fragment,
            "coref.link": w.coreference.link,
            "coref.unlink": w.coreference.unlink,
            "annotation.attribute": w.attachments.set_attribute,
            "annotation.note": w.attachments.edit_note,
            "annotation.normalize": w.attachments.normalize,
            "view.focus_article": w.article.setFocus,
            "view.focus_annotations": w.structure.focus_annotations,
            "view.focus_documents": w.document_table.setFocus,
            "view.statistics": w.dialogs.show_statistics,
            "suggestion.accept": w.suggesting.accept,
            "suggestion.reject": w.suggesting.reject,
            "suggestion.accept_all": w.suggesting.accept_all,
            "suggestion.toggle": w.suggesting.toggle,
            "suggestion.train": w.suggesting.train_now,
            "team.compare": w.layers.toggle,
            "team.agreement": w.layers.show_agreement,
            "team.adjudicate": w.adjudicating.toggle,
            "adjudicate.pick_none": partial(w.adjudicating.pick, 0),
            "adjudicate.next": partial(w.adjudicating.step, True),
            "adjudicate.previous": partial(w.adjudicating.step, False),
            "adjudicate.accept_agreed": w.adjudicating.accept_agreed,
            "adjudicate.copy_layer": w.adjudicating.copy_layer,
            "adjudicate.done": w.adjudicating.mark_done,
        }
        for number in range(1, 10):
            handlers[f"label.assign_{number}"] = partial(w.spans.apply_label_number, number)
            handlers[f"adjudicate.pick_{number}"] = partial(w.adjudicating.pick, number)
        return handlers

    def _build_actions(self) -> None:
        w = self.window
        handlers = self._handlers()
        for action in ACTIONS:
            qaction = QAction(core_text(action.title), w)
            qaction.setObjectName(action.id)
            qaction.setShortcuts([QKeySequence(k) for k in w.keymap.keys(action.id)])
            qaction.triggered.connect(lambda _checked=False, h=handlers[action.id]: h())
            if action.context == ARTICLE:
                qaction.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                w.article.addAction(qaction)
            else:
                qaction.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                w.addAction(qaction)
            w.actions_by_id[action.id] = qaction
        # The Edit menu names what will be undone ("Undo Add PER span").
        stack = w.controller.undo_stack
        undo, redo = w.actions_by_id["edit.undo"], w.actions_by_id["edit.redo"]
        undo.setEnabled(False)
        redo.setEnabled(False)
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.undoTextChanged.connect(
            lambda text: undo.setText(
                self.tr("Undo %1").replace("%1", text) if text else self.tr("Undo")
            )
        )
        stack.redoTextChanged.connect(
            lambda text: redo.setText(
                self.tr("Redo %1").replace("%1", text) if text else self.tr("Redo")
            )
        )

    def _build_menus(self) -> None:
        w = self.window
        a = w.actions_by_id
        bar = w.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(a["file.new"])
        file_menu.addAction(a["file.open"])
        new_server = QAction(self.tr("New Server Project…"), w)
        new_server.setObjectName("file.new_server")
        new_server.triggered.connect(w.files.new_server_project)
        file_menu.addAction(new_server)
        open_server = QAction(self.tr("Open Server Project…"), w)
        open_server.setObjectName("file.open_server")
        open_server.triggered.connect(w.files.open_server_project)
        file_menu.addAction(open_server)
        self.recent_menu = QMenu(self.tr("Open &Recent"), w)
        self.recent_menu.aboutToShow.connect(lambda: w.files.fill_recent(self.recent_menu))
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(a["file.import"])
        import_folder = QAction(self.tr("Import Folder…"), w)
        import_folder.triggered.connect(w.files.import_folder)
        file_menu.addAction(import_folder)
        import_as = QAction(self.tr("Import As…"), w)
        import_as.triggered.connect(w.files.import_as)
        file_menu.addAction(import_as)
        file_menu.addAction(a["file.export"])
        file_menu.addSeparator()
        file_menu.addAction(a["file.quit"])

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(a["edit.undo"])
        edit_menu.addAction(a["edit.redo"])
        edit_menu.addSeparator()
        edit_menu.addAction(a["edit.schema"])
        edit_menu.addSeparator()
        a["edit.preferences"].setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(a["edit.preferences"])

        annotate = bar.addMenu(self.tr("&Annotate"))
        self.labels_menu = annotate.addMenu(self.tr("Apply &Label"))
        for action_id in (
            "span.next",
            "span.previous",
            "span.delete",
            "selection.clear",
            "selection.toggle_snap",
        ):
            annotate.addAction(a[action_id])
        # The rest in groups, so a mouse user finds what the keys do.
        for group in (
            ("span.add_fragment", "span.remove_fragment"),
            ("event.argument", "event.share_trigger", "relation.add"),
            ("annotation.attribute", "annotation.note", "annotation.normalize"),
            ("coref.link", "coref.unlink"),
            ("suggestion.accept", "suggestion.reject", "suggestion.accept_all"),
        ):
            annotate.addSeparator()
            for action_id in group:
                annotate.addAction(a[action_id])

        document = bar.addMenu(self.tr("&Document"))
        for action_id in ("doc.done_next", "doc.skip_next", "doc.next", "doc.previous"):
            document.addAction(a[action_id])
        document.addSeparator()
        document.addAction(a["doc.reload"])

        find = bar.addMenu(self.tr("F&ind"))
        find.addAction(a["find.article"])
        find.addAction(a["find.project"])

        w.suggesting.fill_menu(bar.addMenu(self.tr("S&uggestions")))
        w.layers.fill_menu(bar.addMenu(self.tr("&Team")))

        view = bar.addMenu(self.tr("&View"))
        view.addAction(a["view.zoom_in"])
        view.addAction(a["view.zoom_out"])
        view.addSeparator()
        for dock in (w.documents_dock, w.palette_dock, w.annotations_dock):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        view.addAction(a["view.statistics"])
        view.addSeparator()
        self._build_theme_menu(view)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(a["help.guide"])
        help_menu.addAction(a["help.shortcuts"])
        about = QAction(self.tr("About Annotator"), w)
        about.triggered.connect(w.dialogs.show_about)
        help_menu.addAction(about)

    def _build_theme_menu(self, view: QMenu) -> None:
        """View > Theme: System, Light, Dark (radio items, saved like the dialog's choice)."""
        w = self.window
        menu = view.addMenu(self.tr("&Theme"))
        self.theme_actions = QActionGroup(w)
        for value, title in (
            (theme.SYSTEM, self.tr("&System")),
            (theme.LIGHT, self.tr("&Light")),
            (theme.DARK, self.tr("&Dark")),
        ):
            action = menu.addAction(title)
            action.setObjectName(f"theme.{value}")
            action.setCheckable(True)
            action.setData(value)
            self.theme_actions.addAction(action)
            action.triggered.connect(lambda _c=False, v=value: w.appearance.choose_theme(v))

    def check_theme(self, choice: str) -> None:
        """Tick the theme in View > Theme."""
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == choice)

    def set_label_keys(self, span_labels: Sequence[Label]) -> None:
        """One action per schema key, active in the article like the number keys."""
        w = self.window
        for action in self._label_actions:
            w.article.removeAction(action)
            action.deleteLater()
        self._label_actions = []
        self.labels_menu.clear()
        for number, label in enumerate(span_labels, 1):
            keys = list(w.keymap.keys(f"label.assign_{number}")) if number <= 9 else []
            if label.key:
                keys.append(label.key.upper())
            # The menu shows the keys; the shortcuts themselves live on the article.
            menu_action = QAction(f"{label.name}\t{', '.join(keys)}", w)
            menu_action.triggered.connect(lambda _c=False, n=label.name: w.spans.apply_label(n))
            self.labels_menu.addAction(menu_action)
            if label.key:
                action = QAction(label.name, w)
                action.setShortcut(QKeySequence(label.key.upper()))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.triggered.connect(lambda _c=False, n=label.name: w.spans.apply_label(n))
                w.article.addAction(action)
                self._label_actions.append(action)
        conflicts = self.conflicts()
        if conflicts:
            w.statusBar().showMessage(
                self.tr("Shortcut conflicts: ") + "; ".join(str(c) for c in conflicts), 15000
            )

    def conflicts(self) -> list[Conflict]:
        w = self.window
        label_keys = {label.key: label.name for label in w.controller.span_labels() if label.key}
        return w.keymap.conflicts(label_keys)

    def set_keymap(self, keymap: Keymap) -> None:
        """Rebind every action's shortcuts (and the label menu's keys) live."""
        w = self.window
        w.keymap = keymap
        for action_id, qaction in w.actions_by_id.items():
            qaction.setShortcuts([QKeySequence(k) for k in keymap.keys(action_id)])
        w.spans.refresh_schema()
