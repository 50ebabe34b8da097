"""What answers must be against the content in use: one set of rules for every way answers come in.

The schema (m2w_tool.answers_schema) says what an answers file may hold; these rules say what fits
the content: a known question, a value on its scale (`4`, `Deels`, `4 · Grotendeels`, n/a, don't
know), no "not applicable" for a minimum criterion, a "how well" rating only for a quality criterion
that is at least partly in place, an importance of the content's set, a target level, a reflection
question the dimension has, at most three actions, texts within the limit.

`check_import` applies them to a whole import (a CSV or YAML file, a spreadsheet, a fillable
workbook) and returns what may be written with every problem, each located by the route's own
`Where` (line and column, row, cell or form field); `apply_import` then puts it into an answers
file. The browser checks one change with the same functions (`value_of`, `how_well_of`, ...),
which raise `Refused` with the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from m2w_tool.answers import MAX_TEXT, text_too_long
from m2w_tool.answers_model import ACTION_STATUSES, MAX_ACTIONS, NA, Action, Answer, Answers, Value, status_word
from m2w_tool.answers_schema import ANSWER_KEYS, AnswersFileIn, DimensionIn
from m2w_tool.content import Content, Dimension, Question, answer_word, numbered_choice, short_key
from m2w_tool.errors import Problem
from m2w_tool.i18n import N_, _, languages
from m2w_tool.validation import Where

IMPORTANCE = (1, 2, 3, 4, 5)  # when the content has no importance set of its own
META_KEYS = {"initiative": ("name", "organisation", "region"), "respondent": ("name", "role")}
UNKNOWN_KEY = N_("unknown key: m2w does not import it (a typo?)")
_QUESTION_LIKE = re.compile(r"^[dq]\d\d-q\d+$")


class Refused(ValueError):
    """One rule broken, in the user's words."""


# --- one value ----------------------------------------------------------------------------------------


def value_of(content: Content, question: Question, raw: Any) -> Value:
    """An answer to `question`: a value on its scale, n/a (unless it refuses it) or don't know."""
    try:
        value = content.scales[question.scale].parse(raw)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    if value == NA and not question.na_allowed:
        raise Refused(_("a minimum criterion applies to every initiative, so 'not applicable' is no answer here; "
                        "choose 'don't know' if you do not know"))  # fmt: skip
    return value


def wants_how_well(content: Content, question: Question, value: Value) -> bool:
    """Quality criteria ask 'how well' when they are at least partly in place (not no, n/a, don't know)."""
    if question.how_well is None or not isinstance(value, int | float) or isinstance(value, bool):
        return False
    scale = content.scales[question.scale]
    return scale.fits(value) and value > scale.low


def how_well_of(content: Content, question: Question, value: Value, raw: Any) -> Value:
    """The second rating of a quality criterion whose answer is `value`."""
    if question.how_well is None:
        raise Refused(_("has no 'how well' question (only quality criteria do)"))
    if not wants_how_well(content, question, value):
        raise Refused(_("'how well' applies only when the criterion is at least partly in place "
                        "(not when it is no, n/a or don't know)"))  # fmt: skip
    try:
        return content.scales[question.how_well].parse(raw)
    except ValueError as exc:  # said as about "how well": in a CSV row the answer is on the same line
        raise Refused(_("how well: %(problem)s", problem=exc)) from None


def importance_of(content: Content, raw: Any) -> int:
    """An importance from the content's set: `4`, `4 · Heel belangrijk` or its label."""
    scale = content.importance_scale
    found = scale.parse(raw) if scale is not None else _whole(raw, IMPORTANCE)
    if found is None:
        values = scale.values if scale is not None else IMPORTANCE
        raise Refused(_("the importance is a whole number from %(low)s to %(high)s", low=min(values), high=max(values)))
    return found


def _whole(raw: Any, allowed: tuple[int, ...]) -> int | None:
    number = numbered_choice(raw) if isinstance(raw, str) else raw
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return number if isinstance(number, int) and not isinstance(number, bool) and number in allowed else None


def target_of(content: Content, raw: Any) -> str:
    """A level id from its id, its title or target label in either language, or its number (1 = lowest)."""
    if raw is not None and not isinstance(raw, bool):
        word = answer_word(str(raw))
        number = numbered_choice(word)
        for n, level in enumerate(content.levels, 1):
            if word in _level_names(content, level.id) or number == n:
                return level.id
    levels = [level.id for level in content.levels]
    raise Refused(_("choose a target level: %(levels)s (or 1 to %(n)s)", levels=", ".join(levels), n=len(levels)))


def _level_names(content: Content, level_id: str) -> set[str]:
    names = {level_id}
    for level in content.levels:
        if level.id == level_id:
            names |= {level.title.nl.lower(), level.title.en.lower()}
    for option in content.target_scale.options if content.target_scale is not None else ():
        if option.value == level_id:
            names |= {option.label.nl.lower(), option.label.en.lower()}
    return names


def text_of(raw: Any, what: str) -> str:
    """A text a person gave, within MAX_TEXT characters; `what` names it in the message."""
    if isinstance(raw, bool | dict | list):
        raise Refused(_("expected text, not %(kind)s", kind=type(raw).__name__))
    text = "" if raw is None else raw.strip() if isinstance(raw, str) else str(raw)
    if len(text) > MAX_TEXT:
        raise Refused(text_too_long(what, len(text)))
    return text


def reflection_index(dim: Dimension, index: int) -> int:
    """`index` (from 0) when the dimension has that reflection question."""
    if not 0 <= index < len(dim.reflection):
        raise Refused(_("this dimension has no reflection question %(n)s (it has %(count)s)",
                        n=index + 1, count=len(dim.reflection)))  # fmt: skip
    return index


def action_index(index: int) -> int:
    if index >= MAX_ACTIONS:
        raise Refused(_("at most %(n)s actions per dimension", n=MAX_ACTIONS))
    return index


# --- a whole import ---------------------------------------------------------------------------------


@dataclass
class DimensionUpdate:
    """What an import says about one dimension; None (or absent) where it says nothing."""

    importance: int | None = None
    target: str | None = None
    reflections: dict[int, str] = field(default_factory=dict)  # position -> text
    actions: list[Action] | None = None  # replaces the dimension's actions when given


@dataclass
class Imported:
    """What an import may put into an answers file, after every rule: only what it gave."""

    meta: dict[tuple[str, str], str] = field(default_factory=dict)  # (initiative, name) -> text
    language: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    dimensions: dict[str, DimensionUpdate] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.meta or self.language or self.answers or self.dimensions)


class _Check:
    """One import being checked: the content, where problems are, and what was found so far."""

    def __init__(self, content: Content, where: Where, complete: bool) -> None:
        self.content, self.where, self.complete = content, where, complete
        self.result, self.problems = Imported(), []

    def fail(self, path: tuple, message: str) -> None:
        self.problems.append(self.where.problem(path, message))

    def run(self, path: tuple, rule, *args):  # noqa: ANN001, ANN201 - a rule function and its result
        """`rule(*args)`, or None with its refusal recorded at `path`."""
        try:
            return rule(*args)
        except Refused as exc:
            self.fail(path, str(exc))
            return None


def check_import(
    model: AnswersFileIn, content: Content, where: Where, *, complete: bool = True, unknown_keys: bool = True
) -> tuple[Imported, list[Problem]]:
    """Every rule over a validated import. `complete`: each answer given has a value and each action
    a what (a CSV or YAML file says so on purpose; a form or a sheet keeps whatever was filled in).
    `unknown_keys`: report keys m2w does not import (a typo, most likely)."""
    check = _Check(content, where, complete)
    _meta(check, model)
    for qid, raw in (model.answers or {}).items():
        _answer(check, qid, raw)
    for key, raw in (model.dimensions or {}).items():
        _dimension(check, key, raw)
    if unknown_keys:
        _unknown_keys(check, model)
    return check.result, check.problems


def _meta(check: _Check, model: AnswersFileIn) -> None:
    for group, known in META_KEYS.items():
        for key, raw in (getattr(model, group) or {}).items():
            path = (group, key)
            if key not in known:
                check.fail(path, _(UNKNOWN_KEY))
                continue
            text = check.run(path, text_of, raw, f"{group}.{key}")
            if text is not None:
                check.result.meta[(group, key)] = text
    if model.language is not None:
        language = str(model.language).strip().lower()
        if language in languages():
            check.result.language = language
        else:
            check.fail(("language",), _("must be nl or en"))


def _answer(check: _Check, qid: str, raw: dict) -> None:
    found = check.content.questions.get(short_key(qid))
    if found is None:
        check.fail(("answers", qid), _("unknown question: this content has no such id"))
        return
    question, path, before = found[1], ("answers", qid), len(check.problems)
    value = how_well = None
    if _given(raw.get("value")):
        value = check.run(path + ("value",), value_of, check.content, question, raw["value"])
    elif check.complete:
        check.fail(path + ("value",), _("has no value; leave it out or write n/a"))
    if _given(raw.get("how_well")) and len(check.problems) == before:  # no second problem for one slip
        how_well = check.run(path + ("how_well",), how_well_of, check.content, question, value, raw["how_well"])
    note = check.run(path + ("note",), text_of, raw.get("note"), "note")
    evidence = check.run(path + ("evidence",), text_of, raw.get("evidence"), "evidence")
    check.result.answers[question.id] = Answer(value, how_well, note or "", evidence or "")


def _given(raw: Any) -> bool:
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def _dimension(check: _Check, key: str, raw: DimensionIn) -> None:
    dim, path = check.content.find(str(key)), ("dimensions", key)
    if dim is None:
        check.fail(path, _("unknown dimension: this content has no such id"))
        return
    update = check.result.dimensions.setdefault(dim.id, DimensionUpdate())
    if _given(raw.importance):
        update.importance = check.run(path + ("importance",), importance_of, check.content, raw.importance)
    if _given(raw.target):
        update.target = check.run(path + ("target",), target_of, check.content, raw.target)
    for i, text in enumerate(raw.reflections):
        if text is None or (check.complete and text == ""):
            continue  # not given
        at = path + ("reflections", i)
        if check.run(at, reflection_index, dim, i) is not None:
            update.reflections[i] = check.run(at, text_of, text, "reflection") or ""
    if raw.actions or "actions" in raw.model_fields_set:
        update.actions = _actions(check, path + ("actions",), raw.actions)


def _actions(check: _Check, path: tuple, raw_actions: list) -> list[Action]:
    actions = []
    for i, raw in enumerate(raw_actions):
        at = path + (i,)
        if check.run(at, action_index, i) is None:
            break
        texts = [check.run(at + (part,), text_of, getattr(raw, part), part) or "" for part in ("what", "who", "when")]
        if check.complete and not texts[0]:
            check.fail(at + ("what",), _("an action needs its 'what': what will be done"))
        actions.append(Action(*texts, status=raw.status or ""))  # "": not given, the file's own stays
    return actions


def status_of(raw: Any) -> str:
    """An action's status from its id or a Dutch or English word ("" or nothing: planned)."""
    status = status_word(raw)
    if status is None:
        raise Refused(_("an action's status is planned, started or done"))
    return status


def _keep_statuses(new: list[Action], old: list[Action]) -> list[Action]:
    """Actions given again without a status keep the one the file had for the same action (the same
    'what'), so importing a plan again never sets a finished action back to planned."""
    before = {" ".join(a.what.lower().split()): a.status for a in old}
    for action in new:
        if not action.status:
            action.status = before.get(" ".join(action.what.lower().split()), ACTION_STATUSES[0])
    return new


def _unknown_keys(check: _Check, model: AnswersFileIn) -> None:
    """Keys an import does not take (an answers file's bookkeeping is not imported, nor reported)."""
    for key in model.model_extra or {}:
        check.fail((key,), _(UNKNOWN_KEY))
    if model.group is not None:
        check.fail(("group",), _(UNKNOWN_KEY))
    for qid, raw in (model.answers or {}).items():
        for key in raw:
            if key not in ANSWER_KEYS:
                check.fail(("answers", qid, key), _(UNKNOWN_KEY))
    for did, raw in (model.dimensions or {}).items():
        for key in raw.model_extra or {}:
            check.fail(("dimensions", did, key), _(UNKNOWN_KEY))
        for i, action in enumerate(raw.actions):
            for key in action.model_extra or {}:
                check.fail(("dimensions", did, "actions", i, key), _(UNKNOWN_KEY))


def apply_import(imported: Imported, answers: Answers) -> None:
    """Put what an import gave into `answers`; what it did not mention stays as it was."""
    for (group, key), text in imported.meta.items():
        getattr(answers, group)[key] = text
    if imported.language:
        answers.language = imported.language
    for qid, given in imported.answers.items():
        answer = answers.answer(qid)
        answer.value, answer.how_well, answer.note, answer.evidence = (
            given.value, given.how_well, given.note, given.evidence,
        )  # fmt: skip
    for did, update in imported.dimensions.items():
        dim = answers.dimension(did)
        if update.importance is not None:
            dim.importance = update.importance
        if update.target is not None:
            dim.target = update.target
        for i, text in sorted(update.reflections.items()):
            while len(dim.reflections) <= i:
                dim.reflections.append("")
            dim.reflections[i] = text
        if update.actions is not None:
            dim.actions = _keep_statuses(update.actions, dim.actions)
        if not dim.to_yaml() and not dim.extra:
            del answers.dimensions[did]


def question_like(key: str) -> bool:
    """Whether `key` has the shape of a question id (d03-q1), known or not."""
    return bool(_QUESTION_LIKE.match(short_key(key)))
