"""The interactive questionnaire behind `m2w assess`.

Two layers. `Flow` is a pure state machine over the questions of the chosen dimensions: which
steps apply given the answers so far, where to resume, what "next", "back", "skip" and "jump" lead
to, and how far along the user is. `Session` asks the steps with click prompts (so tests drive it
with CliRunner input) and saves the answers file after every answer that changes something.
`assess` ties both to a file on disk: lock, load or create, first-run details, resume or review.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from m2w_tool.answers import (
    DONT_KNOW,
    MAX_TEXT,
    NA,
    Action,
    Answers,
    check_file_size,
    choices_text,
    content_notes,
    fits,
    load_answers,
    parse_value,
    save_answers,
    small_int,
    text_too_long,
)
from m2w_tool.content import Content, Dimension, Question, choose_dimensions
from m2w_tool.errors import AnswersError
from m2w_tool.i18n import N_, _, set_lang
from m2w_tool.lock import AnswersLock
from m2w_tool.safetext import terminal

MAX_ACTIONS = 3
IMPORTANCE = (1, 2, 3, 4, 5)

# The questionnaire asks in the language of the answers file: one whose content texts exist.
QUESTIONNAIRE_LANGS = ("nl", "en")

IMPORTANCE_LABELS = {
    1: N_("Hardly important"),
    2: N_("Slightly important"),
    3: N_("Important"),
    4: N_("Very important"),
    5: N_("Crucial"),
}

# Prompt labels of the free-text steps, by step kind.
TEXT_LABELS = {
    "note": N_("Note (optional)"),
    "evidence": N_("Evidence (optional)"),
    "action_who": N_("Who takes it up"),
    "action_when": N_("By when"),
    "importance": N_("Importance"),
    "target": N_("Target"),
}

# Prompt labels of the initiative and respondent details, by field.
INTRO_LABELS = {
    "initiative_name": N_("Name of the initiative"),
    "initiative_organisation": N_("Organisation"),
    "initiative_region": N_("Region"),
    "respondent_name": N_("Your name (optional)"),
    "respondent_role": N_("Your role, e.g. coordinator (optional)"),
}

# --- the pure state machine -----------------------------------------------------------------

# Step kinds in the order they are asked within a dimension. Reflection comes before importance
# and target: thinking first makes the judgement better, and it keeps the optional texts before
# the questions resume looks for, so quitting halfway through a reflection resumes right after it.
STATEMENT_KINDS = ("value", "how_well", "note", "evidence")
# Reflections are the long answers; other texts are one line, or the editor (`e`) for more.
MULTILINE_KINDS = ("reflection",)
# The long texts that --editor opens the editor for; short ones (who, by when) stay inline.
EDITOR_KINDS = ("note", "evidence", "reflection")
# An anchor is what "back" returns to and what "skip" moves on to: a question, not its details.
ANCHOR_KINDS = ("value", "reflection", "importance", "target", "action_what")
# Questions whose answer counts towards "% done" and that resume looks for.
COUNTED_KINDS = ("value", "importance", "target")


@dataclass(frozen=True)
class Step:
    kind: str
    dim: Dimension
    question: Question | None = None
    index: int = 0  # 0-based: the statement, reflection question or action this step is about

    @property
    def is_anchor(self) -> bool:
        return self.kind in ANCHOR_KINDS


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
            pieces.append(_("criterion %(n)s of %(total)s", **part) if quality else _("statement %(n)s of %(total)s", **part))
        elif self.part == "closing":
            pieces.append(_("importance and target"))
        elif self.part == "reflection":
            pieces.append(_("reflection question %(n)s of %(total)s", **part))
        else:
            pieces.append(_("action %(n)s of %(total)s", **part))
        pieces.append(_("%(n)s%% done", n=self.percent))
        return " · ".join(pieces)


def build_steps(dimensions: list[Dimension]) -> list[Step]:
    """Every step that could be asked for `dimensions`, in order; `Flow.applies` filters them."""
    steps: list[Step] = []
    for dim in dimensions:
        for i, q in enumerate(dim.questions):
            steps += [Step(kind, dim, q, i) for kind in STATEMENT_KINDS]
        steps += [Step("reflection", dim, None, i) for i in range(len(dim.reflection))]
        steps += [Step("importance", dim), Step("target", dim)]
        for i in range(MAX_ACTIONS):
            steps += [
                Step(kind, dim, None, i) for kind in ("action_what", "action_who", "action_when")
            ]
    return steps


class Flow:
    """Position, next, back, skip, jump and progress over the questions of some dimensions."""

    def __init__(self, content: Content, dimensions: list[Dimension]) -> None:
        self.content = content
        self.dimensions = list(dimensions)
        self.steps = build_steps(self.dimensions)
        self._starts = {}
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
            return value is not None and fits(value, self.content.scales[scale_id])
        dim = answers.dimensions.get(step.dim.id)
        if step.kind == "importance":
            return dim is not None and dim.importance in IMPORTANCE
        if step.kind == "target":
            return dim is not None and dim.target in self.level_ids
        return True

    @property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(level.id for level in self.content.levels)

    def first_open(self, answers: Answers) -> int | None:
        """Where to resume: the first question that still needs an answer, or None when done."""
        for i, step in enumerate(self.steps):
            if (
                step.kind in (*COUNTED_KINDS, "how_well")
                and self.applies(i, answers)
                and not self.is_answered(i, answers)
            ):
                return i
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
            candidates = [
                d for d in self.dimensions if d.module == near.module and d.number == small_int(key)
            ]
            return candidates[0] if candidates else None
        if len(key) >= 2 and key[0] in "dq" and key[1:].isdecimal() and small_int(key[1:]) is not None:
            key = f"{key[0]}{small_int(key[1:]):02d}"
        for d in self.dimensions:
            if key in (d.id, d.short_id):
                return d
        return None

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
            part, number, total = "statement", step.index + 1, len(step.dim.questions)
        elif step.kind == "reflection":
            part, number, total = "reflection", step.index + 1, len(step.dim.reflection)
        elif step.kind in ("importance", "target"):
            part, number, total = "closing", 0, 0
        else:
            part, number, total = "action", step.index + 1, MAX_ACTIONS
        return Progress(
            step.dim.module,
            same_module.index(step.dim) + 1,
            len(same_module),
            part,
            number,
            total,
            self.percent(answers),
        )


# --- reading what the user types ---------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str  # skip, back, jump, help, quit, edit, clear; again (ask the same step once more)
    arg: str = ""


_COMMANDS = {
    "s": "skip",
    "b": "back",
    "?": "help",
    "h": "help",
    "q": "quit",
    "e": "edit",
    "-": "clear",
    "j": "jump",
}


def parse_command(text: str) -> Command | None:
    """`s`, `b`, `j d07`, `?`, `q`, `e`, `-` typed at any prompt; None for anything else."""
    words = text.strip().lower().split()
    if not words or words[0] not in _COMMANDS:
        return None
    name = _COMMANDS[words[0]]
    if name == "jump":
        return Command("jump", " ".join(words[1:]))
    return Command(name) if len(words) == 1 else None


_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def clean_text(text: str) -> str:
    """Typed text as stored: no trailing spaces on lines, no blank lines around it, no control
    characters a stray key sent (Ctrl-L, an arrow key without line editing), valid UTF-8."""
    # Bytes a terminal sent that are not UTF-8 arrive as lone surrogates, which cannot be saved.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").translate(_CONTROL)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


# --- the interactive session -----------------------------------------------------------------

KEEP = object()  # the user pressed Enter on an existing answer


def _width() -> int:
    return max(40, min(88, shutil.get_terminal_size((88, 24)).columns) - 2)


@dataclass(frozen=True)
class _Move:
    name: str  # next, skip, back, jump, quit
    target: Dimension | None = None


class Session:
    """Asks the steps of a Flow with click prompts, saving after every change."""

    def __init__(
        self,
        flow: Flow,
        answers: Answers,
        save: Callable[[], None],
        lang: str,
        *,
        editor: bool = False,
    ) -> None:
        self.flow = flow
        self.answers = answers
        self.save = save
        self.lang = lang
        self.editor = editor
        self._shown_dim: str | None = None
        self._shown_module: str | None = None
        self._shown_question: str | None = None

    # -- output helpers

    def say(self, text: str = "", indent: int = 2, hang: int = 0, **style) -> None:
        """Print wrapped text; `hang` indents continuation lines further (under a "1. " prefix).

        Everything shown goes through safetext.terminal: content and answers may hold escape
        sequences that would otherwise reach the terminal."""
        pad = " " * indent
        for para in terminal(text).split("\n"):
            wrapped = (
                textwrap.fill(
                    para,
                    _width(),
                    initial_indent=pad,
                    subsequent_indent=pad + " " * hang,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                if para
                else ""
            )
            click.echo(click.style(wrapped, **style) if style and wrapped else wrapped)

    def hint(self, text: str) -> None:
        self.say(text, indent=4, fg="yellow")

    def read(self, label: str, default: str = "") -> str:
        """One line from the user; `default` is shown in brackets and returned for Enter."""
        colon = "" if label.endswith(">") else ":"
        label, shown_default = terminal(label, one_line=True), terminal(default, one_line=True)
        shown = f"  {label} [{shown_default}]{colon}" if default else f"  {label}{colon}"
        text = click.prompt(shown, default="", show_default=False, prompt_suffix=" ")
        return text if text.strip() else default

    # -- the loop

    def run(self, start: int) -> bool:
        """Ask from step `start` to the end; False when the user quit."""
        i: int | None = start
        while i is not None:
            if not self.flow.applies(i, self.answers):
                i = self.flow.next(i, self.answers)
                continue
            step = self.flow.steps[i]
            self._headers(step)
            move = self.ask(i)
            if move.name == "quit":
                return False
            if move.name == "next":
                i = self.flow.next(i, self.answers)
            elif move.name == "skip":
                i = self.flow.skip(i, self.answers)
            elif move.name == "back":
                back = self.flow.back(i, self.answers)
                if back is None:
                    self.hint(_("This is the first question."))
                else:
                    i = back
            elif move.name == "jump":
                i = self.flow.start_of(move.target)
                self._shown_dim = None
        return True

    def _headers(self, step: Step) -> None:
        if step.dim.module != self._shown_module:
            self._shown_module = step.dim.module
            click.echo()
            self.say(
                self.flow.content.module(step.dim.module).title(self.lang),
                indent=2,
                bold=True,
                underline=True,
            )
        if step.dim.id != self._shown_dim:
            self._shown_dim = step.dim.id
            title = f"{step.dim.short_id} · {step.dim.title(self.lang)}"
            click.echo()
            self.say(f"── {title} " + "─" * max(3, _width() - len(title) - 6), bold=True)
            self.say(step.dim.summary(self.lang), dim=True)

    # -- one step

    def ask(self, i: int) -> _Move:
        step = self.flow.steps[i]
        if step.is_anchor:
            click.echo()  # every question starts after a blank line
            # One progress line per block is enough: not again for the target or further actions.
            if step.kind != "target" and not (step.kind == "action_what" and step.index > 0):
                self.say(self.flow.progress(i, self.answers).describe(), dim=True)
        self._intro(step)
        while True:
            result = self._ask_once(step)
            if isinstance(result, Command):
                move = self._command(result, step)
                if move is not None:
                    return move
                continue
            if result is KEEP:
                return _Move("next")
            if self._store(step, result):
                self.save()
            return _Move("next")

    def _command(self, cmd: Command, step: Step) -> _Move | None:
        """A move for the loop, or None to ask the same step again."""
        if cmd.name == "help":
            click.echo()
            self.say(_("Type the number of your answer and Enter; n = not applicable / don't know.\nEnter keeps an answer that is already there. Everything is saved at once.\n  s        skip (answer later)\n  b        back to the previous question\n  j d07    jump to a dimension (or j q02, j 7)\n  e        write text in your editor\n  -        clear a text\n  ?        this help\n  q        quit; continue later with the same command\nA reflection may span several lines; an empty line ends it. For a long note: e."))
            return None
        if cmd.name in ("skip", "back", "quit"):
            return _Move(cmd.name)
        if cmd.name == "jump":
            known = ", ".join(d.short_id for d in self.flow.dimensions)
            if not cmd.arg:
                self.hint(
                    _("Type j and a dimension, e.g. j %(example)s. In this round: %(known)s.", example=self.flow.dimensions[-1].short_id, known=known)
                )
                return None
            target = self.flow.find_dimension(cmd.arg, near=step.dim)
            if target is None:
                self.hint(_("%(key)s is not part of this round. Choose from: %(known)s.", key=cmd.arg, known=known))
                return None
            return _Move("jump", target)
        if cmd.name in ("edit", "clear"):
            self.hint(_("e (editor) works at text questions."))
        return None

    def _intro(self, step: Step) -> None:
        """What is shown once when a step is reached (the prompt itself may be repeated)."""
        lang, content = self.lang, self.flow.content
        if step.kind == "value" or (step.kind == "how_well" and self._shown_question != step.question.id):
            # "How well" right after its criterion needs no repeat; reached on its own (when
            # assess resumes there), it would not say which criterion it is about.
            q = step.question
            self._shown_question = q.id
            click.echo()
            number = f"{step.index + 1}. "
            self.say(number + q.text(lang), bold=True, hang=len(number))
            self.say(_("Fully means: %(text)s", text=q.fully(lang)), indent=2 + len(number), dim=True)
            if step.kind == "value":
                click.echo()
                self._options(content.scales[q.scale])
        if step.kind == "how_well":
            click.echo()
            self.say(_("How well does it work?"), indent=5)
            self._options(content.scales[step.question.how_well])
        elif step.kind == "evidence" and step.question.evidence is not None:
            self.say(
                _("For example: %(text)s", text=step.question.evidence(lang)), indent=4, dim=True
            )
        elif step.kind == "reflection":
            if step.index == 0:
                self.say(_("Reflection: a few sentences are enough, several lines are fine. An empty line ends; Enter straight away skips the question."), dim=True)
            click.echo()
            self.say(step.dim.reflection[step.index](lang), bold=True)
        elif step.kind == "importance":
            click.echo()
            self.say(_("How important is this for your initiative now?"), bold=True)
            for v in IMPORTANCE:
                self.say(f"{v}  {_(IMPORTANCE_LABELS[v])}", indent=5)
        elif step.kind == "target":
            self.say(_("Which level do you want to reach within a year?"), bold=True)
            for n, level in enumerate(content.levels, 1):
                self.say(f"{n}  {level.title(lang)}: {level.meaning(lang)}", indent=5, hang=3)
        elif step.kind == "action_what" and step.index == 0:
            self.say(_("Actions (at most %(n)s): what will you actually do? Enter = no (further) action.", n=MAX_ACTIONS))

    def _options(self, scale) -> None:
        for option in scale.options:
            self.say(f"{option.value}  {option.label(self.lang)}", indent=5, hang=3)
        self.say(f"n  {scale.na(self.lang)}", indent=5, hang=3)  # the same key in both languages

    def _ask_once(self, step: Step):
        """Read one answer for `step`: a Command, KEEP, or the new value."""
        if step.kind in ("value", "how_well"):
            return self._ask_scale(step)
        if step.kind == "importance":
            return self._ask_choice(
                step,
                _("Importance"),
                IMPORTANCE,
                self.answers.dimension(step.dim.id).importance,
            )
        if step.kind == "target":
            ids = self.flow.level_ids
            current = self.answers.dimensions.get(step.dim.id)
            shown = ids.index(current.target) + 1 if current and current.target in ids else None
            chosen = self._ask_choice(
                step, _("Target"), tuple(range(1, len(ids) + 1)), shown
            )
            return ids[chosen - 1] if isinstance(chosen, int) else chosen
        return self._ask_text(step)

    def _ask_scale(self, step: Step):
        q = step.question
        scale = self.flow.content.scales[q.scale if step.kind == "value" else q.how_well]
        answer = self.answers.answers.get(q.id)
        current = (
            None if answer is None else (answer.value if step.kind == "value" else answer.how_well)
        )
        if current is not None and not fits(current, scale):
            current = None  # made with other content: ask again
        label = _("Answer") if step.kind == "value" else _("How well")
        shown = "" if current is None else ("n" if current == NA else str(current))
        while True:
            text = self.read(label, shown)
            if text == shown and shown:
                return KEEP
            cmd = parse_command(text)
            if cmd is not None:
                return cmd
            try:
                return parse_value(text, scale)
            except ValueError:
                choices = _("Type %(choices)s, or n for not applicable.", choices=choices_text(scale))
                self.hint(f"{choices} {_('(s = skip, ? = help)')}")

    def _ask_choice(self, step: Step, label: str, values: tuple[int, ...], current: int | None):
        shown = str(current) if current in values else ""
        choices = _("Choose %(choices)s.", choices=f"{values[0]}-{values[-1]}")
        while True:
            text = self.read(label, shown)
            if text == shown and shown:
                return KEEP
            cmd = parse_command(text)
            if cmd is not None:
                return cmd
            if small_int(text) in values:
                return small_int(text)
            self.hint(f"{choices} {_('(s = skip, ? = help)')}")

    def _current_text(self, step: Step) -> str:
        if step.kind in ("note", "evidence"):
            answer = self.answers.answers.get(step.question.id)
            return getattr(answer, step.kind) if answer else ""
        dim = self.answers.dimensions.get(step.dim.id)
        if dim is None:
            return ""
        if step.kind == "reflection":
            return dim.reflections[step.index] if step.index < len(dim.reflections) else ""
        if step.index < len(dim.actions):
            return getattr(dim.actions[step.index], step.kind.removeprefix("action_"))
        return ""

    def _text_label(self, step: Step) -> str:
        if step.kind in ("note", "evidence"):
            return _(TEXT_LABELS[step.kind])
        if step.kind == "reflection":
            return ">"
        if step.kind == "action_what":
            return _("Action %(n)s", n=step.index + 1)
        return _(TEXT_LABELS[step.kind])

    def _ask_text(self, step: Step):
        current = self._current_text(step)
        label = self._text_label(step)
        if self.editor and step.kind in EDITOR_KINDS:
            return self._edit(current)
        if current:
            first = current.split("\n")[0]
            more = " …" if "\n" in current else ""
            shown = first[:60] + ("…" if len(first) > 60 else more)
            self.say(
                f"{_('now: %(text)s', text=shown)}   ({_('Enter = keep, - = clear')})",
                indent=4,
                dim=True,
            )
        first = self.read(label)
        if not first.strip():
            return KEEP
        cmd = parse_command(first)
        if cmd is not None:
            if cmd.name == "clear":
                return ""
            if cmd.name == "edit":
                return self._edit(current)
            return cmd
        lines = [first]
        if step.kind in MULTILINE_KINDS:
            pad = " " * (len(label) + 1)
            while True:
                more = click.prompt(f"  {pad}", default="", show_default=False, prompt_suffix="")
                if not more.strip():
                    break
                lines.append(more)
        text = clean_text("\n".join(lines))
        if len(text) > MAX_TEXT:  # nothing is stored; the same question is asked again
            self.hint(text_too_long(_("This text"), len(text)) + " " + _("Type e to write it in your editor."))
            return Command("again")
        return text

    def _edit(self, current: str):
        text = current + "\n" if current else ""
        while True:
            try:
                edited = click.edit(text, extension=".txt", require_save=True)
            except click.ClickException as exc:
                self.hint(_("The editor could not start: %(reason)s", reason=exc.format_message()))
                return KEEP
            if edited is None:
                return KEEP
            edited = clean_text(edited)
            if len(edited) <= MAX_TEXT:
                return edited
            # The editor opens again with what was written, so not a word of it is lost.
            self.hint(text_too_long(_("This text"), len(edited)) + " " + _("Shorten it in the editor."))
            text = edited + "\n"

    # -- storing

    def _store(self, step: Step, value) -> bool:
        """Put `value` where `step` keeps it; True when something changed."""
        if step.kind in STATEMENT_KINDS:
            answer = self.answers.answer(step.question.id)
            old = (answer.value, answer.how_well, answer.note, answer.evidence)
            if step.kind == "value":
                answer.value = value
                if not self.flow.wants_how_well(step.question, self.answers):
                    answer.how_well = None  # "no" or n/a: how well it works does not apply
            else:
                setattr(answer, step.kind, value)
            return old != (answer.value, answer.how_well, answer.note, answer.evidence)
        dim = self.answers.dimension(step.dim.id)
        old = repr(dim.to_yaml())
        if step.kind == "importance":
            dim.importance = value
        elif step.kind == "target":
            dim.target = value
        elif step.kind == "reflection":
            while len(dim.reflections) <= step.index:
                dim.reflections.append("")
            dim.reflections[step.index] = value
            while dim.reflections and not dim.reflections[-1]:
                dim.reflections.pop()
        elif step.kind == "action_what":
            if not value:
                del dim.actions[step.index : step.index + 1]
            elif step.index < len(dim.actions):
                dim.actions[step.index].what = value
            else:
                dim.actions.append(Action(value))
        else:
            setattr(dim.actions[step.index], step.kind.removeprefix("action_"), value)
        return old != repr(dim.to_yaml())


# --- first-run details -------------------------------------------------------------------------

INTRO_FIELDS = (
    ("initiative", "name"),
    ("initiative", "organisation"),
    ("initiative", "region"),
    ("respondent", "name"),
    ("respondent", "role"),
)


def needs_intro(answers: Answers) -> bool:
    """A file nobody has told anything yet: no initiative name and no answers."""
    return not answers.initiative.get("name") and not answers.answers and not answers.dimensions


def ask_language(session: Session) -> bool:
    """The language of the questionnaire (and the file); False when the user quit."""
    while True:
        reply = _intro_choice(
            session,
            _("Taal / Language: 1 Nederlands, 2 English"),
            _("Language"),
            2,
            QUESTIONNAIRE_LANGS.index(session.lang) + 1 if session.lang in QUESTIONNAIRE_LANGS else 1,
        )
        if isinstance(reply, int):
            session.lang = session.answers.language = QUESTIONNAIRE_LANGS[reply - 1]
            set_lang(session.lang)
            session.save()
            return True
        if reply.name == "quit":
            return False
        if reply.name == "help":
            session.say(_("Type the number of your answer and Enter; n = not applicable / don't know.\nEnter keeps an answer that is already there. Everything is saved at once.\n  s        skip (answer later)\n  b        back to the previous question\n  j d07    jump to a dimension (or j q02, j 7)\n  e        write text in your editor\n  -        clear a text\n  ?        this help\n  q        quit; continue later with the same command\nA reflection may span several lines; an empty line ends it. For a long note: e."))
            continue
        return True


def ask_intro(session: Session, ask_module: bool, module: str) -> tuple[bool, str]:
    """The part to fill in and the initiative details, each saved as given.
    Returns (finished, module)."""
    answers, content = session.answers, session.flow.content
    fields: list[str] = ["module"] if ask_module else []
    fields += [f"{group}_{key}" for group, key in INTRO_FIELDS]
    i = 0
    while i < len(fields):
        name = fields[i]
        if name == "module":
            modules = [m.id for m in content.modules]
            counts = {m: sum(len(d.questions) for d in content.in_module(m)) for m in modules}
            click.echo()
            session.say(_("Which part do you want to fill in?"), bold=True)
            for n, m in enumerate(modules, 1):
                title = content.module(m).title(session.lang)
                session.say(
                    f"{n}  " + _("%(title)s (%(n)s questions)", title=title, n=counts[m]), indent=5
                )
            session.say(
                f"{len(modules) + 1}  " + _("Both (%(n)s questions)", n=sum(counts.values())),
                indent=5,
            )
            options = [*modules, "all"]
            reply = _intro_choice(
                session, None, _("Part"), len(options), options.index(module) + 1
            )
            if isinstance(reply, int):
                module = options[reply - 1]
                answers.scope["module"] = module
                session.save()
        else:
            group, key = name.split("_", 1)
            store = getattr(answers, group)
            if i == 0 or fields[i - 1] == "module":
                click.echo()
            reply = session.read(_(INTRO_LABELS[name]), store.get(key, ""))
            cmd = parse_command(reply)
            if cmd is None and name == "initiative_name" and not reply.strip():
                session.hint(_("Give a name, or s to skip."))
                continue
            if cmd is None and len(clean_text(reply)) > MAX_TEXT:
                session.hint(text_too_long(_("This text"), len(clean_text(reply))))
                continue
            if cmd is None or cmd.name == "clear":
                value = "" if cmd else clean_text(reply)
                if value != store.get(key, ""):
                    store[key] = value
                    session.save()
            else:
                reply = cmd
        if isinstance(reply, Command):
            if reply.name == "quit":
                return False, module
            if reply.name == "back":
                i = max(0, i - 1)
                continue
            if reply.name == "help":
                session.say(_("Type the number of your answer and Enter; n = not applicable / don't know.\nEnter keeps an answer that is already there. Everything is saved at once.\n  s        skip (answer later)\n  b        back to the previous question\n  j d07    jump to a dimension (or j q02, j 7)\n  e        write text in your editor\n  -        clear a text\n  ?        this help\n  q        quit; continue later with the same command\nA reflection may span several lines; an empty line ends it. For a long note: e."))
                continue
        i += 1
    return True, module


def _intro_choice(session: Session, question: str | None, label: str, count: int, default: int):
    if question:
        click.echo()
        session.say(question, bold=True)
    while True:
        text = session.read(label, str(default))
        cmd = parse_command(text)
        if cmd is not None:
            return cmd
        number = small_int(text)
        if number is not None and 1 <= number <= count:
            return number
        session.hint(_("Choose %(choices)s.", choices=f"1-{count}"))


# --- the whole command -----------------------------------------------------------------------


def check_target(path: Path, create_folder: bool) -> None:
    """Refuse, before any question, a path that is a folder, in a missing folder or read-only."""
    if path.is_dir():
        raise AnswersError(_("%(path)s is a folder; give a file name, e.g. %(path)s/answers.yaml", path=path))
    if not path.parent.is_dir():
        if not create_folder:
            raise AnswersError(_("The folder %(folder)s does not exist.", folder=path.parent))
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not os.access(path, os.W_OK):
        raise AnswersError(_("%(path)s is read-only; make it writable or choose another file.", path=path))


def open_answers(path: Path, lang: str) -> tuple[Answers, bool]:
    """The answers in `path` (or new ones) and whether the file is new; a file that cannot be read
    is reported and left exactly as it is."""
    try:
        check_file_size(path)  # before a single byte is read
    except AnswersError as exc:
        raise AnswersError(exc.format_message() + "\n" + _("The file was not changed.")) from None
    try:
        empty = not path.exists() or not path.read_bytes().strip()
    except OSError:
        empty = False  # unreadable: load_answers below says so
    if empty:  # an empty file (made with `touch`, say) holds nothing to keep
        return Answers(language=lang), True
    try:
        return load_answers(path), False
    except AnswersError as exc:
        raise AnswersError(exc.format_message() + "\n" + _("The file was not changed.")) from None


def assess(
    path: Path,
    content: Content,
    *,
    lang: str,
    lang_given: bool = True,
    module: str = "all",
    module_given: bool = True,
    only: str = "",
    review: bool = False,
    editor: bool = False,
    create_folder: bool = False,
) -> None:
    """Run the questionnaire on the answers file at `path`, saving every answer as it is given."""

    check_target(path, create_folder)
    if sys.stdin.isatty():
        try:  # line editing (arrow keys, history) for typed answers where the platform has it
            import readline  # noqa: F401
        except ImportError:
            pass
    with AnswersLock(path):
        answers, new = open_answers(path, lang)
        # The file keeps the language it was made in; --lang or M2W_LANG only change this session.
        if not lang_given and not new and answers.language in QUESTIONNAIRE_LANGS:
            lang = answers.language
        set_lang(lang)  # the session speaks the file's language
        for note in content_notes(answers, content):
            click.secho(terminal(note), fg="yellow", err=True)

        def save() -> None:
            answers.content_version, answers.content_sha256 = content.version, content.sha256
            save_answers(answers, path)

        if new:
            answers.scope = {"module": module, "only": [k for k in only.split(",") if k.strip()]}
            save()  # proves the file can be written before the first question
        elif not module_given and not only:
            module, only = scope_from_file(answers, content, path)

        intro = needs_intro(answers)
        session = Session(Flow(content, []), answers, save, lang, editor=editor)
        if intro and not lang_given and not ask_language(session):
            return _quit(session, path)
        lang = session.lang
        if intro or review:
            click.echo()
            session.say(_("Welcome to m2w. First a few details about your initiative, then the questions.\nEvery answer is saved at once in %(path)s.\nYou can stop at any time with q; ? shows help.", path=path) if intro else _("Walking through all answers. Enter keeps the current answer."))
        # A review of the whole file starts with the details; one of a part goes straight to it.
        if intro or (review and not module_given and not only):
            ask_module = intro and not module_given and not only
            done, module = ask_intro(session, ask_module=ask_module, module=module)
            if not done:
                return _quit(session, path)
        flow = Flow(content, choose_dimensions(content, module, only))
        session.flow = flow
        start = 0 if review else flow.first_open(answers)
        if start is None:
            session.say(_("Every question in %(path)s is answered. Use --review to walk through them again.\nMake the report with: m2w report %(path)s", path=path))
            return
        if not new and not review and not intro:
            session.say(_("Continuing in %(path)s (%(percent)s%% done). ? shows help, q stops.", path=path, percent=flow.percent(answers)))
        finished = session.run(start)
        if not finished:
            return _quit(session, path)
        click.echo()
        counted = [i for i in flow.counted() if flow.steps[i].kind == "value"]
        answered = [i for i in counted if flow.is_answered(i, answers)]
        na = sum(answers.answers[flow.steps[i].question.id].value == NA for i in answered)
        session.say(
            _("Done: %(answered)s of %(total)s questions answered (%(na)s not applicable). Saved in %(path)s.\nMake the report with: m2w report %(path)s", answered=len(answered), total=len(counted), na=na, path=path)
        )
        left = flow.first_open(answers)
        if left is not None:
            open_count = sum(not flow.is_answered(i, answers) for i in flow.counted())
            session.say(_("%(n)s questions still open. Continue at the first one with: m2w assess %(path)s", n=open_count, path=path))


def scope_from_file(answers: Answers, content: Content, path: Path) -> tuple[str, str]:
    """The part a file was made for (module, --only ids), without what this content does not know:
    a file made with other content (or edited by hand) carries on with the rest, and says so."""
    module = str(answers.scope.get("module") or "all")
    if module not in ("all", *(m.id for m in content.modules)):
        click.secho(terminal(_("%(path)s: scope.module '%(module)s' is unknown; all parts are asked.",
                               path=path, module=module)), fg="yellow", err=True)
        module = "all"
    wanted = [str(key) for key in answers.scope.get("only") or []]
    known = [key for key in wanted if content.find(key) is not None]
    if len(known) < len(wanted):
        unknown = ", ".join(key for key in wanted if key not in known)
        click.secho(terminal(_("%(path)s: scope.only names dimensions this content does not know (%(ids)s); "
                               "they are left out.", path=path, ids=unknown)), fg="yellow", err=True)
    return module, ",".join(known)


def _quit(session: Session, path: Path) -> None:
    click.echo()
    session.say(_("Stopped. Everything is saved in %(path)s.\nContinue later with: m2w assess %(path)s", path=path))
