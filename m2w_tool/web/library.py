"""The one place where the web face calls the report, workbook, import and merge code.

These calls will move to the library layer `m2w_tool.api` (make_report, make_workbook,
import_answers, merge); when it lands, only this module changes. Functions whose names end in
`_job` run in a worker process (see jobs.py): they take plain values and return bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from m2w_tool.answers import Answers, load_answers
from m2w_tool.content import Content, load_content


@dataclass(frozen=True)
class ReportPage:
    html: str
    title: str
    stem: str  # base file name of the report's downloads
    csv_name: str
    csv_text: str


def _report(content: Content, answers_path: Path, answers: Answers, lang: str, baseline: Answers | None):
    from m2w_tool.merge import group_section
    from m2w_tool.report import build_report, report_stem

    report = build_report(
        content, answers, lang, baseline=baseline, report_date=date.today(), answers_name=answers_path.name,
        stem=report_stem(answers),
    )  # fmt: skip
    group = group_section(content, answers, lang)  # a file made by a merge: where people disagree
    if group is not None:
        report.extra_sections.append(group)
    return report


def report_page(
    content: Content, answers_path: Path, answers: Answers, lang: str, baseline: Answers | None
) -> ReportPage:
    """The reflection report of one answers file as HTML (as `m2w report` makes it), with its
    action plan as CSV text."""
    from m2w_tool.render import render_report_html
    from m2w_tool.report import action_plan_csv, report_stem

    report = _report(content, answers_path, answers, lang, baseline)
    return ReportPage(render_report_html(report), report.title, report_stem(answers), report.csv_name,
                      action_plan_csv(report))  # fmt: skip


def report_file_stem(answers: Answers) -> str:
    """`report-<initiative>`: the name `m2w report` gives the report's files."""
    from m2w_tool.report import report_stem

    return report_stem(answers)


@lru_cache(maxsize=2)
def _content(content_path: str | None) -> Content:
    return load_content(content_path)


def report_pdf_job(answers_path: str, baseline_path: str | None, lang: str, content_path: str | None) -> bytes:
    """The report as PDF bytes, the answers (and baseline) files embedded as `m2w report` does."""
    from m2w_tool.render import AttachmentFile, html_to_pdf, render_report_html
    from m2w_tool.report import T

    content = _content(content_path)
    path = Path(answers_path)
    answers = load_answers(path, lang)
    baseline = load_answers(baseline_path, lang) if baseline_path else None
    report = _report(content, path, answers, lang, baseline)
    attachments = [AttachmentFile(path.name, path.read_bytes(), T("attachment_desc", lang))]
    if baseline_path:
        attachments.append(
            AttachmentFile(Path(baseline_path).name, Path(baseline_path).read_bytes(), T("baseline", lang))
        )
    return html_to_pdf(render_report_html(report), title=report.title, lang=lang, attachments=attachments)


def workbook_pdf_job(module: str, only: str, lang: str, fillable: bool, content_path: str | None) -> bytes:
    """A printable or fillable workbook as PDF bytes, from the cache `m2w workbook` keeps when it
    holds an identical one."""
    from m2w_tool.commands.workbook import default_cache_dir, workbook_pdf
    from m2w_tool.workbook import build_workbook

    content = _content(content_path)
    chosen = content.select(module, only.split(","))
    model = build_workbook(content, chosen, lang=lang, fillable=fillable, module=module, only=only.split(","))
    return workbook_pdf(model, default_cache_dir())


def workbook_name(module: str, only: str, lang: str, fillable: bool) -> str:
    from m2w_tool.commands.workbook import default_workbook_name

    return default_workbook_name(module, only, lang, fillable)


def read_filled_workbook(pdf_path: Path, content: Content, lang: str):
    """A filled-in fillable workbook read back (pdfform.ImportResult); WorkbookImportError when it
    cannot be trusted (the same checks as `m2w import`)."""
    from m2w_tool.pdfform import read_workbooks

    return read_workbooks([pdf_path], content, lang)[0]


def imported_stem(result) -> str:  # noqa: ANN001 - pdfform.ImportResult
    """The file name `m2w import` gives an imported workbook, without `.yaml`."""
    from m2w_tool.commands.workbook import answers_paths

    return answers_paths([result], None, "en")[0].stem


def empty_lines(result, lang: str) -> list[str]:  # noqa: ANN001
    """Which questions the workbook left empty, in the words `m2w import` prints."""
    from m2w_tool.commands.workbook import describe_empty

    return [line.strip() for line in describe_empty(result, lang)]


def merge(items: list[tuple[str, Answers]], content: Content, lang: str):
    """Several respondents' answers as one group assessment (merge.MergeResult), as `m2w merge`."""
    from m2w_tool.merge import merge_answers

    return merge_answers(items, content, force=True, lang=lang)


def group_target_stem(answers: Answers) -> str:
    """`group-<initiative>`: the name `m2w merge` gives a group file."""
    from m2w_tool.commands.compare import _merge_target

    return _merge_target([Path("x.yaml")], answers).stem


def group_answers(answers: Answers):
    """Per statement of a merged file: mean, values, spread, disagreement (merge.GroupAnswer)."""
    from m2w_tool.merge import group_answers as read

    return read(answers)


def save_group(answers: Answers, path: Path) -> None:
    """Write a merged file as `m2w merge` does (its `updated` time is the respondents' latest)."""
    from m2w_tool.answers import save_answers

    save_answers(answers, path, touch=False)
