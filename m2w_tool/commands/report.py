"""`m2w report` and `m2w demo`: the reflection report as self-contained HTML and PDF, plus the
action plan as CSV. Heavy libraries (Jinja2, WeasyPrint) are imported only when a command runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from m2w_tool.batch import MSG as BATCH_MSG
from m2w_tool.commands.common import HELP_LANG, content_option, lang_option, metavar
from m2w_tool.errors import M2WError
from m2w_tool.i18n import Catalog, set_lang
from m2w_tool.safetext import terminal

FORMATS = ("html", "pdf")
DEMO_ANSWERS = "demo.yaml"
DEMO_BASELINE = "demo-2025.yaml"

MSG = Catalog(
    {
        "report_help": (
            "Maak het reflectierapport van een antwoordenbestand: scores, niveaus, prioriteiten, aanbevelingen en een "
            "actieplan, als HTML en PDF (plus het actieplan als CSV).",
            "Make the reflection report of an answers file: scores, levels, priorities, recommendations and an action "
            "plan, as HTML and PDF (plus the action plan as CSV).",
        ),
        "demo_help": (
            "Maak het rapport van een uitgewerkt voorbeeldinitiatief, om te zien wat m2w doet.",
            "Make the report of a worked example initiative, to see what m2w does.",
        ),
        "format": ("Welke bestanden: html, pdf of html,pdf.", "Which files: html, pdf or html,pdf."),
        "output": ("Map voor de rapporten.", "Folder for the reports."),
        "baseline": (
            "Een ouder antwoordenbestand (bv. van vorig jaar): het rapport toont de vooruitgang per dimensie.",
            "An older answers file (e.g. last year's): the report shows the progress per dimension.",
        ),
        "date": (
            "Datum van het rapport (JJJJ-MM-DD), standaard vandaag; de termijnen van aanbevelingen tellen vanaf hier.",
            "Report date (YYYY-MM-DD), today by default; the deadlines of recommendations count from it.",
        ),
        "bad_format": (
            "Onbekend formaat '{value}'. Kies uit: {known} (bv. --format html,pdf).",
            "Unknown format '{value}'. Choose from: {known} (e.g. --format html,pdf).",
        ),
        "bad_date": (
            "'{value}' is geen datum; schrijf ze als 2026-11-24.",
            "'{value}' is not a date; write it as 2026-11-24.",
        ),
        "written": ("Rapport gemaakt:", "Report written:"),
        "unknown_ids": (
            "Let op: {n} antwoord(en) horen bij vragen die deze inhoud niet kent; ze staan in de bijlage en tellen "
            "niet mee.",
            "Note: {n} answer(s) belong to questions this content does not know; they are in the appendix and not "
            "scored.",
        ),
        "demo_missing": (
            "Het voorbeeld {path} ontbreekt in deze installatie.",
            "The example {path} is missing from this installation.",
        ),
        "open_hint": (
            "Open het HTML-bestand in je browser, of de PDF om af te drukken.",
            "Open the HTML file in your browser, or the PDF to print.",
        ),
        "open_hint_html": ("Open het HTML-bestand in je browser.", "Open the HTML file in your browser."),
        "open_hint_pdf": ("Open de PDF om te lezen of af te drukken.", "Open the PDF to read or print."),
    }
)


def parse_formats(value: str, lang: str) -> list[str]:
    """`"html,pdf"` -> ["html", "pdf"]; an unknown word is a clear error."""
    chosen = []
    for word in (w.strip().lower() for w in value.split(",")):
        if not word:
            continue
        if word not in FORMATS:
            raise M2WError(MSG("bad_format", lang, value=word, known=", ".join(FORMATS)))
        if word not in chosen:
            chosen.append(word)
    if not chosen:
        raise M2WError(MSG("bad_format", lang, value=value, known=", ".join(FORMATS)))
    return chosen


def parse_date(value: str | None, lang: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise M2WError(MSG("bad_date", lang, value=value)) from None


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
    from m2w_tool.report import T, action_plan_csv, build_report, report_stem

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
    attachments = [AttachmentFile(Path(answers_path).name, Path(answers_path).read_bytes(), T("attachment_desc", lang))]
    if baseline_path:
        attachments.append(
            AttachmentFile(Path(baseline_path).name, Path(baseline_path).read_bytes(), T("baseline", lang))
        )
    if report.scores.unknown:
        click.echo(MSG("unknown_ids", lang, n=len(report.scores.unknown)), err=True)
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
    from m2w_tool.history import history_section
    from m2w_tool.merge import group_section

    sections, previous = [], None
    if history_sources:
        from m2w_tool.batch import read_history

        candidates, problems = read_history(history_sources, lang)
        for problem in problems:
            click.echo(terminal(problem), err=True)
        section, previous = history_section(content, str(answers_path), answers, candidates, lang)
        if section is not None:
            sections.append(section)
    group = group_section(content, answers, lang)
    if group is not None:
        sections.append(group)
    return sections, previous


def _echo_written(paths: list[Path], lang: str) -> None:
    click.echo(MSG("written", lang))
    for path in paths:
        click.echo(f"  {terminal(path, one_line=True)}")
    suffixes = {path.suffix for path in paths}
    html, pdf = ".html" in suffixes, ".pdf" in suffixes
    if html and pdf:
        click.echo(MSG("open_hint", lang))
    elif html:
        click.echo(MSG("open_hint_html", lang))
    elif pdf:
        click.echo(MSG("open_hint_pdf", lang))


def _format_option(f):
    return click.option(
        "--format",
        "formats",
        metavar=metavar("formats"),
        default="html,pdf",
        show_default=True,
        help=MSG("format", HELP_LANG),
    )(f)


def _output_option(f):
    return click.option(
        "-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
        show_default=True, help=MSG("output", HELP_LANG),
    )(f)


def _date_option(f):
    return click.option("--date", "report_date", metavar=metavar("date"), default=None, help=MSG("date", HELP_LANG))(f)


@click.command(help=MSG("report_help", HELP_LANG) + "\n\n" + BATCH_MSG("report_many", HELP_LANG))
@click.argument("answers_paths", metavar=metavar("answers"), nargs=-1, required=True, type=click.Path(path_type=Path))
@_format_option
@_output_option
@lang_option
@click.option(
    "--baseline",
    "baseline_path",
    metavar=metavar("old_file"),
    type=click.Path(dir_okay=False, path_type=Path),
    help=MSG("baseline", HELP_LANG),
)
@click.option(
    "--history",
    "history",
    metavar=metavar("files_or_folder"),
    multiple=True,
    type=click.Path(path_type=Path),
    help=BATCH_MSG("history_help", HELP_LANG),
)
@click.option(
    "--jobs", "-j", "jobs", type=int, metavar=metavar("number"), default=None, help=BATCH_MSG("jobs_help", HELP_LANG)
)
@_date_option
@content_option
def report(answers_paths, formats, out_dir, lang, baseline_path, history, jobs, report_date, content_path) -> None:
    set_lang(lang)
    if len(answers_paths) == 1 and not answers_paths[0].is_dir():
        paths = make_report(
            answers_paths[0],
            lang=lang,
            formats=parse_formats(formats, lang),
            out_dir=out_dir,
            baseline_path=baseline_path,
            content_path=content_path,
            report_date=parse_date(report_date, lang),
            history_sources=tuple(history),
        )
        _echo_written(paths, lang)
        return
    # Many files or a folder: in parallel processes, one bad file does not stop the others.
    from m2w_tool.batch import answer_files, check_jobs, render_many

    if baseline_path:
        raise M2WError(BATCH_MSG("baseline_many", lang))
    result = render_many(
        answer_files(answers_paths, lang), out_dir=out_dir, formats=parse_formats(formats, lang), lang=lang,
        jobs=check_jobs(jobs, lang), content_path=content_path, report_date=parse_date(report_date, lang),
        history=tuple(history),
    )
    _echo_written([path for outcome in result.done for path in outcome.outputs], lang)
    if not result.ok:
        click.echo(result.failure_report(lang), err=True)
        result.raise_for_failures(lang)


@click.command(help=MSG("demo_help", HELP_LANG))
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
            raise M2WError(MSG("demo_missing", lang, path=path))
    paths = make_report(
        answers,
        lang=lang,
        formats=parse_formats(formats, lang),
        out_dir=out_dir,
        baseline_path=baseline,
        report_date=parse_date(report_date, lang),
    )
    _echo_written(paths, lang)
