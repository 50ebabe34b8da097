"""The answers file: the seam between asking (assess, import) and what follows (report, compare).

Human-readable YAML with a format version. Saved atomically (temporary file, flush, fsync,
replace) so the file on disk is always complete. Values this version of m2w does not know (an id
from older content, an extra key) are kept and written back: nothing is ever dropped silently.

An answer's `value` is a number on its scale, `n/a` (not applicable) or `dont_know` (don't know;
`weet niet` and `?` are read as it too). Neither of the last two is scored. A `scope` with
`quick: true` marks a quick scan: it is scored on the content's quick-scan statements only.

A file made with an older content version is upgraded when it is read (`answers_from_data`, the one
place every command reads answers through), with the content's migration maps: see
m2w_tool.migration. The upgraded file says so in `content.upgraded_from`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from m2w_tool.atomic import write_atomic
from m2w_tool.errors import AnswersError
from m2w_tool.format import count, decimal
from m2w_tool.i18n import _, current_lang, trn
from m2w_tool.yamlsource import MAX_BYTES, UNLOCATED, NeedsPositions, fast_load, format_path, load_located

FORMAT_KEY = "m2w_answers"
FORMAT_VERSION = 1
NA = "n/a"
DONT_KNOW = "dont_know"

# Limits that keep every answers file m2w writes readable by m2w. A text a person gives (a note,
# evidence, a reflection, an action, a name) holds at most MAX_TEXT characters, checked where it is
# given (the prompt, --from, import); a whole file at most MAX_FILE_BYTES, checked before it is read
# and before it is written (a group file of many respondents is the largest m2w makes).
MAX_TEXT = 20_000
MAX_FILE_BYTES = 32_000_000

Value = int | float | str | None  # a scale value, NA, or None when not answered


def now_iso() -> str:
    """The current local time, to the second, with its UTC offset."""
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


@dataclass
class Answer:
    """The answer to one question: a scale value, 'n/a' or 'dont_know', and the optional note and evidence."""

    value: Value = None
    how_well: Value = None  # the second rating of quality criteria
    note: str = ""
    evidence: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys other versions wrote; kept as is

    @property
    def is_na(self) -> bool:
        return self.value == NA

    @property
    def is_dont_know(self) -> bool:
        return self.value == DONT_KNOW

    @property
    def is_answered(self) -> bool:
        return self.value is not None

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value}
        if self.how_well is not None:
            out["how_well"] = self.how_well
        if self.note:
            out["note"] = self.note
        if self.evidence:
            out["evidence"] = self.evidence
        out.update(self.extra)
        return out


@dataclass
class Action:
    what: str
    who: str = ""
    when: str = ""

    def to_yaml(self) -> dict[str, str]:
        return {"what": self.what, "who": self.who, "when": self.when}


@dataclass
class DimensionAnswers:
    """What a respondent says about a dimension as a whole."""

    importance: int | float | None = None  # 1-5: how important it is now
    target: str | None = None  # a level id: where the initiative wants to be
    reflections: list[str] = field(default_factory=list)  # aligned with the reflection questions
    actions: list[Action] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.importance is not None:
            out["importance"] = self.importance
        if self.target is not None:
            out["target"] = self.target
        if any(self.reflections):
            out["reflections"] = list(self.reflections)
        if self.actions:
            out["actions"] = [a.to_yaml() for a in self.actions]
        out.update(self.extra)
        return out


@dataclass
class Answers:
    """One answers file in memory."""

    initiative: dict[str, str] = field(
        default_factory=lambda: {"name": "", "organisation": "", "region": ""}
    )
    respondent: dict[str, str] = field(default_factory=lambda: {"name": "", "role": ""})
    language: str = "nl"
    content_version: str = ""
    content_sha256: str = ""
    upgraded_from: dict[str, str] = field(default_factory=dict)  # {version, sha256} it was made with
    started: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    scope: dict[str, Any] = field(default_factory=lambda: {"module": "all", "only": []})
    answers: dict[str, Answer] = field(default_factory=dict)
    dimensions: dict[str, DimensionAnswers] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def made_with(self) -> str:
        """The content version the answers were given with (before any upgrade)."""
        return self.upgraded_from.get("version", "") or self.content_version

    def answer(self, question_id: str) -> Answer:
        """The answer for `question_id`, created empty when there is none yet."""
        return self.answers.setdefault(question_id, Answer())

    def dimension(self, dimension_id: str) -> DimensionAnswers:
        return self.dimensions.setdefault(dimension_id, DimensionAnswers())

    def unknown_ids(self, content) -> list[str]:
        """Ids in this file that the content does not know (made with other content)."""
        known_q = set(content.questions)
        known_d = {d.id for d in content.dimensions}
        return sorted(
            [q for q in self.answers if q not in known_q]
            + [d for d in self.dimensions if d not in known_d]
        )

    def _content_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": self.content_version, "sha256": self.content_sha256}
        if self.upgraded_from:
            out["upgraded_from"] = dict(self.upgraded_from)
        return out

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            FORMAT_KEY: FORMAT_VERSION,
            "content": self._content_yaml(),
            "initiative": dict(self.initiative),
            "respondent": dict(self.respondent),
            "language": self.language,
            "started": self.started,
            "updated": self.updated,
            "scope": dict(self.scope),
            "answers": {qid: a.to_yaml() for qid, a in self.answers.items()},
            "dimensions": {did: d.to_yaml() for did, d in self.dimensions.items() if d.to_yaml()},
        }
        out.update(self.extra)
        return out


class _Dumper(yaml.SafeDumper):  # pure Python: libyaml escapes emoji, which should stay readable
    pass


# Characters the YAML reader takes as line breaks but the pure emitter writes raw in plain or
# single-quoted scalars, where they are folded on reading: such texts are written double-quoted,
# where they are escaped, so they come back byte for byte.
_RAW_BREAKS = ("\x85", "\u2028", "\u2029")


def _str_representer(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-line notes read best as blocks; the emitter falls back to quotes when a block
    # cannot hold them.
    if any(ch in text for ch in _RAW_BREAKS):
        style = '"'
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str_representer)


def _emit(data: dict[str, Any]) -> str:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    # After a keep-chomped block (`|+`) the emitter closes the document with `...`; inside a larger
    # document that marker would end it early.
    return text[:-4] if text.endswith("\n...\n") else text


def _indent(text: str) -> str:
    # Split on "\n" only: the other YAML line breaks never occur raw (see _RAW_BREAKS). Empty
    # lines stay empty, which every YAML scalar style reads the same at any indentation.
    return "\n".join("  " + line if line else line for line in text.split("\n"))


# Emitting YAML in pure Python costs ~0.15 ms per answer, so a 150-answer file took ~22 ms to write.
# Each answer and each dimension is emitted on its own and kept here by its exact content: saving
# after one answer re-emits only that answer (and the small header with the new `updated` time).
_FRAGMENTS: dict[str, str] = {}
_FRAGMENTS_MAX = 20_000
_SECTIONS = ("answers", "dimensions")


def _fragment(key: str, value: Any) -> str:
    memo = repr((key, value))  # repr tells 1 from 1.0 from True and keeps dict order
    text = _FRAGMENTS.get(memo)
    if text is None:
        if len(_FRAGMENTS) >= _FRAGMENTS_MAX:
            _FRAGMENTS.clear()
        text = _FRAGMENTS[memo] = _indent(_emit({key: value}))
    return text


def _top(key: str, value: Any) -> str:
    # The header (initiative, respondent, scope, ...) is the same from one save to the next except
    # `updated`: each top-level key is emitted on its own and kept, like the answers (emitting the
    # whole header cost ~1 ms per save, most of a save's time). The text is the same either way.
    memo = repr(("", key, value))
    text = _FRAGMENTS.get(memo)
    if text is None:
        if len(_FRAGMENTS) >= _FRAGMENTS_MAX:
            _FRAGMENTS.clear()
        text = _FRAGMENTS[memo] = _emit({key: value})
    return text


def dump_answers(answers: Answers) -> str:
    """The YAML text of an answers file."""
    data = answers.to_yaml()
    parts: list[str] = []
    for key, value in data.items():
        if key in _SECTIONS and isinstance(value, dict) and value:
            parts.append(f"{key}:\n")
            parts.extend(_fragment(k, v) for k, v in value.items())
        else:
            parts.append(_top(key, value))
    return "".join(parts)


def save_answers(answers: Answers, path: Path, touch: bool = True) -> None:
    """Write the answers file atomically, updating its `updated` time.

    Through a symbolic link the real file is written and the link stays. A file too large for m2w
    to read back is not written at all (AnswersError)."""
    if touch:
        answers.updated = now_iso()
    data = dump_answers(answers).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise AnswersError(
            _(
                "Not saved: %(path)s would be %(size)s, more than the %(limit)s m2w reads back. "
                "Shorten some of the longest texts, or merge fewer files into one.",
                path=path,
                size=megabytes(len(data)),
                limit=megabytes(MAX_FILE_BYTES),
            )
        )
    write_atomic(Path(os.path.realpath(path)), data)


def megabytes(size: int) -> str:
    """A file size for people: `32 MB`, `1.4 MB` (a decimal comma in Dutch)."""
    return decimal(size / 1_000_000, current_lang(), trim=True) + " MB"


def text_too_long(what: str, length: int) -> str:
    """The message for a text over MAX_TEXT, for `what` (a field, a row, a prompt)."""
    return _(
        "%(what)s is %(length)s characters long; a text can hold at most %(limit)s characters.",
        what=what,
        length=count(length, current_lang()),
        limit=count(MAX_TEXT, current_lang()),
    )


def check_file_size(path: Path) -> None:
    """Refuse, before reading a single byte, an answers file larger than m2w reads."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # missing or unreadable: the reader says so in its own words
    if size > MAX_FILE_BYTES:
        raise AnswersError(
            _(
                "%(path)s is %(size)s; m2w reads answers files up to %(limit)s. Is this the right file?",
                path=path,
                size=megabytes(size),
                limit=megabytes(MAX_FILE_BYTES),
            )
        )


# --- reading ---------------------------------------------------------------------------------

_NA_WORDS = (NA, "na", "n", "n.v.t.", "nvt", "n.v.t")
_DONT_KNOW_WORDS = (DONT_KNOW, "?", "dk", "don't know", "dont know", "weet niet", "weet ik niet", "wn")


def _fail(label: str, located, path: tuple, message: str) -> AnswersError:
    line, col = located.position(path)
    where = f"{label}:{line}:{col}: " + (f"{format_path(path)}: " if path else "")
    return AnswersError(where + message)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _value(raw: Any, label: str, located, path: tuple) -> Value:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _fail(label, located, path, _("must be a number or 'n/a'"))
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):  # .nan, .inf: no score can use them
            raise _fail(label, located, path, _("must be a number or 'n/a', not %(raw)s", raw=repr(raw)))
        return raw
    if isinstance(raw, str) and raw.strip().lower() in (NA, "na", "n.v.t.", "nvt"):
        return NA
    if isinstance(raw, str) and " ".join(raw.split()).lower() in _DONT_KNOW_WORDS:
        return DONT_KNOW
    raise _fail(label, located, path, _("must be a number or 'n/a', not %(raw)s", raw=repr(raw)))


def answers_from_data(data: Any, label: str, located, migrations=None) -> Answers:
    """Build Answers from parsed YAML, with a located error for anything malformed; a file made with
    an older content version is upgraded with `migrations` (by default the shipped maps)."""
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise _fail(label, located, (), _("this is not an m2w answers file (no '%(key)s' key)", key=FORMAT_KEY))
    version = data[FORMAT_KEY]
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _fail(
            label,
            located,
            (FORMAT_KEY,),
            _("format %(version)s is newer than this m2w understands (%(known)s); update m2w", version=repr(version), known=FORMAT_VERSION),
        )
    result = Answers()
    known = {
        FORMAT_KEY,
        "content",
        "initiative",
        "respondent",
        "language",
        "started",
        "updated",
        "scope",
        "answers",
        "dimensions",
    }
    result.extra = {k: v for k, v in data.items() if k not in known}
    for key in ("content", "initiative", "respondent", "scope", "answers", "dimensions"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise _fail(label, located, (key,), _("must be a mapping of keys and values"))
    content = data.get("content") or {}
    result.content_version = _text(content.get("version"))
    result.content_sha256 = _text(content.get("sha256"))
    if isinstance(content.get("upgraded_from"), dict):
        result.upgraded_from = {str(k): _text(v) for k, v in content["upgraded_from"].items()}
    result.initiative.update({k: _text(v) for k, v in (data.get("initiative") or {}).items()})
    result.respondent.update({k: _text(v) for k, v in (data.get("respondent") or {}).items()})
    result.language = _text(data.get("language") or "nl")
    result.started = _text(data.get("started") or result.started)
    result.updated = _text(data.get("updated") or result.updated)
    _check_scope(data.get("scope") or {}, label, located)
    _check_group(data.get("group"), label, located)
    result.scope.update(data.get("scope") or {})

    for qid, raw in (data.get("answers") or {}).items():
        path = ("answers", qid)
        if not isinstance(raw, dict):
            raw = {"value": raw}  # shorthand `d01-q1: 4`
        extra = {k: v for k, v in raw.items() if k not in ("value", "how_well", "note", "evidence")}
        result.answers[str(qid)] = Answer(
            value=_value(raw.get("value"), label, located, path + ("value",)),
            how_well=_value(raw.get("how_well"), label, located, path + ("how_well",)),
            note=_text(raw.get("note")),
            evidence=_text(raw.get("evidence")),
            extra=extra,
        )
    for did, raw in (data.get("dimensions") or {}).items():
        path = ("dimensions", did)
        if not isinstance(raw, dict):
            raise _fail(label, located, path, _("must be a mapping of keys and values"))
        importance = _value(raw.get("importance"), label, located, path + ("importance",))
        if importance == NA:
            importance = None
        actions = []
        if not isinstance(raw.get("actions") or [], list):
            message = _("must be a list of actions, each with what, who and when")
            raise _fail(label, located, path + ("actions",), message)
        for i, act in enumerate(raw.get("actions") or []):
            if not isinstance(act, dict):
                raise _fail(label, located, path + ("actions", i), _("an action needs 'what', 'who' and 'when'"))
            actions.append(
                Action(_text(act.get("what")), _text(act.get("who")), _text(act.get("when")))
            )
        reflections = raw.get("reflections") or []
        if not isinstance(reflections, list):
            raise _fail(label, located, path + ("reflections",), _("must be a list of texts"))
        known_d = ("importance", "target", "reflections", "actions")
        result.dimensions[str(did)] = DimensionAnswers(
            importance=importance,
            target=_text(raw.get("target")) or None,
            reflections=[_text(r) for r in reflections],
            actions=actions,
            extra={k: v for k, v in raw.items() if k not in known_d},
        )
    return _upgraded(result, migrations)


def _check_scope(scope: Any, label: str, located) -> None:
    """`scope` says which part was chosen: a module name and a list of dimension ids."""
    if not isinstance(scope, dict):
        return  # reported with the other sections that must be mappings
    module, only = scope.get("module"), scope.get("only")
    if module is not None and not isinstance(module, str):
        raise _fail(label, located, ("scope", "module"), _("must be sustainability, quality or all"))
    if only is not None and not (isinstance(only, list) and all(isinstance(k, str) for k in only)):
        raise _fail(label, located, ("scope", "only"), _("must be a list of dimension ids, e.g. [d03, q02]"))


def _check_group(group: Any, label: str, located) -> None:
    """The `group` section that `m2w merge` writes: who answered, as a list of mappings."""
    if group is None:
        return
    if not isinstance(group, dict):
        raise _fail(label, located, ("group",), _("must be a mapping of keys and values"))
    respondents = group.get("respondents")
    if respondents is None:
        return
    if not isinstance(respondents, list):
        raise _fail(label, located, ("group", "respondents"), _("must be a list of respondents"))
    for i, person in enumerate(respondents):
        if not isinstance(person, dict):
            raise _fail(label, located, ("group", "respondents", i), _("must be a mapping of keys and values"))


def _upgraded(answers: Answers, migrations=None) -> Answers:
    """`answers` brought to the current content version by the migration maps (the shipped ones
    unless given); unchanged when no map starts at its version."""
    from m2w_tool.migration import shipped_migrations, upgrade

    maps = shipped_migrations() if migrations is None else migrations
    if answers.content_version not in maps:
        return answers
    return upgrade(answers, maps)[0]


def load_answers(path: Path | str, migrations=None) -> Answers:
    """Read an answers file (upgraded to the current content, see answers_from_data); any problem
    becomes an AnswersError saying where and what."""
    path = Path(path)
    if not path.exists():
        raise AnswersError(_("%(label)s: file not found", label=path))
    check_file_size(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else b""
    except OSError:
        raw = b""  # the located reader says what is wrong
    return answers_from_bytes(raw, path, migrations)


def answers_from_bytes(raw: bytes, path: Path | str, migrations=None) -> Answers:
    """The Answers of the file at `path`, whose bytes are `raw`: a plain file is parsed without
    keeping positions (several times faster); a file that is not plain or has a problem is read
    again with positions, so the result, or the located error, is the one the located reader gives."""
    try:
        data = fast_load(raw.decode("utf-8-sig")) if raw and len(raw) <= MAX_BYTES else None
    except UnicodeDecodeError:
        data = None
    if data is not None:
        try:
            return answers_from_data(data, str(path), UNLOCATED, migrations)
        except NeedsPositions:
            pass
    return _load_located(Path(path), str(path), migrations)


def _load_located(path: Path, label: str, migrations=None) -> Answers:
    check_file_size(path)
    located, problems = load_located(path, label, max_bytes=MAX_FILE_BYTES)
    if located is None:
        raise AnswersError("\n".join(str(p) for p in problems))
    return answers_from_data(located.data, label, located, migrations)


# --- checking against content ------------------------------------------------------------------


def small_int(text: str) -> int | None:
    """`text` as a whole number of at most nine digits (a sign allowed), else None.

    Not str.isdigit, which says yes to `²` (the key left of 1 on Belgian keyboards) that int() refuses;
    and never the digits of a number so long that int() refuses it as well."""
    text = text.strip()
    digits = text[1:] if text[:1] in ("+", "-") else text
    return int(text) if digits.isdecimal() and len(digits) <= 9 else None


def parse_value(raw: Any, scale) -> Value:
    """A typed or written answer on `scale` (a number, a label in either language, or n/a);
    ValueError carries a translated hint that names the choices."""
    if isinstance(raw, str):
        word = " ".join(raw.split()).lower()
        if word in _NA_WORDS:
            return NA
        if word in _DONT_KNOW_WORDS:
            return DONT_KNOW
        number = small_int(word)
        if number is not None:
            raw = number
        else:
            for option in scale.options:
                if word in (option.label.nl.lower(), option.label.en.lower()):
                    return option.value
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw in scale.values:
        return raw
    raise ValueError(_("choose %(choices)s, or n (not applicable / don't know)", choices=choices_text(scale)))


def choices_text(scale) -> str:
    """`1 to 5` for a run of whole numbers, else `0, 1, 2`."""
    values = sorted(scale.values)
    if values == list(range(values[0], values[-1] + 1)) and len(values) > 2:
        return _("%(low)s to %(high)s", low=values[0], high=values[-1])
    return ", ".join(str(v) for v in values)


def fits(value: Value, scale, question=None) -> bool:
    """Whether a stored value is a valid answer on `scale`: don't know always is, n/a unless
    `question` refuses it."""
    if value == NA:
        return question is None or question.na_allowed
    return value == DONT_KNOW or (
        isinstance(value, int | float) and not isinstance(value, bool) and value in scale.values
    )


def invalid_values(answers: Answers, content) -> list[str]:
    """Known question ids whose stored value or how_well does not fit the question's scale."""
    bad = []
    for qid, answer in answers.answers.items():
        if qid not in content.questions or not answer.is_answered:
            continue
        question = content.questions[qid][1]
        ok = fits(answer.value, content.scales[question.scale], question)
        if answer.how_well is not None:
            ok = (
                ok
                and question.how_well is not None
                and fits(answer.how_well, content.scales[question.how_well])
            )
        if not ok:
            bad.append(qid)
    return bad


def retired_count(answers: Answers) -> int:
    """How many answers sit in the file's `retired` section (questions no longer asked)."""
    shelf = answers.extra.get("retired")
    if not isinstance(shelf, dict):
        return 0
    return sum(len(v.get("answers") or {}) for v in shelf.values() if isinstance(v, dict))


def upgrade_note(answers: Answers, lang: str) -> str:
    """One sentence on an upgraded file: from which version, and what happened to answers no longer asked."""
    return trn(
        lang,
        "Made with content version %(old)s and read as version %(new)s; %(n)s answer to a question that is "
        "no longer asked is kept in the file under 'retired'.",
        "Made with content version %(old)s and read as version %(new)s; %(n)s answers to questions that are "
        "no longer asked are kept in the file under 'retired'.",
        retired_count(answers),
        old=answers.upgraded_from.get("version", "?"),
        new=answers.content_version,
    )


def content_notes(answers: Answers, content) -> list[str]:
    """What a user should know when an answers file meets this content: another content
    version, ids it does not know (kept), values that no longer fit."""
    notes = []
    if answers.upgraded_from:
        notes.append(upgrade_note(answers, current_lang()))
    if (
        answers.content_sha256
        and answers.content_sha256 != content.sha256
        and answers.content_version != content.version
    ):
        notes.append(
            _("This file was made with content %(old)s; this is %(new)s.", old=answers.content_version or "?", new=content.version)
        )
    unknown = answers.unknown_ids(content)
    if unknown:
        notes.append(_("The current content does not know these ids; their answers stay in the file: %(ids)s", ids=", ".join(unknown)))
    bad = invalid_values(answers, content)
    if bad:
        notes.append(_("These answers do not fit their scale (any more) and will be asked again: %(ids)s", ids=", ".join(bad)))
    return notes
