"""The report model: plain dataclasses holding every text and number the report template shows.

`build_report(content, answers, lang)` turns content + answers (+ scores) into a `Report`; the
templates see nothing else, so what a report says can be tested without rendering it. All words
come from the content (in the report language) or from the catalogue below; text typed by users
is carried as is and escaped by the template engine.

To add a section (a group's spread of answers, a history of earlier years), append an
`ExtraSection` to `Report.extra_sections`: it names a template partial and the data it shows,
gets a heading, an anchor, a line in the table of contents and a PDF bookmark.
"""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import fmean
from typing import Any

from m2w_tool.charts import BarRow, RadarPoint, bars_svg, radar_svg
from m2w_tool.format import language_name, long_date
from m2w_tool.format import slug as format_slug
from m2w_tool.i18n import N_, tr
from m2w_tool.scoring import DimensionScore, Scores, score, whole_percent

TOP = 3  # strengths and priorities in the summary; dimensions whose recommendations enter the plan
RECOMMENDATIONS_PER_PRIORITY = 2

# The introduction of each module's chapter.
MODULE_INTROS = {
    "sustainability": N_("For each dimension: the score, what you answered (with notes and evidence), your reflections and actions, and recommendations that fit the level reached."),
    "quality": N_("For each component of the mentoring process: which criteria are in place, how well they work, and what you can do."),
}

# The labels of the strongest and weakest capital.
CAPITAL_MARKS = {
    "most": N_("most"),
    "least": N_("least"),
}

# How to read the report: the paragraphs after the first, in order.
HOW_TO_READ = (
    N_("Each answer becomes a percentage of its scale. For the statements (from 1 ‘not at all’ to 5 ‘fully’) 1 is 0 %% and 5 is 100 %%; 2 is 25 %%, 3 is 50 %% and 4 is 75 %%. For the quality criteria ‘no’ is 0 %%, ‘partly’ 50 %% and ‘yes’ 100 %%."),
    N_("‘Not applicable / don't know’ never counts as a low score: such an answer is left out. Each dimension shows how many statements were answered (for example ‘5 of 6 answered’). If fewer than half were answered, the dimension gets no score but ‘not enough answers’."),
    N_("The score of a dimension is the mean of its answered statements. The score of a module is the mean of its dimensions that have a score, and the overall score is the mean of the modules, so sustainability and quality weigh the same."),
    N_("For the quality criteria the score is the share of criteria in place (‘yes’ counts fully, ‘partly’ half). ‘How well’ is the mean of the 1 to 5 ratings given for criteria that are (partly) in place."),
    N_("Every score falls in a level. The thresholds are fixed, so reports from different years and initiatives can be compared. Scores are shown as whole numbers, rounded down: 59.8 %% becomes 59 %% and so, like the score itself, stays below 60. The levels:"),
)


# --- small helpers -----------------------------------------------------------------------------


def format_date(day: date, lang: str) -> str:
    """`24 november 2026` / `24 November 2026`."""
    return long_date(day, lang)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_day(text: str) -> date | None:
    """The date of an ISO timestamp or date (as in answers files), None when it is not one."""
    try:
        return datetime.fromisoformat(text.strip()).date()
    except (ValueError, AttributeError):
        return None


def pct(value: float | None, lang: str) -> str:
    return tr(lang, "not enough answers") if value is None else f"{whole_percent(value):d}\u00a0%"


def _decimal(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def signed_points(value: float) -> str:
    """`+12`, `−3` (a real minus sign) or `0`: a change in percentage points."""
    points = round(value)
    return f"+{points}" if points > 0 else (f"−{-points}" if points < 0 else "0")


# --- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelView:
    id: str
    title: str
    meaning: str
    min: int
    range_text: str


@dataclass(frozen=True)
class AnswerView:
    """One question with its answer, as shown in a dimension section and the appendix."""

    question_id: str
    number: int
    text: str
    answer: str  # the answer in words, e.g. "4 · Grotendeels"
    kind: str  # "value", "na", "blank" or "invalid"
    percent: float | None
    how_well: str  # quality criteria: "3 · Voldoende", else ""
    note: str
    evidence: str
    fully: str  # what "fully" looks like (from the content)
    evidence_hint: str  # what would show it (quality criteria, from the content)


@dataclass(frozen=True)
class ReflectionView:
    question: str
    answer: str


@dataclass(frozen=True)
class ActionView:
    what: str
    who: str
    when: str  # as typed for own actions; a date in words for recommendations
    due: str  # ISO date for recommendations (sortable in a spreadsheet), "" for own actions
    source: str  # "own" or "recommendation"
    source_label: str
    dimension_id: str
    dimension_title: str
    anchor: str


@dataclass(frozen=True)
class RecommendationView:
    text: str
    who: str
    months: int
    when: str
    due: str
    capitals: list[str]


@dataclass(frozen=True)
class MethodView:
    title: str
    goal: str
    minutes: str


@dataclass(frozen=True)
class DimensionView:
    """One sustainability dimension or quality component, with everything its section shows."""

    id: str
    anchor: str
    short_id: str
    number: int
    module: str
    title: str
    summary: str
    percent: float | None
    score_text: str
    enough: bool
    level_id: str  # "" when not enough answers (also the CSS class of the level badge)
    level_title: str
    level_meaning: str
    answered_text: str  # "5 van 6 beantwoord"
    na_text: str  # "1 keer ‘niet van toepassing / weet niet’", "" when none
    importance_text: str
    target_text: str
    progress: float | None
    progress_text: str  # "" without baseline
    priority_rank: int | None
    in_place_text: str  # quality components, else ""
    how_well_text: str  # quality components, else ""
    answers: list[AnswerView]
    reflections: list[ReflectionView]
    actions: list[ActionView]
    recommendations_title: str
    recommendations: list[RecommendationView]
    methods: list[MethodView]
    score: DimensionScore


@dataclass(frozen=True)
class ModuleView:
    id: str
    anchor: str
    title: str
    summary: str
    intro: str
    percent: float | None
    score_text: str
    level_title: str
    scored_text: str
    dimensions: list[DimensionView]


@dataclass(frozen=True)
class CapitalView:
    id: str
    title: str
    summary: str
    percent: float | None
    score_text: str
    answered_text: str
    mark: str  # "most", "least" or ""
    mark_label: str


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    depth: int  # 1 = chapter, 2 = dimension


@dataclass(frozen=True)
class Cover:
    initiative: str
    organisation: str
    region: str
    respondents: list[str]
    date_text: str
    answers_language: str
    report_language: str
    answers_file: str
    answers_updated: str
    content_version: str
    baseline_text: str  # "" without baseline


@dataclass(frozen=True)
class Summary:
    overall_text: str
    overall_level: str
    overall_level_id: str
    modules: list[ModuleView]
    strengths: list[DimensionView]
    priorities: list[tuple[DimensionView, str]]  # the dimension and why it is a priority
    radar_svg: str
    bars_svg: str  # "" when no quality component is in the report
    capitals_most: str
    capitals_least: str


@dataclass(frozen=True)
class AppendixRow:
    dimension: str
    answer: AnswerView


@dataclass(frozen=True)
class UnknownAnswer:
    question_id: str
    value: str
    note: str


@dataclass(frozen=True)
class ExtraSection:
    """An optional chapter added by another feature: `template` is a partial that shows `data`."""

    anchor: str
    title: str
    template: str
    data: Any
    before: str = "appendix"  # the anchor of the chapter it is placed before


@dataclass
class Report:
    """Everything the report template shows. Built by `build_report`; extend through `extra_sections`."""

    lang: str
    title: str
    cover: Cover
    summary: Summary
    how_to_read: list[str]
    how_to_read_after_levels: list[str]
    levels: list[LevelView]
    modules: list[ModuleView]
    capitals: list[CapitalView]
    capitals_intro: str
    action_plan: list[ActionView]
    action_plan_intro: str
    appendix: list[AppendixRow]
    unknown_answers: list[UnknownAnswer]
    warnings: list[str]
    page_label: str
    page_of: str
    report_date: str  # ISO
    generator: str
    csv_name: str
    scores: Scores
    extra_sections: list[ExtraSection] = field(default_factory=list)

    @property
    def toc(self) -> list[TocEntry]:
        """The table of contents, extra sections included, in reading order."""
        entries = [TocEntry("summary", tr(self.lang, "Summary"), 1), TocEntry("how-to-read", tr(self.lang, "How to read this report"), 1)]
        for module in self.modules:
            entries.append(TocEntry(module.anchor, module.title, 1))
            entries += [TocEntry(d.anchor, f"{d.number}. {d.title}", 2) for d in module.dimensions]
        entries += [
            TocEntry("capitals", tr(self.lang, "The six forms of human capital"), 1),
            TocEntry("action-plan", tr(self.lang, "Action plan"), 1),
            TocEntry("appendix", tr(self.lang, "Appendix: all answers"), 1),
        ]
        for extra in self.extra_sections:
            at = next((i for i, e in enumerate(entries) if e.anchor == extra.before), len(entries))
            entries.insert(at, TocEntry(extra.anchor, extra.title, 1))
        return entries

    def sections_before(self, anchor: str) -> list[ExtraSection]:
        """The extra sections to render just before the chapter `anchor` (used by the template)."""
        return [s for s in self.extra_sections if s.before == anchor]


# --- building ----------------------------------------------------------------------------------


def _answer_text(scale, value: Any, lang: str) -> tuple[str, str]:
    if value is None:
        return tr(lang, "(not answered)"), "blank"
    if value == "n/a":
        return scale.na(lang), "na"
    if value == "dont_know":
        return scale.dont_know_text(lang), "na"
    if isinstance(value, int | float) and not isinstance(value, bool) and value in scale.values:
        label = scale.label(value, lang)
        # agree5 reads best with its number ("4 · Grotendeels"); no/partly/yes stand on their own.
        return (f"{value:g} · {label}" if scale.numbered else label), "value"
    if isinstance(value, int | float) and not isinstance(value, bool) and scale.low <= value <= scale.high:
        return _decimal(value, lang), "value"  # between two options: the mean of a group's answers
    return tr(lang, "%(value)s (not on the scale)", value=value), "invalid"


def _answer_views(content, dimension, answers, dim_score: DimensionScore, lang: str) -> list[AnswerView]:
    views = []
    for i, (q, qs) in enumerate(zip(dimension.questions, dim_score.questions, strict=True), 1):
        raw = answers.answers.get(q.id)
        scale = content.scales[q.scale]
        text, kind = _answer_text(scale, qs.value, lang)
        how_well = ""
        if q.how_well and raw is not None and raw.how_well is not None and kind == "value":
            how_well, _ = _answer_text(content.scales[q.how_well], raw.how_well, lang)
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
            )
        )
    return views


def _how_well_text(content, dimension, value: float | None, lang: str) -> str:
    if value is None:
        return tr(lang, "not rated")
    scale_id = next((q.how_well for q in dimension.questions if q.how_well), None)
    label = content.scales[scale_id].label(round(value), lang) if scale_id else ""
    return tr(lang, "%(value)s out of 5 (%(label)s)", value=_decimal(value, lang), label=label)


def _recommendations(content, dimension, level: str | None, report_day: date, lang: str) -> list[RecommendationView]:
    if level is None:
        return []
    out = []
    for rec in dimension.recommendations.for_level(level):
        due = add_months(report_day, rec.months)
        out.append(
            RecommendationView(
                text=rec.text(lang),
                who=rec.who(lang),
                months=rec.months,
                when=format_date(due, lang),
                due=due.isoformat(),
                capitals=[content.capitals[c].title(lang) for c in rec.capitals if c in content.capitals],
            )
        )
    return out


def _dimension_view(content, dimension, answers, scores: Scores, ranks: dict[str, int], report_day, baseline_day, lang):
    s = scores.dimensions[dimension.id]
    levels = {lv.id: lv for lv in content.levels}
    level = levels.get(s.level) if s.level else None
    dim_answers = answers.dimensions.get(dimension.id)
    anchor = dimension.id

    importance_text = (
        tr(lang, "%(value)s/5", value=_decimal(s.importance, lang, 0) if s.importance == int(s.importance) else _decimal(s.importance, lang))
        if s.importance is not None
        else "–"
    )
    target_text = ""
    if s.target:
        title = levels[s.target].title(lang)
        if s.percent_of_target is None:
            target_text = title
        elif s.target_reached:
            target_text = tr(lang, "%(level)s: target reached", level=title)
        else:
            target_text = tr(lang, "%(level)s: %(pct)s of the target reached", level=title, pct=pct(s.percent_of_target, lang))
    progress_text = ""
    if scores.has_baseline:
        if s.progress is None:
            progress_text = tr(lang, "no comparison possible")
        else:
            progress_text = tr(lang, "%(points)s points since %(date)s", points=signed_points(s.progress), date=baseline_day)
    reflections = [
        ReflectionView(
            r(lang), (dim_answers.reflections[i].strip() if dim_answers and i < len(dim_answers.reflections) else "")
        )
        for i, r in enumerate(dimension.reflection)
    ]
    # Reflections answered beyond the content's questions (older content) are kept, never dropped.
    if dim_answers:
        for extra in dim_answers.reflections[len(dimension.reflection):]:
            if extra.strip():
                reflections.append(ReflectionView("", extra.strip()))
    title = dimension.title(lang)
    actions = [
        ActionView(a.what, a.who, a.when, "", "own", tr(lang, "own action"), dimension.id, title, anchor)
        for a in (dim_answers.actions if dim_answers else [])
        if a.what.strip()
    ]
    na_text = tr(lang, "%(k)s times ‘not applicable / don't know’", k=s.na) if s.na else ""
    quality = dimension.module == "quality"
    return DimensionView(
        id=dimension.id,
        anchor=anchor,
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
        level_meaning=level.meaning(lang) if level else tr(lang, "Fewer than half of the statements were answered, so there is no score. Fill in the missing answers, or first discuss with the team why they are hard to answer."),
        answered_text=tr(lang, "%(n)s of %(m)s answered", n=s.answered, m=s.total),
        na_text=na_text,
        importance_text=importance_text,
        target_text=target_text,
        progress=s.progress,
        progress_text=progress_text,
        priority_rank=ranks.get(dimension.id),
        in_place_text=pct(s.in_place, lang) if quality else "",
        how_well_text=_how_well_text(content, dimension, s.how_well, lang) if quality else "",
        answers=_answer_views(content, dimension, answers, s, lang),
        reflections=reflections,
        actions=actions,
        recommendations_title=(
            tr(lang, "Recommendations for level ‘%(level)s’", level=level.title(lang)) if level else tr(lang, "Without a score this report chooses no recommendations. These methods help to start the conversation:")
        ),
        recommendations=_recommendations(content, dimension, s.level, report_day, lang),
        methods=[
            MethodView(m.title(lang), m.goal(lang), tr(lang, "%(n)s min.", n=m.duration_minutes)) for m in dimension.methods
        ],
        score=s,
    )


def _scope(content, answers) -> list:
    """The dimensions the answers file was made for (its scope), all of them when it says nothing usable."""
    scope = answers.scope or {}
    module = scope.get("module") if scope.get("module") in ("all", "sustainability", "quality") else "all"
    only = scope.get("only") or []
    if isinstance(only, str):
        only = only.split(",")
    try:
        chosen = content.select(module, [str(k) for k in only])
    except KeyError:
        chosen = content.select(module)
    return chosen or list(content.dimensions)


def _language_name(code: str, lang: str) -> str:
    return language_name(code, lang)


def _chart_values(dims: list[DimensionView], lang: str, with_baseline: bool) -> str:
    parts = []
    for d in dims:
        value = d.score_text
        if with_baseline and d.score.baseline_percent is not None:
            parts.append(
                tr(lang, "%(title)s: %(value)s (earlier %(old)s)", title=f"{d.number}. {d.title}", value=value, old=pct(d.score.baseline_percent, lang))
            )
        else:
            parts.append(tr(lang, "%(title)s: %(value)s", title=f"{d.number}. {d.title}", value=value))
    return "; ".join(parts) + "."


def build_report(
    content,
    answers,
    lang: str,
    *,
    baseline=None,
    report_date: date | None = None,
    answers_name: str = "answers.yaml",
    scores: Scores | None = None,
    stem: str | None = None,
) -> Report:
    """The report model for `answers` (answers.Answers) in `lang`, optionally against a `baseline`.

    `report_date` (today by default) is printed on the cover and dates the recommendations;
    `answers_name` is how the report refers to the answers file; pass `scores` to reuse them;
    `stem` is the base name of the report's files (default: report_stem(answers)).
    """
    from m2w_tool import __version__

    report_day = report_date or date.today()
    scores = scores or score(content, answers, baseline=baseline)
    chosen = _scope(content, answers)
    chosen_ids = {d.id for d in chosen}

    base_day = parse_day(baseline.updated) if baseline is not None else None
    base_text = format_date(base_day, lang) if base_day else (baseline.updated if baseline is not None else "")

    # Priorities and strengths only among the dimensions shown; a priority is never also a strength.
    ranked = [d for d in scores.priorities(None) if d.dimension_id in chosen_ids]
    priorities = ranked[:TOP]
    ranks = {d.dimension_id: i for i, d in enumerate(priorities, 1)}
    strengths = [
        d for d in scores.strengths(None) if d.dimension_id in chosen_ids and d.dimension_id not in ranks
    ][:TOP]

    views: dict[str, DimensionView] = {
        d.id: _dimension_view(content, d, answers, scores, ranks, report_day, base_text, lang) for d in chosen
    }
    modules: list[ModuleView] = []
    for module in content.modules:
        dims = [views[d.id] for d in chosen if d.module == module.id]
        if not dims:
            continue
        # Computed over the dimensions shown, so the numbers match the report's own tables even for an
        # answers file that covers only part of a module (`--only`).
        shown = [v.percent for v in dims if v.percent is not None]
        module_pct = fmean(shown) if shown else None
        level = content.level_for(module_pct).title(lang) if module_pct is not None else tr(lang, "not enough answers")
        modules.append(
            ModuleView(
                id=module.id,
                anchor=f"module-{module.id}",
                title=module.title(lang),
                summary=module.summary(lang),
                intro=tr(lang, MODULE_INTROS[module.id]),
                percent=module_pct,
                score_text=pct(module_pct, lang),
                level_title=level,
                scored_text=tr(lang, "%(n)s of %(m)s with a score", n=len(shown), m=len(dims)),
                dimensions=dims,
            )
        )

    # Charts.
    sustain = [views[d.id] for d in chosen if d.module == "sustainability"]
    quality = [views[d.id] for d in chosen if d.module == "quality"]
    radar = ""
    if 0 < len(sustain) < 3:  # a radar needs three axes; fewer dimensions read better as bars
        radar = bars_svg(
            [BarRow(f"{d.number}. {d.title}", d.percent) for d in sustain],
            title=tr(lang, "Score per sustainability dimension"),
            desc=tr(lang, "Bar chart of %(n)s process components. %(values)s", n=len(sustain), values=_chart_values(sustain, lang, False)),
            chart_id="bars-sustainability",
            empty_text=tr(lang, "not enough answers"),
        )
    elif sustain:
        with_base = scores.has_baseline and any(d.score.baseline_percent is not None for d in sustain)
        radar = radar_svg(
            [RadarPoint(f"{d.number}. {d.title}", d.percent, d.score.baseline_percent) for d in sustain],
            title=tr(lang, "Score per sustainability dimension"),
            desc=tr(lang, "Radar chart of %(n)s dimensions. %(values)s", n=len(sustain), values=_chart_values(sustain, lang, with_base)),
            legend=(tr(lang, "Now"), tr(lang, "Last time (%(date)s)", date=base_text)) if with_base else None,
        )
    bars = ""
    if quality:
        rows = []
        for d in quality:
            note = (
                tr(lang, "how well %(value)s/5", value=_decimal(d.score.how_well, lang))
                if d.score.how_well is not None
                else ""
            )
            rows.append(BarRow(f"{d.number}. {d.title}", d.percent, note))
        bars = bars_svg(
            rows,
            title=tr(lang, "Quality criteria in place per process component"),
            desc=tr(lang, "Bar chart of %(n)s process components. %(values)s", n=len(quality), values=_chart_values(quality, lang, False)),
            empty_text=tr(lang, "not enough answers"),
        )

    # Capitals.
    ranked_caps = [c for c in scores.capitals_ranked()]
    most = ranked_caps[0].capital_id if ranked_caps else ""
    least = ranked_caps[-1].capital_id if len(ranked_caps) > 1 else ""
    capitals = []
    for cid, cap in content.capitals.items():
        cs = scores.capitals[cid]
        mark = "most" if cid == most else ("least" if cid == least else "")
        capitals.append(
            CapitalView(
                id=cid,
                title=cap.title(lang),
                summary=cap.summary(lang),
                percent=cs.percent,
                score_text=pct(cs.percent, lang) if cs.percent is not None else "–",
                answered_text=tr(lang, "%(n)s of %(m)s linked statements answered", n=cs.answered, m=cs.total),
                mark=mark,
                mark_label=tr(lang, CAPITAL_MARKS[mark]) if mark else "",
            )
        )
    cap_title = {c.id: c for c in capitals}
    capitals_most = (
        tr(lang, "Strengthened most: %(title)s (%(pct)s).", title=cap_title[most].title, pct=cap_title[most].score_text)
        if most
        else tr(lang, "No linked statements answered yet.")
    )
    capitals_least = (
        tr(lang, "Strengthened least: %(title)s (%(pct)s).", title=cap_title[least].title, pct=cap_title[least].score_text) if least else ""
    )

    # Action plan: own actions (questionnaire order), then the top recommendations per priority.
    plan: list[ActionView] = [a for v in views.values() for a in v.actions]
    for d in priorities:
        view = views[d.dimension_id]
        for rec in view.recommendations[:RECOMMENDATIONS_PER_PRIORITY]:
            plan.append(
                ActionView(
                    rec.text,
                    rec.who,
                    rec.when,
                    rec.due,
                    "recommendation",
                    tr(lang, "recommendation"),
                    view.id,
                    view.title,
                    view.anchor,
                )
            )

    priority_items = []
    for d in priorities:
        view = views[d.dimension_id]
        if d.importance is None:
            why = tr(lang, "score %(score)s, importance not given (counts as 3/5)", score=view.score_text)
        else:
            why = tr(lang, "score %(score)s, importance %(importance)s/5", score=view.score_text, importance=view.importance_text.split("/")[0])
        priority_items.append((view, why))

    # Appendix and warnings.
    appendix = [AppendixRow(f"{v.short_id} · {v.title}", a) for v in views.values() for a in v.answers]
    unknown = [
        UnknownAnswer(qid, str(answers.answers[qid].value), answers.answers[qid].note) for qid in scores.unknown
    ]
    warnings = []
    if answers.content_version and answers.content_version != content.version:
        warnings.append(tr(lang, "The answers were given with content version %(old)s; this report uses version %(new)s. Some questions may have changed since.", old=answers.content_version, new=content.version))
    if scores.unknown:
        warnings.append(tr(lang, "%(n)s answer(s) belong to questions this content does not know (%(ids)s). They are not scored and are listed in the appendix.", n=len(scores.unknown), ids=", ".join(scores.unknown)))
    invalid = [q for q in scores.invalid if scores.questions[q].dimension_id in chosen_ids]
    if invalid:
        warnings.append(tr(lang, "%(n)s answer(s) have a value that is not on the scale (%(ids)s). They are not scored.", n=len(invalid), ids=", ".join(invalid)))

    name = answers.initiative.get("name", "").strip()
    respondent = answers.respondent or {}
    who = ", ".join(x for x in (respondent.get("name", "").strip(), respondent.get("role", "").strip()) if x)
    updated = parse_day(answers.updated)
    cover = Cover(
        initiative=name or tr(lang, "(unnamed initiative)"),
        organisation=answers.initiative.get("organisation", "").strip(),
        region=answers.initiative.get("region", "").strip(),
        respondents=[who] if who else [],
        date_text=format_date(report_day, lang),
        answers_language=_language_name(answers.language, lang),
        report_language=_language_name(lang, lang),
        answers_file=answers_name,
        answers_updated=format_date(updated, lang) if updated else answers.updated,
        content_version=content.version,
        baseline_text=base_text,
    )
    levels = content.levels
    level_views = []
    for i, lv in enumerate(levels):
        if i + 1 < len(levels):
            rng = tr(lang, "%(low)s to %(high)s %%", low=lv.min, high=levels[i + 1].min)
        else:
            rng = tr(lang, "%(low)s up to and including 100 %%", low=lv.min)
        level_views.append(LevelView(lv.id, lv.title(lang), lv.meaning(lang), lv.min, rng))

    how = [tr(lang, "This report is a mirror, not an exam. The scores show how you yourselves see your initiative, based on the answers in %(file)s. They are most useful as the start of a conversation: where do we stand, and what do we want to work on first?", file=answers_name)] + [tr(lang, text) for text in HOW_TO_READ]
    after = [tr(lang, "Priorities are not simply the lowest scores. For each dimension we multiply the distance to 100 %% by the importance you gave it (1 to 5; 3 when none was given). Example: 50 %% with importance 5 gives 50 × 5 = 250, 30 %% with importance 2 gives 70 × 2 = 140. So the first comes first, even though its score is higher."), tr(lang, "If you set a target (a level you want to reach), the report shows how far you are: the score divided by the lower threshold of that level, at most 100 %%.")]
    if scores.has_baseline:
        after.append(tr(lang, "This report compares with the answers of %(date)s. ‘Progress’ is the difference in percentage points per dimension; a small drop of a few points can also mean the team has become more critical.", date=base_text))
    after += [tr(lang, "Statements are linked to the six forms of human capital a job seeker can (re)build. The mean of the answered statements per form shows which ones your programme strengthens most and least."), tr(lang, "The recommendations come from the m2w content and depend on the level reached. The action plan combines your own actions with the main recommendations for your three priorities.")]

    stem = stem or report_stem(answers)
    module_pcts = [mv.percent for mv in modules if mv.percent is not None]
    overall = fmean(module_pcts) if module_pcts else None
    overall_level = content.level_for(overall) if overall is not None else None
    summary = Summary(
        overall_text=pct(overall, lang),
        overall_level=overall_level.title(lang) if overall_level else "",
        overall_level_id=overall_level.id if overall_level else "",
        modules=modules,
        strengths=[views[d.dimension_id] for d in strengths],
        priorities=priority_items,
        radar_svg=radar,
        bars_svg=bars,
        capitals_most=capitals_most,
        capitals_least=capitals_least,
    )
    return Report(
        lang=lang,
        title=f"{tr(lang, 'Reflection report')}: {cover.initiative}",
        cover=cover,
        summary=summary,
        how_to_read=how,
        how_to_read_after_levels=after,
        levels=level_views,
        modules=modules,
        capitals=capitals,
        capitals_intro=tr(lang, "Migration costs people part of their human capital. Regular services mostly work on economic capital and language; mentoring can strengthen all six. For each form: the mean of the answered statements linked to it."),
        action_plan=plan,
        action_plan_intro=tr(lang, "Your own actions, plus the main recommendations for your three priorities. The ‘by when’ of a recommendation counts the suggested number of months from the date of this report. This plan is also in %(csv)s, to edit further in a spreadsheet.", csv=f"{stem}-actions.csv"),
        appendix=appendix,
        unknown_answers=unknown,
        warnings=warnings,
        page_label=tr(lang, "page"),
        page_of=tr(lang, "of"),
        report_date=report_day.isoformat(),
        generator=tr(lang, "Made with m2w %(version)s", version=__version__),
        csv_name=f"{stem}-actions.csv",
        scores=scores,
    )


def report_stem(answers) -> str:
    """The base file name of a report: `report-<initiative>`, or `report` for an unnamed one.

    The name follows format.slug: accents dropped, letters of other scripts kept.
    """
    slug = format_slug(answers.initiative.get("name", ""))
    return f"report-{slug}" if slug else "report"


def action_plan_csv(report: Report) -> str:
    """The action plan as CSV text for a spreadsheet.

    Dutch uses `;` between fields (what Excel expects with Belgian and Dutch settings), English `,`.
    A byte-order mark makes Excel read the accents and non-Latin names correctly.
    """
    lang = report.lang
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if report.lang == "nl" else ",", lineterminator="\r\n")
    writer.writerow([tr(lang, "Source"), tr(lang, "Dimension"), tr(lang, "What"), tr(lang, "Who"), tr(lang, "By when"), tr(lang, "By when (date)")])
    for a in report.action_plan:
        writer.writerow([a.source_label, a.dimension_title, a.what, a.who, a.when, a.due])
    return "\ufeff" + buffer.getvalue()
