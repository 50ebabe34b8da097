"""Many files at once: render reports or read answers files in parallel processes, on all cores.

One bad file never stops a batch: its error is kept with its name, the others go on, and the
result says what failed so the command can list it at the end and exit non-zero. Work runs in
worker processes (concurrent.futures.ProcessPoolExecutor) because rendering a PDF is pure Python
work that threads cannot spread over cores; with one job it runs in this process, which is what a
single core does best. A click progress bar on stderr shows how far it is; stdout stays free for
the list of files written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from m2w_tool.errors import M2WError
from m2w_tool.gcpause import gc_paused
from m2w_tool.i18n import Catalog

ANSWER_SUFFIXES = (".yaml", ".yml")
LOAD_CHUNK = 20  # answers files per task when reading many: enough to outweigh the hand-over cost

MSG = Catalog(
    {
        "rendering": ("Rapporten maken", "Making reports"),
        "reading": ("Bestanden lezen", "Reading files"),
        "no_files": (
            "Geen antwoordenbestanden (.yaml) gevonden in: {where}",
            "No answers files (.yaml) found in: {where}",
        ),
        "not_found": ("{path}: bestand of map niet gevonden", "{path}: file or folder not found"),
        "crashed": (
            "het verwerkingsproces stopte onverwacht (te weinig geheugen?)",
            "the worker process stopped unexpectedly (out of memory?)",
        ),
        "failed_heading": (
            "{n} van {total} bestand(en) mislukt:",
            "{n} of {total} file(s) failed:",
        ),
        "failed_summary": (
            "{n} van {total} bestand(en) konden niet verwerkt worden (zie hierboven).",
            "{n} of {total} file(s) could not be processed (see above).",
        ),
        "bad_jobs": ("--jobs moet 1 of meer zijn.", "--jobs must be 1 or more."),
        "jobs_help": (
            "Aantal processen voor veel bestanden tegelijk (standaard: alle kernen).",
            "Number of processes for many files at once (default: all cores).",
        ),
        "history_help": (
            "Een map (of een bestand; herhaal --history per bestand) met eerdere antwoordenbestanden van hetzelfde "
            "initiatief: het rapport toont de vooruitgang sinds de vorige zelfevaluatie, en vanaf drie een tijdlijn. "
            "Bestanden van andere initiatieven worden overgeslagen.",
            "A folder (or a file; repeat --history for each file) with earlier answers files of the same initiative: "
            "the report shows the progress since the previous self-assessment, and a timeline from three on. Files "
            "of other initiatives are skipped.",
        ),
        "history_skipped": (
            "Overgeslagen voor de geschiedenis: {file}: {error}",
            "Skipped for the history: {file}: {error}",
        ),
        "report_many": (
            "Geef je meerdere bestanden of een map, dan worden alle rapporten tegelijk gemaakt, verdeeld over de "
            "processorkernen; een bestand met een fout houdt de andere niet tegen en wordt op het einde vermeld.",
            "Give several files or a folder and every report is made at once, spread over the processor cores; a "
            "file with an error does not stop the others and is listed at the end.",
        ),
        "baseline_many": (
            "--baseline werkt met één antwoordenbestand; gebruik --history voor veel bestanden.",
            "--baseline works with one answers file; use --history with many files.",
        ),
    }
)


class BatchError(M2WError):
    """Some files of a batch failed; the others were done. Exit code 1 after the full list."""


@dataclass
class Outcome:
    """What happened to one input file."""

    source: Path
    outputs: list[Path] = field(default_factory=list)
    error: str = ""
    value: Any = None  # what the task returned (e.g. the loaded answers)

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class BatchResult:
    outcomes: list[Outcome]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def done(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def ok(self) -> bool:
        return not self.failed

    def failure_report(self, lang: str) -> str:
        """The failed files, one per line with its error (empty when all went well)."""
        if self.ok:
            return ""
        from m2w_tool.safetext import terminal

        lines = [MSG("failed_heading", lang, n=len(self.failed), total=len(self.outcomes))]
        lines += [f"  {terminal(o.source, one_line=True)}: {terminal(o.error)}" for o in self.failed]
        return "\n".join(lines)

    def raise_for_failures(self, lang: str) -> None:
        if not self.ok:
            raise BatchError(
                MSG("failed_summary", lang, n=len(self.failed), total=len(self.outcomes))
            )


def default_jobs() -> int:
    """The cores this process may use (respects CPU affinity, e.g. in containers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs: int | None, lang: str) -> int:
    if jobs is None:
        return default_jobs()
    if jobs < 1:
        raise M2WError(MSG("bad_jobs", lang))
    return jobs


def answer_files(sources: Iterable[Path], lang: str) -> list[Path]:
    """The answers files named, with folders expanded to the .yaml/.yml files inside (sorted,
    subfolders included, hidden files and folders skipped); each file once, in the order given."""
    found: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            inside = sorted(
                p
                for p in source.rglob("*")
                if p.suffix.lower() in ANSWER_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(source).parts)
            )
            if not inside:
                raise M2WError(MSG("no_files", lang, where=source))
            found += inside
        elif source.is_file():
            found.append(source)
        else:
            raise M2WError(MSG("not_found", lang, path=source))
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _describe(exc: BaseException) -> str:
    if isinstance(exc, M2WError):
        return exc.format_message()
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")
    return f"{type(exc).__name__}: {exc}"


def _guarded(func: Callable[[Any], Any], task: Any) -> tuple[bool, Any]:
    """Run one task; an exception becomes a message (exceptions themselves may not pickle)."""
    try:
        return True, func(task)
    except Exception as exc:  # one bad file must not stop the batch
        return False, _describe(exc)


def _guarded_chunk(
    func: Callable[[Any], Any], tasks: list[Any], pause_gc: bool
) -> list[tuple[bool, Any]]:
    # A chunk of small results that all live until it is sent back: the cyclic garbage collector
    # would scan them (and the objects inherited from the parent) again and again for nothing.
    with gc_paused(pause_gc):
        return [_guarded(func, task) for task in tasks]


def _pool_context():
    import multiprocessing

    # fork starts workers fastest and shares the modules already imported;
    # elsewhere use the default.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def run_parallel(
    func: Callable[[Any], Any],
    tasks: Sequence[Any],
    *,
    jobs: int,
    label: str,
    chunk: int = 1,
    progress: bool = True,
    pause_gc: bool = False,
) -> list[tuple[bool, Any]]:
    """`func(task)` for every task, on `jobs` processes; results in task order as (ok, value or
    error message). `func` must be a module-level function (it is sent to the workers by name).

    `pause_gc` turns the cyclic garbage collector off while it runs: right for many small results
    that all stay alive (reading files), wrong for work that makes cyclic garbage (rendering)."""
    import click

    show = progress and len(tasks) > 1
    bar = (
        click.progressbar(length=len(tasks), label=label, file=sys.stderr, show_pos=True)
        if show
        else _NoBar()
    )
    # Thousands of results arrive as new objects that all stay alive: the cyclic garbage collector
    # would scan the growing heap again and again for nothing (it cost a third of the time).
    with gc_paused(pause_gc), bar:
        if jobs <= 1 or len(tasks) <= 1:
            results = []
            for task in tasks:
                results.append(_guarded(func, task))
                bar.update(1)
            return results
        return _in_pool(func, tasks, jobs, chunk, bar, pause_gc)


def _in_pool(
    func: Callable[[Any], Any], tasks: Sequence[Any], jobs: int, chunk: int, bar, pause_gc: bool
) -> list[tuple[bool, Any]]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    results: list[tuple[bool, Any] | None] = [None] * len(tasks)
    chunks = [list(range(i, min(i + chunk, len(tasks)))) for i in range(0, len(tasks), chunk)]
    executor = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=_pool_context())
    try:
        pending = {
            executor.submit(_guarded_chunk, func, [tasks[i] for i in idx], pause_gc): idx
            for idx in chunks
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                idx = pending.pop(future)
                try:
                    values = future.result()
                except BrokenProcessPool:
                    values = [(False, MSG("crashed", _lang()))] * len(idx)
                for i, value in zip(idx, values, strict=True):
                    results[i] = value
                bar.update(len(idx))
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    return results  # type: ignore[return-value]


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def _lang() -> str:
    from m2w_tool.i18n import current_lang

    return current_lang()


# --- reading many answers files -------------------------------------------------------------------


@lru_cache(maxsize=2)
def _content_at(root: str):
    from m2w_tool.content import load_content

    return load_content(root)


def _load(task: tuple[Path, str | None]):
    from m2w_tool.answers import load_answers

    path, content_root = task
    answers = load_answers(path)
    if content_root is None:
        return answers
    from m2w_tool.scoring import score

    return answers, score(_content_at(content_root), answers)


def load_many(
    paths: Sequence[Path], *, jobs: int, lang: str, content=None, progress: bool = True
) -> BatchResult:
    """Read answers files in parallel; each Outcome's `value` is the Answers, or `error` says why not.

    With `content`, the workers also score each file and `value` is (Answers, Scores): scoring is
    as costly as reading, and this way both are spread over the cores.
    """
    root = None
    if content is not None:
        root = str(content.root)
        _content_at.cache_clear()
        _content_at(root)  # loaded once here; forked workers inherit it
    results = run_parallel(
        _load,
        [(Path(p), root) for p in paths],
        jobs=jobs,
        label=MSG("reading", lang),
        chunk=LOAD_CHUNK,
        progress=progress,
        pause_gc=True,
    )
    return BatchResult(
        [
            Outcome(Path(p), value=v) if ok else Outcome(Path(p), error=v)
            for p, (ok, v) in zip(paths, results, strict=True)
        ]
    )


def read_history(sources: Sequence[Path], lang: str) -> tuple[list[tuple[str, Any]], list[str]]:
    """The answers files named for a report's history (folders expanded), read here; a file that
    cannot be read is skipped with a message (a folder may hold other YAML too)."""
    from m2w_tool.answers import load_answers

    items, problems = [], []
    for path in answer_files(sources, lang):
        try:
            items.append((str(path), load_answers(path)))
        except M2WError as exc:
            problems.append(MSG("history_skipped", lang, file=path, error=exc.format_message()))
    return items, problems


# --- rendering many reports ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportTask:
    """One report to make; everything a worker needs, picklable."""

    answers_path: Path
    stem: str
    out_dir: Path
    formats: tuple[str, ...]
    lang: str
    content_path: Path | None = None
    report_date: date | None = None
    history: tuple[Path, ...] = ()


def report_stems(paths: Sequence[Path]) -> list[str]:
    """A distinct report name per answers file, from the file's name (initiative names repeat in a
    folder of team members or years; file names in one folder do not)."""
    import re
    import unicodedata

    stems, seen = [], set()
    for path in paths:
        plain = unicodedata.normalize("NFKD", path.stem.lower())
        slug = (
            re.sub(r"[\W_]+", "-", "".join(c for c in plain if not unicodedata.combining(c))).strip(
                "-"
            )
            or "answers"
        )
        stem, n = f"report-{slug}", 2
        while stem in seen:
            stem, n = f"report-{slug}-{n}", n + 1
        seen.add(stem)
        stems.append(stem)
    return stems


def _render(task: ReportTask) -> list[Path]:
    from m2w_tool.commands.report import make_report

    return make_report(
        task.answers_path,
        lang=task.lang,
        formats=list(task.formats),
        out_dir=task.out_dir,
        content_path=task.content_path,
        report_date=task.report_date,
        stem=task.stem,
        history_sources=task.history,
    )


def render_many(
    paths: Sequence[Path],
    *,
    out_dir: Path,
    formats: Sequence[str],
    lang: str,
    jobs: int,
    content_path: Path | None = None,
    report_date: date | None = None,
    history: Sequence[Path] = (),
    progress: bool = True,
) -> BatchResult:
    """Render the report of every answers file into `out_dir`; failures are kept, not raised."""
    tasks = [
        ReportTask(
            Path(p),
            stem,
            Path(out_dir),
            tuple(formats),
            lang,
            content_path,
            report_date,
            tuple(history),
        )
        for p, stem in zip(paths, report_stems(paths), strict=True)
    ]
    results = run_parallel(
        _render, tasks, jobs=jobs, label=MSG("rendering", lang), progress=progress
    )
    return BatchResult(
        [
            Outcome(t.answers_path, outputs=list(v)) if ok else Outcome(t.answers_path, error=v)
            for t, (ok, v) in zip(tasks, results, strict=True)
        ]
    )
