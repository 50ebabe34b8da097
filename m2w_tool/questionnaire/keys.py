"""Reading what the user types: commands (`s`, `b`, `o`, `j d07` ...), ratings (`4`, `4+`, `n`, `?`)
and free text as it is stored.

The keys mean the same in Dutch and English and on every scale: a digit is the option with that
number (every scale starts at 1), `n` is "not applicable" (n.v.t.), `?` is "don't know" (the same
`?` an answers file or a spreadsheet may hold), a `+` after the rating asks for a note or evidence.
Help is `h`; at a prompt that has no "don't know" (importance, a text) `?` shows the help as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from m2w_tool.answers import DONT_KNOW, NA, Value, choices_text, parse_value
from m2w_tool.content import Question
from m2w_tool.i18n import _

DETAILS_KEY = "+"
DONT_KNOW_KEY = "?"
NA_KEY = "n"


@dataclass(frozen=True)
class Command:
    name: str  # skip, back, jump, open, help, quit, edit, clear, details; again (ask the same step once more)
    arg: str = ""


_COMMANDS = {
    "s": "skip",
    "b": "back",
    "o": "open",
    "h": "help",
    "?": "help",
    "q": "quit",
    "e": "edit",
    "-": "clear",
    "j": "jump",
    DETAILS_KEY: "details",
}


def parse_command(text: str) -> Command | None:
    """`s`, `b`, `o`, `j d07`, `h`, `?`, `q`, `e`, `-`, `+` typed at any prompt; None for anything else."""
    words = text.strip().lower().split()
    if not words or words[0] not in _COMMANDS:
        return None
    name = _COMMANDS[words[0]]
    if name == "jump":
        return Command("jump", " ".join(words[1:]))
    return Command(name) if len(words) == 1 else None


@dataclass(frozen=True)
class Rating:
    """A rating typed at a scale prompt, and whether the note and evidence should follow (`4+`)."""

    value: Value
    details: bool = False


class RatingRefused(ValueError):
    """What was typed is no answer on this scale; the message says which keys are."""


def rating_hint(scale, question: Question | None) -> str:
    """The keys a scale prompt takes, in words."""
    choices = choices_text(scale)
    if question is None:  # "how well": a number, or don't know
        return _("Type %(choices)s, or ? for don't know.", choices=choices)
    if not question.na_allowed:
        return _("Type %(choices)s, or ? for don't know. This is a minimum criterion: it applies to every "
                 "initiative, so 'not applicable' is no answer here.", choices=choices)  # fmt: skip
    return _("Type %(choices)s, n for not applicable or ? for don't know.", choices=choices)


def parse_rating(text: str, scale, question: Question | None = None) -> Rating | Command:
    """A rating (`4`, `4+`, `n`, `?`, a label such as `ja`) or a command typed at the prompt of
    `question` (None: the "how well" rating, where not applicable is no answer). RatingRefused
    otherwise."""
    raw = " ".join(text.split())
    details = raw.endswith(DETAILS_KEY)
    if details:
        raw = raw[: -len(DETAILS_KEY)].strip()
        if not raw:
            return Command("details")
    if raw == DONT_KNOW_KEY:
        return Rating(DONT_KNOW, details)
    command = parse_command(raw)
    if command is not None:
        if details:
            raise RatingRefused(rating_hint(scale, question))
        return command
    try:
        value = parse_value(raw, scale)
    except ValueError:
        raise RatingRefused(rating_hint(scale, question)) from None
    if value == NA and (question is None or not question.na_allowed):
        raise RatingRefused(rating_hint(scale, question))
    return Rating(value, details)


def rating_key(value: Value) -> str:
    """What to type for a stored rating, as the prompt shows it in brackets: `4`, `n`, `?`."""
    if value == NA:
        return NA_KEY
    if value == DONT_KNOW:
        return DONT_KNOW_KEY
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def clean_text(text: str) -> str:
    """Typed text as stored: no trailing spaces on lines, no blank lines around it, no control
    characters a stray key sent (Ctrl-L, an arrow key without line editing), valid UTF-8."""
    # Bytes a terminal sent that are not UTF-8 arrive as lone surrogates, which cannot be saved.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").translate(_CONTROL)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")
