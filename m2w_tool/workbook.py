"""The workbook model: what a printed or fillable workbook holds, built from content alone. Pure.

A workbook is for a team session led by a trainer: a cover, a facilitator guide (its text is content:
dimensions/guide.yaml), and per dimension (or quality component) the theory, the statements to rate,
reflection questions, exercises and an action plan. The template sees only the dataclasses below.

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
from dataclasses import dataclass, replace

from m2w_tool.answers_model import DONT_KNOW, MAX_ACTIONS, NA
from m2w_tool.content import GuideFile, load_guide
from m2w_tool.i18n import N_, tr
from m2w_tool.labels import importance_options, target_options, target_title

SEP = ":"
MARKER_FIELD = "m2w:workbook"
MARKER_PREFIX = "m2w-workbook/1"
ACTION_ROWS = MAX_ACTIONS  # as many as an import takes
BLANK = "-"  # the export value of a drop-down's "choose" line: never empty (PyMuPDF refuses an empty one)

# Cover fields, in the order they are printed, mapped to where an answers file keeps them.
COVER_FIELDS = (
    ("initiative:name", N_("Initiative"), "initiative", "name"),
    ("initiative:organisation", N_("Organisation"), "initiative", "organisation"),
    ("initiative:region", N_("Region"), "initiative", "region"),
    ("respondent:name", N_("Filled in by"), "respondent", "name"),
    ("respondent:role", N_("Role"), "respondent", "role"),
)

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


# --- the model the template sees ---------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One answer option: `value` is what the PDF field stores, `label` what a person reads."""

    value: str
    label: str
    caption: str  # the short text above a tick box: "1", "n/a"
    special: bool = False  # not applicable or don't know: never scored, set apart on paper


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
    minimum: bool = False  # a minimum criterion: marked as one, and offered no n/a


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
    importance: ChoiceField | None  # None in a quick scan, which asks the statements only
    target: ChoiceField | None
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
    quick: bool = False  # a quick-scan workbook: the quick-scan statements only

    def __str__(self) -> str:
        only = ",".join(self.only) or "-"
        form = "fillable" if self.fillable else "print"
        scan = " scan=quick" if self.quick else ""  # absent in full workbooks, as before
        return (
            f"{MARKER_PREFIX} version={self.content_version} sha256={self.content_sha256} "
            f"lang={self.lang} module={self.module} only={only} form={form}{scan}"
        )

    @property
    def code(self) -> str:
        """A short code printed on the cover, to tell workbooks of different content apart."""
        return f"{self.content_sha256[:10]}"


_MARKER_RE = re.compile(
    re.escape(MARKER_PREFIX) + r" version=(?P<version>\S+) sha256=(?P<sha>[0-9a-f]{64}) lang=(?P<lang>nl|en)"
    r" module=(?P<module>sustainability|quality|all) only=(?P<only>\S+) form=(?P<form>print|fillable)"
    r"(?: scan=(?P<scan>quick))?"
)


def parse_marker(text: str | None) -> Marker | None:
    """The marker in `text`, or None when the text is not an m2w workbook marker."""
    if not text:
        return None
    found = _MARKER_RE.search(str(text))
    if found is None:
        return None
    only = () if found["only"] == "-" else tuple(found["only"].split(","))
    return Marker(found["version"], found["sha"], found["lang"], found["module"], only, found["form"] == "fillable",
                  found["scan"] == "quick")  # fmt: skip


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
    made_with: str = ""  # "Made with m2w · content version 2026.1 · code 1a2b3c4d5e", on the cover
    marker_field: str = MARKER_FIELD
    levels: tuple[LevelItem, ...] = ()
    exercise_minutes: str = ""  # the range of the exercises' durations, for the session plan
    quick: bool = False  # the quick scan: every dimension's key statements in one session
    quick_plan: tuple[GuideItem, ...] = ()  # the quick scan's session plan (instead of the guide's)
    blank_choice: str = BLANK  # the export value of every drop-down's "choose" line

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


def _scale_field(name: str, title: str, scale, lang: str, caption: str = "", *, na: bool = False) -> ChoiceField:
    """A rating on `scale`, with n/a when `na` (a statement that allows it), and don't know."""
    # A short scale (no / partly / yes) reads best by its words; a longer one by its numbers.
    worded = len(scale.options) <= 3
    choices = tuple(
        Choice(str(o.value), f"{o.value} · {o.label(lang)}", o.label(lang) if worded else str(o.value))
        for o in scale.options
    )
    if na:
        choices += (Choice(NA, f"{tr(lang, 'n/a')} · {scale.na(lang)}", tr(lang, "n/a"), True),)
    if scale.dont_know is not None:  # content made before 2026.2 says "n/a / don't know" in one
        choices += (Choice(DONT_KNOW, f"? · {scale.dont_know_text(lang)}", scale.dont_know_text(lang), True),)
    return ChoiceField(name, title, choices, caption)


def _option_labels(field_: ChoiceField) -> dict[str, str]:
    return {c.value: c.label for c in field_.choices}


def _plan(dim, lang: str) -> tuple[PlanStep, ...]:
    """A realistic timing for one chapter: reading speed, a few minutes per statement, the exercise."""
    words = len(dim.theory(lang).split())
    n = len(dim.questions)
    method = dim.methods[0]
    steps = [
        PlanStep(tr(lang, "Read and discuss the theory"), _round5(words / 120 + 5)),
        PlanStep(
            tr(lang, "Check the criteria individually")
            if dim.module == "quality"
            else tr(lang, "Rate the statements individually"),
            _round5(n * 1.5 + 2),
        ),
        PlanStep(tr(lang, "Discuss differences, agree on ratings"), _round5(n * 5)),
        PlanStep(tr(lang, "Break"), 10),
        PlanStep(tr(lang, "Exercise: %(title)s", title=method.title(lang)), method.duration_minutes),
        PlanStep(tr(lang, "Reflection questions"), _round5(len(dim.reflection) * 6)),
        PlanStep(tr(lang, "Action plan"), 20),
    ]
    return tuple(steps)


def _question(content, q, number: int, quality: bool, lang: str) -> WorkbookQuestion:
    """A statement (or quality criterion) with its rating, how-well rating and room for a note."""
    scale = content.scales[q.scale]
    text = q.text(lang)
    # "In place?" only where "How well?" follows; a criterion on a scale of its own asks that scale's question
    caption = tr(lang, "In place?") if quality and q.how_well else scale.title(lang)
    rating = _scale_field(q.id, f"{q.id}: {text}", scale, lang, caption, na=q.na_allowed)
    how_well = None
    if q.how_well:
        title = f"{q.id} ({tr(lang, 'How well?')})"
        how_well = _scale_field(f"{q.id}:how_well", title, content.scales[q.how_well], lang, tr(lang, "How well?"))
    if quality:
        note = TextField(f"{q.id}:evidence", tr(lang, "Our evidence"), 2)
    else:
        note = TextField(f"{q.id}:note", tr(lang, "Note or example"), 2)
    evidence_hint = q.evidence(lang) if q.evidence else ""
    return WorkbookQuestion(q.id, number, text, q.fully(lang), evidence_hint, rating, how_well, note, q.minimum)


def _ambition(content, short: str, lang: str) -> tuple[ChoiceField, ChoiceField]:
    """The importance of a dimension now, and the level the team aims for, in the content's words
    (m2w_tool.labels): the same the questionnaire, the browser and the report use."""
    importance = ChoiceField(
        f"{short}:importance",
        tr(lang, "How important is this dimension for you now?"),
        tuple(Choice(str(v), f"{v} · {label}", str(v)) for v, label in importance_options(content, lang)),
    )
    # The drop-down shows the whole label; a tick box on paper only the level's title it starts with.
    target = ChoiceField(
        f"{short}:target",
        tr(lang, "Where do you want to be within a year?"),
        tuple(Choice(lv, label, target_title(content, lv, lang)) for lv, label in target_options(content, lang)),
    )
    return importance, target


def build_dimension(content, dim, lang: str) -> WorkbookDimension:
    """One chapter of the workbook."""
    short, quality = dim.short_id, dim.module == "quality"
    importance, target = _ambition(content, short, lang)
    plan = _plan(dim, lang)
    minutes = sum(step.minutes for step in plan)
    if dim.basis == "m2w":
        basis = tr(lang, "This dimension is defined by m2w, in the spirit of the MeMoRe toolkit.")
    else:
        basis = tr(lang, "This dimension follows the MeMoRe toolkit (Hefboom).")
    return WorkbookDimension(
        id=dim.id,
        short_id=short,
        number=dim.number,
        module=dim.module,
        heading=tr(lang, "Component %(n)s", n=dim.number) if quality else tr(lang, "Dimension %(n)s", n=dim.number),
        title=dim.title(lang),
        summary=dim.summary(lang),
        theory=_paragraphs(dim.theory(lang)),
        basis=basis,
        questions=tuple(_question(content, q, i, quality, lang) for i, q in enumerate(dim.questions, 1)),
        importance=importance,
        target=target,
        reflections=tuple(TextField(f"{short}:reflection:{i}", r(lang), 5) for i, r in enumerate(dim.reflection, 1)),
        methods=tuple(
            WorkbookMethod(m.title(lang), m.goal(lang), m.duration_minutes, tuple(s(lang) for s in m.steps))
            for m in dim.methods
        ),
        actions=tuple(
            ActionRow(f"{short}:action:{i}:what", f"{short}:action:{i}:who", f"{short}:action:{i}:when")
            for i in range(1, ACTION_ROWS + 1)
        ),
        plan=plan,
        sources=tuple(dim.sources),
        plan_total=tr(lang, "%(h)s h %(m)02d", h=minutes // 60, m=minutes % 60),
    )


def build_quick_dimension(content, dim, lang: str) -> WorkbookDimension:
    """A dimension in a quick-scan workbook: its quick-scan statements, with the numbers they have in
    the full workbook; no theory, importance, reflection, exercise or action plan."""
    full = build_dimension(content, dim, lang)
    quick = {q.id for q in dim.quick_questions}
    return replace(
        full, questions=tuple(q for q in full.questions if q.id in quick), theory=(), importance=None, target=None,
        reflections=(), methods=(), actions=(), plan=(), plan_total="",
    )  # fmt: skip


def quick_plan(statements: int, lang: str) -> tuple[GuideItem, ...]:
    """The session plan of a quick scan with `statements` statements."""
    return (
        GuideItem(tr(lang, "Welcome and the aim"), tr(lang, "A first look at every part of the initiative, to choose "
                                                            "where a full session is worth it."), 10),
        GuideItem(tr(lang, "Rate the statements individually"),
                  tr(lang, "Everyone ticks their own answer first, without discussing yet."), _round5(statements + 2)),
        GuideItem(tr(lang, "Discuss differences, agree on ratings"),
                  tr(lang, "Start where the answers lie furthest apart. The note-taker writes down the answer agreed "
                           "on."), _round5(statements * 2)),
        GuideItem(tr(lang, "Break"), "", 10),
        GuideItem(tr(lang, "Choose where to look deeper"), tr(lang, "Name the two or three parts with the lowest "
                                                                    "ratings or the most \"don't know\": each gets a "
                                                                    "full session with its own chapter of the "
                                                                    "workbook."), 15),
    )  # fmt: skip


@dataclass(frozen=True)
class LevelItem:
    title: str
    meaning: str
    range: str  # "40–59 %"


def build_guide(guide: GuideFile | None, lang: str) -> Guide:
    """The facilitator guide in `lang`, from the content's guide.yaml (the shipped one when None)."""
    source = guide if guide is not None else load_guide()
    return Guide(
        intro=tuple(p(lang) for p in source.intro),
        plan=tuple(GuideItem(step.title(lang), step.text(lang), step.minutes) for step in source.plan),
        roles=tuple(GuideItem(role.title(lang), role.text(lang)) for role in source.roles),
        agreement=tuple(p(lang) for p in source.agreement),
        before_after=tuple(p(lang) for p in source.before_after),
    )


def _quick_guide(guide: Guide, lang: str) -> Guide:
    """The guide of a quick scan: the guide's opening paragraph, then how this short workbook differs
    (the guide's other paragraphs speak of chapters, which a quick scan has none of)."""
    return replace(
        guide,
        intro=guide.intro[:1]
        + (
            tr(lang, "This quick scan asks only the key statements of every part: no background, exercises or "
                     "action plan. Rate them in one session, then choose the two or three parts that deserve a "
                     "full session of their own, with their chapter of the workbook (`m2w workbook --only d03`)."),
        ),
    )  # fmt: skip


def build_levels(content, lang: str) -> tuple[LevelItem, ...]:
    """The levels with the percent range each covers, for the guide."""
    levels = list(content.levels)
    out = []
    for n, level in enumerate(levels):
        high = levels[n + 1].min - 1 if n + 1 < len(levels) else 100
        out.append(
            LevelItem(level.title(lang), level.meaning(lang), tr(lang, "%(low)s–%(high)s%%", low=level.min, high=high))
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
    quick: bool = False,
) -> Workbook:
    """The workbook for `dimensions` (already chosen with --module/--only), in `lang`; with `quick`
    the quick scan: their quick-scan statements, in one session."""
    chosen = [d for d in dimensions if d.quick_questions or not quick]
    build = build_quick_dimension if quick else build_dimension
    sections = []
    for m in content.modules:
        dims = tuple(build(content, d, lang) for d in chosen if d.module == m.id)
        if dims:
            count = tr(lang, MODULE_COUNTS[m.id], n=len(dims))
            sections.append(WorkbookSection(m.id, m.title(lang), m.summary(lang), dims, count))
    only_ids = tuple(d.short_id for d in chosen) if [k for k in only if k.strip()] else ()
    marker = Marker(content.version, content.sha256, lang, module, only_ids, fillable, quick)
    statements = sum(len(d.questions) for s in sections for d in s.dimensions)
    plan = quick_plan(statements, lang) if quick else ()
    title, subtitle = _quick_titles(statements, plan, lang) if quick else _titles(chosen, lang)
    cover = tuple(TextField(name, tr(lang, label), 1) for name, label, _, _ in COVER_FIELDS)
    made_with = tr(
        lang, "Made with m2w · content version %(version)s · code %(code)s", version=content.version, code=marker.code
    )
    durations = sorted({m.duration_minutes for d in chosen for m in d.methods}) or [0]
    exercise = f"{durations[0]}" if len(durations) == 1 else f"{durations[0]}–{durations[-1]}"
    return Workbook(
        lang=lang,
        fillable=fillable,
        title=title,
        subtitle=subtitle,
        marker=marker,
        cover=cover,
        guide=_quick_guide(build_guide(content.guide, lang), lang) if quick else build_guide(content.guide, lang),
        sections=tuple(sections),
        made_with=made_with,
        levels=build_levels(content, lang),
        exercise_minutes=exercise,
        quick=quick,
        quick_plan=plan,
    )


def _titles(chosen: list, lang: str) -> tuple[str, str]:
    """The workbook's title and subtitle: one session, one module, or the whole workbook."""
    if len(chosen) == 1:
        one = f"{chosen[0].short_id} · {chosen[0].title(lang)}"
        return tr(lang, "Mentoring-to-work workbook"), tr(lang, "One session: %(title)s", title=one)
    modules = {d.module for d in chosen}
    title = tr(lang, MODULE_TITLES[modules.pop()]) if len(modules) == 1 else tr(lang, "Mentoring-to-work workbook")
    return title, tr(lang, "Reflecting together on the quality and sustainability of your initiative")


def _quick_titles(statements: int, plan: tuple[GuideItem, ...], lang: str) -> tuple[str, str]:
    minutes = sum(item.minutes or 0 for item in plan)
    length = tr(lang, "%(h)s h %(m)02d", h=minutes // 60, m=minutes % 60)
    return tr(lang, "Quick scan"), tr(
        lang,
        "One session on the key statements of every part: %(n)s statements, about %(time)s",
        n=statements,
        time=length,
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
        for rating in (d.importance, d.target):
            if rating is not None:
                specs[rating.name] = FieldSpec(rating.name, "choice", rating.choices)
        for r in d.reflections:
            specs[r.name] = FieldSpec(r.name, "text")
        for row in d.actions:
            for name in (row.what, row.who, row.when):
                specs[name] = FieldSpec(name, "text")
    return specs


def question_id_of(field_name: str) -> str:
    """The question or dimension id a field belongs to: `d03-q1:note` -> `d03-q1`, `d03:target` -> `d03`."""
    return field_name.split(SEP, 1)[0]
