"""Keeping Python's garbage collector from scanning what a job loaded before it judges."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Objects made before the block (a loaded spaCy pipeline, the configuration, the texts read) are
    kept out of the collector's passes while the block makes many small records: judging a quantity of
    25,000 figures after the pipeline is loaded spends as long in those passes as in judging. They
    are handed back to the collector after the block (`gc.freeze`, `gc.unfreeze`)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
