"""The answers file in memory: what one respondent (or a group) said. Pure data, no reading or writing.

An answer's `value` is a number on its scale, `n/a` (not applicable) or `dont_know` (don't know);
neither of the last two is scored. Keys this version of m2w does not know (written by another
version or another tool) are kept in `extra` at every level and written back as they were.

Reading and writing the file: m2w_tool.answers (and m2w_tool.answers_schema for what it may hold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

NA = "n/a"  # the answer "not applicable"
DONT_KNOW = "dont_know"  # the answer "don't know"; like n/a never scored, but shown as a knowledge gap

Value = int | float | str | None  # a scale value, NA, DONT_KNOW, or None when not answered


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


MAX_ACTIONS = 3  # actions per dimension, in every route: prompt, browser, sheet, workbook
ACTION_STATUSES = ("planned", "started", "done")  # how far an action is; the first is the default
# Words read as a status besides the ids themselves (an answers file is edited by hand too).
STATUS_WORDS = {
    "gepland": "planned", "te doen": "planned", "todo": "planned", "to do": "planned",
    "gestart": "started", "bezig": "started", "begonnen": "started", "in progress": "started",
    "klaar": "done", "gedaan": "done", "afgerond": "done", "finished": "done",
}  # fmt: skip


def status_word(raw: Any) -> str | None:
    """The status id a written word means ("" or None: planned); None for a word that is no status."""
    word = " ".join(str(raw or "").split()).lower()
    if not word:
        return ACTION_STATUSES[0]
    return word if word in ACTION_STATUSES else STATUS_WORDS.get(word)


@dataclass
class Action:
    """One of the team's own actions for a dimension; its `status` follows it from round to round."""

    what: str
    who: str = ""
    when: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # keys other versions wrote; kept as is
    status: str = ACTION_STATUSES[0]  # planned, started or done

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what, "who": self.who, "when": self.when}
        if self.status and self.status != ACTION_STATUSES[0]:  # files without statuses stay as they were
            out["status"] = self.status
        out.update(self.extra)
        return out


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


FORMAT_KEY = "m2w_answers"
FORMAT_VERSION = 1


@dataclass
class Answers:
    """One answers file in memory."""

    initiative: dict[str, str] = field(default_factory=lambda: {"name": "", "organisation": "", "region": ""})
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
    content_extra: dict[str, Any] = field(default_factory=dict)  # other keys of the `content` section

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
        return sorted([q for q in self.answers if q not in known_q] + [d for d in self.dimensions if d not in known_d])

    def _content_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": self.content_version, "sha256": self.content_sha256}
        if self.upgraded_from:
            out["upgraded_from"] = dict(self.upgraded_from)
        out.update(self.content_extra)
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
