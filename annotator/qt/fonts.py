"""A colour emoji font for the article, where the system has one.

Flags, skin tones and ZWJ sequences (👨‍👩‍👧) need a colour emoji font: without one Qt
draws empty boxes. The desktop's own fallback does not always pick it (a bare X
server, or a default font that claims some emoji in black and white), so the first
colour font found is registered with Qt as the application's emoji font. Where none
is installed the boxes stay, and the user guide names the package that provides one
(Debian and Ubuntu: ``fonts-noto-color-emoji``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontDatabase

# Most common first: Linux, macOS, Windows, then fonts users install themselves.
EMOJI_FAMILIES = (
    "Noto Color Emoji",
    "Apple Color Emoji",
    "Segoe UI Emoji",
    "Twemoji",
    "Twitter Color Emoji",
    "JoyPixels",
    "EmojiOne Color",
    "OpenMoji Color",
)

INSTALL_HINT = "fonts-noto-color-emoji"  # the Debian/Ubuntu package (docs/guide)


def emoji_family(has_family: Callable[[str], bool] = QFontDatabase.hasFamily) -> str | None:
    """The first colour emoji font the system has, or None."""
    return next((family for family in EMOJI_FAMILIES if has_family(family)), None)


def install_emoji_font() -> str | None:
    """Make the system's colour emoji font Qt's emoji fallback; its family, or None.

    Call once the QGuiApplication exists (again is harmless). Qt 6.9 and later shape
    emoji sequences with it; older Qt is left to the desktop's fallback.
    """
    family = emoji_family()
    register = getattr(QFontDatabase, "addApplicationEmojiFontFamily", None)  # Qt 6.9
    if family is None or register is None:
        return family
    if family not in QFontDatabase.applicationEmojiFontFamilies():
        register(family)
    return family
