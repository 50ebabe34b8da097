"""Building the report model: `build_report` and its section builders.

`build_report(content, answers, lang)` decides the report's inputs once (scores, scope, dates) and
asks one small builder per part: the cover, the dimensions and modules (report/dimensions.py), the
summary with its charts, the capitals and the action plan (report/summary.py), "how to read", the
appendix and the warnings. Each returns part of the model in report/model.py and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from statistics import fmean

from m2w_tool.answers import Answers
from m2w_tool.content import Content
from m2w_tool.format import file_stem, language_name
from m2w_tool.i18n import N_, tr
from m2w_tool.report.dimensions import dimension_view, module_views
from m2w_tool.report.inputs import Inputs, format_date, parse_day, pct, scope
from m2w_tool.report.model import (
    AppendixRow,
    CapitalView,
    Cover,
    DimensionView,
    ExtraSection,
    LevelView,
    ModuleView,
    Report,
    Summary,
    UnknownAnswer,
)
from m2w_tool.report.summary import (
    action_plan,
    capital_sentences,
    capital_views,
    priority_items,
    quality_chart,
    ranking,
    sustainability_chart,
)
from m2w_tool.scoring import DimensionScore, Scores, score

# How to read the report: the paragraphs after the first, in order.
HOW_TO_READ = (
    N_("Each answer becomes a percentage of its scale. For the statements (from 1 ‘not at all’ to 5 ‘fully’) 1 is 0%% and 5 is 100%%; 2 is 25%%, 3 is 50%% and 4 is 75%%. For the quality criteria ‘no’ is 0%%, ‘partly’ 50%% and ‘yes’ 100%%."),
    N_("‘Not applicable / don't know’ never counts as a low score: such an answer is left out. Each dimension shows how many statements were answered (for example ‘5 of 6 answered’). If fewer than half were answered, the dimension gets no score but ‘not enough answers’."),
    N_("The score of a dimension is the mean of its answered statements. The score of a module is the mean of its dimensions that have a score, and the overall score is the mean of the modules, so sustainability and quality weigh the same."),
    N_("For the quality criteria the score is the share of criteria in place (‘yes’ counts fully, ‘partly’ half). ‘How well’ is the mean of the 1 to 5 ratings given for criteria that are (partly) in place."),
    N_("Every score falls in a level. The thresholds are fixed, so reports from different years and initiatives can be compared. Scores are shown as whole numbers, rounded down: 59.8%% becomes 59%% and so, like the score itself, stays below 60. The levels:"),
)


def build_report(
    content: Content,
    answers: Answers,
    lang: str,
    *,
    baseline: Answers | None = None,
    report_date: date | None = None,
    answers_name: str = "answers.yaml",
    scores: Scores | None = None,
    stem: str | None = None,
    extra_sections: Iterable[ExtraSection] = (),
) -> Report:
    """The report model for `answers` in `lang`, optionally against a `baseline`. `report_date` (today
    by default) dates the cover and the recommendations; `answers_name` names the answers file in the
    text; `scores` are reused when given; `stem` names the files (default: report_stem(answers));
    `extra_sections` (history, group: see report.sections) join the report in that order."""
    from m2w_tool import __version__

    inputs = _inputs(content, answers, lang, baseline, report_date, answers_name, scores)
    priorities, strengths = ranking(inputs)
    ranks = {d.dimension_id: i for i, d in enumerate(priorities, 1)}
    views = {d.id: dimension_view(inputs, d, ranks.get(d.id)) for d in inputs.chosen}
    modules = module_views(inputs, views)
    capitals = capital_views(inputs)
    csv_name = f"{stem or report_stem(answers)}-actions.csv"
    cover = _cover(inputs)
    return Report(
        lang=lang,
        title=f"{tr(lang, 'Reflection report')}: {cover.initiative}",
        cover=cover,
        summary=_summary(inputs, modules, views, strengths, priorities, capitals),
        how_to_read=_how_to_read(inputs),
        how_to_read_after_levels=_how_to_read_after_levels(inputs),
        levels=_levels(inputs),
        modules=modules,
        capitals=capitals,
        capitals_intro=tr(lang, "Migration costs people part of their human capital. Regular services mostly work on economic capital and language; mentoring can strengthen all six. For each form: the mean of the answered statements linked to it."),
        action_plan=action_plan(inputs, views, priorities),
        action_plan_intro=tr(lang, "Your own actions, plus the main recommendations for your three priorities. The ‘by when’ of a recommendation counts the suggested number of months from the date of this report. This plan is also in %(csv)s, to edit further in a spreadsheet.", csv=csv_name),
        appendix=[AppendixRow(f"{v.short_id} · {v.title}", a) for v in views.values() for a in v.answers],
        unknown_answers=[_unknown(answers, qid) for qid in inputs.scores.unknown],
        warnings=_warnings(inputs),
        report_date=inputs.report_day.isoformat(),
        generator=tr(lang, "Made with m2w %(version)s", version=__version__),
        csv_name=csv_name,
        scores=inputs.scores,
        extra_sections=list(extra_sections),
    )


def report_stem(answers: Answers) -> str:
    """The base file name of a report: `report-<initiative>`, or `report` for an unnamed one.

    The initiative's name through format.file_stem: `Brugwerk Gentbrugge` ->
    `report-brugwerk-gentbrugge`, `Één` -> `een`; letters of other scripts are kept, so an Arabic
    or Cyrillic name still gets its own readable file.
    """
    slug = file_stem(answers.initiative.get("name", ""))
    return f"report-{slug}" if slug else "report"


def _inputs(content, answers, lang, baseline, report_date, answers_name, scores) -> Inputs:
    base_day = parse_day(baseline.updated) if baseline is not None else None
    base_text = format_date(base_day, lang) if base_day else (baseline.updated if baseline is not None else "")
    return Inputs(
        content=content,
        answers=answers,
        lang=lang,
        scores=scores or score(content, answers, baseline=baseline),
        report_day=report_date or date.today(),
        baseline_text=base_text,
        answers_name=answers_name,
        chosen=scope(content, answers),
    )


# --- cover and summary -------------------------------------------------------------------------


def _cover(inputs: Inputs) -> Cover:
    answers, lang = inputs.answers, inputs.lang
    respondent = answers.respondent or {}
    who = ", ".join(x for x in (respondent.get("name", "").strip(), respondent.get("role", "").strip()) if x)
    updated = parse_day(answers.updated)
    return Cover(
        initiative=answers.initiative.get("name", "").strip() or tr(lang, "(unnamed initiative)"),
        organisation=answers.initiative.get("organisation", "").strip(),
        region=answers.initiative.get("region", "").strip(),
        respondents=[who] if who else [],
        date_text=format_date(inputs.report_day, lang),
        answers_language=language_name(answers.language, lang),
        report_language=language_name(lang, lang),
        answers_file=inputs.answers_name,
        answers_updated=format_date(updated, lang) if updated else answers.updated,
        content_version=inputs.content.version,
        baseline_text=inputs.baseline_text,
    )


def _summary(
    inputs: Inputs,
    modules: list[ModuleView],
    views: dict[str, DimensionView],
    strengths: list[DimensionScore],
    priorities: list[DimensionScore],
    capitals: list[CapitalView],
) -> Summary:
    module_pcts = [m.percent for m in modules if m.percent is not None]
    overall = fmean(module_pcts) if module_pcts else None
    level = inputs.content.level_for(overall) if overall is not None else None
    shown = [views[d.id] for d in inputs.chosen]
    most, least = capital_sentences(capitals, inputs.lang)
    return Summary(
        overall_text=pct(overall, inputs.lang),
        overall_level=level.title(inputs.lang) if level else "",
        overall_level_id=level.id if level else "",
        modules=modules,
        strengths=[views[d.dimension_id] for d in strengths],
        priorities=priority_items(inputs, priorities, views),
        radar_svg=sustainability_chart(inputs, [d for d in shown if d.module == "sustainability"]),
        bars_svg=quality_chart(inputs, [d for d in shown if d.module == "quality"]),
        capitals_most=most,
        capitals_least=least,
    )


# --- how to read -------------------------------------------------------------------------------


def _levels(inputs: Inputs) -> list[LevelView]:
    lang, levels = inputs.lang, inputs.content.levels
    views = []
    for i, lv in enumerate(levels):
        if i + 1 < len(levels):
            span = tr(lang, "%(low)s to %(high)s%%", low=lv.min, high=levels[i + 1].min)
        else:
            span = tr(lang, "%(low)s up to and including 100%%", low=lv.min)
        views.append(LevelView(lv.id, lv.title(lang), lv.meaning(lang), lv.min, span))
    return views


def _how_to_read(inputs: Inputs) -> list[str]:
    lang = inputs.lang
    first = tr(lang, "This report is a mirror, not an exam. The scores show how you yourselves see your initiative, based on the answers in %(file)s. They are most useful as the start of a conversation: where do we stand, and what do we want to work on first?", file=inputs.answers_name)
    return [first] + [tr(lang, text) for text in HOW_TO_READ]


def _how_to_read_after_levels(inputs: Inputs) -> list[str]:
    lang = inputs.lang
    after = [
        tr(lang, "Priorities are not simply the lowest scores. For each dimension we multiply the distance to 100%% by the importance you gave it (1 to 5; 3 when none was given). Example: 50%% with importance 5 gives 50 × 5 = 250, 30%% with importance 2 gives 70 × 2 = 140. So the first comes first, even though its score is higher."),
        tr(lang, "If you set a target (a level you want to reach), the report shows how far you are: the score divided by the lower threshold of that level, at most 100%%."),
    ]
    if inputs.scores.has_baseline:
        after.append(tr(lang, "This report compares with the answers of %(date)s. ‘Progress’ is the difference in percentage points per dimension; a small drop of a few points can also mean the team has become more critical.", date=inputs.baseline_text))
    after.append(tr(lang, "Statements are linked to the six forms of human capital a job seeker can (re)build. The mean of the answered statements per form shows which ones your programme strengthens most and least."))
    after.append(tr(lang, "The recommendations come from the m2w content and depend on the level reached. The action plan combines your own actions with the main recommendations for your three priorities."))
    return after


# --- appendix and warnings ---------------------------------------------------------------------


def _unknown(answers: Answers, qid: str) -> UnknownAnswer:
    answer = answers.answers[qid]
    return UnknownAnswer(qid, str(answer.value), answer.note)


def _warnings(inputs: Inputs) -> list[str]:
    """What the reader should know before the numbers: old content, unknown or invalid answers."""
    lang, answers, content, scores = inputs.lang, inputs.answers, inputs.content, inputs.scores
    warnings = []
    if answers.content_version and answers.content_version != content.version:
        warnings.append(tr(lang, "The answers were given with content version %(old)s; this report uses version %(new)s. Some questions may have changed since.", old=answers.content_version, new=content.version))
    if scores.unknown:
        warnings.append(tr(lang, "%(n)s answer(s) belong to questions this content does not know (%(ids)s). They are not scored and are listed in the appendix.", n=len(scores.unknown), ids=", ".join(scores.unknown)))
    shown = {d.id for d in inputs.chosen}
    invalid = [q for q in scores.invalid if scores.questions[q].dimension_id in shown]
    if invalid:
        warnings.append(tr(lang, "%(n)s answer(s) have a value that is not on the scale (%(ids)s). They are not scored.", n=len(invalid), ids=", ".join(invalid)))
    return warnings
