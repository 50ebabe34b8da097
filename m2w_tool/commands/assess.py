"""`m2w assess`: fill in the questionnaire, interactively or from a CSV/YAML file."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import (
    HELP_LANG,
    content_option,
    lang_option,
    metavar,
    module_option,
    only_option,
)
from m2w_tool.i18n import Catalog
from m2w_tool.safetext import terminal

DEFAULT_FILE = Path("output") / "answers.yaml"

MSG = Catalog(
    {
        "help": (
            "Vul de vragenlijst in. Elk antwoord wordt meteen bewaard in ANTWOORDBESTAND "
            "(standaard output/answers.yaml); opnieuw starten gaat verder bij de eerste open "
            "vraag. "
            "Typ ? tijdens het invullen voor hulp.",
            "Fill in the questionnaire. Every answer is saved at once in ANSWERS_FILE "
            "(default output/answers.yaml); running it again continues at the first open question. "
            "Type ? while answering for help.",
        ),
        "review": (
            "Overloop alle antwoorden opnieuw; Enter houdt het huidige antwoord.",
            "Walk through all answers again; Enter keeps the current answer.",
        ),
        "editor": (
            "Schrijf lange teksten (opmerkingen, reflecties) in je editor ($EDITOR).",
            "Write long texts (notes, reflections) in your editor ($EDITOR).",
        ),
        "from": (
            "Lees de antwoorden zonder vragen uit een CSV- of YAML-bestand (- = standaardinvoer); "
            "zie examples/answers.csv.",
            "Read the answers without questions from a CSV or YAML file (- = standard input); "
            "see examples/answers.csv.",
        ),
        "imported": ("{n} rijen ingelezen; bewaard in {path}.", "{n} rows read; saved in {path}."),
    }
)


@click.command(help=MSG("help", HELP_LANG))
@click.argument("answers_file", required=False, metavar=metavar("answers_file"), type=click.Path(path_type=Path))
@module_option(default="all")
@only_option
@lang_option
@content_option
@click.option("--review", is_flag=True, help=MSG("review", HELP_LANG))
@click.option("--editor", is_flag=True, help=MSG("editor", HELP_LANG))
@click.option("--from", "source", metavar=metavar("file"), help=MSG("from", HELP_LANG))
@click.pass_context
def assess(
    ctx: click.Context,
    answers_file: Path | None,
    module: str,
    only: str,
    lang: str,
    content_path: Path | None,
    review: bool,
    editor: bool,
    source: str | None,
) -> None:
    from m2w_tool.content import load_content

    content = load_content(content_path)
    path = answers_file or DEFAULT_FILE
    given = lambda name: ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT  # noqa: E731
    if source is not None:
        from m2w_tool.answers_import import import_into

        count, _ = import_into(path, source, content, lang, create_folder=answers_file is None)
        click.echo(MSG("imported", lang, n=count, path=terminal(path, one_line=True)))
        return
    from m2w_tool.questionnaire import assess as run

    run(
        path,
        content,
        lang=lang,
        lang_given=given("lang"),
        module=module,
        module_given=given("module"),
        only=only,
        review=review,
        editor=editor,
        create_folder=answers_file is None,
    )
