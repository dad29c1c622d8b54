"""Reconcile claims: group them into quantities and judge every figure against the others.

Pure functions over `Claim` records, no I/O, one module per concern: `intervals` (a claim as an
interval), `figures` (a claim as the verdict rules see it), `grouping` (quantities and their
narrower scopes), `windows` and `timeline` (interval questions over the figures of a quantity),
`verdicts` (the verdict rules), `origins` (the rules that know who produced a figure), `estimate`
(low/best/high over each origin's latest figures), `wording` (the English of
explanations) and `quantities` (`reconcile` itself). The rules are written out for users in
docs/ledger.md, section "How figures are reconciled".
"""

from __future__ import annotations

from karabakh_claims.reconcile.grouping import key_parts, with_only_side
from karabakh_claims.reconcile.intervals import claim_bounds
from karabakh_claims.reconcile.quantities import metric_batches, reconcile
from karabakh_claims.reconcile.wording import cite

__all__ = ["cite", "claim_bounds", "key_parts", "metric_batches", "reconcile", "with_only_side"]
