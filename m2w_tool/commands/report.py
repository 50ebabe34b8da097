"""`m2w report` and `m2w demo`: the reflection report as self-contained HTML and PDF, plus the
action plan as CSV. The work is done by m2w_tool.api; these parse options and print."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from m2w_tool.commands.common import (
    Bar,
    content_option,
    echo_failures,
    echo_paths,
    echo_warnings,
    jobs_option,
    lang_option,
    metavar,
    templates_option,
)
from m2w_tool.errors import M2WError
from m2w_tool.i18n import N_, _

FORMATS = ("html", "pdf")


class Formats(click.ParamType):
    """`html,pdf` -> ["html", "pdf"]; an unknown word is a clear error."""

    name = "formats"

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - Click's signature
        if isinstance(value, list):
            return value
        chosen = list(dict.fromkeys(w.strip().lower() for w in value.split(",") if w.strip()))
        wrong = [w for w in chosen if w not in FORMATS] or ([] if chosen else [value])
        if wrong:
            known = ", ".join(FORMATS)
            self.fail(
                _(
                    "Unknown format '%(value)s'. Choose from: %(known)s (e.g. --format html,pdf).",
                    value=wrong[0],
                    known=known,
                )
            )
        return chosen


class Day(click.ParamType):
    """A date written as 2026-11-24."""

    name = "date"

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - Click's signature
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            self.fail(_("'%(value)s' is not a date; write it as 2026-11-24.", value=value))


def _document_options(f: Callable) -> Callable:
    """--format, --output, --lang, --date and --appendix, shared by `report` and `demo`."""
    f = click.option(
        "--appendix/--no-appendix", default=False, show_default=True,
        help=N_("Add an appendix that lists every answer once more (the PDF carries the answers file anyway)."),
    )(f)  # fmt: skip
    f = click.option(
        "--date", "report_date", type=Day(), metavar=metavar("date"), default=None,
        help=N_("Report date (YYYY-MM-DD), today by default; the deadlines of recommendations count from it."),
    )(f)  # fmt: skip
    f = lang_option(f)
    f = click.option(
        "-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
        show_default=True, help=N_("Folder for the reports."),
    )(f)  # fmt: skip
    return click.option(
        "--format", "formats", type=Formats(), metavar=metavar("formats"), default="html,pdf", show_default=True,
        help=N_("Which files: html, pdf or html,pdf."), is_eager=True, callback=_get_pdf_ready,
    )(f)  # fmt: skip


def _get_pdf_ready(ctx: click.Context, param: click.Parameter, formats: list[str]) -> list[str]:
    """With a PDF to make, a second process gets WeasyPrint ready while the content and the answers load
    (m2w_tool.pdfworker). --format is eager, so this happens before the content is loaded."""
    if formats and "pdf" in formats and not ctx.resilient_parsing:
        from m2w_tool import pdfworker

        if pdfworker.prestart() is not None:
            ctx.call_on_close(pdfworker.discard)
    return formats


def echo_written(paths: list[Path]) -> None:
    """The files made, and what to do with them."""
    echo_paths(_("Report written:"), paths)
    suffixes = {path.suffix for path in paths}
    html, pdf = ".html" in suffixes, ".pdf" in suffixes
    if html and pdf:
        click.echo(_("Open the HTML file in your browser, or the PDF to print."))
    elif html:
        click.echo(_("Open the HTML file in your browser."))
    elif pdf:
        click.echo(_("Open the PDF to read or print."))
    pages = [path for path in paths if path.suffix == ".html"]
    if len(pages) == 1:  # its address, which many terminals open with a click (control characters %-encoded)
        click.echo("  " + pages[0].resolve().as_uri())


@click.command(
    help=N_(
        "Make the reflection report of an answers file: scores, levels, priorities, recommendations and an "
        "action plan, as HTML and PDF (plus the action plan as CSV).\n\nGive several files or a folder and "
        "every report is made at once, spread over the processor cores; a file with an error does not stop "
        "the others and is listed at the end."
    )
)
@click.argument("answers", metavar=metavar("answers"), nargs=-1, required=True, type=click.Path(path_type=Path))
@_document_options
@click.option(
    "--baseline", "baseline", metavar=metavar("old_file"), type=click.Path(dir_okay=False, path_type=Path),
    help=N_("An older answers file (e.g. last year's): the report shows the progress per dimension."),
)  # fmt: skip
@click.option(
    "--history", "history", metavar=metavar("files_or_folder"), multiple=True, type=click.Path(path_type=Path),
    help=N_("A folder (or a file; repeat --history for each file) with earlier answers files of the same initiative: "
            "the report shows the progress since the previous self-assessment, and a timeline from three on. Files of "
            "other initiatives are skipped."),
)  # fmt: skip
@jobs_option
@templates_option
@content_option
def report(answers, formats, out_dir, lang, report_date, appendix, baseline, history, jobs, templates, content) -> None:
    from m2w_tool import api

    if len(answers) == 1 and not answers[0].is_dir():
        made = api.make_report(answers[0], content=content, lang=lang, formats=formats, out_dir=out_dir,
                               appendix=appendix, baseline_path=baseline, report_date=report_date, history=history,
                               templates=templates)  # fmt: skip
        echo_warnings(made.warnings)
        return echo_written(list(made.paths))
    if baseline:
        raise M2WError(_("--baseline works with one answers file; use --history with many files."))
    result = api.make_reports(api.answer_files(answers), content=content, lang=lang, formats=formats, out_dir=out_dir,
                              jobs=jobs, report_date=report_date, history=history, progress=Bar(_("Making reports")),
                              templates=templates, appendix=appendix)  # fmt: skip
    echo_written([path for outcome in result.done for path in outcome.outputs])
    echo_failures(result)


@click.command(help=N_("Make the report of a worked example initiative, to see what m2w does."))
@_document_options
@templates_option
@content_option
def demo(formats, out_dir, lang, report_date, appendix, templates, content) -> None:
    from m2w_tool import api

    answers, baseline = api.demo_files()
    made = api.make_report(answers, content=content, lang=lang, formats=formats, out_dir=out_dir, appendix=appendix,
                           baseline_path=baseline, report_date=report_date, templates=templates)  # fmt: skip
    echo_written(list(made.paths))
