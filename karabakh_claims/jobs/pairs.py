"""Scores the reconciler against pairs of gold figures that must, or must not, be reported as
disagreeing (`conflict_pairs.jsonl` of a development set; the rule of fixtures/dev/README.md).

A figure is found by file name, metric and value (within 0.5%, or equal to the found figure's low or
high). A `must` pair holds when both figures are found in one quantity and at least one of them carries
a disagreeing verdict; a `must_not` pair fails when one of them carries a disagreeing verdict whose
explanation cites the other's text in quotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath

from karabakh_claims.jobs.jsonlines import read_records
from karabakh_claims.models import GoldPair, PairFigure, PairScore, QuantityGroup, ReconciledClaim, Verdict

VALUE_TOLERANCE = 0.005
"""A found figure is the gold one within this share of the gold value (the gold sets' rule)."""
AGREEING = frozenset({Verdict.agrees, Verdict.progression, Verdict.subscope, Verdict.historical, Verdict.vague,
                      Verdict.single, Verdict.undated, Verdict.projection})
"""Verdicts that do not say two figures disagree; every other verdict does."""

Found = tuple[str, ReconciledClaim]
"""A figure found in the reconciled quantities: the key of its quantity, and the figure."""


def read_pairs(path: str | Path) -> list[GoldPair]:
    """The pairs of a JSON Lines file; a line that is not a pair is one error naming its line."""
    return read_records(path, GoldPair, "a conflict pair")


def found(figure: PairFigure, groups: Iterable[QuantityGroup]) -> list[Found]:
    """Every judged figure that is this gold figure."""
    return [(group.key, rc) for group in groups for rc in group.claims if _is(figure, rc)]


def _is(figure: PairFigure, rc: ReconciledClaim) -> bool:
    claim = rc.claim
    if PurePath(claim.file).name != figure.file or claim.metric != figure.metric:
        return False
    return near(claim.value, figure.value) or figure.value in {claim.low, claim.high}


def near(value: float, gold: float) -> bool:
    """Whether a figure is the gold value within VALUE_TOLERANCE of it."""
    return abs(value - gold) <= VALUE_TOLERANCE * abs(gold)


def disagrees(rc: ReconciledClaim) -> bool:
    return rc.verdict not in AGREEING


def must_holds(a: Sequence[Found], b: Sequence[Found]) -> bool:
    """Both found in one quantity, one of them disagreeing."""
    return any(ka == kb and (disagrees(ra) or disagrees(rb)) for ka, ra in a for kb, rb in b)


def must_not_fails(a: Sequence[Found], b: Sequence[Found]) -> bool:
    """One of them disagreeing with an explanation that cites the other's text in quotes."""
    return any(_cites(ra, rb) or _cites(rb, ra) for _, ra in a for _, rb in b)


def _cites(judged: ReconciledClaim, other: ReconciledClaim) -> bool:
    return disagrees(judged) and f'"{other.claim.text}"' in judged.explanation


def score_pairs(pairs: Iterable[GoldPair], groups: Sequence[QuantityGroup]) -> PairScore:
    """How many `must` pairs hold and how many `must_not` pairs do not fail; the ones that miss."""
    held, kept, wrong = 0, 0, []
    musts = must_nots = 0
    for pair in pairs:
        a, b = found(pair.a, groups), found(pair.b, groups)
        if pair.kind == "must":
            musts += 1
            ok = must_holds(a, b)
            held += ok
        else:
            must_nots += 1
            ok = not must_not_fails(a, b)
            kept += ok
        if not ok:
            wrong.append(pair)
    return PairScore(must=musts, must_held=held, must_not=must_nots, must_not_held=kept, wrong=wrong)
