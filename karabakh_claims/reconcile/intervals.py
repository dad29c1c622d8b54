"""A claim as an interval: the core its text states and the slack of an approximation around it."""

from __future__ import annotations

import math
from functools import lru_cache

from karabakh_claims.models import Claim, Qualifier
from karabakh_claims.numbers.writing import clean_float

INF = math.inf
ROUND_FROM = 1000
"""An exact figure that is a multiple of this is read as rounded (see `claim_bounds`)."""


def rounding_margin(value: float, margin: float) -> float:
    """Half the unit a round exact figure is rounded to (28,000 -> 500), at most `margin` of it."""
    if value < ROUND_FROM or value != int(value) or value % ROUND_FROM:
        return 0.0
    unit = ROUND_FROM
    while value % (unit * 10) == 0:
        unit *= 10
    return min(unit / 2, margin * value)


def claim_bounds(claim: Claim, margin: float = 0.1) -> tuple[float, float, float, float]:
    """(core low, core high, low, high) of a claim; the core leaves out approximation margins (see `bounds`)."""
    return bounds(claim.value, claim.qualifier, claim.low, claim.high, margin)


@lru_cache(maxsize=65536, typed=True)
def bounds(v: float, q: Qualifier, low: float | None, high: float | None, margin: float) -> tuple[float, float, float, float]:
    """(core low, core high, low, high) of a figure `v` with qualifier `q` and bounds `low`, `high`.

    The core is what the text states: the value itself for exact, about and nearly figures, the
    stated bounds for ranges, vague words and open figures (more_than/at_least open above,
    less_than/up_to open below). The outer interval adds the slack of an approximation: about is
    the reader's bounds (else +-margin); nearly is [value*(1-margin), value]; a round exact figure
    (100,000) is rounded, +-half its unit, at most +-margin, whatever bounds the reader set.
    """
    if q in (Qualifier.more_than, Qualifier.at_least, Qualifier.vague, Qualifier.range):
        core = (clean_float(v if low is None else low), INF if high is None else clean_float(high))
        return core + core
    if q in (Qualifier.less_than, Qualifier.up_to):
        core = (-INF if low is None else clean_float(low), clean_float(v if high is None else high))
        return core + core
    if q is Qualifier.about:
        return v, v, clean_float(v * (1 - margin) if low is None else low), clean_float(v * (1 + margin) if high is None else high)
    if q is Qualifier.nearly:
        return v, v, clean_float(v * (1 - margin) if low is None else low), clean_float(v if high is None else high)
    slack = rounding_margin(v, margin)
    return v, v, clean_float(min(v - slack, v if low is None else low)), clean_float(max(v + slack, v if high is None else high))
