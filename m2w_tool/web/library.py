"""The one place where the web face calls the library (`m2w_tool.api`) and the few domain functions
it needs besides (the report's model for the page, the merge for the live group view).

Functions whose names end in `_job` run in a worker process (see jobs.py): they take plain values
and return bytes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from m2w_tool import api
from m2w_tool.answers import Answers
from m2w_tool.content import Content
from m2w_tool.i18n import set_lang


@dataclass(frozen=True)
class ReportPage:
    html: str
    title: str
    csv_name: str
    csv_text: str


def report_page(content: Content, answers_path: Path, lang: str, baseline_path: Path | None) -> ReportPage:
    """The reflection report of one answers file as HTML (as `m2w report` makes it, with its group
    section for a merged file), and its action plan as CSV text."""
    from m2w_tool.render import render_report_html
    from m2w_tool.report import action_plan_csv

    report, _answers, _warnings = api.build_report_for(
        answers_path, content=content, lang=lang, baseline_path=baseline_path
    )
    return ReportPage(render_report_html(report), report.title, report.csv_name, action_plan_csv(report))


def report_file_stem(answers: Answers) -> str:
    """`report-<initiative>`: the name `m2w report` gives the report's files."""
    from m2w_tool.report import report_stem

    return report_stem(answers)


@lru_cache(maxsize=2)
def _content(root: str) -> Content:
    return api.load_content(root)


def report_pdf_job(
    answers_path: str, baseline_path: str | None, lang: str, content_root: str, appendix: bool = False
) -> bytes:
    """The report as PDF bytes, made exactly as `m2w report` makes it (the answers file attached;
    with `appendix`, every answer listed once more at the end, as `m2w report --appendix`)."""
    set_lang(lang)
    with tempfile.TemporaryDirectory(prefix="m2w-report-") as tmp:
        api.make_report(
            Path(answers_path), content=_content(content_root), lang=lang, formats=["pdf"], out_dir=Path(tmp),
            baseline_path=Path(baseline_path) if baseline_path else None, stem="report", appendix=appendix,
        )  # fmt: skip
        return (Path(tmp) / "report.pdf").read_bytes()


def workbook_pdf_job(
    module: str, only: str, lang: str, fillable: bool, content_root: str, quick: bool = False
) -> bytes:
    """A printable or fillable workbook as PDF bytes (from the cache `m2w workbook` keeps)."""
    set_lang(lang)
    return api.make_workbook(_content(content_root), lang=lang, module=module, only=only, fillable=fillable,
                             quick=quick)  # fmt: skip


def workbook_name(module: str, only: str, lang: str, fillable: bool, quick: bool = False) -> str:
    return api.workbook_path(module, only, lang, fillable, quick).name


def import_workbook(pdf: Path, content: Content):
    """A filled-in fillable workbook read back with the checks of `m2w import`: (the answers file's
    text, api.Imported). Nothing is written in FOLDER here; the caller picks a name never taken."""
    with tempfile.TemporaryDirectory(prefix="m2w-import-") as tmp:
        (item,) = api.import_workbooks([pdf], content=content, output=Path(tmp))
        return item.path.read_bytes(), item


def merge(items: list[tuple[str, Answers]], content: Content):
    """Several respondents' answers as one group assessment in memory (merge.MergeResult), by the
    rules of `m2w merge`; nothing written."""
    from m2w_tool.merge import merge_answers

    return merge_answers(items, content, force=True)


def group_answers(answers: Answers):
    """Per statement of a merged file: mean, values, spread, disagreement (merge.GroupAnswer)."""
    from m2w_tool.merge import group_answers as read

    return read(answers)


def group_stem(answers: Answers) -> str:
    """`group-<initiative>`: the name `m2w merge` gives a group file."""
    from m2w_tool.format import slug

    return f"group-{slug(answers.initiative.get('name', '')) or 'group'}"


def write_group(paths: list[Path], content: Content, target: Path):
    """The merged file of `paths` written to `target`, as `m2w merge -o target --force` does."""
    return api.merge_files(paths, content=content, output=target, force=True)
