"""What every chart shares: colours for ink and grid, the font list, escaping, coordinates, wrapping."""

from __future__ import annotations

from html import escape

INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#b8b8b8"
CURRENT = "#1f4e79"  # dark blue: readable on white, prints well in grey
BASELINE = "#a04000"  # burnt orange, drawn dashed so it differs without colour too
FONT = "DejaVu Sans, Noto Sans, Noto Sans Arabic, sans-serif"


def e(text: object) -> str:
    """Text (or an attribute value) made safe inside SVG markup."""
    return escape(str(text), quote=True)


def n(x: float) -> str:
    """A coordinate with at most one decimal: small SVG, stable output for tests (`12`, `12.5`)."""
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Split `text` into at most `max_lines` lines of about `width` characters (ellipsis if cut)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return lines


def svg_open(width: int, height: int, chart_id: str, title: str, desc: str, css_class: str = "chart") -> list[str]:
    """The opening of an accessible chart: its size, role, and the title and description it is labelled by."""
    return [
        f'<svg class="{e(css_class)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{e(chart_id)}-t {e(chart_id)}-d" font-family="{FONT}">',
        f'<title id="{e(chart_id)}-t">{e(title)}</title>',
        f'<desc id="{e(chart_id)}-d">{e(desc)}</desc>',
    ]
