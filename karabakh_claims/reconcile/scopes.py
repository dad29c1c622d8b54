"""A claim's scope: the quantity it counts as far as its own fields tell, stored with it in the ledger.

`key_parts` of a claim depends on the claim and the group rules alone, but for one thing: an unsided
current figure takes the side of its metric when every sided figure of it has the same one
(`with_only_side`). The scope is the claim's parts before that step, so it never changes when other
claims come and go; the quantity is the scope with the metric's only side (`effective`), which the
distinct scopes of a ledger are enough to tell. So the claims of the quantities a few articles touch
can be found and reconciled without reading the rest (`jobs.judged`).
"""

from __future__ import annotations

import json
from dataclasses import astuple

from karabakh_claims.config_schema import GroupRules
from karabakh_claims.models import Claim
from karabakh_claims.reconcile.grouping import KeyParts, key_parts


def scope_of(claim: Claim, rules: GroupRules, classes: dict, subsets: dict) -> str:
    """The claim's scope as canonical JSON (`classes` and `subsets` memoize across calls)."""
    return json.dumps(astuple(key_parts(claim, rules, classes, subsets)), ensure_ascii=False)


def parts_of(scope: str) -> KeyParts:
    """The parts a scope was written from."""
    return KeyParts(*json.loads(scope))
