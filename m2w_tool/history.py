"""History: the same initiative assessed several times, and the progress per dimension. Pure.

Which files belong together: answers files of the same initiative (its name and organisation,
compared without case, accents or punctuation; see merge.initiative_key), at different dates.
The date of an assessment is the day it was `started`: reopening an old file to fix a typo
changes `updated` but must not move last year's assessment to today (`updated` is used only
when `started` is missing). Files started within OCCASION_DAYS (60) of each other are one
assessment round: a team answers over days or weeks, a reassessment comes months later. Of a
round, a group file (m2w merge) is used when there is one; else the team members' files are
merged as `m2w merge` would (each person's latest file), or the single file is used.

`build_history` gives, per dimension, the score at every assessment, the change since the previous
one and the distance to its target level, and the overall and module scores over time. The report
shows them in its history section (m2w_tool.report.sections.history); this module knows nothing
of reports, languages or charts.

Like with like: an assessment made with an older content version was upgraded when it was read
(m2w_tool.migration), so its scores use the current statements it has answers for. When the
assessments of a history were made with different content versions, a dimension's change is
computed on the statements every version shares (`comparable_percents`, through the migration
map); when fewer than half of the dimension's statements are shared, `like_with_like` is False and
no change is claimed. `History.versions` says which version each assessment was made with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from m2w_tool.answers import Answers
from m2w_tool.content import Content
from m2w_tool.identity import initiative_key, is_group_file, normalise
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
    """One dimension's scores over the assessments, and its current target."""

    dimension_id: str  # "d03-purpose"
    short_id: str  # "d03"
    module: str  # "sustainability" or "quality"
    percents: tuple[float | None, ...]  # oldest first; the last is the current assessment
    target: str | None  # level id of the current target
    target_min: int | None  # that level's threshold
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
    percents: tuple[float | None, ...]  # oldest first

    @property
    def change(self) -> float | None:
        if len(self.percents) < 2 or self.percents[-1] is None or self.percents[-2] is None:
            return None
        return self.percents[-1] - self.percents[-2]


@dataclass(frozen=True)
class History:
    """An initiative's assessments side by side: its progress, in numbers."""

    dates: tuple[str, ...]  # oldest first; the last is the current assessment
    dimensions: tuple[DimensionProgress, ...]  # the dimensions ever assessed, in content order
    series: tuple[SeriesProgress, ...]  # overall first, then the modules
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

    @property
    def many(self) -> bool:
        """Enough assessments (TIMELINE_MIN) for a timeline to say more than the table."""
        return self.count >= TIMELINE_MIN

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


def round_files(files: Sequence[tuple[str, Answers]]) -> list[tuple[str, Answers]]:
    """The files that make one round's assessment: its latest group file (m2w merge) if there is
    one, else each respondent's latest file, in the order they are merged. Works on anything with
    an answers file's `respondent`, `started`, `updated` and `extra` (the portfolio's digests too)."""
    groups = [(label, a) for label, a in files if is_group_file(a)]
    if groups:
        return [max(groups, key=lambda item: str(item[1].updated))]
    latest: dict[str, tuple[str, Answers]] = {}
    for label, a in sorted(files, key=lambda item: str(item[1].updated)):
        person = normalise(a.respondent.get("name", "")) or "file:" + label
        latest[person] = (label, a)
    return sorted(latest.values(), key=lambda item: (str(item[1].started), item[0]))


def one_assessment(files: Sequence[tuple[str, Answers]], content: Content) -> tuple[Answers, list[str]]:
    """The assessment of one round: its group file (m2w merge) if there is one, else the team's
    files merged (each respondent's latest file), or the one file there is."""
    chosen = round_files(files)
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


# --- the history --------------------------------------------------------------------------------


def build_history(
    content: Content, current: tuple[str, Answers], earlier: Sequence[tuple[str, Answers]]
) -> History | None:
    """The history of `current` given its earlier assessments (from select_history); None when there are none."""
    from m2w_tool.scoring import score

    if not earlier:
        return None
    assessments = [Assessment(label, assessment_day(a), a, score(content, a)) for label, a in [*earlier, current]]
    now = assessments[-1].scores
    dims = []
    for d in content.dimensions:
        percents = tuple(a.scores.dimensions[d.id].percent for a in assessments)
        target = now.dimensions[d.id].target
        if any(p is not None for p in percents) or target:  # leave out what was never assessed (--only)
            target_min = now.dimensions[d.id].target_min
            like = _like_with_like(content, d, assessments)
            dims.append(DimensionProgress(d.id, d.short_id, d.module, percents, target, target_min, **like))
    series = [SeriesProgress("overall", tuple(a.scores.overall for a in assessments))]
    series += [
        SeriesProgress(m.id, tuple(a.scores.modules[m.id].percent for a in assessments)) for m in content.modules
    ]
    versions = tuple(a.answers.made_with or content.version for a in assessments)
    return History(tuple(a.date for a in assessments), tuple(dims), tuple(series), versions)


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
