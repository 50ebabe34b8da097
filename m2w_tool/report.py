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
from m2w_tool.i18n import Catalog
from m2w_tool.scoring import DimensionScore, Scores, score, whole_percent

TOP = 3  # strengths and priorities in the summary; dimensions whose recommendations enter the plan
RECOMMENDATIONS_PER_PRIORITY = 2

T = Catalog(
    {
        "report": ("Reflectierapport", "Reflection report"),
        "subtitle": (
            "Kwaliteit en duurzaamheid van een mentoring-naar-werkinitiatief",
            "Quality and sustainability of a mentoring-to-work initiative",
        ),
        "initiative": ("Initiatief", "Initiative"),
        "organisation": ("Organisatie", "Organisation"),
        "region": ("Regio", "Region"),
        "date": ("Datum van het rapport", "Report date"),
        "respondents": ("Ingevuld door", "Answered by"),
        "answers_language": ("Taal van de antwoorden", "Language of the answers"),
        "report_language": ("Taal van het rapport", "Language of the report"),
        "answers_file": ("Antwoordenbestand", "Answers file"),
        "answers_updated": ("laatst bijgewerkt", "last updated"),
        "content_version": ("Inhoudsversie", "Content version"),
        "baseline": ("Vergeleken met", "Compared with"),
        "unnamed": ("(naamloos initiatief)", "(unnamed initiative)"),
        "nobody": ("(niet ingevuld)", "(not filled in)"),
        "contents": ("Inhoud", "Contents"),
        "page": ("pagina", "page"),
        "of": ("van", "of"),
        "summary": ("Samenvatting", "Summary"),
        "overall": ("Totaalscore", "Overall score"),
        "strengths": ("Drie sterktes", "Three strengths"),
        "priorities": ("Drie prioriteiten", "Three priorities"),
        "no_strengths": (
            "Nog geen dimensie heeft genoeg antwoorden voor een score.",
            "No dimension has enough answers for a score yet.",
        ),
        "no_priorities": (
            "Er zijn geen prioriteiten: alles staat op 100 %.",
            "There are no priorities: everything is at 100 %.",
        ),
        "priority_why": ("score {score}, belang {importance}/5", "score {score}, importance {importance}/5"),
        "priority_why_default": (
            "score {score}, belang niet opgegeven (telt als 3/5)",
            "score {score}, importance not given (counts as 3/5)",
        ),
        "radar_title": ("Score per duurzaamheidsdimensie", "Score per sustainability dimension"),
        "radar_desc": ("Radargrafiek van {n} dimensies. {values}", "Radar chart of {n} dimensions. {values}"),
        "bars_title": (
            "Kwaliteitscriteria aanwezig per procesonderdeel",
            "Quality criteria in place per process component",
        ),
        "bars_desc": (
            "Staafgrafiek van {n} procesonderdelen. {values}",
            "Bar chart of {n} process components. {values}",
        ),
        "chart_value": ("{title}: {value}", "{title}: {value}"),
        "chart_value_base": ("{title}: {value} (eerder {old})", "{title}: {value} (earlier {old})"),
        "legend_now": ("Nu", "Now"),
        "legend_base": ("Vorige keer ({date})", "Last time ({date})"),
        "how_well_short": ("hoe goed {value}/5", "how well {value}/5"),
        "at_a_glance": ("Alle scores in één oogopslag", "All scores at a glance"),
        "dimension": ("Dimensie", "Dimension"),
        "component": ("Onderdeel", "Component"),
        "score": ("Score", "Score"),
        "level": ("Niveau", "Level"),
        "answered": ("Beantwoord", "Answered"),
        "n_of_m": ("{n} van {m} beantwoord", "{n} of {m} answered"),
        "na_count": ("{k} keer ‘niet van toepassing / weet niet’", "{k} times ‘not applicable / don't know’"),
        "importance": ("Belang", "Importance"),
        "importance_value": ("{value}/5", "{value}/5"),
        "target": ("Doel", "Target"),
        "target_value": ("{level}: {pct} van het doel bereikt", "{level}: {pct} of the target reached"),
        "target_reached": ("{level}: doel bereikt", "{level}: target reached"),
        "progress": ("Vooruitgang", "Progress"),
        "progress_value": ("{points} punten sinds {date}", "{points} points since {date}"),
        "progress_none": ("geen vergelijking mogelijk", "no comparison possible"),
        "scored_dims": ("{n} van {m} met een score", "{n} of {m} with a score"),
        "priority": ("Prioriteit", "Priority"),
        "priority_rank": ("prioriteit {rank}", "priority {rank}"),
        "not_enough": ("niet genoeg antwoorden", "not enough answers"),
        "not_enough_long": (
            "Minder dan de helft van de stellingen is beantwoord, dus er is geen score. Vul de ontbrekende antwoorden "
            "aan, of bespreek eerst met het team waarom ze moeilijk te beantwoorden zijn.",
            "Fewer than half of the statements were answered, so there is no score. Fill in the missing answers, "
            "or first discuss with the team why they are hard to answer.",
        ),
        "how_to_read": ("Hoe lees je dit rapport?", "How to read this report"),
        "levels": ("Niveaus", "Levels"),
        "level_range": ("{low} tot {high} %", "{low} to {high} %"),
        "level_range_top": ("{low} tot en met 100 %", "{low} up to and including 100 %"),
        "sustainability_intro": (
            "Per dimensie: de score, wat jullie antwoordden (met toelichting en bewijs), jullie reflecties en acties, "
            "en aanbevelingen die passen bij het bereikte niveau.",
            "For each dimension: the score, what you answered (with notes and evidence), your reflections and actions, "
            "and recommendations that fit the level reached.",
        ),
        "quality_intro": (
            "Per onderdeel van het mentoringproces: welke criteria aanwezig zijn, hoe goed ze werken, en wat jullie "
            "kunnen doen.",
            "For each component of the mentoring process: which criteria are in place, how well they work, and what "
            "you can do.",
        ),
        "statement": ("Stelling", "Statement"),
        "criterion": ("Criterium", "Criterion"),
        "answer": ("Antwoord", "Answer"),
        "in_place": ("Aanwezig", "In place"),
        "in_place_share": ("Criteria aanwezig", "Criteria in place"),
        "how_well": ("Hoe goed", "How well"),
        "how_well_value": ("{value} op 5 ({label})", "{value} out of 5 ({label})"),
        "how_well_none": ("niet beoordeeld", "not rated"),
        "note": ("Toelichting", "Note"),
        "evidence": ("Bewijs", "Evidence"),
        "fully": ("Volledig betekent", "Fully means"),
        "unanswered": ("(niet beantwoord)", "(not answered)"),
        "invalid_value": ("{value} (niet op de schaal)", "{value} (not on the scale)"),
        "your_answers": ("Jullie antwoorden", "Your answers"),
        "reflections": ("Reflectie", "Reflection"),
        "no_reflection": ("(nog geen antwoord)", "(no answer yet)"),
        "your_actions": ("Jullie acties", "Your actions"),
        "recommendations": ("Aanbevelingen voor niveau ‘{level}’", "Recommendations for level ‘{level}’"),
        "recommendations_none": (
            "Zonder score kiest dit rapport geen aanbevelingen. Deze werkvormen helpen om het gesprek te starten:",
            "Without a score this report chooses no recommendations. These methods help to start the conversation:",
        ),
        "methods": ("Werkvormen voor een teamsessie", "Methods for a team session"),
        "minutes": ("{n} min.", "{n} min."),
        "what": ("Wat", "What"),
        "who": ("Wie", "Who"),
        "when": ("Tegen wanneer", "By when"),
        "source": ("Bron", "Source"),
        "source_own": ("eigen actie", "own action"),
        "source_rec": ("aanbeveling", "recommendation"),
        "within_months": ("binnen {n} maanden", "within {n} months"),
        "capitals": ("De zes vormen van menselijk kapitaal", "The six forms of human capital"),
        "capitals_intro": (
            "Migratie kost mensen een deel van hun menselijk kapitaal. Reguliere diensten werken vooral aan economisch "
            "kapitaal en taal; mentoring kan alle zes versterken. Per vorm: het gemiddelde van de beantwoorde "
            "stellingen die eraan gekoppeld zijn.",
            "Migration costs people part of their human capital. Regular services mostly work on economic capital and "
            "language; mentoring can strengthen all six. For each form: the mean of the answered statements linked to "
            "it.",
        ),
        "capital": ("Kapitaal", "Capital"),
        "statements_linked": ("{n} van {m} gekoppelde stellingen beantwoord", "{n} of {m} linked statements answered"),
        "capital_most": ("Het sterkst versterkt: {title} ({pct}).", "Strengthened most: {title} ({pct})."),
        "capital_least": ("Het minst versterkt: {title} ({pct}).", "Strengthened least: {title} ({pct})."),
        "capital_none": ("Nog geen gekoppelde stellingen beantwoord.", "No linked statements answered yet."),
        "mark_most": ("meest", "most"),
        "mark_least": ("minst", "least"),
        "action_plan": ("Actieplan", "Action plan"),
        "action_plan_intro": (
            "Jullie eigen acties, aangevuld met de belangrijkste aanbevelingen voor jullie drie prioriteiten. "
            "‘Tegen wanneer’ van een aanbeveling telt het voorgestelde aantal maanden vanaf de datum van dit rapport. "
            "Dit plan staat ook in {csv}, om verder te bewerken in een rekenblad.",
            "Your own actions, plus the main recommendations for your three priorities. "
            "The ‘by when’ of a recommendation counts the suggested number of months from the date of this report. "
            "This plan is also in {csv}, to edit further in a spreadsheet.",
        ),
        "no_actions": ("Nog geen acties.", "No actions yet."),
        "appendix": ("Bijlage: alle antwoorden", "Appendix: all answers"),
        "appendix_intro": (
            "Elk antwoord uit het antwoordenbestand, in de volgorde van de vragenlijst. Het antwoordenbestand zelf zit "
            "ook als bijlage in de PDF.",
            "Every answer in the answers file, in questionnaire order. The answers file itself is also attached inside "
            "the PDF.",
        ),
        "id": ("Code", "Id"),
        "unknown_answers": (
            "Antwoorden op vragen die deze inhoud niet kent",
            "Answers to questions this content does not know",
        ),
        "warnings": ("Let op", "Please note"),
        "warn_version": (
            "De antwoorden zijn gegeven met inhoudsversie {old}; dit rapport gebruikt versie {new}. Sommige vragen "
            "kunnen intussen veranderd zijn.",
            "The answers were given with content version {old}; this report uses version {new}. Some questions may "
            "have changed since.",
        ),
        "warn_unknown": (
            "{n} antwoord(en) horen bij vragen die deze inhoud niet kent ({ids}). Ze tellen niet mee en staan in de "
            "bijlage.",
            "{n} answer(s) belong to questions this content does not know ({ids}). They are not scored and are listed "
            "in the appendix.",
        ),
        "warn_invalid": (
            "{n} antwoord(en) hebben een waarde die niet op de schaal staat ({ids}). Ze tellen niet mee.",
            "{n} answer(s) have a value that is not on the scale ({ids}). They are not scored.",
        ),
        "chart_table": ("De cijfers van de grafiek als tabel", "The chart's numbers as a table"),
        "attachment_desc": ("De antwoorden waarop dit rapport gebaseerd is", "The answers this report is based on"),
        "generator": ("Gemaakt met m2w {version}", "Made with m2w {version}"),
        "lang_nl": ("Nederlands", "Dutch"),
        "lang_en": ("Engels", "English"),
        "csv_dimension": ("Dimensie", "Dimension"),
        "csv_due": ("Tegen wanneer (datum)", "By when (date)"),
        # "How to read this report", paragraph by paragraph.
        "read_1": (
            "Dit rapport is een spiegel, geen examen. De scores tonen hoe jullie zelf naar jullie initiatief kijken, "
            "op basis van de antwoorden in {file}. Ze zijn het nuttigst als vertrekpunt voor een gesprek: waar staan "
            "we, en waar willen we eerst aan werken?",
            "This report is a mirror, not an exam. The scores show how you yourselves see your initiative, based on "
            "the answers in {file}. They are most useful as the start of a conversation: where do we stand, and what "
            "do we want to work on first?",
        ),
        "read_2": (
            "Elk antwoord wordt een percentage van zijn schaal. Bij de stellingen (van 1 ‘helemaal niet’ tot 5 "
            "‘volledig’) is 1 gelijk aan 0 % en 5 aan 100 %; 2 is 25 %, 3 is 50 % en 4 is 75 %. Bij de "
            "kwaliteitscriteria is ‘nee’ 0 %, ‘gedeeltelijk’ 50 % en ‘ja’ 100 %.",
            "Each answer becomes a percentage of its scale. For the statements (from 1 ‘not at all’ to 5 ‘fully’) 1 is "
            "0 % and 5 is 100 %; 2 is 25 %, 3 is 50 % and 4 is 75 %. For the quality criteria ‘no’ is 0 %, ‘partly’ "
            "50 % and ‘yes’ 100 %.",
        ),
        "read_3": (
            "‘Niet van toepassing / weet niet’ telt nooit als een lage score: zo’n antwoord wordt weggelaten. Bij elke "
            "dimensie staat hoeveel stellingen beantwoord zijn (bijvoorbeeld ‘5 van 6 beantwoord’). Is minder dan de "
            "helft beantwoord, dan krijgt de dimensie geen score maar ‘niet genoeg antwoorden’.",
            "‘Not applicable / don't know’ never counts as a low score: such an answer is left out. Each dimension "
            "shows how many statements were answered (for example ‘5 of 6 answered’). If fewer than half were "
            "answered, the dimension gets no score but ‘not enough answers’.",
        ),
        "read_4": (
            "De score van een dimensie is het gemiddelde van haar beantwoorde stellingen. De score van een module is "
            "het gemiddelde van haar dimensies met een score, en de totaalscore het gemiddelde van de modules, zodat "
            "duurzaamheid en kwaliteit even zwaar wegen.",
            "The score of a dimension is the mean of its answered statements. The score of a module is the mean of its "
            "dimensions that have a score, and the overall score is the mean of the modules, so sustainability and "
            "quality weigh the same.",
        ),
        "read_5": (
            "Bij de kwaliteitscriteria is de score het aandeel criteria dat aanwezig is (‘ja’ telt volledig, "
            "‘gedeeltelijk’ voor de helft). ‘Hoe goed’ is het gemiddelde van de beoordelingen van 1 tot 5, gegeven "
            "voor criteria die (gedeeltelijk) aanwezig zijn.",
            "For the quality criteria the score is the share of criteria in place (‘yes’ counts fully, ‘partly’ half). "
            "‘How well’ is the mean of the 1 to 5 ratings given for criteria that are (partly) in place.",
        ),
        "read_6": (
            "Elke score valt in een niveau. De grenzen liggen vast, zodat je rapporten van verschillende jaren en "
            "initiatieven kunt vergelijken. Scores staan er als hele getallen, naar beneden afgerond: 59,8 % wordt "
            "59 % en valt dus, net als de score zelf, nog onder 60. De niveaus:",
            "Every score falls in a level. The thresholds are fixed, so reports from different years and initiatives "
            "can be compared. Scores are shown as whole numbers, rounded down: 59.8 % becomes 59 % and so, like the "
            "score itself, stays below 60. The levels:",
        ),
        "read_7": (
            "Prioriteiten zijn niet gewoon de laagste scores. Per dimensie vermenigvuldigen we de afstand tot 100 % "
            "met het belang dat jullie eraan gaven (1 tot 5; 3 als er niets is ingevuld). Voorbeeld: 50 % met belang 5 "
            "geeft 50 × 5 = 250, 30 % met belang 2 geeft 70 × 2 = 140. De eerste komt dus eerst, ook al is de score "
            "hoger.",
            "Priorities are not simply the lowest scores. For each dimension we multiply the distance to 100 % by the "
            "importance you gave it (1 to 5; 3 when none was given). Example: 50 % with importance 5 gives "
            "50 × 5 = 250, 30 % with importance 2 gives 70 × 2 = 140. So the first comes first, even though its score "
            "is higher.",
        ),
        "read_8": (
            "Gaven jullie een doel op (een niveau dat jullie willen bereiken), dan toont het rapport hoever jullie al "
            "zijn: de score gedeeld door de ondergrens van dat niveau, hoogstens 100 %.",
            "If you set a target (a level you want to reach), the report shows how far you are: the score divided by "
            "the lower threshold of that level, at most 100 %.",
        ),
        "read_9": (
            "Dit rapport vergelijkt met de antwoorden van {date}. ‘Vooruitgang’ is het verschil in procentpunten per "
            "dimensie; een kleine daling van een paar punten kan ook komen doordat het team strenger is gaan kijken.",
            "This report compares with the answers of {date}. ‘Progress’ is the difference in percentage points per "
            "dimension; a small drop of a few points can also mean the team has become more critical.",
        ),
        "read_10": (
            "Stellingen zijn gekoppeld aan de zes vormen van menselijk kapitaal die een werkzoekende kan "
            "(her)opbouwen. Het gemiddelde van de beantwoorde stellingen per vorm toont welke jullie programma het "
            "sterkst en het minst versterkt.",
            "Statements are linked to the six forms of human capital a job seeker can (re)build. The mean of the "
            "answered statements per form shows which ones your programme strengthens most and least.",
        ),
        "read_11": (
            "De aanbevelingen komen uit de inhoud van m2w en hangen af van het bereikte niveau. Het actieplan bundelt "
            "jullie eigen acties met de belangrijkste aanbevelingen voor jullie drie prioriteiten.",
            "The recommendations come from the m2w content and depend on the level reached. The action plan combines "
            "your own actions with the main recommendations for your three priorities.",
        ),
        "month_names": (
            "januari februari maart april mei juni juli augustus september oktober november december",
            "January February March April May June July August September October November December",
        ),
    }
)


def labels(lang: str) -> dict[str, str]:
    """Every report label in `lang`, for templates (`t.summary`); placeholders are left in."""
    return {key: T(key, lang) for key in T.messages}


# --- small helpers -----------------------------------------------------------------------------


def format_date(day: date, lang: str) -> str:
    """`24 november 2026` / `24 November 2026`."""
    month = T("month_names", lang).split()[day.month - 1]
    return f"{day.day} {month} {day.year}"


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
    return T("not_enough", lang) if value is None else f"{whole_percent(value):d}\u00a0%"


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
    t: dict[str, str]
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
        entries = [TocEntry("summary", self.t["summary"], 1), TocEntry("how-to-read", self.t["how_to_read"], 1)]
        for module in self.modules:
            entries.append(TocEntry(module.anchor, module.title, 1))
            entries += [TocEntry(d.anchor, f"{d.number}. {d.title}", 2) for d in module.dimensions]
        entries += [
            TocEntry("capitals", self.t["capitals"], 1),
            TocEntry("action-plan", self.t["action_plan"], 1),
            TocEntry("appendix", self.t["appendix"], 1),
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
        return T("unanswered", lang), "blank"
    if value == "n/a":
        return scale.na(lang), "na"
    if isinstance(value, int | float) and not isinstance(value, bool) and value in scale.values:
        label = scale.label(value, lang)
        # agree5 reads best with its number ("4 · Grotendeels"); no/partly/yes stand on their own.
        return (label if scale.low == 0 else f"{value:g} · {label}"), "value"
    if isinstance(value, int | float) and not isinstance(value, bool) and scale.low <= value <= scale.high:
        return _decimal(value, lang), "value"  # between two options: the mean of a group's answers
    return T("invalid_value", lang, value=value), "invalid"


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
        return T("how_well_none", lang)
    scale_id = next((q.how_well for q in dimension.questions if q.how_well), None)
    label = content.scales[scale_id].label(round(value), lang) if scale_id else ""
    return T("how_well_value", lang, value=_decimal(value, lang), label=label)


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
        T(
            "importance_value",
            lang,
            value=(
                _decimal(s.importance, lang, 0) if s.importance == int(s.importance) else _decimal(s.importance, lang)
            ),
        )
        if s.importance is not None
        else "–"
    )
    target_text = ""
    if s.target:
        title = levels[s.target].title(lang)
        if s.percent_of_target is None:
            target_text = title
        elif s.target_reached:
            target_text = T("target_reached", lang, level=title)
        else:
            target_text = T("target_value", lang, level=title, pct=pct(s.percent_of_target, lang))
    progress_text = ""
    if scores.has_baseline:
        if s.progress is None:
            progress_text = T("progress_none", lang)
        else:
            progress_text = T("progress_value", lang, points=signed_points(s.progress), date=baseline_day)
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
        ActionView(a.what, a.who, a.when, "", "own", T("source_own", lang), dimension.id, title, anchor)
        for a in (dim_answers.actions if dim_answers else [])
        if a.what.strip()
    ]
    na_text = T("na_count", lang, k=s.na) if s.na else ""
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
        level_title=level.title(lang) if level else T("not_enough", lang),
        level_meaning=level.meaning(lang) if level else T("not_enough_long", lang),
        answered_text=T("n_of_m", lang, n=s.answered, m=s.total),
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
            T("recommendations", lang, level=level.title(lang)) if level else T("recommendations_none", lang)
        ),
        recommendations=_recommendations(content, dimension, s.level, report_day, lang),
        methods=[
            MethodView(m.title(lang), m.goal(lang), T("minutes", lang, n=m.duration_minutes)) for m in dimension.methods
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
    return T(f"lang_{code}", lang) if code in ("nl", "en") else code


def _chart_values(dims: list[DimensionView], lang: str, with_baseline: bool) -> str:
    parts = []
    for d in dims:
        value = d.score_text
        if with_baseline and d.score.baseline_percent is not None:
            parts.append(
                T(
                    "chart_value_base",
                    lang,
                    title=f"{d.number}. {d.title}",
                    value=value,
                    old=pct(d.score.baseline_percent, lang),
                )
            )
        else:
            parts.append(T("chart_value", lang, title=f"{d.number}. {d.title}", value=value))
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
    t = labels(lang)
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
        level = content.level_for(module_pct).title(lang) if module_pct is not None else T("not_enough", lang)
        modules.append(
            ModuleView(
                id=module.id,
                anchor=f"module-{module.id}",
                title=module.title(lang),
                summary=module.summary(lang),
                intro=T(f"{module.id}_intro", lang),
                percent=module_pct,
                score_text=pct(module_pct, lang),
                level_title=level,
                scored_text=T("scored_dims", lang, n=len(shown), m=len(dims)),
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
            title=T("radar_title", lang),
            desc=T("bars_desc", lang, n=len(sustain), values=_chart_values(sustain, lang, False)),
            chart_id="bars-sustainability",
            empty_text=T("not_enough", lang),
        )
    elif sustain:
        with_base = scores.has_baseline and any(d.score.baseline_percent is not None for d in sustain)
        radar = radar_svg(
            [RadarPoint(f"{d.number}. {d.title}", d.percent, d.score.baseline_percent) for d in sustain],
            title=T("radar_title", lang),
            desc=T("radar_desc", lang, n=len(sustain), values=_chart_values(sustain, lang, with_base)),
            legend=(T("legend_now", lang), T("legend_base", lang, date=base_text)) if with_base else None,
        )
    bars = ""
    if quality:
        rows = []
        for d in quality:
            note = (
                T("how_well_short", lang, value=_decimal(d.score.how_well, lang))
                if d.score.how_well is not None
                else ""
            )
            rows.append(BarRow(f"{d.number}. {d.title}", d.percent, note))
        bars = bars_svg(
            rows,
            title=T("bars_title", lang),
            desc=T("bars_desc", lang, n=len(quality), values=_chart_values(quality, lang, False)),
            empty_text=T("not_enough", lang),
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
                answered_text=T("statements_linked", lang, n=cs.answered, m=cs.total),
                mark=mark,
                mark_label=T(f"mark_{mark}", lang) if mark else "",
            )
        )
    cap_title = {c.id: c for c in capitals}
    capitals_most = (
        T("capital_most", lang, title=cap_title[most].title, pct=cap_title[most].score_text)
        if most
        else T("capital_none", lang)
    )
    capitals_least = (
        T("capital_least", lang, title=cap_title[least].title, pct=cap_title[least].score_text) if least else ""
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
                    T("source_rec", lang),
                    view.id,
                    view.title,
                    view.anchor,
                )
            )

    priority_items = []
    for d in priorities:
        view = views[d.dimension_id]
        if d.importance is None:
            why = T("priority_why_default", lang, score=view.score_text)
        else:
            why = T("priority_why", lang, score=view.score_text, importance=view.importance_text.split("/")[0])
        priority_items.append((view, why))

    # Appendix and warnings.
    appendix = [AppendixRow(f"{v.short_id} · {v.title}", a) for v in views.values() for a in v.answers]
    unknown = [
        UnknownAnswer(qid, str(answers.answers[qid].value), answers.answers[qid].note) for qid in scores.unknown
    ]
    warnings = []
    if answers.content_version and answers.content_version != content.version:
        warnings.append(T("warn_version", lang, old=answers.content_version, new=content.version))
    if scores.unknown:
        warnings.append(T("warn_unknown", lang, n=len(scores.unknown), ids=", ".join(scores.unknown)))
    invalid = [q for q in scores.invalid if scores.questions[q].dimension_id in chosen_ids]
    if invalid:
        warnings.append(T("warn_invalid", lang, n=len(invalid), ids=", ".join(invalid)))

    name = answers.initiative.get("name", "").strip()
    respondent = answers.respondent or {}
    who = ", ".join(x for x in (respondent.get("name", "").strip(), respondent.get("role", "").strip()) if x)
    updated = parse_day(answers.updated)
    cover = Cover(
        initiative=name or T("unnamed", lang),
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
            rng = T("level_range", lang, low=lv.min, high=levels[i + 1].min)
        else:
            rng = T("level_range_top", lang, low=lv.min)
        level_views.append(LevelView(lv.id, lv.title(lang), lv.meaning(lang), lv.min, rng))

    how = [T("read_1", lang, file=answers_name)] + [T(f"read_{i}", lang) for i in (2, 3, 4, 5, 6)]
    after = [T("read_7", lang), T("read_8", lang)]
    if scores.has_baseline:
        after.append(T("read_9", lang, date=base_text))
    after += [T("read_10", lang), T("read_11", lang)]

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
        title=f"{T('report', lang)}: {cover.initiative}",
        t=t,
        cover=cover,
        summary=summary,
        how_to_read=how,
        how_to_read_after_levels=after,
        levels=level_views,
        modules=modules,
        capitals=capitals,
        capitals_intro=T("capitals_intro", lang),
        action_plan=plan,
        action_plan_intro=T("action_plan_intro", lang, csv=f"{stem}-actions.csv"),
        appendix=appendix,
        unknown_answers=unknown,
        warnings=warnings,
        page_label=T("page", lang),
        page_of=T("of", lang),
        report_date=report_day.isoformat(),
        generator=T("generator", lang, version=__version__),
        csv_name=f"{stem}-actions.csv",
        scores=scores,
    )


def report_stem(answers) -> str:
    """The base file name of a report: `report-<initiative>`, or `report` for an unnamed one.

    Accents are dropped (`Brugwerk Gentbrugge` -> `report-brugwerk-gentbrugge`, `Één` -> `een`);
    letters of other scripts are kept, so an Arabic or Cyrillic name still gets its own file.
    """
    import re
    import unicodedata

    def plain(ch: str) -> str:  # é -> e, but й stays й (its breve makes it another letter)
        base = unicodedata.normalize("NFKD", ch)
        return "".join(c for c in base if c.isascii()) if base[:1].isascii() else ch

    name = unicodedata.normalize("NFC", answers.initiative.get("name", "").lower())
    slug = re.sub(r"[\W_]+", "-", "".join(plain(ch) for ch in name)).strip("-")[:50].strip("-")
    return f"report-{slug}" if slug else "report"


def action_plan_csv(report: Report) -> str:
    """The action plan as CSV text for a spreadsheet.

    Dutch uses `;` between fields (what Excel expects with Belgian and Dutch settings), English `,`.
    A byte-order mark makes Excel read the accents and non-Latin names correctly.
    """
    from m2w_tool.safetext import cell

    t = report.t
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if report.lang == "nl" else ",", lineterminator="\r\n")
    writer.writerow([t["source"], t["csv_dimension"], t["what"], t["who"], t["when"], t["csv_due"]])
    for a in report.action_plan:
        # Typed text becomes text in the spreadsheet: never a formula (=HYPERLINK...), never a control character.
        writer.writerow([cell(v) for v in (a.source_label, a.dimension_title, a.what, a.who, a.when, a.due)])
    return "\ufeff" + buffer.getvalue()
