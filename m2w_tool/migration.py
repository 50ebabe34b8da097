"""Old answers keep working: upgrade an answers file made with an older content version. Pure.

A content folder holds one migration map per older version (`migrations/<version>.yaml`). It says
what became of *every* question of that version:

- `kept: true`        the question is still asked under the same id;
- `renamed: <id>`     it is asked under another id (it moved, for example to another dimension);
- `merged: <id>`      it is now part of another question (two statements that measured the same);
- `removed: {nl, en}` it is no longer asked (the text says why); `replaced_by` may name its successor.

A question may name a value map (`values: <name>`) for answers on a changed scale, for example the
quality "in place" scale that went from 0-2 to 1-3. A map sends old values to new ones; a number
between two old values (the mean of a group) is placed between their new values. A map also says
whether the "how well" rating travels along (`how_well: keep`) or not (`drop`, when the new
question has no such rating). `comparable: false` marks a question that carries its old answer but
asks something different enough that a history should not call the change progress.

How an upgrade treats the answers, so that nothing a user typed is lost:

- kept and renamed answers move as they are, with their value mapped;
- merged answers are combined with the answer of the question they merged into: the value is the
  mean of the numeric answers, rounded down to a whole answer (never more than the answers said on
  average); when none is numeric, "don't know" wins over "not applicable". Notes and evidence of
  all of them are kept, each marked with its old id, and the original answers are recorded under
  the answer's `migrated` key;
- removed answers, reflections that no longer belong to their question, and ids the map does not
  know that would collide with a new id, move to the file's `retired` section, by old version;
- the file records where it came from: `content.upgraded_from: {version, sha256}`.

A file is upgraded step by step (2026.1 -> 2026.2 -> ...) for as long as a map starts at its
version, and only then: a file already at the current version is never touched again.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from statistics import fmean
from typing import Any, Literal

from pydantic import Field

from m2w_tool.answers_model import DONT_KNOW, NA, Answer, Answers
from m2w_tool.errors import ContentError
from m2w_tool.i18n import _
from m2w_tool.resources import content_dir
from m2w_tool.validation import DimensionId, NonEmpty, QuestionId, Text, Word
from m2w_tool.validation import StrictModel as _Model
from m2w_tool.yamlsource import load_located

RETIRED_KEY = "retired"  # top-level section of an answers file with what no question asks any more
MIGRATED_KEY = "migrated"  # in an answer: the original answers it was combined from

Raw = int | float | str | None


class ValueMap(_Model):
    """Old answer values to new ones; `n/a` and `dont_know` may be mapped too."""

    map: dict[int | str, int | str]
    how_well: Literal["keep", "drop"] = "keep"


class QuestionMove(_Model):
    """What became of one question of the older version (exactly one of the four actions)."""

    kept: bool = False
    renamed: QuestionId | None = None
    merged: QuestionId | None = None
    removed: Text | None = None
    replaced_by: QuestionId | None = None  # for a removed question: the one that asks it now
    values: Word | None = None
    comparable: bool = True

    @property
    def actions(self) -> list[str]:
        return [name for name in ("kept", "renamed", "merged", "removed") if getattr(self, name)]

    def target(self, old_id: str) -> str | None:
        """The new id this question's answer goes to; None when it was removed."""
        if self.removed is not None:
            return None
        return self.renamed or self.merged or old_id


class DimensionMove(_Model):
    """What became of a dimension's reflection answers (aligned with its reflection questions):
    `kept`, `retired` (the questions changed), or per old question its new position (`null`:
    retired), e.g. `[null, 1, 2]` when only the first question was replaced."""

    reflections: Literal["kept", "retired"] | list[int | None] = "kept"

    def place(self, old: list[str]) -> tuple[list[str], bool]:
        """The reflections at their new positions, and whether any non-empty one was retired."""
        if self.reflections == "kept":
            return list(old), False
        if self.reflections == "retired":
            return [], any(r.strip() for r in old)
        table = self.reflections
        size = max((t + 1 for t in table if t is not None), default=0)
        new = [""] * size
        retired = False
        for i, text in enumerate(old):
            target = table[i] if i < len(table) else None
            if target is None:
                retired = retired or bool(text.strip())
            else:
                new[target] = text
        while new and not new[-1]:
            new.pop()
        return new, retired


class Migration(_Model):
    """One migration map: from an older content version to the next."""

    from_version: NonEmpty = Field(alias="from")
    to: NonEmpty
    values: dict[Word, ValueMap] = {}
    questions: dict[QuestionId, QuestionMove]
    dimensions: dict[DimensionId, DimensionMove] = {}


@dataclass(frozen=True)
class Upgrade:
    """What an upgrade did, for messages and tests."""

    from_version: str
    to_version: str
    moved: int  # answers kept or renamed
    merged: int  # answers combined into another question
    retired: int  # answers and reflections moved to the retired section


# --- reading the maps -----------------------------------------------------------------------------


def migration_files(root: Path) -> list[Path]:
    folder = root / "migrations"
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file()) if folder.is_dir() else []


@lru_cache(maxsize=4)
def _maps_in(root: str) -> dict[str, Migration]:
    maps: dict[str, Migration] = {}
    for path in migration_files(Path(root)):
        located, problems = load_located(path)
        if located is None:
            raise ContentError(problems)
        migration = Migration.model_validate(located.data)
        maps[migration.from_version] = migration
    return maps


@lru_cache(maxsize=1)
def shipped_migrations() -> dict[str, Migration]:
    """The migration maps of the shipped content, by the version they start from (read once)."""
    return _maps_in(str(content_dir()))


# --- upgrading ------------------------------------------------------------------------------------


def upgrade(answers: Answers, migrations: Mapping[str, Migration]) -> tuple[Answers, list[Upgrade]]:
    """`answers` brought to the newest version the maps reach; the input is not changed."""
    steps: list[Upgrade] = []
    seen: set[str] = set()
    current = answers
    while current.content_version in migrations and current.content_version not in seen:
        seen.add(current.content_version)
        current, step = _apply(current, migrations[current.content_version])
        steps.append(step)
    return current, steps


def _apply(answers: Answers, m: Migration) -> tuple[Answers, Upgrade]:
    groups: dict[str, list[tuple[str, Answer, QuestionMove]]] = {}
    unmapped: dict[str, Answer] = {}
    retired: dict[str, Any] = {}
    for qid, answer in answers.answers.items():
        move = m.questions.get(qid)
        if move is None:
            unmapped[qid] = answer
        elif move.removed is not None:
            retired[qid] = answer.to_yaml()
        else:
            groups.setdefault(move.target(qid), []).append((qid, answer, move))

    new_answers = {target: _combine(items, m) for target, items in groups.items()}
    for qid, answer in unmapped.items():  # not in the map (another tool wrote it): kept as it is
        if qid in new_answers:
            retired[qid] = answer.to_yaml()
        else:
            new_answers[qid] = copy.deepcopy(answer)

    dimensions, reflections = _dimensions(answers, m)
    extra = copy.deepcopy(answers.extra)
    if retired or reflections:
        shelf = extra.setdefault(RETIRED_KEY, {}).setdefault(m.from_version, {})
        if retired:
            shelf.setdefault("answers", {}).update(retired)
        if reflections:
            shelf.setdefault("reflections", {}).update(reflections)
    origin = answers.upgraded_from or {"version": answers.content_version, "sha256": answers.content_sha256}
    upgraded = replace(
        answers,
        content_version=m.to,
        content_sha256="",
        upgraded_from=dict(origin),
        answers=new_answers,
        dimensions=dimensions,
        extra=extra,
        initiative=dict(answers.initiative),
        respondent=dict(answers.respondent),
        scope=copy.deepcopy(answers.scope),
    )
    merged = sum(len(items) - 1 for items in groups.values())
    step = Upgrade(m.from_version, m.to, len(groups), merged, len(retired) + len(reflections))
    return upgraded, step


def _dimensions(answers: Answers, m: Migration) -> tuple[dict, dict[str, list[str]]]:
    """The dimension answers with their reflections at the new positions, and the reflections that
    no longer have a question (all of a dimension's, as they were answered)."""
    dimensions = copy.deepcopy(answers.dimensions)
    retired: dict[str, list[str]] = {}
    for did, dmove in m.dimensions.items():
        dim = dimensions.get(did)
        if dim is None:
            continue
        placed, lost = dmove.place(dim.reflections)
        if lost:
            retired[did] = list(dim.reflections)
        dim.reflections = placed
    return dimensions, retired


def _combine(items: list[tuple[str, Answer, QuestionMove]], m: Migration) -> Answer:
    """One answer from the old answers that go to the same new question."""
    maps = [m.values.get(move.values) if move.values else None for _qid, _answer, move in items]
    mapped = [_mapped(answer, vmap) for (_qid, answer, _move), vmap in zip(items, maps, strict=True)]
    if len(items) == 1:
        (qid, answer, _move), (value, how_well), vmap = items[0], mapped[0], maps[0]
        extra = copy.deepcopy(answer.extra)
        _remap_group(extra, vmap)
        if not _lossless(vmap):  # the old value cannot be read back from the new one: record it
            extra[MIGRATED_KEY] = {"from": m.from_version, "answers": {qid: answer.to_yaml()}}
        return Answer(value, how_well, answer.note, answer.evidence, extra)
    extra: dict[str, Any] = {}
    for _qid, answer, _move in items:
        for key, val in answer.extra.items():
            extra.setdefault(key, copy.deepcopy(val))
    extra.pop("group", None)  # group statistics of one of them would misdescribe the combination
    extra[MIGRATED_KEY] = {"from": m.from_version, "answers": {qid: a.to_yaml() for qid, a, _move in items}}
    return Answer(
        _combined_value([value for value, _how_well in mapped]),
        _combined_number([how_well for _value, how_well in mapped]),
        _joined([(qid, a.note) for qid, a, _move in items]),
        _joined([(qid, a.evidence) for qid, a, _move in items]),
        extra,
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _mapped(answer: Answer, vmap: ValueMap | None) -> tuple[Raw, Raw]:
    if vmap is None:
        return answer.value, answer.how_well
    how_well = answer.how_well if vmap.how_well == "keep" else None
    return map_value(answer.value, vmap.map), how_well


def map_value(value: Raw, table: Mapping[int | str, int | str]) -> Raw:
    """`value` through a value map: a listed value directly, a number between two listed numbers
    proportionally between their new values; anything else unchanged."""
    if value is None:
        return None
    if not _is_number(value):
        return table.get(value, value)
    if value in table:
        return table[value]
    points = sorted((k, v) for k, v in table.items() if _is_number(k) and _is_number(v))
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 < value < x1:
            return round(y0 + (y1 - y0) * (value - x0) / (x1 - x0), 2)
    return value


def _lossless(vmap: ValueMap | None) -> bool:
    """Whether the old value can be read back from the new one (no need to record it)."""
    if vmap is None:
        return True
    targets = list(vmap.map.values())
    return len(set(targets)) == len(targets) and vmap.how_well == "keep"


def _remap_group(extra: dict[str, Any], vmap: ValueMap | None) -> None:
    """A group answer (m2w merge) keeps its individual values on the new scale too."""
    group = extra.get("group")
    if vmap is None or not isinstance(group, dict):
        return
    if isinstance(group.get("values"), list):
        group["values"] = [map_value(v, vmap.map) for v in group["values"]]
        numbers = [v for v in group["values"] if _is_number(v)]
        if numbers:
            group["spread"] = max(numbers) - min(numbers)
    if vmap.how_well == "drop":
        group.pop("how_well", None)


def _combined_value(values: Iterable[Raw]) -> Raw:
    values = list(values)
    number = _combined_number(values)
    if number is not None:
        return number
    if DONT_KNOW in values:
        return DONT_KNOW
    return NA if NA in values else None


def _combined_number(values: Iterable[Raw]) -> int | float | None:
    numbers = [v for v in values if _is_number(v)]
    if not numbers:
        return None
    mean = fmean(numbers)
    if all(isinstance(v, int) for v in numbers):
        return math.floor(mean + 1e-9)  # rounded down: never more than the answers said on average
    return round(mean, 2)


def _joined(pairs: list[tuple[str, str]]) -> str:
    given = [(qid, text.strip()) for qid, text in pairs if text and text.strip()]
    if len(given) == 1:
        return given[0][1]
    return "\n".join(f"[{qid}] {text}" for qid, text in given)


# --- what history can compare ---------------------------------------------------------------------


def carried_ids(migrations: Mapping[str, Migration], from_version: str, to_version: str) -> frozenset[str] | None:
    """The question ids of `to_version` that carry a comparable answer from `from_version`
    (through every map in between); None when the maps do not lead from one to the other.
    Callers compare equal versions themselves: there, every question is comparable."""
    ids: dict[str, str] | None = None  # current id -> the id it started as
    version = from_version
    seen: set[str] = set()
    while version != to_version:
        m = migrations.get(version)
        if m is None or version in seen:
            return None
        seen.add(version)
        start = ids if ids is not None else {qid: qid for qid in m.questions}
        ids = {}
        for qid, origin in start.items():
            move = m.questions.get(qid)
            if move is not None and move.comparable and move.target(qid) is not None:
                ids[move.target(qid)] = origin
        version = m.to
    return frozenset(ids) if ids is not None else None


# --- validation (called by content.load_content) --------------------------------------------------

SPECIAL_VALUES = (NA, DONT_KNOW)


def check_migration(
    m: Migration,
    at,
    stem: str,
    version: str,
    questions: Mapping,
    scales: Mapping,
    dimension_ids: Mapping[str, int],
    known_versions: Iterable[str],
) -> list:
    """The problems of one migration map against the content it leads to. `at(path, message)` makes
    a located Problem; `questions` maps each question id of the content to its Question, and
    `dimension_ids` each dimension id to its number of reflection questions."""
    problems = _check_versions(m, at, stem, version, known_versions)
    for name, vmap in m.values.items():
        for old, new in vmap.map.items():
            for value in (old, new):
                if isinstance(value, str) and value not in SPECIAL_VALUES:
                    message = _("a value is a number, n/a or dont_know, not '%(value)s'", value=value)
                    problems.append(at(("values", name, "map", old), message))
    if m.to != version:
        return problems  # an older step: its targets are questions of a version not loaded here
    for qid, move in m.questions.items():
        problems += _check_move(qid, move, m, at, questions, scales)
    for did, dmove in m.dimensions.items():
        problems += _check_dimension_move(did, dmove, at, dimension_ids)
    return problems


def _check_versions(m: Migration, at, stem: str, version: str, known_versions: Iterable[str]) -> list:  # noqa: ANN001
    """A map's file is named after its start, and it leads from an older version to a known one."""
    problems = []
    if stem != m.from_version:
        message = _(
            "this map starts at version %(version)s, so its file is named %(version)s.yaml", version=m.from_version
        )
        problems.append(at(("from",), message))
    if m.from_version == version:
        message = _("the content itself has version %(version)s; a map leads from an older one", version=version)
        problems.append(at(("from",), message))
    if m.to != version and m.to not in set(known_versions):
        message = _(
            "version %(to)s is neither this content's version (%(version)s) nor the start of another map",
            to=m.to,
            version=version,
        )
        problems.append(at(("to",), message))
    return problems


def _check_dimension_move(did: str, dmove, at, dimension_ids: Mapping[str, int]) -> list:  # noqa: ANN001
    if did not in dimension_ids:
        return [at(("dimensions", did), _("this content has no dimension '%(id)s'", id=did))]
    if not isinstance(dmove.reflections, list):
        return []
    count = dimension_ids[did]
    message = _("this dimension has %(n)s reflection questions, numbered from 0", n=count)
    return [
        at(("dimensions", did, "reflections", i), message)
        for i, target in enumerate(dmove.reflections)
        if target is not None and not 0 <= target < count
    ]


def _check_move(qid: str, move: QuestionMove, m: Migration, at, questions: Mapping, scales: Mapping) -> list:
    path = ("questions", qid)
    if len(move.actions) != 1:
        return [at(path, _("say exactly one of kept, renamed, merged or removed"))]
    problems = []
    target = move.target(qid)
    if move.kept and qid not in questions:
        problems.append(at(path + ("kept",), _("'%(id)s' is kept, but this content has no such question", id=qid)))
    if not move.kept and qid in questions:
        problems.append(
            at(
                path,
                _(
                    "'%(id)s' is still a question here: an id is never reused for another question; write kept: true",
                    id=qid,
                ),
            )
        )
    for key in ("renamed", "merged", "replaced_by"):
        ref = getattr(move, key)
        if ref is not None and ref not in questions:
            problems.append(at(path + (key,), _("this content has no question '%(id)s'", id=ref)))
    if move.values is not None and move.values not in m.values:
        problems.append(at(path + ("values",), _("no value map '%(name)s' in values", name=move.values)))
    if target in questions and move.values in m.values:
        problems += _check_values(path, m.values[move.values], questions[target], scales, at)
    elif target in questions and not questions[target].na_allowed:
        problems.append(
            at(path, _("'%(id)s' does not allow n/a: give a value map that maps n/a to dont_know", id=target))
        )
    return problems


def _check_values(path: tuple, vmap: ValueMap, question, scales: Mapping, at) -> list:
    problems = []
    scale = scales.get(question.scale)
    for old, new in vmap.map.items():
        if scale is not None and _is_number(new) and new not in scale.values:
            problems.append(
                at(
                    path + ("values",),
                    _(
                        "the value map sends %(old)s to %(new)s, which is not on the scale of '%(id)s'",
                        old=old,
                        new=new,
                        id=question.id,
                    ),
                )
            )
    if not question.na_allowed and vmap.map.get(NA, NA) == NA:
        problems.append(
            at(
                path + ("values",),
                _("'%(id)s' does not allow n/a: its value map must send n/a to dont_know", id=question.id),
            )
        )
    return problems
