"""Group assessment: several respondents of one initiative become one answers file.

As in PSAT's group mode, every statement gets the mean of the respondents' ratings, and the spread
(highest minus lowest) shows where they see things differently. A statement is flagged as a point
to discuss when the spread is at least half the scale's range: 2 or more on a 1-5 scale, 1 or
more on the 0-2 "in place" scale. "n/a" is left out of the mean and counted apart.

The merged file is a normal answers file, so every command that reads answers reads it too. The
group data rides in the keys an answers file keeps for other versions (`Answer.extra` and the
top-level `extra`):

    answers:
      d03-q1:
        value: 3.67            # the mean, used for scoring
        note: "Anna: ...\\nBram: ..."   # every note, with its author, for readers that know no groups
        group: {n: 3, values: [4, 2, 5], spread: 3, disagree: true, na: 0,
                notes: [{respondent: Anna, note: ...}]}
      d03-q2:
        value: 4
        group: {n: 2, values: [4, 4], by: [Anna, Cees], spread: 0, disagree: false, na: 1}
    group:
      respondents: [{name: Anna, role: coach, file: anna.yaml, updated: ...}, ...]

`values` follow the order of `group.respondents`; `by` names who gave them only when someone did
not (n/a or no answer).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import fmean
from typing import Any

from m2w_tool.answers import NA, Action, Answer, Answers, DimensionAnswers, now_iso
from m2w_tool.content import LEVEL_IDS, Content
from m2w_tool.errors import M2WError
from m2w_tool.i18n import Catalog

GROUP_KEY = "group"
DISAGREE_SHARE = 0.5  # of the scale's range: 2 points on 1-5, 1 point on 0-2
DEFAULT_RANGE = 4.0  # for an id the content does not know: assume the usual 1-5 scale

MSG = Catalog(
    {
        "too_few": (
            "Geef minstens twee antwoordbestanden om samen te voegen.",
            "Give at least two answers files to merge.",
        ),
        "same_file": ("{file} staat twee keer in de lijst.", "{file} is listed twice."),
        "already_group": (
            "{file} is al een groepsbestand. Voeg de afzonderlijke bestanden van de respondenten samen.",
            "{file} is already a group file. Merge the respondents' own files instead.",
        ),
        "other_initiative": (
            "Deze bestanden gaan over verschillende initiatieven:\n{list}\n"
            "Voeg enkel bestanden van hetzelfde initiatief samen, of gebruik --force als het toch hetzelfde is "
            "(bijvoorbeeld een naam die anders gespeld is).",
            "These files are about different initiatives:\n{list}\n"
            "Merge only files of the same initiative, or use --force if it really is the same one "
            "(for example a name spelled differently).",
        ),
        "versions": (
            "Let op: de bestanden gebruiken verschillende inhoudsversies ({versions}); vragen die niet in "
            "elke versie bestaan, hebben minder respondenten.",
            "Note: the files use different content versions ({versions}); questions that do not exist in "
            "every version have fewer respondents.",
        ),
        "group_role": ("groep van {n}", "group of {n}"),
    }
)


@dataclass
class MergeResult:
    """The merged answers and what the user should know about them."""

    answers: Answers
    respondents: list[str]
    disagreements: list[str]  # question ids flagged as points to discuss
    warnings: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Compare names the way people mean them: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.casefold().split())


def initiative_key(answers: Answers) -> tuple[str, str]:
    """What makes two answers files about the same initiative: its name and organisation."""
    return normalise(answers.initiative.get("name", "")), normalise(
        answers.initiative.get("organisation", "")
    )


def disagreement_threshold(scale_range: float) -> float:
    """The spread from which respondents are said to disagree, for a scale of this range."""
    return DISAGREE_SHARE * scale_range


def _number(x: float) -> int | float:
    """Whole numbers stay whole (4, not 4.0) so the merged file reads like a normal one."""
    x = round(x, 2)
    return int(x) if x == int(x) else x


def _stats(values: list[int | float], scale_range: float) -> dict[str, Any]:
    spread = max(values) - min(values) if values else 0
    return {
        "n": len(values),
        "values": list(values),
        "spread": _number(spread),
        "disagree": bool(values) and spread >= disagreement_threshold(scale_range) - 1e-9,
    }


def _moment(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None


def _pick_stamp(stamps: list[str], latest: bool = False) -> str:
    """The earliest (or latest) of ISO time stamps; unreadable ones only when nothing else is there."""
    dated = [(m, s) for s in stamps if (m := _moment(s)) is not None]
    if not dated:
        return stamps[0] if stamps else now_iso()
    try:
        return (max if latest else min)(dated)[1]
    except TypeError:  # a mix of stamps with and without a UTC offset
        return (max if latest else min)(stamps)


def _respondent_names(items: Sequence[tuple[str, Answers]]) -> list[str]:
    """A distinct display name per respondent: their name, else the file name; twins numbered."""
    names = []
    seen: Counter[str] = Counter()
    for label, answers in items:
        name = (answers.respondent.get("name") or "").strip() or Path(label).stem
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _check(items: Sequence[tuple[str, Answers]], force: bool, lang: str) -> None:
    if len(items) < 2:
        raise M2WError(MSG("too_few", lang))
    seen: set[str] = set()
    for label, answers in items:
        resolved = str(Path(label).resolve())
        if resolved in seen:
            raise M2WError(MSG("same_file", lang, file=label))
        seen.add(resolved)
        if GROUP_KEY in answers.extra:
            raise M2WError(MSG("already_group", lang, file=label))
    keys = {initiative_key(a) for _, a in items}
    if len(keys) > 1 and not force:
        listing = "\n".join(
            f"  {label}: {a.initiative.get('name', '')} ({a.initiative.get('organisation', '')})"
            for label, a in items
        )
        raise M2WError(MSG("other_initiative", lang, list=listing))


def _scale_range(content: Content | None, qid: str, how_well: bool = False) -> float:
    if content is None or qid not in content.questions:
        return DEFAULT_RANGE
    question = content.questions[qid][1]
    scale_id = question.how_well if how_well else question.scale
    if scale_id is None or scale_id not in content.scales:
        return DEFAULT_RANGE
    scale = content.scales[scale_id]
    return float(scale.high - scale.low)


def _with_names(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{name}: {text}" for name, text in pairs)


def _merge_answer(
    qid: str, given: list[tuple[str, Answer]], content: Content | None, everyone: list[str]
) -> Answer:
    numbers = [
        (name, a.value)
        for name, a in given
        if isinstance(a.value, int | float) and not isinstance(a.value, bool)
    ]
    na = sum(1 for _, a in given if a.is_na)
    group = _stats([v for _, v in numbers], _scale_range(content, qid))
    if [name for name, _ in numbers] != everyone:  # `by` is written only when someone is missing
        group["by"] = [name for name, _ in numbers]
    group["na"] = na
    how_well = [
        (name, a.how_well)
        for name, a in given
        if isinstance(a.how_well, int | float) and not isinstance(a.how_well, bool)
    ]
    if how_well:
        group["how_well"] = _stats(
            [v for _, v in how_well], _scale_range(content, qid, how_well=True)
        )
        if [name for name, _ in how_well] != everyone:
            group["how_well"]["by"] = [name for name, _ in how_well]
    notes = [(name, a.note) for name, a in given if a.note.strip()]
    evidence = [(name, a.evidence) for name, a in given if a.evidence.strip()]
    if notes:
        group["notes"] = [{"respondent": name, "note": note} for name, note in notes]
    if evidence:
        group["evidence"] = [{"respondent": name, "evidence": text} for name, text in evidence]

    merged = Answer(
        note=_with_names(notes), evidence=_with_names(evidence), extra={GROUP_KEY: group}
    )
    if numbers:
        merged.value = _number(fmean(v for _, v in numbers))
    elif na:
        merged.value = NA
    if how_well:
        merged.how_well = _number(fmean(v for _, v in how_well))
    return merged


def _median_level(targets: list[str]) -> str | None:
    known = sorted((t for t in targets if t in LEVEL_IDS), key=LEVEL_IDS.index)
    return (
        known[(len(known) - 1) // 2] if known else None
    )  # the lower median: a target all can stand behind


def _merge_dimension(given: list[tuple[str, DimensionAnswers]]) -> DimensionAnswers:
    importances = [d.importance for _, d in given if d.importance is not None]
    targets = [d.target for _, d in given if d.target]
    merged = DimensionAnswers(
        importance=_number(round(fmean(importances), 1)) if importances else None,
        target=_median_level(targets),
    )
    longest = max((len(d.reflections) for _, d in given), default=0)
    for i in range(longest):
        pairs = [
            (name, d.reflections[i])
            for name, d in given
            if i < len(d.reflections) and d.reflections[i].strip()
        ]
        merged.reflections.append(_with_names(pairs))
    seen: set[str] = set()
    for _, d in given:
        for action in d.actions:
            key = normalise(action.what)
            if key and key not in seen:
                seen.add(key)
                merged.actions.append(Action(action.what, action.who, action.when))
    merged.extra[GROUP_KEY] = {"importance": [_number(x) for x in importances], "targets": targets}
    return merged


def _ordered_ids(ids: set[str], content: Content | None, first_seen: list[str]) -> list[str]:
    """Content order first, then ids the content does not know, in the order they were met."""
    known = [q for q in (content.questions if content else ()) if q in ids]
    known_set = set(known)
    return known + [q for q in first_seen if q not in known_set]


def merge_answers(
    items: Sequence[tuple[str, Answers]],
    content: Content | None = None,
    *,
    force: bool = False,
    lang: str = "nl",
) -> MergeResult:
    """Merge the answers files of one initiative's respondents; `items` are (file label, answers)."""
    _check(items, force, lang)
    names = _respondent_names(items)
    first = items[0][1]
    warnings = []
    versions = Counter(a.content_version for _, a in items)
    if len(versions) > 1:
        warnings.append(
            MSG("versions", lang, versions=", ".join(sorted(v or "?" for v in versions)))
        )

    modules = {str(a.scope.get("module", "all")) for _, a in items}
    onlys = [list(a.scope.get("only") or []) for _, a in items]
    only = sorted({k for o in onlys for k in o}) if all(onlys) else []
    merged = Answers(
        initiative=dict(first.initiative),
        respondent={
            "name": ", ".join(names),
            "role": MSG("group_role", first.language, n=len(items)),
        },
        language=first.language,
        content_version=versions.most_common(1)[0][0],
        content_sha256=Counter(a.content_sha256 for _, a in items).most_common(1)[0][0],
        started=_pick_stamp([a.started for _, a in items]),
        updated=_pick_stamp([a.updated for _, a in items], latest=True),
        scope={"module": modules.pop() if len(modules) == 1 else "all", "only": only},
    )

    seen_q: list[str] = []
    for _, a in items:
        seen_q += [q for q in a.answers if q not in seen_q]
    for qid in _ordered_ids(set(seen_q), content, seen_q):
        given = [
            (name, a.answers[qid])
            for name, (_, a) in zip(names, items, strict=True)
            if qid in a.answers
        ]
        merged.answers[qid] = _merge_answer(qid, given, content, names)

    seen_d: list[str] = []
    for _, a in items:
        seen_d += [d for d in a.dimensions if d not in seen_d]
    dim_order = [d.id for d in content.dimensions if d.id in seen_d] if content else []
    for did in dim_order + [d for d in seen_d if d not in dim_order]:
        given = [
            (name, a.dimensions[did])
            for name, (_, a) in zip(names, items, strict=True)
            if did in a.dimensions
        ]
        merged.dimensions[did] = _merge_dimension(given)

    merged.extra[GROUP_KEY] = {
        "respondents": [
            {
                "name": name,
                "role": a.respondent.get("role", ""),
                "file": Path(label).name,
                "updated": a.updated,
            }
            for name, (label, a) in zip(names, items, strict=True)
        ],
        "merged": now_iso(),
    }
    disagreements = [qid for qid, a in merged.answers.items() if a.extra[GROUP_KEY]["disagree"]]
    return MergeResult(merged, names, disagreements, warnings)


# --- reading the group data back (for reports) -------------------------------------------------


@dataclass(frozen=True)
class GroupAnswer:
    """The group data of one statement, as a report shows it."""

    question_id: str
    mean: float | None
    values: tuple[float, ...]
    by: tuple[str, ...]  # who gave each value; () when the file does not say
    spread: float
    disagree: bool
    na: int
    notes: tuple[tuple[str, str], ...]  # (respondent, note)


def group_respondents(answers: Answers) -> list[dict[str, str]]:
    """The respondents of a merged file ([] for an individual's file)."""
    group = answers.extra.get(GROUP_KEY)
    if not isinstance(group, dict):
        return []
    return [r for r in _list(group.get("respondents")) if isinstance(r, dict)]


def group_answers(answers: Answers) -> dict[str, GroupAnswer]:
    """The group data per statement of a merged file, tolerant of hand edits ({} when none)."""
    everyone = tuple(str(r.get("name", "")) for r in group_respondents(answers))
    out = {}
    for qid, answer in answers.answers.items():
        raw = answer.extra.get(GROUP_KEY)
        if not isinstance(raw, dict):
            continue
        values = tuple(v for v in _list(raw.get("values")) if _finite(v))
        by = tuple(str(b) for b in raw["by"]) if isinstance(raw.get("by"), list) else everyone
        notes = tuple(
            (str(n.get("respondent", "")), str(n.get("note", "")))
            for n in _list(raw.get("notes"))
            if isinstance(n, dict)
        )
        spread = raw.get("spread")
        out[qid] = GroupAnswer(
            question_id=qid,
            mean=answer.value if _finite(answer.value) else None,
            values=values,
            by=by if len(by) == len(values) else (),
            spread=float(spread) if _finite(spread) else (max(values) - min(values) if values else 0.0),
            disagree=bool(raw.get("disagree")),
            na=raw["na"] if isinstance(raw.get("na"), int) and not isinstance(raw.get("na"), bool) else 0,
            notes=notes,
        )
    return out


def _list(value: Any) -> list:
    """A list from a merged file, or nothing when a hand edit made it something else."""
    return value if isinstance(value, list) else []


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- the group section of a report ---------------------------------------------------------------

VIEW_MSG = Catalog(
    {
        "heading": (
            "Groepsevaluatie: waar jullie het oneens zijn",
            "Group assessment: where you disagree",
        ),
        "intro": (
            "Dit rapport voegt de antwoorden van {n} respondenten samen ({names}). Elke score is het gemiddelde van "
            "hun antwoorden. Bij de stellingen hieronder liggen de antwoorden ver uiteen (een verschil van minstens "
            "de helft van de schaal, bv. 2 punten op 1-5): bespreek ze samen voor je een actie kiest.",
            "This report merges the answers of {n} respondents ({names}). Each score is the mean of their answers. "
            "On the statements below the answers are far apart (a difference of at least half the scale, e.g. 2 "
            "points on 1-5): discuss them together before choosing an action.",
        ),
        "none": (
            "Bij geen enkele stelling liggen de antwoorden ver uiteen.",
            "On no statement are the answers far apart.",
        ),
        "statement": ("Stelling", "Statement"),
        "answers": ("Antwoorden", "Answers"),
        "mean": ("Gemiddelde", "Mean"),
        "spread": ("Spreiding", "Spread"),
        "notes_heading": ("Toelichtingen per respondent", "Notes by respondent"),
        "no_notes": ("Geen toelichtingen.", "No notes."),
        "respondents": ("Respondenten", "Respondents"),
        "na": ("n.v.t.", "n/a"),
    }
)


@dataclass(frozen=True)
class Disagreement:
    question_id: str
    short_id: str  # of its dimension
    dimension: str
    text: str
    answers: tuple[tuple[str, str], ...]  # (respondent, "4 · Largely")
    mean: str
    spread: str
    notes: tuple[tuple[str, str], ...]  # (respondent, note)


@dataclass(frozen=True)
class RespondentNotes:
    name: str
    role: str
    notes: tuple[tuple[str, str], ...]  # (question label, note)


@dataclass(frozen=True)
class GroupView:
    """What the report's group section shows, in one language."""

    respondents: tuple[tuple[str, str], ...]  # (name, role)
    disagreements: tuple[Disagreement, ...]
    notes: tuple[RespondentNotes, ...]
    text: dict[str, str]


def _decimal(value: float, lang: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


def group_view(content: Content, answers: Answers, lang: str) -> GroupView | None:
    """The group section of a merged file's report; None for one respondent's file."""
    respondents = group_respondents(answers)
    if not respondents:
        return None
    data = group_answers(answers)
    order = {qid: i for i, qid in enumerate(content.questions)}
    flagged = sorted(
        (g for g in data.values() if g.disagree),
        key=lambda g: (-g.spread, order.get(g.question_id, len(order)), g.question_id),
    )
    disagreements = []
    for g in flagged:
        known = content.questions.get(g.question_id)
        scale = content.scales[known[1].scale] if known else None

        def label(v: float, scale=scale) -> str:
            if scale is not None and v == int(v) and int(v) in scale.values:
                return f"{int(v)} · {scale.label(int(v), lang)}"
            return _decimal(v, lang)

        disagreements.append(
            Disagreement(
                question_id=g.question_id,
                short_id=known[0].short_id if known else g.question_id.split("-", 1)[0],
                dimension=known[0].title(lang) if known else "",
                text=known[1].text(lang) if known else g.question_id,
                answers=tuple(zip(g.by, (label(v) for v in g.values), strict=False))
                if g.by
                else tuple(("", label(v)) for v in g.values),
                mean=_decimal(g.mean, lang) if g.mean is not None else "–",
                spread=_decimal(g.spread, lang),
                notes=g.notes,
            )
        )
    by_person: dict[str, list[tuple[str, str]]] = {str(r.get("name", "")): [] for r in respondents}
    for qid in sorted(data, key=lambda q: order.get(q, len(order))):
        known = content.questions.get(qid)
        where = f"{qid} · {known[1].text(lang)}" if known else qid
        for person, note in data[qid].notes:
            by_person.setdefault(person, []).append((where, note))
    roles = {str(r.get("name", "")): str(r.get("role", "")) for r in respondents}
    names = [str(r.get("name", "")) for r in respondents]
    text = {key: VIEW_MSG(key, lang) for key in VIEW_MSG.messages if key != "intro"}
    text["intro"] = VIEW_MSG("intro", lang, n=len(names), names=", ".join(names))
    return GroupView(
        respondents=tuple((n, roles.get(n, "")) for n in names),
        disagreements=tuple(disagreements),
        notes=tuple(
            RespondentNotes(n, roles.get(n, ""), tuple(notes)) for n, notes in by_person.items()
        ),
        text=text,
    )


def group_section(content: Content, answers: Answers, lang: str):
    """The report's group section (a report.ExtraSection) for a merged file; None otherwise."""
    from m2w_tool.report import ExtraSection

    view = group_view(content, answers, lang)
    if view is None:
        return None
    return ExtraSection("group", view.text["heading"], "_group.html.j2", view, before="how-to-read")
