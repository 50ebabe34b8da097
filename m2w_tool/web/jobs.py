"""PDFs are made in a worker process, never on the server's own threads: a report takes seconds to
lay out and a full workbook ten or so, and nobody's answering may wait for that.

A job is known by a key (a hash of the answers file's bytes and every option that shapes the PDF),
so asking again for the same PDF joins the running job or gets the finished one from memory.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

KEEP = 12  # finished PDFs kept in memory (a report is about 1 MB, a full workbook a few)


def _watch_parent(parent: int) -> None:
    """In a worker: end when the server is gone (even after kill -9, which leaves no goodbye)."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


class Jobs:
    """Runs PDF jobs on one worker process and keeps the last few results."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Future] = OrderedDict()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            # spawn, not fork: forking a process with running threads can copy a held lock.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    def get(self, key: str, func: Callable[..., bytes], *args: Any) -> Future:
        """The job for `key`: running, finished, or started now with `func(*args)` in the worker."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                try:
                    job = self._executor().submit(func, *args)
                except BrokenProcessPool:
                    self._pool = None  # the worker died (out of memory, killed): start a new one
                    job = self._executor().submit(func, *args)
                self._jobs[key] = job
            self._jobs.move_to_end(key)
            self._forget_old()
            return job

    def forget(self, key: str) -> None:
        """Drop a failed job once its problem was shown, so asking again tries again."""
        with self._lock:
            self._jobs.pop(key, None)

    def _forget_old(self) -> None:
        finished = [k for k, f in self._jobs.items() if f.done()]
        for key in finished[: max(0, len(finished) - KEEP)]:
            del self._jobs[key]

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
