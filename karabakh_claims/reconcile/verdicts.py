"""The verdict rules: how every figure of one quantity is judged against the others."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from karabakh_claims.config_schema import GroupRules
from karabakh_claims.models import Claim, Verdict
from karabakh_claims.reconcile import wording
from karabakh_claims.reconcile.figures import Figure, matches, stated_order
from karabakh_claims.reconcile.timeline import Timeline, by_day, earlier_higher, later_lower
from karabakh_claims.reconcile.windows import WindowIndex, day_indexes, window_conflicts, window_days


@dataclass
class Judgement:
    """The verdicts of one quantity's figures, worked out step by step."""

    figs: list[Figure]
    cumulative: bool
    stale_ratio: float
    rules: GroupRules
    verdicts: dict[int, tuple[Verdict, str]] = field(default_factory=dict)
    superseded: dict[int, Figure] = field(default_factory=dict)
    revising: dict[int, Figure] = field(default_factory=dict)
    stale: dict[int, Figure] = field(default_factory=dict)

    def active(self) -> list[Figure]:
        return [f for f in self.figs if id(f) not in self.superseded]

    def comparable(self) -> list[Figure]:
        """Figures that may set others in conflict: not superseded, stale or vague."""
        return [f for f in self.active() if id(f) not in self.stale and not f.vague]

    def find_corrections(self) -> None:
        pattern = self.rules.correction_pattern
        if pattern is None:
            return
        marked = [f for f in self.figs if _marks_correction(pattern, f.claim.sentence)]
        if not marked:
            return
        by_article, by_source = defaultdict(list), defaultdict(list)
        for f in self.figs:
            by_article[f.claim.article_id].append(f)
            by_source[_speaker(f.claim)].append(f)
        for a in marked:
            same = {id(b): b for b in by_article[a.claim.article_id] + by_source.get(_speaker(a.claim), [])}.values()
            earlier = [b for b in same if _before(b, a) and not matches(a, b)]
            if earlier:
                b = max(earlier, key=stated_order)
                self.superseded[id(b)] = a
                self.revising[id(a)] = b

    def find_stale(self) -> None:
        """Cumulative only: a figure below one at least `stale_ratio` times higher reported a day or more before."""
        best: Figure | None = None
        for day_figs in by_day([f for f in self.active() if f.day is not None]):
            for a in day_figs:
                if best is not None and not a.vague and best.core_low >= self.stale_ratio * a.top:
                    self.stale[id(a)] = best
            for f in day_figs:
                if not f.vague and (best is None or f.core_low > best.core_low):
                    best = f

    def conflicts(self, pool: Sequence[Figure]) -> dict[int, Figure]:
        """For each of the comparable figures `pool`, one it cannot meet (see docs/ledger.md)."""
        dated = [f for f in pool if f.day is not None]
        undated = [f for f in pool if f.day is None]
        found = window_conflicts(undated, {None: WindowIndex(undated)}, (0,))
        if self.cumulative:
            found.update(earlier_higher(dated))
            found.update(later_lower(dated))
        else:
            found.update(window_conflicts(dated, day_indexes(dated), (-1, 0, 1)))
        return found

    def agreements(self, pool: Sequence[Figure]) -> dict[int, Figure]:
        """For each of the comparable figures `pool`, one of another origin whose interval meets it within a day."""
        indexes = day_indexes(pool)
        found = {}
        for a in pool:
            for day in window_days(a.day, (-1, 0, 1)):
                hit = indexes[day].matching(a) if day in indexes else None
                if hit is not None:
                    found[id(a)] = hit
                    break
        return found


@lru_cache(maxsize=65536)
def _marks_correction(pattern: re.Pattern[str], sentence: str) -> bool:
    """Whether a sentence holds a correction marker (many figures share a sentence)."""
    return pattern.search(sentence) is not None


def _speaker(claim: Claim) -> str:
    """Who states a figure: the source named in the text, else the outlet."""
    return (claim.source or claim.publisher or claim.file).lower()


def _before(b: Figure, a: Figure) -> bool:
    return stated_order(b) < stated_order(a)


def judge(figs: list[Figure], cumulative: bool, stale_ratio: float, rules: GroupRules) -> tuple[list[tuple[Verdict, str]], set[int]]:
    """The verdict and explanation of each figure of one quantity, in the order given,
    and the ids of the figures an estimate leaves out (stale or superseded)."""
    if figs and figs[0].claim.historical:
        return [(Verdict.historical, wording.HISTORICAL_TEXT)] * len(figs), set()
    projected = {id(f) for f in figs if f.claim.projection}
    if projected:
        return _with_projections(figs, projected, cumulative, stale_ratio, rules)
    j = Judgement(figs, cumulative, stale_ratio, rules)
    j.find_corrections()
    if cumulative:
        j.find_stale()
    pool = j.comparable()
    conflicts, agreements = j.conflicts(pool), j.agreements(pool)
    timeline = Timeline([f for f in pool if f.day is not None])
    verdicts = [_verdict(f, j, conflicts, agreements, timeline) for f in figs]
    return verdicts, set(j.stale) | set(j.superseded)


def _with_projections(figs: list[Figure], projected: set[int], cumulative: bool, stale_ratio: float,
                      rules: GroupRules) -> tuple[list[tuple[Verdict, str]], set[int]]:
    """Projections ("could rise to 10,000") are never compared nor taken for the estimate; the counts
    are judged among themselves."""
    counted, excluded = judge([f for f in figs if id(f) not in projected], cumulative, stale_ratio, rules)
    verdicts = iter(counted)
    judged = [(Verdict.projection, wording.PROJECTION_TEXT) if id(f) in projected else next(verdicts) for f in figs]
    return judged, excluded | projected


def _verdict(f: Figure, j: Judgement, conflicts: Mapping[int, Figure], agreements: Mapping[int, Figure],
             timeline: Timeline) -> tuple[Verdict, str]:
    """The verdict of one figure, the first rule that holds, with its explanation."""
    key = id(f)
    if key in j.superseded:
        return Verdict.correction, wording.superseded_text(j.superseded[key])
    if key in conflicts:
        return Verdict.conflict, wording.conflict_text(f, conflicts[key], j.cumulative)
    if key in j.revising:
        return Verdict.correction, wording.revises_text(j.revising[key])
    if key in j.stale:
        return Verdict.stale, wording.stale_text(f, j.stale[key], timeline)
    if f.vague:
        return Verdict.vague, wording.vague_text(f, timeline)
    if key in agreements:
        before = timeline.before(f.day) if f.day is not None and j.cumulative else None
        return Verdict.agrees, wording.agrees_text(agreements[key], before)
    if f.day is not None and timeline.has_other_day(f.day):
        return Verdict.progression, wording.progression_text(f, timeline, j.cumulative)
    if f.day is None and timeline.days:
        return Verdict.undated, wording.undated_text(len(timeline.figs))
    return Verdict.single, wording.single_text(f, j.figs)
