"""The estimate of a quantity: low, best and high over the origins' latest figures, in UCDP's form."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence

from karabakh_claims.models import Estimate, Qualifier
from karabakh_claims.reconcile.figures import Figure, stated_order
from karabakh_claims.reconcile.wording import CONFLICT_NOTE, NO_FIGURE_LEFT, estimate_rule

PRECISION = {Qualifier.exact: 0, Qualifier.about: 2, Qualifier.nearly: 2, Qualifier.range: 3}
"""Rank of a qualifier for the best figure, most precise first; other qualifiers rank 4."""


def precision(f: Figure) -> int:
    """The rank of a figure's precision: its qualifier's, one worse when it has an approximation margin."""
    rank = PRECISION.get(f.claim.qualifier, 4)
    return rank + (f.low != f.core_low)


def estimate(figs: Sequence[Figure], excluded: Collection[int], conflicted: bool = False, *, cumulative: bool = False,
             neutral_kinds: Collection[str] = (), prefer_neutral: bool = False) -> Estimate:
    """low/best/high over each origin's latest figures that are neither stale, superseded, retracted,
    projected nor vague (see `estimate_rule`)."""
    pool = [f for f in figs if id(f) not in excluded and not f.vague] or [f for f in figs if id(f) not in excluded]
    if not pool:
        return Estimate(rule=NO_FIGURE_LEFT)
    current = current_figures(pool, cumulative)
    neutral = frozenset(neutral_kinds) if prefer_neutral else frozenset()
    best = min(current, key=lambda f: _best_key(f, neutral))
    lows, highs = zip(*(_stated(f) for f in current))
    dated = [f.day for f in current if f.day is not None]
    when = dt.date.fromordinal(max(dated)) if dated else None
    origins = independent_origins(current)
    return Estimate(
        low=min(lows),
        best=best.claim.value,
        high=max(highs),
        as_of=when,
        best_from=best.cite(),
        sources=len({f.outlet for f in current}),
        origins=origins,
        single_origin=len(origins) == 1,
        rule=estimate_rule(cumulative, bool(neutral)) + (CONFLICT_NOTE if conflicted else ""),
    )


def current_figures(pool: Sequence[Figure], cumulative: bool) -> list[Figure]:
    """Each origin's figures of its latest as-of date (its undated ones only when it has no dated one);
    for a cumulative count, without the origins whose latest figure a later, certainly higher figure
    of another origin has passed (growth, not a rival count)."""
    by_origin: dict[str, list[Figure]] = defaultdict(list)
    for f in pool:
        by_origin[f.origin].append(f)
    latest = [_latest(own) for own in by_origin.values()]
    if cumulative:
        latest = _not_passed(latest)
    return [f for own in latest for f in own]


def _latest(own: list[Figure]) -> list[Figure]:
    dated = [f.day for f in own if f.day is not None]
    day = max(dated) if dated else None
    return [f for f in own if f.day == day]


def _not_passed(latest: list[list[Figure]]) -> list[list[Figure]]:
    """The origins' latest figures, less those certainly below a figure of a later day."""
    ordered = sorted(latest, key=lambda own: -1 if own[0].day is None else own[0].day, reverse=True)
    kept, highest_later, day_highest, day = [], float("-inf"), float("-inf"), None
    for own in ordered:
        if own[0].day != day:
            highest_later, day = max(highest_later, day_highest), own[0].day
            day_highest = float("-inf")
        if own[0].day is None or max(f.top for f in own) >= highest_later:
            kept.append(own)
        day_highest = max(day_highest, max(f.low for f in own))
    return kept


def independent_origins(current: Sequence[Figure]) -> tuple[str, ...]:
    """The origins named in the text behind the current figures; the outlets' own when none is named."""
    named = {f.origin: f.claim.origin_name for f in current if not f.outlet_own}
    if not named:
        named = {f.origin: f.claim.origin_name for f in current}
    return tuple(sorted(named.values(), key=str.casefold))


def _best_key(f: Figure, neutral: frozenset[str]) -> tuple:
    """Neutral origins first when preferred, then the latest date, a source named in the text, the
    most precise, the latest published, the first stated."""
    day = f.day if f.day is not None else -1
    order = stated_order(f)
    return (f.claim.origin_kind not in neutral if neutral else False, -day, f.outlet_own, precision(f), -order[1], order[2:])


def _stated(f: Figure) -> tuple[float, float]:
    """The lowest and highest figure a claim states: its ends for ranges and vague words, else its value."""
    if f.claim.qualifier in (Qualifier.range, Qualifier.vague):
        return f.core_low, f.core_high
    return f.claim.value, f.claim.value
