"""A claim's scope: the quantity it counts as far as its own fields tell, stored with it in the ledger.

`key_parts` of a claim depends on the claim and the group rules alone, but for one thing: an unsided
current figure takes the side of its metric when every sided figure of it has the same one
(`with_only_side`). The scope is the claim's parts before that step, so it never changes when other
claims come and go; the quantity is the scope with the metric's only side (`effective`), which the
distinct scopes of a ledger are enough to tell. So the claims of the quantities a few articles touch
can be found and reconciled without reading the rest (`touched_scopes`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import astuple

from karabakh_claims.config_schema import GroupRules
from karabakh_claims.models import Claim
from karabakh_claims.reconcile.grouping import KeyParts, OnlySides, effective, key_parts, only_sides


def scope_of(claim: Claim, rules: GroupRules, classes: dict, subsets: dict) -> str:
    """The claim's scope as canonical JSON (`classes` and `subsets` memoize across calls)."""
    return json.dumps(astuple(key_parts(claim, rules, classes, subsets)), ensure_ascii=False)


def parts_of(scope: str) -> KeyParts:
    """The parts a scope was written from."""
    return KeyParts(*json.loads(scope))


def touched_scopes(scopes: Iterable[str], touched: Collection[str], quantities: Collection[str],
                   rules: GroupRules) -> tuple[list[str], OnlySides]:
    """Of a ledger's distinct `scopes`, those whose quantity is a quantity of a `touched` scope or one of
    the quantity keys `quantities`; with the only sides the whole ledger gives."""
    parts = {scope: parts_of(scope) for scope in scopes}
    only = only_sides(parts.values())
    keys = {scope: effective(p, only, rules).key() for scope, p in parts.items()}
    wanted = {keys[scope] for scope in touched if scope in keys} | set(quantities)
    return sorted(scope for scope, key in keys.items() if key in wanted), only
