"""Scoring: answers + content -> scores, levels, targets, priorities and capitals. Pure functions.

The method, in the words the report uses to explain it:

- Every answer becomes a percent of its scale: on "agree5" 1 is 0 % and 5 is 100 %; on "inplace3"
  no is 0 %, partly 50 % and yes 100 %. "Not applicable / don't know" (n/a) is left out.
- A dimension's percent is the mean of its answered statements, shown with "n of m answered".
  With fewer than half of its statements answered it gets no score: "not enough answers".
- A module's percent is the mean of its scored dimensions; the overall percent is the mean of the
  scored modules, so both modules weigh the same however many questions they have.
- The level is the highest level whose threshold the percent reaches (content `levels`).
- Quality components: the percent is the share of criteria in place (yes = 1, partly = 0.5);
  "how well" is the mean of the 1-5 ratings given for criteria that are (partly) in place.
- Priority = gap x importance, where gap = 100 - percent and importance is the 1-5 rating the
  initiative gave the dimension (3 when it gave none). A weak dimension that matters a lot comes
  before an equally weak one that matters little; a strong one rarely becomes a priority.
- Target: a level id. Percent of target = percent / that level's threshold, capped at 100.
- Progress: with a baseline (an earlier answers file) the change in points per dimension.
- Capitals: per form of human capital, the mean percent of the answered statements tagged with it.
- Percents are shown as whole numbers rounded down (59.8 shows as 59), everywhere: levels start at
  whole percents, so a shown number never reaches a level that the score itself has not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

NA = "n/a"
DEFAULT_IMPORTANCE = 3  # the middle of 1-5: "neither more nor less important than the others"
IMPORTANCE_RANGE = (1, 5)


# The display rounding rule lives with the other display rules; re-exported for callers of scoring.
from m2w_tool.format import whole_percent  # noqa: E402, F401


@dataclass(frozen=True)
class QuestionScore:
    """One question's answer as a number."""

    question_id: str
    dimension_id: str
    value: Any  # the raw value: a number, "n/a" or None
    percent: float | None  # 0-100 on the question's scale; None for n/a, unanswered or invalid
    how_well: float | None = None  # the raw 1-5 rating of a quality criterion
    how_well_percent: float | None = None
    invalid: bool = False  # a value the scale does not know (not scored, reported)

    @property
    def is_na(self) -> bool:
        return self.value == NA

    @property
    def is_answered(self) -> bool:
        """Answered with a scale value (n/a counts as not answered for the score)."""
        return self.percent is not None


@dataclass(frozen=True)
class DimensionScore:
    """The score of one sustainability dimension or quality component."""

    dimension_id: str
    module: str
    answered: int  # questions answered with a scale value ("n" of "n of m")
    total: int  # questions in the dimension ("m")
    na: int  # questions answered "not applicable / don't know"
    percent: float | None  # None when not enough answers
    level: str | None  # a level id, None when not enough answers
    importance: float | None  # as given by the initiative (1-5), None when not given
    target: str | None = None  # a level id the initiative aims for
    target_min: int | None = None  # the threshold of that level
    percent_of_target: float | None = None  # 0-100
    target_reached: bool | None = None
    priority: float | None = None  # gap x importance; higher = more urgent
    baseline_percent: float | None = None
    progress: float | None = None  # points since the baseline
    in_place: float | None = None  # quality: share of criteria in place, 0-100
    how_well: float | None = None  # quality: mean "how well" rating, 1-5
    how_well_answered: int = 0
    questions: tuple[QuestionScore, ...] = ()

    @property
    def enough(self) -> bool:
        """At least half of the questions answered with a scale value."""
        return self.percent is not None

    @property
    def gap(self) -> float | None:
        return None if self.percent is None else 100.0 - self.percent

    @property
    def importance_used(self) -> float:
        """The importance the priority was computed with (the default when none was given)."""
        return DEFAULT_IMPORTANCE if self.importance is None else self.importance


@dataclass(frozen=True)
class ModuleScore:
    module: str
    percent: float | None
    level: str | None
    scored: int  # dimensions with a score
    total: int  # dimensions in the module


@dataclass(frozen=True)
class CapitalScore:
    capital_id: str
    percent: float | None  # mean percent of the answered statements tagged with this capital
    answered: int  # tagged statements answered
    total: int  # tagged statements


@dataclass(frozen=True)
class Scores:
    """Everything computed from one answers file (and optionally a baseline)."""

    dimensions: dict[str, DimensionScore]  # in content order
    modules: dict[str, ModuleScore]
    overall: float | None
    overall_level: str | None
    capitals: dict[str, CapitalScore]  # in content order
    invalid: tuple[str, ...] = ()  # question ids whose value is not on their scale
    unknown: tuple[str, ...] = ()  # question ids in the answers that the content does not know
    has_baseline: bool = False
    questions: dict[str, QuestionScore] = field(default_factory=dict)

    def in_module(self, module: str) -> list[DimensionScore]:
        return [d for d in self.dimensions.values() if d.module == module]

    def priorities(self, n: int | None = 3, module: str | None = None) -> list[DimensionScore]:
        """Scored dimensions by priority (gap x importance), most urgent first."""
        scored = [d for d in self.dimensions.values() if d.priority is not None and module in (None, d.module)]
        # Ties: the lower score first, then content order (stable sort).
        ranked = sorted(scored, key=lambda d: (-d.priority, d.percent))
        ranked = [d for d in ranked if d.priority > 0]
        return ranked if n is None else ranked[:n]

    def strengths(self, n: int | None = 3, module: str | None = None) -> list[DimensionScore]:
        """Scored dimensions from the highest percent down (ties: the more important first)."""
        scored = [d for d in self.dimensions.values() if d.percent is not None and module in (None, d.module)]
        ranked = sorted(scored, key=lambda d: (-d.percent, -d.importance_used))
        return ranked if n is None else ranked[:n]

    def capitals_ranked(self) -> list[CapitalScore]:
        """Capitals with answers, most strengthened first."""
        return sorted((c for c in self.capitals.values() if c.percent is not None), key=lambda c: -c.percent)

    @property
    def strongest_capital(self) -> CapitalScore | None:
        ranked = self.capitals_ranked()
        return ranked[0] if ranked else None

    @property
    def weakest_capital(self) -> CapitalScore | None:
        ranked = self.capitals_ranked()
        return ranked[-1] if len(ranked) > 1 else None


def percent_of(scale, value: Any) -> float | None:
    """`value` as a percent of `scale` (lowest option 0, highest 100); None for n/a, blank or off-scale.

    Values between two options count too (3.5 on 1-5 is 62.5 %): merged group answers are means.
    """
    if value is None or value == NA or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not scale.low <= value <= scale.high:
        return None
    return 100.0 * scale.fraction(value)


def _importance(raw: Any) -> float | None:
    if raw is None or raw == NA or isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    low, high = IMPORTANCE_RANGE
    return float(min(high, max(low, raw)))


def _mean(values: list[float]) -> float | None:
    return fmean(values) if values else None


def score_question(content, question, dimension_id: str, answer) -> QuestionScore:
    """One question's answer (an answers.Answer or None) as a QuestionScore."""
    value = getattr(answer, "value", None)
    scale = content.scales[question.scale]
    percent = percent_of(scale, value)
    invalid = percent is None and value is not None and value != NA
    how_well = hw_percent = None
    if question.how_well and answer is not None and percent is not None and percent > 0:
        hw_scale = content.scales[question.how_well]
        hw_percent = percent_of(hw_scale, answer.how_well)
        if hw_percent is not None:
            how_well = float(answer.how_well)
    return QuestionScore(question.id, dimension_id, value, percent, how_well, hw_percent, invalid)


def score_dimension(content, dimension, answers, baseline=None) -> DimensionScore:
    """Score one dimension; `answers` and `baseline` are answers.Answers (baseline optional)."""
    qs = tuple(score_question(content, q, dimension.id, answers.answers.get(q.id)) for q in dimension.questions)
    total = len(qs)
    answered = [q for q in qs if q.is_answered]
    na = sum(1 for q in qs if q.is_na)
    enough = total > 0 and 2 * len(answered) >= total
    percent = _mean([q.percent for q in answered]) if enough else None
    level = content.level_for(percent).id if percent is not None else None

    dim_answers = answers.dimensions.get(dimension.id)
    importance = _importance(getattr(dim_answers, "importance", None))
    target = getattr(dim_answers, "target", None) or None
    levels = {lv.id: lv for lv in content.levels}
    target_min = levels[target].min if target in levels else None
    if target not in levels:
        target = None
    percent_of_target = reached = None
    if target_min is not None and percent is not None:
        percent_of_target = 100.0 if target_min == 0 else min(100.0, 100.0 * percent / target_min)
        reached = percent >= target_min

    priority = None
    if percent is not None:
        priority = (100.0 - percent) * (DEFAULT_IMPORTANCE if importance is None else importance)

    baseline_percent = progress = None
    if baseline is not None:
        old = score_dimension(content, dimension, baseline)
        baseline_percent = old.percent
        if old.percent is not None and percent is not None:
            progress = percent - old.percent

    in_place = how_well = None
    rated = [q.how_well for q in answered if q.how_well is not None]
    if dimension.module == "quality":
        in_place = percent
        how_well = _mean(rated)
    return DimensionScore(
        dimension_id=dimension.id,
        module=dimension.module,
        answered=len(answered),
        total=total,
        na=na,
        percent=percent,
        level=level,
        importance=importance,
        target=target,
        target_min=target_min,
        percent_of_target=percent_of_target,
        target_reached=reached,
        priority=priority,
        baseline_percent=baseline_percent,
        progress=progress,
        in_place=in_place,
        how_well=how_well,
        how_well_answered=len(rated),
        questions=qs,
    )


def score(content, answers, *, baseline=None) -> Scores:
    """Score `answers` (answers.Answers) against `content`; `baseline` adds progress per dimension."""
    dims = {d.id: score_dimension(content, d, answers, baseline) for d in content.dimensions}

    modules: dict[str, ModuleScore] = {}
    for module in content.modules:
        in_module = [s for s in dims.values() if s.module == module.id]
        pct = _mean([s.percent for s in in_module if s.percent is not None])
        modules[module.id] = ModuleScore(
            module.id,
            pct,
            content.level_for(pct).id if pct is not None else None,
            sum(1 for s in in_module if s.percent is not None),
            len(in_module),
        )
    overall = _mean([m.percent for m in modules.values() if m.percent is not None])

    questions = {q.question_id: q for s in dims.values() for q in s.questions}
    capitals: dict[str, CapitalScore] = {}
    for cid in content.capitals:
        tagged = [questions[q.id] for d in content.dimensions for q in d.questions if cid in q.capitals]
        answered = [q.percent for q in tagged if q.is_answered]
        capitals[cid] = CapitalScore(cid, _mean(answered), len(answered), len(tagged))

    return Scores(
        dimensions=dims,
        modules=modules,
        overall=overall,
        overall_level=content.level_for(overall).id if overall is not None else None,
        capitals=capitals,
        invalid=tuple(q.question_id for q in questions.values() if q.invalid),
        unknown=tuple(sorted(q for q in answers.answers if q not in questions)),
        has_baseline=baseline is not None,
        questions=questions,
    )
