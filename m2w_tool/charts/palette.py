"""The colours of the four levels: one palette for the report's badges, the portfolio's heat map and
box plots, and the XLSX export.

ColorBrewer's RdBu (red for "beginning", blue for "strong"): it stays four distinct colours for
people with red-green (deuteranopia, protanopia) and blue-yellow (tritanopia) colour blindness,
which the former red-yellow-green did not. Each level has the text colour that reads best on it;
every pair has a contrast of at least 4.5:1 (WCAG AA for normal text, also the 7.5 pt heat map),
and the level is always written out or printed as a number too, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_LEVEL = "none"  # the palette key (and CSS class suffix) for "not enough answers"
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class LevelColours:
    """How a level looks: its fill, the text on that fill, and a border (for light fills on white)."""

    background: str
    text: str
    border: str


LEVEL_PALETTE: dict[str, LevelColours] = {
    "beginning": LevelColours("#b2182b", "#ffffff", "#b2182b"),  # contrast 6.9:1
    "developing": LevelColours("#f4a582", "#1a1a1a", "#e08a63"),  # 8.7:1
    "established": LevelColours("#92c5de", "#1a1a1a", "#6aa9c9"),  # 9.3:1
    "strong": LevelColours("#2166ac", "#ffffff", "#2166ac"),  # 5.9:1
    NO_LEVEL: LevelColours("#eeeeee", "#555555", "#bdbdbd"),  # 6.4:1
}


def level_colours(level_id: str | None) -> LevelColours:
    """The colours of a level id; `None` (or an unknown id) is "not enough answers"."""
    return LEVEL_PALETTE.get(level_id or NO_LEVEL, LEVEL_PALETTE[NO_LEVEL])


def level_css() -> str:
    """The palette as CSS: `.lvl-<id>` for each level and `.lvl-none`, for every HTML document."""
    return "\n".join(
        f".lvl-{key} {{ background: {c.background}; color: {c.text}; border-color: {c.border}; }}"
        for key, c in LEVEL_PALETTE.items()
    )


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two `#rrggbb` colours (1 to 21)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
