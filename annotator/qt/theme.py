"""Light and dark themes: follow the system's colour scheme, or a manual choice.

Qt 6.8+ can ask the platform for a scheme (``styleHints().setColorScheme``), which
also darkens title bars where the platform supports it. Not every platform or style
honours it (the offscreen and many X11 setups report no scheme at all), so the
result is checked: when the palette Qt ends up with is not the one wanted, a Fusion
palette of our own is applied. Widgets repaint from the palette; the few colours
that are not palette roles (error text, label swatches) come from here and are
checked for contrast with :mod:`annotator.core.services.colors`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from annotator.core.services import colors

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = (SYSTEM, LIGHT, DARK)
ERROR_RED = "#B00020"

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# Fusion's light colours (with a darker selection), and a dark counterpart: text
# reaches 9:1 on every background and selected text 5:1 in both (tests check it).
_LIGHT = {
    Role.Window: "#EFEFEF", Role.WindowText: "#000000", Role.Base: "#FFFFFF",
    Role.AlternateBase: "#F7F7F7", Role.ToolTipBase: "#FFFFDC", Role.ToolTipText: "#000000",
    Role.PlaceholderText: "#6E6E6E", Role.Text: "#000000", Role.Button: "#EFEFEF",
    Role.ButtonText: "#000000", Role.BrightText: "#FFFFFF", Role.Light: "#FFFFFF",
    Role.Midlight: "#CACACA", Role.Mid: "#B8B8B8", Role.Dark: "#9F9F9F", Role.Shadow: "#767676",
    Role.Highlight: "#2B6CB0", Role.HighlightedText: "#FFFFFF", Role.Link: "#0000EE",
    Role.LinkVisited: "#FF00FF",
}  # fmt: skip
_LIGHT_DISABLED = {Role.WindowText: "#BEBEBE", Role.Text: "#BEBEBE", Role.ButtonText: "#BEBEBE",
                   Role.Highlight: "#919191", Role.Base: "#EFEFEF"}  # fmt: skip
_DARK = {
    Role.Window: "#2D2D2D", Role.WindowText: "#E6E6E6", Role.Base: "#1E1E1E",
    Role.AlternateBase: "#282828", Role.ToolTipBase: "#3A3A3A", Role.ToolTipText: "#E6E6E6",
    Role.PlaceholderText: "#8F8F8F", Role.Text: "#E6E6E6", Role.Button: "#353535",
    Role.ButtonText: "#E6E6E6", Role.BrightText: "#FFFFFF", Role.Light: "#4A4A4A",
    Role.Midlight: "#3E3E3E", Role.Mid: "#2A2A2A", Role.Dark: "#1A1A1A", Role.Shadow: "#0A0A0A",
    Role.Highlight: "#2F65B8", Role.HighlightedText: "#FFFFFF", Role.Link: "#7CB8FF",
    Role.LinkVisited: "#C9A2FF",
}  # fmt: skip
_DARK_DISABLED = {Role.WindowText: "#7A7A7A", Role.Text: "#7A7A7A", Role.ButtonText: "#7A7A7A",
                  Role.Highlight: "#4A4A4A", Role.Base: "#262626"}  # fmt: skip


def _palette(
    normal: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str]
) -> QPalette:
    palette = QPalette()
    for role, color in normal.items():
        palette.setColor(role, QColor(color))
    for role, color in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(color))
    return palette


def light_palette() -> QPalette:
    return _palette(_LIGHT, _LIGHT_DISABLED)


def dark_palette() -> QPalette:
    return _palette(_DARK, _DARK_DISABLED)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the window background is dark (white text reads better on it)."""
    palette = palette or QGuiApplication.palette()
    return colors.is_dark(palette.color(Role.Window).name())


def error_color(palette: QPalette | None = None) -> str:
    """The red for error notes, adjusted to read (4.5:1) on the window background."""
    palette = palette or QGuiApplication.palette()
    return colors.readable_on(ERROR_RED, palette.color(Role.Window).name())


def error_style(palette: QPalette | None = None) -> str:
    """A style sheet for a label that shows an error (see :func:`error_color`)."""
    return f"color: {error_color(palette)}"


def swatch(color: str, size: int = 12) -> QPixmap:
    """A label's colour square with an outline, visible on a light and a dark window."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor(colors.outline_for(color)), 1))
    painter.drawRect(QRectF(0.5, 0.5, size - 1, size - 1))
    painter.end()
    return pixmap


class ThemeManager(QObject):
    """Applies a theme choice to the application and re-applies "system" when the
    desktop switches between light and dark."""

    changed = Signal(bool)  # the new palette is dark

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("themeManager")
        self._app = app
        self.choice = SYSTEM
        self.applied = False  # whether apply() has run (start-up applies once)
        self._own_palette = False
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def apply(self, choice: str) -> None:
        if choice not in THEMES:
            raise ValueError(f"unknown theme {choice!r} (themes: {', '.join(THEMES)})")
        self.choice = choice
        self.applied = True
        hints = self._app.styleHints()
        wanted = {LIGHT: Qt.ColorScheme.Light, DARK: Qt.ColorScheme.Dark}.get(choice)
        if hasattr(hints, "setColorScheme"):  # Qt 6.8+
            if wanted is None:
                hints.unsetColorScheme()
            else:
                hints.setColorScheme(wanted)
        if self._own_palette:
            self._own_palette = False
            self._app.setPalette(QPalette())  # back to the platform's
        if wanted is None:
            # Follow the system: if it says dark but the style's palette is light
            # (a platform theme without dark colours), darken it ourselves.
            wanted = hints.colorScheme()
            if wanted == Qt.ColorScheme.Unknown:
                self.changed.emit(is_dark())
                return
        want_dark = wanted == Qt.ColorScheme.Dark
        if is_dark() != want_dark:
            if self._app.style().name().lower() != "fusion":
                self._app.setStyle("Fusion")  # native styles ignore custom palettes
            self._app.setPalette(dark_palette() if want_dark else light_palette())
            self._own_palette = True
        self.changed.emit(is_dark())

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == SYSTEM:
            self.apply(SYSTEM)


def manager() -> ThemeManager:
    """The application's theme manager (made on first use, owned by the QApplication)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    found = app.findChild(ThemeManager, "themeManager")
    return found if found is not None else ThemeManager(app)
