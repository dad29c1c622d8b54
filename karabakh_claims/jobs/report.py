"""The report job (`claims report`): the reconciled quantities of the ledger as one self-contained HTML page.

It reads and judges the ledger's claims as `claims diff` does (the same `--metric`, `--subject`,
`--since` and `--stale-ratio`), with each quantity's estimate on each day for the charts; without
`--metric`, every quantity is shown. The page is never saved in the ledger: it is written anew each time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from karabakh_claims.config import Config
from karabakh_claims.jobs.errors import ReportFailed
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import QuantityGroup
from karabakh_claims.render.progress import Step, no_step


@dataclass(frozen=True)
class ReportOptions:
    """What to show: the metrics (none: all), the group, the first day, the stale ratio (None: the
    metrics file's) and the page's title."""

    metrics: tuple[str, ...] = ()
    subject: str | None = None
    since: dt.date | None = None
    stale_ratio: float | None = None
    title: str = "claims report"


@dataclass(frozen=True)
class Written:
    """What the page holds."""

    path: str
    quantities: int
    figures: int

    def line(self) -> str:
        """"wrote report.html: 23 quantities, 40 figures"."""
        return f"wrote {self.path}: {counted(self.quantities, 'quantity', 'quantities')}, {counted(self.figures, 'figure')}"


def counted(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def report_groups(ledger: Ledger, config: Config, options: ReportOptions, *, step: Step = no_step) -> list[QuantityGroup]:
    """The quantities the report shows, reconciled with their estimate on each day, in key order."""
    from karabakh_claims.jobs.diff import not_empty
    from karabakh_claims.jobs.reconciling import reconcile_ledger
    from karabakh_claims.jobs.selection import select_groups

    config.validated()
    shown: list[QuantityGroup] = []
    with not_empty(ledger).snapshot():
        metrics = options.metrics or tuple(ledger.metrics())
        for groups in reconcile_ledger(ledger, metrics, config, stale_ratio=options.stale_ratio, history=True, step=step):
            shown += select_groups(groups, rules=config.groups, metrics=metrics, subject=options.subject,
                                   since=options.since)
    return shown


def write_report(ledger: Ledger, config: Config, options: ReportOptions, path: str, *, step: Step = no_step) -> Written:
    """Write the report of the ledger to `path`. A folder that does not exist, a file that cannot be
    written and a missing chart library are a ReportFailed, one line."""
    from karabakh_claims.render.chart import ChartLibraryMissing
    from karabakh_claims.render.report import report_page

    target = Path(path)
    if not target.parent.is_dir():
        reason = "Not a directory" if target.parent.exists() else "No such file or directory"
        raise ReportFailed(f"cannot write the report to {path}: {reason}")
    groups = report_groups(ledger, config, options, step=step)
    try:
        page = report_page(groups, config.metrics.labels, title=options.title)
    except ChartLibraryMissing as err:
        raise ReportFailed(str(err)) from err
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as err:
        raise ReportFailed(f"cannot write the report to {path}: {err.strerror or err}") from err
    return Written(path, len(groups), sum(len(g.claims) for g in groups))
