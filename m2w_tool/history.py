"""History: the same initiative assessed several times, and the progress per dimension. Pure.

Which files belong together: answers files of the same initiative (its name and organisation,
compared without case, accents or punctuation; see merge.initiative_key), at different dates.
The date of an assessment is the day it was `started`: reopening an old file to fix a typo
changes `updated` but must not move last year's assessment to today (`updated` is used only
when `started` is missing). Files started within OCCASION_DAYS (60) of each other are one
assessment round: a team answers over days or weeks, a reassessment comes months later. Of a
round, a group file (m2w merge) is used when there is one; else the team members' files are
merged as `m2w merge` would (each person's latest file), or the single file is used.

The report shows, per dimension, the score at the previous assessment and now, the change in
points, and how far the dimension is from its target level; with three or more assessments a small
timeline of the overall and module scores, and a sparkline per dimension.

Like with like: an assessment made with an older content version was upgraded when it was read
(m2w_tool.migration), so its scores use the current statements it has answers for. When the
assessments of a history were made with different content versions, a dimension's change is
computed on the statements every version shares (`comparable_percents`, through the migration
map); when fewer than half of the dimension's statements are shared, `like_with_like` is False and
no change is claimed. `History.versions` says which version each assessment was made with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from m2w_tool.answers import Answers
from m2w_tool.content import Content
from m2w_tool.i18n import tr
from m2w_tool.merge import GROUP_KEY, initiative_key, merge_answers, normalise
from m2w_tool.scoring import whole_percent

if TYPE_CHECKING:
    from m2w_tool.scoring import Scores

OCCASION_DAYS = 60  # files of one initiative started within this many days are one assessment round
NOTICEABLE = 5.0  # points: one notch on one of five statements; smaller changes read as "the same"
TIMELINE_MIN = 3  # assessments needed before a timeline says more than the table

INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#b8b8b8"
FONT = "DejaVu Sans, Noto Sans, Noto Sans Arabic, sans-serif"
# Colour and dash pattern differ per series, so the lines are told apart in grey print too.
SERIES_STYLE = {
    "overall": ("#1f4e79", "", 2.6),
    "sustainability": ("#2e7d32", "6 3", 1.8),
    "quality": ("#a04000", "2 3", 1.8),
}

@dataclass(frozen=True)
class Assessment:
    """One assessment in the history: its file, day and scores."""

    label: str
    date: str  # YYYY-MM-DD
    answers: Answers
    scores: Scores


@dataclass(frozen=True)
class DimensionProgress:
    dimension_id: str
    short_id: str
    title: str
    module: str
    percents: tuple[float | None, ...]  # oldest first; the last is the current assessment
    target: str | None  # level id of the current target
    target_title: str
    target_min: int | None
    sparkline: str = ""  # SVG, only with TIMELINE_MIN or more assessments
    target_text: str = ""  # "Strong: 12 points to go", "Established: reached", "no target"
    # With assessments made with different content versions: the percents on the statements all of
    # them share (empty when every assessment used the same version), how many statements that is,
    # and whether that is enough (half of the dimension) to call the change progress.
    comparable_percents: tuple[float | None, ...] = ()
    shared: int | None = None
    like_with_like: bool = True

    @property
    def current(self) -> float | None:
        return self.percents[-1]

    @property
    def previous(self) -> float | None:
        return self.percents[-2] if len(self.percents) > 1 else None

    @property
    def change(self) -> float | None:
        """Points since the previous assessment; across content versions on the shared statements
        only, and None when too few statements are shared to compare like with like."""
        if not self.like_with_like:
            return None
        series = self.comparable_percents or self.percents
        if len(series) < 2 or series[-1] is None or series[-2] is None:
            return None
        return series[-1] - series[-2]

    @property
    def change_text(self) -> str:
        """`+12`, `−3` (a real minus sign), `0`; `–` without two scores."""
        if self.change is None:
            return "–"
        points = round(self.change)
        return f"+{points}" if points > 0 else (f"−{-points}" if points < 0 else "0")

    @property
    def trend(self) -> str | None:
        """'up', 'down' or 'same' (a change under NOTICEABLE points), None without two scores."""
        change = self.change
        if change is None:
            return None
        if change >= NOTICEABLE - 1e-9:
            return "up"
        if change <= -NOTICEABLE + 1e-9:
            return "down"
        return "same"

    @property
    def reached(self) -> bool | None:
        if self.target_min is None or self.current is None:
            return None
        return self.current >= self.target_min

    @property
    def to_target(self) -> float | None:
        """Points still needed to reach the target level (0 when reached)."""
        if self.target_min is None or self.current is None:
            return None
        return max(0.0, self.target_min - self.current)


@dataclass(frozen=True)
class SeriesProgress:
    """The overall score or a module's score over time."""

    key: str  # "overall" or a module id
    title: str
    percents: tuple[float | None, ...]

    @property
    def change(self) -> float | None:
        if len(self.percents) < 2 or self.percents[-1] is None or self.percents[-2] is None:
            return None
        return self.percents[-1] - self.percents[-2]


@dataclass(frozen=True)
class History:
    """Everything the report's history section shows, in one language."""

    dates: tuple[str, ...]  # oldest first; the last is the current assessment
    dimensions: tuple[DimensionProgress, ...]
    series: tuple[SeriesProgress, ...]  # overall first, then the modules
    timeline_svg: str  # "" with fewer than TIMELINE_MIN assessments
    text: dict[str, str] = field(
        default_factory=dict
    )  # headings and sentences in the report language
    versions: tuple[str, ...] = ()  # the content version each assessment was made with, oldest first

    @property
    def mixed_versions(self) -> bool:
        """The assessments were made with different content versions (see DimensionProgress.like_with_like)."""
        return len(set(self.versions)) > 1

    @property
    def not_comparable(self) -> tuple[DimensionProgress, ...]:
        """The dimensions whose change cannot be compared like with like across the versions."""
        return tuple(d for d in self.dimensions if not d.like_with_like)

    @property
    def count(self) -> int:
        return len(self.dates)

    @property
    def previous_date(self) -> str:
        return self.dates[-2]

    @property
    def current_date(self) -> str:
        return self.dates[-1]

    def count_trend(self, trend: str) -> int:
        return sum(1 for d in self.dimensions if d.trend == trend)


# --- choosing the files -------------------------------------------------------------------------


def assessment_moment(answers: Answers) -> datetime | None:
    """When an assessment took place: `started`, else `updated`; None when neither is a date."""
    for stamp in (answers.started, answers.updated):
        try:
            return datetime.fromisoformat(str(stamp))
        except (TypeError, ValueError):
            continue
    return None


def assessment_day(answers: Answers) -> str:
    moment = assessment_moment(answers)
    return moment.date().isoformat() if moment else ""


def _day_number(day: str) -> int | None:
    try:
        return datetime.fromisoformat(day).toordinal()
    except ValueError:
        return None


def occasions(files: Sequence[tuple[str, Answers]]) -> list[list[tuple[str, Answers]]]:
    """The files of one initiative grouped into assessment rounds, oldest first.

    A round starts with its earliest file and takes every file started within OCCASION_DAYS of
    it: team members answer over a few days or weeks, reassessments come months apart. Files
    without a readable date form one round of their own, first.
    """
    dated = sorted(
        ((_day_number(assessment_day(a)), label, a) for label, a in files),
        key=lambda x: (x[0] or 0, x[1]),
    )
    rounds: list[list[tuple[str, Answers]]] = []
    start: int | None = None
    undated = [(label, a) for day, label, a in dated if day is None]
    for day, label, a in dated:
        if day is None:
            continue
        if start is None or day - start > OCCASION_DAYS:
            rounds.append([])
            start = day
        rounds[-1].append((label, a))
    return ([undated] if undated else []) + rounds


def one_assessment(
    files: Sequence[tuple[str, Answers]], content: Content
) -> tuple[Answers, list[str]]:
    """The assessment of one round: its group file (m2w merge) if there is one, else the team's
    files merged (each respondent's latest file), or the one file there is."""
    groups = [(label, a) for label, a in files if GROUP_KEY in a.extra]
    if groups:
        label, answers = max(groups, key=lambda item: str(item[1].updated))
        return answers, [label]
    latest: dict[str, tuple[str, Answers]] = {}
    for label, a in sorted(files, key=lambda item: str(item[1].updated)):
        person = normalise(a.respondent.get("name", "")) or "file:" + label
        latest[person] = (label, a)
    chosen = sorted(latest.values(), key=lambda item: (str(item[1].started), item[0]))
    if len(chosen) == 1:
        return chosen[0][1], [chosen[0][0]]
    return merge_answers(chosen, content, force=True).answers, [label for label, _ in chosen]


def select_history(
    current: Answers, candidates: Sequence[tuple[str, Answers]], content: Content
) -> list[tuple[str, Answers]]:
    """The earlier assessments of `current`'s initiative among `candidates`: one per round, oldest first.

    Files of other initiatives, later than `current`, or of its own round (started less than
    OCCASION_DAYS before it: team members of the same round) are left out.
    """
    key, today = initiative_key(current), _day_number(assessment_day(current))
    if today is None:
        return []
    earlier = [
        (label, a)
        for label, a in candidates
        if initiative_key(a) == key
        and (day := _day_number(assessment_day(a))) is not None
        and today - day > OCCASION_DAYS
    ]
    out = []
    for round_ in occasions(earlier):
        answers, labels = one_assessment(round_, content)
        out.append((labels[0] if len(labels) == 1 else ", ".join(labels), answers))
    return out


# --- the model ----------------------------------------------------------------------------------


def _level_title(content: Content, level_id: str | None, lang: str) -> str:
    for level in content.levels:
        if level.id == level_id:
            return level.title(lang)
    return ""


def build_history(
    content: Content,
    current: tuple[str, Answers],
    earlier: Sequence[tuple[str, Answers]],
    lang: str,
) -> History | None:
    """The history of `current` given its earlier assessments (from select_history); None when there are none."""
    from m2w_tool.scoring import score

    if not earlier:
        return None
    items = [*earlier, current]
    assessments = [Assessment(label, assessment_day(a), a, score(content, a)) for label, a in items]
    many = len(assessments) >= TIMELINE_MIN
    now = assessments[-1]
    dims = []
    for d in content.dimensions:
        percents = tuple(a.scores.dimensions[d.id].percent for a in assessments)
        target = now.scores.dimensions[d.id].target
        title = d.title(lang)
        spark = (
            sparkline_svg(
                percents, tr(lang, "%(title)s: %(values)s", title=title, values=_values_text(percents))
            )
            if many
            else ""
        )
        progress = DimensionProgress(
            dimension_id=d.id,
            short_id=d.short_id,
            title=title,
            module=d.module,
            percents=percents,
            target=target,
            target_title=_level_title(content, target, lang),
            target_min=now.scores.dimensions[d.id].target_min,
            sparkline=spark,
            **_like_with_like(content, d, assessments),
        )
        if (
            any(p is not None for p in percents) or target
        ):  # leave out what was never assessed (--only)
            dims.append(replace(progress, target_text=_target_text(progress, lang)))
    series = [
        SeriesProgress(
            "overall", tr(lang, "Overall"), tuple(a.scores.overall for a in assessments)
        )
    ]
    for module in content.modules:
        series.append(
            SeriesProgress(
                module.id,
                module.title(lang),
                tuple(a.scores.modules[module.id].percent for a in assessments),
            )
        )
    dates = tuple(a.date for a in assessments)
    history = History(
        dates=dates,
        dimensions=tuple(dims),
        series=tuple(series),
        timeline_svg=timeline_svg(dates, series, lang) if many else "",
        versions=tuple(a.answers.made_with or content.version for a in assessments),
    )
    return replace(history, text=_texts(history, lang))


def shared_statements(content: Content, versions: Sequence[str]) -> frozenset[str] | None:
    """The current question ids that every one of `versions` has a comparable answer for; None when
    all versions are the current one (everything is comparable)."""
    from m2w_tool.migration import carried_ids

    older = {v for v in versions if v and v != content.version}
    if not older:
        return None
    shared = frozenset(content.questions)
    for version in older:
        carried = carried_ids(content.migrations, version, content.version)
        shared &= carried if carried is not None else frozenset()
    return shared


def _like_with_like(content: Content, dimension, assessments: Sequence[Assessment]) -> dict:
    """The DimensionProgress fields that compare like with like across content versions."""
    shared = shared_statements(content, [a.answers.made_with for a in assessments])
    if shared is None:
        return {}
    ids = [q.id for q in dimension.questions if q.id in shared]
    percents = []
    for a in assessments:
        answered = [a.scores.questions[qid].percent for qid in ids if a.scores.questions[qid].is_answered]
        enough = bool(ids) and 2 * len(answered) >= len(ids)
        percents.append(sum(answered) / len(answered) if enough else None)
    return {
        "comparable_percents": tuple(percents),
        "shared": len(ids),
        "like_with_like": 2 * len(ids) >= len(dimension.questions) and bool(ids),
    }


def _target_text(d: DimensionProgress, lang: str) -> str:
    if d.target is None:
        return tr(lang, "no target")
    if d.reached is None:
        return tr(lang, "%(level)s: no score yet", level=d.target_title)
    if d.reached:
        return tr(lang, "%(level)s: reached", level=d.target_title)
    return tr(lang, "%(level)s: %(n)s points to go", level=d.target_title, n=math.ceil(d.to_target - 1e-9))


def _values_text(percents: Sequence[float | None]) -> str:
    return ", ".join("–" if p is None else f"{whole_percent(p)}%" for p in percents)


def _texts(history: History, lang: str) -> dict[str, str]:
    with_target = [d for d in history.dimensions if d.reached is not None]
    return {
        "heading": tr(lang, "Progress since the previous self-assessment"),
        "intro": tr(lang, "Compared with the self-assessment of %(previous)s. %(n)s self-assessments of this initiative in all: %(dates)s. A change smaller than %(noticeable)s points counts as unchanged.", previous=history.previous_date, n=history.count, dates=", ".join(history.dates), noticeable=round(NOTICEABLE)),
        "summary": tr(lang, "%(improved)s dimensions up, %(declined)s down, %(same)s unchanged; %(reached)s of %(targets)s targets reached.", improved=history.count_trend("up"), declined=history.count_trend("down"), same=history.count_trend("same"), reached=sum(1 for d in with_target if d.reached), targets=len(with_target)),
        "trend_up": tr(lang, "up"),
        "trend_down": tr(lang, "down"),
        "trend_same": tr(lang, "unchanged"),
        "previous": tr(lang, "Previous (%(date)s)", date=history.previous_date),
        "current": tr(lang, "Now (%(date)s)", date=history.current_date),
    }


# --- charts --------------------------------------------------------------------------------------


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def sparkline_svg(
    percents: Sequence[float | None], label: str, width: int = 84, height: int = 22
) -> str:
    """A tiny line of a dimension's scores over time (0-100), the last point filled."""
    pad = 3
    n = len(percents)
    step = (width - 2 * pad) / max(1, n - 1)

    def at(i: int, p: float) -> tuple[float, float]:
        return pad + i * step, height - pad - (height - 2 * pad) * max(0.0, min(100.0, p)) / 100

    out = [
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label, quote=True)}">',
        f'<line x1="{pad}" y1="{_n(at(0, 60)[1])}" x2="{width - pad}" y2="{_n(at(0, 60)[1])}" stroke="{GRID}" '
        'stroke-width="0.6" stroke-dasharray="2 2"/>',
    ]
    points = [(i, p) for i, p in enumerate(percents) if p is not None]
    if len(points) > 1:
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in (at(i, p) for i, p in points))
        out.append(
            f'<polyline points="{coords}" fill="none" stroke="{SERIES_STYLE["overall"][0]}" stroke-width="1.4"/>'
        )
    for i, p in points:
        x, y = at(i, p)
        fill = SERIES_STYLE["overall"][0] if i == n - 1 else "#ffffff"
        out.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2" fill="{fill}" stroke="{SERIES_STYLE["overall"][0]}"/>'
        )
    out.append("</svg>")
    return "".join(out)


def timeline_svg(dates: Sequence[str], series: Sequence[SeriesProgress], lang: str) -> str:
    """Overall and module scores per assessment, on a time axis, with the level thresholds dashed."""
    width, height = 640, 230
    left, right, top, bottom = 40, 24, 14, 62
    plot_w, plot_h = width - left - right, height - top - bottom
    days = [_day_number(d) or 0 for d in dates]
    first, last = min(days), max(days)
    span = (last - first) or 1.0

    def x_of(i: int) -> float:
        return left + plot_w * (days[i] - first) / span

    def y_of(p: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, p)) / 100)

    described = "; ".join(f"{s.title}: {_values_text(s.percents)}" for s in series)
    title = tr(lang, "Timeline of the scores")
    out = [
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="tl-t tl-d" font-family="{FONT}">',
        f'<title id="tl-t">{escape(title)}</title>',
        f'<desc id="tl-d">{escape(tr(lang, "Scores per self-assessment: %(series)s.", series=described))}</desc>',
        f'<g font-size="9" fill="{MUTED}" stroke="none">',
    ]
    for t in (0, 40, 60, 80, 100):
        out.append(f'<text x="{left - 6}" y="{_n(y_of(t) + 3)}" text-anchor="end">{t}%</text>')
    out.append("</g>")
    out.append(f'<g stroke="{GRID}" stroke-width="0.8">')
    for t in (0, 40, 60, 80, 100):
        dash = "" if t in (0, 100) else ' stroke-dasharray="3 3"'
        out.append(
            f'<line x1="{left}" y1="{_n(y_of(t))}" x2="{width - right}" y2="{_n(y_of(t))}"{dash}/>'
        )
    out.append("</g>")
    out.append(f'<g font-size="9" fill="{INK}">')
    for i, day in enumerate(dates):
        anchor = "start" if i == 0 else ("end" if i == len(dates) - 1 else "middle")
        out.append(
            f'<text x="{_n(x_of(i))}" y="{height - bottom + 14}" text-anchor="{anchor}">{escape(day)}</text>'
        )
    out.append("</g>")
    for s in series:
        colour, dash, stroke = SERIES_STYLE.get(s.key, SERIES_STYLE["overall"])
        pts = [(x_of(i), y_of(p)) for i, p in enumerate(s.percents) if p is not None]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(pts) > 1:
            coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{stroke}"{dash_attr}/>'
            )
        for x, y in pts:
            out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{colour}"/>')
        if s.key == "overall":
            out.append(f'<g font-size="9" fill="{colour}" font-weight="bold">')
            for i, p in enumerate(s.percents):
                if p is not None:
                    out.append(
                        f'<text x="{_n(x_of(i))}" y="{_n(y_of(p) - 7)}" text-anchor="middle">{whole_percent(p)}%</text>'
                    )
            out.append("</g>")
    legend_y = height - 18
    x = left
    out.append(f'<g font-size="10" fill="{INK}">')
    for s in series:
        colour, dash, stroke = SERIES_STYLE.get(s.key, SERIES_STYLE["overall"])
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 24}" y2="{legend_y - 4}" stroke="{colour}" '
            f'stroke-width="{stroke}"{dash_attr}/>'
        )
        out.append(f'<text x="{x + 30}" y="{legend_y}">{escape(s.title)}</text>')
        x += 40 + 6 * len(s.title)
    out.append("</g></svg>")
    return "\n".join(out)


# --- the history section of a report -------------------------------------------------


def history_section(
    content: Content,
    current_label: str,
    current: Answers,
    candidates: Sequence[tuple[str, Answers]],
    lang: str,
):
    """(report.ExtraSection or None, the previous assessment's Answers or None) for `current`,
    from the files given as its history: the section shows progress and a timeline; the previous
    assessment can serve as the report's baseline."""
    from m2w_tool.report import ExtraSection

    candidates = [(label, a) for label, a in candidates if a is not current]
    earlier = select_history(current, candidates, content)
    history = build_history(content, (current_label, current), earlier, lang)
    if history is None:
        return None, None
    section = ExtraSection(
        "history", history.text["heading"], "_history.html.j2", history, before="how-to-read"
    )
    return section, earlier[-1][1]
