"""The verdict rules: how every figure of one quantity is judged against the others."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from karabakh_claims.config_schema import GroupRules
from karabakh_claims.models import Verdict
from karabakh_claims.reconcile import wording
from karabakh_claims.reconcile.figures import Figure, matches, stated_order
from karabakh_claims.reconcile.origins import (
    SeriesFindings,
    jump_conflicts,
    origin_series,
    outlet_stale,
    soft_conflicts,
)
from karabakh_claims.reconcile.timeline import Timeline, earlier_higher, later_lower
from karabakh_claims.reconcile.windows import WindowIndex, day_indexes, window_conflicts, window_days


@dataclass(frozen=True)
class Policy:
    """How one quantity's figures are judged: a cumulative count or not, and the settings of the metrics file."""

    cumulative: bool
    rules: GroupRules
    stale_ratio: float = 1.2
    margin: float = 0.1
    neutral_kinds: frozenset[str] = frozenset()
    prefer_neutral: bool = True
    per_origin: bool = False
    jump_factor: float = 2.0


@dataclass
class Judgement:
    """The verdicts of one quantity's figures, worked out step by step."""

    figs: list[Figure]
    policy: Policy
    marked: set[int] = field(default_factory=set)
    inferred: list[Figure] = field(default_factory=list)
    _indexes: dict | None = None
    verdicts: dict[int, tuple[Verdict, str]] = field(default_factory=dict)
    superseded: dict[int, Figure] = field(default_factory=dict)
    revising: dict[int, Figure] = field(default_factory=dict)
    stale: dict[int, Figure] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[int, Figure]:
        return {id(f): f for f in self.figs}

    def active(self) -> list[Figure]:
        return [f for f in self.figs if id(f) not in self.superseded]

    def comparable(self) -> list[Figure]:
        """Figures that may set others in conflict: not superseded, stale or vague."""
        return [f for f in self.active() if id(f) not in self.stale and not f.vague]

    def find_corrections(self) -> None:
        pattern = self.policy.rules.correction_pattern
        if pattern is None:
            return
        marked = [f for f in self.figs if _marks_correction(pattern, f.claim.sentence)]
        if not marked:
            return
        by_article, by_origin = defaultdict(list), defaultdict(list)
        for f in self.figs:
            by_article[f.claim.article_id].append(f)
            by_origin[f.origin].append(f)
        for a in marked:
            same = {id(b): b for b in by_article[a.claim.article_id] + by_origin.get(a.origin, [])}.values()
            earlier = [b for b in same if _before(b, a) and not matches(a, b)]
            if earlier:
                b = max(earlier, key=stated_order)
                self.superseded[id(b)] = a
                self.revising[id(a)] = b
                self.marked.add(id(a))

    def find_series(self) -> None:
        """Cumulative only: each origin's revisions and the outlets repeating an older figure (origins.py)."""
        found = SeriesFindings(self.stale, self.superseded, self.revising)
        before = set(self.superseded)
        origin_series(self.active(), self.policy.stale_ratio, found)
        self.inferred = [f for f in self.figs if id(f) in self.superseded and id(f) not in before]
        outlet_stale([f for f in self.active() if id(f) not in self.stale], self.policy.stale_ratio, self.stale)

    def conflicts(self, pool: Sequence[Figure]) -> dict[int, Figure]:
        """For each of the comparable figures `pool`, one it cannot meet (see docs/ledger.md)."""
        dated = [f for f in pool if f.day is not None]
        undated = [f for f in pool if f.day is None]
        found = window_conflicts(undated, {None: WindowIndex(undated)}, (0,))
        found.update(soft_conflicts(dated, self.policy.margin))
        if self.policy.cumulative:
            found.update(jump_conflicts(dated, self.policy.jump_factor, self.indexes(pool)))
            found.update(earlier_higher(dated))
            found.update(later_lower(dated))
            found.update(self._same_day_with_revised(dated))
        else:
            found.update(window_conflicts(dated, day_indexes(dated), (-1, 0, 1)))
        return {key: other for key, other in found.items() if self._comparable(self.by_id[key], other)}

    def indexes(self, pool: Sequence[Figure]) -> dict[int | None, WindowIndex]:
        """`day_indexes` of the comparable figures, built once for the rules that share them."""
        if self._indexes is None:
            self._indexes = day_indexes(pool)
        return self._indexes

    def _same_day_with_revised(self, dated: Sequence[Figure]) -> dict[int, Figure]:
        """A figure an origin later revised without saying so still disagrees with the figures of its
        own day: the revision supersedes it for later days only."""
        revised = [f for f in self.inferred if f.day is not None]
        if not revised:
            return {}
        days = {f.day for f in revised}
        figs = [f for f in dated if f.day in days] + revised
        return window_conflicts(figs, day_indexes(figs), (0,))

    def _comparable(self, a: Figure, b: Figure) -> bool:
        """Whether a disagreement of `a` and `b` is a conflict: not one report's two scopes, not two
        origins of a metric whose origins count things of their own (`per_origin`)."""
        return not _one_report(a, b) and not (self.policy.per_origin and a.origin != b.origin)

    def agreements(self, pool: Sequence[Figure]) -> dict[int, Figure]:
        """For each of the comparable figures `pool`, one of another outlet whose interval meets it within a day."""
        indexes = self.indexes(pool)
        found = {}
        for a in pool:
            for day in window_days(a.day, (-1, 0, 1)):
                hit = indexes[day].matching(a) if day in indexes else None
                if hit is not None:
                    found[id(a)] = hit
                    break
        return found


def _one_report(a: Figure, b: Figure) -> bool:
    """Two figures one origin gives for the same day in one article (or its copies): taken as two
    scopes the text did not tell apart (a sub-count, an increment, another group), never a conflict."""
    return a.outlet == b.outlet and a.origin == b.origin and a.day == b.day


@lru_cache(maxsize=65536)
def _marks_correction(pattern: re.Pattern[str], sentence: str) -> bool:
    """Whether a sentence holds a correction marker (many figures share a sentence)."""
    return pattern.search(sentence) is not None


def _before(b: Figure, a: Figure) -> bool:
    return stated_order(b) < stated_order(a)


def judge(figs: list[Figure], policy: Policy) -> tuple[list[tuple[Verdict, str]], set[int]]:
    """The verdict and explanation of each figure of one quantity, in the order given,
    and the ids of the figures an estimate leaves out (stale, superseded, retracted, projected)."""
    if figs and figs[0].claim.historical:
        return [(Verdict.historical, wording.HISTORICAL_TEXT)] * len(figs), set()
    aside = {id(f): _aside(f) for f in figs if f.claim.retracted or f.claim.projection}
    if aside:
        return _set_aside(figs, aside, policy)
    j = Judgement(figs, policy)
    j.find_corrections()
    if policy.cumulative:
        j.find_series()
    pool = j.comparable()
    conflicts, agreements = j.conflicts(pool), j.agreements(pool)
    timeline = Timeline([f for f in pool if f.day is not None])
    verdicts = [_verdict(f, j, conflicts, agreements, timeline) for f in figs]
    return verdicts, set(j.stale) | set(j.superseded)


def _aside(f: Figure) -> tuple[Verdict, str]:
    """The verdict of a figure never compared: one its origin withdrew, or a projection."""
    if f.claim.retracted:
        return Verdict.retracted, wording.retracted_text(f)
    return Verdict.projection, wording.PROJECTION_TEXT


def _set_aside(figs: list[Figure], aside: dict[int, tuple[Verdict, str]], policy: Policy) -> tuple[list[tuple[Verdict, str]], set[int]]:
    """Retracted figures and projections ("could rise to 10,000") are never compared nor taken for the
    estimate; the counts are judged among themselves."""
    counted, excluded = judge([f for f in figs if id(f) not in aside], policy)
    verdicts = iter(counted)
    judged = [aside[id(f)] if id(f) in aside else next(verdicts) for f in figs]
    return judged, excluded | set(aside)


def _verdict(f: Figure, j: Judgement, conflicts: Mapping[int, Figure], agreements: Mapping[int, Figure],
             timeline: Timeline) -> tuple[Verdict, str]:
    """The verdict of one figure, the first rule that holds, with its explanation."""
    key = id(f)
    if key in j.superseded:
        return Verdict.correction, wording.superseded_text(j.superseded[key])
    if key in conflicts:
        return Verdict.conflict, wording.conflict_text(f, conflicts[key], j.policy.cumulative, j.policy.neutral_kinds)
    if key in j.revising:
        return Verdict.correction, wording.revises_text(j.revising[key], key in j.marked)
    if key in j.stale:
        return Verdict.stale, wording.stale_text(f, j.stale[key], timeline)
    if f.vague:
        return Verdict.vague, wording.vague_text(f, timeline)
    if key in agreements:
        before = timeline.before(f.day) if f.day is not None and j.policy.cumulative else None
        return Verdict.agrees, wording.agrees_text(agreements[key], before)
    if f.day is not None and timeline.has_other_day(f.day):
        return Verdict.progression, wording.progression_text(f, timeline, j.policy.cumulative)
    if f.day is None and timeline.days:
        return Verdict.undated, wording.undated_text(len(timeline.figs))
    return Verdict.single, wording.single_text(f, j.figs)
