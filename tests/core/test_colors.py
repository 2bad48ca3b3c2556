"""Label colours: WCAG contrast maths, and a default palette safe for colour-blind users.

The colour-vision simulation uses the Machado, Oliveira and Fernandes (2009) matrices
for full deuteranopia and protanopia, applied in linear RGB; distances are CIE76
Delta E in CIELAB (D65). About 10 is "clearly different at a glance".
"""

from __future__ import annotations

import math
from itertools import combinations, pairwise

import pytest

from annotator.core.model import schemas
from annotator.core.services import colors
from annotator.core.services.colors import BLACK, WHITE, contrast, luminance, text_color_for

Matrix = tuple[tuple[float, float, float], ...]
NORMAL: Matrix = ((1, 0, 0), (0, 1, 0), (0, 0, 1))
DEUTERANOPIA: Matrix = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
PROTANOPIA: Matrix = (
    (0.152286, 1.052583, -0.204868),
    (0.114503, 0.786281, 0.099216),
    (-0.003882, -0.048116, 1.051998),
)
VISIONS = {"normal": NORMAL, "deuteranopia": DEUTERANOPIA, "protanopia": PROTANOPIA}
# The pages the highlights sit on: the article's base in the light and the dark theme.
LIGHT_PAGE, DARK_PAGE = "#FFFFFF", "#1E1E1E"


def lab(color: str, vision: Matrix = NORMAL) -> tuple[float, float, float]:
    """CIELAB of a colour as seen with a colour-vision deficiency."""
    linear = [colors.linear(c) for c in colors.rgb(color)]
    r, g, b = (
        min(1.0, max(0.0, sum(m * v for m, v in zip(row, linear, strict=True)))) for row in vision
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(first: str, second: str, vision: Matrix = NORMAL) -> float:
    return math.dist(lab(first, vision), lab(second, vision))


# -- the maths ------------------------------------------------------------------
def test_luminance_and_contrast_match_the_wcag_reference_values() -> None:
    assert luminance(BLACK) == 0 and luminance(WHITE) == pytest.approx(1)
    assert contrast(BLACK, WHITE) == pytest.approx(21)
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)  # the famous grey
    assert contrast("#0000FF", WHITE) == pytest.approx(8.59, abs=0.01)
    assert contrast("#123456", "#123456") == 1


@pytest.mark.parametrize(
    ("background", "text"),
    [("#FFFF00", BLACK), ("#000080", WHITE), ("#777777", BLACK), ("#D55E00", BLACK),
     ("#0072B2", WHITE), ("#882255", WHITE), ("#99DDFF", BLACK)],
)  # fmt: skip
def test_text_colour_is_the_one_with_more_contrast(background: str, text: str) -> None:
    assert text_color_for(background) == text
    other = WHITE if text == BLACK else BLACK
    assert contrast(background, text) >= contrast(background, other)
    assert contrast(background, text) >= 4.5  # always reachable with black or white


def test_bad_colours_are_refused() -> None:
    for bad in ("red", "#12345", "#GGGGGG", "123456"):
        with pytest.raises(ValueError, match="not #RRGGBB"):
            colors.rgb(bad)


def test_an_error_colour_is_adjusted_until_it_reads_on_either_page() -> None:
    red = "#B00020"
    assert colors.readable_on(red, LIGHT_PAGE) == red  # already 7:1 on white
    on_dark = colors.readable_on(red, "#2D2D2D")
    assert contrast(red, "#2D2D2D") < 4.5 <= contrast(on_dark, "#2D2D2D")
    assert colors.rgb(on_dark)[0] > colors.rgb(on_dark)[1]  # still reddish


def test_outlines_stand_out_on_their_own_colour() -> None:
    for color in (*schemas.PALETTE, "#332288", "#117733"):
        assert contrast(colors.outline_for(color), color) >= 1.8


# -- the default palette ------------------------------------------------------------
def test_default_label_text_is_readable_beyond_the_minimum() -> None:
    """4.5:1 holds for any colour with black or white text (see text_color_for), so the
    palette is held to 7:1 (WCAG AAA): text in a highlight reads as well as body text."""
    for color in schemas.PALETTE:
        assert contrast(color, text_color_for(color)) >= 7, color


@pytest.mark.parametrize("vision", VISIONS)
def test_default_colours_stay_distinct_for_colour_blind_users(vision: str) -> None:
    closest = min(
        (delta_e(a, b, VISIONS[vision]), a, b) for a, b in combinations(schemas.PALETTE, 2)
    )
    assert closest[0] >= 10, closest


def test_neighbouring_default_colours_differ_in_lightness() -> None:
    lightness = [lab(color)[0] for color in schemas.PALETTE]
    steps = [abs(a - b) for a, b in pairwise(lightness)]
    assert min(steps) >= 10, steps


def test_highlights_show_on_a_light_and_a_dark_page() -> None:
    for color in schemas.PALETTE:
        for page in (LIGHT_PAGE, DARK_PAGE):
            for vision in VISIONS.values():
                assert delta_e(color, page, vision) >= 10, (color, page)


def test_nine_labels_get_nine_different_default_colours() -> None:
    from annotator.core.model import Label, LabelKind

    labels = [Label(f"L{n}", LabelKind.ENTITY, "") for n in range(9)]
    assigned = [label.color for label in schemas.with_colors(labels)]
    assert assigned == list(schemas.PALETTE) and len(set(assigned)) == 9


def test_the_simulation_does_confuse_what_dichromats_confuse() -> None:
    """The matrices are not decorative: red and green, distinct to most eyes, collapse."""
    red, green = "#D81B1B", "#4C9A2A"
    assert delta_e(red, green) > 40
    assert delta_e(red, green, DEUTERANOPIA) < delta_e(red, green) / 3
    assert delta_e(red, green, PROTANOPIA) < delta_e(red, green) / 3
