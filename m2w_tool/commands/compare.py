"""`m2w merge` (a team's answers become one group assessment) and `m2w compare` (a portfolio of
many initiatives, with exports). Heavy libraries are imported only when a command runs."""

from __future__ import annotations

from pathlib import Path

import click

from m2w_tool.commands.common import HELP_LANG, content_option, lang_option, metavar
from m2w_tool.errors import M2WError
from m2w_tool.i18n import Catalog, _
from m2w_tool.outputs import FORCE_HELP
from m2w_tool.safetext import terminal

MSG = Catalog(
    {
        "merge_help": (
            "Voeg de antwoordenbestanden van meerdere respondenten van één initiatief samen tot één "
            "groepsevaluatie: per stelling het gemiddelde, de spreiding en het aantal respondenten; stellingen "
            "waarover jullie het oneens zijn, worden aangeduid om te bespreken.",
            "Merge the answers files of several respondents of one initiative into one group assessment: per "
            "statement the mean, the spread and the number of respondents; statements you disagree on are "
            "flagged as points to discuss.",
        ),
        "merge_output": (
            "Het groepsbestand (standaard group-<initiatief>.yaml naast het eerste bestand).",
            "The group file (default group-<initiative>.yaml next to the first file).",
        ),
        "force": (
            "Ook samenvoegen als de bestanden over verschillende initiatieven lijken te gaan.",
            "Merge even when the files seem to be about different initiatives.",
        ),
        "overwrite_input": (
            "{path} is een van de bestanden die samengevoegd worden; kies een andere naam met -o.",
            "{path} is one of the files being merged; choose another name with -o.",
        ),
        "merged": (
            "Groepsevaluatie van {n} respondenten ({names}) geschreven naar {path}.",
            "Group assessment of {n} respondents ({names}) written to {path}.",
        ),
        "disagreements": (
            "{n} stelling(en) om te bespreken (de antwoorden liggen ver uiteen):",
            "{n} statement(s) to discuss (the answers are far apart):",
        ),
        "no_disagreements": (
            "Jullie antwoorden liggen overal dicht bij elkaar.",
            "Your answers are close together everywhere.",
        ),
        "more": ("… en nog {n}.", "… and {n} more."),
        "next_merge": (
            "Maak het rapport met: m2w report {path}",
            "Make the report with: m2w report {path}",
        ),
        "compare_help": (
            "Vergelijk veel initiatieven in één portefeuille (voor financiers en netwerken): een heatmap van de "
            "dimensies, de spreiding per dimensie, de gedeelde zwakke plekken en één zin per initiatief; met "
            "uitvoer naar XLSX en CSV. Geef antwoordenbestanden of mappen.",
            "Compare many initiatives in one portfolio (for funders and networks): a heat map of the dimensions, "
            "the distribution per dimension, the weak spots they share and one line per initiative; with exports "
            "to XLSX and CSV. Give answers files or folders.",
        ),
        "compare_output": (
            "Portefeuillebestand: .html of .pdf (mag twee keer; standaard output/portfolio.html).",
            "Portfolio file: .html or .pdf (may be given twice; default output/portfolio.html).",
        ),
        "xlsx": (
            "Ook een Excel-werkmap met de tabellen.",
            "Also an Excel workbook with the tables.",
        ),
        "csv": (
            "Ook de tabellen als CSV-bestanden in deze map.",
            "Also the tables as CSV files in this folder.",
        ),
        "anonymise": (
            "Vervang namen van initiatieven, organisaties en respondenten door codes, in alle uitvoer.",
            "Replace names of initiatives, organisations and respondents by codes, in every output.",
        ),
        "jobs": (
            "Aantal processen (standaard: alle kernen).",
            "Number of processes (default: all cores).",
        ),
        "bad_suffix": (
            "{path}: kies een bestandsnaam op .html of .pdf.",
            "{path}: choose a file name ending in .html or .pdf.",
        ),
        "nothing_read": (
            "Geen enkel antwoordenbestand kon gelezen worden.",
            "Not a single answers file could be read.",
        ),
        "written": ("Geschreven:", "Written:"),
        "portfolio_summary": (
            "Portefeuille van {n} initiatieven uit {files} bestand(en).",
            "Portfolio of {n} initiatives from {files} file(s).",
        ),
    }
)
DISAGREEMENTS_SHOWN = 12


def _merge_target(paths: list[Path], answers) -> Path:
    from m2w_tool.batch import report_stems

    slug = report_stems([Path(answers.initiative.get("name", "") or "group")])[0].removeprefix(
        "report-"
    )
    return paths[0].parent / f"group-{slug}.yaml"


@click.command(help=MSG("merge_help", HELP_LANG))
@click.argument(
    "files", nargs=-1, required=True, metavar=metavar("files"), type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=MSG("merge_output", HELP_LANG),
)
@click.option(
    "--force", is_flag=True, help=MSG("force", HELP_LANG) + " " + _("It also replaces an existing group file.")
)
@lang_option
@content_option
def merge(
    files: tuple[Path, ...], output: Path | None, force: bool, lang: str, content_path: Path | None
) -> None:
    from m2w_tool.answers import load_answers, save_answers
    from m2w_tool.content import load_content
    from m2w_tool.lock import AnswersLock
    from m2w_tool.merge import merge_answers
    from m2w_tool.outputs import check_output

    content = load_content(content_path)
    items = [(str(p), load_answers(p)) for p in files]
    result = merge_answers(items, content, force=force, lang=lang)
    target = output or _merge_target(list(files), result.answers)
    if target.resolve() in {p.resolve() for p in files}:
        raise M2WError(MSG("overwrite_input", lang, path=target))
    # The group file is an answers file: written under its lock, and never over a file that is
    # there (another respondent's answers, perhaps) without --force.
    with AnswersLock(target, lang):
        check_output(target, force=force)
        for warning in result.warnings:
            click.echo(terminal(warning), err=True)
        save_answers(result.answers, target, touch=False)
    names = ", ".join(terminal(name, one_line=True) for name in result.respondents)
    click.echo(MSG("merged", lang, n=len(result.respondents), names=names, path=terminal(target, one_line=True)))
    if result.disagreements:
        click.echo(MSG("disagreements", lang, n=len(result.disagreements)))
        for qid in result.disagreements[:DISAGREEMENTS_SHOWN]:
            answer = result.answers.answers[qid]
            group = answer.extra["group"]
            text = content.questions[qid][1].text(lang) if qid in content.questions else ""
            values = ", ".join(str(v) for v in group["values"])
            line = f"  {qid}  [{values}]  {text[:70] + ('…' if len(text) > 70 else '')}"
            click.echo(terminal(line, one_line=True))
        if len(result.disagreements) > DISAGREEMENTS_SHOWN:
            click.echo("  " + MSG("more", lang, n=len(result.disagreements) - DISAGREEMENTS_SHOWN))
    else:
        click.echo(MSG("no_disagreements", lang))
    click.echo(MSG("next_merge", lang, path=terminal(target, one_line=True)))


@click.command(help=MSG("compare_help", HELP_LANG))
@click.argument(
    "sources", nargs=-1, required=True, metavar=metavar("sources"), type=click.Path(path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=MSG("compare_output", HELP_LANG),
)
@click.option(
    "--xlsx",
    "xlsx_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=MSG("xlsx", HELP_LANG),
)
@click.option(
    "--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), help=MSG("csv", HELP_LANG)
)
@click.option(
    "--anonymise", "--anonymize", "anonymise", is_flag=True, help=MSG("anonymise", HELP_LANG)
)
@click.option("--jobs", "-j", type=int, metavar=metavar("number"), default=None, help=MSG("jobs", HELP_LANG))
@click.option("--force", is_flag=True, help=_(FORCE_HELP))
@lang_option
@content_option
def compare(sources, outputs, xlsx_path, csv_dir, anonymise, jobs, force, lang, content_path) -> None:
    from m2w_tool.batch import answer_files, check_jobs, load_many
    from m2w_tool.content import load_content

    named = bool(outputs)  # the default portfolio in output/ is simply made again
    outputs = list(outputs) or [Path("output") / "portfolio.html"]
    for path in outputs:
        if path.suffix.lower() not in (".html", ".pdf"):
            raise M2WError(MSG("bad_suffix", lang, path=path))
    check_portfolio_targets(outputs, xlsx_path, csv_dir, force=force, outputs_named=named)
    content = load_content(content_path)
    files = answer_files(sources, lang)
    loaded = load_many(files, jobs=check_jobs(jobs, lang), lang=lang, content=content)
    items = [(str(o.source), o.value[0]) for o in loaded.done]
    scored = {str(o.source): o.value[1] for o in loaded.done}
    if not items:
        click.echo(loaded.failure_report(lang), err=True)
        raise M2WError(MSG("nothing_read", lang))
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
        force=force,
        outputs_named=named,
    )
    click.echo(MSG("written", lang))
    for path in written:
        click.echo(f"  {terminal(path, one_line=True)}")
    if not loaded.ok:
        click.echo(loaded.failure_report(lang), err=True)
        loaded.raise_for_failures(lang)


def check_portfolio_targets(outputs, xlsx_path=None, csv_dir=None, *, force: bool, outputs_named: bool = True) -> None:
    """Refuse, before anything is read or written, a portfolio output m2w may not replace."""
    from m2w_tool.export import csv_names
    from m2w_tool.outputs import check_outputs

    targets = [(Path(path), outputs_named) for path in outputs]
    if xlsx_path:
        targets.append((Path(xlsx_path), True))
    if csv_dir:
        targets += [(Path(csv_dir) / name, True) for name in csv_names()]
    check_outputs(targets, force=force)


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
    force: bool = False,
    outputs_named: bool = True,
) -> list[Path]:
    """Build the portfolio once and write every output asked for; return the paths written.

    Every target is checked and every file is made in memory before the first one is written, so
    a refused target or an export that fails leaves all files as they were."""
    from m2w_tool.export import csv_files, xlsx_bytes
    from m2w_tool.portfolio import build_portfolio
    from m2w_tool.render import html_to_pdf, render_html

    check_portfolio_targets(outputs, xlsx_path, csv_dir, force=force, outputs_named=outputs_named)
    portfolio = build_portfolio(
        items, content, lang, anonymise=anonymise, skipped=skipped, scored=scored
    )
    files: list[tuple[Path, bytes]] = []
    html = None
    for path in outputs:
        if html is None:
            html = render_html("portfolio.html.j2", lang, p=portfolio, t=portfolio.text)
        if path.suffix.lower() == ".pdf":
            files.append((Path(path), html_to_pdf(html, title=portfolio.title, lang=lang)))
        else:
            files.append((Path(path), html.encode("utf-8")))
    if xlsx_path:
        files.append((Path(xlsx_path), xlsx_bytes(portfolio, content, lang)))
    if csv_dir:
        files += [(Path(csv_dir) / name, data) for name, data in csv_files(portfolio, content, lang).items()]
    return _write_files(files, lang)


def _write_files(files: list[tuple[Path, bytes]], lang: str) -> list[Path]:
    from m2w_tool.atomic import write_atomic
    from m2w_tool.export import MSG as EXPORT_MSG
    from m2w_tool.render import RenderError

    written: list[Path] = []
    for path, data in files:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except OSError as exc:
            reason = exc.strerror or exc
            raise RenderError(EXPORT_MSG("write_error", lang, path=exc.filename or path, reason=reason)) from exc
        written.append(path)
    return written
