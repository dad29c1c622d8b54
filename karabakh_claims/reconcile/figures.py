"""The figures of one quantity: a claim with its bounds, day, outlet and origin, as the verdict rules see it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from karabakh_claims.models import Claim, Qualifier
from karabakh_claims.reconcile.intervals import INF, claim_bounds
from karabakh_claims.reconcile.wording import cite


@dataclass(slots=True, eq=False)
class Figure:
    """A claim as the verdict rules see it: its bounds, day, outlet (the article, syndicated copies
    counted once) and origin (who produced the figure)."""

    claim: Claim
    core_low: float
    core_high: float
    low: float
    high: float
    day: int | None
    outlet: str
    origin: str
    vague: bool
    order: tuple
    cited: str = ""

    def cite(self) -> str:
        """`cite` of the claim, worked out once."""
        if not self.cited:
            self.cited = cite(self.claim)
        return self.cited

    @property
    def top(self) -> float:
        """The figure's highest stated value (the value itself when open above)."""
        return self.high if self.high != INF else self.core_low

    @property
    def outlet_own(self) -> bool:
        """The text names no one who gave the figure: its origin is the outlet itself."""
        return self.claim.outlet_own()


def make_figure(claim: Claim, margin: float, copies: Mapping[str, str]) -> Figure:
    day = claim.as_of.toordinal() if claim.as_of else None
    published = claim.published.toordinal() if claim.published else 0
    order = (day if day is not None else published, published, claim.file, claim.start)
    vague = claim.qualifier is Qualifier.vague
    outlet = outlet_of(claim.article_id, copies)
    origin = outlet if claim.outlet_own() else claim.origin_name.casefold()
    return Figure(claim, *claim_bounds(claim, margin), day, outlet, origin, vague, order)


def outlet_of(article_id: str, copies: Mapping[str, str]) -> str:
    """The first article of a chain of syndicated copies."""
    if article_id not in copies:
        return article_id
    seen = {article_id}
    while article_id in copies and copies[article_id] not in seen:
        article_id = copies[article_id]
        seen.add(article_id)
    return article_id


def matches(a: Figure, b: Figure) -> bool:
    """Two figures agree when one's interval meets the other's core: a margin counts once, not twice."""
    return (a.low <= b.core_high and b.core_low <= a.high) or (b.low <= a.core_high and a.core_low <= b.high)


def stated_order(f: Figure) -> tuple:
    """(day, or publication day when undated; publication day; file; offset): the order figures were stated in."""
    return f.order
