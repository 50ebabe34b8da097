"""`m2w merge` (a team's answers become one group assessment) and `m2w compare` (a portfolio of
many initiatives, with exports). Heavy libraries are imported only when a command runs."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import content_option, lang_option, metavar
from m2w_tool.errors import M2WError
from m2w_tool.i18n import _, N_

DISAGREEMENTS_SHOWN = 12


def _merge_target(paths: list[Path], answers) -> Path:
    from m2w_tool.batch import report_stems

    slug = report_stems([Path(answers.initiative.get("name", "") or "group")])[0].removeprefix(
        "report-"
    )
    return paths[0].parent / f"group-{slug}.yaml"


@click.command(help=N_("Merge the answers files of several respondents of one initiative into one group assessment: per statement the mean, the spread and the number of respondents; statements you disagree on are flagged as points to discuss."))
@click.argument(
    "files", nargs=-1, required=True, metavar=metavar("files"), type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The group file (default group-<initiative>.yaml next to the first file)."),
)
@click.option("--force", is_flag=True, help=N_("Merge even when the files seem to be about different initiatives."))
@lang_option
@content_option
def merge(
    files: tuple[Path, ...], output: Path | None, force: bool, lang: str, content_path: Path | None
) -> None:
    from m2w_tool.answers import load_answers, save_answers
    from m2w_tool.content import load_content
    from m2w_tool.merge import merge_answers

    content = load_content(content_path)
    items = [(str(p), load_answers(p)) for p in files]
    result = merge_answers(items, content, force=force)
    target = output or _merge_target(list(files), result.answers)
    if target.resolve() in {p.resolve() for p in files}:
        raise M2WError(_("%(path)s is one of the files being merged; choose another name with -o.", path=target))
    for warning in result.warnings:
        click.echo(warning, err=True)
    save_answers(result.answers, target, touch=False)
    click.echo(
        _("Group assessment of %(n)s respondents (%(names)s) written to %(path)s.", n=len(result.respondents), names=", ".join(result.respondents), path=target)
    )
    if result.disagreements:
        click.echo(_("%(n)s statement(s) to discuss (the answers are far apart):", n=len(result.disagreements)))
        for qid in result.disagreements[:DISAGREEMENTS_SHOWN]:
            answer = result.answers.answers[qid]
            group = answer.extra["group"]
            text = content.questions[qid][1].text(lang) if qid in content.questions else ""
            values = ", ".join(str(v) for v in group["values"])
            click.echo(f"  {qid}  [{values}]  {text[:70] + ('…' if len(text) > 70 else '')}")
        if len(result.disagreements) > DISAGREEMENTS_SHOWN:
            click.echo("  " + _("… and %(n)s more.", n=len(result.disagreements) - DISAGREEMENTS_SHOWN))
    else:
        click.echo(_("Your answers are close together everywhere."))
    click.echo(_("Make the report with: m2w report %(path)s", path=target))


@click.command(help=N_("Compare many initiatives in one portfolio (for funders and networks): a heat map of the dimensions, the distribution per dimension, the weak spots they share and one line per initiative; with exports to XLSX and CSV. Give answers files or folders."))
@click.argument(
    "sources", nargs=-1, required=True, metavar=metavar("sources"), type=click.Path(path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Portfolio file: .html or .pdf (may be given twice; default output/portfolio.html)."),
)
@click.option(
    "--xlsx",
    "xlsx_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Also an Excel workbook with the tables."),
)
@click.option(
    "--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), help=N_("Also the tables as CSV files in this folder.")
)
@click.option(
    "--anonymise", "--anonymize", "anonymise", is_flag=True, help=N_("Replace names of initiatives, organisations and respondents by codes, in every output.")
)
@click.option("--jobs", "-j", type=int, metavar=metavar("number"), default=None, help=N_("Number of processes (default: all cores)."))
@lang_option
@content_option
def compare(sources, outputs, xlsx_path, csv_dir, anonymise, jobs, lang, content_path) -> None:
    from m2w_tool.batch import answer_files, check_jobs, load_many
    from m2w_tool.content import load_content

    outputs = list(outputs) or [Path("output") / "portfolio.html"]
    for path in outputs:
        if path.suffix.lower() not in (".html", ".pdf"):
            raise M2WError(_("%(path)s: choose a file name ending in .html or .pdf.", path=path))
    content = load_content(content_path)
    files = answer_files(sources)
    loaded = load_many(files, jobs=check_jobs(jobs), content=content)
    items = [(str(o.source), o.value[0]) for o in loaded.done]
    scored = {str(o.source): o.value[1] for o in loaded.done}
    if not items:
        click.echo(loaded.failure_report(), err=True)
        raise M2WError(_("Not a single answers file could be read."))
    skipped = [(str(o.source), o.error) for o in loaded.failed]
    written = write_portfolio(
        items,
        content,
        lang,
        outputs=outputs,
        xlsx_path=xlsx_path,
        csv_dir=csv_dir,
        anonymise=anonymise,
        skipped=skipped,
        scored=scored,
    )
    click.echo(_("Written:"))
    for path in written:
        click.echo(f"  {path}")
    if not loaded.ok:
        click.echo(loaded.failure_report(), err=True)
        loaded.raise_for_failures()


def write_portfolio(
    items,
    content,
    lang: str,
    *,
    outputs,
    xlsx_path=None,
    csv_dir=None,
    anonymise=False,
    skipped=(),
    scored=None,
) -> list[Path]:
    """Build the portfolio once and write every output asked for; return the paths written."""
    from m2w_tool.atomic import write_atomic
    from m2w_tool.export import write_csv, write_xlsx
    from m2w_tool.portfolio import build_portfolio
    from m2w_tool.render import html_to_pdf, render_portfolio_html

    portfolio = build_portfolio(
        items, content, lang, anonymise=anonymise, skipped=skipped, scored=scored
    )
    written: list[Path] = []
    html = None
    for path in outputs:
        if html is None:
            html = render_portfolio_html(portfolio)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".pdf":
            data = html_to_pdf(html, title=portfolio.title, lang=lang)
        else:
            data = html.encode("utf-8")
        write_atomic(path, data)
        written.append(path)
    if xlsx_path:
        Path(xlsx_path).parent.mkdir(parents=True, exist_ok=True)
        written.append(write_xlsx(portfolio, content, xlsx_path, lang))
    if csv_dir:
        written += write_csv(portfolio, content, csv_dir, lang)
    return written
