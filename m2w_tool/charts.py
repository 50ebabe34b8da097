"""Charts as SVG strings: a radar of the dimensions and horizontal bars of percentages. Pure.

The SVG is placed inline in the HTML (no file, no request) and WeasyPrint draws it as vectors.
Every text that goes in is escaped here, so callers may pass user or content text. Each chart has
role="img", a <title> and a <desc> that says every value in words, for screen readers and for
anyone who cannot read colours; the report also prints the same numbers in a table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from m2w_tool.scoring import whole_percent

INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#b8b8b8"
CURRENT = "#1f4e79"  # dark blue: readable on white, prints well in grey
BASELINE = "#a04000"  # burnt orange, drawn dashed so it differs without colour too
FONT = "DejaVu Sans, Noto Sans, Noto Sans Arabic, sans-serif"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _n(x: float) -> str:
    """Coordinates with one decimal: small SVG, stable output for tests."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


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


@dataclass(frozen=True)
class RadarPoint:
    """One axis of the radar: its label, the current percent and optionally an earlier one."""

    label: str
    value: float | None  # 0-100; None = not enough answers (drawn at the centre, marked open)
    baseline: float | None = None


def _svg_open(width: int, height: int, chart_id: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{_e(chart_id)}-t {_e(chart_id)}-d" font-family="{FONT}">',
        f'<title id="{_e(chart_id)}-t">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-d">{_e(desc)}</desc>',
    ]


def radar_svg(
    points: Sequence[RadarPoint],
    *,
    title: str,
    desc: str,
    chart_id: str = "radar",
    legend: tuple[str, str] | None = None,
    rings: Sequence[int] = (40, 60, 80, 100),
) -> str:
    """A radar (spider) chart with one axis per point, clockwise from the top.

    `rings` are drawn and labelled (use the level thresholds so the chart reads as levels).
    `legend` is (current label, baseline label); the baseline polygon is drawn only when given.
    """
    width, height = 720, 560  # wide enough for three-line labels left and right of the circle
    cx, cy, radius = width / 2, 285, 185
    n = max(len(points), 3)
    out = _svg_open(width, height, chart_id, title, desc)

    def at(i: int, pct: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(100.0, pct)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    out.append(f'<g class="grid" fill="none" stroke="{GRID}" stroke-width="0.8">')
    for ring in rings:
        corners = " ".join(f"{_n(x)},{_n(y)}" for x, y in (at(i, ring) for i in range(n)))
        dash = "" if ring == 100 else ' stroke-dasharray="3 3"'
        out.append(f'<polygon points="{corners}"{dash}/>')
    for i in range(n):
        x, y = at(i, 100)
        out.append(f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}"/>')
    out.append("</g>")
    out.append(f'<g class="ring-labels" font-size="9" fill="{MUTED}">')
    for ring in rings:
        if ring >= 100:  # the outer ring is obvious, and its label would touch the first axis label
            continue
        x, y = at(0, ring)
        out.append(f'<text x="{_n(x + 3)}" y="{_n(y - 2)}">{ring}%</text>')
    out.append("</g>")

    def polygon(values: list[float | None], colour: str, fill: str, dashed: bool) -> None:
        corners = " ".join(f"{_n(x)},{_n(y)}" for x, y in (at(i, v or 0) for i, v in enumerate(values)))
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(f'<polygon points="{corners}" fill="{fill}" stroke="{colour}" stroke-width="2"{dash}/>')
        for i, v in enumerate(values):
            x, y = at(i, v or 0)
            marker_fill = colour if v is not None else "#ffffff"
            out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{marker_fill}" stroke="{colour}"/>')

    if legend and any(p.baseline is not None for p in points):
        polygon([p.baseline for p in points], BASELINE, "none", True)
    polygon([p.value for p in points], CURRENT, "rgba(31,78,121,0.18)", False)

    out.append(f'<g class="axis-labels" font-size="10" fill="{INK}">')
    for i, p in enumerate(points):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        x, y = cx + (radius + 14) * math.cos(angle), cy + (radius + 14) * math.sin(angle)
        cos = math.cos(angle)
        # Only the axes at the very top or bottom centre their label; near-vertical neighbours
        # (8 and 9 of 15) would otherwise overlap, so they lean away from each other.
        anchor = "middle" if abs(cos) < 0.05 else ("start" if cos > 0 else "end")
        lines = wrap(p.label, 24, max_lines=3)
        sin = math.sin(angle)
        if sin < -0.8:  # labels above the chart grow upwards
            y0 = y - (len(lines) - 1) * 12 - 2
        elif sin > 0.8:  # labels below it grow downwards
            y0 = y + 8
        else:
            y0 = y - (len(lines) - 1) * 6 + 4
        tspans = "".join(
            f'<tspan x="{_n(x)}" y="{_n(y0 + k * 12)}">{_e(line)}</tspan>' for k, line in enumerate(lines)
        )
        out.append(f'<text text-anchor="{anchor}">{tspans}</text>')
    out.append("</g>")

    if legend:
        current, base = legend
        ly, lx = height - 16, int(cx) - 170
        out.append(f'<g class="legend" font-size="10" fill="{INK}">')
        out.append(
            f'<rect x="{lx}" y="{ly - 9}" width="18" height="10" fill="rgba(31,78,121,0.18)" stroke="{CURRENT}" '
            'stroke-width="2"/>'
        )
        out.append(f'<text x="{lx + 24}" y="{ly}">{_e(current)}</text>')
        if any(p.baseline is not None for p in points):
            out.append(
                f'<line x1="{lx + 130}" y1="{ly - 4}" x2="{lx + 150}" y2="{ly - 4}" stroke="{BASELINE}" '
                'stroke-width="2" stroke-dasharray="6 4"/>'
            )
            out.append(f'<text x="{lx + 156}" y="{ly}">{_e(base)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


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
) -> str:
    """Horizontal bars from 0 to 100 %, one row per item, with dashed lines at `thresholds`."""
    label_w, bar_w, note_w, row_h = 230, 260, 150, 26
    width = label_w + bar_w + note_w
    height = 30 + row_h * len(rows) + 10
    out = _svg_open(width, height, chart_id, title, desc)
    x0 = label_w
    out.append(f'<g font-size="9" fill="{MUTED}">')
    for t in (0, *thresholds, 100):
        x = x0 + bar_w * t / 100
        out.append(f'<text x="{_n(x)}" y="14" text-anchor="middle">{t}%</text>')
    out.append("</g>")
    out.append(f'<g stroke="{GRID}" stroke-width="0.8">')
    out.append(f'<line x1="{x0}" y1="20" x2="{x0}" y2="{height - 8}"/>')
    for t in thresholds:
        x = x0 + bar_w * t / 100
        out.append(f'<line x1="{_n(x)}" y1="20" x2="{_n(x)}" y2="{height - 8}" stroke-dasharray="3 3"/>')
    out.append("</g>")
    for k, row in enumerate(rows):
        y = 26 + k * row_h
        lines = wrap(row.label, 36)
        ty = y + row_h / 2 + 4 - (len(lines) - 1) * 5.5
        tspans = "".join(
            f'<tspan x="{x0 - 8}" y="{_n(ty + j * 11)}">{_e(line)}</tspan>' for j, line in enumerate(lines)
        )
        out.append(f'<text font-size="10" fill="{INK}" text-anchor="end">{tspans}</text>')
        out.append(f'<rect x="{x0}" y="{y + 5}" width="{bar_w}" height="{row_h - 10}" fill="#eeeeee"/>')
        if row.value is not None:
            w = bar_w * max(0.0, min(100.0, row.value)) / 100
            out.append(f'<rect x="{x0}" y="{y + 5}" width="{_n(w)}" height="{row_h - 10}" fill="{CURRENT}"/>')
            value_text = f"{whole_percent(row.value)}%"
        else:
            value_text = empty_text
        note = f"{value_text}  {row.note}".strip()
        out.append(
            f'<text x="{x0 + bar_w + 8}" y="{_n(y + row_h / 2 + 4)}" font-size="10" fill="{INK}">{_e(note)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
