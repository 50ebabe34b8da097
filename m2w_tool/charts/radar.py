"""The radar (spider) chart of the report: one axis per sustainability dimension."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from m2w_tool.charts.svg import BASELINE, CURRENT, GRID, INK, MUTED, e, n, svg_open, wrap
from m2w_tool.format import percent

WIDTH, HEIGHT = 720, 560  # wide enough for three-line labels left and right of the circle
CX, CY, RADIUS = WIDTH / 2, 285, 185
CURRENT_FILL = "rgba(31,78,121,0.18)"


@dataclass(frozen=True)
class RadarPoint:
    """One axis of the radar: its label, the current percent and optionally an earlier one."""

    label: str
    value: float | None  # 0-100; None = not enough answers (drawn at the centre, marked open)
    baseline: float | None = None


class _Axes:
    """Where a percent on axis `i` of `count` axes lands, clockwise from the top."""

    def __init__(self, count: int) -> None:
        self.count = max(count, 3)

    def angle(self, i: int) -> float:
        return -math.pi / 2 + 2 * math.pi * i / self.count

    def at(self, i: int, pct: float) -> tuple[float, float]:
        r = RADIUS * max(0.0, min(100.0, pct)) / 100
        return CX + r * math.cos(self.angle(i)), CY + r * math.sin(self.angle(i))


def radar_svg(
    points: Sequence[RadarPoint],
    *,
    title: str,
    desc: str,
    chart_id: str = "radar",
    legend: tuple[str, str] | None = None,
    rings: Sequence[int] = (40, 60, 80, 100),
    lang: str = "en",
) -> str:
    """A radar chart with one axis per point, clockwise from the top.

    `rings` are drawn and labelled (use the level thresholds so the chart reads as levels).
    `legend` is (current label, baseline label); the baseline polygon is drawn only when given.
    """
    axes = _Axes(len(points))
    out = svg_open(WIDTH, HEIGHT, chart_id, title, desc)
    out += _grid(axes, rings, lang)
    if legend and any(p.baseline is not None for p in points):
        out += _polygon(axes, [p.baseline for p in points], BASELINE, "none", dashed=True)
    out += _polygon(axes, [p.value for p in points], CURRENT, CURRENT_FILL, dashed=False)
    out += _axis_labels(axes, points)
    if legend:
        out += _legend(legend, any(p.baseline is not None for p in points))
    out.append("</svg>")
    return "\n".join(out)


def _grid(axes: _Axes, rings: Sequence[int], lang: str) -> list[str]:
    out = [f'<g class="grid" fill="none" stroke="{GRID}" stroke-width="0.8">']
    for ring in rings:
        corners = " ".join(f"{n(x)},{n(y)}" for x, y in (axes.at(i, ring) for i in range(axes.count)))
        dash = "" if ring == 100 else ' stroke-dasharray="3 3"'
        out.append(f'<polygon points="{corners}"{dash}/>')
    for i in range(axes.count):
        x, y = axes.at(i, 100)
        out.append(f'<line x1="{n(CX)}" y1="{n(CY)}" x2="{n(x)}" y2="{n(y)}"/>')
    out.append("</g>")
    out.append(f'<g class="ring-labels" font-size="9" fill="{MUTED}">')
    for ring in rings:
        if ring >= 100:  # the outer ring is obvious, and its label would touch the first axis label
            continue
        x, y = axes.at(0, ring)
        out.append(f'<text x="{n(x + 3)}" y="{n(y - 2)}">{e(percent(ring, lang))}</text>')
    out.append("</g>")
    return out


def _polygon(axes: _Axes, values: list[float | None], colour: str, fill: str, *, dashed: bool) -> list[str]:
    corners = " ".join(f"{n(x)},{n(y)}" for x, y in (axes.at(i, v or 0) for i, v in enumerate(values)))
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    out = [f'<polygon points="{corners}" fill="{fill}" stroke="{colour}" stroke-width="2"{dash}/>']
    for i, v in enumerate(values):
        x, y = axes.at(i, v or 0)
        marker_fill = colour if v is not None else "#ffffff"  # an open marker: no score
        out.append(f'<circle cx="{n(x)}" cy="{n(y)}" r="3" fill="{marker_fill}" stroke="{colour}"/>')
    return out


def _axis_labels(axes: _Axes, points: Sequence[RadarPoint]) -> list[str]:
    out = [f'<g class="axis-labels" font-size="10" fill="{INK}">']
    for i, p in enumerate(points):
        angle = axes.angle(i)
        x, y = CX + (RADIUS + 14) * math.cos(angle), CY + (RADIUS + 14) * math.sin(angle)
        cos, sin = math.cos(angle), math.sin(angle)
        # Only the axes at the very top or bottom centre their label; near-vertical neighbours
        # (8 and 9 of 15) would otherwise overlap, so they lean away from each other.
        anchor = "middle" if abs(cos) < 0.05 else ("start" if cos > 0 else "end")
        lines = wrap(p.label, 24, max_lines=3)
        if sin < -0.8:  # labels above the chart grow upwards
            y0 = y - (len(lines) - 1) * 12 - 2
        elif sin > 0.8:  # labels below it grow downwards
            y0 = y + 8
        else:
            y0 = y - (len(lines) - 1) * 6 + 4
        tspans = "".join(f'<tspan x="{n(x)}" y="{n(y0 + k * 12)}">{e(line)}</tspan>' for k, line in enumerate(lines))
        out.append(f'<text text-anchor="{anchor}">{tspans}</text>')
    out.append("</g>")
    return out


def _legend(legend: tuple[str, str], with_baseline: bool) -> list[str]:
    current, base = legend
    ly, lx = HEIGHT - 16, int(CX) - 170
    out = [
        f'<g class="legend" font-size="10" fill="{INK}">',
        f'<rect x="{lx}" y="{ly - 9}" width="18" height="10" fill="{CURRENT_FILL}" stroke="{CURRENT}" '
        'stroke-width="2"/>',
        f'<text x="{lx + 24}" y="{ly}">{e(current)}</text>',
    ]
    if with_baseline:
        out.append(
            f'<line x1="{lx + 130}" y1="{ly - 4}" x2="{lx + 150}" y2="{ly - 4}" stroke="{BASELINE}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        out.append(f'<text x="{lx + 156}" y="{ly}">{e(base)}</text>')
    out.append("</g>")
    return out
