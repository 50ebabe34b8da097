"""Many files at once: render reports or read answers files in parallel processes, on all cores.

One bad file never stops a batch: its error is kept with its name, the others go on, and the
result says what failed so the caller can list it at the end and exit non-zero. Work runs in
worker processes (concurrent.futures.ProcessPoolExecutor) because rendering a PDF is pure Python
work that threads cannot spread over cores; with one job it runs in this process, which is what a
single core does best. A caller that wants to show progress passes an object with `update(n)`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from m2w_tool.errors import M2WError, os_reason
from m2w_tool.gcpause import gc_paused
from m2w_tool.i18n import _

ANSWER_SUFFIXES = (".yaml", ".yml")
LOAD_CHUNK = 20  # answers files per task when reading many: enough to outweigh the hand-over cost


class Progress(Protocol):
    """Anything that shows how far a batch is (a progress bar in a terminal, a counter on a page)."""

    def start(self, total: int) -> None: ...

    def update(self, n: int) -> None: ...

    def finish(self) -> None: ...


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

    def failure_report(self) -> str:
        """The failed files, one per line with its error (empty when all went well)."""
        if self.ok:
            return ""
        from m2w_tool.safetext import terminal

        lines = [_("%(n)s of %(total)s file(s) failed:", n=len(self.failed), total=len(self.outcomes))]
        # A located error already starts with the file's name: said once.
        lines += [
            f"  {terminal(o.error)}" if o.error.startswith(str(o.source))
            else f"  {terminal(o.source, one_line=True)}: {terminal(o.error)}"
            for o in self.failed
        ]  # fmt: skip
        return "\n".join(lines)

    def raise_for_failures(self) -> None:
        if not self.ok:
            raise BatchError(
                _(
                    "%(n)s of %(total)s file(s) could not be processed (see above).",
                    n=len(self.failed),
                    total=len(self.outcomes),
                )
            )


def default_jobs() -> int:
    """The cores this process may use (respects CPU affinity, e.g. in containers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs: int | None) -> int:
    if jobs is None:
        return default_jobs()
    if jobs < 1:
        raise M2WError(_("--jobs must be 1 or more."))
    return jobs


def answer_files(sources: Iterable[Path]) -> list[Path]:
    """The answers files named, with folders expanded to the .yaml/.yml files inside (sorted,
    subfolders included, hidden files and folders skipped); each file once, in the order given."""
    return scan_sources(sources)[0]


def scan_sources(sources: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The answers files named (see answer_files), and the other files found inside the folders
    (a PDF, a CSV...), which are no answers files and are skipped: a caller can name them."""
    found: list[Path] = []
    others: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            inside, other = _folder_files(source)
            if not inside:
                raise M2WError(_("No answers files (.yaml) found in: %(where)s", where=source))
            found += inside
            others += other
        elif source.is_file():
            found.append(source)
        else:
            raise M2WError(_("%(path)s: file or folder not found", path=source))
    return _unique(found), _unique(others)


def _folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The visible files of `folder` and its subfolders, sorted: answers files (.yaml), and the rest."""
    visible = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    answers = [p for p in visible if p.suffix.lower() in ANSWER_SUFFIXES]
    return answers, [p for p in visible if p.suffix.lower() not in ANSWER_SUFFIXES]


def _unique(paths: list[Path]) -> list[Path]:
    """Each file once (the same file named twice, or through a link), in the order first met."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _describe(exc: BaseException) -> str:
    if isinstance(exc, M2WError):
        return exc.format_message()
    if isinstance(exc, OSError):
        return os_reason(exc) + (f" ({exc.filename})" if exc.filename else "")
    return f"{type(exc).__name__}: {exc}"


def _guarded(func: Callable[[Any], Any], task: Any) -> tuple[bool, Any]:
    """Run one task; an exception becomes a message (exceptions themselves may not pickle)."""
    try:
        return True, func(task)
    except Exception as exc:  # one bad file must not stop the batch
        return False, _describe(exc)


def _guarded_chunk(func: Callable[[Any], Any], tasks: list[Any], pause_gc: bool) -> list[tuple[bool, Any]]:
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
    chunk: int = 1,
    progress: Progress | None = None,
    pause_gc: bool = False,
) -> list[tuple[bool, Any]]:
    """`func(task)` for every task, on `jobs` processes; results in task order as (ok, value or
    error message). `func` must be a module-level function (it is sent to the workers by name).

    `pause_gc` turns the cyclic garbage collector off while it runs: right for many small results
    that all stay alive (reading files), wrong for work that makes cyclic garbage (rendering)."""
    bar = progress or _NoBar()
    bar.start(len(tasks))
    # Thousands of results arrive as new objects that all stay alive: the cyclic garbage collector
    # would scan the growing heap again and again for nothing (it cost a third of the time).
    try:
        with gc_paused(pause_gc):
            if jobs <= 1 or len(tasks) <= 1:
                results = []
                for task in tasks:
                    results.append(_guarded(func, task))
                    bar.update(1)
                return results
            return _in_pool(func, tasks, jobs, chunk, bar, pause_gc)
    finally:
        bar.finish()


def _in_pool(
    func: Callable[[Any], Any], tasks: Sequence[Any], jobs: int, chunk: int, bar, pause_gc: bool
) -> list[tuple[bool, Any]]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    results: list[tuple[bool, Any] | None] = [None] * len(tasks)
    chunks = [list(range(i, min(i + chunk, len(tasks)))) for i in range(0, len(tasks), chunk)]
    executor = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=_pool_context())
    try:
        pending = {executor.submit(_guarded_chunk, func, [tasks[i] for i in idx], pause_gc): idx for idx in chunks}
        while pending:
            done, _pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                idx = pending.pop(future)
                try:
                    values = future.result()
                except BrokenProcessPool:
                    values = [(False, _("the worker process stopped unexpectedly (out of memory?)"))] * len(idx)
                for i, value in zip(idx, values, strict=True):
                    results[i] = value
                bar.update(len(idx))
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    return results  # type: ignore[return-value]


class _NoBar:
    def start(self, total: int) -> None:
        return None

    def update(self, n: int) -> None:
        return None

    def finish(self) -> None:
        return None


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


def load_many(paths: Sequence[Path], *, jobs: int, content=None, progress: Progress | None = None) -> BatchResult:
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


def read_history(sources: Sequence[Path]) -> tuple[list[tuple[str, Any]], list[str]]:
    """The answers files named for a report's history (folders expanded), read here; a file that
    cannot be read is skipped with a message (a folder may hold other YAML too)."""
    from m2w_tool.answers import load_answers

    items, problems = [], []
    for path in answer_files(sources):
        try:
            items.append((str(path), load_answers(path)))
        except M2WError as exc:
            error = exc.format_message()
            if error.startswith(str(path)):  # a located error names the file already (`file:line:col: ...`)
                problems.append(_("Skipped for the history: %(error)s", error=error))
            else:
                problems.append(_("Skipped for the history: %(file)s: %(error)s", file=path, error=error))
    return items, problems


# --- names -------------------------------------------------------------------------------------


def report_stems(paths: Sequence[Path]) -> list[str]:
    """A distinct report name per answers file, from the file's name (initiative names repeat in a
    folder of team members or years; file names in one folder do not)."""
    from m2w_tool.format import file_stem

    stems, seen = [], set()
    for path in paths:
        slug = file_stem(path.stem, limit=80) or "answers"
        stem, n = f"report-{slug}", 2
        while stem in seen:
            stem, n = f"report-{slug}-{n}", n + 1
        seen.add(stem)
        stems.append(stem)
    return stems


# --- one job beside this process ----------------------------------------------------------------


class Beside:
    """`func(*args)` run in a forked process while this one goes on (the XLSX of a portfolio while
    its HTML is rendered: two cores, two outputs); `wait()` returns its result when it is done and
    raises its failure as an M2WError, in words. Without fork (or with one job) it runs at `wait()`."""

    def __init__(self, func: Callable[..., Any], *args: Any, jobs: int = 2) -> None:
        self._func, self._args, self._process, self._pipe = func, args, None, None
        context = _pool_context()
        if context is not None and jobs > 1:
            self._pipe, child = context.Pipe(duplex=False)
            self._process = context.Process(target=_beside_child, args=(child, func, args), daemon=True)
            self._process.start()
            child.close()

    def wait(self) -> Any:
        if self._process is None:
            return self._func(*self._args)
        try:
            failure, value = self._pipe.recv()
        except EOFError:
            failure, value = _("the worker process stopped unexpectedly (out of memory?)"), None
        self._process.join()
        self._pipe.close()
        if failure:
            raise M2WError(failure)
        return value


def _beside_child(pipe, func: Callable[..., Any], args: tuple) -> None:  # noqa: ANN001 - a Connection
    try:
        with gc_paused(True):  # its objects all live until it ends: nothing for the collector to find
            result = func(*args)
        pipe.send(("", result))
    except Exception as exc:  # said in words in the parent
        pipe.send((_describe(exc), None))
    finally:
        pipe.close()
