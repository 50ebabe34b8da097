"""The portfolio's trend chart: per dimension the mean change since the previous assessment, in points.

Bars grow right (up, dark blue) or left (down, burnt orange) from a zero line; every bar is
labelled with its signed number, so neither colour nor length is the only cue. A dimension that
no initiative can be compared on draws no bar and says "–".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from m2w_tool.charts.svg import BASELINE, CURRENT, GRID, INK, MUTED, e, n, svg_open

LABEL_W, HALF_W, NOTE_W, ROW_H, TOP = 330, 170, 90, 18, 26
LABEL_CHARS = 58
MIN_SCALE = 10.0  # points: the axis reaches at least ±10, so small changes look small
BAR_W = HALF_W - 32  # the longest bar leaves room for its number before the note column


@dataclass(frozen=True)
class ChangeRow:
    """One dimension: its label, the mean change (None: nothing to compare) and the note beside it."""

    label: str
    change: float | None
    value_text: str  # "+3", "−2", "–"
    note: str  # "n = 40"


def change_svg(rows: Sequence[ChangeRow], *, title: str, desc: str, axis_label: str) -> str:
    """Diverging bars around zero, one per row (see the module's docstring)."""
    largest = max([MIN_SCALE] + [abs(r.change) for r in rows if r.change is not None])
    scale = 5.0 * -(-largest // 5)  # up to a multiple of five: round numbers at the axis ends
    width = LABEL_W + 2 * HALF_W + NOTE_W
    height = TOP + ROW_H * len(rows) + 6
    zero = LABEL_W + HALF_W
    out = svg_open(width, height, "chg", title, desc, css_class="chart change")
    out.append(f'<text x="{zero}" y="12" font-size="10" fill="{MUTED}" text-anchor="middle">{e(axis_label)}</text>')
    for tick in (-scale, 0.0, scale):
        x = zero + BAR_W * tick / scale
        out.append(
            f'<text x="{n(x)}" y="{TOP - 4}" font-size="10" fill="{MUTED}" text-anchor="middle">{_signed(tick)}</text>'
        )
    out.append(f'<line x1="{zero}" y1="{TOP}" x2="{zero}" y2="{height - 4}" stroke="{GRID}" stroke-width="1"/>')
    for k, row in enumerate(rows):
        out += _bar(TOP + k * ROW_H + ROW_H / 2, row, zero, scale)
    out.append("</svg>")
    return "\n".join(out)


def _signed(points: float) -> str:
    whole = round(points)
    return f"+{whole}" if whole > 0 else ("0" if whole == 0 else f"\u2212{-whole}")


def _bar(mid: float, row: ChangeRow, zero: float, scale: float) -> list[str]:
    label = row.label if len(row.label) <= LABEL_CHARS else row.label[: LABEL_CHARS - 1].rstrip() + "…"
    out = [
        f'<text x="{LABEL_W - 8}" y="{n(mid + 3.5)}" font-size="10" fill="{INK}" text-anchor="end">{e(label)}</text>'
    ]
    note_x = LABEL_W + 2 * HALF_W + 6
    if row.change is not None:
        length = BAR_W * min(1.0, abs(row.change) / scale)
        left = zero if row.change >= 0 else zero - length
        colour = CURRENT if row.change >= 0 else BASELINE
        out.append(f'<rect x="{n(left)}" y="{n(mid - 5)}" width="{n(max(1.0, length))}" height="10" fill="{colour}"/>')
        anchor, x = ("start", zero + length + 4) if row.change >= 0 else ("end", zero - length - 4)
        out.append(
            f'<text x="{n(x)}" y="{n(mid + 3.5)}" font-size="10" fill="{INK}" '
            f'text-anchor="{anchor}">{e(row.value_text)}</text>'
        )
    else:
        out.append(
            f'<text x="{n(zero + 4)}" y="{n(mid + 3.5)}" font-size="10" fill="{MUTED}">{e(row.value_text)}</text>'
        )
    out.append(f'<text x="{n(note_x)}" y="{n(mid + 3.5)}" font-size="10" fill="{MUTED}">{e(row.note)}</text>')
    return out
