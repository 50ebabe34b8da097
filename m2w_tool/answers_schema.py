"""The schema of an answers file: what each key may hold. Every way answers come in goes through it.

`AnswersFileIn` describes the file `m2w assess` writes. Keys it does not know are allowed and kept
(`extra="allow"`), at every level, so a file written by another version of m2w (or another tool)
comes back byte for byte. Its problems are located like content problems (m2w_tool.validation),
every problem of the file at once.

It is used in two modes:

- **loading** (`answers_from_data`, behind `answers.load_answers`): needs no content. An answer is a
  number, `n/a` or `dont_know` (or one of their words, see content.NA_WORDS); a file of an older
  content version is upgraded (m2w_tool.migration).
- **importing** (`IMPORT`, for `m2w assess --from`, spreadsheets, fillable workbooks and the
  browser): `m2w_answers` may be left out, and an answer may also be text (`4`, `Deels`,
  `4 · Grotendeels`), read on its question's scale by m2w_tool.answers_rules, which checks what
  was imported against the content.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, ValidationError, ValidationInfo
from typing_extensions import TypedDict

from m2w_tool.answers_model import (
    ACTION_STATUSES,
    FORMAT_KEY,
    FORMAT_VERSION,
    NA,
    Action,
    Answer,
    Answers,
    DimensionAnswers,
    status_word,
)
from m2w_tool.content import special_value
from m2w_tool.errors import AnswersProblems, Problem
from m2w_tool.i18n import N_, _
from m2w_tool.migration import shipped_migrations, upgrade
from m2w_tool.validation import Where, problems_from, refuse

IMPORT = {"mode": "import"}  # the validation context of every import route


def importing(info: ValidationInfo) -> bool:
    return bool(info.context) and info.context.get("mode") == "import"


# --- values --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    # As m2w always read them: any value a person wrote is kept as text (a number, a date, yes).
    return "" if value is None else str(value)


def _answer_value(raw: Any, info: ValidationInfo) -> Any:
    """A number, n/a or don't know; when importing, also text to read on the question's scale."""
    kind = type(raw)
    if raw is None or kind is int:  # most answers: no further checks
        return raw
    if isinstance(raw, bool):
        raise refuse(_("must be a number or 'n/a'"))
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):  # .nan, .inf: no score can use them
            raise refuse(_("must be a number or 'n/a', not %(raw)s", raw=repr(raw)))
        return raw
    if isinstance(raw, str):
        special = special_value(raw)
        if special is not None:
            return special
        if importing(info):
            return raw
    raise refuse(_("must be a number or 'n/a', not %(raw)s", raw=repr(raw)[:80]))


# A text a person wrote may be any value (a number, a date, yes): it is kept as text (`_text`) when
# the Answers are built, not here, so the thousands of texts of a portfolio cost no Python call.
TextValue = Any
AnswerValue = Annotated[Any, PlainValidator(_answer_value)]


def _list_of(message: str):  # noqa: ANN202 - a BeforeValidator
    def check(raw: Any) -> Any:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise refuse(_(message))
        return raw

    return BeforeValidator(check)


def _mapping(message: str):  # noqa: ANN202 - a BeforeValidator
    def check(raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise refuse(_(message))
        return raw

    return BeforeValidator(check)


def _version(raw: Any) -> Any:
    if not isinstance(raw, int) or raw > FORMAT_VERSION:
        message = _("format %(version)s is newer than this m2w understands (%(known)s); update m2w",
                    version=repr(raw)[:40], known=FORMAT_VERSION)  # fmt: skip
        raise refuse(message)
    return raw


def _shorthand(raw: Any) -> Any:
    """`d01-q1: 4` is short for `d01-q1: {value: 4}`; ids are text."""
    if not isinstance(raw, dict):
        return raw
    return {str(k): v if isinstance(v, dict) else {"value": v} for k, v in raw.items()}


# --- the file ---------------------------------------------------------------------------------------


class _Open(BaseModel):
    # Keys this version does not know are kept, never refused: another version wrote them.
    model_config = ConfigDict(extra="allow")


class AnswerIn(TypedDict, total=False):
    """One answer: `value` (a number on the question's scale, n/a or dont_know), the second rating
    `how_well` of a quality criterion, a `note` and `evidence`. A mapping, not a model: a portfolio
    reads a hundred thousand of them."""

    __pydantic_config__ = ConfigDict(extra="allow")  # type: ignore[misc]
    value: AnswerValue
    how_well: AnswerValue
    note: TextValue
    evidence: TextValue


ANSWER_KEYS = frozenset(AnswerIn.__annotations__) - {"__pydantic_config__"}


def _status(raw: Any) -> str | None:
    """An action's status: planned, started or done (or a Dutch or English word for one)."""
    if raw is None:
        return None  # not given
    status = status_word(raw)
    if status is None:
        raise refuse(_("an action's status is planned, started or done"))
    return status


class ActionIn(_Open):
    """One action of a dimension's plan: what, who takes it up, by when, and how far it is."""

    what: TextValue = ""
    who: TextValue = ""
    when: TextValue = ""
    status: Annotated[Any, PlainValidator(_status)] = None


ActionItem = Annotated[ActionIn, _mapping(N_("an action needs 'what', 'who' and 'when'"))]


class DimensionIn(_Open):
    """What a respondent says about a dimension: importance (1-5), target (a level id), the answers
    to its reflection questions (in order) and up to three actions."""

    importance: AnswerValue = None
    target: TextValue = None
    # default_factory: a shared default would be copied for every dimension of every file read
    reflections: Annotated[list[TextValue], _list_of(N_("must be a list of texts"))] = Field(default_factory=list)
    actions: Annotated[list[ActionItem], _list_of(N_("must be a list of actions, each with what, who and when"))] = (
        Field(default_factory=list)
    )


class ContentRef(_Open):
    """Which content the answers were given with (and, after an upgrade, which it was made with)."""

    version: TextValue = None
    sha256: TextValue = None
    upgraded_from: Any = None


class ScopeIn(_Open):
    """Which part was chosen: a module and a list of dimension ids (`quick: true` for the quick scan)."""

    module: Annotated[Any, PlainValidator(lambda raw: _scope_module(raw))] = None
    only: Annotated[Any, PlainValidator(lambda raw: _scope_only(raw))] = None


def _scope_module(raw: Any) -> Any:
    if raw is not None and not isinstance(raw, str):
        raise refuse(_("must be sustainability, quality or all"))
    return raw


def _scope_only(raw: Any) -> Any:
    if raw is not None and not (isinstance(raw, list) and all(isinstance(k, str) for k in raw)):
        raise refuse(_("must be a list of dimension ids, e.g. [d03, q02]"))
    return raw


class GroupIn(_Open):
    """What `m2w merge` writes about a group: who answered."""

    respondents: Annotated[list[dict[Any, Any]] | None, _list_of(N_("must be a list of respondents"))] = None


class AnswersFileIn(_Open):
    """An answers file, as `m2w assess` writes it."""

    m2w_answers: Annotated[Any, PlainValidator(_version)] = Field(None, alias=FORMAT_KEY)
    content: ContentRef | None = None
    initiative: dict[Any, TextValue] | None = None
    respondent: dict[Any, TextValue] | None = None
    language: TextValue = None
    started: TextValue = None
    updated: TextValue = None
    scope: ScopeIn | None = None
    answers: Annotated[dict[str, AnswerIn] | None, BeforeValidator(_shorthand)] = None
    dimensions: dict[str, DimensionIn] | None = None
    group: GroupIn | None = None


KNOWN_KEYS = frozenset(name for name in AnswersFileIn.model_fields if name != "group") | {FORMAT_KEY}


def check_file(data: Any, where: Where, context: dict | None = None) -> tuple[AnswersFileIn | None, list[Problem]]:
    """The validated file and its problems (all of them, located by `where`)."""
    if not isinstance(data, dict) or (FORMAT_KEY not in data and not context):
        return None, [where.problem((), _("this is not an m2w answers file (no '%(key)s' key)", key=FORMAT_KEY))]
    try:
        return AnswersFileIn.model_validate(data, context=context), []
    except ValidationError as exc:
        return None, problems_from(exc, where)


# --- loading ----------------------------------------------------------------------------------------


def answers_from_data(data: Any, where: Where, migrations=None) -> Answers:
    """Answers from the parsed YAML of an answers file; AnswersProblems lists every problem, each
    located. A file made with an older content version is upgraded with `migrations` (by default
    the shipped maps)."""
    model, problems = check_file(data, where)
    if model is None:
        raise AnswersProblems(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))  # in file order
    return upgraded(to_answers(model, data), migrations)


def to_answers(model: AnswersFileIn, data: dict) -> Answers:
    """The Answers a validated file holds; keys it does not know stay where they were."""
    result = Answers()
    result.extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    _content_into(result, model.content)
    result.initiative.update({k: _text(v) for k, v in (model.initiative or {}).items()})
    result.respondent.update({k: _text(v) for k, v in (model.respondent or {}).items()})
    result.language = _text(model.language or "nl")
    result.started = _text(model.started or result.started)
    result.updated = _text(model.updated or result.updated)
    if model.scope is not None:
        result.scope.update(model.scope.model_dump(exclude_unset=True))
    for qid, raw in (model.answers or {}).items():
        result.answers[qid] = _answer(raw)
    for did, raw in (model.dimensions or {}).items():
        result.dimensions[str(did)] = _dimension(raw)
    return result


def _content_into(result: Answers, content: ContentRef | None) -> None:
    if content is None:
        return
    result.content_version, result.content_sha256 = _text(content.version), _text(content.sha256)
    extra = _extra(content)
    if isinstance(content.upgraded_from, dict):
        result.upgraded_from = {str(k): _text(v) for k, v in content.upgraded_from.items()}
    elif content.upgraded_from is not None:
        extra = {"upgraded_from": content.upgraded_from, **extra}  # not ours to read, but kept
    result.content_extra = extra


def _answer(raw: AnswerIn) -> Answer:
    get = raw.get
    extra = {k: v for k, v in raw.items() if k not in ANSWER_KEYS} if raw.keys() - ANSWER_KEYS else {}
    note, evidence = get("note"), get("evidence")
    return Answer(get("value"), get("how_well"), note if type(note) is str else _text(note),
                  evidence if type(evidence) is str else _text(evidence), extra)  # fmt: skip


def _dimension(raw: DimensionIn) -> DimensionAnswers:
    importance = None if raw.importance == NA else raw.importance  # n/a: no importance given
    return DimensionAnswers(
        importance=importance,
        target=_text(raw.target) or None,
        reflections=[_text(r) for r in raw.reflections],
        actions=[
            Action(_text(a.what), _text(a.who), _text(a.when), _extra(a), a.status or ACTION_STATUSES[0])
            for a in raw.actions
        ],
        extra=_extra(raw),
    )


def _extra(model: BaseModel) -> dict[str, Any]:
    """The keys of `model` this version does not know, in their order (a new dict)."""
    return dict(model.model_extra) if model.model_extra else {}


def upgraded(answers: Answers, migrations=None) -> Answers:
    """`answers` brought to the current content version by the migration maps (the shipped ones
    unless given); unchanged when no map starts at its version."""
    maps = shipped_migrations() if migrations is None else migrations
    if answers.content_version not in maps:
        return answers
    return upgrade(answers, maps)[0]
