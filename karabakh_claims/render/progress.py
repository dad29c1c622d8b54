"""Progress of long jobs: a bar per step on standard error at a terminal, nothing in a pipe or CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def show_progress() -> bool:
    """A progress bar only for a person at a terminal, never in CI or a pipe."""
    return sys.stderr.isatty() and not os.environ.get("CI")


Advance = Callable[[int], None]
"""Moves a step's bar on by n items."""
Step = Callable[[str, int | None], Advance]
"""Starts the next step of a long job (its description and item count, None when unknown) and
returns its `Advance`."""


def no_step(description: str, total: int | None = None) -> Advance:
    """A `Step` that draws nothing."""
    return lambda n=1: None


@contextmanager
def progress_steps() -> Iterator[Step]:
    """Yields a `Step`: one bar per step (the last one shown) on a terminal, nothing otherwise."""
    if not show_progress():
        yield no_step
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # the output goes above the bar only when it goes to the terminal too, never into a file or pipe
    with Progress(*columns, console=Console(stderr=True), transient=True, redirect_stdout=sys.stdout.isatty()) as progress:

        def step(description: str, total: int | None = None) -> Advance:
            for earlier in progress.task_ids:
                progress.update(earlier, visible=False)
            task = progress.add_task(description, total=total)
            return lambda n=1: progress.advance(task, n)

        yield step


def counted(items: Iterable[T], advance: Advance, every: int = 1000) -> Iterator[T]:
    """The items, moving a bar on `every` items at a time (and the rest at the end)."""
    n = 0
    for n, item in enumerate(items, 1):
        if n % every == 0:
            advance(every)
        yield item
    advance(n % every)
