"""Free texts: a note, evidence, a reflection, an action. One line, several lines, or an editor.

A text of several lines is typed line by line and ends with an empty line. The editor (`e`, or
`--editor` for every long text) is the one the user chose: $VISUAL or $EDITOR (Notepad on Windows).
Without one m2w never starts an editor of its own choosing: a user who has never met vi or ed must
not land in one. Then `e` simply lets the text run over several lines.
"""

from __future__ import annotations

import os
import sys

import click

from m2w_tool.answers import MAX_TEXT, text_too_long
from m2w_tool.i18n import _
from m2w_tool.questionnaire.keys import Command, clean_text, parse_command
from m2w_tool.questionnaire.screen import Screen

KEEP = object()  # the user pressed Enter on an existing answer (or typed nothing)


def editor_command() -> str | None:
    """The editor the user chose ($VISUAL, else $EDITOR; Notepad on Windows), or None."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return "notepad" if sys.platform == "win32" else None


def _pad(label: str) -> int:
    """Where the text starts after a prompt `label`, less one: the further lines' `>` goes there."""
    return len(label) + (0 if label.endswith(">") else 1)


class TextInput:
    """Reads one text answer, keeping what is there on Enter."""

    def __init__(self, screen: Screen, use_editor: bool = False) -> None:
        self.screen = screen
        self.editor = editor_command()
        self.use_editor = use_editor and self.editor is not None

    def ask(self, label: str, current: str, *, multiline: bool = False, long: bool = False):
        """The new text, KEEP, or a Command (move, help, quit, or "again" after a refusal)."""
        if self.use_editor and long:
            return self.edit(current)
        self._show_current(current)
        first = self.screen.read(label)
        if not first.strip():
            return KEEP
        command = parse_command(first)
        if command is not None:
            return self._text_command(command, label, current)
        lines = [first, *self._more_lines(_pad(label))] if multiline else [first]
        return self._checked("\n".join(lines))

    def _text_command(self, command: Command, label: str, current: str):
        if command.name == "clear":
            return ""
        if command.name == "edit":
            if self.editor is not None:
                return self.edit(current)
            self.screen.hint(_("Type the text; it may run over several lines. An empty line ends it."))
            first = self.screen.read(label)
            if not first.strip():
                return KEEP
            return self._checked("\n".join([first, *self._more_lines(_pad(label))]))
        return command

    def _show_current(self, current: str) -> None:
        if not current:
            return
        first = current.split("\n")[0]
        more = " …" if "\n" in current else ""
        shown = first[:60] + ("…" if len(first) > 60 else more)
        # Outside the f-string: Babel (on Python < 3.12) does not find a message inside one.
        now, keys = _("now: %(text)s", text=shown), _("Enter = keep, - = clear")
        self.screen.say(f"{now}   ({keys})", indent=4, dim=True)

    def _more_lines(self, pad: int) -> list[str]:
        lines = []
        while True:
            line = self.screen.more(pad)
            if not line.strip():
                return lines
            lines.append(line)

    def _checked(self, typed: str):
        text = clean_text(typed)
        if len(text) <= MAX_TEXT:
            return text
        # Nothing is stored; the same question is asked again.
        more = _("Type e to write it in your editor.") if self.editor else _("Shorten it.")
        self.screen.hint(text_too_long(_("This text"), len(text)) + " " + more)
        return Command("again")

    def edit(self, current: str):
        """The text as written in the editor; KEEP when it was closed without saving."""
        text = current + "\n" if current else ""
        while True:
            try:
                edited = click.edit(text, editor=self.editor, extension=".txt", require_save=True)
            except click.ClickException as exc:
                self.screen.hint(_("The editor could not start: %(reason)s", reason=exc.format_message()))
                return KEEP
            if edited is None:
                return KEEP
            edited = clean_text(edited)
            if len(edited) <= MAX_TEXT:
                return edited
            # The editor opens again with what was written, so not a word of it is lost.
            self.screen.hint(text_too_long(_("This text"), len(edited)) + " " + _("Shorten it in the editor."))
            text = edited + "\n"
