"""Building the report model: `build_report` and its section builders.

`build_report(content, answers, lang)` decides the report's inputs once (scores, scope, dates) and
asks one small builder per part: the cover, the dimensions and modules (report/dimensions.py), the
summary with its charts and the capitals (report/summary.py), the action plan, next steps and the
previous round's actions (report/actions.py), "how to read", the appendix and the warnings. Each
returns part of the model in report/model.py and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from statistics import fmean

from m2w_tool.answers import Answers, upgrade_note
from m2w_tool.content import Content
from m2w_tool.format import file_stem, language_name
from m2w_tool.i18n import N_, tr
from m2w_tool.identity import is_group_file
from m2w_tool.merge import group_respondents
from m2w_tool.report.actions import action_plan, follow_up, next_steps
from m2w_tool.report.dimensions import dimension_view, module_views
from m2w_tool.report.inputs import Inputs, format_date, parse_day, pct, scope
from m2w_tool.report.model import (
    ActionView,
    AppendixRow,
    CapitalView,
    Cover,
    DeeperLook,
    DimensionView,
    ExtraSection,
    FollowUp,
    LevelView,
    ModuleView,
    Priority,
    Report,
    Summary,
    UnknownAnswer,
)
from m2w_tool.report.summary import (
    capital_sentences,
    capital_views,
    coverage,
    gaps_text,
    priority_items,
    quality_chart,
    ranking,
    strengths_note,
    sustainability_chart,
)
from m2w_tool.scoring import DimensionScore, Scores, score

# How to read the report: the paragraphs after the first, in order (the rules of m2w_tool/scoring.py).
HOW_TO_READ = (
    N_(
        "Each answer becomes a percentage of its scale: the lowest option is 0%%, the highest 100%%. On the "
        "five-point scales 1 is 0%%, 2 is 25%%, 3 is 50%%, 4 is 75%% and 5 is 100%%."
    ),
    N_(
        "‘Not applicable’ and ‘don't know’ are two different answers, and neither is scored, so neither lowers a "
        "score. ‘Not applicable’ says the statement does not fit your initiative. ‘Don't know’ is a knowledge gap: "
        "the report lists it with its dimension, as something to find out. Each dimension shows how many statements "
        "were answered; with fewer than half answered it gets no score but ‘not enough answers’."
    ),
    N_(
        "The score of a dimension is the mean of its answered statements. The score of a module is the mean of its "
        "dimensions that have a score, and the overall score is the mean of the two modules, so sustainability and "
        "quality weigh the same. While parts have no score the totals are provisional: the report says how many parts "
        "they rest on, and it gives no overall score that would rest on a single part."
    ),
    N_(
        "A quality criterion is asked twice: is it in place (no, partly, yes), and how well does it work (1 weak to 5 "
        "excellent). Both count: in place (no nothing, partly half, yes whole) times how well it works (weak 2/6, "
        "fair 3/6, adequate 4/6, good 5/6, excellent 6/6; a criterion without a rating counts as adequate). So a "
        "component with everything in place that works well scores 83%%, with everything in place but only adequate "
        "67%%. Each component also shows its plain share in place and its mean ‘how well’."
    ),
    N_(
        "Some criteria are minimum criteria: what every pair must get. A component with a minimum that is not in "
        "place (answered no, partly or don't know, or left open) cannot be above ‘developing’, however well the other "
        "criteria do. The report lists such minimums first, in the summary and with their component."
    ),
    N_(
        "Every score falls in a level. The thresholds are fixed, so reports from different years and initiatives can "
        "be compared. Scores are shown as whole numbers, rounded down: 59.8%% becomes 59%% and so, like the score "
        "itself, stays below 60. The levels:"
    ),
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
    appendix: bool = False,
) -> Report:
    """The report model for `answers` in `lang`, optionally against a `baseline`. `report_date` (today
    by default) dates the cover and the recommendations; `answers_name` names the answers file in the
    text; `scores` are reused when given; `stem` names the files (default: report_stem(answers));
    `extra_sections` (history, group: see report.sections) join the report in that order; `appendix`
    adds every answer once more at the end (the PDF carries the answers file anyway)."""
    inputs = _inputs(content, answers, lang, baseline, report_date, answers_name, scores)
    priorities, strengths = ranking(inputs)
    ranks = {d.dimension_id: i for i, d in enumerate(priorities, 1)}
    views = {d.id: dimension_view(inputs, d, ranks.get(d.id)) for d in inputs.chosen}
    plan = action_plan(inputs, views, priorities)
    earlier = follow_up(inputs, baseline, inputs.baseline_text)
    modules, capitals, cover = module_views(inputs, views), capital_views(inputs), _cover(inputs)
    csv_name = f"{stem or report_stem(answers)}-actions.csv"
    return Report(
        lang=lang,
        title=f"{tr(lang, 'Reflection report')}: {cover.initiative}",
        cover=cover,
        summary=_summary(inputs, views, modules, capitals, strengths, priority_items(inputs, priorities, views), plan,
                         earlier),
        modules=modules,
        capitals=capitals,
        action_plan=plan,
        action_plan_intro=tr(lang, "Your own actions and the main recommendations for your three priorities, by date. "
                                   "A recommendation is due the suggested number of months after the date of this "
                                   "report. This plan is also in %(csv)s, to edit further in a spreadsheet; keep the "
                                   "status of your own actions in the answers file (planned, started, done), and the "
                                   "next report carries it forward.", csv=csv_name),
        appendix=[AppendixRow(f"{v.short_id} · {v.title}", a) for v in views.values() for a in v.answers]
        if appendix else [],
        csv_name=csv_name, extra_sections=list(extra_sections), with_appendix=appendix, follow_up=earlier,
        **_chapters(inputs),
    )  # fmt: skip


def _chapters(inputs: Inputs) -> dict:
    """The parts of the report that need no ranking: how to read, warnings, unknown answers."""
    from m2w_tool import __version__

    lang = inputs.lang
    return {
        "how_to_read": _how_to_read(inputs),
        "how_to_read_after_levels": _how_to_read_after_levels(inputs),
        "levels": _levels(inputs),
        "capitals_intro": tr(
            lang,
            "Migration costs people part of their human capital. Regular services mostly work on economic capital and "
            "language; mentoring can strengthen all six. For each form: the mean of the answered statements linked to "
            "it.",
        ),
        "unknown_answers": [_unknown(inputs.answers, qid) for qid in inputs.scores.unknown],
        "warnings": _warnings(inputs),
        "report_date": inputs.report_day.isoformat(),
        "generator": tr(lang, "Made with m2w %(version)s", version=__version__),
        "scores": inputs.scores,
    }


def report_stem(answers: Answers) -> str:
    """The base file name of a report: `report-<initiative>` (a group's file: `...-group`), or `report`.

    The initiative's name through format.file_stem: `Brugwerk Gentbrugge` ->
    `report-brugwerk-gentbrugge`, `Één` -> `een`; letters of other scripts are kept, so an Arabic
    or Cyrillic name still gets its own readable file.
    """
    slug = file_stem(answers.initiative.get("name", ""))
    stem = f"report-{slug}" if slug else "report"
    # A group's file (m2w merge) and a member's own file of the same initiative are two reports.
    return f"{stem}-group" if is_group_file(answers) else stem


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
    name = respondent.get("name", "").strip()
    # A group's file: every respondent's name as its own text (from the group data, not the joined
    # line), so one in Arabic script does not turn the order of the whole line around.
    names = [str(r.get("name", "")).strip() for r in group_respondents(answers)] or [name]
    updated = parse_day(answers.updated)
    return Cover(
        initiative=answers.initiative.get("name", "").strip() or tr(lang, "(unnamed initiative)"),
        organisation=answers.initiative.get("organisation", "").strip(),
        region=answers.initiative.get("region", "").strip(),
        respondents=[n for n in names if n],
        respondent_role=respondent.get("role", "").strip(),
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
    views: dict[str, DimensionView],
    modules: list[ModuleView],
    capitals: list[CapitalView],
    strengths: list[DimensionScore],
    priorities: list[Priority],
    plan: list[ActionView],
    earlier: FollowUp | None,
) -> Summary:
    """The summary: what to do next first, then the scores, strengths and charts."""
    lang, shown = inputs.lang, [views[d.id] for d in inputs.chosen]
    module_pcts = [m.percent for m in modules if m.percent is not None]
    covered, provisional, overall_note = coverage(inputs, shown)
    overall = fmean(module_pcts) if module_pcts and not overall_note else None
    level = inputs.content.level_for(overall) if overall is not None else None
    most, least = capital_sentences(capitals, lang, any(c.answered for c in inputs.scores.capitals.values()))
    return Summary(
        overall_text="" if overall_note or overall is None else pct(overall, lang),
        overall_level=level.title(lang) if level else "",
        overall_level_id=level.id if level else "",
        modules=modules,
        strengths=[views[d.dimension_id] for d in strengths],
        priorities=priorities,
        radar_svg=sustainability_chart(inputs, [d for d in shown if d.module == "sustainability"]),
        bars_svg=quality_chart(inputs, [d for d in shown if d.module == "quality"]),
        capitals_most=most,
        capitals_least=least,
        next_steps=next_steps(priorities, plan),
        minimums=[m for v in shown for m in v.minimums],
        coverage_text=covered,
        provisional=provisional,
        overall_note=overall_note,
        strengths_note=strengths_note(lang, strengths, priorities, sum(1 for v in shown if v.enough)),
        gaps_text=gaps_text(lang, shown),
        quick=inputs.scores.quick,
        deeper=_deeper(inputs, views),
        follow_up_text=earlier.summary if earlier else "",
    )


def _deeper(inputs: Inputs, views: dict[str, DimensionView]) -> list[DeeperLook]:
    """After a quick scan: the dimensions that deserve the full questions, most urgent first."""
    if not inputs.scores.quick:
        return []
    shown = [d.dimension_id for d in inputs.scores.deeper_look() if d.dimension_id in views]
    return [DeeperLook(views[i], views[i].deeper_text, f"m2w workbook --only {views[i].short_id}") for i in shown]


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
    first = tr(
        lang,
        "This report is a mirror, not an exam. The scores show how you yourselves see your initiative, based on the "
        "answers in %(file)s. They are most useful as the start of a conversation: where do we stand, and what do we "
        "want to work on first?",
        file=inputs.answers_name,
    )
    paragraphs = [first] + [tr(lang, text) for text in HOW_TO_READ]
    if inputs.scores.quick:
        quick = tr(
            lang,
            "This is a quick scan: only the key statements of each dimension were asked (%(n)s in all). Its scores "
            "are a first indication; the summary says which dimensions deserve the full questions or a workbook "
            "session.",
            n=len(inputs.content.quick_scan),
        )
        paragraphs.insert(1, quick)
    return paragraphs


def _how_to_read_after_levels(inputs: Inputs) -> list[str]:
    lang = inputs.lang
    after = [
        tr(
            lang,
            "Priorities are not simply the lowest scores. For each dimension we multiply the distance to 100%% by the "
            "importance you gave it (%(scale)s; 3 when none was given). Example: 50%% with importance 5 gives 50 × 5 "
            "= 250, 30%% with importance 2 gives 70 × 2 = 140. So the first comes first, even though its score is "
            "higher.",
            scale=_importance_scale(inputs),
        ),
        tr(
            lang,
            "If you set a target (a level you want to reach), the report shows how far you are: the score divided by "
            "the lower threshold of that level, at most 100%%.",
        ),
    ]
    if inputs.scores.has_baseline:
        after.append(
            tr(
                lang,
                "This report compares with the answers of %(date)s. ‘Progress’ is the difference in percentage points "
                "per dimension; a small drop of a few points can also mean the team has become more critical.",
                date=inputs.baseline_text,
            )
        )
    after.append(
        tr(
            lang,
            "Statements are linked to the six forms of human capital a job seeker can (re)build. The mean of the "
            "answered statements per form shows which ones your programme strengthens most and least.",
        )
    )
    after.append(
        tr(
            lang,
            "The recommendations come from the m2w content and depend on the level reached. The action plan combines "
            "your own actions with the main recommendations for your three priorities.",
        )
    )
    return after


def _importance_scale(inputs: Inputs) -> str:
    """The two ends of the content's importance set with their words (`1 ‘…’ to 5 ‘…’`)."""
    scale = inputs.content.importance_scale
    if scale is None:
        return "1-5"
    low, high = min(scale.values), max(scale.values)
    return tr(inputs.lang, "%(low)s ‘%(low_label)s’ to %(high)s ‘%(high_label)s’", low=low, high=high,
              low_label=scale.label(low, inputs.lang), high_label=scale.label(high, inputs.lang))  # fmt: skip


# --- appendix and warnings ---------------------------------------------------------------------


def _unknown(answers: Answers, qid: str) -> UnknownAnswer:
    answer = answers.answers[qid]
    return UnknownAnswer(qid, str(answer.value), answer.note)


def _warnings(inputs: Inputs) -> list[str]:
    """What the reader should know before the numbers: old content, unknown or invalid answers."""
    lang, answers, content, scores = inputs.lang, inputs.answers, inputs.content, inputs.scores
    warnings = []
    if answers.upgraded_from:
        warnings.append(upgrade_note(answers, lang))
    elif answers.content_version and answers.content_version != content.version:
        warnings.append(
            tr(
                lang,
                "The answers were given with content version %(old)s; this report uses version %(new)s. Some "
                "questions may have changed since.",
                old=answers.content_version,
                new=content.version,
            )
        )
    if scores.unknown:
        warnings.append(
            tr(
                lang,
                "%(n)s answer(s) belong to questions this content does not know (%(ids)s). They are not scored and "
                "are listed in the appendix.",
                n=len(scores.unknown),
                ids=", ".join(scores.unknown),
            )
        )
    shown = {d.id for d in inputs.chosen}
    invalid = [q for q in scores.invalid if scores.questions[q].dimension_id in shown]
    if invalid:
        warnings.append(
            tr(
                lang,
                "%(n)s answer(s) have a value that is not on the scale (%(ids)s). They are not scored.",
                n=len(invalid),
                ids=", ".join(invalid),
            )
        )
    return warnings
