"""One answers file as the portfolio keeps it: what its rows, tables and triage need, in little memory. Pure.

A portfolio of 10,000 initiatives cannot hold 10,000 answers files and their scores as objects
(about 90 KB each). A `Digest` keeps what the portfolio page and the exports show of one file,
scored: its names and dates, the score of every module and dimension, and per statement of the
content its raw answer and percent, in flat tuples aligned with the content's question order
(about 12 KB). Workers make digests in parallel; the on-disk cache (cache.py) stores them.

A digest answers the questions the grouping rules ask of an answers file (history.occasions,
identity.initiative_key, merge.group_respondents, Names) in the same words: `initiative`,
`respondent`, `started`, `updated`, `extra`, `made_with`. So those rules stay the one place they
are written.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from m2w_tool.answers import Answers
from m2w_tool.content import Content
from m2w_tool.identity import GROUP_KEY
from m2w_tool.merge import group_respondents
from m2w_tool.scoring import Scores

DIGEST_FORMAT = 2  # part of the cache key: raise it whenever a Digest changes shape or meaning
PRIORITIES_KEPT = 3  # the most urgent dimensions kept (the action plan's recommendations)


class DimensionFacts(NamedTuple):
    """One dimension of one file, as the dimensions table shows it."""

    percent: float | None
    level: str | None
    answered: int
    na: int  # answered 'not applicable'
    dont_know: int  # answered 'don't know': a knowledge gap
    importance: float | None
    target: str | None
    target_reached: bool | None
    priority: float | None
    how_well: float | None


class StatementExtra(NamedTuple):
    """What a few statements carry besides their answer: a note, evidence, a group's spread."""

    index: int  # the statement's place in the content's question order
    note: str
    evidence: str
    respondents: int | None  # a group answer: how many gave a value; None for one person's answer
    spread: Any  # a group answer: highest minus lowest
    disagree: bool | None  # a group answer: far apart


@dataclass(frozen=True, slots=True)
class Digest:
    """One answers file, scored, as the portfolio keeps it (see the module's docstring)."""

    initiative: dict[str, str]
    respondent: dict[str, str]
    started: str
    updated: str
    content_version: str
    upgraded_from: dict[str, str]
    extra: dict[str, Any]  # only a merged file's respondents, under GROUP_KEY
    overall: float | None
    overall_level: str | None
    modules: dict[str, float | None]  # module id -> percent
    dimensions: tuple[DimensionFacts, ...]  # aligned with content.dimensions
    present: bytes  # per content statement: 1 when the file holds an answer for it
    values: tuple[Any, ...]  # per content statement: the raw value (None when not answered)
    how_well: tuple[Any, ...]  # per content statement: the raw how-well rating
    percents: array  # per content statement: its percent, NaN when it has none
    extras: tuple[StatementExtra, ...]
    actions: tuple[tuple[str, str, str, str], ...]  # (dimension id, what, who, when), as in the file
    priorities: tuple[str, ...]  # the most urgent dimension ids, most urgent first
    strongest: str | None  # the dimension with the highest score

    @property
    def made_with(self) -> str:
        """The content version the answers were given with (before any upgrade)."""
        return self.upgraded_from.get("version", "") or self.content_version

    def percent(self, index: int) -> float | None:
        """The percent of the statement at `index` of the content's order; None without one."""
        value = self.percents[index]
        return None if math.isnan(value) else value

    def answered_statements(self) -> Iterator[int]:
        """The indexes of the statements the file holds an answer for, in content order."""
        return (i for i, here in enumerate(self.present) if here)

    @property
    def gaps(self) -> int:
        """Dimensions without a score."""
        return sum(1 for d in self.dimensions if d.percent is None)


def _facts(scores: Scores, content: Content) -> tuple[DimensionFacts, ...]:
    out = []
    for d in content.dimensions:
        s = scores.dimensions[d.id]
        out.append(DimensionFacts(s.percent, s.level, s.answered, s.na, s.dont_know, s.importance, s.target,
                                  s.target_reached, s.priority, s.how_well))  # fmt: skip
    return tuple(out)


def _extra(index: int, answer) -> StatementExtra | None:  # noqa: ANN001 - an answers.Answer
    group = answer.extra.get(GROUP_KEY)
    group = group if isinstance(group, dict) else None
    if not (answer.note or answer.evidence or group):
        return None
    if group is None:
        return StatementExtra(index, answer.note, answer.evidence, None, None, None)
    n, spread = group.get("n"), group.get("spread")
    return StatementExtra(index, answer.note, answer.evidence, n if _is_number(n) else None,
                          spread if _is_number(spread) else None, bool(group.get("disagree")))  # fmt: skip


def _is_number(value: Any) -> bool:
    """A number a hand-edited group file may hold where m2w wrote one (not a bool, not text)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _statements(content: Content, answers: Answers, scores: Scores) -> dict[str, Any]:
    present, values, how_well, extras = bytearray(), [], [], []
    percents = array("d")
    for index, qid in enumerate(content.questions):
        answer = answers.answers.get(qid)
        qs = scores.questions[qid]
        present.append(answer is not None)
        values.append(answer.value if answer is not None else None)
        how_well.append(answer.how_well if answer is not None else None)
        percents.append(math.nan if qs.percent is None else qs.percent)
        extra = _extra(index, answer) if answer is not None else None
        if extra is not None:
            extras.append(extra)
    return {"present": bytes(present), "values": tuple(values), "how_well": tuple(how_well),
            "percents": percents, "extras": tuple(extras)}  # fmt: skip


def digest_of(content: Content, answers: Answers, scores: Scores) -> Digest:
    """The digest of `answers`, scored as `scores` against `content`."""
    respondents = group_respondents(answers)
    strongest = scores.strengths(1)
    return Digest(
        initiative=dict(answers.initiative),
        respondent=dict(answers.respondent),
        started=answers.started,
        updated=answers.updated,
        content_version=answers.content_version,
        upgraded_from=dict(answers.upgraded_from),
        extra={GROUP_KEY: {"respondents": [{str(k): str(v) for k, v in r.items()} for r in respondents]}}
        if GROUP_KEY in answers.extra
        else {},
        overall=scores.overall,
        overall_level=scores.overall_level,
        modules={m: ms.percent for m, ms in scores.modules.items()},
        dimensions=_facts(scores, content),
        actions=tuple((did, a.what, a.who, a.when) for did, dim in answers.dimensions.items() for a in dim.actions),
        priorities=tuple(s.dimension_id for s in scores.priorities(PRIORITIES_KEPT)),
        strongest=strongest[0].dimension_id if strongest else None,
        **_statements(content, answers, scores),
    )
