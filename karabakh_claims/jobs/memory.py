"""Keeping Python's cyclic garbage collector out of the jobs that make many small records."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Cyclic garbage collection paused: reading, reconciling and rendering a large ledger make
    millions of objects without cycles, which the collector would otherwise scan again and again
    (half the time of `claims diff` on a million claims, a quarter of judging the 25,000 figures of a
    quantity in `claims check`). Objects without cycles are freed all the same."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
