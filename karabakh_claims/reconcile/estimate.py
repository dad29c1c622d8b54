"""The estimate of a quantity: low, best and high figure at its latest as-of date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from karabakh_claims.models import Estimate, Qualifier
from karabakh_claims.reconcile.figures import Figure, stated_order
from karabakh_claims.reconcile.wording import CONFLICT_NOTE, ESTIMATE_RULE, NO_FIGURE_LEFT

PRECISION = {Qualifier.exact: 0, Qualifier.about: 2, Qualifier.nearly: 2, Qualifier.range: 3}
"""Rank of a qualifier for the best figure, most precise first; other qualifiers rank 4."""


def precision(f: Figure) -> int:
    """The rank of a figure's precision: its qualifier's, one worse when it has an approximation margin."""
    rank = PRECISION.get(f.claim.qualifier, 4)
    return rank + (f.low != f.core_low)


def estimate(figs: Sequence[Figure], excluded: Collection[int], conflicted: bool = False) -> Estimate:
    """low/best/high at the latest as-of date of the figures not excluded (stale, superseded)."""
    pool = [f for f in figs if id(f) not in excluded and not f.vague] or [f for f in figs if id(f) not in excluded]
    if not pool:
        return Estimate(rule=NO_FIGURE_LEFT)
    dated = [f.day for f in pool if f.day is not None]
    latest = max(dated) if dated else None
    at_latest = [f for f in pool if f.day == latest]
    best = min(at_latest, key=lambda f: (f.claim.source is None, precision(f), -stated_order(f)[1], stated_order(f)[2:]))
    lows, highs = zip(*(_stated(f) for f in at_latest))
    when = dt.date.fromordinal(latest) if latest is not None else None
    return Estimate(
        low=min(lows),
        best=best.claim.value,
        high=max(highs),
        as_of=when,
        best_from=best.cite(),
        sources=len({f.origin for f in at_latest}),
        rule=ESTIMATE_RULE.format(date=when.isoformat() if when else "undated") + (CONFLICT_NOTE if conflicted else ""),
    )


def _stated(f: Figure) -> tuple[float, float]:
    """The lowest and highest figure a claim states: its ends for ranges and vague words, else its value."""
    if f.claim.qualifier in (Qualifier.range, Qualifier.vague):
        return f.core_low, f.core_high
    return f.claim.value, f.claim.value
