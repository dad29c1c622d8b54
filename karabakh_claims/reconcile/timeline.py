"""The dated figures of a quantity in time: higher ones before, lower ones after, and what came before and after a day."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence

from karabakh_claims.reconcile.figures import Figure
from karabakh_claims.reconcile.intervals import INF


class _PrefixMax:
    """A Fenwick tree of (key, figure): insert at a rank, ask for the maximum over the first ranks."""

    def __init__(self, size: int):
        self.tree: list[tuple[float, Figure | None]] = [(-INF, None)] * (size + 1)

    def insert(self, rank: int, key: float, fig: Figure) -> None:
        i = rank + 1
        while i < len(self.tree):
            if key > self.tree[i][0]:
                self.tree[i] = (key, fig)
            i += i & -i

    def best(self, count: int) -> tuple[float, Figure | None]:
        result: tuple[float, Figure | None] = (-INF, None)
        while count > 0:
            if self.tree[count][0] > result[0]:
                result = self.tree[count]
            count -= count & -count
        return result


def earlier_higher(dated: Sequence[Figure]) -> dict[int, Figure]:
    """For each figure, one figure of the same day or earlier that is certainly higher (by id)."""
    levels = sorted({f.core_low for f in dated})
    tree = _PrefixMax(len(levels))
    found: dict[int, Figure] = {}
    for day_figs in by_day(dated):
        for f in day_figs:
            tree.insert(len(levels) - 1 - bisect_left(levels, f.core_low), f.low, f)
        for a in day_figs:
            key, b = tree.best(len(levels) - bisect_right(levels, a.high))
            if b is not None and key > a.core_high:
                found[id(a)] = b
    return found


def later_lower(dated: Sequence[Figure]) -> dict[int, Figure]:
    """For each figure, one figure of the same day or later that is certainly lower (by id)."""
    levels = sorted({f.core_high for f in dated})
    tree = _PrefixMax(len(levels))
    found: dict[int, Figure] = {}
    for day_figs in reversed(by_day(dated)):
        for f in day_figs:
            tree.insert(bisect_left(levels, f.core_high), -f.high, f)
        for a in day_figs:
            key, b = tree.best(bisect_left(levels, a.low))
            if b is not None and -key < a.core_low:
                found[id(a)] = b
    return found


def by_day(dated: Sequence[Figure]) -> list[list[Figure]]:
    """The dated figures grouped by as-of day, earliest day first."""
    days: dict[int, list[Figure]] = defaultdict(list)
    for f in dated:
        days[f.day].append(f)
    return [days[d] for d in sorted(days)]


class Timeline:
    """The comparable dated figures of a quantity by day: what came before and after a day."""

    def __init__(self, figs: Sequence[Figure]):
        self.figs = figs
        days = by_day(figs)
        self.days = [group[0].day for group in days]
        self.highest = [max(group, key=lambda f: f.core_low) for group in days]
        self.lowest = [min(group, key=lambda f: f.core_high) for group in days]

    def has_other_day(self, day: int) -> bool:
        return len(self.days) > 1 or (bool(self.days) and self.days[0] != day)

    def before(self, day: int) -> Figure | None:
        i = bisect_left(self.days, day)
        return self.highest[i - 1] if i else None

    def after(self, day: int) -> Figure | None:
        i = bisect_right(self.days, day)
        return self.lowest[i] if i < len(self.days) else None

    def latest(self) -> Figure | None:
        return self.highest[-1] if self.days else None
