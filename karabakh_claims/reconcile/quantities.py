"""Reconcile claims: group them into quantities, judge every figure, estimate each quantity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping

from karabakh_claims.config_schema import GroupRules
from karabakh_claims.models import Claim, Estimate, EstimateStep, QuantityGroup, ReconciledClaim, Verdict, trusted
from karabakh_claims.reconcile.estimate import estimate
from karabakh_claims.reconcile.figures import Figure, make_figure, stated_order
from karabakh_claims.reconcile.grouping import KeyParts, OnlySides, members, with_parent
from karabakh_claims.reconcile.intervals import INF
from karabakh_claims.reconcile.verdicts import Policy, judge


def reconcile(
    claims: Iterable[Claim],
    *,
    cumulative_metrics: Collection[str],
    per_origin_metrics: Collection[str] = (),
    stale_ratio: float = 1.2,
    about_margin: float = 0.1,
    copies: Mapping[str, str] | None = None,
    rules: GroupRules,
    neutral_kinds: Collection[str] = (),
    prefer_neutral: bool = False,
    jump_factor: float = 2.0,
    only: OnlySides | None = None,
    parts: KeyParts | None = None,
    history: bool = False,
    on_judged: Callable[[int], None] = lambda figures: None,
) -> list[QuantityGroup]:
    """Group claims into quantities and judge every figure; claims without a metric are left out.

    `copies` maps an article id to the article it is a syndicated copy of (Article.copy_of);
    `neutral_kinds` are the origin kinds that are no party to the conflict (a conflict names them,
    the estimate prefers them when `prefer_neutral`); `jump_factor`: how many times a quantity's average
    daily growth two origins' figures a day apart may differ by before they conflict; `only`: the sides
    unsided figures take as a whole ledger gives them, when `claims` are only some of its claims
    (`with_only_side`); `parts`: the quantity every claim counts, when the caller knows it (claims read
    by their scopes), so that they are not grouped again; `history`: also the estimate on each as-of
    day (`QuantityGroup.history`, for charts); `on_judged` is called with the number of figures of each
    quantity once it is judged (progress).
    """
    quantities = members(claims, rules, only) if parts is None else _all_of(parts, claims)
    groups = {}
    for p, cs in quantities.items():
        policy = Policy(p.metric in cumulative_metrics, rules, stale_ratio, about_margin, frozenset(neutral_kinds),
                        prefer_neutral, p.metric in per_origin_metrics, jump_factor)
        groups[p] = _judge_group(p, cs, policy, copies or {}, history)
        on_judged(len(cs))
    return [with_parent(groups[p], p, groups, rules) for p in sorted(groups, key=KeyParts.key)]


def _all_of(parts: KeyParts, claims: Iterable[Claim]) -> dict[KeyParts, list[Claim]]:
    """The claims of one known quantity, as `members` would give them (none without a metric)."""
    counted = [c for c in claims if c.metric]
    return {parts: counted} if counted else {}


def metric_batches(metrics: Iterable[str]) -> list[list[str]]:
    """The metrics in the order of their quantities' keys, in batches that can be reconciled one
    after the other and still list every quantity in key order.

    A quantity belongs to one metric and its key starts with the metric's name, then "|" or "[", so
    only a metric whose name starts with another's ("killed", "killed_civilians") can have keys among
    the other's, and they go in one batch.
    """
    batches: list[list[str]] = []
    for metric in sorted(set(metrics)):
        if batches and metric.startswith(batches[-1][0]):
            batches[-1].append(metric)
        else:
            batches.append([metric])
    return batches


def _judge_group(parts: KeyParts, claims: list[Claim], policy: Policy, copies: Mapping[str, str],
                 history: bool = False) -> QuantityGroup:
    """The quantity `parts` with its claims judged and its estimate (on each as-of day too, with `history`)."""
    figs = sorted((make_figure(c, policy.margin, copies) for c in claims), key=_display_order)
    verdicts, excluded = judge(figs, policy)
    final = _estimate(figs, verdicts, excluded, policy)
    reconciled = tuple(
        trusted(ReconciledClaim, {"claim": f.claim, "low": _finite(f.low), "high": _finite(f.high), "verdict": v, "explanation": text})
        for f, (v, text) in zip(figs, verdicts)
    )
    return trusted(QuantityGroup, {
        "key": parts.key(),
        "metric": parts.metric,
        "unit": parts.unit,
        "subject": parts.subject,
        "subset": parts.subset,
        "side": parts.side,
        "place": parts.place,
        "historical": parts.historical,
        "cumulative": policy.cumulative,
        "parent": None,
        "estimate": final,
        "claims": reconciled,
        "history": _history(figs, final, policy) if history else (),
    })


def _estimate(figs: list[Figure], verdicts: list[tuple[Verdict, str]], excluded: set[int], policy: Policy) -> Estimate:
    return estimate(figs, excluded, any(v is Verdict.conflict for v, _ in verdicts), cumulative=policy.cumulative,
                    neutral_kinds=policy.neutral_kinds, prefer_neutral=policy.prefer_neutral)


def _history(figs: list[Figure], final: Estimate, policy: Policy) -> tuple[EstimateStep, ...]:
    """The estimate on each as-of day of the figures: over those as of that day or earlier and the undated
    ones, judged among themselves, as the reconciler would have judged them then; the last is `final`."""
    days = sorted({f.day for f in figs if f.day is not None})
    steps = []
    for day in days[:-1]:
        known = [f for f in figs if f.day is None or f.day <= day]
        verdicts, excluded = judge(known, policy)
        steps.append(EstimateStep(day=dt.date.fromordinal(day), estimate=_estimate(known, verdicts, excluded, policy)))
    if days:
        steps.append(EstimateStep(day=dt.date.fromordinal(days[-1]), estimate=final))
    return tuple(steps)


def _display_order(f: Figure) -> tuple:
    """Dated figures by as-of day, then the undated ones, each in the order they were stated."""
    return (f.day is None, f.day or 0, stated_order(f)[1:])


def _finite(x: float) -> float | None:
    return None if x in (INF, -INF) else x
