"""The radar (spider) chart of the report: one axis per sustainability dimension."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from m2w_tool.charts.svg import BASELINE, CURRENT, GRID, INK, MUTED, e, n, svg_open, wrap
from m2w_tool.format import percent

# Printed about 14.5 cm wide, so the 12-unit labels come out at 7 pt and more; wide enough for
# three-line labels left and right of the circle.
WIDTH, HEIGHT = 660, 530
CX, CY, RADIUS = WIDTH / 2, 262, 165
FONT_SIZE, LINE = 12, 14
CURRENT_FILL = "rgba(31,78,121,0.18)"


@dataclass(frozen=True)
class RadarPoint:
    """One axis of the radar: its label, the current percent and optionally an earlier one."""

    label: str
    value: float | None  # 0-100; None = not enough answers: a gap in the outline, never a 0
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
    no_score: str = "no score",
) -> str:
    """A radar chart with one axis per point, clockwise from the top.

    `rings` are drawn and labelled (use the level thresholds so the chart reads as levels).
    `legend` is (current label, baseline label); the baseline polygon is drawn only when given.
    An axis without a value leaves a gap: the outline stops at its neighbours and the axis label
    says `no_score`, so a missing score never reads as 0 %.
    """
    axes = _Axes(len(points))
    out = svg_open(WIDTH, HEIGHT, chart_id, title, desc)
    out += _grid(axes, rings, lang)
    if legend and any(p.baseline is not None for p in points):
        out += _polygon(axes, [p.baseline for p in points], BASELINE, "none", dashed=True)
    out += _polygon(axes, [p.value for p in points], CURRENT, CURRENT_FILL, dashed=False)
    out += _axis_labels(axes, points, no_score)
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
    out.append(f'<g class="ring-labels" font-size="{FONT_SIZE}" fill="{MUTED}">')
    for ring in rings:
        if ring >= 100:  # the outer ring is obvious, and its label would touch the first axis label
            continue
        x, y = axes.at(0, ring)
        out.append(f'<text x="{n(x + 3)}" y="{n(y - 2)}">{e(percent(ring, lang))}</text>')
    out.append("</g>")
    return out


def _runs(values: list[float | None]) -> list[list[int]]:
    """The axes with a value, as runs of neighbours (round the circle): [[0, 1, 2], [4]] for a gap at 3."""
    count = len(values)
    if all(v is not None for v in values):
        return [list(range(count))]
    start = next((i for i, v in enumerate(values) if v is None), 0)
    runs, run = [], []
    for k in range(1, count + 1):
        i = (start + k) % count
        if values[i] is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(i)
    return runs + ([run] if run else [])


def _polygon(axes: _Axes, values: list[float | None], colour: str, fill: str, *, dashed: bool) -> list[str]:
    """The outline through the values; with gaps, one open line per run of neighbours, its area
    filled as a fan from the centre, so no missing value is drawn as 0."""
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    runs = _runs(values)
    points = {i: axes.at(i, values[i]) for run in runs for i in run}
    if len(runs) == 1 and len(runs[0]) == len(values):
        corners = " ".join(f"{n(x)},{n(y)}" for x, y in points.values())
        out = [f'<polygon points="{corners}" fill="{fill}" stroke="{colour}" stroke-width="2"{dash}/>']
    else:
        out = []
        for run in runs:
            line = " ".join(f"{n(points[i][0])},{n(points[i][1])}" for i in run)
            if fill != "none" and len(run) > 1:
                out.append(f'<polygon points="{n(CX)},{n(CY)} {line}" fill="{fill}" stroke="none"/>')
            if len(run) > 1:
                out.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
    out += [f'<circle cx="{n(x)}" cy="{n(y)}" r="3.5" fill="{colour}" stroke="{colour}"/>' for x, y in points.values()]
    return out


def _axis_labels(axes: _Axes, points: Sequence[RadarPoint], no_score: str) -> list[str]:
    out = [f'<g class="axis-labels" font-size="{FONT_SIZE}" fill="{INK}">']
    for i, p in enumerate(points):
        angle = axes.angle(i)
        x, y = CX + (RADIUS + 12) * math.cos(angle), CY + (RADIUS + 12) * math.sin(angle)
        cos, sin = math.cos(angle), math.sin(angle)
        # Only the axes at the very top or bottom centre their label; near-vertical neighbours
        # (8 and 9 of 15) would otherwise overlap, so they lean away from each other.
        anchor = "middle" if abs(cos) < 0.05 else ("start" if cos > 0 else "end")
        if 0.05 <= abs(cos) < 0.3:  # the neighbours of the top and bottom axes: a little more apart
            x += 10 if cos > 0 else -10
        below = sin > 0.9  # only the axes nearest the bottom hang their label downwards
        lines = wrap(p.label, 20, max_lines=4 if below else 3)
        muted = len(lines)
        if p.value is None:
            lines.append(f"({no_score})")
        if sin < -0.8:  # labels above the chart grow upwards
            y0 = y - (len(lines) - 1) * LINE - 2
        elif below:  # labels below it grow downwards
            y0 = y + 10
        else:
            y0 = y - (len(lines) - 1) * LINE / 2 + 4
        colour = [f' fill="{MUTED}"' if k >= muted else "" for k in range(len(lines))]
        tspans = "".join(
            f'<tspan x="{n(x)}" y="{n(y0 + k * LINE)}"{colour[k]}>{e(line)}</tspan>' for k, line in enumerate(lines)
        )
        out.append(f'<text text-anchor="{anchor}">{tspans}</text>')
    out.append("</g>")
    return out


def _legend(legend: tuple[str, str], with_baseline: bool) -> list[str]:
    current, base = legend
    ly, lx = HEIGHT - 12, int(CX) - 190
    out = [
        f'<g class="legend" font-size="{FONT_SIZE}" fill="{INK}">',
        f'<rect x="{lx}" y="{ly - 9}" width="18" height="10" fill="{CURRENT_FILL}" stroke="{CURRENT}" '
        'stroke-width="2"/>',
        f'<text x="{lx + 24}" y="{ly}">{e(current)}</text>',
    ]
    if with_baseline:
        out.append(
            f'<line x1="{lx + 110}" y1="{ly - 4}" x2="{lx + 130}" y2="{ly - 4}" stroke="{BASELINE}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        out.append(f'<text x="{lx + 136}" y="{ly}">{e(base)}</text>')
    out.append("</g>")
    return out
