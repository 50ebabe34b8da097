"""`m2w assess`: fill in the questionnaire, interactively or from a CSV/YAML file."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import (
    content_option,
    lang_option,
    metavar,
    module_option,
    only_option,
    quick_option,
)
from m2w_tool.i18n import N_, _, ngettext
from m2w_tool.safetext import terminal

DEFAULT_FILE = Path("output") / "answers.yaml"


@click.command(
    help=N_(
        "Fill in the questionnaire. Every answer is saved at once in ANSWERS_FILE (default "
        "output/answers.yaml); running it again continues at the first open question. A number and "
        "Enter answer a statement; type h while answering for help."
    )
)
@click.argument("answers_file", required=False, metavar=metavar("answers_file"), type=click.Path(path_type=Path))
@module_option(default="all", quick=True)
@quick_option(
    N_("The quick scan: the key statements of every dimension, about 15 minutes (the same as --module quick).")
)
@only_option
@click.option("--respondent", metavar=metavar("name"), envvar="M2W_RESPONDENT",
              help=N_("Your name (or M2W_RESPONDENT): a file of someone else is named before anything is "
                      "added to it."))  # fmt: skip
@lang_option
@content_option
@click.option("--review", is_flag=True, help=N_("Walk through all answers again; Enter keeps the current answer."))
@click.option(
    "--editor", is_flag=True, help=N_("Write long texts (notes, reflections) in your editor ($VISUAL or $EDITOR).")
)
@click.option("--from", "source", metavar=metavar("file"),
              help=N_("Read the answers without questions from a CSV, Excel (.xlsx) or YAML file (- = standard "
                      "input); see examples/answers-csv.md."))  # fmt: skip
@click.option("--split", type=click.Path(file_okay=False, path_type=Path), metavar=metavar("folder"),
              help=N_("With --from: a file with several people's answers (a respondent column, one sheet per person) "
                      "becomes one answers file each in this folder."))  # fmt: skip
@click.pass_context
def assess(ctx: click.Context, answers_file, module, quick, only, respondent, lang, content, review, editor, source,
           split) -> None:  # fmt: skip
    path = answers_file or DEFAULT_FILE
    if source is not None:
        from m2w_tool import api

        filled = api.import_answers(None if split and not answers_file else path, source, content=content, lang=lang,
                                    create_folder=answers_file is None, split=split)  # fmt: skip
        return echo_filled(filled)
    if split is not None:
        raise click.UsageError(_("--split goes with --from FILE."))
    from m2w_tool.questionnaire.run import Options
    from m2w_tool.questionnaire.run import assess as run

    run(path, content, Options(lang, _lang_given(ctx), "all" if module == "quick" else module,
                               _given(ctx, "module"), only, quick or module == "quick", review, editor,
                               answers_file is None, respondent))  # fmt: skip


def _lang_given(ctx: click.Context) -> bool:
    """Whether the user chose the language: `m2w assess --lang en` or `m2w --lang en assess`."""
    return _given(ctx, "lang") or (ctx.parent is not None and _given(ctx.parent, "lang"))


def _given(ctx: click.Context, name: str) -> bool:
    """Whether the user chose this option (rather than its default)."""
    return ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT


def echo_filled(filled) -> None:  # noqa: ANN001 - an api.Filled
    """The notices of an import, then each file it filled."""
    for notice in filled.notices:
        click.echo(terminal(notice), err=True)
    for item in filled.files:
        path = terminal(item.path, one_line=True)
        if item.respondent:
            who = terminal(item.respondent, one_line=True)
            click.echo(ngettext("%(who)s: %(n)s row read; saved in %(path)s.",
                                "%(who)s: %(n)s rows read; saved in %(path)s.", item.rows,
                                who=who, n=item.rows, path=path))  # fmt: skip
        else:
            click.echo(ngettext("%(n)s row read; saved in %(path)s.", "%(n)s rows read; saved in %(path)s.",
                                item.rows, n=item.rows, path=path))  # fmt: skip
