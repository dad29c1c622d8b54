"""The colour and marker of each verdict, one mapping for the report's chart and the PNG plot.

Colours after Okabe and Ito's palette for colour-blind readers, conflicts in red; the markers differ
too, so that a verdict is told without its colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from karabakh_claims.models import Verdict


@dataclass(frozen=True)
class VerdictStyle:
    colour: str
    symbol: str
    """plotly.js marker symbol ("-open" added when hollow)"""
    marker: str
    """matplotlib marker"""
    hollow: bool = False



VERDICT_STYLES: dict[Verdict, VerdictStyle] = {
    Verdict.conflict: VerdictStyle("#d62728", "diamond", "D"),
    Verdict.stale: VerdictStyle("#e69f00", "triangle-down", "v"),
    Verdict.correction: VerdictStyle("#cc79a7", "square", "s"),
    Verdict.retracted: VerdictStyle("#000000", "x", "X"),
    Verdict.agrees: VerdictStyle("#009e73", "circle", "o"),
    Verdict.progression: VerdictStyle("#0072b2", "triangle-up", "^"),
    Verdict.subscope: VerdictStyle("#56b4e9", "circle", "o", hollow=True),
    Verdict.single: VerdictStyle("#6b5b95", "circle", "o"),
    Verdict.vague: VerdictStyle("#999999", "circle", "o", hollow=True),
    Verdict.undated: VerdictStyle("#999999", "circle", "o", hollow=True),
    Verdict.historical: VerdictStyle("#8c6d31", "hexagon", "h"),
    Verdict.projection: VerdictStyle("#b59a00", "star", "*"),
}
"""In legend order: findings first, then the rest."""

VERDICT_ORDER: tuple[Verdict, ...] = tuple(VERDICT_STYLES)
ESTIMATE_LINE = "#0072b2"
ESTIMATE_BAND = "rgba(0, 114, 178, 0.16)"
"""The estimate's band from low to high: the line's blue, light (CSS for plotly.js)."""
ESTIMATE_BAND_RGBA = (0.0, 114 / 255, 178 / 255, 0.16)
"""The same for matplotlib."""
FINDINGS = (Verdict.conflict, Verdict.stale)


def verdict_colour(verdict: Verdict) -> str:
    return VERDICT_STYLES[verdict].colour
