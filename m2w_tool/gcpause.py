"""Pausing Python's cyclic garbage collector around work that makes many long-lived objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(active: bool = True) -> Iterator[None]:
    """No cyclic garbage collection inside the block (when `active`); the previous state after.

    Laying out a big PDF, or receiving thousands of results that all stay alive, makes the
    collector re-scan a growing heap again and again for nothing: a fifth to a third of the time.
    Reference counting still frees what is dropped; the few cycles are collected afterwards.
    """
    was_enabled = gc.isenabled()
    if active:
        gc.disable()
    try:
        yield
    finally:
        if active and was_enabled:
            gc.enable()
