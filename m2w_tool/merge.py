"""Group assessment: several respondents of one initiative become one answers file.

As in PSAT's group mode, every statement gets the mean of the respondents' ratings, and the spread
(highest minus lowest) shows where they see things differently. A statement is flagged as a point
to discuss when the spread is at least half the scale's range: 2 or more on a 1-5 scale, 1 or
more on the 1-3 "in place" scale. "n/a" and "don't know" are left out of the mean and counted apart.

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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import fmean
from typing import Any

from m2w_tool.answers import DONT_KNOW, NA, Action, Answer, Answers, DimensionAnswers, now_iso
from m2w_tool.content import LEVEL_IDS, Content
from m2w_tool.errors import M2WError
from m2w_tool.i18n import _
from m2w_tool.identity import GROUP_KEY, initiative_key, normalise

DISAGREE_SHARE = 0.5  # of the scale's range: 2 points on 1-5, 1 point on 1-3
DEFAULT_RANGE = 4.0  # for an id the content does not know: assume the usual 1-5 scale


@dataclass
class MergeResult:
    """The merged answers and what the user should know about them."""

    answers: Answers
    respondents: list[str]
    disagreements: list[str]  # question ids flagged as points to discuss
    warnings: list[str] = field(default_factory=list)


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


def _check(items: Sequence[tuple[str, Answers]], force: bool) -> None:
    if len(items) < 2:
        raise M2WError(_("Give at least two answers files to merge."))
    seen: set[str] = set()
    for label, answers in items:
        resolved = str(Path(label).resolve())
        if resolved in seen:
            raise M2WError(_("%(file)s is listed twice.", file=label))
        seen.add(resolved)
        if GROUP_KEY in answers.extra:
            raise M2WError(_("%(file)s is already a group file. Merge the respondents' own files instead.", file=label))
    keys = {initiative_key(a) for _source, a in items}
    if len(keys) > 1 and not force:
        listing = "\n".join(
            f"  {label}: {a.initiative.get('name', '')} ({a.initiative.get('organisation', '')})" for label, a in items
        )
        raise M2WError(
            _(
                "These files are about different initiatives:\n%(list)s\nMerge only files of the same initiative, or "
                "use --force if it really is the same one (for example a name spelled differently).",
                list=listing,
            )
        )


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


def _merge_answer(qid: str, given: list[tuple[str, Answer]], content: Content | None, everyone: list[str]) -> Answer:
    numbers = [
        (name, a.value) for name, a in given if isinstance(a.value, int | float) and not isinstance(a.value, bool)
    ]
    na = sum(1 for _, a in given if a.is_na)
    dont_know = sum(1 for _, a in given if a.value == DONT_KNOW)
    group = _stats([v for _, v in numbers], _scale_range(content, qid))
    if [name for name, _ in numbers] != everyone:  # `by` is written only when someone is missing
        group["by"] = [name for name, _ in numbers]
    group["na"] = na
    if dont_know:
        group["dont_know"] = dont_know
    how_well = [
        (name, a.how_well)
        for name, a in given
        if isinstance(a.how_well, int | float) and not isinstance(a.how_well, bool)
    ]
    if how_well:
        group["how_well"] = _stats([v for _, v in how_well], _scale_range(content, qid, how_well=True))
        if [name for name, _ in how_well] != everyone:
            group["how_well"]["by"] = [name for name, _ in how_well]
    notes = [(name, a.note) for name, a in given if a.note.strip()]
    evidence = [(name, a.evidence) for name, a in given if a.evidence.strip()]
    if notes:
        group["notes"] = [{"respondent": name, "note": note} for name, note in notes]
    if evidence:
        group["evidence"] = [{"respondent": name, "evidence": text} for name, text in evidence]

    merged = Answer(note=_with_names(notes), evidence=_with_names(evidence), extra={GROUP_KEY: group})
    if numbers:
        merged.value = _number(fmean(v for _, v in numbers))
    elif dont_know:  # someone does not know: that is worth finding out, more than "not applicable"
        merged.value = DONT_KNOW
    elif na:
        merged.value = NA
    if how_well:
        merged.how_well = _number(fmean(v for _, v in how_well))
    return merged


def _median_level(targets: list[str]) -> str | None:
    known = sorted((t for t in targets if t in LEVEL_IDS), key=LEVEL_IDS.index)
    return known[(len(known) - 1) // 2] if known else None  # the lower median: a target all can stand behind


def _merge_dimension(given: list[tuple[str, DimensionAnswers]]) -> DimensionAnswers:
    importances = [d.importance for _, d in given if d.importance is not None]
    targets = [d.target for _, d in given if d.target]
    merged = DimensionAnswers(
        importance=_number(round(fmean(importances), 1)) if importances else None,
        target=_median_level(targets),
    )
    longest = max((len(d.reflections) for _, d in given), default=0)
    for i in range(longest):
        pairs = [(name, d.reflections[i]) for name, d in given if i < len(d.reflections) and d.reflections[i].strip()]
        merged.reflections.append(_with_names(pairs))
    seen: set[str] = set()
    for _name, d in given:
        for action in d.actions:
            key = normalise(action.what)
            if key and key not in seen:
                seen.add(key)
                merged.actions.append(Action(action.what, action.who, action.when, status=action.status))
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
) -> MergeResult:
    """Merge the answers files of one initiative's respondents; `items` are (file label, answers)."""
    _check(items, force)
    names = _respondent_names(items)
    versions = Counter(a.content_version for _, a in items)
    warnings = []
    if len(versions) > 1:
        warnings.append(
            _(
                "Note: the files use different content versions (%(versions)s); questions that do not exist in every "
                "version have fewer respondents.",
                versions=", ".join(sorted(v or "?" for v in versions)),
            )
        )
    merged = _merged_header(items, names, versions)
    files = [a for _label, a in items]
    people = list(zip(names, files, strict=True))
    seen_q = _first_seen(a.answers for a in files)
    for qid in _ordered_ids(set(seen_q), content, seen_q):
        given = [(name, a.answers[qid]) for name, a in people if qid in a.answers]
        merged.answers[qid] = _merge_answer(qid, given, content, names)
    seen_d = _first_seen(a.dimensions for a in files)
    dim_order = [d.id for d in content.dimensions if d.id in seen_d] if content else []
    for did in dim_order + [d for d in seen_d if d not in dim_order]:
        merged.dimensions[did] = _merge_dimension(
            [(name, a.dimensions[did]) for name, a in people if did in a.dimensions]
        )
    merged.extra[GROUP_KEY] = {
        "respondents": [
            {"name": name, "role": a.respondent.get("role", ""), "file": Path(label).name, "updated": a.updated}
            for name, (label, a) in zip(names, items, strict=True)
        ],
        "merged": now_iso(),
    }
    disagreements = [qid for qid, a in merged.answers.items() if a.extra[GROUP_KEY]["disagree"]]
    return MergeResult(merged, names, disagreements, warnings)


def _first_seen(keyed: Iterable[Iterable[str]]) -> list[str]:
    """Every key of the files, in the order they were first met (a dict keeps that order and finds a
    key at once: with a list, two files of 75,000 ids took minutes)."""
    seen: dict[str, None] = {}
    for keys in keyed:
        seen.update(dict.fromkeys(keys))
    return list(seen)


def _merged_header(items: Sequence[tuple[str, Answers]], names: list[str], versions: Counter[str]) -> Answers:
    """The merged file without answers: the initiative, the group as respondent, dates and scope."""
    first = items[0][1]
    modules = {str(a.scope.get("module", "all")) for _, a in items}
    onlys = [list(a.scope.get("only") or []) for _, a in items]
    only = sorted({k for o in onlys for k in o}) if all(onlys) else []
    return Answers(
        initiative=dict(first.initiative),
        respondent={"name": ", ".join(names), "role": _("group of %(n)s", n=len(items))},
        language=first.language,
        content_version=versions.most_common(1)[0][0],
        content_sha256=Counter(a.content_sha256 for _, a in items).most_common(1)[0][0],
        started=_pick_stamp([a.started for _, a in items]),
        updated=_pick_stamp([a.updated for _, a in items], latest=True),
        scope={"module": modules.pop() if len(modules) == 1 else "all", "only": only},
    )


# --- reading the group data back (for reports, portfolios and exports) ----------------------


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
