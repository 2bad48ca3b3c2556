"""Colour maths for readable labels: WCAG relative luminance and contrast ratios.

A label's colour is a background (span highlights, swatches, captions); the text on it
is black or white, whichever contrasts more. Colours are ``#RRGGBB`` strings, so the
window and the exports share one rule and core stays free of Qt.
"""

from __future__ import annotations

import re
from functools import lru_cache

BLACK = "#000000"
WHITE = "#FFFFFF"

_HEX = re.compile(r"^#([0-9A-Fa-f]{6})$")


def rgb(color: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as (red, green, blue), 0-255. Raises ValueError for anything else."""
    match = _HEX.match(color)
    if match is None:
        raise ValueError(f"colour {color!r} is not #RRGGBB")
    value = int(match.group(1), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def to_hex(red: float, green: float, blue: float) -> str:
    def channel(value: float) -> int:
        return max(0, min(255, round(value)))

    return f"#{channel(red):02X}{channel(green):02X}{channel(blue):02X}"


def linear(channel: int) -> float:
    """An sRGB channel (0-255) in linear light (the sRGB transfer curve undone)."""
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG 2 relative luminance: 0 for black, 1 for white."""
    red, green, blue = (linear(c) for c in rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, from 1 (same luminance) to 21 (black on white)."""
    a, b = luminance(first), luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@lru_cache(maxsize=1024)  # called while painting: a few colours, many spans
def text_color_for(background: str) -> str:
    """Black or white text, whichever contrasts more with ``background``.

    One of the two always reaches 4.58:1 (the crossing point), so text on any label
    colour meets WCAG AA for normal text.
    """
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE


def is_dark(color: str) -> bool:
    """Whether white text reads better on it than black (a "dark" background)."""
    return text_color_for(color) == WHITE


def mix(first: str, second: str, amount: float) -> str:
    """``first`` moved ``amount`` (0-1) of the way towards ``second``, in sRGB."""
    a, b = rgb(first), rgb(second)
    return to_hex(*(x + (y - x) * amount for x, y in zip(a, b, strict=True)))


def readable_on(color: str, background: str, minimum: float = 4.5) -> str:
    """``color`` darkened or lightened just enough to reach ``minimum`` contrast on
    ``background`` (an error red that reads on a light and on a dark window)."""
    target = text_color_for(background)
    for step in range(21):
        candidate = mix(color, target, step / 20)
        if contrast(candidate, background) >= minimum:
            return candidate
    return target


@lru_cache(maxsize=1024)  # called while painting: a few colours, many spans
def outline_for(background: str) -> str:
    """A stroke colour that stands out on ``background`` in its own hue (the bars under
    nested spans, drawn over label colours): moved towards the text colour."""
    return mix(background, text_color_for(background), 0.45)
