"""The answers file: the seam between asking (assess, import) and what follows (report, compare).

Human-readable YAML with a format version. Saved atomically (temporary file, flush, fsync,
replace) so the file on disk is always complete. Values this version of m2w does not know (an id
from older content, an extra key) are kept and written back: nothing is ever dropped silently.
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
from m2w_tool.i18n import Catalog, _, current_lang, env_lang
from m2w_tool.yamlsource import format_path, load_located

FORMAT_KEY = "m2w_answers"
FORMAT_VERSION = 1
NA = "n/a"

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
    """The answer to one question: a scale value or 'n/a', and the optional note and evidence."""

    value: Value = None
    how_well: Value = None  # the second rating of quality criteria
    note: str = ""
    evidence: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys other versions wrote; kept as is

    @property
    def is_na(self) -> bool:
        return self.value == NA

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
    started: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    scope: dict[str, Any] = field(default_factory=lambda: {"module": "all", "only": []})
    answers: dict[str, Answer] = field(default_factory=dict)
    dimensions: dict[str, DimensionAnswers] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

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

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            FORMAT_KEY: FORMAT_VERSION,
            "content": {"version": self.content_version, "sha256": self.content_sha256},
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


def dump_answers(answers: Answers) -> str:
    """The YAML text of an answers file."""
    data = answers.to_yaml()
    parts: list[str] = []
    plain: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SECTIONS and isinstance(value, dict) and value:
            if plain:
                parts.append(_emit(plain))
                plain = {}
            parts.append(f"{key}:\n")
            parts.extend(_fragment(k, v) for k, v in value.items())
        else:
            plain[key] = value
    if plain:
        parts.append(_emit(plain))
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
    text = f"{size / 1_000_000:.1f}".removesuffix(".0")
    return (text.replace(".", ",") if current_lang() == "nl" else text) + " MB"


def count(n: int) -> str:
    """A whole number with thousands separators: `20,000` (`20.000` in Dutch)."""
    text = f"{n:,}"
    return text.replace(",", ".") if current_lang() == "nl" else text


def text_too_long(what: str, length: int) -> str:
    """The message for a text over MAX_TEXT, for `what` (a field, a row, a prompt)."""
    return _(
        "%(what)s is %(length)s characters long; a text can hold at most %(limit)s characters.",
        what=what,
        length=count(length),
        limit=count(MAX_TEXT),
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

MSG = Catalog(
    {
        "not_found": ("{label}: bestand niet gevonden", "{label}: file not found"),
        "not_answers": (
            "dit is geen m2w-antwoordenbestand (de sleutel '{key}' ontbreekt)",
            "this is not an m2w answers file (no '{key}' key)",
        ),
        "newer": (
            "formaat {version} is nieuwer dan deze m2w kent ({known}); werk m2w bij",
            "format {version} is newer than this m2w understands ({known}); update m2w",
        ),
        "mapping": (
            "moet een lijst van sleutels en waarden zijn",
            "must be a mapping of keys and values",
        ),
        "number_or_na": ("moet een getal of 'n/a' zijn", "must be a number or 'n/a'"),
        "number_or_na_not": (
            "moet een getal of 'n/a' zijn, niet {raw}",
            "must be a number or 'n/a', not {raw}",
        ),
        "action": (
            "een actie heeft 'what', 'who' en 'when'",
            "an action needs 'what', 'who' and 'when'",
        ),
        "texts": ("moet een lijst van teksten zijn", "must be a list of texts"),
        "choose": (
            "kies {choices}, of n (niet van toepassing / weet niet)",
            "choose {choices}, or n (not applicable / don't know)",
        ),
        "range": ("{low} tot {high}", "{low} to {high}"),
        "other_content": (
            "Dit bestand werd gemaakt met inhoud {old}; nu is het {new}.",
            "This file was made with content {old}; this is {new}.",
        ),
        "unknown_ids": (
            "Deze ids kent de huidige inhoud niet; hun antwoorden blijven in het bestand: {ids}",
            "The current content does not know these ids; their answers stay in the file: {ids}",
        ),
        "bad_values": (
            "Deze antwoorden passen niet (meer) bij hun schaal en worden opnieuw gevraagd: {ids}",
            "These answers do not fit their scale (any more) and will be asked again: {ids}",
        ),
    }
)

_NA_WORDS = (NA, "na", "n", "n.v.t.", "nvt", "n.v.t")


def _fail(label: str, located, path: tuple, message: str) -> AnswersError:
    line, col = located.position(path)
    where = f"{label}:{line}:{col}: " + (f"{format_path(path)}: " if path else "")
    return AnswersError(where + message)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _value(raw: Any, label: str, located, path: tuple, lang: str) -> Value:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _fail(label, located, path, MSG("number_or_na", lang))
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):  # .nan, .inf: no score can use them
            raise _fail(label, located, path, MSG("number_or_na_not", lang, raw=repr(raw)))
        return raw
    if isinstance(raw, str) and raw.strip().lower() in (NA, "na", "n.v.t.", "nvt"):
        return NA
    raise _fail(label, located, path, MSG("number_or_na_not", lang, raw=repr(raw)))


def answers_from_data(data: Any, label: str, located, lang: str | None = None) -> Answers:
    """Build Answers from parsed YAML, with a located error for anything malformed."""
    lang = lang or env_lang()
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise _fail(label, located, (), MSG("not_answers", lang, key=FORMAT_KEY))
    version = data[FORMAT_KEY]
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _fail(
            label,
            located,
            (FORMAT_KEY,),
            MSG("newer", lang, version=repr(version), known=FORMAT_VERSION),
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
            raise _fail(label, located, (key,), MSG("mapping", lang))
    content = data.get("content") or {}
    result.content_version = _text(content.get("version"))
    result.content_sha256 = _text(content.get("sha256"))
    result.initiative.update({k: _text(v) for k, v in (data.get("initiative") or {}).items()})
    result.respondent.update({k: _text(v) for k, v in (data.get("respondent") or {}).items()})
    result.language = _text(data.get("language") or "nl")
    result.started = _text(data.get("started") or result.started)
    result.updated = _text(data.get("updated") or result.updated)
    _check_scope(data.get("scope") or {}, label, located, lang)
    _check_group(data.get("group"), label, located, lang)
    result.scope.update(data.get("scope") or {})

    for qid, raw in (data.get("answers") or {}).items():
        path = ("answers", qid)
        if not isinstance(raw, dict):
            raw = {"value": raw}  # shorthand `d01-q1: 4`
        extra = {k: v for k, v in raw.items() if k not in ("value", "how_well", "note", "evidence")}
        result.answers[str(qid)] = Answer(
            value=_value(raw.get("value"), label, located, path + ("value",), lang),
            how_well=_value(raw.get("how_well"), label, located, path + ("how_well",), lang),
            note=_text(raw.get("note")),
            evidence=_text(raw.get("evidence")),
            extra=extra,
        )
    for did, raw in (data.get("dimensions") or {}).items():
        path = ("dimensions", did)
        if not isinstance(raw, dict):
            raise _fail(label, located, path, MSG("mapping", lang))
        importance = _value(raw.get("importance"), label, located, path + ("importance",), lang)
        if importance == NA:
            importance = None
        actions = []
        if not isinstance(raw.get("actions") or [], list):
            message = _("must be a list of actions, each with what, who and when")
            raise _fail(label, located, path + ("actions",), message)
        for i, act in enumerate(raw.get("actions") or []):
            if not isinstance(act, dict):
                raise _fail(label, located, path + ("actions", i), MSG("action", lang))
            actions.append(
                Action(_text(act.get("what")), _text(act.get("who")), _text(act.get("when")))
            )
        reflections = raw.get("reflections") or []
        if not isinstance(reflections, list):
            raise _fail(label, located, path + ("reflections",), MSG("texts", lang))
        known_d = ("importance", "target", "reflections", "actions")
        result.dimensions[str(did)] = DimensionAnswers(
            importance=importance,
            target=_text(raw.get("target")) or None,
            reflections=[_text(r) for r in reflections],
            actions=actions,
            extra={k: v for k, v in raw.items() if k not in known_d},
        )
    return result


def _check_scope(scope: Any, label: str, located, lang: str) -> None:
    """`scope` says which part was chosen: a module name and a list of dimension ids."""
    if not isinstance(scope, dict):
        return  # reported with the other sections that must be mappings
    module, only = scope.get("module"), scope.get("only")
    if module is not None and not isinstance(module, str):
        raise _fail(label, located, ("scope", "module"), _("must be sustainability, quality or all"))
    if only is not None and not (isinstance(only, list) and all(isinstance(k, str) for k in only)):
        raise _fail(label, located, ("scope", "only"), _("must be a list of dimension ids, e.g. [d03, q02]"))


def _check_group(group: Any, label: str, located, lang: str) -> None:
    """The `group` section that `m2w merge` writes: who answered, as a list of mappings."""
    if group is None:
        return
    if not isinstance(group, dict):
        raise _fail(label, located, ("group",), MSG("mapping", lang))
    respondents = group.get("respondents")
    if respondents is None:
        return
    if not isinstance(respondents, list):
        raise _fail(label, located, ("group", "respondents"), _("must be a list of respondents"))
    for i, person in enumerate(respondents):
        if not isinstance(person, dict):
            raise _fail(label, located, ("group", "respondents", i), MSG("mapping", lang))


def load_answers(path: Path | str, lang: str | None = None) -> Answers:
    """Read an answers file; any problem becomes an AnswersError saying where and what."""
    lang = lang or env_lang()
    path = Path(path)
    label = str(path)
    if not path.exists():
        raise AnswersError(MSG("not_found", lang, label=label))
    check_file_size(path)
    located, problems = load_located(path, label, max_bytes=MAX_FILE_BYTES)
    if located is None:
        raise AnswersError("\n".join(str(p) for p in problems))
    return answers_from_data(located.data, label, located, lang)


# --- checking against content ------------------------------------------------------------------


def small_int(text: str) -> int | None:
    """`text` as a whole number of at most nine digits (a sign allowed), else None.

    Not str.isdigit, which says yes to `²` (the key left of 1 on Belgian keyboards) that int() refuses;
    and never the digits of a number so long that int() refuses it as well."""
    text = text.strip()
    digits = text[1:] if text[:1] in ("+", "-") else text
    return int(text) if digits.isdecimal() and len(digits) <= 9 else None


def parse_value(raw: Any, scale, lang: str) -> Value:
    """A typed or written answer on `scale` (a number, a label in either language, or n/a);
    ValueError carries a translated hint that names the choices."""
    if isinstance(raw, str):
        word = " ".join(raw.split()).lower()
        if word in _NA_WORDS:
            return NA
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
    raise ValueError(MSG("choose", lang, choices=choices_text(scale, lang)))


def choices_text(scale, lang: str) -> str:
    """`1 to 5` for a run of whole numbers, else `0, 1, 2`."""
    values = sorted(scale.values)
    if values == list(range(values[0], values[-1] + 1)) and len(values) > 2:
        return MSG("range", lang, low=values[0], high=values[-1])
    return ", ".join(str(v) for v in values)


def fits(value: Value, scale) -> bool:
    """Whether a stored value is a valid answer on `scale` (n/a always is)."""
    return value == NA or (
        isinstance(value, int | float) and not isinstance(value, bool) and value in scale.values
    )


def invalid_values(answers: Answers, content) -> list[str]:
    """Known question ids whose stored value or how_well does not fit the question's scale."""
    bad = []
    for qid, answer in answers.answers.items():
        if qid not in content.questions or not answer.is_answered:
            continue
        _, question = content.questions[qid]
        ok = fits(answer.value, content.scales[question.scale])
        if answer.how_well is not None:
            ok = (
                ok
                and question.how_well is not None
                and fits(answer.how_well, content.scales[question.how_well])
            )
        if not ok:
            bad.append(qid)
    return bad


def content_notes(answers: Answers, content, lang: str) -> list[str]:
    """What a user should know when an answers file meets this content: another content
    version, ids it does not know (kept), values that no longer fit."""
    notes = []
    if (
        answers.content_sha256
        and answers.content_sha256 != content.sha256
        and answers.content_version != content.version
    ):
        notes.append(
            MSG("other_content", lang, old=answers.content_version or "?", new=content.version)
        )
    unknown = answers.unknown_ids(content)
    if unknown:
        notes.append(MSG("unknown_ids", lang, ids=", ".join(unknown)))
    bad = invalid_values(answers, content)
    if bad:
        notes.append(MSG("bad_values", lang, ids=", ".join(bad)))
    return notes
