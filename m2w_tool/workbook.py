"""The workbook model: what a printed or fillable workbook holds, built from content alone. Pure.

A workbook is for a team session led by a trainer: a cover, a facilitator guide, and per dimension
(or quality component) the theory, the statements to rate, reflection questions, exercises and an
action plan. The template sees only the dataclasses below.

The form-field names are the contract between `m2w workbook --fillable` and `m2w import`:

    d03-q1              rating of a statement (or "in place" of a quality criterion)
    d03-q1:how_well     the second rating of a quality criterion (1-5)
    d03-q1:note         a note on a statement
    d03-q1:evidence     the evidence for a quality criterion
    d03:importance      how important the dimension is now (1-5)
    d03:target          the level the team aims for (a level id)
    d03:reflection:2    the answer to the second reflection question
    d03:action:1:what   the first row of the action plan (also :who and :when)
    initiative:name ... respondent:name, respondent:role   the cover
    m2w:workbook        the marker: which m2w, content version and sha256 made the workbook

The separator is a colon, not a period: in a PDF a period separates the parts of a field's
hierarchy, and a flat field whose name holds one ("d03-q1.note") is read differently by different
PDF readers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from m2w_tool.i18n import N_, tr

SEP = ":"
MARKER_FIELD = "m2w:workbook"
MARKER_PREFIX = "m2w-workbook/1"
NA = "n/a"
ACTION_ROWS = 4
IMPORTANCE_VALUES = (1, 2, 3, 4, 5)

# Cover fields, in the order they are printed, mapped to where an answers file keeps them.
COVER_FIELDS = (
    ("initiative:name", N_("Initiative"), "initiative", "name"),
    ("initiative:organisation", N_("Organisation"), "initiative", "organisation"),
    ("initiative:region", N_("Region"), "initiative", "region"),
    ("respondent:name", N_("Filled in by"), "respondent", "name"),
    ("respondent:role", N_("Role"), "respondent", "role"),
)

IMPORTANCE_LABELS = {
    1: N_("Not important"),
    2: N_("Slightly"),
    3: N_("Moderately"),
    4: N_("Important"),
    5: N_("Top priority"),
}

# The count under each module on the contents page.
MODULE_COUNTS = {
    "sustainability": N_("%(n)s dimensions"),
    "quality": N_("%(n)s components"),
}

# The workbook's title when it holds one module only.
MODULE_TITLES = {
    "sustainability": N_("Sustainability workbook"),
    "quality": N_("Quality workbook"),
}


# --- the facilitator guide: written once, in both languages ---------------------------------------

# Each entry: (Dutch, English). Kept as data so the template stays free of language switches.
GUIDE_INTRO = (
    (
        "Dit werkboek is bedoeld voor een teamsessie: een coördinator, trajectbegeleiders, soms een "
        "bestuurslid, een partner, een mentor of een (ex-)mentee. Samen kijken jullie eerlijk naar "
        "waar jullie initiatief vandaag staat en wat de volgende stap is. Het gaat niet om een examen: "
        "een lage score die jullie samen begrijpen is waardevoller dan een hoge score die niemand gelooft.",
        "This workbook is meant for a team session: a coordinator, programme coaches, perhaps a board "
        "member, a partner, a mentor or a (former) mentee. Together you take an honest look at where "
        "your initiative stands today and what the next step is. It is not an exam: a low score you "
        "understand together is worth more than a high score nobody believes.",
    ),
    (
        "Elk hoofdstuk volgt dezelfde opbouw: een korte achtergrond, stellingen om te scoren, "
        "reflectievragen, een of meer oefeningen en een actieplan. Neem per sessie één of twee "
        "hoofdstukken; het hele werkboek in één dag is te veel. Elk hoofdstuk kan ook apart worden "
        "afgedrukt (`m2w workbook --only d03`).",
        "Every chapter has the same structure: a short background, statements to rate, reflection "
        "questions, one or more exercises and an action plan. Take one or two chapters per session; "
        "the whole workbook in one day is too much. Each chapter can also be printed on its own "
        "(`m2w workbook --only d03`).",
    ),
    (
        "Begin bij voorkeur met de eerste drie dimensies (het probleem, de omgeving, het doel): de "
        "andere bouwen erop voort. De kwaliteitschecklist doe je best in een aparte sessie met de "
        "mensen die de trajecten begeleiden.",
        "Preferably start with the first three dimensions (the problem, the environment, the purpose): "
        "the others build on them. The quality checklist is best done in a separate session with the "
        "people who guide the trajectories.",
    ),
)

# (title, minutes, what happens); minutes None = "as long as the chosen exercise".
GUIDE_PLAN = (
    (("Opening", "Opening"), 10, (
        "Doel van de sessie, afspraken (wat hier gezegd wordt blijft hier, er zijn geen foute "
        "antwoorden), korte kennismaking als er nieuwe gezichten zijn.",
        "Purpose of the session, ground rules (what is said here stays here, there are no wrong "
        "answers), a short round of introductions if there are new faces.",
    )),
    (("Achtergrond", "Background"), 15, (
        "Lees de achtergrond voor of vat ze samen. Vraag: wat herkennen jullie, wat verrast jullie?",
        "Read the background aloud or summarise it. Ask: what do you recognise, what surprises you?",
    )),
    (("Individueel scoren", "Individual rating"), 15, (
        "Iedereen scoort in stilte in een eigen werkboek en noteert bij elke stelling een voorbeeld.",
        "Everyone rates in silence in their own workbook and notes an example for each statement.",
    )),
    (("Samen scoren", "Agreeing on ratings"), 40, (
        "Per stelling tegelijk de scores tonen en de verschillen bespreken (zie hieronder).",
        "For each statement show the ratings at the same time and discuss the differences (see below).",
    )),
    (("Pauze", "Break"), 10, ("Echt pauze: even weg van de tafel.", "A real break: away from the table.")),
    (("Oefening", "Exercise"), None, (
        "Eén oefening uit het hoofdstuk, gekozen op wat de scores lieten zien.",
        "One exercise from the chapter, chosen on what the ratings showed.",
    )),
    (("Reflectie", "Reflection"), 20, (
        "De reflectievragen, eerst in duo's en dan in de groep; de notulist schrijft de kern op.",
        "The reflection questions, first in pairs and then in the group; the note-taker writes down the gist.",
    )),
    (("Actieplan", "Action plan"), 20, (
        "Twee tot vier acties met een trekker en een datum. Liever drie kleine acties die gebeuren dan "
        "tien die blijven liggen.",
        "Two to four actions with a lead and a date. Better three small actions that happen than ten "
        "that are left lying.",
    )),
    (("Afsluiting", "Close"), 10, (
        "Wat nemen we mee? Wie zet de antwoorden in m2w, wanneer is de volgende sessie?",
        "What do we take away? Who enters the answers in m2w, when is the next session?",
    )),
)

GUIDE_ROLES = (
    (("Begeleider", "Facilitator"), (
        "Bewaakt het proces, niet de inhoud: stelt vragen, geeft iedereen het woord, vat samen. Scoort "
        "bij voorkeur niet mee. Is het een interne collega, spreek dan af dat die tijdens de sessie "
        "enkel begeleidt.",
        "Guards the process, not the content: asks questions, gives everyone a turn, summarises. "
        "Preferably does not rate. If it is an internal colleague, agree that they only facilitate "
        "during the session.",
    )),
    (("Notulist", "Note-taker"), (
        "Houdt één groepswerkboek bij met de gezamenlijke scores, de belangrijkste argumenten en het "
        "actieplan. Dat exemplaar gaat na de sessie naar m2w.",
        "Keeps one group workbook with the agreed ratings, the main arguments and the action plan. "
        "That copy goes into m2w after the session.",
    )),
    (("Tijdsbewaker", "Timekeeper"), (
        "Geeft een seintje vijf minuten voor het einde van elk onderdeel. Een discussie die niet "
        "rondkomt, gaat naar de 'parkeerplaats' op de flap.",
        "Gives a sign five minutes before the end of each part. A discussion that does not settle goes "
        "to the 'parking lot' on the flip chart.",
    )),
    (("Deelnemers", "Participants"), (
        "Spreken vanuit hun eigen ervaring en brengen voorbeelden mee. Vier tot acht mensen werkt het "
        "best; nodig minstens één stem van buiten het kernteam uit, zoals een mentor of een partner.",
        "Speak from their own experience and bring examples. Four to eight people works best; invite at "
        "least one voice from outside the core team, such as a mentor or a partner.",
    )),
)

GUIDE_AGREEMENT = (
    (
        "Eerst alleen, dan samen. Iedereen scoort in stilte; zo telt ook de stem van wie minder snel spreekt.",
        "First alone, then together. Everyone rates in silence; that way the voice of those who speak "
        "less quickly counts too.",
    ),
    (
        "Tegelijk tonen. Op drie steekt iedereen het aantal vingers op (of legt een kaartje). Zo volgt "
        "niemand de eerste die iets zegt.",
        "Show at the same time. On three, everyone holds up the number of fingers (or lays down a "
        "card). That way nobody simply follows whoever speaks first.",
    ),
    (
        "Liggen de scores hoogstens één punt uit elkaar, neem dan de score die het meest voorkomt en "
        "ga verder. Tijd is beter besteed aan de echte verschillen.",
        "If the ratings are at most one point apart, take the most common rating and move on. Time is "
        "better spent on the real differences.",
    ),
    (
        "Liggen ze verder uit elkaar, laat dan eerst de laagste en daarna de hoogste score uitleggen, "
        "met een concreet voorbeeld. Vaak blijkt dat mensen aan een ander deel van de werking denken.",
        "If they are further apart, first let the lowest and then the highest rating explain, with a "
        "concrete example. Often people turn out to be thinking of a different part of the work.",
    ),
    (
        "Gebruik 'volledig aanwezig ziet er zo uit' als meetlat: hoe ver staan we daar vandaag van af? "
        "Vraag ook: welk bewijs zouden we kunnen tonen?",
        "Use 'fully in place looks like this' as the yardstick: how far are we from it today? Also ask: "
        "what evidence could we show?",
    ),
    (
        "Scoor daarna één keer opnieuw. Blijft het verschil, noteer dan de laagste score en schrijf de "
        "reden van het verschil in de notitie. Een verschil van mening is informatie, geen mislukking.",
        "Then rate once more. If the difference remains, record the lower rating and write the reason "
        "for the difference in the note. A difference of opinion is information, not a failure.",
    ),
    (
        "'N.v.t. / weet niet' is geen vluchtweg. Weet niemand het, noteer dan wie het kan uitzoeken en "
        "zet dat als actie in het actieplan.",
        "'n/a / don't know' is not an escape route. If nobody knows, note who can find out and put that "
        "as an action in the action plan.",
    ),
)

GUIDE_BEFORE_AFTER = (
    (
        "Vooraf: stuur de achtergrond een week op voorhand rond. Druk per deelnemer een exemplaar af en "
        "één extra groepsexemplaar. Zorg voor een flap, post-its en stiften.",
        "Before: send the background round a week ahead. Print one copy per participant and one extra "
        "group copy. Bring a flip chart, sticky notes and markers.",
    ),
    (
        "Achteraf: zet de gezamenlijke scores in m2w, met `m2w assess` of met de invulbare versie van "
        "dit werkboek en `m2w import`. Wil je de spreiding in het team zien, lees dan de werkboeken "
        "van de deelnemers apart in: elk wordt een aparte respondent.",
        "After: enter the agreed ratings in m2w, with `m2w assess` or with the fillable version of this "
        "workbook and `m2w import`. To see the spread within the team, import the participants' "
        "workbooks separately: each becomes a separate respondent.",
    ),
    (
        "Maak met `m2w report` het reflectierapport en bespreek het op het volgende teamoverleg. Herhaal "
        "de oefening elk jaar: het rapport toont dan de vooruitgang.",
        "Make the reflection report with `m2w report` and discuss it at the next team meeting. Repeat "
        "the exercise every year: the report then shows your progress.",
    ),
)


# --- the model the template sees ---------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One answer option: `value` is what the PDF field stores, `label` what a person reads."""

    value: str
    label: str
    caption: str  # the short text above a tick box: "1", "n/a"


@dataclass(frozen=True)
class ChoiceField:
    """A rating: tick boxes on paper, a drop-down list in the fillable PDF."""

    name: str
    title: str  # the question, also the field's tooltip in a PDF reader
    choices: tuple[Choice, ...]
    caption: str = ""  # a short heading such as "In place?"

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)


@dataclass(frozen=True)
class TextField:
    """Room to write: ruled lines on paper, a multi-line text box in the fillable PDF."""

    name: str
    label: str
    lines: int = 3


@dataclass(frozen=True)
class WorkbookQuestion:
    id: str
    number: int
    text: str
    fully: str
    evidence_hint: str
    rating: ChoiceField
    how_well: ChoiceField | None
    note: TextField


@dataclass(frozen=True)
class WorkbookMethod:
    title: str
    goal: str
    minutes: int
    steps: tuple[str, ...]


@dataclass(frozen=True)
class ActionRow:
    what: str  # field names
    who: str
    when: str


@dataclass(frozen=True)
class PlanStep:
    label: str
    minutes: int
    text: str = ""


@dataclass(frozen=True)
class WorkbookDimension:
    id: str
    short_id: str
    number: int
    module: str
    heading: str  # "Dimension 3" / "Component 3"
    title: str
    summary: str
    theory: tuple[str, ...]  # paragraphs
    basis: str
    questions: tuple[WorkbookQuestion, ...]
    importance: ChoiceField
    target: ChoiceField
    reflections: tuple[TextField, ...]
    methods: tuple[WorkbookMethod, ...]
    actions: tuple[ActionRow, ...]
    plan: tuple[PlanStep, ...]
    sources: tuple[str, ...]
    plan_total: str = ""  # "3 h 15"

    @property
    def is_quality(self) -> bool:
        return self.module == "quality"

    @property
    def plan_minutes(self) -> int:
        return sum(step.minutes for step in self.plan)


@dataclass(frozen=True)
class WorkbookSection:
    """The dimensions of one module in the workbook."""

    id: str
    title: str
    summary: str
    dimensions: tuple[WorkbookDimension, ...]
    count_label: str = ""  # "15 dimensions"


@dataclass(frozen=True)
class GuideItem:
    title: str
    text: str
    minutes: int | None = None


@dataclass(frozen=True)
class Guide:
    intro: tuple[str, ...]
    plan: tuple[GuideItem, ...]
    roles: tuple[GuideItem, ...]
    agreement: tuple[str, ...]
    before_after: tuple[str, ...]

    @property
    def plan_minutes_without_exercise(self) -> int:
        return sum(item.minutes or 0 for item in self.plan)


@dataclass(frozen=True)
class Marker:
    """What the workbook says about itself, so `m2w import` can check where it came from."""

    content_version: str
    content_sha256: str
    lang: str
    module: str
    only: tuple[str, ...]
    fillable: bool = False

    def __str__(self) -> str:
        only = ",".join(self.only) or "-"
        form = "fillable" if self.fillable else "print"
        return (
            f"{MARKER_PREFIX} version={self.content_version} sha256={self.content_sha256} "
            f"lang={self.lang} module={self.module} only={only} form={form}"
        )

    @property
    def code(self) -> str:
        """A short code printed on the cover, to tell workbooks of different content apart."""
        return f"{self.content_sha256[:10]}"


_MARKER_RE = re.compile(
    re.escape(MARKER_PREFIX)
    + r" version=(?P<version>\S+) sha256=(?P<sha>[0-9a-f]{64}) lang=(?P<lang>nl|en)"
    r" module=(?P<module>sustainability|quality|all) only=(?P<only>\S+) form=(?P<form>print|fillable)"
)


def parse_marker(text: str | None) -> Marker | None:
    """The marker in `text`, or None when the text is not an m2w workbook marker."""
    if not text:
        return None
    found = _MARKER_RE.search(str(text))
    if found is None:
        return None
    only = () if found["only"] == "-" else tuple(found["only"].split(","))
    return Marker(found["version"], found["sha"], found["lang"], found["module"], only, found["form"] == "fillable")


@dataclass(frozen=True)
class Workbook:
    lang: str
    fillable: bool
    title: str
    subtitle: str
    marker: Marker
    cover: tuple[TextField, ...]
    guide: Guide
    sections: tuple[WorkbookSection, ...]
    labels: dict[str, str] = field(default_factory=dict)
    marker_field: str = MARKER_FIELD
    levels: tuple[LevelItem, ...] = ()
    exercise_minutes: str = ""  # the range of the exercises' durations, for the session plan

    @property
    def dimensions(self) -> tuple[WorkbookDimension, ...]:
        return tuple(d for s in self.sections for d in s.dimensions)

    @property
    def single(self) -> bool:
        """One chapter on its own: the guide is shortened to what a single session needs."""
        return len(self.dimensions) == 1


@dataclass(frozen=True)
class FieldSpec:
    """What one form field may hold: free text, or one of `choices` (empty = left blank)."""

    name: str
    kind: str  # "text" or "choice"
    choices: tuple[Choice, ...] = ()


# --- building ------------------------------------------------------------------------------------


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())


def _round5(minutes: float) -> int:
    return max(5, int(math.ceil(minutes / 5.0)) * 5)


def _scale_field(name: str, title: str, scale, lang: str, caption: str = "") -> ChoiceField:
    # A short scale (no / partly / yes) reads best by its words; a longer one by its numbers.
    worded = len(scale.options) <= 3
    choices = tuple(
        Choice(str(o.value), f"{o.value} · {o.label(lang)}", o.label(lang) if worded else str(o.value))
        for o in scale.options
    )
    na = Choice(NA, f"{tr(lang, 'n/a')} · {scale.na(lang)}", tr(lang, "n/a"))
    return ChoiceField(name, title, choices + (na,), caption)


def _option_labels(field_: ChoiceField) -> dict[str, str]:
    return {c.value: c.label for c in field_.choices}


def _plan(dim, lang: str) -> tuple[PlanStep, ...]:
    """A realistic timing for one chapter: reading speed, a few minutes per statement, the exercise."""
    words = len(dim.theory(lang).split())
    n = len(dim.questions)
    method = dim.methods[0]
    steps = [
        PlanStep(tr(lang, "Read and discuss the theory"), _round5(words / 120 + 5)),
        PlanStep(tr(lang, "Check the criteria individually") if dim.module == "quality" else tr(lang, "Rate the statements individually"), _round5(n * 1.5 + 2)),
        PlanStep(tr(lang, "Discuss differences, agree on ratings"), _round5(n * 5)),
        PlanStep(tr(lang, "Break"), 10),
        PlanStep(tr(lang, "Exercise: %(title)s", title=method.title(lang)), method.duration_minutes),
        PlanStep(tr(lang, "Reflection questions"), _round5(len(dim.reflection) * 6)),
        PlanStep(tr(lang, "Action plan"), 20),
    ]
    return tuple(steps)


def build_dimension(content, dim, lang: str) -> WorkbookDimension:
    """One chapter of the workbook."""
    short = dim.short_id
    quality = dim.module == "quality"
    questions = []
    for i, q in enumerate(dim.questions, 1):
        scale = content.scales[q.scale]
        text = q.text(lang)
        rating = _scale_field(
            q.id, f"{q.id}: {text}", scale, lang, tr(lang, "In place?") if quality else scale.title(lang)
        )
        how_well = None
        if q.how_well:
            how_well = _scale_field(
                f"{q.id}:how_well", f"{q.id} ({tr(lang, 'How well?')})", content.scales[q.how_well], lang,
                tr(lang, "How well?"),
            )
        note = (
            TextField(f"{q.id}:evidence", tr(lang, "Our evidence"), 2)
            if quality
            else TextField(f"{q.id}:note", tr(lang, "Note or example"), 2)
        )
        questions.append(
            WorkbookQuestion(
                id=q.id, number=i, text=text, fully=q.fully(lang),
                evidence_hint=q.evidence(lang) if q.evidence else "",
                rating=rating, how_well=how_well, note=note,
            )
        )
    importance = ChoiceField(
        f"{short}:importance", tr(lang, "How important is this dimension for you now?"),
        tuple(Choice(str(v), f"{v} · {tr(lang, IMPORTANCE_LABELS[v])}", str(v)) for v in IMPORTANCE_VALUES),
    )
    target = ChoiceField(
        f"{short}:target", tr(lang, "Where do you want to be within a year?"),
        tuple(Choice(lv.id, lv.title(lang), lv.title(lang)) for lv in content.levels),
    )
    reflections = tuple(
        TextField(f"{short}:reflection:{i}", r(lang), 5) for i, r in enumerate(dim.reflection, 1)
    )
    methods = tuple(
        WorkbookMethod(m.title(lang), m.goal(lang), m.duration_minutes, tuple(s(lang) for s in m.steps))
        for m in dim.methods
    )
    actions = tuple(
        ActionRow(f"{short}:action:{i}:what", f"{short}:action:{i}:who", f"{short}:action:{i}:when")
        for i in range(1, ACTION_ROWS + 1)
    )
    plan = _plan(dim, lang)
    minutes = sum(step.minutes for step in plan)
    return WorkbookDimension(
        id=dim.id, short_id=short, number=dim.number, module=dim.module,
        heading=tr(lang, "Component %(n)s", n=dim.number) if quality else tr(lang, "Dimension %(n)s", n=dim.number),
        title=dim.title(lang), summary=dim.summary(lang), theory=_paragraphs(dim.theory(lang)),
        basis=tr(lang, "This dimension is defined by m2w, in the spirit of the MeMoRe toolkit.") if dim.basis == "m2w" else tr(lang, "This dimension follows the MeMoRe toolkit (Hefboom)."),
        questions=tuple(questions), importance=importance, target=target, reflections=reflections,
        methods=methods, actions=actions, plan=plan, sources=tuple(dim.sources),
        plan_total=tr(lang, "%(h)s h %(m)02d", h=minutes // 60, m=minutes % 60),
    )


@dataclass(frozen=True)
class LevelItem:
    title: str
    meaning: str
    range: str  # "40–59 %"


def build_guide(lang: str) -> Guide:
    i = 1 if lang == "en" else 0
    return Guide(
        intro=tuple(p[i] for p in GUIDE_INTRO),
        plan=tuple(GuideItem(t[i], text[i], minutes) for t, minutes, text in GUIDE_PLAN),
        roles=tuple(GuideItem(t[i], text[i]) for t, text in GUIDE_ROLES),
        agreement=tuple(p[i] for p in GUIDE_AGREEMENT),
        before_after=tuple(p[i] for p in GUIDE_BEFORE_AFTER),
    )


def build_levels(content, lang: str) -> tuple[LevelItem, ...]:
    """The levels with the percent range each covers, for the guide."""
    levels = list(content.levels)
    out = []
    for n, level in enumerate(levels):
        high = levels[n + 1].min - 1 if n + 1 < len(levels) else 100
        out.append(
            LevelItem(level.title(lang), level.meaning(lang), tr(lang, "%(low)s–%(high)s %%", low=level.min, high=high))
        )
    return tuple(out)


def build_workbook(
    content,
    dimensions: Iterable,
    *,
    lang: str = "nl",
    fillable: bool = False,
    module: str = "all",
    only: Iterable[str] = (),
) -> Workbook:
    """The workbook for `dimensions` (already chosen with --module/--only), in `lang`."""
    chosen = list(dimensions)
    sections = []
    for m in content.modules:
        dims = tuple(build_dimension(content, d, lang) for d in chosen if d.module == m.id)
        if dims:
            count = tr(lang, MODULE_COUNTS[m.id], n=len(dims))
            sections.append(WorkbookSection(m.id, m.title(lang), m.summary(lang), dims, count))
    only_ids = tuple(d.short_id for d in chosen) if [k for k in only if k.strip()] else ()
    marker = Marker(content.version, content.sha256, lang, module, only_ids, fillable)
    if len(chosen) == 1:
        title = tr(lang, "Mentoring-to-work workbook")
        subtitle = tr(lang, "One session: %(title)s", title=f"{chosen[0].short_id} · {chosen[0].title(lang)}")
    else:
        modules = {d.module for d in chosen}
        title = tr(lang, MODULE_TITLES[modules.pop()]) if len(modules) == 1 else tr(lang, "Mentoring-to-work workbook")
        subtitle = tr(lang, "Reflecting together on the quality and sustainability of your initiative")
    cover = tuple(TextField(name, tr(lang, label), 1) for name, label, _, _ in COVER_FIELDS)
    labels = {}
    labels["made_with"] = tr(lang, "Made with m2w · content version %(version)s · code %(code)s", version=content.version, code=marker.code)
    durations = sorted({m.duration_minutes for d in chosen for m in d.methods}) or [0]
    exercise = f"{durations[0]}" if len(durations) == 1 else f"{durations[0]}–{durations[-1]}"
    return Workbook(
        lang=lang, fillable=fillable, title=title, subtitle=subtitle, marker=marker, cover=cover,
        guide=build_guide(lang), sections=tuple(sections), labels=labels, levels=build_levels(content, lang),
        exercise_minutes=exercise,
    )


def field_specs(workbook: Workbook) -> dict[str, FieldSpec]:
    """Every form field the fillable version of `workbook` has, by name, in reading order."""
    specs: dict[str, FieldSpec] = {MARKER_FIELD: FieldSpec(MARKER_FIELD, "text")}
    for cover in workbook.cover:
        specs[cover.name] = FieldSpec(cover.name, "text")
    for d in workbook.dimensions:
        for q in d.questions:
            specs[q.rating.name] = FieldSpec(q.rating.name, "choice", q.rating.choices)
            if q.how_well:
                specs[q.how_well.name] = FieldSpec(q.how_well.name, "choice", q.how_well.choices)
            specs[q.note.name] = FieldSpec(q.note.name, "text")
        specs[d.importance.name] = FieldSpec(d.importance.name, "choice", d.importance.choices)
        specs[d.target.name] = FieldSpec(d.target.name, "choice", d.target.choices)
        for r in d.reflections:
            specs[r.name] = FieldSpec(r.name, "text")
        for row in d.actions:
            for name in (row.what, row.who, row.when):
                specs[name] = FieldSpec(name, "text")
    return specs


def question_id_of(field_name: str) -> str:
    """The question or dimension id a field belongs to: `d03-q1:note` -> `d03-q1`, `d03:target` -> `d03`."""
    return field_name.split(SEP, 1)[0]
