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
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from m2w_tool.answers import Answers
from m2w_tool.charts import TimelineSeries, sparkline_svg, timeline_svg
from m2w_tool.content import Content
from m2w_tool.format import percent, signed_points
from m2w_tool.i18n import tr
from m2w_tool.identity import GROUP_KEY, initiative_key, normalise
from m2w_tool.merge import merge_answers

if TYPE_CHECKING:
    from m2w_tool.scoring import Scores

OCCASION_DAYS = 60  # files of one initiative started within this many days are one assessment round
NOTICEABLE = 5.0  # points: one notch on one of five statements; smaller changes read as "the same"
TIMELINE_MIN = 3  # assessments needed before a timeline says more than the table


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

    @property
    def current(self) -> float | None:
        return self.percents[-1]

    @property
    def previous(self) -> float | None:
        return self.percents[-2] if len(self.percents) > 1 else None

    @property
    def change(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def change_text(self) -> str:
        """`+12`, `−3` (a real minus sign), `0`; `–` without two scores."""
        return signed_points(self.change)

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
                percents, tr(lang, "%(title)s: %(values)s", title=title, values=_values_text(percents, lang))
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
        timeline_svg=_timeline(dates, series, lang) if many else "",
    )
    return replace(history, text=_texts(history, lang))


def _timeline(dates: tuple[str, ...], series: list[SeriesProgress], lang: str) -> str:
    described = "; ".join(f"{s.title}: {_values_text(s.percents, lang)}" for s in series)
    return timeline_svg(
        dates,
        [TimelineSeries(s.key, s.title, s.percents) for s in series],
        title=tr(lang, "Timeline of the scores"),
        desc=tr(lang, "Scores per self-assessment: %(series)s.", series=described),
        lang=lang,
    )


def _target_text(d: DimensionProgress, lang: str) -> str:
    if d.target is None:
        return tr(lang, "no target")
    if d.reached is None:
        return tr(lang, "%(level)s: no score yet", level=d.target_title)
    if d.reached:
        return tr(lang, "%(level)s: reached", level=d.target_title)
    return tr(lang, "%(level)s: %(n)s points to go", level=d.target_title, n=math.ceil(d.to_target - 1e-9))


def _values_text(percents: Sequence[float | None], lang: str) -> str:
    return ", ".join(percent(p, lang) for p in percents)


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
