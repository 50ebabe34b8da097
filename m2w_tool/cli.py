"""The `m2w` command line. Commands live in `m2w_tool.commands.*` and are imported only when used,
so `m2w --help` and `m2w --version` stay instant (nothing heavy such as WeasyPrint is loaded)."""

from __future__ import annotations

import importlib
import os
import sys

import click

from m2w_tool import __version__, clicktext
from m2w_tool.errors import M2WError
from m2w_tool.i18n import ENV_VAR, LANGS, Catalog, current_lang, env_lang, set_lang
from m2w_tool.safetext import terminal

clicktext.install()  # before any option is declared: Click fills in some help texts right then

# name -> "module:function"; the order is the order `m2w --help` lists them in.
COMMANDS = {
    "demo": "m2w_tool.commands.report:demo",
    "assess": "m2w_tool.commands.assess:assess",
    "report": "m2w_tool.commands.report:report",
    "workbook": "m2w_tool.commands.workbook:workbook",
    "import": "m2w_tool.commands.workbook:import_workbook",
    "merge": "m2w_tool.commands.compare:merge",
    "compare": "m2w_tool.commands.compare:compare",
    "dimensions": "m2w_tool.commands.browse:dimensions",
    "show": "m2w_tool.commands.browse:show",
    "validate": "m2w_tool.commands.browse:validate",
    "schema": "m2w_tool.commands.browse:schema",
}

MSG = Catalog(
    {
        "help": (
            "m2w: reflectie op kwaliteit en duurzaamheid van mentoring-naar-werkinitiatieven.\n\n"
            "Begin met `m2w demo` voor een voorbeeldrapport, of `m2w assess` om de vragenlijst in te vullen. "
            "Elke opdracht kent --lang nl|en (of de omgevingsvariabele M2W_LANG).",
            "m2w: reflection on the quality and sustainability of mentoring-to-work initiatives.\n\n"
            "Start with `m2w demo` for an example report, or `m2w assess` to fill in the questionnaire. "
            "Every command takes --lang nl|en (or the M2W_LANG environment variable).",
        ),
        "interrupted": (
            "Onderbroken. Alle antwoorden die al gegeven waren, zijn bewaard.",
            "Interrupted. Every answer already given has been saved.",
        ),
        "version": ("m2w, versie {version}", "m2w, version {version}"),
        "version_help": ("Toon de versie en stop.", "Show the version and exit."),
        "lang_help": (
            "Taal van m2w: nl of en (standaard: M2W_LANG, anders nl).",
            "Language of m2w: nl or en (default: M2W_LANG, else nl).",
        ),
        "os_error": ("Kan {path} niet gebruiken: {reason}", "Cannot use {path}: {reason}"),
        "unexpected": (
            "m2w liep vast op een onverwacht probleem ({error}). Je bestanden zijn niet gewijzigd "
            "tenzij dat al gemeld werd. Zet M2W_DEBUG=1 voor technische details en meld het probleem.",
            "m2w stopped on an unexpected problem ({error}). Your files were not changed unless "
            "that was already reported. Set M2W_DEBUG=1 for technical details and report the problem.",
        ),
    }
)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    # Click's own version option fixes its words when the module loads; this one speaks the
    # language of the moment.
    if value and not ctx.resilient_parsing:
        click.echo(MSG("version", current_lang(), version=__version__))
        ctx.exit()


def lang_from_argv(args: list[str]) -> str | None:
    """The language a user asked for with `--lang xx` anywhere on the command line, if any.

    Help texts and argument names are written when a command's module loads, so the language
    must be known before Click parses anything: `m2w report --lang en --help` reads English.
    The last one counts, as it does for Click."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value is not None and value.lower() in LANGS:
            found = value.lower()
    return found


def _choose_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # `m2w --lang en demo`: the subcommands' own --lang read M2W_LANG as their default.
    if value:
        os.environ[ENV_VAR] = value.lower()
        set_lang(value.lower())


class LazyGroup(click.Group):
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
        command = getattr(module, attr)
        command.options_metavar = clicktext.gettext("[OPTIONS]")
        return command


@click.group(
    cls=LazyGroup,
    help=MSG("help", env_lang()),
    options_metavar=clicktext.gettext("[OPTIONS]"),
    subcommand_metavar=clicktext.gettext("COMMAND [ARGS]..."),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help=MSG("version_help", env_lang()),
)
@click.option(
    "--lang",
    type=click.Choice(LANGS, case_sensitive=False),
    expose_value=False,
    is_eager=True,
    callback=_choose_lang,
    help=MSG("lang_help", env_lang()),
)
def cli() -> None:
    pass


def _speak() -> None:
    """Rewrite the group's own help texts, written when this module loaded, in the chosen language."""
    lang = current_lang()
    cli.help = MSG("help", lang)
    cli.options_metavar = clicktext.gettext("[OPTIONS]")
    cli.subcommand_metavar = clicktext.gettext("COMMAND [ARGS]...")
    for param in cli.params:
        if param.name in ("version", "lang"):
            param.help = MSG(f"{param.name}_help", lang)


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
    asked = lang_from_argv(sys.argv[1:])
    if asked:
        os.environ[ENV_VAR] = asked  # before any command module loads and writes its help texts
        _speak()
    lang = env_lang()
    try:
        cli.main(prog_name="m2w", standalone_mode=False)
    except M2WError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show(file=_Harmless(click.get_text_stream("stderr")))  # it quotes what was typed
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("\n" + MSG("interrupted", lang), err=True)
        sys.exit(130)
    except OSError as exc:
        path = exc.filename if exc.filename is not None else "-"
        click.echo(terminal(MSG("os_error", lang, path=path, reason=exc.strerror or exc)), err=True)
        sys.exit(1)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for those who ask
        if os.environ.get("M2W_DEBUG"):
            raise
        click.echo(terminal(MSG("unexpected", lang, error=f"{type(exc).__name__}: {exc}")), err=True)
        sys.exit(70)
    sys.exit(0)
