"""The report's chapters per module: each dimension (or quality component) with its answers,
reflections, actions and recommendations, and the module around it."""

from __future__ import annotations

from statistics import fmean
from typing import Any

from m2w_tool.content import Dimension, Level, Scale
from m2w_tool.format import decimal, signed_points
from m2w_tool.i18n import N_, tr, trn
from m2w_tool.labels import importance_label
from m2w_tool.report.actions import own_action
from m2w_tool.report.inputs import Inputs, add_months, month_year, pct, word_list
from m2w_tool.report.model import (
    ActionView,
    AnswerView,
    DimensionView,
    MethodView,
    MinimumView,
    ModuleView,
    RecommendationView,
    ReflectionView,
)
from m2w_tool.scoring import DimensionScore

# The introduction of each module's chapter.
MODULE_INTROS = {
    "sustainability": N_(
        "For each dimension: the score, what you answered (with notes and evidence), your reflections and actions, "
        "and recommendations that fit the level reached."
    ),
    "quality": N_(
        "For each component of the mentoring process: which criteria are in place, how well they work, and what you "
        "can do."
    ),
}


def dimension_view(inputs: Inputs, dimension: Dimension, rank: int | None) -> DimensionView:
    """Everything the section of `dimension` shows; `rank` is its place among the priorities."""
    lang, s = inputs.lang, inputs.scores.dimensions[dimension.id]
    level = next((lv for lv in inputs.content.levels if lv.id == s.level), None) if s.level else None
    quality = dimension.module == "quality"
    title = dimension.title(lang)
    answers = _answer_views(inputs, dimension, s)
    return DimensionView(
        id=dimension.id,
        anchor=dimension.id,
        short_id=dimension.short_id,
        number=dimension.number,
        module=dimension.module,
        title=title,
        summary=dimension.summary(lang),
        percent=s.percent,
        score_text=pct(s.percent, lang),
        enough=s.enough,
        level_id=s.level or "",
        level_title=level.title(lang) if level else tr(lang, "not enough answers"),
        level_meaning=level.meaning(lang)
        if level
        else tr(
            lang,
            "Fewer than half of the statements were answered, so there is no score. Fill in the missing answers, or "
            "first discuss with the team why they are hard to answer.",
        ),
        answered_text=tr(lang, "%(n)s of %(m)s answered", n=s.answered, m=s.total),
        na_text=_na_text(s, lang),
        importance_text=_importance_text(s.importance, lang),
        target_text=_target_text(inputs, s),
        progress=s.progress,
        progress_text=_progress_text(inputs, s),
        priority_rank=rank,
        in_place_text=pct(s.in_place, lang) if quality else "",
        how_well_text=_how_well_text(inputs, dimension, s.how_well) if quality else "",
        answers=answers,
        reflections=_reflections(inputs, dimension),
        actions=_own_actions(inputs, dimension, title),
        recommendations_title=_recommendations_title(level, lang),
        recommendations=_recommendations(inputs, dimension, s.level),
        methods=[
            MethodView(m.title(lang), m.goal(lang), tr(lang, "%(n)s min.", n=m.duration_minutes))
            for m in dimension.methods
        ],
        score=s,
        importance_label=_importance_label(inputs, s.importance),
        **_minimum_fields(inputs, s, answers, title, dimension.id),
        **_gap_fields(inputs, s, answers),
    )


def module_views(inputs: Inputs, views: dict[str, DimensionView]) -> list[ModuleView]:
    """The modules with dimensions in the report, each with the mean of its dimensions shown."""
    lang, modules = inputs.lang, []
    for module in inputs.content.modules:
        dims = [views[d.id] for d in inputs.chosen if d.module == module.id]
        if not dims:
            continue
        # Computed over the dimensions shown, so the numbers match the report's own tables even for an
        # answers file that covers only part of a module (`--only`).
        shown = [v.percent for v in dims if v.percent is not None]
        module_pct = fmean(shown) if shown else None
        modules.append(
            ModuleView(
                id=module.id,
                anchor=f"module-{module.id}",
                title=module.title(lang),
                summary=module.summary(lang),
                intro=tr(lang, MODULE_INTROS[module.id]),
                percent=module_pct,
                score_text=pct(module_pct, lang),
                level_title=inputs.content.level_for(module_pct).title(lang)
                if shown
                else tr(lang, "not enough answers"),
                scored_text=tr(lang, "%(n)s of %(m)s with a score", n=len(shown), m=len(dims)),
                dimensions=dims,
            )
        )
    return modules


# --- the facts of a dimension ------------------------------------------------------------------


def _importance_text(importance: float | None, lang: str) -> str:
    if importance is None:
        return "–"
    return tr(lang, "%(value)s/5", value=decimal(importance, lang, trim=True))


def _importance_label(inputs: Inputs, importance: float | None) -> str:
    """The importance in the words of the content's importance set (the questionnaire's and the
    workbook's words too); "" when none was given or a group's mean falls between two."""
    if importance is None or inputs.content.importance_scale is None or not float(importance).is_integer():
        return ""
    return importance_label(inputs.content, int(importance), inputs.lang)


def _na_text(s: DimensionScore, lang: str) -> str:
    """How many were answered n/a and how many don't know, "" when none."""
    parts = []
    if s.na:
        parts.append(tr(lang, "%(k)s × not applicable", k=s.na))
    if s.dont_know:
        parts.append(tr(lang, "%(k)s × don't know", k=s.dont_know))
    return ", ".join(parts)


def _target_text(inputs: Inputs, s: DimensionScore) -> str:
    if not s.target:
        return ""
    lang, sets = inputs.lang, inputs.content.target_scale
    title = (
        sets.label(s.target, lang)
        if sets
        else next(lv.title(lang) for lv in inputs.content.levels if lv.id == s.target)
    )
    if s.percent_of_target is None:
        return title
    if s.target_reached:
        return tr(lang, "%(level)s (target reached)", level=title)
    return tr(lang, "%(level)s (%(pct)s of the way)", level=title, pct=pct(s.percent_of_target, lang))


def _progress_text(inputs: Inputs, s: DimensionScore) -> str:
    if not inputs.scores.has_baseline:
        return ""
    if s.progress is None:
        return tr(inputs.lang, "no comparison possible")
    points = signed_points(s.progress)
    return tr(inputs.lang, "%(points)s points since %(date)s", points=points, date=inputs.baseline_text)


def _how_well_text(inputs: Inputs, dimension: Dimension, value: float | None) -> str:
    lang = inputs.lang
    if value is None:
        return tr(lang, "not rated")
    scale_id = next((q.how_well for q in dimension.questions if q.how_well), None)
    label = inputs.content.scales[scale_id].label(round(value), lang) if scale_id else ""
    return tr(lang, "%(value)s out of 5 (%(label)s)", value=decimal(value, lang), label=label)


# --- what was answered -------------------------------------------------------------------------


def _answer_text(scale: Scale, value: Any, lang: str) -> tuple[str, str]:
    """An answer in words and its kind ("value", "na", "blank" or "invalid")."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if value is None:
        return tr(lang, "(not answered)"), "blank"
    if value == "n/a":
        return scale.na(lang), "na"
    if value == "dont_know":
        return scale.dont_know_text(lang), "dont_know"
    if number and value in scale.values:
        label = scale.label(value, lang)
        # agree5 reads best with its number ("4 · Grotendeels"); no/partly/yes stand on their own.
        return (f"{value:g} · {label}" if scale.numbered else label), "value"
    if number and scale.low <= value <= scale.high:
        return decimal(value, lang), "value"  # between two options: the mean of a group's answers
    return tr(lang, "%(value)s (not on the scale)", value=value), "invalid"


def _answer_views(inputs: Inputs, dimension: Dimension, s: DimensionScore) -> list[AnswerView]:
    """Every question with its answer; a quick scan shows its key statements (and whatever else was answered)."""
    lang, scales, views = inputs.lang, inputs.content.scales, []
    for i, (q, qs) in enumerate(zip(dimension.questions, s.questions, strict=True), 1):
        raw = inputs.answers.answers.get(q.id)
        if s.quick and not q.quick and (raw is None or not raw.is_answered):
            continue
        text, kind = _answer_text(scales[q.scale], qs.value, lang)
        how_well = ""
        if q.how_well and raw is not None and raw.how_well is not None and kind == "value":
            how_well = _answer_text(scales[q.how_well], raw.how_well, lang)[0]
        views.append(
            AnswerView(
                question_id=q.id,
                number=i,
                text=q.text(lang),
                answer=text,
                kind=kind,
                percent=qs.percent,
                how_well=how_well,
                note=(raw.note if raw else "").strip(),
                evidence=(raw.evidence if raw else "").strip(),
                fully=q.fully(lang),
                evidence_hint=q.evidence(lang) if q.evidence else "",
                minimum=q.minimum,
            )
        )
    return views


def _reflections(inputs: Inputs, dimension: Dimension) -> list[ReflectionView]:
    given = inputs.answers.dimensions.get(dimension.id)
    answered = [r.strip() for r in given.reflections] if given else []
    views = [
        ReflectionView(r(inputs.lang), answered[i] if i < len(answered) else "")
        for i, r in enumerate(dimension.reflection)
    ]
    # Reflections answered beyond the content's questions (older content) are kept, never dropped.
    views += [ReflectionView("", extra) for extra in answered[len(dimension.reflection) :] if extra]
    return views


def _own_actions(inputs: Inputs, dimension: Dimension, title: str) -> list[ActionView]:
    given = inputs.answers.dimensions.get(dimension.id)
    return [own_action(inputs, a, dimension.id, title) for a in (given.actions if given else []) if a.what.strip()]


# --- minimum criteria, knowledge gaps, the quick scan ------------------------------------------


def _minimum_fields(inputs: Inputs, s: DimensionScore, answers: list[AnswerView], title: str, anchor: str) -> dict:
    """The minimum criteria not shown to be in place (once the component has a score) and the cap."""
    if not s.enough or not s.missing_minimums:
        return {"minimums": [], "cap_text": ""}
    lang, by_id = inputs.lang, {a.question_id: a for a in answers}
    views = [
        MinimumView(q, by_id[q].number, by_id[q].text, by_id[q].answer, state, title, anchor)
        for state, ids in (("missing", s.minimums_missing), ("unconfirmed", s.minimums_unconfirmed))
        for q in ids
    ]
    developing = next(lv.title(lang) for lv in inputs.content.levels if lv.id == "developing")
    numbers = word_list([str(m.number) for m in views], lang)
    cap = trn(lang, "This component cannot be above ‘%(level)s’ until minimum criterion %(numbers)s is in place.",
              "This component cannot be above ‘%(level)s’ until minimum criteria %(numbers)s are in place.",
              len(views), level=developing, numbers=numbers)  # fmt: skip
    if s.capped:
        cap += " " + tr(lang, "Without this rule its score would be %(pct)s.", pct=pct(s.uncapped_percent, lang))
    return {"minimums": views, "cap_text": cap}


def _gap_fields(inputs: Inputs, s: DimensionScore, answers: list[AnswerView]) -> dict:
    """The statements answered "don't know", what to do about them, and the quick scan's verdict."""
    lang = inputs.lang
    gaps = [a for a in answers if a.kind == "dont_know" and a.question_id in s.knowledge_gaps]
    advice = ""
    if gaps:
        numbers = word_list([str(a.number) for a in gaps], lang)
        advice = trn(lang, "Statement %(numbers)s: find out before the next round. Ask who knows, or look it up in "
                           "your records; then change ‘don't know’ into an answer.",
                     "Statements %(numbers)s: find out before the next round. Ask who knows, or look it up in your "
                     "records; then change ‘don't know’ into an answer.",
                     len(gaps), numbers=numbers)  # fmt: skip
    return {"knowledge_gaps": gaps, "gaps_advice": advice, "deeper_text": deeper_reasons(inputs, s)}


def deeper_reasons(inputs: Inputs, s: DimensionScore) -> str:
    """Quick scan: why a dimension deserves the full questions, in words; "" when it does not."""
    if not (s.quick and s.deserves_full):
        return ""
    lang, reasons = inputs.lang, []
    established = next(lv for lv in inputs.content.levels if lv.id == "established")
    if s.quick_percent is not None and s.quick_percent < established.min:
        reasons.append(
            tr(
                lang,
                "its key statements score %(pct)s, below ‘%(level)s’",
                pct=pct(s.quick_percent, lang),
                level=established.title(lang),
            )
        )
    quick = [q for q in s.questions if q.quick]
    if any(q.is_dont_know for q in quick):
        reasons.append(tr(lang, "‘don't know’ on a key statement"))
    if any(q.question_id in s.minimums_missing for q in quick):
        reasons.append(tr(lang, "a minimum criterion is not in place"))
    return "; ".join(reasons)


# --- what to do next ---------------------------------------------------------------------------


def _recommendations_title(level: Level | None, lang: str) -> str:
    if level is None:
        return tr(
            lang,
            "Without a score this report chooses no recommendations. These methods help to start the conversation:",
        )
    return tr(lang, "Recommendations for level ‘%(level)s’", level=level.title(lang))


def _recommendations(inputs: Inputs, dimension: Dimension, level: str | None) -> list[RecommendationView]:
    if level is None:
        return []
    lang, capitals, out = inputs.lang, inputs.content.capitals, []
    for rec in dimension.recommendations.for_level(level):
        due = add_months(inputs.report_day, rec.months)
        out.append(
            RecommendationView(
                text=rec.text(lang),
                who=rec.who(lang),
                months=rec.months,
                when=month_year(due, lang),
                due=due.isoformat(),
                capitals=[capitals[c].title(lang) for c in rec.capitals if c in capitals],
            )
        )
    return out
