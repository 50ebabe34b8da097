"""Click in the user's language: its own words, and m2w's help texts translated when shown.

Click writes "Usage:", "Options", "Error: Missing argument ..." through a module-level `_` (gettext)
and ships no Dutch catalogue. `install()` gives Click's modules a `_` and `ngettext` that read
m2w's catalogue in the current interface language. Click formats these messages itself with
`{name}` placeholders, so they are looked up, never `%`-formatted. Words Click adds in a later
release pass through in English.

m2w's own help texts and argument names are written in English (marked with `N_`) and
translated when Click shows them (`localise`), so the language can be chosen on the command line
after the commands were defined.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

import click

from m2w_tool.i18n import N_, current_lang, translation


def click_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark one of Click's plural message pairs for the catalogue."""
    return singular, plural


# Click's message ids, exactly as in its source, so that they are in m2w's catalogue.
CLICK_TEXTS = (
    N_("Usage:"),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("required"),
    N_("(dynamic)"),
    N_("deprecated"),
    N_("Aborted!"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing command."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Could not open file {filename!r}: {message}"),
    N_("unknown error"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Error: invalid input"),
    N_("Error: The two entered values do not match."),
    N_("Repeat for confirmation"),
    N_("Do you want to continue?"),
    N_("Press any key to continue..."),
)
CLICK_PLURALS = (
    click_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    click_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    click_plural("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    click_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    click_plural("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."),
)

# The modules of Click that translate their messages with a module-level `_` / `ngettext`.
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui")


def gettext(message: str) -> str:
    """`message` (an English message id) in the current interface language, not formatted."""
    return translation(current_lang()).gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message id for `n`, translated like `gettext`."""
    return translation(current_lang()).ngettext(singular, plural, n)


def install() -> None:
    """Let Click's modules speak the current language from now on."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


@contextmanager
def _translated(obj: object, *attrs: str) -> Iterator[None]:
    # Click reads these attributes while it formats; the English originals are put back after,
    # so the next command in the same process (tests) can speak another language.
    saved = {attr: getattr(obj, attr) for attr in attrs}
    for attr, value in saved.items():
        if isinstance(value, str):
            setattr(obj, attr, gettext(value))
    try:
        yield
    finally:
        for attr, value in saved.items():
            setattr(obj, attr, value)


class Command(click.Command):
    """A command whose help text and usage line are translated when shown."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "options_metavar"):
            super().format_usage(ctx, formatter)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "help"):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self, "help", "short_help"):
            return super().get_short_help_str(limit)


class Group(Command, click.Group):
    """A group translated like `Command`, its subcommand placeholder too."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "subcommand_metavar"):
            super().format_usage(ctx, formatter)


class Option(click.Option):
    """An option whose help text and value name are translated when shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _translated(self, "help"):
            return super().get_help_record(ctx)

    def make_metavar(self, ctx: click.Context) -> str:
        return gettext(self.metavar) if self.metavar is not None else super().make_metavar(ctx)


class Argument(click.Argument):
    """An argument whose name in usage lines and messages is translated."""

    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is None:
            return super().make_metavar(ctx)
        name = gettext(self.metavar)
        return name if self.required else f"[{name}]"  # as Click marks an optional argument


def localise(command: click.Command) -> click.Command:
    """Make `command` and its parameters translate their texts when shown.

    The subclasses add behaviour only, no state, so swapping the class of the objects the
    decorators made is safe and keeps every command definition a plain Click one."""
    if type(command) is click.Command:
        command.__class__ = Command
    for param in command.params:
        if type(param) is click.Option:
            param.__class__ = Option
        elif type(param) is click.Argument:
            param.__class__ = Argument
    return command
