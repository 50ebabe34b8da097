"""The portfolio's box plots: per dimension the spread of the initiatives' scores, on the level bands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from m2w_tool.charts.palette import level_colours
from m2w_tool.charts.svg import CURRENT, INK, e, n, svg_open

# Text at 10 units or more: 7.5 pt when the chart is printed at its own size.
LABEL_W, PLOT_W, RIGHT, ROW_H, TOP = 330, 380, 16, 18, 36
LABEL_CHARS = 58
STROKE = "#333333"


@dataclass(frozen=True)
class BoxRow:
    """One box plot: a label and the five numbers (all None when no initiative has a score)."""

    label: str
    minimum: float | None
    q1: float | None
    median: float | None
    q3: float | None
    maximum: float | None


@dataclass(frozen=True)
class LevelBand:
    """A level drawn behind the boxes: its id (for the colour), its title and the percents it spans."""

    id: str
    title: str
    low: float
    high: float


def _x(pct: float) -> float:
    return LABEL_W + PLOT_W * max(0.0, min(100.0, pct)) / 100


def distribution_svg(rows: Sequence[BoxRow], bands: Sequence[LevelBand], *, title: str, desc: str) -> str:
    """Horizontal box plots, one per row, on a 0-100 axis with the level bands behind them."""
    width = LABEL_W + PLOT_W + RIGHT
    height = TOP + ROW_H * len(rows) + 8
    out = svg_open(width, height, "bx", title, desc, css_class="chart boxplot")
    out += _bands(bands, height)
    for k, row in enumerate(rows):
        out += _box(TOP + k * ROW_H + ROW_H / 2, row)
    out.append("</svg>")
    return "\n".join(out)


def _bands(bands: Sequence[LevelBand], height: int) -> list[str]:
    out = []
    for band in bands:
        left, right = _x(band.low), _x(band.high)
        out.append(
            f'<rect x="{n(left)}" y="{TOP - 4}" width="{n(right - left)}" height="{height - TOP - 2}" '
            f'fill="{level_colours(band.id).background}" fill-opacity="0.16"/>'
        )
        out.append(
            f'<text x="{n((left + right) / 2)}" y="12" font-size="10" fill="{STROKE}" text-anchor="middle">'
            f"{e(band.title)}</text>"
        )
    out.append('<g font-size="10" fill="#555555">')
    out += [f'<text x="{n(_x(t))}" y="{TOP - 6}" text-anchor="middle">{t}</text>' for t in (0, 20, 40, 60, 80, 100)]
    out.append("</g>")
    return out


def _box(mid: float, row: BoxRow) -> list[str]:
    label = row.label if len(row.label) <= LABEL_CHARS else row.label[: LABEL_CHARS - 1].rstrip() + "…"
    out = [
        f'<text x="{LABEL_W - 8}" y="{n(mid + 3.5)}" font-size="10" fill="{INK}" text-anchor="end">{e(label)}</text>'
    ]
    if None in (row.minimum, row.q1, row.median, row.q3, row.maximum):
        return out
    low, q1, median, q3, high = (_x(v) for v in (row.minimum, row.q1, row.median, row.q3, row.maximum))
    out.append(f'<line x1="{n(low)}" y1="{n(mid)}" x2="{n(high)}" y2="{n(mid)}" stroke="{STROKE}" stroke-width="1"/>')
    for v in (low, high):
        out.append(f'<line x1="{n(v)}" y1="{n(mid - 4)}" x2="{n(v)}" y2="{n(mid + 4)}" stroke="{STROKE}"/>')
    out.append(
        f'<rect x="{n(q1)}" y="{n(mid - 5.5)}" width="{n(max(1.0, q3 - q1))}" height="11" fill="#ffffff" '
        f'stroke="{CURRENT}" stroke-width="1.2"/>'
    )
    out.append(
        f'<line x1="{n(median)}" y1="{n(mid - 5.5)}" x2="{n(median)}" y2="{n(mid + 5.5)}" '
        f'stroke="{CURRENT}" stroke-width="3"/>'
    )
    return out
