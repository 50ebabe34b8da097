"""`m2w merge`: the answers of a team's respondents become one group assessment."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import content_option, echo_warnings, lang_option, metavar
from m2w_tool.i18n import N_, _
from m2w_tool.safetext import terminal

DISAGREEMENTS_SHOWN = 12


def describe_disagreements(merged, content, lang: str) -> list[str]:  # noqa: ANN001 - api.Merged, Content
    """The statements to discuss, each with everyone's answers (the first dozen)."""
    if not merged.disagreements:
        return [_("Your answers are close together everywhere.")]
    lines = [_("%(n)s statement(s) to discuss (the answers are far apart):", n=len(merged.disagreements))]
    for qid in merged.disagreements[:DISAGREEMENTS_SHOWN]:
        values = ", ".join(str(v) for v in merged.answers.answers[qid].extra["group"]["values"])
        text = content.questions[qid][1].text(lang) if qid in content.questions else ""
        lines.append(terminal(f"  {qid}  [{values}]  {text[:70] + ('…' if len(text) > 70 else '')}", one_line=True))
    if len(merged.disagreements) > DISAGREEMENTS_SHOWN:
        lines.append("  " + _("… and %(n)s more.", n=len(merged.disagreements) - DISAGREEMENTS_SHOWN))
    return lines


@click.command(
    help=N_(
        "Merge the answers files of several respondents of one initiative into one group assessment: per "
        "statement the mean, the spread and the number of respondents; statements you disagree on are "
        "flagged as points to discuss."
    )
)
@click.argument(
    "files", nargs=-1, required=True, metavar=metavar("files"), type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The group file (default group-<initiative>.yaml next to the first file)."),
)
@click.option(
    "--force",
    is_flag=True,
    help=N_(
        "Merge even when the files seem to be about different initiatives. It also replaces an existing group file."
    ),
)
@lang_option
@content_option
def merge(files: tuple[Path, ...], output: Path | None, force: bool, lang: str, content) -> None:
    from m2w_tool import api

    merged = api.merge_files(files, content=content, output=output, force=force)
    echo_warnings(merged.warnings)
    names = ", ".join(terminal(name, one_line=True) for name in merged.respondents)
    path = terminal(merged.path, one_line=True)
    click.echo(_("Group assessment of %(n)s respondents (%(names)s) written to %(path)s.",
                 n=len(merged.respondents), names=names, path=path))  # fmt: skip
    click.echo("\n".join(describe_disagreements(merged, content, lang)))
    click.echo(_("Make the report with: m2w report %(path)s", path=path))
