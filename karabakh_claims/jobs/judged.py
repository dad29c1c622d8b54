"""Judgments kept in the ledger: which quantities its claims count, which of them changed since they
were judged, and each quantity's judged figures, read as stored or judged anew (issue 18).

A quantity's judgment (its figures' verdicts and its estimate, before narrower quantities are marked
`subscope`, which `with_parent` does on reading) depends on its claims, the copies, the side its
metric's unsided figures take, and the judge (configuration, code, stale ratio). `refresh` gives
waiting claims their scope and drops what is stored for every quantity a dirty scope counts, under
the only sides before and after; all of a metric's when its only side changed; all when the copies
changed. What a diff output shows of a quantity also depends on its parent's estimate and, in a
table, on its historical twin being shown: the output parts carry that context (`context`).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from karabakh_claims import __version__
from karabakh_claims.config import Config
from karabakh_claims.config_schema import GroupRules
from karabakh_claims.jobs.reconciling import reconcile_claims, scope_digest
from karabakh_claims.ledger import Ledger
from karabakh_claims.ledger.judged import pack
from karabakh_claims.models import Estimate, QuantityGroup
from karabakh_claims.reconcile.grouping import KeyParts, OnlySides, effective, only_sides, with_parent
from karabakh_claims.reconcile.scopes import parts_of, scope_of
from karabakh_claims.reconcile.wording import parent_context
from karabakh_claims.render.progress import Step, no_step

PACKAGE = Path(__file__).resolve().parent.parent
ONLY_SIDES = "only_sides"


@cache
def code_digest() -> str:
    """A short hash of the package's own files (code and data): what another build stored is not reused."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".toml"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Quantity:
    """A quantity of the ledger: its parts (with its metric's only side) and the scopes that count it."""

    parts: KeyParts
    scopes: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.parts.key()


class Quantities:
    """The ledger's quantities as its scopes' claim counts give them, in key order."""

    def __init__(self, scopes: Iterable[str], rules: GroupRules, stamp: str):
        parts = {scope: parts_of(scope) for scope in scopes}
        self.only: OnlySides = only_sides(parts.values())
        self.rules, self.stamp = rules, stamp
        members: dict[KeyParts, list[str]] = defaultdict(list)
        for scope, p in parts.items():
            members[effective(p, self.only, rules)].append(scope)
        self.by_parts = {p: Quantity(p, tuple(sorted(members[p]))) for p in sorted(members, key=KeyParts.key)}
        self.of_scope = {scope: q for q in self.by_parts.values() for scope in q.scopes}

    def of_metrics(self, metrics: Iterable[str]) -> list[Quantity]:
        wanted = set(metrics)
        return [q for q in self.by_parts.values() if q.parts.metric in wanted]

    def parent(self, quantity: Quantity) -> Quantity | None:
        """The nearest broader quantity the ledger holds, as `with_parent` finds it."""
        return next((self.by_parts[p] for p in quantity.parts.broader(self.rules) if p in self.by_parts), None)

    def twin(self, quantity: Quantity) -> Quantity | None:
        """The historical quantity of a current one's metric, group, side and place."""
        if quantity.parts.historical:
            return None
        return self.by_parts.get(replace(quantity.parts, historical=True))


def _only_json(only: OnlySides) -> str:
    return json.dumps(sorted([*triple, side] for triple, side in only.items()))


def _only_from(text: str | None) -> OnlySides:
    return {tuple(row[:3]): row[3] for row in json.loads(text or "[]")}


def refresh(ledger: Ledger, config: Config) -> Quantities | None:
    """Give waiting claims their scope and drop the stored judgments their changes touch, in one write
    transaction when there is anything to do; the ledger's quantities after, or None when there was
    something to do and the ledger could not be written (read-only, or another process writing)."""
    rules, classes, subsets = config.groups, {}, {}
    done = ledger.refresh_scopes(scope_digest(config), lambda claim: scope_of(claim, rules, classes, subsets),
                                 lambda dirty, scopes: _drop_touched(ledger, rules, dirty, scopes))
    if done is None:
        return None
    scopes, stamp = done
    return Quantities(scopes, rules, stamp)


def _drop_touched(ledger: Ledger, rules: GroupRules, dirty: list[str], scopes: Iterable[str]) -> None:
    """Drop what is stored for the quantities the `dirty` scopes count and for every quantity of a
    metric whose only side changed. (A quantity under the only sides before is then dropped too: a
    sided scope counts the same quantity under both, and an unsided one only differs where its
    metric's only side changed.)"""
    parts = {scope: parts_of(scope) for scope in scopes}
    only, before = only_sides(parts.values()), _only_from(ledger.judged_state(ONLY_SIDES))
    changed = {triple[0] for triple in set(only) | set(before) if only.get(triple) != before.get(triple)}
    touched = [parts_of(scope) for scope in dirty] + [p for p in parts.values() if p.metric in changed]
    ledger.drop_quantities({effective(p, only, rules).key() for p in touched})
    ledger.set_judged_state(ONLY_SIDES, _only_json(only))


class Judgments:
    """The judged quantities of one judge: stored ones read, the others judged from their claims and,
    with `keep`, kept to be saved (`fresh`)."""

    def __init__(self, ledger: Ledger, config: Config, quantities: Quantities, *, stale_ratio: float | None = None,
                 step: Step = no_step, keep: bool = True):
        self.ledger, self.config, self.quantities, self.step = ledger, config, quantities, step
        self.stale_ratio, self.keep = stale_ratio, keep
        parts = [__version__, code_digest(), config.digest, stale_ratio or config.metrics.settings.stale_ratio]
        self.judge = hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()[:16]
        self.estimates: dict[str, Estimate] = {}
        self.judged: dict[str, QuantityGroup] = {}
        self.fresh: list[tuple[str, str, bytes]] = []
        self._copies: dict[str, str] | None = None

    def prepare(self, quantities: list[Quantity]) -> None:
        """Know the estimate of each of `quantities` and of their parents, judging those not stored."""
        wanted = {q.key: q for q in quantities}
        wanted.update((p.key, p) for q in quantities if (p := self.quantities.parent(q)) is not None)
        missing = [key for key in wanted if key not in self.estimates]
        stored = self.ledger.judged_estimates(self.judge, missing)
        self.estimates.update((key, Estimate.model_validate_json(text)) for key, text in stored.items())
        for key in missing:
            if key not in stored:
                self._judge(wanted[key])

    def _judge(self, quantity: Quantity) -> None:
        if self._copies is None:
            self._copies = self.ledger.copies()
        claims = self.ledger.scope_claims(quantity.scopes)
        (group,) = reconcile_claims(claims, self.config, self._copies, stale_ratio=self.stale_ratio,
                                    only=self.quantities.only, parts=quantity.parts,
                                    on_judged=self.step(f"reconciling figures: {quantity.key}", len(claims)))
        self.judged[quantity.key], self.estimates[quantity.key] = group, group.estimate
        if self.keep:
            self.fresh.append((quantity.key, group.estimate.model_dump_json(), pack(group.model_dump_json())))

    def context(self, quantity: Quantity) -> list:
        """What a quantity's judged figures read of other quantities: its parent's key and estimate."""
        parent = self.quantities.parent(quantity)
        return parent_context(parent.key, self.estimates[parent.key]) if parent else []

    def raw(self, quantity: Quantity) -> QuantityGroup:
        """The quantity judged, before narrower quantities are marked: as stored, else judged now."""
        if quantity.key not in self.judged:
            stored = self.ledger.judged_group(self.judge, quantity.key)
            if stored is not None:
                return QuantityGroup.model_validate_json(stored)
            self._judge(quantity)
        return self.judged.pop(quantity.key)

    def group(self, quantity: Quantity) -> QuantityGroup:
        """The quantity judged, its figures marked `subscope` when the ledger holds a broader one."""
        group = self.raw(quantity)
        parent = self.quantities.parent(quantity)
        if parent is None:
            return group
        stub = _stub(parent, self.estimates[parent.key])
        return with_parent(group, quantity.parts, {parent.parts: stub}, self.quantities.rules)


def _stub(quantity: Quantity, estimate: Estimate) -> QuantityGroup:
    """A quantity without its figures: what `with_parent` reads of a parent."""
    p = quantity.parts
    return QuantityGroup(key=quantity.key, metric=p.metric, unit=p.unit, subject=p.subject, subset=p.subset,
                         side=p.side, place=p.place, historical=p.historical, estimate=estimate, claims=())


def reconcile_touched(ledger: Ledger, config: Config, articles: Iterable[str], quantities: Iterable[str] = (), *,
                      step: Step = no_step) -> list[QuantityGroup] | None:
    """The quantities that the claims of `articles` count, and those keyed `quantities`, each as
    `reconcile_ledger` judges it (read as stored where its claims have not changed, else judged from
    them alone), but that a narrower quantity is not marked `subscope` unless its parent is among
    them; None when the judgments cannot be brought up to date (`refresh`). Nothing is stored: a
    check stays quick."""
    found = refresh(ledger, config)
    if found is None:
        return None
    keys = set(quantities)
    judgments = Judgments(ledger, config, found, step=step, keep=False)
    with ledger.snapshot():
        if ledger.stamp() != found.stamp:
            return None
        touched = {found.of_scope[scope] for scope in ledger.article_scopes(articles) if scope in found.of_scope}
        wanted = touched | {q for q in found.by_parts.values() if q.key in keys}
        groups = {q.parts: judgments.raw(q) for q in sorted(wanted, key=lambda q: q.key)}
    return [with_parent(groups[p], p, groups, config.groups) for p in groups]
