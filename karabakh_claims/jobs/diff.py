"""The diff job (`claims diff`): the figures of each quantity across sources and over time, judged.

Its output is saved in the ledger under a key of everything it depends on besides the ledger
(`diff_key`) with the ledger's generations of those metrics (`Ledger.stamp`): asked again while
they are the same, the saved output is given without reconciling again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from karabakh_claims import __version__
from karabakh_claims.config import Config
from karabakh_claims.jobs.errors import EmptyLedger, PlotFailed
from karabakh_claims.ledger import Ledger, PackedText

if TYPE_CHECKING:
    from rich.console import Console

    from karabakh_claims.models import QuantityGroup
    from karabakh_claims.render.claimreview import Reviewer
    from karabakh_claims.render.progress import Step

PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class DiffOptions:
    """What to show: the metrics (none: every quantity with a conflict or stale figure), the group,
    the first day, the format, the stale ratio (None: the metrics file's), a plot file, the view
    (`figure` or `origin`) and, for `claimreview`, who publishes the reviews."""

    metrics: tuple[str, ...] = ()
    subject: str | None = None
    since: dt.date | None = None
    fmt: str = "table"
    stale_ratio: float | None = None
    plot_path: str | None = None
    by: str = "figure"
    review: Reviewer | None = None

    @property
    def empty_line(self) -> str:
        """The table's line when no quantity is shown."""
        narrowed = self.metrics or self.subject or self.since
        return "no quantity to show" if narrowed else "no conflict or stale figure in the ledger"


def code_digest() -> str:
    """A short hash of the package's own files (code and data): outputs saved by another build are not reused."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".toml"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + path.read_bytes())
    return digest.hexdigest()[:12]


def diff_key(options: DiffOptions, config: Config, console: Console | None) -> str:
    """What a saved diff output depends on besides the ledger: the options (the reviewer, the review's
    page and day included), the configuration, the code, and for a table the terminal it is drawn for."""
    terminal = (console.width, console.color_system, console.is_terminal) if console else None
    review = options.review
    reviewer = [review.name, review.url, review.published.isoformat()] if review else None
    parts = ["diff", __version__, code_digest(), config.digest, options.fmt, list(options.metrics), options.subject,
             options.since.isoformat() if options.since else None, options.stale_ratio, terminal, options.by, reviewer]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def not_empty(ledger: Ledger) -> Ledger:
    """The ledger, unless it holds no article."""
    if ledger.is_empty():
        raise EmptyLedger(f"the ledger {ledger.path} is empty: run `claims extract PATH` first")
    return ledger


def diff(ledger: Ledger, config: Config, options: DiffOptions, write: Callable[[str], None], *,
         console: Console | None = None, reuse: bool = True) -> None:
    """Give the output of `claims diff` to `write`: as saved, when `reuse` allows and the ledger's
    claims of those metrics have not changed since, else reconciled (and saved); draw the plot."""
    key = diff_key(options, config, console)
    if reuse and not options.plot_path:
        saved = not_empty(ledger).saved_output(key, ledger.stamp(options.metrics))
        if saved is not None:
            write(saved)
            return
    from karabakh_claims.render.progress import progress_steps

    with progress_steps() as step:
        plotted = reconciled_diff(ledger, config, options, key, write, console=console, step=step)
    if options.plot_path:
        draw_plot(plotted, options.plot_path, config.metrics.labels)


def draw_plot(groups: list[QuantityGroup], path: str, labels: Mapping[str, str]) -> None:
    from karabakh_claims.render.plot import PlotError, plot_groups

    try:
        plot_groups(groups, path, labels)
    except PlotError as err:
        raise PlotFailed(str(err)) from err


def reconciled_diff(ledger: Ledger, config: Config, options: DiffOptions, key: str, write: Callable[[str], None], *,
                    console: Console | None, step: Step) -> list[QuantityGroup]:
    """Reconcile the ledger's claims a batch of metrics at a time, giving the output to `write` as it
    is rendered, and save it under `key`; returns the quantities shown when there is a plot to draw."""
    from karabakh_claims.jobs.reconciling import reconcile_ledger
    from karabakh_claims.jobs.selection import select_groups
    from karabakh_claims.render.diff import DiffWriter

    config.validated()
    writer = DiffWriter(options.fmt, console, options.empty_line, by=options.by, reviewer=options.review,
                        labels=config.metrics.labels)
    body, plotted = PackedText(), []

    def emit(text: str) -> None:
        write(text)
        body.write(text)

    with not_empty(ledger).snapshot():
        stamp = ledger.stamp(options.metrics)
        batches = reconcile_ledger(ledger, options.metrics or ledger.metrics(), config,
                                   stale_ratio=options.stale_ratio, history=bool(options.plot_path), step=step)
        for groups in batches:
            groups = select_groups(groups, rules=config.groups, metrics=options.metrics, subject=options.subject,
                                   since=options.since)
            emit(writer.part(groups))
            plotted += groups if options.plot_path else []
    emit(writer.end())
    ledger.save_output(key, stamp, body)
    return plotted
