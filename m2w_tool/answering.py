"""Answering one change at a time: the library behind the browser questionnaire (no Click, no echo).

An answers file is changed the way `m2w assess` changes it: under its lock (`m2w_tool.lock`), in the
same format (`m2w_tool.answers`), written atomically. The lock is taken for one change only, a few
milliseconds, so the browser and the terminal can take turns on one file; while `m2w assess` holds
it, a change is refused with words that say who holds it (`FileBusy`).

A change names one field of the questionnaire (`Change.parse("q.d03-q1.value", "4")`): a statement's
value (or n/a), how well it works, its note or evidence; a dimension's importance, target, one
reflection answer or one cell of an action. It is checked against the content (the question's scale,
the levels, the number of reflection questions) before anything is written (`ChangeRefused`).

`AnswersStore` keeps the last version of each file it read or wrote in memory, checked against the
file on disk (inode, size, time) before every use, so a change costs one small write, not a parse.
"""

from __future__ import annotations

import copy
import math
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from m2w_tool.answers import Action, Answers, load_answers, save_answers
from m2w_tool.answers_rules import (  # the rules every way answers come in shares
    Refused,
    action_index,
    how_well_of,
    importance_of,
    reflection_index,
    status_of,
    target_of,
    text_of,
    value_of,
    wants_how_well,
)
from m2w_tool.content import Content, Dimension, Question
from m2w_tool.errors import AnswersError, ChangeRefused, cannot_write
from m2w_tool.i18n import _
from m2w_tool.lock import AnswersLock
from m2w_tool.questionnaire import Flow, clean_text
from m2w_tool.rounds import (  # noqa: F401 - starting a file is part of this library's surface (the web face)
    BASELINE_KEY,
    MAX_NAME,
    NewAssessment,
    default_stem,
    reserve_file,
    round_from,
    safe_stem,
    start_assessment,
)
from m2w_tool.scoring import full_scope, is_quick

MODULES = ("sustainability", "quality", "all")
ANSWER_SUFFIXES = (".yaml", ".yml")
STATEMENT_FIELDS = ("value", "how_well", "note", "evidence")
DIMENSION_FIELDS = ("importance", "target", "reflection", "action")
ACTION_PARTS = ("what", "who", "when", "status")


class FileBusy(AnswersError):
    """The answers file is held by another program (an open `m2w assess`); try again later."""


# --- one change --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field of the questionnaire and its new value, as a form sends it (text)."""

    kind: str  # value, how_well, note, evidence, importance, target, reflection, action
    key: str  # the question id (statement fields) or the dimension id
    value: str = ""
    index: int = 0  # reflection question or action row, from 0
    part: str = ""  # what, who or when (actions)

    @property
    def name(self) -> str:
        """The form field name this change comes from (the inverse of `parse`)."""
        if self.kind in STATEMENT_FIELDS:
            return f"q.{self.key}.{self.kind}"
        if self.kind == "reflection":
            return f"d.{self.key}.reflection.{self.index}"
        if self.kind == "action":
            return f"d.{self.key}.action.{self.index}.{self.part}"
        return f"d.{self.key}.{self.kind}"

    @classmethod
    def parse(cls, name: str, value: str) -> Change:
        """`q.d03-q1.value` / `d.d03-purpose.action.0.who` and a value; ChangeRefused when malformed."""
        parts = name.split(".")
        change: Change | None = None
        if len(parts) == 3 and parts[0] == "q" and parts[2] in STATEMENT_FIELDS:
            change = cls(parts[2], parts[1], value)
        elif len(parts) == 3 and parts[0] == "d" and parts[2] in ("importance", "target"):
            change = cls(parts[2], parts[1], value)
        elif len(parts) == 4 and parts[0] == "d" and parts[2] == "reflection" and parts[3].isdigit():
            change = cls("reflection", parts[1], value, index=int(parts[3]))
        elif len(parts) == 5 and parts[:1] == ["d"] and parts[2] == "action" and parts[3].isdigit():
            if parts[4] in ACTION_PARTS:
                change = cls("action", parts[1], value, index=int(parts[3]), part=parts[4])
        if change is None:
            raise ChangeRefused(_("Unknown field %(name)s.", name=name[:80]))
        return change


def _text(raw: str, what: str) -> str:
    text = clean_text(raw)
    _rule(text_of, text, what)
    return text


def _rule(rule, *args):  # noqa: ANN001, ANN202 - a rule of answers_rules and its result
    """`rule(*args)` of the rules every way in shares; its refusal in the browser's words (a sentence)."""
    try:
        return rule(*args)
    except Refused as exc:
        message = str(exc)
        raise ChangeRefused(message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")) from None


def _question(content: Content, change: Change, scope: list[Dimension]) -> Question:
    found = content.questions.get(change.key)
    if found is None or found[0] not in scope:
        raise ChangeRefused(_("Statement %(id)s is not part of this assessment.", id=change.key[:40]))
    return found[1]


def _dimension(change: Change, scope: list[Dimension]) -> Dimension:
    for dim in scope:
        if change.key in (dim.id, dim.short_id):
            return dim
    raise ChangeRefused(_("Dimension %(id)s is not part of this assessment.", id=change.key[:40]))


def _apply_statement(answers: Answers, change: Change, content: Content, scope) -> None:
    question = _question(content, change, scope)
    answer = answers.answer(question.id)
    raw = change.value.strip()
    if change.kind == "value":
        answer.value = _rule(value_of, content, question, raw) if raw else None  # "": cleared
        if not wants_how_well(content, question, answer.value):
            answer.how_well = None  # "no" or n/a: how well it works does not apply (as in assess)
    elif change.kind == "how_well":
        answer.how_well = _rule(how_well_of, content, question, answer.value, raw) if raw else None
    else:
        setattr(answer, change.kind, _text(change.value, change.kind))
    if answer.value is None and answer.how_well is None and not answer.note and not answer.evidence:
        if not answer.extra:
            del answers.answers[question.id]  # nothing left to keep: as if never answered


def _apply_dimension(answers: Answers, change: Change, content: Content, scope) -> None:
    dim = _dimension(change, scope)
    target = answers.dimension(dim.id)
    raw = change.value.strip()
    if change.kind == "importance":
        target.importance = _rule(importance_of, content, raw) if raw else None
    elif change.kind == "target":
        target.target = _rule(target_of, content, raw) if raw else None
    elif change.kind == "reflection":
        _rule(reflection_index, dim, change.index)
        while len(target.reflections) <= change.index:
            target.reflections.append("")
        target.reflections[change.index] = _text(change.value, "reflection")
        while target.reflections and not target.reflections[-1]:
            target.reflections.pop()
    else:
        _apply_action(target.actions, change)
    if not target.to_yaml():
        del answers.dimensions[dim.id]


def _apply_action(actions: list[Action], change: Change) -> None:
    _rule(action_index, change.index)
    while len(actions) <= change.index:
        actions.append(Action(""))
    if change.part == "status":
        actions[change.index].status = _rule(status_of, change.value)
    else:
        setattr(actions[change.index], change.part, _text(change.value, change.part))
    # Rows keep their place (the page addresses them by number); only empty rows at the end go.
    while actions and not (actions[-1].what or actions[-1].who or actions[-1].when):
        actions.pop()


def apply_change(answers: Answers, change: Change, content: Content) -> None:
    """Put `change` into `answers` (in memory), checked against the content and the file's scope."""
    scope = scope_dimensions(content, answers)
    if change.kind in STATEMENT_FIELDS:
        _apply_statement(answers, change, content, scope)
    else:
        _apply_dimension(answers, change, content, scope)


def current_value(answers: Answers, change: Change) -> str:
    """The value a field has in `answers`, as the form shows it ('' when empty)."""
    if change.kind in STATEMENT_FIELDS:
        answer = answers.answers.get(change.key)
        value = getattr(answer, change.kind) if answer else None
    else:
        dim = answers.dimensions.get(change.key)
        if dim is None:
            return ""
        if change.kind == "reflection":
            value = dim.reflections[change.index] if change.index < len(dim.reflections) else ""
        elif change.kind == "action":
            value = getattr(dim.actions[change.index], change.part) if change.index < len(dim.actions) else ""
        else:
            value = getattr(dim, change.kind)
    return form_value(value)


def form_value(value) -> str:
    """A stored value as a form field holds it: 4 -> '4', 4.0 -> '4', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- scope, progress, next open question ---------------------------------------------------------


def scope_dimensions(content: Content, answers: Answers) -> list[Dimension]:
    """The dimensions this answers file is about (its `scope`), in questionnaire order."""
    module = str(answers.scope.get("module") or "all")
    only = [str(k) for k in (answers.scope.get("only") or [])]
    try:
        return content.select(module if module in MODULES else "all", only)
    except KeyError:  # made with other content: ask everything of the module
        return content.select(module if module in MODULES else "all")


_FLOWS: dict[tuple[int, tuple[str, ...], bool], tuple[Flow, list[int]]] = {}


def _flow_and_counted(content: Content, answers: Answers) -> tuple[Flow, list[int]]:
    dims = scope_dimensions(content, answers)
    quick = is_quick(answers)
    key = (id(content), tuple(d.id for d in dims), quick)
    found = _FLOWS.get(key)
    if found is None or found[0].content is not content:
        flow = Flow(content, dims, quick=quick)
        found = _FLOWS[key] = (flow, flow.counted())
    return found


def flow_for(content: Content, answers: Answers) -> Flow:
    """The questionnaire flow of `m2w assess` over this file's scope (cached per scope)."""
    return _flow_and_counted(content, answers)[0]


@dataclass(frozen=True)
class DimensionProgress:
    dimension: Dimension
    answered: int  # statements, importance and target with an answer
    total: int

    @property
    def done(self) -> bool:
        return self.answered >= self.total


_DIMENSION_FLOWS: dict[tuple[int, str, bool], tuple[Flow, list[int]]] = {}


def dimension_progress(content: Content, answers: Answers, dim: Dimension) -> DimensionProgress:
    """How many of one dimension's questions are answered, as `m2w assess` counts them
    (statements, importance, target; in a quick scan its quick-scan statements): its own small
    Flow, so a change recounts only its dimension."""
    quick = is_quick(answers)
    key = (id(content), dim.id, quick)
    found = _DIMENSION_FLOWS.get(key)
    if found is None or found[0].content is not content:
        flow = Flow(content, [dim], quick=quick)
        found = _DIMENSION_FLOWS[key] = (flow, flow.counted())
    flow, counted = found
    return DimensionProgress(dim, sum(flow.is_answered(i, answers) for i in counted), len(counted))


def progress(content: Content, answers: Answers) -> list[DimensionProgress]:
    """Per dimension of the file's scope: how many of its questions are answered."""
    return [dimension_progress(content, answers, d) for d in scope_dimensions(content, answers)]


def touched(content: Content, changes: list[Change]) -> set[str]:
    """The ids of the dimensions `changes` are about."""
    ids = set()
    for change in changes:
        if change.kind in STATEMENT_FIELDS:
            found = content.questions.get(change.key)
            if found is not None:
                ids.add(found[0].id)
        else:
            ids.update(d.id for d in content.dimensions if change.key in (d.id, d.short_id))
    return ids


def percent_of(parts: list[DimensionProgress]) -> int:
    """The file's "% done" from its progress per dimension: the same number as `m2w assess` shows."""
    total = sum(p.total for p in parts)
    return math.floor(100 * sum(p.answered for p in parts) / total) if total else 100


def percent_done(content: Content, answers: Answers) -> int:
    return percent_of(progress(content, answers))


OPEN_KINDS = ("value", "how_well", "importance", "target")


def next_open(content: Content, answers: Answers, after: str | None = None) -> tuple[Dimension, str] | None:
    """The first question still open after the one at anchor `after` (from the start when not
    given, wrapping around) as (dimension, anchor); None when everything is answered.
    Anchors are `q-<question id>`, `importance-<d03>`, `target-<d03>`."""
    flow = flow_for(content, answers)
    open_steps = [
        i
        for i, step in enumerate(flow.steps)
        if step.kind in OPEN_KINDS and flow.applies(i, answers) and not flow.is_answered(i, answers)
    ]
    if not open_steps:
        return None
    start = next((i for i, step in enumerate(flow.steps) if after and _anchor(step) == after), -1)
    later = [i for i in open_steps if i > start]
    step = flow.steps[(later or open_steps)[0]]
    return step.dim, _anchor(step)


def _anchor(step) -> str:
    if step.kind in ("value", "how_well"):
        return f"q-{step.question.id}"
    return f"{step.kind}-{step.dim.short_id}"


# --- file names --------------------------------------------------------------------------------


def is_answers_name(name: str) -> bool:
    """Whether `name` can be an answers file directly in a folder: no path, not hidden, .yaml/.yml."""
    return (
        bool(name)
        and name == Path(name).name
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
        and Path(name).suffix.lower() in ANSWER_SUFFIXES
    )


def file_in(folder: Path, name: str) -> Path | None:
    """The existing answers file `name` directly inside `folder`, or None for anything else (a path,
    a hidden file, a missing file, a link that leads out of the folder). One system call for a plain
    file: this runs for every saved answer."""
    if not is_answers_name(name):
        return None
    path = Path(folder) / name
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return path
    if not stat.S_ISLNK(mode):
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return target if target.parent == Path(folder).resolve() and target.is_file() else None


# --- the store: read, change, save -------------------------------------------------------------


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _copy_for(answers: Answers, changes: list[Change]) -> Answers:
    """A copy to change, sharing what the changes leave alone: pages being drawn from the version in
    the store keep reading a version that does not move under them (and copying all of a file's
    answers for every change cost more than the change itself)."""
    new = copy.copy(answers)
    new.answers = dict(answers.answers)
    new.dimensions = dict(answers.dimensions)
    for change in changes:
        if change.kind in STATEMENT_FIELDS:
            if change.key in answers.answers:
                new.answers[change.key] = copy.deepcopy(answers.answers[change.key])
        else:
            for did, dim in answers.dimensions.items():
                if change.key in (did, did.split("-", 1)[0]):
                    new.dimensions[did] = copy.deepcopy(dim)
    return new


class AnswersStore:
    """Reads and changes answers files; one change at a time per file, under the file's lock."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._guard = threading.Lock()
        self._locks: dict[Path, threading.Lock] = {}
        self._cache: dict[Path, tuple[tuple[int, int, int], Answers]] = {}
        self._progress: dict[Path, tuple[Answers, list[DimensionProgress]]] = {}

    def _lock_for(self, path: Path) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(path, threading.Lock())

    def read(self, path: Path) -> Answers:
        """The answers in `path` (shared: do not change the object; use `change`)."""
        stamp = _stamp(path)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        answers = load_answers(path)
        if stamp is not None:
            self._cache[path] = (stamp, answers)
        return answers

    def change(self, path: Path, changes: list[Change]) -> Answers:
        """Apply `changes` to the file at `path` and save it at once; every change is checked first,
        so a refused one leaves the file as it was. Raises FileBusy while `m2w assess` has it."""

        def edit(before: Answers) -> Answers:
            answers = _copy_for(before, changes)
            for change in changes:
                apply_change(answers, change, self.content)
            return answers

        return self._rewrite(path, edit, touched(self.content, changes))

    def widen_to_full(self, path: Path) -> Answers:
        """A quick scan goes on as the full questionnaire of its part: the file's scope loses its
        quick mark, and every answer given so far stays."""

        def edit(before: Answers) -> Answers:
            answers = copy.copy(before)
            answers.scope = full_scope(before.scope)
            return answers

        return self._rewrite(path, edit, set())  # a new scope: progress is counted again (_recount)

    def _rewrite(self, path: Path, edit: Callable[[Answers], Answers], dims: set[str]) -> Answers:
        """`edit` the answers in `path` (a new object; the cached one is shared) and save them, under
        the file's lock; `dims`: the dimensions whose progress the edit changed."""
        with self._lock_for(path):
            lock = AnswersLock(path)
            try:
                lock.acquire()
            except AnswersError as exc:
                # The folder is the user's; the file's name is what they recognise.
                raise FileBusy(exc.format_message().replace(str(path), path.name)) from None
            try:
                before = self.read(path)
                answers = edit(before)
                answers.content_version, answers.content_sha256 = self.content.version, self.content.sha256
                try:
                    save_answers(answers, path)
                except OSError as exc:
                    raise AnswersError(cannot_write(path.name, exc)) from None
                stamp = _stamp(path)
                if stamp is not None:
                    self._cache[path] = (stamp, answers)
                self._recount(path, before, answers, dims)
                return answers
            finally:
                lock.release()

    def progress(self, path: Path, answers: Answers) -> list[DimensionProgress]:
        """`progress(content, answers)` for the version of `path` the store holds, kept between
        changes: after a change only the dimensions it touched are counted again."""
        kept = self._progress.get(path)
        if kept is not None and kept[0] is answers:
            return kept[1]
        parts = progress(self.content, answers)
        self._progress[path] = (answers, parts)
        return parts

    def _recount(self, path: Path, before: Answers, after: Answers, dims: set[str]) -> None:
        kept = self._progress.get(path)
        if kept is None or kept[0] is not before or before.scope != after.scope:
            return
        parts = [dimension_progress(self.content, after, p.dimension) if p.dimension.id in dims else p for p in kept[1]]
        self._progress[path] = (after, parts)
