"""A second process that gets WeasyPrint ready while m2w builds a report's HTML, then makes the PDF.

Importing WeasyPrint takes a quarter of a second (cffi reads Pango's C declarations, fontTools and
the default stylesheets load): work that does not depend on the report. `m2w report --format pdf` and
`m2w demo` start this worker (a fork) before they load the content and read the answers, so both
cores work at once, as Chromium's processes do; the worker then renders the HTML it is handed and
writes the PDF itself. A failure in it (a RenderError with its message, an OSError naming the file)
is raised again in the process that asked, so users see the same message as without the worker.

Only the process that started the worker uses it, and only once: a batch's pool processes (forked
from it) and the web server render in their own process. Set M2W_PDF_WORKER=0 to render in-process.
Ctrl-C ends the worker at once (it keeps the default SIGINT action); the worker is always waited
for, so no zombie stays behind.
"""

from __future__ import annotations

import atexit
import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from m2w_tool.errors import RenderError
from m2w_tool.i18n import _

WORKER_VAR = "M2W_PDF_WORKER"  # "0": no worker, every PDF is rendered in the process that asks


class PdfWorker:
    """The parent's handle on one forked worker: a pipe to send it one job, a pipe for the result."""

    def __init__(self, pid: int, jobs: int, results: int) -> None:
        self.pid, self.owner = pid, os.getpid()
        self._jobs, self._results = jobs, results

    def call(self, func: Callable[..., Any], *args: Any) -> Any:
        """`func(*args)` in the worker (a module-level function, sent by name): its result, or its
        exception raised here. The worker ends after it."""
        try:
            with os.fdopen(self._jobs, "wb") as pipe:
                self._jobs = -1
                pickle.dump((func, args), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(self._results, "rb") as pipe:
                self._results = -1
                ok, value = pickle.load(pipe)
        except (EOFError, BrokenPipeError, pickle.UnpicklingError):
            ok, value = False, RenderError(_("The PDF could not be made: %(reason)s", reason=self._ended()))
        finally:
            self.close()
        if not ok:
            raise value
        return value

    def _ended(self) -> str:
        """How the worker ended, for a message (it ended without a result: killed, or a crash in Pango)."""
        status = self._reap(block=True)
        if status is not None and os.WIFSIGNALED(status):
            return _("the PDF process stopped (signal %(n)s)", n=os.WTERMSIG(status))
        return _("the PDF process stopped (exit status %(n)s)", n=os.waitstatus_to_exitcode(status or 0))

    def close(self) -> None:
        """End the worker if it still runs and wait for it; close the pipes. Safe to call twice."""
        for fd in (self._jobs, self._results):
            if fd >= 0:
                os.close(fd)
        self._jobs = self._results = -1
        if self.pid and self._reap(block=False) is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap(block=True)

    def _reap(self, *, block: bool) -> int | None:
        """The worker's wait status once it has ended (then it is gone: pid 0), else None."""
        if not self.pid:
            return None
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            pid, status = self.pid, 0
        if pid == 0:
            return None
        self.pid = 0
        return status


_STARTED: list[PdfWorker] = []  # the worker this process started and has not used yet


def prestart() -> PdfWorker | None:
    """Fork a worker that gets WeasyPrint ready and then waits for one job; None where that cannot be
    done safely (no fork, other threads running, M2W_PDF_WORKER=0): the PDF is then made in-process."""
    if _STARTED or not hasattr(os, "fork") or os.environ.get(WORKER_VAR) == "0":
        return _STARTED[0] if _STARTED else None
    if threading.active_count() > 1:  # a fork copies only this thread: another one's locks stay held
        return None
    job_r, job_w = os.pipe()
    result_r, result_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the caller's code
        os.close(job_w)
        os.close(result_r)
        _serve(job_r, result_w)
    os.close(job_r)
    os.close(result_w)
    _STARTED.append(PdfWorker(pid, job_w, result_r))
    atexit.register(discard)  # also when the command stops before it closes (an error, Ctrl-C)
    return _STARTED[0]


def take() -> PdfWorker | None:
    """The worker this very process started, for its one job, asked for by its main thread (None
    otherwise, as in a batch's pool process or a web server's thread: render in-process)."""
    if _STARTED and _STARTED[0].owner == os.getpid() and threading.current_thread() is threading.main_thread():
        return _STARTED.pop()
    return None


def discard() -> None:
    """End a started worker that was not used (the command failed early, or made no PDF)."""
    worker = take()
    if worker is not None:
        worker.close()


def _serve(jobs: int, results: int) -> None:
    """The worker's life: get ready, run one job, send back its result or exception, end."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly, with the parent
        # The worker ends after its one job: no cyclic collector at all, which exiting makes up for.
        # Re-enabled after the render (render.html_to_pdf pauses it), its first run would scan the
        # whole layout, still alive: 0.1 s, 4 % of a report.
        gc.disable()
        _warm_up()
        with os.fdopen(jobs, "rb") as pipe:
            func, args = pickle.load(pipe)
        reply = _run(func, args)
        with os.fdopen(results, "wb") as pipe:
            pipe.write(reply)
    except BaseException:  # noqa: BLE001 - the parent went away: nothing to report to
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of buffers copied from the parent


def _run(func: Callable[..., Any], args: tuple) -> bytes:
    """The pickled (ok, result) of `func(*args)`; an exception that cannot travel becomes a RuntimeError."""
    try:
        return pickle.dumps((True, func(*args)), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - raised again in the parent
        try:
            data = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
            pickle.loads(data)  # some exceptions pickle but cannot be rebuilt
            return data
        except Exception:  # noqa: BLE001
            return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _warm_up() -> None:
    """Import WeasyPrint (and render.py). Not more: a first page rendered here as well (fonts, Pango,
    the PDF writer set up) took 0.06 s and saved the report's render nothing measurable, while the
    worker, not the HTML, is what the PDF waits for."""
    try:
        from m2w_tool.render import import_weasyprint

        import_weasyprint()
    except Exception:  # noqa: BLE001 - the job itself reports a WeasyPrint that cannot start
        pass


def write_pdf(path: Path, html: str, **options: Any) -> None:
    """Render `html` (render.html_to_pdf's `options`) and write the PDF at `path`: in the worker when
    this process started one, else here."""
    worker = take()
    if worker is None:
        _write_pdf(path, html, options)
    else:
        worker.call(_write_pdf, path, html, options)


def _write_pdf(path: Path, html: str, options: dict[str, Any]) -> None:
    from m2w_tool.atomic import write_atomic
    from m2w_tool.render import html_to_pdf

    write_atomic(path, html_to_pdf(html, **options))
