"""Scoring: answers + content -> scores, levels, targets, priorities and capitals. Pure functions.

The method, in the words the report uses to explain it:

- Every answer becomes a percent of its scale: the lowest option is 0 %, the highest 100 % (on
  "agree5" 1 is 0 % and 5 is 100 %). Two answers are never scored and never lower a score:
  "not applicable" (n/a) and "don't know". Each is counted apart; "don't know" is a knowledge gap of
  its dimension, something to find out. A statement may refuse n/a (`na: false`, and every minimum
  criterion): an n/a there counts as an invalid answer, to be given again.
- A dimension's percent is the mean of its answered statements, shown with "n of m answered".
  With fewer than half of its statements answered it gets no score: "not enough answers".
- A module's percent is the mean of its scored dimensions; the overall percent is the mean of the
  scored modules, so both modules weigh the same however many questions they have.
- The level is the highest level whose threshold the percent reaches (content `levels`).
- Quality criteria are asked twice: is it in place (no / partly / yes), and, when it is (partly)
  in place, how well does it work (weak 1 ... excellent 5). A criterion counts for
  in-place share x how-well weight: no = 0, partly = 1/2, yes = 1; the weight is 2/6 for weak,
  3/6 fair, 4/6 adequate, 5/6 good and 6/6 excellent (weight = (1 + 2p) / 3, p the how-well percent
  as a fraction). A criterion in place without a how-well rating counts as adequate (4/6): to reach
  "strong", a component must work well, not only exist. So "all yes, all good" is 83 % (strong),
  "all yes, all adequate" 67 % (established), "all yes, all weak" 33 % (beginning). Criteria on another
  scale (a team's composition, say) count with their plain percent. The component also shows its
  plain in-place share and its mean how-well rating.
- Minimum criteria: a component with a minimum criterion that is not in place cannot be above
  "developing". A minimum counts as in place only when answered "yes": "partly" means some pairs do
  not get it, which a minimum does not allow. A minimum answered "don't know", or left open, is not
  shown to be in place and caps too. The capped percent is the top of "developing" (one point below
  "established"); the percent before the cap is kept (`uncapped_percent`). Missing minimums (no or
  partly) and unconfirmed ones (don't know, open) are listed per component.
- Quick scan: content marks some statements `quick`. An answers file whose scope says `quick: true`
  is scored on those statements only (the same rules, with "n of m" counting quick statements). Every
  score also carries the quick-scan percent of its dimension, and whether the dimension deserves the
  full questions or a workbook session (see `DimensionScore.deserves_full`).
- Priority = gap x importance, where gap = 100 - percent and importance is the 1-5 rating the
  initiative gave the dimension (3 when it gave none). A weak dimension that matters a lot comes
  before an equally weak one that matters little; a strong one rarely becomes a priority.
- Target: a level id. Percent of target = percent / that level's threshold, capped at 100.
- Progress: with a baseline (an earlier answers file) the change in points per dimension.
- Capitals: per form of human capital, the mean percent of the answered statements tagged with it.
  A capital is ranked ("the capital you pay most attention to") only when at least
  CAPITAL_MIN_ANSWERED tagged statements were answered; fewer is too thin a basis.
- Percents are shown as whole numbers rounded down (59.8 shows as 59), everywhere: levels start at
  whole percents, so a shown number never reaches a level that the score itself has not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

NA = "n/a"
DONT_KNOW = "dont_know"
DEFAULT_IMPORTANCE = 3  # the middle of 1-5: "neither more nor less important than the others"
IMPORTANCE_RANGE = (1, 5)
UNRATED_HOW_WELL = 0.5  # a criterion in place without a how-well rating counts as "adequate" (3 of 1-5)
CAPITAL_MIN_ANSWERED = 3  # tagged statements answered before a capital is ranked


# The display rounding rule lives with the other display rules; re-exported for callers of scoring.
from m2w_tool.format import whole_percent  # noqa: E402, F401


@dataclass(frozen=True)
class QuestionScore:
    """One question's answer as a number."""

    question_id: str
    dimension_id: str
    value: Any  # the raw value: a number, "n/a", "dont_know" or None
    percent: float | None  # 0-100, what the question counts for; None for n/a, don't know, unanswered, invalid
    how_well: float | None = None  # the raw 1-5 rating of a quality criterion
    how_well_percent: float | None = None
    invalid: bool = False  # a value the scale does not know, or n/a where n/a is not allowed (reported)
    in_place_percent: float | None = None  # quality criteria: the plain in-place share (no 0, partly 50, yes 100)
    minimum: bool = False
    quick: bool = False

    @property
    def is_na(self) -> bool:
        return self.value == NA

    @property
    def is_dont_know(self) -> bool:
        return self.value == DONT_KNOW

    @property
    def is_answered(self) -> bool:
        """Answered with a scale value (n/a and don't know count as not answered for the score)."""
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
    questions: tuple[QuestionScore, ...] = ()  # every question of the dimension, in content order
    dont_know: int = 0  # questions answered "don't know"
    knowledge_gaps: tuple[str, ...] = ()  # their ids: things to find out
    minimums_missing: tuple[str, ...] = ()  # minimum criteria answered no or partly
    minimums_unconfirmed: tuple[str, ...] = ()  # minimum criteria answered don't know or left open
    uncapped_percent: float | None = None  # the percent before the minimum cap (= percent when not capped)
    quick_percent: float | None = None  # the mean of the answered quick-scan statements
    quick_answered: int = 0
    quick_total: int = 0
    deserves_full: bool = False  # quick scan: look deeper (full questions or a workbook session)
    quick: bool = False  # scored on the quick-scan statements only

    @property
    def capped(self) -> bool:
        """The level is held at "developing" because a minimum criterion is not shown to be in place."""
        return self.percent is not None and self.uncapped_percent is not None and self.percent < self.uncapped_percent

    @property
    def missing_minimums(self) -> tuple[str, ...]:
        """Every minimum criterion not shown to be in place: missing first, then unconfirmed."""
        return self.minimums_missing + self.minimums_unconfirmed

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

    @property
    def enough(self) -> bool:
        """Enough answered statements stand behind the percent to rank this capital."""
        return self.percent is not None and self.answered >= CAPITAL_MIN_ANSWERED


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
    quick: bool = False  # scored as a quick scan (quick-scan statements only)

    @property
    def knowledge_gaps(self) -> dict[str, tuple[str, ...]]:
        """Per dimension (content order), the questions answered "don't know"; only dimensions with some."""
        return {d.dimension_id: d.knowledge_gaps for d in self.dimensions.values() if d.knowledge_gaps}

    @property
    def missing_minimums(self) -> dict[str, tuple[str, ...]]:
        """Per quality component (content order), the minimum criteria not shown to be in place."""
        return {d.dimension_id: d.missing_minimums for d in self.dimensions.values() if d.missing_minimums and d.enough}

    def deeper_look(self, module: str | None = None) -> list[DimensionScore]:
        """After a quick scan: the dimensions that deserve the full questions or a workbook session,
        most urgent first (see DimensionScore.deserves_full)."""
        chosen = [d for d in self.dimensions.values() if d.deserves_full and module in (None, d.module)]
        return sorted(chosen, key=lambda d: (-(d.priority or 0.0), d.quick_percent or 0.0))

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
        """Capitals with enough answered statements behind them, the most attention first."""
        return sorted((c for c in self.capitals.values() if c.enough), key=lambda c: -c.percent)

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
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None  # n/a, don't know, blank or text
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


def _how_well_weight(hw_percent: float | None) -> float:
    """How much of an in-place criterion counts: weak 2/6 ... excellent 6/6; unrated as adequate."""
    fraction = UNRATED_HOW_WELL if hw_percent is None else hw_percent / 100.0
    return (1.0 + 2.0 * fraction) / 3.0


def score_question(content, question, dimension_id: str, answer) -> QuestionScore:
    """One question's answer (an answers.Answer or None) as a QuestionScore."""
    value = getattr(answer, "value", None)
    scale = content.scales[question.scale]
    percent = percent_of(scale, value)
    refused_na = value == NA and not question.na_allowed
    invalid = refused_na or (percent is None and value is not None and value not in (NA, DONT_KNOW))
    how_well = hw_percent = in_place = None
    if question.how_well:  # a quality criterion: in place, weighted by how well it works
        in_place = percent
        if answer is not None and percent is not None and percent > 0:
            hw_percent = percent_of(content.scales[question.how_well], answer.how_well)
            if hw_percent is not None:
                how_well = float(answer.how_well)
        if percent is not None:
            percent = percent * _how_well_weight(hw_percent)
    return QuestionScore(
        question.id, dimension_id, value, percent, how_well, hw_percent, invalid, in_place,
        question.minimum, question.quick,
    )  # fmt: skip


def _target(content, dim_answers, percent: float | None) -> tuple[str | None, int | None, float | None, bool | None]:
    """The target level id, its threshold, the percent of target and whether it is reached."""
    target = getattr(dim_answers, "target", None) or None
    levels = {lv.id: lv for lv in content.levels}
    if target not in levels:
        return None, None, None, None
    target_min = levels[target].min
    if percent is None:
        return target, target_min, None, None
    share = 100.0 if target_min == 0 else min(100.0, 100.0 * percent / target_min)
    return target, target_min, share, percent >= target_min


def _minimums(qs: tuple[QuestionScore, ...], content, dimension) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The minimum criteria among `qs` that are missing (no, partly) and unconfirmed (don't know, open)."""
    missing, unconfirmed = [], []
    questions = {q.id: q for q in dimension.questions}
    for qs_ in qs:
        if not qs_.minimum:
            continue
        scale = content.scales[questions[qs_.question_id].scale]
        if qs_.in_place_percent is None and qs_.percent is None:
            unconfirmed.append(qs_.question_id)
        elif qs_.value != scale.high:
            missing.append(qs_.question_id)
    return tuple(missing), tuple(unconfirmed)


def _cap_ceiling(content) -> float:
    """The top of "developing": one point below the threshold of the level above it."""
    levels = {lv.id: lv.min for lv in content.levels}
    return float(max(levels["developing"], levels["established"] - 1))


def _quick_part(content, qs, percent_quick: float | None, missing: tuple[str, ...]) -> bool:
    """Whether a dimension deserves the full questions after a quick scan: its quick statements score
    below "established", or one was answered "don't know", or a minimum among them was answered no
    or partly. Quick statements left open say nothing (the dimension was not looked at)."""
    quick = [q for q in qs if q.quick]
    if not quick:
        return False
    established = next(lv.min for lv in content.levels if lv.id == "established")
    low = percent_quick is not None and percent_quick < established
    unknown = any(q.is_dont_know for q in quick)
    return low or unknown or any(q.question_id in missing for q in quick)


def _progress(content, dimension, baseline, quick: bool, percent: float | None) -> tuple[float | None, float | None]:
    """The baseline's percent for this dimension and the change in points since then."""
    if baseline is None:
        return None, None
    old = score_dimension(content, dimension, baseline, quick=quick)
    if old.percent is None or percent is None:
        return old.percent, None
    return old.percent, percent - old.percent


def _quality_summary(module: str, answered: list[QuestionScore]) -> dict[str, Any]:
    """A quality component's plain in-place share and mean "how well" rating."""
    rated = [q.how_well for q in answered if q.how_well is not None]
    if module != "quality":
        return {"in_place": None, "how_well": None, "how_well_answered": len(rated)}
    in_place = _mean([q.in_place_percent for q in answered if q.in_place_percent is not None])
    return {"in_place": in_place, "how_well": _mean(rated), "how_well_answered": len(rated)}


def _quick_fields(content, qs: tuple[QuestionScore, ...], missing: tuple[str, ...]) -> dict[str, Any]:
    answered = [q for q in qs if q.quick and q.is_answered]
    percent = _mean([q.percent for q in answered])
    return {
        "quick_percent": percent,
        "quick_answered": len(answered),
        "quick_total": sum(1 for q in qs if q.quick),
        "deserves_full": _quick_part(content, qs, percent, missing),
    }


def score_dimension(content, dimension, answers, baseline=None, quick: bool = False) -> DimensionScore:
    """Score one dimension; `answers` and `baseline` are answers.Answers (baseline optional).
    With `quick`, only the dimension's quick-scan statements count."""
    qs = tuple(score_question(content, q, dimension.id, answers.answers.get(q.id)) for q in dimension.questions)
    counted = tuple(q for q in qs if q.quick) if quick else qs
    answered = [q for q in counted if q.is_answered]
    enough = bool(counted) and 2 * len(answered) >= len(counted)
    uncapped = _mean([q.percent for q in answered]) if enough else None
    missing, unconfirmed = _minimums(counted, content, dimension)
    percent = uncapped
    if percent is not None and (missing or unconfirmed):
        percent = min(percent, _cap_ceiling(content))

    dim_answers = answers.dimensions.get(dimension.id)
    importance = _importance(getattr(dim_answers, "importance", None))
    target, target_min, percent_of_target, reached = _target(content, dim_answers, percent)
    priority = None
    if percent is not None:
        priority = (100.0 - percent) * (DEFAULT_IMPORTANCE if importance is None else importance)
    baseline_percent, progress = _progress(content, dimension, baseline, quick, percent)
    quality = _quality_summary(dimension.module, answered)
    return DimensionScore(
        dimension_id=dimension.id,
        module=dimension.module,
        answered=len(answered),
        total=len(counted),
        na=sum(1 for q in counted if q.is_na),
        percent=percent,
        level=content.level_for(percent).id if percent is not None else None,
        importance=importance,
        target=target,
        target_min=target_min,
        percent_of_target=percent_of_target,
        target_reached=reached,
        priority=priority,
        baseline_percent=baseline_percent,
        progress=progress,
        in_place=quality["in_place"] if enough else None,
        how_well=quality["how_well"],
        how_well_answered=quality["how_well_answered"],
        questions=qs,
        dont_know=sum(1 for q in counted if q.is_dont_know),
        knowledge_gaps=tuple(q.question_id for q in counted if q.is_dont_know),
        minimums_missing=missing,
        minimums_unconfirmed=unconfirmed,
        uncapped_percent=uncapped,
        quick=quick,
        **_quick_fields(content, qs, missing),
    )


def is_quick(answers) -> bool:
    """Whether an answers file is a quick scan (its scope says `quick: true`)."""
    scope = getattr(answers, "scope", None) or {}
    return scope.get("quick") is True


def full_scope(scope: dict) -> dict:
    """The scope of a quick scan that goes on as the full questionnaire of its part: the quick mark
    gone, the rest (module, only) as it was."""
    return {k: v for k, v in scope.items() if k != "quick"}


def score(content, answers, *, baseline=None, quick: bool | None = None) -> Scores:
    """Score `answers` (answers.Answers) against `content`; `baseline` adds progress per dimension.
    `quick` scores the quick-scan statements only; by default the answers file's scope decides."""
    quick = is_quick(answers) if quick is None else quick
    dims = {d.id: score_dimension(content, d, answers, baseline, quick) for d in content.dimensions}

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
        quick=quick,
    )
