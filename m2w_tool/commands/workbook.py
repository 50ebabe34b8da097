"""`m2w workbook`: a printable or fillable A4 workbook for a team session (m2w_tool.api does the work)."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import (
    content_option,
    force_option,
    lang_option,
    module_option,
    only_option,
    quick_option,
    templates_option,
)
from m2w_tool.i18n import N_, _
from m2w_tool.safetext import terminal

WRITTEN = N_("Workbook written: %(path)s")
FILLABLE_WRITTEN = N_(
    "Fillable workbook written: %(path)s\nFill it in with a PDF reader, save it and read it in with:\n  "
    "m2w import %(path)s"
)


@click.command(
    help=N_(
        "Make a workbook (A4 PDF) for a team session: facilitator guide, theory, statements to tick, "
        "reflection questions, exercises and an action plan. With --fillable a fillable PDF that "
        "`m2w import` reads back."
    )
)
@module_option(default="all")
@quick_option(N_("A short workbook for one session: the quick-scan statements of every dimension."))
@only_option
@lang_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=N_("File to write (default: in output/).")
)
@click.option(
    "--fillable",
    is_flag=True,
    help=N_("Fillable PDF: drop-down lists and text boxes any PDF reader can fill in and save."),
)
@click.option(
    "--no-cache", is_flag=True, help=N_("Render the workbook again, even when an identical one is in the cache.")
)
@force_option
@templates_option
@content_option
def workbook(module, quick, only, lang, output: Path | None, fillable, no_cache, force, templates, content) -> None:
    from m2w_tool import api

    waiting = _("Laying out the workbook. For a full workbook (some 125 pages) this can take ten seconds or so.")
    if not no_cache:
        waiting += " " + _("Ask for the same workbook again later and it is there at once.")
    written = api.write_workbook(content, lang=lang, module=module, only=only, fillable=fillable, cache=not no_cache,
                                 on_render=lambda: click.echo(waiting, err=True), output=output, force=force,
                                 templates=templates, quick=quick)  # fmt: skip
    click.echo(_(FILLABLE_WRITTEN if fillable else WRITTEN, path=terminal(written, one_line=True)))
