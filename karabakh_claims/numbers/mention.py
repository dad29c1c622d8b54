"""The mention being built: a number phrase while the reader extends it, before it becomes a
``QuantitySpan``; also the kinds that state an amount and the bounds of a vague word."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from karabakh_claims.models import Change, Qualifier


class Bounds(NamedTuple):
    """The bounds a vague number word stands for, and the base it counts in."""

    low: float
    high: float
    base: float


NUMERIC_KINDS: frozenset[str] = frozenset({"cardinal", "money", "percent"})
"""The kinds that state an amount (dates, times, years, ordinals and labels do not)."""


@dataclass
class Mention:
    """A number phrase while it is being read; becomes a QuantitySpan at the end."""

    start: int
    end: int
    kind: str
    value: float
    bare: bool = False
    scale: float = 1.0
    raw: float | None = None
    unit: str | None = None
    qualifier: Qualifier = Qualifier.exact
    change: Change | None = None
    low: float | None = None
    high: float | None = None
    vague: Bounds | None = None
    weak_change: Change | None = None
    by_before: bool = False
    tags: set[str] = field(default_factory=set)
