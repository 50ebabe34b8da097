"""The questionnaire as a pure state machine over the questions of the chosen dimensions.

Which steps apply given the answers so far, which are open, where to resume, what "next", "back",
"skip" and "jump" lead to, and how far along the user is. No input, no output: `Session` asks.

A step is a question (an *anchor*: a statement, a reflection question, importance, target, an action)
or a detail of one (how well a quality criterion works, a statement's note and evidence, who takes an
action up and by when). The walk stops at *open* steps only: an unanswered statement, "how well",
importance or target; and, in a dimension whose closing questions were still open when the session
began (`fresh`), an empty reflection and the next empty action. So a resume never walks through what
is answered; `--review` walks through everything.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

from m2w_tool.answers import DONT_KNOW, NA, Action, Answers, fits, small_int
from m2w_tool.answers_model import MAX_ACTIONS
from m2w_tool.content import Content, Dimension, Question
from m2w_tool.i18n import _
from m2w_tool.labels import importance_values

# Step kinds in the order they are asked within a dimension. Reflection comes before importance
# and target: thinking first makes the judgement better.
STATEMENT_KINDS = ("value", "how_well", "note", "evidence")
# Reflections are the long answers; other texts are one line unless the user asks for more.
MULTILINE_KINDS = ("reflection",)
# The long texts that --editor opens the editor for; short ones (who, by when) stay inline.
EDITOR_KINDS = ("note", "evidence", "reflection")
# An anchor is what "back" returns to and what "skip" moves on to: a question, not its details.
ANCHOR_KINDS = ("value", "reflection", "importance", "target", "action_what")
# Questions whose answer counts towards "% done".
COUNTED_KINDS = ("value", "importance", "target")
# Questions that are open until answered: where resume and "next open" go.
OPEN_KINDS = ("value", "how_well", "importance", "target")
# A statement's note and evidence: asked only when the user wants them (`4+`, `+`).
ON_REQUEST_KINDS = ("note", "evidence")


@dataclass(frozen=True)
class Step:
    kind: str
    dim: Dimension
    question: Question | None = None
    index: int = 0  # 0-based: the statement (among those asked), reflection question or action

    @property
    def is_anchor(self) -> bool:
        return self.kind in ANCHOR_KINDS

    @property
    def number(self) -> int:
        """A statement's number within its dimension, as the workbook and the browser show it."""
        return self.dim.questions.index(self.question) + 1 if self.question else self.index + 1


@dataclass(frozen=True)
class Progress:
    module: str
    dim_number: int  # 1-based position of the dimension within its module in this round
    dim_total: int
    part: str  # statement, reflection, closing, action
    part_number: int
    part_total: int
    percent: int

    def describe(self) -> str:
        quality = self.module == "quality"
        where = {"n": self.dim_number, "total": self.dim_total}
        pieces = [_("component %(n)s of %(total)s", **where) if quality else _("dimension %(n)s of %(total)s", **where)]
        part = {"n": self.part_number, "total": self.part_total}
        if self.part == "statement":
            pieces.append(
                _("criterion %(n)s of %(total)s", **part) if quality else _("statement %(n)s of %(total)s", **part)
            )
        elif self.part == "closing":
            pieces.append(_("importance and target"))
        elif self.part == "reflection":
            pieces.append(_("reflection question %(n)s of %(total)s", **part))
        else:
            pieces.append(_("action %(n)s of %(total)s", **part))
        pieces.append(_("%(n)s%% done", n=self.percent))
        return " · ".join(pieces)


def asked_questions(dim: Dimension, quick: bool) -> tuple[Question, ...]:
    """The statements asked of a dimension: all of them, or those of the quick scan."""
    return dim.quick_questions if quick else dim.questions


def build_steps(dimensions: list[Dimension], quick: bool = False) -> list[Step]:
    """Every step that could be asked for `dimensions`, in order; `Flow.applies` filters them.
    A quick scan asks its statements only: no reflection, importance, target or actions."""
    steps: list[Step] = []
    for dim in dimensions:
        for i, q in enumerate(asked_questions(dim, quick)):
            steps += [Step(kind, dim, q, i) for kind in STATEMENT_KINDS]
        if quick:
            continue
        steps += [Step("reflection", dim, None, i) for i in range(len(dim.reflection))]
        steps += [Step("importance", dim), Step("target", dim)]
        for i in range(MAX_ACTIONS):
            steps += [Step(kind, dim, None, i) for kind in ("action_what", "action_who", "action_when")]
    return steps


class Flow:
    """Position, open questions, next, back, skip, jump and progress over some dimensions."""

    def __init__(self, content: Content, dimensions: list[Dimension], quick: bool = False) -> None:
        self.content = content
        # A quick scan leaves out what has no quick-scan statement (content without a quick scan).
        self.dimensions = [d for d in dimensions if d.quick_questions or not quick]
        self.quick = quick
        self.steps = build_steps(self.dimensions, quick)
        self.importance_values = importance_values(content)
        self._starts: dict[str, int] = {}
        for i, step in enumerate(self.steps):
            self._starts.setdefault(step.dim.id, i)

    # -- what applies and what is answered

    def applies(self, i: int, answers: Answers) -> bool:
        step = self.steps[i]
        if step.kind == "how_well":
            return self.wants_how_well(step.question, answers)
        if step.kind in ("action_who", "action_when"):
            return len(self._actions(step, answers)) > step.index
        if step.kind == "action_what" and step.index > 0:
            return len(self._actions(step, answers)) >= step.index
        return True

    def wants_how_well(self, question: Question, answers: Answers) -> bool:
        """Quality criteria get 'how well' when they are at least partly in place."""
        if question.how_well is None:
            return False
        answer = answers.answers.get(question.id)
        scale = self.content.scales[question.scale]
        value = answer.value if answer else None
        return value not in (None, NA, DONT_KNOW) and fits(value, scale) and value > scale.low

    def _actions(self, step: Step, answers: Answers) -> list[Action]:
        dim = answers.dimensions.get(step.dim.id)
        return dim.actions if dim else []

    def is_answered(self, i: int, answers: Answers) -> bool:
        """Whether step i has an answer that fits its scale (texts always count as answered)."""
        step = self.steps[i]
        if step.kind in ("value", "how_well"):
            answer = answers.answers.get(step.question.id)
            if answer is None:
                return False
            value = answer.value if step.kind == "value" else answer.how_well
            scale_id = step.question.scale if step.kind == "value" else step.question.how_well
            question = step.question if step.kind == "value" else None
            return value is not None and fits(value, self.content.scales[scale_id], question)
        dim = answers.dimensions.get(step.dim.id)
        if step.kind == "importance":
            return dim is not None and dim.importance in self.importance_values
        if step.kind == "target":
            return dim is not None and dim.target in self.level_ids
        return True

    @property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(level.id for level in self.content.levels)

    # -- open questions

    def is_open(self, i: int, answers: Answers, fresh: Collection[str] = ()) -> bool:
        """Whether the walk stops at step i: an open question, or an empty reflection or the next
        empty action of a dimension in `fresh` (see the module's docstring)."""
        step = self.steps[i]
        if not self.applies(i, answers):
            return False
        if step.kind in OPEN_KINDS:
            return not self.is_answered(i, answers)
        if step.dim.id not in fresh:
            return False
        dim = answers.dimensions.get(step.dim.id)
        if step.kind == "reflection":
            given = dim.reflections if dim else []
            return step.index >= len(given) or not given[step.index].strip()
        if step.kind == "action_what":
            return step.index == len(dim.actions if dim else [])
        return False

    def next_open(self, i: int, answers: Answers, fresh: Collection[str] = (), wrap: bool = False) -> int | None:
        """The first open step after step i (from the start when i is -1); with `wrap`, the search
        goes on from the first step up to i. None when nothing is open."""
        order = list(range(i + 1, len(self.steps))) + (list(range(0, max(i, 0))) if wrap else [])
        return next((j for j in order if self.is_open(j, answers, fresh)), None)

    def first_open(self, answers: Answers) -> int | None:
        """The first question that still needs an answer, or None when every one has one."""
        return self.next_open(-1, answers)

    def open_count(self, answers: Answers) -> int:
        """How many questions are still open (statements, how well, importance, target)."""
        return sum(1 for i in range(len(self.steps)) if self.is_open(i, answers))

    def fresh_dimensions(self, answers: Answers) -> frozenset[str]:
        """The dimensions whose importance or target is open: their reflections and actions are
        part of the walk (the first time through)."""
        closing = [i for i, s in enumerate(self.steps) if s.kind in ("importance", "target")]
        return frozenset(self.steps[i].dim.id for i in closing if not self.is_answered(i, answers))

    def first_open_in(self, dim: Dimension, answers: Answers, fresh: Collection[str] = ()) -> int | None:
        """The first open step of `dim`, or None when all of it is answered."""
        for j in range(self.start_of(dim), len(self.steps)):
            if self.steps[j].dim.id != dim.id:
                return None
            if self.is_open(j, answers, fresh):
                return j
        return None

    # -- moving

    def next(self, i: int, answers: Answers) -> int | None:
        """The next step that applies after step i, or None at the end."""
        for j in range(i + 1, len(self.steps)):
            if self.applies(j, answers):
                return j
        return None

    def skip(self, i: int, answers: Answers) -> int | None:
        """Leave step i (and its details) and go to the next question."""
        for j in range(i + 1, len(self.steps)):
            if self.steps[j].is_anchor and self.applies(j, answers):
                return j
        return None

    def back(self, i: int, answers: Answers) -> int | None:
        """Back one question: from a detail to its question, from a question to the previous one.
        None when step i is the first question."""
        if not self.steps[i].is_anchor:
            return self.anchor_of(i)
        for j in range(i - 1, -1, -1):
            if self.steps[j].is_anchor and self.applies(j, answers):
                return j
        return None

    def anchor_of(self, i: int) -> int:
        while not self.steps[i].is_anchor:
            i -= 1
        return i

    def start_of(self, dim: Dimension) -> int:
        return self._starts[dim.id]

    def find_dimension(self, key: str, near: Dimension | None = None) -> Dimension | None:
        """A dimension of this round by id (d07-people), short id (d07, d7) or number within the
        module of `near` (7)."""
        key = key.strip().lower()
        if small_int(key) is not None and near is not None:
            candidates = [d for d in self.dimensions if d.module == near.module and d.number == small_int(key)]
            return candidates[0] if candidates else None
        if len(key) >= 2 and key[0] in "dq" and key[1:].isdecimal() and small_int(key[1:]) is not None:
            key = f"{key[0]}{small_int(key[1:]):02d}"
        return next((d for d in self.dimensions if key in (d.id, d.short_id)), None)

    # -- how far along

    def counted(self) -> list[int]:
        return [i for i, s in enumerate(self.steps) if s.kind in COUNTED_KINDS]

    def percent(self, answers: Answers) -> int:
        counted = self.counted()
        done = sum(self.is_answered(i, answers) for i in counted)
        return math.floor(100 * done / len(counted)) if counted else 100

    def progress(self, i: int, answers: Answers) -> Progress:
        step = self.steps[i]
        same_module = [d for d in self.dimensions if d.module == step.dim.module]
        if step.kind in STATEMENT_KINDS:
            part, number, total = "statement", step.index + 1, len(asked_questions(step.dim, self.quick))
        elif step.kind == "reflection":
            part, number, total = "reflection", step.index + 1, len(step.dim.reflection)
        elif step.kind in ("importance", "target"):
            part, number, total = "closing", 0, 0
        else:
            part, number, total = "action", step.index + 1, MAX_ACTIONS
        position = same_module.index(step.dim) + 1
        return Progress(step.dim.module, position, len(same_module), part, number, total, self.percent(answers))
