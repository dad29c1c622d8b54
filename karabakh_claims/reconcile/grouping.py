"""Grouping claims into quantities: what makes two figures the same quantity, and which quantity is part of which."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import product
from operator import attrgetter

from karabakh_claims.config_schema import GroupRules
from karabakh_claims.models import Claim, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.reconcile.wording import subscope_text


@dataclass(frozen=True)
class KeyParts:
    """What makes two figures the same quantity."""

    metric: str
    unit: str | None
    subject: str
    subset: str | None
    side: str | None
    place: str | None
    historical: bool

    def key(self) -> str:
        metric = self.metric if self.unit in (None, "people") else f"{self.metric}[{self.unit}]"
        subject = self.subject if self.subset is None else f"{self.subject}/{self.subset}"
        era = "historical" if self.historical else "current"
        return "|".join([metric, subject, self.side or "-", self.place or "-", era])

    def broader(self, rules: GroupRules) -> Iterator[KeyParts]:
        """Keys of the quantities this one is part of, nearest first."""
        options = product(
            [self.subset, None] if self.subset else [None],
            [self.place, None] if self.place else [None],
            rules.lineage(self.subject),
        )
        candidates = [replace(self, subset=s, place=p, subject=c) for s, p, c in options]
        steps = [(c.subset != self.subset) + (c.place != self.place) + rules.lineage(self.subject).index(c.subject) for c in candidates]
        for _, parts in sorted(((s, c) for s, c in zip(steps, candidates) if s), key=lambda pair: pair[0]):
            yield parts


def subject_class(subject: str | None, metric: str, rules: GroupRules, unit: str | None = "people") -> str:
    """The class of a subject phrase: combatants, civilians, ... or the phrase itself for literal metrics.

    A figure in another unit than people (money) whose subject names no class has class "-".
    """
    text = " ".join((subject or "").lower().split())
    if metric in rules.literal_metrics:
        return text or rules.default_class
    found = [name for name, pattern in rules.class_patterns if pattern.search(text)]
    if not found and unit not in (None, "people"):
        return "-"
    cls = _common_parent(found, rules) if found else rules.default_class
    return rules.folds.get(metric, {}).get(cls, cls)


def _common_parent(classes: list[str], rules: GroupRules) -> str:
    """The nearest class every one of `classes` belongs to, else the default class."""
    lineages = [rules.lineage(c) for c in classes]
    for candidate in lineages[0]:
        if all(candidate in lineage for lineage in lineages):
            return candidate
    return rules.default_class


SUBSET_BEFORE_WORDS = 3
"""A `before` phrase marks a part only within this many words before the number ("including 8")."""


def subset_label(claim: Claim, rules: GroupRules) -> str | None:
    """The label of the part a figure counts ("serious condition"), from the words around it."""
    if rules.any_subset is None or not (rules.any_subset.search(claim.sentence) or rules.any_subset.search(claim.subject or "")):
        return None
    sentence = claim.sentence.lower()
    at = sentence.find(claim.text.lower())
    after = sentence[at + len(claim.text):] if at >= 0 else ""
    before = sentence[:at] if at >= 0 else ""
    after = re.split(r"[\d.,;:!?]", after, maxsplit=1)[0]
    before = " ".join(re.split(r"[\d.,;:!?]", before)[-1].split()[-SUBSET_BEFORE_WORDS:])
    subject = (claim.subject or "").lower()
    for pattern, label in rules.subsets_after:
        if pattern.search(subject) or pattern.search(after):
            return label
    for pattern, label in rules.subsets_before:
        if pattern.search(before):
            return label
    return None


def key_parts(claim: Claim, rules: GroupRules, classes: dict | None = None, subsets: dict | None = None) -> KeyParts:
    """The quantity a claim counts, before unsided figures are given their metric's only side.

    `classes` memoizes subject classes across calls, `subsets` sub-group labels.
    """
    place = " ".join(claim.place.split()) if claim.place else None
    change = f"change {claim.change.value}" if claim.change else None
    memo = classes if classes is not None else {}
    asked = (claim.subject, claim.metric, claim.unit)
    if asked not in memo:
        memo[asked] = subject_class(claim.subject, claim.metric or "", rules, claim.unit)
    subset = change or _memo_subset_label(claim, rules, subsets if subsets is not None else {})
    return KeyParts(
        metric=claim.metric or "",
        unit=claim.unit,
        subject=memo[asked],
        subset=subset,
        side=claim.side,
        place=place.title() if place and place.islower() else place,
        historical=claim.historical,
    )


def _memo_subset_label(claim: Claim, rules: GroupRules, memo: dict) -> str | None:
    """`subset_label`, memoized in `memo` by sentence, figure and subject."""
    asked = (claim.sentence, claim.text, claim.subject)
    if asked not in memo:
        memo[asked] = subset_label(claim, rules)
    return memo[asked]


OnlySides = dict[tuple, str]
"""(metric, unit, historical) -> the one side every sided figure of it has."""


def only_sides(parts: Iterable[KeyParts]) -> OnlySides:
    """The side of each (metric, unit, era) whose sided figures all have one and the same side."""
    sides: dict[tuple, set[str]] = defaultdict(set)
    for p in parts:
        if p.side:
            sides[(p.metric, p.unit, p.historical)].add(p.side)
    return {k: next(iter(v)) for k, v in sides.items() if len(v) == 1}


def effective(parts: KeyParts, only: Mapping[tuple, str], rules: GroupRules) -> KeyParts:
    """The quantity of a figure's own parts: an unsided current figure takes its metric's only side,
    except for metrics whose subject names the actor itself, whose figures are apart anyway."""
    if parts.side or parts.historical or parts.metric in rules.literal_metrics:
        return parts
    return replace(parts, side=only.get((parts.metric, parts.unit, parts.historical)))


def with_only_side(parts: list[KeyParts], rules: GroupRules, only: OnlySides | None = None) -> list[KeyParts]:
    """Unsided current figures take the side of their metric when every sided figure of it has the same
    one (`only`: the sides as a whole ledger gives them, else as these parts give them)."""
    only = only_sides(parts) if only is None else only
    return [effective(p, only, rules) for p in parts]


SCOPE_FIELDS = attrgetter("metric", "unit", "subject", "change", "place", "side", "historical")
"""The fields of a claim that `key_parts` reads, beside those its sub-group label is read from."""


def members(claims: Iterable[Claim], rules: GroupRules, only: OnlySides | None = None) -> dict[KeyParts, list[Claim]]:
    """The claims with a metric by quantity, in the order given (`only`: see `with_only_side`).

    Many claims share the fields their quantity depends on: `key_parts` and `with_only_side` run
    once per distinct combination of them.
    """
    with_metric = [c for c in claims if c.metric]
    subsets: dict = {}
    fields = [(*SCOPE_FIELDS(c), _memo_subset_label(c, rules, subsets)) for c in with_metric]
    firsts: dict[tuple, Claim] = {}
    for f, c in zip(fields, with_metric):
        firsts.setdefault(f, c)
    classes: dict = {}
    parts = with_only_side([key_parts(c, rules, classes, subsets) for c in firsts.values()], rules, only)
    by_parts: dict[KeyParts, list[Claim]] = defaultdict(list)
    lists = {f: by_parts[p] for f, p in zip(firsts, parts)}
    for f, c in zip(fields, with_metric):
        lists[f].append(c)
    return by_parts


NARROWABLE = {Verdict.single, Verdict.undated, Verdict.agrees, Verdict.progression, Verdict.vague}
KEEP_EXPLANATION = {Verdict.agrees, Verdict.progression}


def with_parent(group: QuantityGroup, parts: KeyParts, groups: Mapping[KeyParts, QuantityGroup], rules: GroupRules) -> QuantityGroup:
    """Mark the figures of a narrower place or sub-group as `subscope` of the quantity they belong to."""
    parent = next((groups[p] for p in parts.broader(rules) if p in groups), None)
    if parent is None:
        return group
    text = subscope_text(parts, parent)
    claims = tuple(_narrowed(rc, text) if rc.verdict in NARROWABLE else rc for rc in group.claims)
    return group.model_copy(update={"parent": parent.key, "claims": claims})


def _narrowed(rc: ReconciledClaim, text: str) -> ReconciledClaim:
    if rc.verdict in KEEP_EXPLANATION:
        text = f"{text}; {rc.explanation}"
    return rc.model_copy(update={"verdict": Verdict.subscope, "explanation": text})
