"""Whose file is this, and how old is it? Asked before `m2w assess` adds anything to an existing file.

A file names its respondent. The person at the keyboard is known from `--respondent` (or
M2W_RESPONDENT); when they are not, and the file names someone, they are asked whether it is them:
Enter says yes. A file of someone else, or one last changed more than six months ago (last year's
assessment, the baseline of the next), is named with its owner and date, and the user chooses: go on
anyway, or start a new file next to it (for an old file a new round with it as the baseline, for a
colleague's a file of their own for the same initiative). Without a terminal nobody can be asked:
the concern is written on standard error and the session goes on, so scripts are never blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from m2w_tool.answers import Answers
from m2w_tool.format import long_date
from m2w_tool.i18n import _
from m2w_tool.identity import same_person
from m2w_tool.questionnaire.keys import parse_command
from m2w_tool.questionnaire.screen import Screen
from m2w_tool.safetext import terminal

STALE_DAYS = 183  # "more than six months ago"


def last_change(answers: Answers) -> date | None:
    """The day the file was last changed (its `updated` time), None when it cannot be read."""
    try:
        return datetime.fromisoformat(str(answers.updated)).date()
    except ValueError:
        return None


@dataclass(frozen=True)
class Concern:
    """What there is to say about a file before adding to it."""

    owner: str  # the respondent the file names ('' when none)
    someone_else: bool  # the person at the keyboard said or is known to be someone else
    ask_who: bool  # the file names someone and nobody said who is at the keyboard
    stale_since: date | None  # the last change, when more than six months ago


def concern(answers: Answers, me: str | None, today: date) -> Concern | None:
    """The concern about adding to `answers` as `me` (None: unknown) on `today`, or None when there is none."""
    owner = answers.respondent.get("name", "").strip()
    changed = last_change(answers)
    stale = changed if changed is not None and (today - changed).days > STALE_DAYS else None
    other = bool(owner) and me is not None and bool(me.strip()) and not same_person(owner, me)
    ask_who = bool(owner) and not (me and me.strip())
    if not (other or ask_who or stale):
        return None
    return Concern(owner, other, ask_who, stale)


@dataclass(frozen=True)
class Decision:
    action: str  # go_on, new, quit
    me: str | None = None  # who is at the keyboard, when that became known
    baseline: bool = False  # a new round (the old file is its baseline), else a file of one's own


class OwnerCheck:
    """Says what the concern is and asks what to do."""

    def __init__(self, screen: Screen, path: Path, lang: str) -> None:
        self.screen, self.path, self.lang = screen, path, lang

    def decide(self, found: Concern, me: str | None, interactive: bool) -> Decision:
        if not interactive:
            if found.someone_else or found.stale_since:
                self.screen.note(self.describe(found) + " " + _("Going on: there is no terminal to ask."))
            return Decision("go_on", me)
        asked = found.ask_who
        if asked:
            answer = self._is_it_you(found.owner)
            if answer == "quit":
                return Decision("quit")
            if answer == "yes":
                me = found.owner
            found = Concern(found.owner, answer != "yes", False, found.stale_since)
        if not (found.someone_else or found.stale_since):
            return Decision("go_on", me)
        return self._choose(found, me, owner_said=asked)

    def describe(self, found: Concern, owner_said: bool = False) -> str:
        """The concern in words; `owner_said`: whose file it is was just said (and is not repeated)."""
        name = terminal(self.path.name, one_line=True)
        pieces = []
        if found.someone_else and not owner_said:
            owner = terminal(found.owner, one_line=True)
            pieces.append(_("%(file)s holds the answers of %(owner)s.", file=name, owner=owner))
        if found.stale_since:
            pieces.append(_("%(file)s was last changed on %(date)s, more than six months ago.",
                            file=name, date=long_date(found.stale_since, self.lang)))  # fmt: skip
        return " ".join(pieces)

    def _is_it_you(self, owner: str) -> str:
        """yes, no or quit."""
        self.screen.blank()
        self.screen.say(_("%(file)s holds the answers of %(owner)s.", file=terminal(self.path.name, one_line=True),
                          owner=terminal(owner, one_line=True)))  # fmt: skip
        while True:
            text = self.screen.read(_("Are you %(owner)s? Enter = yes, n = no", owner=terminal(owner, one_line=True)))
            word = text.strip().lower()
            if word in ("", "y", "yes", "j", "ja"):
                return "yes"
            if word in ("n", "no", "nee"):
                return "no"
            command = parse_command(word)
            if command is not None and command.name == "quit":
                return "quit"
            self.screen.hint(_("Press Enter if it is you, n if it is not, q to stop."))

    def _choose(self, found: Concern, me: str | None, owner_said: bool) -> Decision:
        self.screen.blank()
        said = self.describe(found, owner_said)
        self.screen.say((said + " " if said else "") + _("What do you want to do?"), bold=True)
        if found.stale_since:
            new = _(
                "Start a new round with this file as the baseline: a new file next to it, whose report shows "
                "the progress since"
            )
        else:
            new = _(
                "Start a file of your own for the same initiative, next to this one (m2w merge brings them "
                "together later)"
            )
        self.screen.say("1  " + _("Go on in this file anyway"), indent=5, hang=3)
        self.screen.say("2  " + new, indent=5, hang=3)
        while True:
            text = self.screen.read(_("Choice"), "2").strip().lower()
            if text in ("1", "2"):
                return Decision("go_on" if text == "1" else "new", me, baseline=bool(found.stale_since))
            command = parse_command(text)
            if command is not None and command.name == "quit":
                return Decision("quit")
            self.screen.hint(_("Choose 1 or 2, or q to stop."))
