"""Numbers written for reading, the reverse of the number reader: 100632 -> "100,632"."""

from __future__ import annotations

import math


def clean_float(value: float) -> float:
    """A value without float noise: 110000.00000000001 -> 110000."""
    rounded = round(value, 6)
    return float(round(rounded)) if abs(rounded - round(rounded)) < 1e-6 else rounded


def fmt_number(value: float | None) -> str:
    """A figure for reading: 100,632; 2.5; 1,234.57; ∞."""
    if value is None:
        return "-"
    if value in (math.inf, -math.inf):
        return "∞" if value > 0 else "-∞"
    value = clean_float(value)
    if value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
