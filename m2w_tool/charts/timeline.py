"""Scores over time: the timeline of the overall and module scores, and a sparkline per dimension."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from m2w_tool.charts.svg import GRID, INK, MUTED, e, n, svg_open
from m2w_tool.format import percent

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 40, 24, 14, 62
TICKS = (0, 40, 60, 80, 100)  # the level thresholds, dashed, between the solid 0 and 100
# Colour and dash pattern differ per series, so the lines are told apart in grey print too.
SERIES_STYLE = {
    "overall": ("#1f4e79", "", 2.6),
    "sustainability": ("#2e7d32", "6 3", 1.8),
    "quality": ("#a04000", "2 3", 1.8),
}


@dataclass(frozen=True)
class TimelineSeries:
    """One line of the timeline: `key` picks its style ("overall" or a module id)."""

    key: str
    title: str
    percents: tuple[float | None, ...]  # one per date, oldest first


class _Plot:
    """Where a date index and a percent land on the timeline."""

    def __init__(self, dates: Sequence[str]) -> None:
        self.days = [_ordinal(d) for d in dates]
        self.first = min(self.days)
        self.span = (max(self.days) - self.first) or 1.0

    def x(self, i: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (self.days[i] - self.first) / self.span

    @staticmethod
    def y(pct: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - max(0.0, min(100.0, pct)) / 100)


def _ordinal(day: str) -> int:
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return 0


def timeline_svg(dates: Sequence[str], series: Sequence[TimelineSeries], *, title: str, desc: str, lang: str) -> str:
    """Overall and module scores per assessment, on a time axis, with the level thresholds dashed."""
    plot = _Plot(dates)
    out = svg_open(WIDTH, HEIGHT, "tl", title, desc, css_class="chart timeline")
    out += _axes(plot, dates, lang)
    for s in series:
        out += _line(plot, s, lang)
    out += _legend(series)
    out.append("</svg>")
    return "\n".join(out)


def _axes(plot: _Plot, dates: Sequence[str], lang: str) -> list[str]:
    out = [f'<g font-size="9" fill="{MUTED}" stroke="none">']
    for t in TICKS:
        out.append(f'<text x="{LEFT - 6}" y="{n(plot.y(t) + 3)}" text-anchor="end">{e(percent(t, lang))}</text>')
    out.append("</g>")
    out.append(f'<g stroke="{GRID}" stroke-width="0.8">')
    for t in TICKS:
        dash = "" if t in (0, 100) else ' stroke-dasharray="3 3"'
        out.append(f'<line x1="{LEFT}" y1="{n(plot.y(t))}" x2="{WIDTH - RIGHT}" y2="{n(plot.y(t))}"{dash}/>')
    out.append("</g>")
    out.append(f'<g font-size="9" fill="{INK}">')
    for i, day in enumerate(dates):
        anchor = "start" if i == 0 else ("end" if i == len(dates) - 1 else "middle")
        out.append(f'<text x="{n(plot.x(i))}" y="{HEIGHT - BOTTOM + 14}" text-anchor="{anchor}">{e(day)}</text>')
    out.append("</g>")
    return out


def _line(plot: _Plot, s: TimelineSeries, lang: str) -> list[str]:
    colour, dash, stroke = SERIES_STYLE.get(s.key, SERIES_STYLE["overall"])
    points = [(plot.x(i), plot.y(p)) for i, p in enumerate(s.percents) if p is not None]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out = []
    if len(points) > 1:
        coords = " ".join(f"{n(x)},{n(y)}" for x, y in points)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{stroke}"{dash_attr}/>')
    out += [f'<circle cx="{n(x)}" cy="{n(y)}" r="3" fill="{colour}"/>' for x, y in points]
    if s.key == "overall":  # the overall score is also written above each point
        out.append(f'<g font-size="9" fill="{colour}" font-weight="bold">')
        for i, p in enumerate(s.percents):
            if p is not None:
                out.append(
                    f'<text x="{n(plot.x(i))}" y="{n(plot.y(p) - 7)}" text-anchor="middle">{e(percent(p, lang))}</text>'
                )
        out.append("</g>")
    return out


def _legend(series: Sequence[TimelineSeries]) -> list[str]:
    legend_y, x = HEIGHT - 18, LEFT
    out = [f'<g font-size="10" fill="{INK}">']
    for s in series:
        colour, dash, stroke = SERIES_STYLE.get(s.key, SERIES_STYLE["overall"])
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 24}" y2="{legend_y - 4}" stroke="{colour}" '
            f'stroke-width="{stroke}"{dash_attr}/>'
        )
        out.append(f'<text x="{x + 30}" y="{legend_y}">{e(s.title)}</text>')
        x += 40 + 6 * len(s.title)
    out.append("</g>")
    return out


def sparkline_svg(percents: Sequence[float | None], label: str, width: int = 84, height: int = 22) -> str:
    """A tiny line of a dimension's scores over time (0-100), the last point filled; `label` says them."""
    pad = 3
    step = (width - 2 * pad) / max(1, len(percents) - 1)
    colour = SERIES_STYLE["overall"][0]

    def at(i: int, p: float) -> tuple[float, float]:
        return pad + i * step, height - pad - (height - 2 * pad) * max(0.0, min(100.0, p)) / 100

    threshold = n(at(0, 60)[1])  # the line "established" starts at
    out = [
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{e(label)}">',
        f'<line x1="{pad}" y1="{threshold}" x2="{width - pad}" y2="{threshold}" stroke="{GRID}" '
        'stroke-width="0.6" stroke-dasharray="2 2"/>',
    ]
    points = [(i, p) for i, p in enumerate(percents) if p is not None]
    if len(points) > 1:
        coords = " ".join(f"{n(x)},{n(y)}" for x, y in (at(i, p) for i, p in points))
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.4"/>')
    for i, p in points:
        x, y = at(i, p)
        fill = colour if i == len(percents) - 1 else "#ffffff"
        out.append(f'<circle cx="{n(x)}" cy="{n(y)}" r="2" fill="{fill}" stroke="{colour}"/>')
    out.append("</svg>")
    return "".join(out)
