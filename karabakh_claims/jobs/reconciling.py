"""Reconciling what the ledger holds, a batch of metrics at a time, for `claims diff` and `claims check`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from karabakh_claims.config import Config
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import Claim, QuantityGroup
from karabakh_claims.reconcile import metric_batches, reconcile
from karabakh_claims.reconcile.grouping import KeyParts, OnlySides
from karabakh_claims.render.progress import Step, counted, no_step


def reconcile_ledger(
    ledger: Ledger,
    metrics: Iterable[str],
    config: Config,
    *,
    stale_ratio: float | None = None,
    keep: Callable[[Claim], bool] = lambda claim: True,
    history: bool = False,
    step: Step = no_step,
) -> Iterator[list[QuantityGroup]]:
    """The quantities of a ledger's claims of these metrics that `keep` keeps, reconciled a batch of
    metrics at a time (`metric_batches`), so that only one batch is ever in memory; together they
    are `reconcile` of all those claims, in the same order. `stale_ratio` defaults to the metrics
    file's setting; `history` adds each quantity's estimate on each as-of day (for charts); `step` shows each
    batch's progress."""
    copies = ledger.copies()
    for batch in metric_batches(metrics):
        label = ", ".join(batch)
        read = counted(ledger.iter_claims(batch), step(f"reading claims: {label}", None))
        claims = [c for c in read if keep(c)]
        yield reconcile_claims(claims, config, copies, stale_ratio=stale_ratio, history=history,
                               on_judged=step(f"reconciling figures: {label}", len(claims)))


def reconcile_claims(claims: list[Claim], config: Config, copies: dict[str, str], *, stale_ratio: float | None = None,
                     only: OnlySides | None = None, parts: KeyParts | None = None, history: bool = False,
                     on_judged: Callable[[int], None] = lambda figures: None) -> list[QuantityGroup]:
    """`reconcile` with the configuration's rules and settings."""
    settings = config.metrics.settings
    return reconcile(claims, rules=config.groups, cumulative_metrics=config.metrics.cumulative_metrics,
                     per_origin_metrics=config.metrics.per_origin_metrics,
                     stale_ratio=stale_ratio or settings.stale_ratio, about_margin=settings.about_margin,
                     neutral_kinds=settings.neutral_kinds, prefer_neutral=settings.prefer_neutral,
                     jump_factor=settings.jump_factor, copies=copies, only=only, parts=parts, history=history,
                     on_judged=on_judged)


SCOPE_CODE = ("reconcile/grouping.py", "reconcile/scopes.py", "config_schema.py")
"""The modules a claim's scope is read by (`scope_of`): scopes read by other code are read anew."""


def scope_digest(config: Config) -> str:
    """What the stored scopes depend on: the configuration and the code that reads them."""
    package = Path(__file__).resolve().parent.parent
    code = hashlib.sha256(b"".join((package / name).read_bytes() for name in SCOPE_CODE)).hexdigest()[:12]
    return f"{config.digest}:{code}"
