"""The report model: the documented contract between the report builder and its templates.

Every text and number the report shows is a field here, already in the report's language (static
labels such as column headings come from the catalogue inside the templates). Text typed by users
is carried as typed and escaped by the template engine. The templates see nothing else; a test
(tests/test_template_contract.py) fails when a template uses a name these classes do not define.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from m2w_tool.i18n import tr
from m2w_tool.scoring import DimensionScore, Scores

# --- one dimension -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelView:
    """A level as the "how to read" table lists it."""

    id: str  # "beginning" ... "strong" (also the CSS class of its badge)
    title: str  # "Ontwikkelend"
    meaning: str  # what the level says about an initiative
    min: int  # its lower threshold, in percent
    range_text: str  # "40 to 60 %"


@dataclass(frozen=True)
class AnswerView:
    """One question with its answer, as shown in a dimension section and the appendix."""

    question_id: str  # "d03-q2"
    number: int  # its place in the dimension, from 1
    text: str  # the statement or criterion
    answer: str  # the answer in words, e.g. "4 · Grotendeels"
    kind: str  # "value", "na", "dont_know", "blank" or "invalid" (also a CSS class)
    percent: float | None  # the answer on a 0-100 scale; None when not scored
    how_well: str  # quality criteria: "3 · Voldoende", else ""
    note: str  # the respondent's note, as typed
    evidence: str  # the evidence given, as typed
    fully: str  # what "fully" looks like (from the content)
    evidence_hint: str  # what would show it (quality criteria, from the content)
    minimum: bool = False  # a minimum criterion (quality components): every pair must get it


@dataclass(frozen=True)
class ReflectionView:
    """A reflection question and the team's answer to it."""

    question: str  # "" for an answer beyond the content's questions (older content)
    answer: str  # as typed; "" when not answered


@dataclass(frozen=True)
class ActionView:
    """A line of an action plan: the team's own action or a recommendation from the content."""

    what: str  # what will be done
    who: str  # who leads it
    when: str  # as typed for own actions; a month in words for recommendations ("mei 2027")
    due: str  # the date as far as known, ISO ("2027-05-24", "2027-01", "2027"); "" when `when` holds none
    source: str  # "own" or "recommendation" (also a CSS class)
    source_label: str  # "eigen actie" / "aanbeveling"
    dimension_id: str  # the dimension it belongs to
    dimension_title: str  # that dimension's title
    anchor: str  # the id of that dimension's section, for a link; "" when the report has no such section
    status: str = ""  # own actions: "planned", "started" or "done" (also a CSS class); "" for a recommendation
    status_label: str = ""  # "gepland", "bezig", "klaar"; "voorstel" for a recommendation


@dataclass(frozen=True)
class MinimumView:
    """A minimum criterion of a quality component that is not shown to be in place."""

    question_id: str  # "q03-q2"
    number: int  # its place in the component, from 1
    text: str  # the criterion
    answer: str  # what was answered, in words ("Gedeeltelijk", "Weet niet", "(niet beantwoord)")
    state: str  # "missing" (no, partly) or "unconfirmed" (don't know, left open)
    dimension_title: str  # the component's title
    anchor: str  # the id of the component's section


@dataclass(frozen=True)
class RecommendationView:
    """A recommendation from the content for the level a dimension reached."""

    text: str  # what to do
    who: str  # who usually does it
    months: int  # suggested time, counted from the report date
    when: str  # the month it is due, in words ("mei 2027")
    due: str  # the date it is due, ISO (the report date plus `months`)
    capitals: list[str]  # titles of the forms of human capital it strengthens


@dataclass(frozen=True)
class MethodView:
    """A team exercise, suggested when a dimension has no score (so no recommendations)."""

    title: str  # its name
    goal: str  # what it is for
    minutes: str  # "45 min."


@dataclass(frozen=True)
class DimensionView:
    """One sustainability dimension or quality component, with everything its section shows."""

    id: str  # "d03-purpose"
    anchor: str  # the id of its section
    short_id: str  # "d03"
    number: int  # its number within the module
    module: str  # "sustainability" or "quality"
    title: str  # its title
    summary: str  # one sentence on what it covers
    percent: float | None  # its score, 0-100; None with too few answers
    score_text: str  # "63%" or "niet genoeg antwoorden"
    enough: bool  # whether enough statements were answered for a score
    level_id: str  # "" when not enough answers (also the CSS class of the level badge)
    level_title: str  # the level in words
    level_meaning: str  # what that level means (or what to do without a score)
    answered_text: str  # "5 van 6 beantwoord"
    na_text: str  # "1 keer ‘niet van toepassing / weet niet’", "" when none
    importance_text: str  # "4/5", "–" when not given
    target_text: str  # the target level and how far it is, "" without a target
    progress: float | None  # points since the baseline; None without one
    progress_text: str  # "+12 punten sinds 18 november 2025"; "" without baseline
    priority_rank: int | None  # 1-3 when it is one of the report's priorities
    in_place_text: str  # quality components: share of criteria in place, else ""
    how_well_text: str  # quality components: "3,6 op 5 (Voldoende)", else ""
    answers: list[AnswerView]  # its questions with their answers, in order
    reflections: list[ReflectionView]  # its reflection questions and answers
    actions: list[ActionView]  # the team's own actions for it
    recommendations_title: str  # the heading above the recommendations (or the methods)
    recommendations: list[RecommendationView]  # for the level reached; [] without a score
    methods: list[MethodView]  # team exercises, shown when there are no recommendations
    score: DimensionScore  # the numbers behind it (answered, total, baseline, ...)
    importance_label: str = ""  # the importance in words, from the content's importance set; "" when not given
    minimums: list[MinimumView] = field(default_factory=list)  # minimum criteria not in place, missing first
    cap_text: str = ""  # "cannot be above ‘developing’ until ... is in place"; "" without missing minimums
    knowledge_gaps: list[AnswerView] = field(default_factory=list)  # the statements answered "don't know"
    gaps_advice: str = ""  # which statements, and what to do about them; "" without any
    deeper_text: str = ""  # quick scan: why this dimension deserves the full questions; "" otherwise


@dataclass(frozen=True)
class ModuleView:
    """A module (sustainability or quality) with its dimensions."""

    id: str  # "sustainability" or "quality"
    anchor: str  # the id of its chapter
    title: str  # its title
    summary: str  # one sentence on what it covers
    intro: str  # how its chapter is built
    percent: float | None  # the mean of its dimensions shown that have a score
    score_text: str  # "63%" or "niet genoeg antwoorden"
    level_title: str  # the level of that score in words
    scored_text: str  # "14 van 15 met een score"
    dimensions: list[DimensionView]  # its dimensions in the report, in order


# --- the chapters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapitalView:
    """One of the six forms of human capital, with the mean of the statements linked to it."""

    id: str  # "social"
    title: str  # its title
    summary: str  # what it is
    percent: float | None  # the mean of the answered linked statements
    score_text: str  # "63%", "–" without answers
    answered_text: str  # "8 van 10 gekoppelde stellingen beantwoord"
    mark: str  # "most", "least" or "" (also a CSS class)
    mark_label: str  # "meest", "minst" or ""
    ranked: bool = True  # whether enough answered statements stand behind it to rank it


@dataclass(frozen=True)
class TocEntry:
    """A line of the table of contents (and a PDF bookmark)."""

    anchor: str  # the id it links to
    title: str  # what it says
    depth: int  # 1 = chapter, 2 = dimension


@dataclass(frozen=True)
class Cover:
    """The cover page: who, when, from which files."""

    initiative: str  # its name, or "(naamloos initiatief)"
    organisation: str  # as typed, "" when not given
    region: str  # as typed, "" when not given
    respondents: list[str]  # the name of who answered (a group's file: every name), each its own text
    respondent_role: str  # their role, or "group of 3"; "" when not given
    date_text: str  # the report date in words
    answers_language: str  # the language the answers were given in, in words
    report_language: str  # the report's language, in words
    answers_file: str  # the answers file's name
    answers_updated: str  # when it was last changed, in words
    content_version: str  # the content version used for the report
    baseline_text: str  # the date compared with, in words; "" without baseline


class Priority(NamedTuple):
    """One of the report's priorities and why it is one (a tuple too: `for dimension, why in ...`)."""

    dimension: DimensionView  # the dimension
    why: str  # "score 33%, belang 5/5"


@dataclass(frozen=True)
class NextStep:
    """A priority with the first thing to do about it (the summary's "what to do next")."""

    dimension: DimensionView  # the priority
    why: str  # "score 33% · belang 5/5 (Topprioriteit)"
    action: ActionView | None  # its first open own action, else its first recommendation; None without either


@dataclass(frozen=True)
class FollowUp:
    """What became of the previous round's own actions (with a baseline or a history)."""

    summary: str  # "Van de 9 acties van 18 november 2025 zijn er 5 klaar, 2 bezig en 2 nog gepland."
    total: int  # actions in the previous round
    done: int  # of them, done
    open: list[ActionView]  # the ones not done, in date order


@dataclass(frozen=True)
class DeeperLook:
    """After a quick scan: a dimension that deserves the full questions or a workbook session."""

    dimension: DimensionView  # the dimension
    why: str  # its reasons in words
    command: str  # the command that prints its workbook session, "m2w workbook --only d03"


@dataclass(frozen=True)
class Summary:
    """The summary chapter: what to do next, scores, strengths, priorities and the charts."""

    overall_text: str  # the overall score, "63%"; "" when there is none (the template says why)
    overall_level: str  # its level in words, "" without a score
    overall_level_id: str  # its level id, "" without a score
    modules: list[ModuleView]  # the modules, for their score cards
    strengths: list[DimensionView]  # up to three strongest dimensions
    priorities: list[Priority]  # up to three priorities, the first first
    radar_svg: str  # the sustainability radar (bars below three dimensions); "" without any
    bars_svg: str  # the quality bars; "" when no quality component is in the report
    capitals_most: str  # the sentence on the most strengthened capital
    capitals_least: str  # the sentence on the least strengthened capital, or ""
    next_steps: list[NextStep] = field(default_factory=list)  # the priorities with their first action
    minimums: list[MinimumView] = field(default_factory=list)  # missing minimum criteria, all components
    coverage_text: str = ""  # "3 van 23 onderdelen hebben een score"
    provisional: bool = False  # the totals rest on part of the content (or on a quick scan)
    overall_note: str = ""  # why no overall score is shown; "" when it is
    strengths_note: str = ""  # what is true when there are no strengths to show; "" when there are
    gaps_text: str = ""  # "7 keer ‘weet niet’ in 4 dimensies: ..."; "" without knowledge gaps
    quick: bool = False  # the answers file is a quick scan
    deeper: list[DeeperLook] = field(default_factory=list)  # quick scan: where to look deeper
    follow_up_text: str = ""  # the previous round's actions in one sentence; "" without


@dataclass(frozen=True)
class AppendixRow:
    """A line of the appendix: every answer, grouped by dimension."""

    dimension: str  # "d03 · Een helder doel"
    answer: AnswerView  # the answer


@dataclass(frozen=True)
class UnknownAnswer:
    """An answer to a question the content does not know (listed, not scored)."""

    question_id: str  # as found in the answers file
    value: str  # its value, as text
    note: str  # its note, as typed


# --- extra sections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """A dimension in the history section: earlier and now, the change and the target."""

    short_id: str  # "d03"
    title: str  # its title
    previous: float | None  # the score at the previous assessment
    current: float | None  # the score now
    change_text: str  # "+12", "−3", "0"; "–" without two scores
    trend: str | None  # "up", "down", "same" (a change under 5 points); None without two scores
    has_target: bool  # whether a target level is set now
    target_text: str  # "Sterk: nog 12 punten", "Sterk: bereikt", "geen doel"
    sparkline_svg: str  # the scores over time; "" with fewer than three assessments


@dataclass(frozen=True)
class HistorySection:
    """The history section: progress since the previous self-assessment of the same initiative."""

    intro: str  # with which assessment this one is compared, and how many there are
    summary: str  # how many dimensions went up, down, stayed; targets reached
    previous_heading: str  # "Vorige (2025-03-01)"
    current_heading: str  # "Nu (2026-03-01)"
    timeline_svg: str  # overall and module scores over time; "" with fewer than three assessments
    rows: tuple[HistoryRow, ...]  # the dimensions ever assessed, in content order


@dataclass(frozen=True)
class Disagreement:
    """A statement on which a group's answers lie far apart."""

    question_id: str  # "d03-q2"
    short_id: str  # of its dimension
    dimension: str  # the dimension's title
    text: str  # the statement
    answers: tuple[tuple[str, str], ...]  # (respondent, "4 · Grotendeels"); respondent "" when unknown
    mean: str  # the group's mean, "3,7"
    spread: str  # highest minus lowest, "3"
    notes: tuple[tuple[str, str], ...]  # (respondent, note)


@dataclass(frozen=True)
class RespondentNotes:
    """Everything one respondent of a group wrote in notes."""

    name: str  # as typed
    role: str  # as typed, "" when not given
    notes: tuple[tuple[str, str], ...]  # (question label, note)


@dataclass(frozen=True)
class GroupSection:
    """The group section of a merged answers file (m2w merge): where the respondents disagree."""

    intro: str  # who answered, and what a disagreement is
    respondents: tuple[tuple[str, str], ...]  # (name, role)
    disagreements: tuple[Disagreement, ...]  # widest spread first
    notes: tuple[RespondentNotes, ...]  # per respondent, in the file's order


@dataclass(frozen=True)
class ExtraSection:
    """An optional chapter added by another feature: `template` is a partial that shows `data`.

    The partial sees the whole report context plus `section` (this object).
    """

    anchor: str  # the id of its chapter
    title: str  # its heading (and line in the table of contents)
    template: str  # the partial that shows it, e.g. "_history.html.j2"
    data: HistorySection | GroupSection  # what it shows
    before: str = "appendix"  # the anchor of the chapter it is placed before


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """Everything the report template shows. Built by `build_report`."""

    lang: str  # the report's language
    title: str  # "Reflectierapport: Brugwerk Gent"
    cover: Cover  # the cover page
    summary: Summary  # the summary chapter
    how_to_read: list[str]  # paragraphs before the table of levels
    how_to_read_after_levels: list[str]  # paragraphs after it
    levels: list[LevelView]  # the levels, lowest first
    modules: list[ModuleView]  # the modules in the report, each a chapter
    capitals: list[CapitalView]  # the six forms of human capital
    capitals_intro: str  # the paragraph above them
    action_plan: list[ActionView]  # own actions and recommendations for the priorities, by date
    action_plan_intro: str  # the paragraph above it
    appendix: list[AppendixRow]  # every answer; [] when the report has no appendix
    unknown_answers: list[UnknownAnswer]  # answers to questions the content does not know
    warnings: list[str]  # what the reader should know first (old content, unknown answers)
    report_date: str  # ISO
    generator: str  # "Gemaakt met m2w 1.4.0"
    csv_name: str  # the file name of the action plan as CSV
    scores: Scores  # every number behind the report
    extra_sections: list[ExtraSection] = field(default_factory=list)  # history, group, ... in order
    with_appendix: bool = True  # whether the appendix with every answer is part of the report
    follow_up: FollowUp | None = None  # the previous round's actions; None without a baseline that had any

    @property
    def toc(self) -> list[TocEntry]:
        """The table of contents, extra sections included, in reading order."""
        lang = self.lang
        entries = [
            TocEntry("summary", tr(lang, "Summary"), 1),
            TocEntry("how-to-read", tr(lang, "How to read this report"), 1),
        ]
        for module in self.modules:
            entries.append(TocEntry(module.anchor, module.title, 1))
            entries += [TocEntry(d.anchor, f"{d.number}. {d.title}", 2) for d in module.dimensions]
        entries.insert(1, TocEntry("action-plan", tr(lang, "Action plan"), 1))
        entries.append(TocEntry("capitals", tr(lang, "The six forms of human capital"), 1))
        if self.with_appendix:
            entries.append(TocEntry("appendix", tr(lang, "Appendix: all answers"), 1))
        elif self.unknown_answers:
            entries.append(TocEntry("appendix", tr(lang, "Appendix: answers this content does not know"), 1))
        for extra in self.extra_sections:
            at = next((i for i, e in enumerate(entries) if e.anchor == extra.before), len(entries))
            entries.insert(at, TocEntry(extra.anchor, extra.title, 1))
        return entries

    def sections_before(self, anchor: str) -> list[ExtraSection]:
        """The extra sections to render just before the chapter `anchor` (used by the template)."""
        return [s for s in self.extra_sections if s.before == anchor]
