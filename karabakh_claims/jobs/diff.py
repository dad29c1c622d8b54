"""The diff job (`claims diff`): the figures of each quantity across sources and over time, judged.

Each quantity's judgment and its share of each output are kept in the ledger (`jobs.judged`): a
diff re-judges only the quantities whose claims changed since and reads the rest as stored; the
output's key (`diff_key`) holds everything it depends on besides the ledger.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from karabakh_claims import __version__
from karabakh_claims.config import Config
from karabakh_claims.jobs.errors import EmptyLedger, PlotFailed
from karabakh_claims.jobs.judged import code_digest
from karabakh_claims.ledger import Ledger

if TYPE_CHECKING:
    from rich.console import Console

    from karabakh_claims.jobs.judged import Judgments, Quantity
    from karabakh_claims.models import QuantityGroup
    from karabakh_claims.render.claimreview import Reviewer
    from karabakh_claims.render.diff import DiffWriter
    from karabakh_claims.render.progress import Step



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
    """Give the output of `claims diff` to `write` and draw the plot: from the stored judgments when
    `reuse` allows and they can be brought up to date (`stored_diff`), else reconciled in full."""
    key = diff_key(options, config, console)
    not_empty(ledger)
    config.validated()
    from karabakh_claims.render.progress import progress_steps

    with progress_steps() as step:
        if reuse and not options.plot_path and stored_diff(ledger, config, options, key, write, console=console, step=step):
            return
        plotted = reconciled_diff(ledger, config, options, write, console=console, step=step)
    if options.plot_path:
        draw_plot(plotted, options.plot_path, config.metrics.labels)


def draw_plot(groups: list[QuantityGroup], path: str, labels: Mapping[str, str]) -> None:
    from karabakh_claims.render.plot import PlotError, plot_groups

    try:
        plot_groups(groups, path, labels)
    except PlotError as err:
        raise PlotFailed(str(err)) from err


def _writer(options: DiffOptions, config: Config, console: Console | None) -> DiffWriter:
    from karabakh_claims.render.diff import DiffWriter

    return DiffWriter(options.fmt, console, options.empty_line, by=options.by, reviewer=options.review,
                      labels=config.metrics.labels)


def reconciled_diff(ledger: Ledger, config: Config, options: DiffOptions, write: Callable[[str], None], *,
                    console: Console | None, step: Step) -> list[QuantityGroup]:
    """Reconcile the ledger's claims a batch of metrics at a time, giving the output to `write` as it
    is rendered; returns the quantities shown when there is a plot to draw."""
    from karabakh_claims.jobs.reconciling import reconcile_ledger
    from karabakh_claims.jobs.selection import select_groups

    writer, plotted = _writer(options, config, console), []
    with ledger.snapshot():
        batches = reconcile_ledger(ledger, options.metrics or ledger.metrics(), config,
                                   stale_ratio=options.stale_ratio, history=bool(options.plot_path), step=step)
        for groups in batches:
            groups = select_groups(groups, rules=config.groups, metrics=options.metrics, subject=options.subject,
                                   since=options.since)
            write(writer.part(groups))
            plotted += groups if options.plot_path else []
    write(writer.end())
    return plotted


def stored_diff(ledger: Ledger, config: Config, options: DiffOptions, key: str, write: Callable[[str], None], *,
                console: Console | None, step: Step) -> bool:
    """`claims diff` from the stored judgments and output parts, re-judging and rendering only the
    quantities whose claims (or parent's estimate) changed, then storing those; False, with nothing
    written, when the judgments cannot be brought up to date (a read-only ledger with changes
    waiting) or the ledger changed meanwhile."""
    from karabakh_claims.jobs.judged import Judgments, refresh
    from karabakh_claims.ledger.judged import pack
    from karabakh_claims.ledger.ledger import utc_now
    from karabakh_claims.reconcile import metric_batches

    quantities = refresh(ledger, config)
    if quantities is None:
        return False
    writer, fresh = _writer(options, config, console), []
    judgments = Judgments(ledger, config, quantities, stale_ratio=options.stale_ratio, step=step)
    with ledger.snapshot():
        if ledger.stamp() != quantities.stamp:
            return False
        metrics = options.metrics or {q.parts.metric for q in quantities.by_parts.values()}
        for batch in metric_batches(metrics):
            chosen = quantities.of_metrics(batch)
            stored = ledger.output_parts(key, [q.key for q in chosen])
            pieces, rendered = _batch_pieces(chosen, judgments, stored, writer, options, config)
            for text in writer.joined(pieces):
                write(text)
            fresh += [(quantity, context, pack(text)) for quantity, context, text in rendered]
    write(writer.end())
    ledger.save_judged(judgments.judge, judgments.fresh, (key, fresh), quantities.stamp, utc_now())
    return True


def _batch_pieces(batch: list[Quantity], judgments: Judgments, stored: Mapping[str, tuple[str, str]],
                  writer: DiffWriter, options: DiffOptions, config: Config) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The pieces of a batch's quantities in key order, as stored when their context is the same, and
    those rendered anew (quantity, context, text). Historical quantities come first: a current one's
    table names "current" when its historical twin is shown."""
    from karabakh_claims.jobs.selection import select_groups

    judgments.prepare(batch)
    pieces: dict[str, str] = {}
    rendered = []
    for quantity in sorted(batch, key=lambda q: not q.parts.historical):
        twin = judgments.quantities.twin(quantity)
        named = writer.fmt == "table" and twin is not None and bool(pieces.get(twin.key))
        context = json.dumps([judgments.context(quantity), named])
        if quantity.key in stored and stored[quantity.key][0] == context:
            pieces[quantity.key] = stored[quantity.key][1]
            continue
        shown = select_groups([judgments.group(quantity)], rules=config.groups, metrics=options.metrics,
                              subject=options.subject, since=options.since)
        pieces[quantity.key] = writer.piece(shown[0], name_current=named) if shown else ""
        rendered.append((quantity.key, context, pieces[quantity.key]))
    judgments.judged.clear()
    return [pieces[q.key] for q in batch], rendered
