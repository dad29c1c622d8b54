"""The English wording of the reconciler: how a claim is cited, why a figure got its verdict, how the estimate was made."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from karabakh_claims.models import Claim, Estimate, QuantityGroup
from karabakh_claims.numbers.writing import fmt_number

if TYPE_CHECKING:
    from karabakh_claims.reconcile.figures import Figure
    from karabakh_claims.reconcile.grouping import KeyParts
    from karabakh_claims.reconcile.timeline import Timeline

def estimate_rule(cumulative: bool, neutral_first: bool) -> str:
    """How the estimate was made, stated with it."""
    passed = (", less those a later, higher figure of another origin has passed (a count that grew)"
              if cumulative else "")
    first = "an origin of a neutral kind (settings.neutral_kinds) first, then " if neutral_first else ""
    return (
        f"per origin: each origin's figures at its latest as-of date{passed}, leaving out figures that are stale, "
        f"superseded, retracted, projected or vague; best = {first}the latest as-of date, a source named in the "
        "text over the outlet's own statement, the most precise, the latest published; low/high = the lowest "
        "and highest of those figures (a range's ends)"
    )


CONFLICT_NOTE = "; figures of this quantity conflict, so the estimate is not settled"

NO_FIGURE_LEFT = "no figure left: all are stale or superseded"

HISTORICAL_TEXT = "historical figure (an earlier period): kept apart from current figures, not compared"
PROJECTION_TEXT = "projection (a figure expected, feared or planned, not a count): not compared, not in the estimate"


def cite(claim: Claim) -> str:
    """A claim named for an explanation: publisher, figure as written, date, who gave it."""
    who = claim.publisher or Path(claim.file).name
    when = claim.as_of.isoformat() if claim.as_of else "undated"
    per = f", per {claim.source}" if claim.source else ""
    return f'{who} "{claim.text}" ({when}{per})'


def agrees_text(other: Figure, before: Figure | None) -> str:
    """Agreement with a figure of another origin, and the highest figure of an earlier day if given."""
    return f"agrees with {other.cite()}" + (f"; up from {before.cite()}" if before else "")


def undated_text(dated: int) -> str:
    return f"no as-of date: compared only with undated figures, and none matches; {dated} dated figure(s) left aside"


def conflict_text(f: Figure, other: Figure, cumulative: bool, neutral_kinds: frozenset[str] = frozenset()) -> str:
    """Why `f` and `other` disagree, and whose figures they are."""
    return f"{_conflict_kind(f, other, cumulative)}: {f.cite()} vs {other.cite()}{origins_note(f, other, neutral_kinds)}"


def _conflict_kind(f: Figure, other: Figure, cumulative: bool) -> str:
    from karabakh_claims.reconcile.figures import matches  # figures imports this module

    if f.day is None:
        what = "a disagreement between estimates" if not cumulative else "a disagreement"
        return f"{what} among figures without an as-of date"
    if f.day == other.day:
        if matches(f, other):
            return "a soft divergence at the same date (compatible as bounds, apart as counts of that day)"
        return "conflict at the same date" if cumulative else "disagreement between estimates (not a change over time)"
    if not cumulative:
        return "disagreement between estimates a day apart"
    earlier, later = (f, other) if f.day < other.day else (other, f)
    if earlier.low > later.core_high:
        return "a cumulative figure that falls over time without a correction"
    return "figures of two origins a day apart, rising far faster than the quantity grows (two counts, not growth)"


def origins_note(f: Figure, other: Figure, neutral_kinds: frozenset[str]) -> str:
    """The two origins of a conflict and their sides: "; origins: A vs B (sides: X vs Y)"."""
    if f.origin == other.origin:
        return f"; both from one origin: {f.claim.origin_name}"
    sides = _sides(f, other, neutral_kinds)
    return f"; origins: {f.claim.origin_name} vs {other.claim.origin_name}" + (f" ({sides})" if sides else "")


def _sides(f: Figure, other: Figure, neutral_kinds: frozenset[str]) -> str:
    """"sides: X vs Y", "a party (X) vs a neutral body (un_agency)", or nothing."""
    a, b = f.claim, other.claim
    if a.origin_side and b.origin_side:
        return f"sides: {a.origin_side} vs {b.origin_side}" if a.origin_side != b.origin_side else f"both {a.origin_side}"
    for party, neutral in ((a, b), (b, a)):
        if party.origin_side and neutral.origin_kind in neutral_kinds:
            first = f"a party ({party.origin_side})"
            second = f"a neutral body ({neutral.origin_kind.replace('_', ' ')})"
            return f"{first} vs {second}" if party is a else f"{second} vs {first}"
    return ""


def retracted_text(f: Figure) -> str:
    return f"retracted: the text says its origin ({f.claim.origin_name}) denied, disowned or withdrew it; not compared, never the estimate"


def superseded_text(revision: Figure) -> str:
    return f"superseded: the same origin revised it to {revision.cite()}"


def revises_text(earlier: Figure, marked: bool) -> str:
    how = "revises" if marked else "a revision (the text does not say so): below"
    return f"{how} the same origin's earlier {earlier.cite()}"


def stale_text(f: Figure, higher: Figure, timeline: Timeline) -> str:
    latest = timeline.latest()
    tail = f"; latest {latest.cite()}" if latest is not None and latest is not higher and latest is not f else ""
    return f"outdated: {f.cite()} is below {higher.cite()}, reported a day or more earlier{tail}"


def vague_text(f: Figure, timeline: Timeline) -> str:
    text = f'vague figure ("{f.claim.text}"): too loose to agree, conflict or count in a progression'
    latest = timeline.latest() if f.day is not None else None
    return text + (f"; latest {latest.cite()}" if latest is not None and latest is not f else "")


def progression_text(f: Figure, timeline: Timeline, cumulative: bool) -> str:
    before, after = timeline.before(f.day), timeline.after(f.day)
    parts = [f"after {before.cite()}"] if before else []
    parts += [f"before {after.cite()}"] if after else []
    what = "fits a count that grows over time" if cumulative else "the figure changes over time (not a cumulative count)"
    return f"{what}: " + "; ".join(parts)


def single_text(f: Figure, figs: list[Figure]) -> str:
    """Why `f`, one of the quantity's figures `figs`, was compared with none."""
    others = [g for g in figs if g is not f]
    if not others:
        return "the only figure for this quantity: nothing to compare"
    if all(g.outlet == f.outlet for g in others):
        return "repeated only within the same article or its copies: no independent figure to compare"
    return "no other precise figure of this quantity to compare it with"


def subscope_text(parts: KeyParts, parent: QuantityGroup) -> str:
    """Why the figures of quantity `parts` are a narrower scope of `parent`, with its best figure."""
    est = parent.estimate
    best = f"; its best figure is {fmt_number(est.best)} from {est.best_from}" if est.best_from else ""
    return f"narrower scope ({narrowing(parts, parent)}) than {parent.key}{best}"


def narrowing(parts: KeyParts, parent: QuantityGroup) -> str:
    """How quantity `parts` is narrower than `parent`: place, subject class, sub-group."""
    said = []
    if parts.place and parts.place != parent.place:
        said.append(f"place {parts.place}")
    if parts.subject != parent.subject:
        said.append(f"{parts.subject} among {parent.subject}")
    if parts.subset and parts.subset != parent.subset:
        said.append(parts.subset)
    return ", ".join(said)


def parent_context(key: str, estimate: Estimate) -> list:
    """What `subscope_text` reads of a parent quantity besides its parts: what a narrower quantity's
    explanations depend on (stored judgments are read again when it changes)."""
    return [key, estimate.best, estimate.best_from]
