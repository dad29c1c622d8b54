"""The rules that know origins: an origin's own series over time (its revisions, an outlet repeating its
older figure) and what the figures of different origins say about each other at the same time."""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import count

from karabakh_claims.reconcile.figures import Figure
from karabakh_claims.reconcile.intervals import INF
from karabakh_claims.reconcile.timeline import by_day
from karabakh_claims.reconcile.windows import WindowIndex, day_indexes, window_conflicts


@dataclass
class SeriesFindings:
    """What the origins' own series say, by figure id."""

    stale: dict[int, Figure]
    superseded: dict[int, Figure]
    revising: dict[int, Figure]


def origin_series(figs: Sequence[Figure], stale_ratio: float, found: SeriesFindings) -> None:
    """Cumulative counts: walk each origin's dated figures in day order. A figure certainly below one
    the same origin gave on an earlier day is an outlet repeating that older, higher figure (`stale`)
    when the higher one is at least `stale_ratio` times it, else the origin's revision: it supersedes
    the higher figures (`revising`)."""
    series: dict[str, list[Figure]] = defaultdict(list)
    for f in figs:
        if f.day is not None and not f.vague:
            series[f.origin].append(f)
    for own in series.values():
        if len(own) > 1:
            _walk(own, stale_ratio, found)


def _walk(own: list[Figure], stale_ratio: float, found: SeriesFindings) -> None:
    """One origin's series; `active` holds its figures of earlier days not yet superseded, by lower bound."""
    active: list[tuple[float, int, Figure]] = []
    serial = count()
    for day_figs in by_day(own):
        kept = [f for f in day_figs if not _judge_against(f, active, stale_ratio, found)]
        for f in kept:
            insort(active, (f.low, next(serial), f))


def _judge_against(f: Figure, active: list[tuple[float, int, Figure]], stale_ratio: float, found: SeriesFindings) -> bool:
    """Judge `f` against its origin's earlier figures; true when it is stale (left out of the series)."""
    i = bisect_right(active, (f.core_high, INF))
    if i == len(active):
        return False
    highest = active[-1][2]
    if highest.core_low >= stale_ratio * f.top:
        found.stale[id(f)] = highest
        return True
    for _, _, earlier in active[i:]:
        found.superseded[id(earlier)] = f
    found.revising[id(f)] = highest
    del active[i:]
    return False


def outlet_stale(figs: Sequence[Figure], stale_ratio: float, stale: dict[int, Figure]) -> None:
    """Cumulative counts: an outlet's own figure (no one named) below one at least `stale_ratio` times
    higher, of any origin, reported a day or more before, repeats an older figure."""
    best: Figure | None = None
    for day_figs in by_day([f for f in figs if f.day is not None]):
        for a in day_figs:
            if best is not None and a.outlet_own and not a.vague and best.core_low >= stale_ratio * a.top:
                stale[id(a)] = best
        for f in day_figs:
            if not f.vague and (best is None or f.core_low > best.core_low):
                best = f


MIN_TREND_DAYS = 3
"""A quantity's average daily growth is only known over at least this many days."""


def jump_conflicts(dated: Sequence[Figure], jump_factor: float, indexes: Mapping[int | None, WindowIndex]) -> dict[int, Figure]:
    """Cumulative counts: a figure of one origin and a higher one of another origin the next day that
    rises more than `jump_factor` times the quantity's average daily growth disagree (two counts, not
    growth); a fall is a conflict anyway (`timeline.later_lower`). `indexes`: `day_indexes` of the figures."""
    trend = daily_growth(dated)
    if trend is None:
        return {}
    found = {}
    for a in dated:
        index = indexes.get(a.day + 1)
        hit = index.higher(a) if index else None
        if hit is not None and hit.origin != a.origin and hit.core_low - a.core_high > jump_factor * trend:
            found[id(a)], found[id(hit)] = hit, a
    return found


def daily_growth(dated: Sequence[Figure]) -> float | None:
    """The quantity's average growth per day, from its lowest figure of the first day to its highest of
    the last; None over fewer than MIN_TREND_DAYS days."""
    days = by_day(dated)
    if not days or days[-1][0].day - days[0][0].day < MIN_TREND_DAYS:
        return None
    first = min(f.core_high for f in days[0])
    last = max(f.core_low for f in days[-1])
    return max(last - first, 0.0) / (days[-1][0].day - days[0][0].day)


def soft_conflicts(dated: Sequence[Figure], margin: float) -> dict[int, Figure]:
    """Figures of the same day in different outlets, one of them open above ("at least 900", "over
    800"), that are further apart than `margin` when an open figure is read as its value plus the
    margin: compatible as bounds, a soft divergence as counts of that day."""
    open_days = {f.day for f in dated if _open_above(f)}
    if not open_days:
        return {}
    of_those_days = [f for f in dated if f.day in open_days]
    shadows = [_soft(f, margin) for f in of_those_days]
    originals = {id(s): f for s, f in zip(shadows, of_those_days)}
    found = {}
    for key, hit in window_conflicts(shadows, day_indexes(shadows), (0,)).items():
        a, b = originals[key], originals[id(hit)]
        if a.outlet != b.outlet and (a.high == INF or b.high == INF):
            found[id(a)] = b
    return found


def _open_above(f: Figure) -> bool:
    return f.high == INF and f.core_low != -INF


def _soft(f: Figure, margin: float) -> Figure:
    """`f` with an open upper end closed at its value plus `margin` (`f` itself when it has none)."""
    if not _open_above(f):
        return f
    top = f.core_low * (1 + margin)
    return replace(f, core_high=top, high=top)


__all__ = ["SeriesFindings", "daily_growth", "jump_conflicts", "origin_series", "outlet_stale", "soft_conflicts"]
