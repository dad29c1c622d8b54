"""A quantity's figures by origin: who gave which figure when, and where an origin revised its own."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from karabakh_claims.models import OriginFigures, QuantityGroup, ReconciledClaim, Revision, Verdict

NOT_COUNTS = frozenset({Verdict.vague, Verdict.projection, Verdict.historical, Verdict.stale})
"""Figures that revise nothing and are revised by nothing: vague words, projections, figures of an
earlier period, and stale ones (an old figure repeated, not a new one)."""


def by_origin(group: QuantityGroup) -> tuple[OriginFigures, ...]:
    """One block per origin, in the order of their first figure; names that differ only in case or
    spacing ("The interior ministry", "the interior ministry") are one origin."""
    blocks: dict[str, list[ReconciledClaim]] = {}
    for rc in group.claims:
        blocks.setdefault(" ".join(rc.claim.origin_name.casefold().split()), []).append(rc)
    return tuple(origin_figures(figures) for figures in blocks.values())


def origin_figures(figures: Sequence[ReconciledClaim]) -> OriginFigures:
    """One origin's block: its name as first written, the first kind and side known, its revisions."""
    claims = [rc.claim for rc in figures]
    return OriginFigures(
        origin=claims[0].origin_name,
        kind=next((c.origin_kind for c in claims if c.origin_kind), None),
        side=next((c.origin_side for c in claims if c.origin_side), None),
        figures=tuple(figures),
        revisions=revisions(figures),
    )


def revisions(figures: Sequence[ReconciledClaim]) -> tuple[Revision, ...]:
    """Each step between an origin's successive dated counts (as-of order) whose value went down, or
    that the reconciler judged a correction; a repeat of the same value is no step."""
    counts = [rc for rc in figures if rc.claim.as_of is not None and rc.verdict not in NOT_COUNTS]
    return tuple(
        Revision(before=before, after=after)
        for before, after in pairwise(counts)
        if after.claim.value != before.claim.value
        and (after.claim.value < before.claim.value or Verdict.correction in (before.verdict, after.verdict))
    )
