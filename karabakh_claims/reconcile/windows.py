"""Interval indexes: O(log n) questions over the figures of one as-of day or a window of days."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence

from karabakh_claims.reconcile.figures import Figure


class _Best:
    """The best (highest key) item so far, and the best one from another outlet."""

    __slots__ = ("first", "second")

    def __init__(self, first=None, second=None):
        self.first, self.second = first, second

    def add(self, key: float, fig: Figure) -> _Best:
        first, second = self.first, self.second
        if first is None:
            return _Best((key, fig), None)
        if fig.outlet == first[1].outlet:
            return _Best((key, fig), second) if key > first[0] else self
        if key > first[0]:
            return _Best((key, fig), first)
        return _Best(first, (key, fig)) if second is None or key > second[0] else self

    def other_than(self, outlet: str) -> tuple[float, Figure] | None:
        if self.first is not None and self.first[1].outlet != outlet:
            return self.first
        return self.second


def _running(items: Sequence[tuple[float, Figure]], better) -> list[tuple[float, Figure]]:
    out, best = [], None
    for item in items:
        best = item if best is None or better(item[0], best[0]) else best
        out.append(best)
    return out


class WindowIndex:
    """The figures of one as-of day (or the undated ones) sorted for interval questions."""

    def __init__(self, figs: Sequence[Figure]):
        by_core_low = sorted(figs, key=lambda f: f.core_low)
        self.core_lows = [f.core_low for f in by_core_low]
        self.suffix_max_low = _running([(f.low, f) for f in reversed(by_core_low)], lambda x, y: x > y)[::-1]
        by_core_high = sorted(figs, key=lambda f: f.core_high)
        self.core_highs = [f.core_high for f in by_core_high]
        self.prefix_min_high = _running([(f.high, f) for f in by_core_high], lambda x, y: x < y)
        self.meet_core = self._prefix_best(by_core_low, lambda f: f.core_high)
        by_low = sorted(figs, key=lambda f: f.low)
        self.lows = [f.low for f in by_low]
        self.meet_outer = self._prefix_best(by_low, lambda f: f.high)

    @staticmethod
    def _prefix_best(figs: Sequence[Figure], key) -> list[_Best]:
        out, best = [], _Best()
        for f in figs:
            best = best.add(key(f), f)
            out.append(best)
        return out

    def higher(self, a: Figure) -> Figure | None:
        """A figure certainly above `a` (the one with the highest lower bound)."""
        i = bisect_right(self.core_lows, a.high)
        if i < len(self.core_lows) and self.suffix_max_low[i][0] > a.core_high:
            return self.suffix_max_low[i][1]
        return None

    def lower(self, a: Figure) -> Figure | None:
        """A figure certainly below `a` (the one with the lowest upper bound)."""
        i = bisect_left(self.core_highs, a.low)
        if i and self.prefix_min_high[i - 1][0] < a.core_low:
            return self.prefix_min_high[i - 1][1]
        return None

    def matching(self, a: Figure) -> Figure | None:
        """A figure from another outlet that `matches` a."""
        i = bisect_right(self.core_lows, a.high)
        hit = self.meet_core[i - 1].other_than(a.outlet) if i else None
        if hit and hit[0] >= a.low:
            return hit[1]
        j = bisect_right(self.lows, a.core_high)
        hit = self.meet_outer[j - 1].other_than(a.outlet) if j else None
        return hit[1] if hit and hit[0] >= a.core_low else None


def window_days(day: int | None, offsets: Sequence[int]) -> list[int | None]:
    """The days `offsets` away from `day`; the undated window for an undated figure."""
    return [None] if day is None else [day + o for o in offsets]


def day_indexes(figs: Sequence[Figure]) -> dict[int | None, WindowIndex]:
    """A `WindowIndex` of the figures of each as-of day (None: the undated ones)."""
    days: dict[int | None, list[Figure]] = defaultdict(list)
    for f in figs:
        days[f.day].append(f)
    return {day: WindowIndex(members) for day, members in days.items()}


def window_conflicts(figs: Sequence[Figure], indexes: Mapping, offsets: Sequence[int]) -> dict[int, Figure]:
    """For each figure, one certainly above or below it within the days `offsets` away (by id)."""
    found = {}
    for a in figs:
        for day in window_days(a.day, offsets):
            index = indexes.get(day)
            hit = index and (index.higher(a) or index.lower(a))
            if hit:
                found[id(a)] = hit
                break
    return found
