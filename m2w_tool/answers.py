"""The answers file: the seam between asking (assess, import) and everything after (report, compare).

Human-readable YAML with a format version. Saved atomically (temporary file, flush, fsync,
replace) so the file on disk is always complete. Values this version of m2w does not know (an id
from older content, an extra key) are kept and written back: nothing is ever dropped silently.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from m2w_tool.errors import AnswersError
from m2w_tool.yamlsource import format_path, load_located

FORMAT_KEY = "m2w_answers"
FORMAT_VERSION = 1
NA = "n/a"

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

    initiative: dict[str, str] = field(default_factory=lambda: {"name": "", "organisation": "", "region": ""})
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
            [q for q in self.answers if q not in known_q] + [d for d in self.dimensions if d not in known_d]
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


def _str_representer(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-line notes read best as blocks; the emitter falls back to quotes when a block cannot hold them.
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_answers(answers: Answers) -> str:
    """The YAML text of an answers file."""
    return yaml.dump(
        answers.to_yaml(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash at any moment leaves the old or the new file whole."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def save_answers(answers: Answers, path: Path, touch: bool = True) -> None:
    """Write the answers file atomically, updating its `updated` time."""
    if touch:
        answers.updated = now_iso()
    write_atomic(Path(path), dump_answers(answers))


# --- reading ---------------------------------------------------------------------------------


def _fail(label: str, located, path: tuple, message: str) -> AnswersError:
    line, col = located.position(path)
    where = f"{label}:{line}:{col}: " + (f"{format_path(path)}: " if path else "")
    return AnswersError(where + message)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _value(raw: Any, label: str, located, path: tuple) -> Value:
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise _fail(label, located, path, "must be a number or 'n/a'")
    if isinstance(raw, int | float):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in (NA, "na", "n.v.t.", "nvt"):
        return NA
    raise _fail(label, located, path, f"must be a number or 'n/a', not {raw!r}")


def answers_from_data(data: Any, label: str, located) -> Answers:
    """Build Answers from parsed YAML, with a located error for anything malformed."""
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise _fail(label, located, (), f"this is not an m2w answers file (no '{FORMAT_KEY}' key)")
    version = data[FORMAT_KEY]
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _fail(label, located, (FORMAT_KEY,), f"format {version!r} is newer than this m2w understands ({FORMAT_VERSION}); update m2w")
    result = Answers()
    known = {FORMAT_KEY, "content", "initiative", "respondent", "language", "started", "updated", "scope", "answers", "dimensions"}
    result.extra = {k: v for k, v in data.items() if k not in known}
    for key in ("content", "initiative", "respondent", "scope", "answers", "dimensions"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise _fail(label, located, (key,), "must be a mapping of keys and values")
    content = data.get("content") or {}
    result.content_version = _text(content.get("version"))
    result.content_sha256 = _text(content.get("sha256"))
    result.initiative.update({k: _text(v) for k, v in (data.get("initiative") or {}).items()})
    result.respondent.update({k: _text(v) for k, v in (data.get("respondent") or {}).items()})
    result.language = _text(data.get("language") or "nl")
    result.started = _text(data.get("started") or result.started)
    result.updated = _text(data.get("updated") or result.updated)
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
            raise _fail(label, located, path, "must be a mapping of keys and values")
        importance = _value(raw.get("importance"), label, located, path + ("importance",))
        if importance == NA:
            importance = None
        actions = []
        for i, act in enumerate(raw.get("actions") or []):
            if not isinstance(act, dict):
                raise _fail(label, located, path + ("actions", i), "an action needs 'what', 'who' and 'when'")
            actions.append(Action(_text(act.get("what")), _text(act.get("who")), _text(act.get("when"))))
        reflections = raw.get("reflections") or []
        if not isinstance(reflections, list):
            raise _fail(label, located, path + ("reflections",), "must be a list of texts")
        known_d = ("importance", "target", "reflections", "actions")
        result.dimensions[str(did)] = DimensionAnswers(
            importance=importance,
            target=_text(raw.get("target")) or None,
            reflections=[_text(r) for r in reflections],
            actions=actions,
            extra={k: v for k, v in raw.items() if k not in known_d},
        )
    return result


def load_answers(path: Path | str) -> Answers:
    """Read an answers file; any problem becomes an AnswersError saying where and what."""
    path = Path(path)
    label = str(path)
    if not path.exists():
        raise AnswersError(f"{label}: file not found")
    located, problems = load_located(path, label)
    if located is None:
        raise AnswersError("\n".join(str(p) for p in problems))
    return answers_from_data(located.data, label, located)
