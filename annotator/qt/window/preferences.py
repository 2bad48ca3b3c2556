"""The user's preferences shown in the window (theme, font, zoom, snapping) and saved."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont

from annotator.core.services import settings as user_settings
from annotator.core.services.settings import Settings, SettingsError
from annotator.qt import theme

if TYPE_CHECKING:
    from annotator.qt.window.main_window import MainWindow


class Preferences(QObject):
    """Applies a :class:`Settings` to the window and writes settings.toml.

    The window's ``preferences`` attribute is the current choice; the keys are rebound
    by :meth:`WindowActions.set_keymap`.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._article_font = QFont(window.article.font())  # the default, before any zoom

    def apply(self, preferences: Settings, *, starting: bool = False) -> None:
        """Show the preferences: theme, article font, snapping."""
        w = self.window
        w.preferences = preferences
        appearance = preferences.appearance
        themes = theme.manager()
        if not (starting and themes.applied and themes.choice == appearance.theme):
            themes.apply(appearance.theme)  # the app applied it already before the window
        w.window_actions.check_theme(appearance.theme)
        font = QFont(self._article_font)
        if appearance.font:
            font.setFamily(appearance.font)
        if appearance.font_size:
            font.setPointSizeF(appearance.font_size)
        elif starting:  # "default" keeps the size last zoomed to (window layout)
            font.setPointSizeF(w.article.font().pointSizeF())
        w.article.setFont(font)
        w.controller.snap = preferences.annotating.snap_to_tokens
        w.project.annotator = preferences.annotator.shown_name  # recorded with each status
        w.update_status()

    def save(self, preferences: Settings) -> bool:
        """Write settings.toml; a failure is said (the choices still hold this session)."""
        w = self.window
        w.preferences = preferences
        try:
            user_settings.save(preferences)
        except SettingsError as exc:
            w.show_error(
                self.tr("Your preferences apply now but could not be saved:\n%1").replace(
                    "%1", str(exc)
                )
            )
            return False
        return True

    def choose_theme(self, choice: str) -> None:
        """View > Theme: applied at once and saved, like the Preferences dialog's choice."""
        w = self.window
        appearance = replace(w.preferences.appearance, theme=choice)
        self.apply(replace(w.preferences, appearance=appearance))
        self.save(w.preferences)

    def zoom(self, steps: int) -> None:
        """Ctrl+= and Ctrl+-: a larger or smaller article text, kept as the text size."""
        w = self.window
        w.article.zoom(steps)
        size = round(w.article.font().pointSizeF())
        appearance = replace(w.preferences.appearance, font_size=min(48, max(6, size)))
        self.save(replace(w.preferences, appearance=appearance))
