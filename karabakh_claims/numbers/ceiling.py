"""The ceiling of a claim: the largest figure a claim can state, by unit.

No crisis counts 10^13 people (a thousand times the world's population) or 10^15 in any currency (ten
times the world's yearly product in dollars); a larger figure is a typo, a joke or a hostile input,
and taken as a claim it would swamp every estimate and overflow the arithmetic of the reconciler
("1.7976931348623157e308" is the largest float: a tenth more is infinity). `claims extract` drops it
with a warning and the ledger never reads one back (`ledger.rows`).
"""

from __future__ import annotations

import math

PEOPLE_CEILING = 1e13
"""The largest count of people a claim can state."""
MONEY_CEILING = 1e15
"""The largest amount of money a claim can state, in any currency."""
LARGEST = 1.7976931348623157e308
"""The largest float: a bound the reader computes beyond it is written as this, never as infinity."""


def ceiling(unit: str | None) -> float:
    """The ceiling for a unit: people (or no unit) or money (an ISO 4217 code)."""
    return PEOPLE_CEILING if unit in (None, "people") else MONEY_CEILING


def ceiling_text(unit: str | None) -> str:
    """The ceiling as the warning names it: "10^13 people", "10^15 USD"."""
    power = round(math.log10(ceiling(unit)))
    return f"10^{power} {unit or 'people'}"


def within_ceiling(value: float, low: float | None, high: float | None, unit: str | None) -> bool:
    """Whether a figure and its bounds (None: unbounded) are finite and at most the ceiling of the
    unit either way."""
    top = ceiling(unit)
    return all(-top <= x <= top for x in (value, low, high) if x is not None)


def finite(value: float) -> float:
    """A value the reader computed (a bound with its margin), kept finite: at most the largest float
    either way (NaN is the caller's to refuse)."""
    return max(-LARGEST, min(value, LARGEST))
