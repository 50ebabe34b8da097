"""`m2w import`: filled-in fillable workbooks become answers files, one per respondent."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import content_option, messages_lang_option, metavar
from m2w_tool.i18n import N_, _
from m2w_tool.safetext import terminal


def describe_import(item) -> list[str]:  # noqa: ANN001 - an api.Imported
    """What one workbook became, and which questions were left empty, grouped by dimension."""
    who = terminal(item.respondent or _("(no name filled in)"), one_line=True)
    pdf, path = terminal(item.source, one_line=True), terminal(item.path, one_line=True)
    lines = [
        _("%(pdf)s -> %(path)s\n  %(who)s: %(answered)s of %(total)s questions answered (%(na)s n/a, %(dk)s don't "
          "know).", pdf=pdf, path=path, who=who, answered=item.answered, total=item.total, na=item.not_applicable,
          dk=item.dont_know)
    ]  # fmt: skip
    if not item.empty_by_dimension:
        return [*lines, _("  Nothing left empty.")]
    lines.append(_("  Left empty:"))
    for dim_id, (total, empty) in item.empty_by_dimension.items():
        if len(empty) == total:
            lines.append(_("    %(dim)s: all %(n)s questions", dim=dim_id, n=total))
        else:
            lines.append(_("    %(dim)s: %(ids)s", dim=dim_id, ids=", ".join(empty)))
    return lines


@click.command(
    help=N_(
        "Read filled-in workbooks (fillable PDFs from `m2w workbook --fillable`) into answers files for "
        "`m2w report`. Each workbook becomes a separate respondent."
    )
)
@click.argument(
    "pdfs", nargs=-1, required=True, metavar=metavar("filled"), type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=N_("Answers file (.yaml) for one workbook, or a folder (default: output/)."),
)
@click.option("--force", is_flag=True, help=N_("Overwrite existing answers files."))
@messages_lang_option
@content_option
def import_workbook(pdfs: tuple[Path, ...], output: Path | None, force: bool, content) -> None:
    from m2w_tool import api

    imported = api.import_workbooks(pdfs, content=content, output=output, force=force)
    for item in imported:
        for notice in item.notices:
            click.echo(terminal(notice), err=True)
        click.echo("\n".join(describe_import(item)))
    paths = " ".join(terminal(i.path, one_line=True) for i in imported)
    click.echo(_("Make the report with: m2w report %(path)s", path=paths))
