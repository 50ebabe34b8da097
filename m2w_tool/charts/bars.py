"""Horizontal percentage bars: the report's quality components, or dimensions too few for a radar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from m2w_tool.charts.svg import CURRENT, GRID, INK, MUTED, e, n, svg_open, wrap
from m2w_tool.format import percent

# Printed about 16 cm wide, so the 11-unit labels come out at 7 pt and more.
LABEL_W, BAR_W, NOTE_W, ROW_H = 240, 250, 150, 26
FONT_SIZE = 11


@dataclass(frozen=True)
class BarRow:
    """One bar: a label, a percent (None = no score) and a short text shown after the bar."""

    label: str
    value: float | None
    note: str = ""


def bars_svg(
    rows: Sequence[BarRow],
    *,
    title: str,
    desc: str,
    chart_id: str = "bars",
    thresholds: Sequence[int] = (40, 60, 80),
    empty_text: str = "–",
    lang: str = "en",
) -> str:
    """Horizontal bars from 0 to 100 %, one row per item, with dashed lines at `thresholds`."""
    width = LABEL_W + BAR_W + NOTE_W
    height = 30 + ROW_H * len(rows) + 10
    out = svg_open(width, height, chart_id, title, desc)
    out += _scale(height, thresholds, lang)
    for k, row in enumerate(rows):
        out += _bar(26 + k * ROW_H, row, empty_text, lang)
    out.append("</svg>")
    return "\n".join(out)


def _x(pct: float) -> float:
    return LABEL_W + BAR_W * max(0.0, min(100.0, pct)) / 100


def _scale(height: int, thresholds: Sequence[int], lang: str) -> list[str]:
    out = [f'<g font-size="{FONT_SIZE}" fill="{MUTED}">']
    for t in (0, *thresholds, 100):
        out.append(f'<text x="{n(_x(t))}" y="14" text-anchor="middle">{e(percent(t, lang))}</text>')
    out.append("</g>")
    out.append(f'<g stroke="{GRID}" stroke-width="0.8">')
    out.append(f'<line x1="{LABEL_W}" y1="20" x2="{LABEL_W}" y2="{height - 8}"/>')
    for t in thresholds:
        out.append(f'<line x1="{n(_x(t))}" y1="20" x2="{n(_x(t))}" y2="{height - 8}" stroke-dasharray="3 3"/>')
    out.append("</g>")
    return out


def _bar(y: float, row: BarRow, empty_text: str, lang: str) -> list[str]:
    lines = wrap(row.label, 34)
    ty = y + ROW_H / 2 + 4 - (len(lines) - 1) * 6
    tspans = "".join(f'<tspan x="{LABEL_W - 8}" y="{n(ty + j * 12)}">{e(line)}</tspan>' for j, line in enumerate(lines))
    out = [
        f'<text font-size="{FONT_SIZE}" fill="{INK}" text-anchor="end">{tspans}</text>',
        f'<rect x="{LABEL_W}" y="{n(y + 5)}" width="{BAR_W}" height="{ROW_H - 10}" fill="#eeeeee"/>',
    ]
    if row.value is not None:
        w = _x(row.value) - LABEL_W
        out.append(f'<rect x="{LABEL_W}" y="{n(y + 5)}" width="{n(w)}" height="{ROW_H - 10}" fill="{CURRENT}"/>')
    note = f"{percent(row.value, lang, empty_text)}  {row.note}".strip()
    note_x, note_y = LABEL_W + BAR_W + 8, n(y + ROW_H / 2 + 4)
    out.append(f'<text x="{note_x}" y="{note_y}" font-size="{FONT_SIZE}" fill="{INK}">{e(note)}</text>')
    return out
