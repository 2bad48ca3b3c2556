"""The dialogs and side windows the main window opens.

Each dialog module loads on first use: every module imported at start-up costs
cold-start time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog

if TYPE_CHECKING:
    from annotator.qt.dialogs.help_browser import HelpBrowser
    from annotator.qt.dialogs.statistics_dialog import StatisticsDialog
    from annotator.qt.window.main_window import MainWindow


class Dialogs(QObject):
    """Schema editor, Preferences, shortcuts, user guide, statistics, About."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.help_browser: HelpBrowser | None = None  # one per window, kept while it lives
        self.statistics_dialog: StatisticsDialog | None = None

    def edit_schema(self) -> None:
        from annotator.qt.dialogs.schema_editor import SchemaEditorDialog

        SchemaEditorDialog(self.window.controller, self.window).exec()

    def edit_preferences(self) -> None:
        """Edit > Preferences: OK applies the choices at once and saves them."""
        from annotator.qt.dialogs.settings_dialog import SettingsDialog

        w = self.window
        dialog = SettingsDialog(w.preferences, w.keymap, w.controller.span_labels(), w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not one kept per opening
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen, keymap = dialog.chosen, dialog.keymap()
        if not accepted or chosen is None:
            return
        w.window_actions.set_keymap(keymap)
        w.appearance.apply(chosen)
        w.appearance.save(chosen)

    def show_shortcuts(self) -> None:
        from annotator.qt.dialogs.shortcuts import ShortcutDialog

        w = self.window
        conflicts = w.window_actions.conflicts()
        ShortcutDialog(w.keymap, w.controller.span_labels(), conflicts, w).exec()

    def show_guide(self, page: Path | None = None) -> HelpBrowser:
        """The user guide beside the window (one browser per window, raised if open)."""
        if self.help_browser is None:
            from annotator.qt.dialogs.help_browser import HelpBrowser

            self.help_browser = HelpBrowser(self.window)
            self.help_browser.open_page(page)
        elif page is not None:
            self.help_browser.open_page(page)
        self.help_browser.show()
        self.help_browser.raise_()
        self.help_browser.activateWindow()
        return self.help_browser

    def show_statistics(self) -> StatisticsDialog:
        """The statistics window beside this one (one per window, raised if open)."""
        w = self.window
        if self.statistics_dialog is None:
            import_keys = ", ".join(w.keymap.keys("file.import")) or self.tr("File > Import")
            from annotator.qt.dialogs.statistics_dialog import StatisticsDialog

            self.statistics_dialog = StatisticsDialog(w.controller, import_keys, w)
        self.statistics_dialog.show()
        self.statistics_dialog.raise_()
        self.statistics_dialog.activateWindow()
        return self.statistics_dialog

    def show_about(self) -> None:
        from annotator.qt.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self.window)
        dialog.guideRequested.connect(self.show_guide)
        dialog.exec()
