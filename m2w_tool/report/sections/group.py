"""The report's group section, for a file made by `m2w merge`: the statements the respondents answered
far apart (a point to discuss), and every respondent's notes."""

from __future__ import annotations

from m2w_tool.answers import Answers
from m2w_tool.content import Content, Scale
from m2w_tool.format import decimal
from m2w_tool.i18n import tr
from m2w_tool.merge import GroupAnswer, group_answers, group_respondents
from m2w_tool.report.model import Disagreement, ExtraSection, GroupSection, RespondentNotes

TEMPLATE = "_group.html.j2"


def group_section(content: Content, answers: Answers, lang: str) -> ExtraSection | None:
    """The group section of a merged file's report; None for one respondent's file."""
    view = group_view(content, answers, lang)
    if view is None:
        return None
    heading = tr(lang, "Group assessment: where you disagree")
    return ExtraSection("group", heading, TEMPLATE, view, before="how-to-read")


def group_view(content: Content, answers: Answers, lang: str) -> GroupSection | None:
    """What the group section shows, in `lang`; None for one respondent's file."""
    respondents = group_respondents(answers)
    if not respondents:
        return None
    data = group_answers(answers)
    order = {qid: i for i, qid in enumerate(content.questions)}
    flagged = sorted(
        (g for g in data.values() if g.disagree),
        key=lambda g: (-g.spread, order.get(g.question_id, len(order)), g.question_id),
    )
    names = [str(r.get("name", "")) for r in respondents]
    roles = {str(r.get("name", "")): str(r.get("role", "")) for r in respondents}
    return GroupSection(
        intro=tr(
            lang,
            "This report merges the answers of %(n)s respondents (%(names)s). Each score is the mean of their "
            "answers. On the statements below the answers are far apart (a difference of at least half the scale, "
            "e.g. 2 points on 1-5): discuss them together before choosing an action.",
            n=len(names),
            names=", ".join(names),
        ),
        respondents=tuple((name, roles.get(name, "")) for name in names),
        disagreements=tuple(_disagreement(content, g, lang) for g in flagged),
        notes=_notes_by_respondent(content, data, names, roles, order, lang),
    )


def _disagreement(content: Content, g: GroupAnswer, lang: str) -> Disagreement:
    known = content.questions.get(g.question_id)
    scale = content.scales[known[1].scale] if known else None
    labels = [_value_label(v, scale, lang) for v in g.values]
    return Disagreement(
        question_id=g.question_id,
        short_id=known[0].short_id if known else g.question_id.split("-", 1)[0],
        dimension=known[0].title(lang) if known else "",
        text=known[1].text(lang) if known else g.question_id,
        answers=tuple(zip(g.by, labels, strict=False)) if g.by else tuple(("", label) for label in labels),
        mean=decimal(g.mean, lang, trim=True),
        spread=decimal(g.spread, lang, trim=True),
        notes=g.notes,
    )


def _value_label(value: float, scale: Scale | None, lang: str) -> str:
    """`4 · Grotendeels` for a value on the scale, else the number (`3,5`)."""
    if scale is not None and value == int(value) and int(value) in scale.values:
        return f"{int(value)} · {scale.label(int(value), lang)}"
    return decimal(value, lang, trim=True)


def _notes_by_respondent(
    content: Content,
    data: dict[str, GroupAnswer],
    names: list[str],
    roles: dict[str, str],
    order: dict[str, int],
    lang: str,
) -> tuple[RespondentNotes, ...]:
    by_person: dict[str, list[tuple[str, str]]] = {name: [] for name in names}
    for qid in sorted(data, key=lambda q: order.get(q, len(order))):
        known = content.questions.get(qid)
        where = f"{qid} · {known[1].text(lang)}" if known else qid
        for person, note in data[qid].notes:
            by_person.setdefault(person, []).append((where, note))
    return tuple(RespondentNotes(name, roles.get(name, ""), tuple(notes)) for name, notes in by_person.items())
