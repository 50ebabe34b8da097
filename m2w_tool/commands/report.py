"""`m2w report` and `m2w demo`: the reflection report as self-contained HTML and PDF, plus the
action plan as CSV. Heavy libraries (Jinja2, WeasyPrint) are imported only when a command runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from m2w_tool.commands.common import content_option, lang_option, metavar
from m2w_tool.errors import M2WError
from m2w_tool.i18n import _, N_, set_lang

FORMATS = ("html", "pdf")
DEMO_ANSWERS = "demo.yaml"
DEMO_BASELINE = "demo-2025.yaml"


def parse_formats(value: str) -> list[str]:
    """`"html,pdf"` -> ["html", "pdf"]; an unknown word is a clear error."""
    chosen = []
    for word in (w.strip().lower() for w in value.split(",")):
        if not word:
            continue
        if word not in FORMATS:
            raise M2WError(_("Unknown format '%(value)s'. Choose from: %(known)s (e.g. --format html,pdf).", value=word, known=", ".join(FORMATS)))
        if word not in chosen:
            chosen.append(word)
    if not chosen:
        raise M2WError(_("Unknown format '%(value)s'. Choose from: %(known)s (e.g. --format html,pdf).", value=value, known=", ".join(FORMATS)))
    return chosen


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise M2WError(_("'%(value)s' is not a date; write it as 2026-11-24.", value=value)) from None


def make_report(
    answers_path: Path,
    *,
    lang: str,
    formats: list[str],
    out_dir: Path,
    baseline_path: Path | None = None,
    content_path: Path | None = None,
    report_date: date | None = None,
    stem: str | None = None,
    history_sources: tuple[Path, ...] = (),
) -> list[Path]:
    """Load, score, build and render one report; return the files written (html, pdf, csv).

    `stem` names the files (`<stem>.html`, `<stem>-actions.csv`); by default it comes from the
    initiative's name, see report.report_stem.
    """
    from m2w_tool.answers import load_answers
    from m2w_tool.content import load_content
    from m2w_tool.render import AttachmentFile, render_report_html, write_outputs
    from m2w_tool.report import action_plan_csv, build_report, report_stem

    content = load_content(content_path)
    answers = load_answers(answers_path)
    baseline = load_answers(baseline_path) if baseline_path else None
    extra_sections, previous = _group_and_history(content, answers_path, answers, history_sources, lang)
    if baseline is None and previous is not None:
        baseline = previous  # progress in every dimension, since the previous assessment
    report = build_report(
        content, answers, lang, baseline=baseline, report_date=report_date, answers_name=Path(answers_path).name,
        stem=stem,
    )
    report.extra_sections.extend(extra_sections)
    html = render_report_html(report)
    attachments = [AttachmentFile(Path(answers_path).name, Path(answers_path).read_bytes(), _("The answers this report is based on"))]
    if baseline_path:
        attachments.append(
            AttachmentFile(Path(baseline_path).name, Path(baseline_path).read_bytes(), _("Compared with"))
        )
    if report.scores.unknown:
        click.echo(_("Note: %(n)s answer(s) belong to questions this content does not know; they are in the appendix and not scored.", n=len(report.scores.unknown)), err=True)
    return write_outputs(
        out_dir,
        stem or report_stem(answers),
        html,
        formats,
        title=report.title,
        lang=lang,
        attachments=attachments,
        extra_files={report.csv_name: action_plan_csv(report)},
    )


def _group_and_history(content, answers_path: Path, answers, history_sources, lang: str) -> tuple[list, object]:
    """The report's history section (--history) and group section (a file made by `m2w merge`),
    and the previous assessment found in the history (None without one)."""
    from m2w_tool.report import group_section, history_section

    sections, previous = [], None
    if history_sources:
        from m2w_tool.batch import read_history

        candidates, problems = read_history(history_sources)
        for problem in problems:
            click.echo(problem, err=True)
        section, previous = history_section(content, str(answers_path), answers, candidates, lang)
        if section is not None:
            sections.append(section)
    group = group_section(content, answers, lang)
    if group is not None:
        sections.append(group)
    return sections, previous


def _echo_written(paths: list[Path]) -> None:
    click.echo(_("Report written:"))
    for path in paths:
        click.echo(f"  {path}")
    suffixes = {path.suffix for path in paths}
    html, pdf = ".html" in suffixes, ".pdf" in suffixes
    if html and pdf:
        click.echo(_("Open the HTML file in your browser, or the PDF to print."))
    elif html:
        click.echo(_("Open the HTML file in your browser."))
    elif pdf:
        click.echo(_("Open the PDF to read or print."))


def _format_option(f):
    return click.option(
        "--format",
        "formats",
        metavar=metavar("formats"),
        default="html,pdf",
        show_default=True,
        help=N_("Which files: html, pdf or html,pdf."),
    )(f)


def _output_option(f):
    return click.option(
        "-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
        show_default=True, help=N_("Folder for the reports."),
    )(f)


def _date_option(f):
    return click.option("--date", "report_date", metavar=metavar("date"), default=None, help=N_("Report date (YYYY-MM-DD), today by default; the deadlines of recommendations count from it."))(f)


@click.command(help=N_("Make the reflection report of an answers file: scores, levels, priorities, recommendations and an action plan, as HTML and PDF (plus the action plan as CSV).") + "\n\n" + N_("Give several files or a folder and every report is made at once, spread over the processor cores; a file with an error does not stop the others and is listed at the end."))
@click.argument("answers_paths", metavar=metavar("answers"), nargs=-1, required=True, type=click.Path(path_type=Path))
@_format_option
@_output_option
@lang_option
@click.option(
    "--baseline",
    "baseline_path",
    metavar=metavar("old_file"),
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("An older answers file (e.g. last year's): the report shows the progress per dimension."),
)
@click.option(
    "--history",
    "history",
    metavar=metavar("files_or_folder"),
    multiple=True,
    type=click.Path(path_type=Path),
    help=N_("A folder (or a file; repeat --history for each file) with earlier answers files of the same initiative: the report shows the progress since the previous self-assessment, and a timeline from three on. Files of other initiatives are skipped."),
)
@click.option(
    "--jobs", "-j", "jobs", type=int, metavar=metavar("number"), default=None, help=N_("Number of processes for many files at once (default: all cores).")
)
@_date_option
@content_option
def report(answers_paths, formats, out_dir, lang, baseline_path, history, jobs, report_date, content_path) -> None:
    set_lang(lang)
    if len(answers_paths) == 1 and not answers_paths[0].is_dir():
        paths = make_report(
            answers_paths[0],
            lang=lang,
            formats=parse_formats(formats),
            out_dir=out_dir,
            baseline_path=baseline_path,
            content_path=content_path,
            report_date=parse_date(report_date),
            history_sources=tuple(history),
        )
        _echo_written(paths)
        return
    # Many files or a folder: in parallel processes, one bad file does not stop the others.
    from m2w_tool.batch import answer_files, check_jobs, render_many

    if baseline_path:
        raise M2WError(_("--baseline works with one answers file; use --history with many files."))
    result = render_many(
        answer_files(answers_paths), out_dir=out_dir, formats=parse_formats(formats), lang=lang,
        jobs=check_jobs(jobs), content_path=content_path, report_date=parse_date(report_date),
        history=tuple(history),
    )
    _echo_written([path for outcome in result.done for path in outcome.outputs])
    if not result.ok:
        click.echo(result.failure_report(), err=True)
        result.raise_for_failures()


@click.command(help=N_("Make the report of a worked example initiative, to see what m2w does."))
@_format_option
@_output_option
@lang_option
@_date_option
def demo(formats, out_dir, lang, report_date) -> None:
    from m2w_tool.resources import examples_dir

    set_lang(lang)
    answers, baseline = examples_dir() / DEMO_ANSWERS, examples_dir() / DEMO_BASELINE
    for path in (answers, baseline):
        if not path.is_file():
            raise M2WError(_("The example %(path)s is missing from this installation.", path=path))
    paths = make_report(
        answers,
        lang=lang,
        formats=parse_formats(formats),
        out_dir=out_dir,
        baseline_path=baseline,
        report_date=parse_date(report_date),
    )
    _echo_written(paths)
