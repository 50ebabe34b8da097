"""The library: every operation the command line, the web app and a script need.

Each function takes plain arguments, returns a result and raises only `M2WError` (and its kinds);
none prints or asks. Messages speak the interface language (`i18n.set_lang`); a `lang` argument is
the language of the document made. Heavy libraries (Jinja2, WeasyPrint, pypdf, openpyxl) load
only when an operation needs them.

    from m2w_tool import api
    content = api.load_content()
    made = api.make_report("output/answers.yaml", content=content, lang="en", formats=["html"])
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from m2w_tool.batch import BatchResult, Outcome, Progress, answer_files, check_jobs, run_parallel
from m2w_tool.content import Content, choose_dimensions, load_content
from m2w_tool.errors import M2WError, RenderError, cannot_write
from m2w_tool.i18n import _
from m2w_tool.lock import AnswersLock
from m2w_tool.outputs import ANSWERS, PDF, check_output

__all__ = [
    "FORMATS", "Made", "Imported", "Merged", "PortfolioMade", "load_content", "choose_dimensions",
    "answer_files", "build_report_for", "report_html", "make_report", "make_reports", "demo_files",
    "make_workbook", "write_workbook", "workbook_path", "save_document", "import_workbooks", "import_answers",
    "Filled", "write_template", "template_path",
    "merge_files", "make_portfolio", "write_portfolio", "check_portfolio_targets",
]  # fmt: skip

FORMATS = ("html", "pdf")
DEFAULT_OUTPUT = Path("output")


# --- reports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    """Files written by an operation, and what the user should know about them."""

    paths: tuple[Path, ...]
    warnings: tuple[str, ...] = ()


def build_report_for(
    answers_path: Path,
    *,
    content: Content,
    lang: str,
    baseline_path: Path | None = None,
    report_date: date | None = None,
    stem: str | None = None,
    history: Sequence[Path] = (),
    appendix: bool = False,
):  # -> (Report, Answers, warnings); the report model is imported lazily
    """Load, score and build the report model of one answers file, with its history and group
    sections (and, with `appendix`, every answer once more at the end); also the answers and the
    warnings a user should see (skipped history files, unknown questions)."""
    from m2w_tool.answers import load_answers
    from m2w_tool.report import build_report

    answers = load_answers(answers_path)
    baseline = load_answers(baseline_path) if baseline_path else None
    sections, previous, warnings = _group_and_history(content, answers_path, answers, history, lang)
    report = build_report(
        content, answers, lang, baseline=baseline or previous, report_date=report_date,
        answers_name=Path(answers_path).name, stem=stem, extra_sections=sections, appendix=appendix,
    )  # fmt: skip
    if report.scores.unknown:
        warnings.append(
            _(
                "Note: %(n)s answer(s) belong to questions this content does not know; they are in the "
                "appendix and not scored.",
                n=len(report.scores.unknown),
            )
        )
    return report, answers, warnings


def _group_and_history(content: Content, answers_path: Path, answers, history: Sequence[Path], lang: str):
    """The history section (from `history` files), the group section (a merged file), the previous
    assessment found in the history (None without one) and warnings about skipped files."""
    from m2w_tool.batch import read_history
    from m2w_tool.report import group_section, history_section

    sections, previous, warnings = [], None, []
    if history:
        candidates, warnings = read_history(history)
        section, previous = history_section(content, str(answers_path), answers, candidates, lang)
        if section is not None:
            sections.append(section)
    group = group_section(content, answers, lang)
    if group is not None:
        sections.append(group)
    return sections, previous, warnings


def report_html(
    answers_path: Path,
    *,
    content: Content,
    lang: str,
    baseline_path: Path | None = None,
    templates: Path | None = None,
) -> str:
    """The report of one answers file as a self-contained HTML page (nothing written)."""
    from m2w_tool.render import render_report_html

    report, _answers, _warnings = build_report_for(
        answers_path, content=content, lang=lang, baseline_path=baseline_path
    )
    return render_report_html(report, templates)


def make_report(
    answers_path: Path,
    *,
    content: Content,
    lang: str,
    formats: Sequence[str] = FORMATS,
    out_dir: Path = DEFAULT_OUTPUT,
    baseline_path: Path | None = None,
    report_date: date | None = None,
    stem: str | None = None,
    history: Sequence[Path] = (),
    templates: Path | None = None,
    appendix: bool = False,
) -> Made:
    """Render the report of one answers file: `<stem>.html`, `<stem>.pdf` (tagged, with the answers
    file attached) and `<stem>-actions.csv` in `out_dir`; `stem` defaults to one from the initiative.
    `appendix` adds every answer once more at the end of the report."""
    from m2w_tool.pdfworker import write_pdf
    from m2w_tool.render import AttachmentFile, render_report_html, write_outputs
    from m2w_tool.report import action_plan_csv, report_stem

    report, answers, warnings = build_report_for(
        answers_path, content=content, lang=lang, baseline_path=baseline_path, report_date=report_date,
        stem=stem, history=history, appendix=appendix,
    )  # fmt: skip
    files = [(answers_path, _("The answers this report is based on"))]
    if baseline_path:
        files.append((baseline_path, _("Compared with")))
    attachments = [AttachmentFile(Path(p).name, Path(p).read_bytes(), text) for p, text in files]
    paths = write_outputs(
        out_dir, stem or report_stem(answers), render_report_html(report, templates), list(formats),
        title=report.title, lang=lang, attachments=attachments,
        extra_files={report.csv_name: action_plan_csv(report)}, tagged=True, pdf_writer=write_pdf,
    )  # fmt: skip
    return Made(tuple(paths), tuple(warnings))


@dataclass(frozen=True)
class _ReportTask:
    """One report of a batch: everything a worker needs, picklable (the content is inherited)."""

    answers_path: Path
    stem: str
    out_dir: Path
    formats: tuple[str, ...]
    lang: str
    report_date: date | None
    history: tuple[Path, ...]
    templates: Path | None
    appendix: bool = False


# The content of the running batch: set before the workers fork, so each inherits it and none
# loads or validates it again (that was two thirds of an HTML report's time).
_BATCH_CONTENT: list[Content] = []


def _render_task(task: _ReportTask) -> list[Path]:
    made = make_report(
        task.answers_path, content=_BATCH_CONTENT[0], lang=task.lang, formats=task.formats, out_dir=task.out_dir,
        report_date=task.report_date, stem=task.stem, history=task.history, templates=task.templates,
        appendix=task.appendix,
    )  # fmt: skip
    return list(made.paths)


def make_reports(
    paths: Sequence[Path],
    *,
    content: Content,
    lang: str,
    formats: Sequence[str] = FORMATS,
    out_dir: Path = DEFAULT_OUTPUT,
    jobs: int | None = None,
    report_date: date | None = None,
    history: Sequence[Path] = (),
    progress: Progress | None = None,
    templates: Path | None = None,
    appendix: bool = False,
) -> BatchResult:
    """The report of every answers file, in parallel processes; a failure is kept, not raised."""
    from m2w_tool.batch import report_stems
    from m2w_tool.pdfworker import discard

    discard()  # a worker started for one PDF: the batch's own processes keep the cores busy

    tasks = [
        _ReportTask(
            Path(p), stem, Path(out_dir), tuple(formats), lang, report_date, tuple(history), templates, appendix
        )
        for p, stem in zip(paths, report_stems(paths), strict=True)
    ]
    _BATCH_CONTENT[:] = [content]
    try:
        results = run_parallel(_render_task, tasks, jobs=check_jobs(jobs), progress=progress)
    finally:
        _BATCH_CONTENT.clear()
    return BatchResult(
        [
            Outcome(t.answers_path, outputs=list(v)) if ok else Outcome(t.answers_path, error=v)
            for t, (ok, v) in zip(tasks, results, strict=True)
        ]
    )


def demo_files() -> tuple[Path, Path]:
    """The shipped example answers file and last year's, for `m2w demo`."""
    from m2w_tool.resources import examples_dir

    files = examples_dir() / "demo.yaml", examples_dir() / "demo-2025.yaml"
    for path in files:
        if not path.is_file():
            raise M2WError(_("The example %(path)s is missing from this installation.", path=path))
    return files


# --- workbooks -----------------------------------------------------------------------------------


def make_workbook(
    content: Content,
    *,
    lang: str,
    module: str = "all",
    only: str = "",
    fillable: bool = False,
    cache: bool = True,
    on_render: Callable[[], None] | None = None,
    templates: Path | None = None,
    quick: bool = False,
) -> bytes:
    """The workbook as PDF bytes, from the cache when an identical one was made before;
    `on_render` is called just before a real (slow) render starts. `quick`: the quick scan."""
    from m2w_tool.workbook import build_workbook
    from m2w_tool.workbook_pdf import default_cache_dir, workbook_pdf

    chosen = choose_dimensions(content, module, only)
    if not chosen:
        raise M2WError(
            _("No dimensions chosen: --only %(only)s is not part of --module %(module)s.", only=only, module=module)
        )
    model = build_workbook(
        content, chosen, lang=lang, fillable=fillable, module=module, only=only.split(","), quick=quick
    )
    return workbook_pdf(
        model,
        default_cache_dir() if cache and not os.environ.get("M2W_NO_CACHE") else None,
        on_render=on_render,
        templates=templates,
    )


def write_workbook(
    content: Content,
    *,
    lang: str,
    module: str = "all",
    only: str = "",
    fillable: bool = False,
    cache: bool = True,
    on_render: Callable[[], None] | None = None,
    output: Path | None = None,
    force: bool = False,
    templates: Path | None = None,
    quick: bool = False,
) -> Path:
    """make_workbook, written to `output` (default: output/workbook-...pdf). An existing file is
    replaced only with `force` (a default name in output/ is simply made again), and never when it is
    not a PDF; checked before the slow render and again before writing."""
    path = output or workbook_path(module, only, lang, fillable, quick)
    check_output(path, force=force, kind=PDF, named=output is not None)
    data = make_workbook(content, lang=lang, module=module, only=only, fillable=fillable, cache=cache,
                         on_render=on_render, templates=templates, quick=quick)  # fmt: skip
    check_output(path, force=True, kind=PDF, named=False)  # still a PDF (or nothing) after the render
    return save_document(path, data)


def workbook_path(module: str, only: str, lang: str, fillable: bool, quick: bool = False) -> Path:
    """Where a workbook goes by default: output/workbook-[quick-]<scope>-<lang>[-fillable].pdf."""
    scope = "-".join(k.strip().lower() for k in only.split(",") if k.strip()) or module
    if quick:
        scope = "quick" if scope == "all" else f"quick-{scope}"
    return DEFAULT_OUTPUT / f"workbook-{scope}-{lang}{'-fillable' if fillable else ''}.pdf"


def save_document(path: Path, data: bytes) -> Path:
    """Write a finished document (PDF, XLSX) atomically, making its folder when needed."""
    from m2w_tool.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise RenderError(cannot_write(path, exc)) from exc
    return path


# --- answers in: filled workbooks, spreadsheets ----------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """One filled-in workbook read back, and the answers file it became."""

    source: Path
    path: Path
    respondent: str
    answered: int
    total: int
    not_applicable: int
    dont_know: int
    empty_by_dimension: dict[str, tuple[int, list[str]]]  # dimension -> (questions, ids left empty)
    notices: tuple[str, ...] = ()


def import_workbooks(pdfs: Sequence[Path], *, content: Content, output: Path | None = None, force: bool = False):
    """Read filled-in fillable workbooks into answers files, one per respondent; every workbook is
    read and checked before a single file is written. Returns a list of `Imported`."""
    from m2w_tool.answers import save_answers
    from m2w_tool.format import slug
    from m2w_tool.pdfform import read_workbooks

    results = read_workbooks(list(pdfs), content)
    paths = _import_targets(results, output, slug)
    if not force:
        for path in paths:
            if path.exists():
                raise M2WError(
                    _("%(path)s already exists. Choose another file with -o, or overwrite with --force.", path=path)
                    + "\n"
                    + _("Nothing was written; fix this and try again.")
                )
    with ExitStack() as locks:  # every answers file is written under its lock, as `m2w assess` does
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            locks.enter_context(AnswersLock(path))
            check_output(path, force=True)  # never a read-only file, nor a folder
        for result, path in zip(results, paths, strict=True):
            save_answers(result.answers, path)
    return [
        Imported(
            r.source,
            p,
            r.answers.respondent.get("name", ""),
            r.answered,
            r.total,
            r.not_applicable,
            r.dont_know,
            r.empty_by_dimension(),
            tuple(r.notices),
        )  # fmt: skip
        for r, p in zip(results, paths, strict=True)
    ]


def _import_targets(results, output: Path | None, slug: Callable[[str], str]) -> list[Path]:
    """Where each imported workbook is written: the -o file for one, else one file per respondent."""
    if output is not None and output.suffix.lower() in (".yaml", ".yml") and not output.is_dir():
        if len(results) > 1:
            raise M2WError(
                _(
                    "%(n)s workbooks but one file (%(path)s): give a folder with -o; each workbook becomes its own "
                    "answers file.",
                    n=len(results),
                    path=output,
                )
            )
        return [output]
    folder = output if output is not None else DEFAULT_OUTPUT
    paths: list[Path] = []
    for result in results:
        base = slug(result.answers.respondent.get("name", "")) or slug(result.source.stem) or "workbook"
        name, n = f"answers-{base}.yaml", 2
        while folder / name in paths:
            name, n = f"answers-{base}-{n}.yaml", n + 1
        paths.append(folder / name)
    return paths


@dataclass(frozen=True)
class Filled:
    """Answers files filled from a CSV, spreadsheet or YAML source (`m2w assess --from`)."""

    files: tuple  # answers_import.Written: path, respondent, rows, new
    notices: tuple[str, ...] = ()  # what the user should know: an encoding, other content

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)


def import_answers(
    path: Path | None,
    source: str,
    *,
    content: Content,
    lang: str,
    create_folder: bool = False,
    split: Path | None = None,
) -> Filled:
    """`m2w assess --from`: fill the answers file at `path` from a CSV, spreadsheet (.xlsx) or YAML
    file (`-` = standard input), under the file's lock; nothing is written when anything has a
    problem. With `split` (a folder), a source holding several people's answers (a `respondent`
    column, one sheet per person) becomes one answers file each there. A new file records `lang`
    as its language."""
    from m2w_tool.answers_import import import_into, import_split

    if split is not None:
        if path is not None:
            raise M2WError(_("Give either an answers file or --split FOLDER, not both."))
        files, notices = import_split(split, source, content, lang)
        return Filled(tuple(files), tuple(notices))
    written, notices = import_into(path or DEFAULT_OUTPUT / "answers.yaml", source, content, lang, create_folder)
    return Filled((written,), tuple(notices))


def write_template(
    content: Content,
    *,
    lang: str,
    module: str = "all",
    only: str = "",
    quick: bool = False,
    output: Path | None = None,
    force: bool = False,
) -> Path:
    """`m2w template --xlsx`: the answer sheet (a spreadsheet to fill in and read back with
    `m2w assess --from`) for `module`/`only`, or the quick scan, written to `output` (default:
    output/answer-sheet-<scope>-<lang>.xlsx)."""
    from m2w_tool.answer_sheet import SheetScope, write_sheet
    from m2w_tool.outputs import XLSX

    chosen = choose_dimensions(content, module, only)
    if not chosen:
        raise M2WError(
            _("No dimensions chosen: --only %(only)s is not part of --module %(module)s.", only=only, module=module)
        )
    if quick and not content.quick_scan:
        raise M2WError(_("This content has no quick scan: no statement is marked 'quick: true'. "
                         "Choose a module instead (--module sustainability, quality or all)."))  # fmt: skip
    keys = [k for k in only.split(",") if k.strip()]
    scope = SheetScope(content.version, content.sha256, lang, module, tuple(d.short_id for d in chosen) if keys else (),
                       quick)  # fmt: skip
    path = output or template_path(module, only, lang, quick)
    check_output(path, force=force, kind=XLSX, named=output is not None)
    try:
        data = write_sheet(content, chosen, lang, scope, _sheet_title(content, chosen, lang, quick))
    except OSError as exc:  # openpyxl's temporary files: a full disk or a file-size limit names no file
        raise RenderError(cannot_write(path, exc)) from None
    return save_document(path, data)


def template_path(module: str, only: str, lang: str, quick: bool) -> Path:
    """Where an answer sheet goes by default: output/answer-sheet-<scope>-<lang>.xlsx."""
    scope = "-".join(k.strip().lower() for k in only.split(",") if k.strip()) or module
    return DEFAULT_OUTPUT / f"answer-sheet-{'quick-' if quick else ''}{scope}-{lang}.xlsx"


def _sheet_title(content: Content, chosen, lang: str, quick: bool) -> str:  # noqa: ANN001 - dimensions
    from m2w_tool.i18n import tr

    if quick:
        return tr(lang, "Quick scan: answer sheet")
    if len(chosen) == 1:
        one = chosen[0].short_id + " · " + chosen[0].title(lang)
        return tr(lang, "Answer sheet: %(title)s", title=one)
    return tr(lang, "Answer sheet: quality and sustainability of your initiative")


# --- groups and portfolios -----------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """A group assessment written from several respondents' files."""

    path: Path
    respondents: tuple[str, ...]
    disagreements: tuple[str, ...]  # question ids where the answers are far apart
    warnings: tuple[str, ...]
    answers: object  # the merged Answers (its `extra["group"]` holds each statement's spread)


def merge_files(paths: Sequence[Path], *, content: Content, output: Path | None = None, force: bool = False) -> Merged:
    """Merge the answers files of one initiative's respondents into one group file; `force` merges
    files that seem to be about different initiatives and replaces an existing group file."""
    from m2w_tool.answers import load_answers, save_answers
    from m2w_tool.format import slug
    from m2w_tool.merge import merge_answers

    items = [(str(p), load_answers(p)) for p in paths]
    result = merge_answers(items, content, force=force)
    name = slug(result.answers.initiative.get("name", "")) or "group"
    target = output or Path(paths[0]).parent / f"group-{name}.yaml"
    if target.resolve() in {Path(p).resolve() for p in paths}:
        raise M2WError(_("%(path)s is one of the files being merged; choose another name with -o.", path=target))
    # The group file is an answers file: written under its lock, and never over a file that is
    # there (another respondent's answers, perhaps) without `force`.
    with AnswersLock(target):
        check_output(target, force=force, kind=ANSWERS)  # whatever its name: never over a file of another kind
        save_answers(result.answers, target, touch=False)
    return Merged(
        target, tuple(result.respondents), tuple(result.disagreements), tuple(result.warnings), result.answers
    )


@dataclass(frozen=True)
class PortfolioMade:
    """A portfolio's files, the answers files that could not be read, and the files skipped as no
    answers files (a PDF or a CSV in the folder)."""

    paths: tuple[Path, ...]
    failures: BatchResult = field(default_factory=lambda: BatchResult([]))
    skipped: tuple[Path, ...] = ()
    from_cache: int = 0  # files whose digest the cache held


def make_portfolio(
    sources: Sequence[Path],
    *,
    content: Content,
    lang: str,
    outputs: Sequence[Path] = (),
    xlsx: Path | None = None,
    csv_dir: Path | None = None,
    anonymise: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    templates: Path | None = None,
    force: bool = False,
    cache: bool = True,
    today: date | None = None,
) -> PortfolioMade:
    """Compare many initiatives: the portfolio as HTML/PDF (`outputs`), XLSX and CSV tables. Every
    target is checked before anything is read: an existing file is replaced only with `force`.
    Each file's digest comes from the on-disk cache when it holds one (`cache=False`, or
    M2W_NO_CACHE=1 as for the content cache: neither read nor written; see m2w_tool.portfolio.cache)."""
    from m2w_tool.batch import scan_sources

    named = bool(outputs)  # the default portfolio in output/ is simply made again
    outputs = _portfolio_outputs(outputs)
    check_portfolio_targets(outputs, xlsx, csv_dir, force=force, outputs_named=named)
    paths, others = scan_sources(sources)
    jobs = check_jobs(jobs)
    store = _digest_cache(content) if cache and not os.environ.get("M2W_NO_CACHE") else None
    try:
        portfolio, outcomes, from_cache = _gathered_portfolio(
            paths, content, lang, jobs=jobs, store=store, progress=progress, anonymise=anonymise, today=today,
            others=others,
        )  # fmt: skip
    finally:
        if store is not None:
            store.close()
    written = _write_portfolio(portfolio, content, lang, outputs, xlsx, csv_dir, templates, jobs)
    return PortfolioMade(tuple(written), outcomes, tuple(others), from_cache)


def _gathered_portfolio(paths, content: Content, lang: str, *, jobs: int, store, progress, anonymise: bool,
                        today: date | None, others) -> tuple:  # fmt: skip
    """The portfolio of the files at `paths` (digests from the cache or the workers), the outcome of
    every file, and how many the cache held."""
    from m2w_tool.portfolio import build_portfolio
    from m2w_tool.portfolio.gather import gather, merge_rounds

    got = gather(paths, content, jobs=jobs, cache=store, progress=progress)
    outcomes = BatchResult(
        [Outcome(Path(p)) for p, _d in got.items] + [Outcome(Path(p), error=e) for p, e in got.failed]
    )
    if not got.items:
        raise M2WError(outcomes.failure_report() + "\n" + _("Not a single answers file could be read."))
    portfolio = build_portfolio(
        got.items, content, lang, anonymise=anonymise, skipped=got.failed, today=today,
        merge=lambda rounds: merge_rounds(rounds, content, got.hashes, jobs=jobs, cache=store),
        other_files=[str(p) for p in others],
    )  # fmt: skip
    return portfolio, outcomes, got.from_cache


def _portfolio_outputs(outputs: Sequence[Path]) -> list[Path]:
    outputs = list(outputs) or [DEFAULT_OUTPUT / "portfolio.html"]
    for path in outputs:
        if path.suffix.lower() not in (".html", ".pdf"):
            raise M2WError(_("%(path)s: choose a file name ending in .html or .pdf.", path=path))
    return outputs


def _digest_cache(content: Content):  # -> DigestCache
    from m2w_tool.portfolio.cache import DigestCache, cache_scope, default_cache_path

    return DigestCache(default_cache_path(), cache_scope(content))


def write_portfolio(
    items: Sequence[tuple[str, object]],
    content: Content,
    lang: str,
    *,
    outputs: Sequence[Path],
    xlsx: Path | None = None,
    csv_dir: Path | None = None,
    anonymise: bool = False,
    skipped: Sequence[tuple[str, str]] = (),
    scored: dict | None = None,
    templates: Path | None = None,
    force: bool = False,
    outputs_named: bool = True,
    today: date | None = None,
) -> list[Path]:
    """The portfolio of answers already loaded (`items`: (label, Answers)), built once and written
    to every output asked for; the paths written. Every target is checked and every file made in
    memory before the first is written, so a refused target or a failing export changes nothing."""
    from m2w_tool.portfolio import build_portfolio

    check_portfolio_targets(outputs, xlsx, csv_dir, force=force, outputs_named=outputs_named)
    portfolio = build_portfolio(items, content, lang, anonymise=anonymise, skipped=skipped, scored=scored, today=today)
    return _write_portfolio(portfolio, content, lang, outputs, xlsx, csv_dir, templates)


def _write_portfolio(portfolio, content: Content, lang: str, outputs: Sequence[Path], xlsx: Path | None,
                     csv_dir: Path | None, templates: Path | None, jobs: int | None = None) -> list[Path]:  # fmt: skip
    """Every output of a built portfolio, made in memory before the first is written (the XLSX on
    the other core while the pages are made here). On paper a large portfolio shows its overview
    only (model.PRINT_ROW_LIMIT): the full table is in the HTML and the XLSX."""
    from m2w_tool.batch import Beside, default_jobs
    from m2w_tool.export import csv_files, xlsx_bytes
    from m2w_tool.render import html_to_pdf, render_portfolio_html

    spreadsheet = Beside(xlsx_bytes, portfolio, content, lang, jobs=jobs or default_jobs()) if xlsx else None
    files: list[tuple[Path, bytes]] = []
    pages: dict[bool, str] = {}
    for path in outputs:
        pdf = Path(path).suffix.lower() == ".pdf"
        if pdf not in pages:
            pages[pdf] = render_portfolio_html(portfolio, templates, for_print=pdf)
        files.append(
            (
                Path(path),
                html_to_pdf(pages[pdf], title=portfolio.title, lang=lang, tagged=True) if pdf else pages[pdf].encode(),
            )
        )
    pages.clear()
    if csv_dir:
        files += [(Path(csv_dir) / name, data) for name, data in csv_files(portfolio, content, lang).items()]
    if spreadsheet is not None:
        files.append((Path(xlsx), spreadsheet.wait()))
    return [save_document(path, data) for path, data in files]


def check_portfolio_targets(
    outputs: Sequence[Path], xlsx: Path | None = None, csv_dir: Path | None = None, *, force: bool,
    outputs_named: bool = True,
) -> None:  # fmt: skip
    """Refuse, before anything is read or written, a portfolio output m2w may not replace."""
    from m2w_tool.export import csv_names
    from m2w_tool.outputs import check_outputs

    targets = [(Path(path), outputs_named) for path in outputs]
    if xlsx:
        targets.append((Path(xlsx), True))
    if csv_dir:
        targets += [(Path(csv_dir) / name, True) for name in csv_names()]
    check_outputs(targets, force=force)
