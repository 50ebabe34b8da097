"""The questionnaire at a terminal: asks the steps of a Flow and saves after every change.

A digit and Enter answer a statement and move on: two keys. The walk goes from open question to
open question (flow.py says which are open), so a resume never passes what is answered. `--review`
walks through every question of the round; a jump into a finished dimension walks through that
dimension. A note and evidence are asked only when the user wants them (`4+`, or `+` alone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from m2w_tool.answers import Answers, fits, small_int
from m2w_tool.content import Dimension
from m2w_tool.i18n import N_, _
from m2w_tool.questionnaire.flow import EDITOR_KINDS, MULTILINE_KINDS, ON_REQUEST_KINDS, Flow, Step
from m2w_tool.questionnaire.helptext import help_text
from m2w_tool.questionnaire.helptext import show as show_help
from m2w_tool.questionnaire.keys import Command, RatingRefused, parse_command, parse_rating, rating_key
from m2w_tool.questionnaire.screen import Screen
from m2w_tool.questionnaire.show import Display
from m2w_tool.questionnaire.store import current_text, store
from m2w_tool.questionnaire.texts import KEEP, TextInput

# Prompt labels of the text steps, by step kind.
TEXT_LABELS = {
    "note": N_("Note"),
    "evidence": N_("Evidence"),
    "action_who": N_("Who takes it up"),
    "action_when": N_("By when"),
}


@dataclass(frozen=True)
class Move:
    name: str  # next, skip, back, jump, open, quit
    target: Dimension | None = None


class Session:
    """Asks the steps of a Flow at the terminal, saving after every change."""

    def __init__(self, flow: Flow, answers: Answers, save: Callable[[], None], lang: str, *,
                 editor: bool = False, review: bool = False, screen: Screen | None = None) -> None:  # fmt: skip
        self.flow, self.answers, self.save, self.lang = flow, answers, save, lang
        self.screen = screen or Screen()
        self.display = Display(self.screen, flow.content, lang)
        self.texts = TextInput(self.screen, editor)
        self.fresh = flow.fresh_dimensions(answers)  # dimensions met for the first time: all of it is asked
        self.walk_all: set[str] = {d.id for d in flow.dimensions} if review else set()
        self.details: str | None = None  # the statement whose note and evidence the user asked for
        self.history: list[int] = []  # the questions asked, for "back"
        self.visited: set[str] = set()  # dimensions something was asked of (their score is shown)

    def start(self) -> int | None:
        """Where the walk begins: the first question of the round in a review, else the first open
        question (not an empty reflection before it: optional texts left empty stay behind)."""
        if self.walk_all:
            return self._walk_from(0) if self.flow.steps else None
        return self.flow.first_open(self.answers)

    # -- the loop

    def run(self, start: int) -> bool:
        """Ask from step `start` until nothing is left to ask; False when the user quit."""
        i: int | None = start
        while i is not None:
            step = self.flow.steps[i]
            self.display.headers(step)
            self.visited.add(step.dim.id)
            move = self.ask(i)
            if move.name == "quit":
                return False
            j = self._target(i, move)
            if j != i and move.name != "back":
                self._remember(i)
            if j is None or self.flow.steps[j].dim.id != step.dim.id:
                self._leave(step.dim, move)
            i = j
        return True

    def _target(self, i: int, move: Move) -> int | None:
        if move.name == "next":
            return self._after(i)
        if move.name == "skip":
            self.details = None
            return self._walk_from(self.flow.skip(i, self.answers))
        if move.name == "open":
            return self._next_open(i)
        if move.name == "jump":
            return self._jump(move.target)
        return self._back(i)

    def _after(self, i: int) -> int | None:
        """After step i: the details of its question the user wants, then the next question of the walk."""
        j = self.flow.next(i, self.answers)
        while j is not None and not self.flow.steps[j].is_anchor:
            if self._wants_detail(j):
                return j
            j = self.flow.next(j, self.answers)
        self.details = None
        return self._walk_from(j)

    def _wants_detail(self, j: int) -> bool:
        step = self.flow.steps[j]
        everything = step.dim.id in self.walk_all
        if step.kind == "how_well":
            return everything or not self.flow.is_answered(j, self.answers)
        if step.kind in ON_REQUEST_KINDS:
            return self.details == step.question.id or (everything and bool(current_text(self.answers, step)))
        return True  # who takes up the action just given, and by when

    def _walk_from(self, j: int | None) -> int | None:
        """The first step from j on where the walk stops: any question of a dimension walked through
        as a whole, else an open one."""
        while j is not None:
            step = self.flow.steps[j]
            if step.is_anchor if step.dim.id in self.walk_all else self.flow.is_open(j, self.answers, self.fresh):
                return j
            j = self.flow.next(j, self.answers)
        return None

    def _next_open(self, i: int) -> int:
        j = self.flow.next_open(i, self.answers, self.fresh, wrap=True)
        if j is None:
            self.screen.hint(_("No other question is open."))
            return i
        self.details = None
        return j

    def _jump(self, dim: Dimension) -> int:
        """To a dimension's first open question; a finished dimension is walked through from its start."""
        self.details = None
        self.display.shown_dim = None
        j = self.flow.first_open_in(dim, self.answers, self.fresh)
        if j is None:
            self.walk_all.add(dim.id)
            j = self.flow.start_of(dim)
        return j

    def _back(self, i: int) -> int:
        """To the question asked before this one (a detail goes to its own question first)."""
        if not self.flow.steps[i].is_anchor:
            return self.flow.anchor_of(i)
        while self.history:
            j = self.history.pop()
            if j != i and self.flow.applies(j, self.answers):
                return j
        j = self.flow.back(i, self.answers)
        if j is None:
            self.screen.hint(_("This is the first question."))
            return i
        return j

    def _remember(self, i: int) -> None:
        anchor = self.flow.anchor_of(i)
        if not self.history or self.history[-1] != anchor:
            self.history.append(anchor)

    def _leave(self, dim: Dimension, move: Move) -> None:
        """Leaving a dimension on the way forward: its score and level in one line."""
        if move.name in ("next", "skip") and dim.id in self.visited:
            self.display.score_line(self.flow, dim, self.answers)

    # -- one step

    def ask(self, i: int) -> Move:
        step = self.flow.steps[i]
        if step.is_anchor:
            self.screen.blank()  # every question starts after a blank line
            # One progress line per block is enough: not again for the target or further actions.
            if step.kind != "target" and not (step.kind == "action_what" and step.index > 0):
                self.screen.say(self.flow.progress(i, self.answers).describe(), dim=True)
        self.display.step(step)
        while True:
            result = self._ask_once(step)
            if isinstance(result, Command):
                move = self._command(result, step)
                if move is not None:
                    return move
                continue
            if result is not KEEP and store(self.flow, self.answers, step, result):
                self.save()
            return Move("next")

    def _command(self, cmd: Command, step: Step) -> Move | None:
        """A move for the loop, or None to ask the same step again."""
        if cmd.name == "help":
            self.screen.blank()
            show_help(self.screen, help_text(self.texts.editor))
        elif cmd.name in ("skip", "back", "quit", "open"):
            return Move(cmd.name)
        elif cmd.name == "jump":
            return self._jump_command(cmd, step)
        elif cmd.name == "edit":
            self.screen.hint(_("e works at a text: a note, a reflection, an action."))
        elif cmd.name == "details":
            self.screen.hint(_("A + after a rating adds a note or evidence to a statement, e.g. 4+."))
        return None

    def _jump_command(self, cmd: Command, step: Step) -> Move | None:
        known = ", ".join(d.short_id for d in self.flow.dimensions)
        if not cmd.arg:
            example = self.flow.dimensions[-1].short_id
            self.screen.hint(_("Type j and a dimension, e.g. j %(example)s. In this round: %(known)s.",
                               example=example, known=known))  # fmt: skip
            return None
        target = self.flow.find_dimension(cmd.arg, near=step.dim)
        if target is None:
            self.screen.hint(_("%(key)s is not part of this round. Choose from: %(known)s.", key=cmd.arg, known=known))
            return None
        return Move("jump", target)

    def _ask_once(self, step: Step):
        """Read one answer for `step`: a Command, KEEP, or the new value (None clears a rating)."""
        if step.kind in ("value", "how_well"):
            return self._ask_rating(step)
        if step.kind == "importance":
            dim = self.answers.dimensions.get(step.dim.id)
            return self._ask_choice(_("Importance"), self.flow.importance_values, dim.importance if dim else None)
        if step.kind == "target":
            return self._ask_target(step)
        label = self._text_label(step)
        current = current_text(self.answers, step)
        return self.texts.ask(label, current, multiline=step.kind in MULTILINE_KINDS, long=step.kind in EDITOR_KINDS)

    def _ask_rating(self, step: Step):
        q, how = step.question, step.kind == "how_well"
        scale = self.flow.content.scales[q.how_well if how else q.scale]
        asked = None if how else q  # "how well" has no "not applicable"
        answer = self.answers.answers.get(q.id)
        current = None if answer is None else (answer.how_well if how else answer.value)
        shown = "" if current is None or not fits(current, scale, asked) else rating_key(current)
        while True:
            text = self.screen.read(_("How well") if how else _("Answer"), shown)
            if shown and text.strip() == shown:
                return KEEP
            try:
                reply = parse_rating(text, scale, asked)
            except RatingRefused as exc:
                self.screen.hint(_("%(problem)s (s = skip, h = help)", problem=exc))
                continue
            return self._rating_reply(reply, q.id)

    def _rating_reply(self, reply, question_id: str):
        if isinstance(reply, Command):
            if reply.name == "details":
                self.details = question_id
                return KEEP
            return None if reply.name == "clear" else reply
        if reply.details:
            self.details = question_id
        return reply.value

    def _ask_target(self, step: Step):
        ids = self.flow.level_ids
        current = self.answers.dimensions.get(step.dim.id)
        shown = ids.index(current.target) + 1 if current and current.target in ids else None
        chosen = self._ask_choice(_("Target"), tuple(range(1, len(ids) + 1)), shown)
        return ids[chosen - 1] if isinstance(chosen, int) else chosen

    def _ask_choice(self, label: str, values: tuple[int, ...], current):
        shown = str(current) if current in values else ""
        choices = _("Choose %(choices)s.", choices=f"{values[0]}-{values[-1]}")
        while True:
            text = self.screen.read(label, shown)
            if shown and text.strip() == shown:
                return KEEP
            cmd = parse_command(text)
            if cmd is not None:
                return None if cmd.name == "clear" else cmd
            if small_int(text) in values:
                return small_int(text)
            self.screen.hint(_("%(problem)s (s = skip, h = help)", problem=choices))

    def _text_label(self, step: Step) -> str:
        if step.kind == "reflection":
            return ">"
        if step.kind == "action_what":
            return _("Action %(n)s", n=step.index + 1)
        return _(TEXT_LABELS[step.kind])
