"""`m2w template`: an answer sheet (.xlsx) to fill in and read back with `m2w assess --from`."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import content_option, force_option, lang_option, module_option, only_option
from m2w_tool.i18n import N_, _
from m2w_tool.safetext import terminal


@click.command(
    help=N_(
        "Write an answer sheet (Excel, .xlsx): every statement with a drop-down list of its answers, room "
        "for notes and evidence, and per dimension its importance, target and actions. Fill it in (one copy "
        "of the sheet per person) and read it back with `m2w assess answers.yaml --from FILE`."
    )
)
@click.option("--xlsx", "output", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("File to write (default: in output/)."))  # fmt: skip
@module_option(default="all")
@only_option
@click.option("--quick", is_flag=True, help=N_("Only the statements of the quick scan."))
@lang_option
@force_option
@content_option
def template(output: Path | None, module, only, quick, lang, force, content) -> None:
    from m2w_tool import api

    path = terminal(api.write_template(content, lang=lang, module=module, only=only, quick=quick, output=output,
                                       force=force), one_line=True)  # fmt: skip
    click.echo(_("Answer sheet written: %(path)s\nFill it in, save it and read it in with:\n"
                 "  m2w assess answers.yaml --from %(path)s", path=path))  # fmt: skip
