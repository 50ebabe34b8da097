"""The `m2w` command line. Commands live in `m2w_tool.commands.*` and are imported only when used,
so `m2w --help` and `m2w --version` stay instant (nothing heavy such as WeasyPrint is loaded)."""

from __future__ import annotations

import difflib
import gc
import importlib
import os
import sys

import click

from m2w_tool import __version__, clicktext
from m2w_tool.errors import os_reason
from m2w_tool.i18n import N_, _, known, languages, set_lang
from m2w_tool.safetext import terminal

clicktext.install()

# name -> "module:function"; the order is the order `m2w --help` lists them in.
COMMANDS = {
    "demo": "m2w_tool.commands.report:demo",
    "assess": "m2w_tool.commands.assess:assess",
    "report": "m2w_tool.commands.report:report",
    "workbook": "m2w_tool.commands.workbook:workbook",
    "template": "m2w_tool.commands.template:template",
    "import": "m2w_tool.commands.imports:import_workbook",
    "merge": "m2w_tool.commands.merge:merge",
    "compare": "m2w_tool.commands.compare:compare",
    "dimensions": "m2w_tool.commands.content:dimensions",
    "show": "m2w_tool.commands.content:show",
    "validate": "m2w_tool.commands.content:validate",
    "schema": "m2w_tool.commands.content:schema",
    "serve": "m2w_tool.commands.serve:serve",
}


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_("m2w, version %(version)s", version=__version__))
        ctx.exit()


def lang_from_argv(args: list[str]) -> str | None:
    """The language a user asked for with `--lang xx` anywhere on the command line, if any.

    `m2w report --help --lang en` shows help before Click reaches `--lang`, so the language is
    read from the command line first. The last one counts, as it does for Click."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        found = known(value) or found
    return found


def _choose_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        set_lang(value)  # the interface language; a command's own --lang defaults to it


class LazyGroup(clicktext.Group):
    """A group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None  # a command whose module is not part of this build
        return clicktext.localise(getattr(module, attr))

    def resolve_command(self, ctx: click.Context, args: list[str]):  # noqa: ANN201 - Click's signature
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            close = difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.6)
            if close:
                ctx.fail(_("Unknown command '%(name)s'. Did you mean '%(close)s'?", name=name, close=close[0]))
        return super().resolve_command(ctx, args)


@click.group(
    cls=LazyGroup,
    help=N_(
        "m2w: reflection on the quality and sustainability of mentoring-to-work initiatives.\n\n"
        "Start with `m2w demo` for an example report, or `m2w assess` to fill in the questionnaire. "
        "Every command takes --lang (or the M2W_LANG environment variable)."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
    help=N_("Show the version and exit."),
)  # fmt: skip
@click.option(
    "--lang", type=click.Choice(languages(), case_sensitive=False), expose_value=False, is_eager=True,
    callback=_choose_lang, help=N_("Language of m2w (default: M2W_LANG, else nl)."),
)  # fmt: skip
def cli() -> None:
    pass


clicktext.localise(cli)


class _Harmless:
    """A text stream that writes out the control characters of what passes through it."""

    def __init__(self, stream) -> None:  # noqa: ANN001 - any text stream
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal(text))

    def flush(self) -> None:
        self._stream.flush()


def main() -> None:
    """Console entry point: run the CLI; foreseeable failures end with a message, never a traceback."""
    set_lang(lang_from_argv(sys.argv[1:]) or os.environ.get("M2W_LANG"))
    try:
        cli.main(prog_name="m2w", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # M2WError is one
        exc.show(file=_Harmless(sys.stderr))  # it quotes what was typed
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("\n" + _("Interrupted. Every answer already given has been saved."), err=True)
        sys.exit(130)
    except OSError as exc:
        path = exc.filename if exc.filename is not None else "-"
        click.echo(terminal(_("Cannot use %(path)s: %(reason)s", path=path, reason=os_reason(exc))), err=True)
        sys.exit(1)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for those who ask
        if os.environ.get("M2W_DEBUG"):
            raise
        message = _(
            "m2w stopped on an unexpected problem (%(error)s). Your files were not changed unless that was "
            "already reported. Set M2W_DEBUG=1 for technical details and report the problem.",
            error=f"{type(exc).__name__}: {exc}",
        )
        click.echo(terminal(message), err=True)
        sys.exit(70)
    # The process ends here: the operating system takes back its memory at once, while a last run of
    # the collector would walk every object a PDF layout left behind (0.2 s after `m2w report`).
    gc.freeze()
    sys.exit(0)
