"""A quantity on a time axis, for the report's chart and the PNG plot: its figures as points with their
intervals, and its low/best/high estimate as steps over time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from karabakh_claims.models import QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.render.cells import finite_or_none

PAD = dt.timedelta(days=1)
"""Room left and right of the first and last day on the axis; the estimate's last step runs to the right edge."""
HEADROOM = 1.15
"""The value axis ends this much above the highest figure, bound or estimate; an interval open above runs to it."""
NOON = dt.timedelta(hours=12)
SPREAD = dt.timedelta(hours=10)
"""Figures of one day stand side by side across this much of it, around noon, so that none hides another."""


@dataclass(frozen=True)
class Point:
    """A figure on the time axis: `number` is its row in the quantity's table."""

    number: int
    day: dt.date
    undated: bool
    """Placed by its publication day, not an as-of day."""
    low: float | None
    high: float | None
    figure: ReconciledClaim
    at: dt.datetime
    """Where it stands on the axis: within its day, beside the day's other figures."""

    @property
    def value(self) -> float:
        return self.figure.claim.value

    @property
    def verdict(self) -> Verdict:
        return self.figure.verdict


@dataclass(frozen=True)
class Step:
    """The estimate from `day` on; None where no figure was left to estimate from."""

    day: dt.date
    low: float | None
    best: float | None
    high: float | None


def points(rows: Sequence[tuple[int, ReconciledClaim]]) -> list[Point]:
    """The numbered figures with a place on the axis: their as-of day, else their publication day; the
    figures of one day spread around its noon in the order given."""
    dated = [(number, rc, rc.claim.as_of or rc.claim.published) for number, rc in rows]
    dated = [(number, rc, day) for number, rc, day in dated if day is not None]
    per_day = Counter(day for _, _, day in dated)
    seen: Counter = Counter()
    placed = []
    for number, rc, day in dated:
        at = dt.datetime.combine(day, dt.time()) + NOON + _offset(seen[day], per_day[day])
        seen[day] += 1
        placed.append(Point(number, day, rc.claim.as_of is None, finite_or_none(rc.low), finite_or_none(rc.high), rc, at))
    return placed


def _offset(index: int, count: int) -> dt.timedelta:
    """The `index`-th of `count` figures of a day, from noon: evenly across SPREAD."""
    return SPREAD * ((index + 0.5) / count - 0.5) if count > 1 else dt.timedelta()


def span(shown: Sequence[Point], group: QuantityGroup) -> tuple[dt.date, dt.date] | None:
    """The first and last day on the axis, padded; None when nothing has a day."""
    days = [p.day for p in shown] + [s.day for s in group.history]
    return (min(days) - PAD, max(days) + PAD) if days else None


def estimate_steps(group: QuantityGroup, shown: Sequence[Point]) -> list[Step]:
    """The estimate on each day of `group.history`, and a closing step at the right edge; an estimate
    without history (undated figures only) holds across the whole axis."""
    days = span(shown, group)
    if days is None:
        return []
    history = [(s.day, s.estimate) for s in group.history] or [(days[0], group.estimate)]
    steps = [Step(day, finite_or_none(e.low), finite_or_none(e.best), finite_or_none(e.high)) for day, e in history]
    last = steps[-1]
    return steps + [Step(days[1], last.low, last.best, last.high)] if last.day < days[1] else steps


def top(shown: Sequence[Point], steps: Sequence[Step]) -> float:
    """Where the value axis ends: some room above the highest figure, bound or estimate."""
    values = [v for p in shown for v in (p.value, p.low, p.high) if v is not None]
    values += [v for s in steps for v in (s.low, s.best, s.high) if v is not None]
    highest = max(values, default=0.0)
    return highest * HEADROOM if highest > 0 else 1.0


def bar(point: Point, ceiling: float) -> tuple[float, float] | None:
    """The interval bar of a figure, from its low (0 when open below) to its high (the axis top when
    open above); None for a point."""
    low = point.low if point.low is not None else 0.0
    high = point.high if point.high is not None else max(ceiling, point.value)
    return None if low == high else (low, high)
