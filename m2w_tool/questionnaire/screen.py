"""The terminal the questionnaire talks to: wrapped text, hints, one-line prompts.

Everything shown goes through safetext.terminal: content and answers may hold escape sequences that
would otherwise reach the terminal. Lines are wrapped to the window (at most 88 columns, at least 40),
read again for every paragraph so a window made narrower halfway is followed.
"""

from __future__ import annotations

import shutil
import textwrap

import click

from m2w_tool.safetext import terminal


def width() -> int:
    """The width to wrap to: the terminal's, less a margin, between 40 and 86 columns."""
    return max(40, min(88, shutil.get_terminal_size((88, 24)).columns) - 2)


class Screen:
    """Output and one-line input, with click (so tests drive it with CliRunner input)."""

    def say(self, text: str = "", indent: int = 2, hang: int = 0, **style) -> None:
        """Print wrapped text; `hang` indents continuation lines further (under a "1. " prefix)."""
        pad = " " * indent
        for para in terminal(text).split("\n"):
            wrapped = (
                textwrap.fill(para, width(), initial_indent=pad, subsequent_indent=pad + " " * hang,
                              break_long_words=False, break_on_hyphens=False)
                if para else ""
            )  # fmt: skip
            click.echo(click.style(wrapped, **style) if style and wrapped else wrapped)

    def blank(self) -> None:
        click.echo()

    def hint(self, text: str) -> None:
        self.say(text, indent=4, fg="yellow")

    def note(self, text: str) -> None:
        """A remark on standard error (a file's owner or age when nobody can be asked)."""
        click.secho(terminal(text), fg="yellow", err=True)

    def rule(self, title: str) -> None:
        """A heading line: `── d03 · Purpose ─────────`."""
        rule = width() - len(title) - 6
        # In a narrow window a long title wraps; a rule after it would then stand alone on a line.
        self.say(f"── {title} " + "─" * rule if rule >= 3 else f"── {title}", bold=True)

    def read(self, label: str, default: str = "") -> str:
        """One line from the user; `default` is shown in brackets and returned for Enter."""
        colon = "" if label.endswith(">") else ":"
        label, shown_default = terminal(label, one_line=True), terminal(default, one_line=True)
        shown = f"  {label} [{shown_default}]{colon}" if default else f"  {label}{colon}"
        text = click.prompt(shown, default="", show_default=False, prompt_suffix=" ")
        return text if text.strip() else default

    def more(self, pad: int) -> str:
        """A further line of a text of several lines: a `>` under the end of the first line's label,
        so it is plain that the text goes on (click drops a prompt of spaces only)."""
        return click.prompt(" " * (pad + 1) + ">", default="", show_default=False, prompt_suffix=" ")
