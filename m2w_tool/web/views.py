"""What the pages show, as plain data: the list of assessments and one dimension of the
questionnaire. Templates see only these (and the page helpers), never the files themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from m2w_tool.answering import (
    ANSWER_SUFFIXES,
    BASELINE_KEY,
    AnswersStore,
    DimensionProgress,
    form_value,
    percent_done,
    progress,
    scope_dimensions,
    wants_how_well,
)
from m2w_tool.answers import ACTION_STATUSES, DONT_KNOW, NA, Answers
from m2w_tool.content import Content, Dimension, Question
from m2w_tool.errors import M2WError, os_reason
from m2w_tool.i18n import tr
from m2w_tool.labels import importance_options, target_options
from m2w_tool.questionnaire import MAX_ACTIONS
from m2w_tool.scoring import is_quick


def importance_choices(content: Content, current: str, lang: str) -> list[Choice]:
    """The importance scale in the content's words (m2w_tool.labels: the same everywhere)."""
    return [Choice(str(v), f"{v} · {label}", current == str(v)) for v, label in importance_options(content, lang)]


def target_choices(content: Content, current: str, lang: str) -> list[tuple[Choice, str]]:
    """The levels to aim for, in the content's words, with what each level means."""
    meanings = {lv.id: lv.meaning(lang) for lv in content.levels}
    return [(Choice(lv, label, current == lv), meanings[lv]) for lv, label in target_options(content, lang)]


def when_text(stamp: str, lang: str) -> str:
    """`2026-11-24T10:42:00+01:00` -> `24-11-2026 10:42` (nl) / `2026-11-24 10:42` (en)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    return moment.strftime("%d-%m-%Y %H:%M" if lang == "nl" else "%Y-%m-%d %H:%M")


QUICK = "quick"  # the part "quick scan" in the start form


def part_title(content: Content, module: str, lang: str, quick: bool = False) -> str:
    if quick or module == QUICK:
        return tr(lang, "Quick scan")
    if module in ("sustainability", "quality"):
        return content.module(module).title(lang)
    return tr(lang, "Sustainability and quality")


def part_choices(content: Content, lang: str) -> list[tuple[str, str]]:
    """The parts to choose from (the quick scan when the content has one, sustainability, quality,
    both), each with its number of questions."""
    counts = {m.id: sum(len(d.questions) for d in content.in_module(m.id)) for m in content.modules}
    quick = [(QUICK, part_title(content, "all", lang, quick=True), len(content.quick_ids))] if content.quick_ids else []
    choices = quick
    choices += [(m.id, m.title(lang), counts[m.id]) for m in content.modules]
    choices.append(("all", part_title(content, "all", lang), sum(counts.values())))
    return [(key, tr(lang, "%(title)s (%(n)s questions)", title=title, n=n)) for key, title, n in choices]


# --- home ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentRow:
    file: str
    initiative: str = ""
    organisation: str = ""
    respondent: str = ""
    part: str = ""
    percent: int = 0
    updated: str = ""
    updated_sort: str = ""
    is_group: bool = False
    baseline: str = ""
    problem: str = ""  # why the file cannot be read (then the rest is empty)
    quick: bool = False  # a quick scan: no actions of its own


def answer_files(folder: Path) -> list[Path]:
    """The answers files directly in `folder` (hidden files and sub-folders left out)."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    return sorted(
        p for p in entries
        if p.suffix.lower() in ANSWER_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )  # fmt: skip


def assessment_row(path: Path, store: AnswersStore, content: Content, lang: str) -> AssessmentRow | None:
    try:
        if path.stat().st_size == 0:
            return None  # being created this very moment
        answers = store.read(path)
    except M2WError as exc:
        return AssessmentRow(path.name, problem=exc.format_message())
    except OSError as exc:
        return AssessmentRow(path.name, problem=os_reason(exc))
    is_group = isinstance(answers.extra.get("group"), dict)
    return AssessmentRow(
        file=path.name,
        initiative=answers.initiative.get("name", ""),
        organisation=answers.initiative.get("organisation", ""),
        respondent=answers.respondent.get("name", ""),
        part=part_title(content, str(answers.scope.get("module") or "all"), lang, is_quick(answers)),
        percent=percent_done(content, answers),
        updated=when_text(answers.updated, lang),
        updated_sort=answers.updated,
        is_group=is_group,
        baseline=str(answers.extra.get(BASELINE_KEY) or ""),
        quick=is_quick(answers),
    )


def assessment_rows(folder: Path, store: AnswersStore, content: Content, lang: str) -> list[AssessmentRow]:
    """Every assessment in the folder, the most recently changed first; unreadable ones last."""
    rows = [r for p in answer_files(folder) if (r := assessment_row(p, store, content, lang)) is not None]
    readable = sorted((r for r in rows if not r.problem), key=lambda r: r.updated_sort, reverse=True)
    return readable + [r for r in rows if r.problem]


# --- the questionnaire ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool
    needs_how_well: bool = False  # choosing it opens "how well" (quality criteria)


@dataclass(frozen=True)
class Field:
    name: str  # the form field name (answering.Change.parse reads it)
    value: str  # what the file holds now, as text


@dataclass(frozen=True)
class StatementView:
    number: int
    anchor: str
    question: Question
    text: str
    fully: str
    evidence_hint: str
    value: Field
    choices: list[Choice]
    how_well: Field | None
    how_well_choices: list[Choice]
    how_well_open: bool
    note: Field
    evidence: Field
    answered: bool


@dataclass(frozen=True)
class ActionRow:
    number: int
    what: Field
    who: Field
    when: Field
    status: Field
    status_choices: list[Choice]


@dataclass
class DimensionPage:
    dimension: Dimension
    title: str
    kicker: str  # "Dimension 3 of 15 · Sustainability of the initiative"
    summary: str
    statements: list[StatementView]
    reflections: list[tuple[str, Field]]
    importance: Field
    importance_choices: list[Choice]
    target: Field
    target_choices: list[tuple[Choice, str]]  # with the level's meaning
    actions: list[ActionRow]
    previous: Dimension | None
    following: Dimension | None
    progress: list[DimensionProgress]
    percent: int
    fields: list[Field] = field(default_factory=list)  # every field once, for the no-script form
    quick: bool = False  # a quick scan: its statements only, no reflection, importance, target or actions


def _choices(scale, current, lang: str, question: Question | None = None, content=None) -> list[Choice]:
    """The scale's options and "don't know" (as on every scale in `m2w assess`); for a statement also
    "not applicable" (unless it is a minimum criterion, which applies to everyone). Neither is scored."""
    out = []
    for option in scale.options:
        needs = bool(question is not None and wants_how_well(content, question, option.value))
        out.append(Choice(str(option.value), option.label(lang), form_value(current) == str(option.value), needs))
    if question is not None and question.na_allowed:
        out.append(Choice(NA, scale.na(lang), current == NA))
    out.append(Choice(DONT_KNOW, scale.dont_know_text(lang), current == DONT_KNOW))
    return out


def statement_view(content: Content, answers: Answers, question: Question, number: int, lang: str) -> StatementView:
    answer = answers.answers.get(question.id)
    value = answer.value if answer else None
    how_well = answer.how_well if answer else None
    name = f"q.{question.id}"
    hw_scale = content.scales[question.how_well] if question.how_well else None
    return StatementView(
        number=number,
        anchor=f"q-{question.id}",
        question=question,
        text=question.text(lang),
        fully=question.fully(lang),
        evidence_hint=question.evidence(lang) if question.evidence else "",
        value=Field(f"{name}.value", form_value(value)),
        choices=_choices(content.scales[question.scale], value, lang, question, content),
        how_well=Field(f"{name}.how_well", form_value(how_well)) if hw_scale else None,
        how_well_choices=_choices(hw_scale, how_well, lang) if hw_scale else [],
        how_well_open=wants_how_well(content, question, value),
        note=Field(f"{name}.note", answer.note if answer else ""),
        evidence=Field(f"{name}.evidence", answer.evidence if answer else ""),
        answered=value is not None,
    )


def _kicker(content: Content, scope: list[Dimension], dim: Dimension, lang: str) -> str:
    same = [d for d in scope if d.module == dim.module]
    n, total = same.index(dim) + 1, len(same)
    unit = (
        tr(lang, "Component %(n)s of %(total)s", n=n, total=total)
        if dim.module == "quality"
        else tr(lang, "Dimension %(n)s of %(total)s", n=n, total=total)
    )
    return f"{unit} · {content.module(dim.module).title(lang)}"


def dimension_page(content: Content, answers: Answers, dim: Dimension, lang: str) -> DimensionPage:
    scope = scope_dimensions(content, answers)
    position = scope.index(dim)
    dim_answers = answers.dimensions.get(dim.id)
    quick = is_quick(answers)
    statements = [
        statement_view(content, answers, q, i, lang) for i, q in enumerate(dim.questions, 1) if q.quick or not quick
    ]
    base = f"d.{dim.id}"
    given = dim_answers.reflections if dim_answers else []
    reflections = [
        (question(lang), Field(f"{base}.reflection.{i}", given[i] if i < len(given) else ""))
        for i, question in enumerate(dim.reflection)
    ]
    importance = form_value(dim_answers.importance if dim_answers else None)
    target = (dim_answers.target if dim_answers else None) or ""
    actions = _action_rows(dim_answers, base, lang)
    page = DimensionPage(
        dimension=dim,
        title=dim.title(lang),
        kicker=_kicker(content, scope, dim, lang),
        summary=dim.summary(lang),
        statements=statements,
        reflections=reflections,
        importance=Field(f"{base}.importance", importance),
        importance_choices=importance_choices(content, importance, lang),
        target=Field(f"{base}.target", target),
        target_choices=target_choices(content, target, lang),
        actions=actions,
        previous=scope[position - 1] if position > 0 else None,
        following=scope[position + 1] if position + 1 < len(scope) else None,
        progress=progress(content, answers),
        percent=percent_done(content, answers),
        quick=quick,
    )
    page.fields = _all_fields(page)
    return page


def status_choices(current: str, lang: str) -> list[Choice]:
    """How far an action is (planned, started, done), in the report's words for them."""
    from m2w_tool.report.actions import STATUS_LABELS  # here: the report's code loads on first use

    return [Choice(status, tr(lang, STATUS_LABELS[status]), current == status) for status in ACTION_STATUSES]


def _action_rows(dim_answers, base: str, lang: str) -> list[ActionRow]:
    rows = []
    for i in range(MAX_ACTIONS):
        act = dim_answers.actions[i] if dim_answers and i < len(dim_answers.actions) else None
        cells = [
            Field(f"{base}.action.{i}.{part}", getattr(act, part) if act else "") for part in ("what", "who", "when")
        ]
        status = act.status if act and act.status in ACTION_STATUSES else ACTION_STATUSES[0]
        rows.append(ActionRow(i + 1, *cells, Field(f"{base}.action.{i}.status", status), status_choices(status, lang)))
    return rows


def _all_fields(page: DimensionPage) -> list[Field]:
    fields: list[Field] = []
    for s in page.statements:
        fields += [s.value] + ([s.how_well] if s.how_well else []) + [s.note, s.evidence]
    if page.quick:
        return fields
    fields += [f for _, f in page.reflections] + [page.importance, page.target]
    for row in page.actions:
        fields += [row.what, row.who, row.when, row.status]
    return fields


# --- the action plan: how far each action is ------------------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    dimension: Dimension
    title: str
    row: ActionRow


@dataclass
class PlanPage:
    items: list[PlanItem]  # the file's own actions, by date as the report lists them
    first: Dimension  # where actions are added (the first dimension of the file)
    quick: bool = False  # a quick scan asks for no actions
    fields: list[Field] = field(default_factory=list)  # every status field once, for the no-script form


def _by_date(item: PlanItem) -> tuple:
    """As the report's plan: by the date its "by when" names (a month before its days); none last."""
    from m2w_tool.report import due_of

    due = due_of(item.row.when.value)
    return (1,) if due is None else (0, due[0], due[1] or 13, due[2])


def plan_page(content: Content, answers: Answers, lang: str) -> PlanPage:
    """Every action the file holds with its status, to set how far each one got."""
    scope = scope_dimensions(content, answers)
    items = []
    for dim in scope:
        given = answers.dimensions.get(dim.id)
        if not given:
            continue
        rows = _action_rows(given, f"d.{dim.id}", lang)[: len(given.actions)]
        items += [PlanItem(dim, dim.title(lang), r) for r in rows if r.what.value or r.who.value or r.when.value]
    items.sort(key=_by_date)
    return PlanPage(items, scope[0], is_quick(answers), [item.row.status for item in items])
