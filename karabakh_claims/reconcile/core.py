"""Reconcile claims: group them into quantities and judge every figure against the others.

Pure functions over `Claim` records. The rules (intervals, grouping, verdicts, the estimate) are
written out for users in docs/ledger.md, section "How figures are reconciled".
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from itertools import product
from operator import attrgetter
from pathlib import Path

from karabakh_claims.config_schema import GroupRules
from karabakh_claims.numbers.writing import clean_float, fmt_number
from karabakh_claims.models import Claim, Estimate, QuantityGroup, Qualifier, ReconciledClaim, Verdict, trusted

INF = math.inf
ROUND_FROM = 1000
"""An exact figure that is a multiple of this is read as rounded (see `claim_bounds`)."""

ESTIMATE_RULE = (
    "best = the figure at the latest as-of date ({date}) from the most direct source (a source named "
    "in the text over the outlet's own statement), most precise first, then the latest published; "
    "low/high = the lowest and highest figures stated at that date (a range's ends) that are neither "
    "stale, superseded nor vague"
)

CONFLICT_NOTE = "; figures of this quantity conflict, so the estimate is not settled"

# --- a claim as an interval --------------------------------------------------------------------


def rounding_margin(value: float, margin: float) -> float:
    """Half the unit a round exact figure is rounded to (28,000 -> 500), at most `margin` of it."""
    if value < ROUND_FROM or value != int(value) or value % ROUND_FROM:
        return 0.0
    unit = ROUND_FROM
    while value % (unit * 10) == 0:
        unit *= 10
    return min(unit / 2, margin * value)


def claim_bounds(claim: Claim, margin: float = 0.1) -> tuple[float, float, float, float]:
    """(core low, core high, low, high) of a claim; the core leaves out approximation margins (see `bounds`)."""
    return bounds(claim.value, claim.qualifier, claim.low, claim.high, margin)


@lru_cache(maxsize=65536, typed=True)
def bounds(v: float, q: Qualifier, low: float | None, high: float | None, margin: float) -> tuple[float, float, float, float]:
    """(core low, core high, low, high) of a figure `v` with qualifier `q` and bounds `low`, `high`.

    The core is what the text states: the value itself for exact, about and nearly figures, the
    stated bounds for ranges, vague words and open figures (more_than/at_least open above,
    less_than/up_to open below). The outer interval adds the slack of an approximation: about is
    the reader's bounds (else +-margin); nearly is [value*(1-margin), value]; a round exact figure
    (100,000) is rounded, +-half its unit, at most +-margin, whatever bounds the reader set.
    """
    if q in (Qualifier.more_than, Qualifier.at_least, Qualifier.vague, Qualifier.range):
        core = (clean_float(v if low is None else low), INF if high is None else clean_float(high))
        return core + core
    if q in (Qualifier.less_than, Qualifier.up_to):
        core = (-INF if low is None else clean_float(low), clean_float(v if high is None else high))
        return core + core
    if q is Qualifier.about:
        return v, v, clean_float(v * (1 - margin) if low is None else low), clean_float(v * (1 + margin) if high is None else high)
    if q is Qualifier.nearly:
        return v, v, clean_float(v * (1 - margin) if low is None else low), clean_float(v if high is None else high)
    slack = rounding_margin(v, margin)
    return v, v, clean_float(min(v - slack, v if low is None else low)), clean_float(max(v + slack, v if high is None else high))


# --- grouping ------------------------------------------------------------------------------------


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
    asked = (claim.sentence, claim.text, claim.subject)
    if asked not in memo:
        memo[asked] = subset_label(claim, rules)
    return memo[asked]


def with_only_side(parts: list[KeyParts], rules: GroupRules) -> list[KeyParts]:
    """Unsided current figures take the side of their metric when every sided figure of it has the same one.

    Not for metrics whose subject names the actor itself, whose figures are apart anyway.
    """
    sides: dict[tuple, set[str]] = defaultdict(set)
    for p in parts:
        if p.side:
            sides[(p.metric, p.unit, p.historical)].add(p.side)
    only = {k: next(iter(v)) for k, v in sides.items() if len(v) == 1}

    def sided(p: KeyParts) -> KeyParts:
        if p.side or p.historical or p.metric in rules.literal_metrics:
            return p
        return replace(p, side=only.get((p.metric, p.unit, p.historical)))

    return [sided(p) for p in parts]


# --- the figures of one quantity -----------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Figure:
    """A claim as the verdict rules see it: its bounds, day and independent origin."""

    claim: Claim
    core_low: float
    core_high: float
    low: float
    high: float
    day: int | None
    origin: str
    vague: bool
    order: tuple
    cited: str = ""

    def cite(self) -> str:
        """`cite` of the claim, worked out once."""
        if not self.cited:
            self.cited = cite(self.claim)
        return self.cited

    @property
    def top(self) -> float:
        """The figure's highest stated value (the value itself when open above)."""
        return self.high if self.high != INF else self.core_low


def make_figure(claim: Claim, margin: float, copies: Mapping[str, str]) -> Figure:
    day = claim.as_of.toordinal() if claim.as_of else None
    published = claim.published.toordinal() if claim.published else 0
    order = (day if day is not None else published, published, claim.file, claim.start)
    vague = claim.qualifier is Qualifier.vague
    return Figure(claim, *claim_bounds(claim, margin), day, origin_of(claim.article_id, copies), vague, order)


def origin_of(article_id: str, copies: Mapping[str, str]) -> str:
    """The first article of a chain of syndicated copies."""
    if article_id not in copies:
        return article_id
    seen = {article_id}
    while article_id in copies and copies[article_id] not in seen:
        article_id = copies[article_id]
        seen.add(article_id)
    return article_id


def matches(a: Figure, b: Figure) -> bool:
    """Two figures agree when one's interval meets the other's core: a margin counts once, not twice."""
    return (a.low <= b.core_high and b.core_low <= a.high) or (b.low <= a.core_high and a.core_low <= b.high)


def cite(claim: Claim) -> str:
    """A claim named for an explanation: publisher, figure as written, date."""
    who = claim.publisher or Path(claim.file).name
    when = claim.as_of.isoformat() if claim.as_of else "undated"
    per = f", per {claim.source}" if claim.source else ""
    return f'{who} "{claim.text}" ({when}{per})'


# --- interval indexes: O(log n) questions over the figures of a window -------------------------


class _Best:
    """The best (highest key) item so far, and the best one from another origin."""

    __slots__ = ("first", "second")

    def __init__(self, first=None, second=None):
        self.first, self.second = first, second

    def add(self, key: float, fig: Figure) -> _Best:
        first, second = self.first, self.second
        if first is None:
            return _Best((key, fig), None)
        if fig.origin == first[1].origin:
            return _Best((key, fig), second) if key > first[0] else self
        if key > first[0]:
            return _Best((key, fig), first)
        return _Best(first, (key, fig)) if second is None or key > second[0] else self

    def other_than(self, origin: str) -> tuple[float, Figure] | None:
        if self.first is not None and self.first[1].origin != origin:
            return self.first
        return self.second


def _running(items: Sequence[tuple[float, Figure]], better) -> list[tuple[float, Figure]]:
    out, best = [], None
    for item in items:
        best = item if best is None or better(item[0], best[0]) else best
        out.append(best)
    return out


class WindowIndex:
    """The figures of one as-of day (or the undated ones) sorted for interval questions."""

    def __init__(self, figs: Sequence[Figure]):
        by_core_low = sorted(figs, key=lambda f: f.core_low)
        self.core_lows = [f.core_low for f in by_core_low]
        self.suffix_max_low = _running([(f.low, f) for f in reversed(by_core_low)], lambda x, y: x > y)[::-1]
        by_core_high = sorted(figs, key=lambda f: f.core_high)
        self.core_highs = [f.core_high for f in by_core_high]
        self.prefix_min_high = _running([(f.high, f) for f in by_core_high], lambda x, y: x < y)
        self.meet_core = self._prefix_best(by_core_low, lambda f: f.core_high)
        by_low = sorted(figs, key=lambda f: f.low)
        self.lows = [f.low for f in by_low]
        self.meet_outer = self._prefix_best(by_low, lambda f: f.high)

    @staticmethod
    def _prefix_best(figs: Sequence[Figure], key) -> list[_Best]:
        out, best = [], _Best()
        for f in figs:
            best = best.add(key(f), f)
            out.append(best)
        return out

    def higher(self, a: Figure) -> Figure | None:
        """A figure certainly above `a` (the one with the highest lower bound)."""
        i = bisect_right(self.core_lows, a.high)
        if i < len(self.core_lows) and self.suffix_max_low[i][0] > a.core_high:
            return self.suffix_max_low[i][1]
        return None

    def lower(self, a: Figure) -> Figure | None:
        """A figure certainly below `a` (the one with the lowest upper bound)."""
        i = bisect_left(self.core_highs, a.low)
        if i and self.prefix_min_high[i - 1][0] < a.core_low:
            return self.prefix_min_high[i - 1][1]
        return None

    def matching(self, a: Figure) -> Figure | None:
        """A figure from another origin that `matches` a."""
        i = bisect_right(self.core_lows, a.high)
        hit = self.meet_core[i - 1].other_than(a.origin) if i else None
        if hit and hit[0] >= a.low:
            return hit[1]
        j = bisect_right(self.lows, a.core_high)
        hit = self.meet_outer[j - 1].other_than(a.origin) if j else None
        return hit[1] if hit and hit[0] >= a.core_low else None


class _PrefixMax:
    """A Fenwick tree of (key, figure): insert at a rank, ask for the maximum over the first ranks."""

    def __init__(self, size: int):
        self.tree: list[tuple[float, Figure | None]] = [(-INF, None)] * (size + 1)

    def insert(self, rank: int, key: float, fig: Figure) -> None:
        i = rank + 1
        while i < len(self.tree):
            if key > self.tree[i][0]:
                self.tree[i] = (key, fig)
            i += i & -i

    def best(self, count: int) -> tuple[float, Figure | None]:
        result: tuple[float, Figure | None] = (-INF, None)
        while count > 0:
            if self.tree[count][0] > result[0]:
                result = self.tree[count]
            count -= count & -count
        return result


def earlier_higher(dated: Sequence[Figure]) -> dict[int, Figure]:
    """For each figure, one figure of the same day or earlier that is certainly higher (by id)."""
    levels = sorted({f.core_low for f in dated})
    tree = _PrefixMax(len(levels))
    found: dict[int, Figure] = {}
    for day_figs in _by_day(dated):
        for f in day_figs:
            tree.insert(len(levels) - 1 - bisect_left(levels, f.core_low), f.low, f)
        for a in day_figs:
            key, b = tree.best(len(levels) - bisect_right(levels, a.high))
            if b is not None and key > a.core_high:
                found[id(a)] = b
    return found


def later_lower(dated: Sequence[Figure]) -> dict[int, Figure]:
    """For each figure, one figure of the same day or later that is certainly lower (by id)."""
    levels = sorted({f.core_high for f in dated})
    tree = _PrefixMax(len(levels))
    found: dict[int, Figure] = {}
    for day_figs in reversed(_by_day(dated)):
        for f in day_figs:
            tree.insert(bisect_left(levels, f.core_high), -f.high, f)
        for a in day_figs:
            key, b = tree.best(bisect_left(levels, a.low))
            if b is not None and -key < a.core_low:
                found[id(a)] = b
    return found


def _by_day(dated: Sequence[Figure]) -> list[list[Figure]]:
    days: dict[int, list[Figure]] = defaultdict(list)
    for f in dated:
        days[f.day].append(f)
    return [days[d] for d in sorted(days)]


# --- verdicts --------------------------------------------------------------------------------


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
                b = max(earlier, key=_order)
                self.superseded[id(b)] = a
                self.revising[id(a)] = b

    def find_stale(self) -> None:
        """Cumulative only: a figure below one at least `stale_ratio` times higher reported a day or more before."""
        best: Figure | None = None
        for day_figs in _by_day([f for f in self.active() if f.day is not None]):
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
        found = _window_conflicts(undated, {None: WindowIndex(undated)}, (0,))
        if self.cumulative:
            found.update(earlier_higher(dated))
            found.update(later_lower(dated))
        else:
            found.update(_window_conflicts(dated, _day_indexes(dated), (-1, 0, 1)))
        return found

    def agreements(self, pool: Sequence[Figure]) -> dict[int, Figure]:
        """For each of the comparable figures `pool`, one of another origin whose interval meets it within a day."""
        indexes = _day_indexes(pool)
        found = {}
        for a in pool:
            for day in _window(a.day, (-1, 0, 1)):
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
    return _order(b) < _order(a)


def _order(f: Figure) -> tuple:
    """(day, or publication day when undated; publication day; file; offset): the order figures were stated in."""
    return f.order


def _window(day: int | None, offsets: Sequence[int]) -> list[int | None]:
    return [None] if day is None else [day + o for o in offsets]


def _day_indexes(figs: Sequence[Figure]) -> dict[int | None, WindowIndex]:
    days: dict[int | None, list[Figure]] = defaultdict(list)
    for f in figs:
        days[f.day].append(f)
    return {day: WindowIndex(members) for day, members in days.items()}


def _window_conflicts(figs: Sequence[Figure], indexes: Mapping, offsets: Sequence[int]) -> dict[int, Figure]:
    found = {}
    for a in figs:
        for day in _window(a.day, offsets):
            index = indexes.get(day)
            hit = index and (index.higher(a) or index.lower(a))
            if hit:
                found[id(a)] = hit
                break
    return found


HISTORICAL_TEXT = "historical figure (an earlier period): kept apart from current figures, not compared"


def judge(figs: list[Figure], cumulative: bool, stale_ratio: float, rules: GroupRules) -> tuple[list[tuple[Verdict, str]], set[int]]:
    """The verdict and explanation of each figure of one quantity, in the order given,
    and the ids of the figures an estimate leaves out (stale or superseded)."""
    if figs and figs[0].claim.historical:
        return [(Verdict.historical, HISTORICAL_TEXT)] * len(figs), set()
    j = Judgement(figs, cumulative, stale_ratio, rules)
    j.find_corrections()
    if cumulative:
        j.find_stale()
    pool = j.comparable()
    conflicts, agreements = j.conflicts(pool), j.agreements(pool)
    timeline = _Timeline([f for f in pool if f.day is not None])
    verdicts = [_verdict(f, j, conflicts, agreements, timeline) for f in figs]
    return verdicts, set(j.stale) | set(j.superseded)


def _verdict(f: Figure, j: Judgement, conflicts, agreements, timeline: _Timeline) -> tuple[Verdict, str]:
    key = id(f)
    if key in j.superseded:
        return Verdict.correction, f"superseded: the same source revised it to {j.superseded[key].cite()}"
    if key in conflicts:
        return Verdict.conflict, _conflict_text(f, conflicts[key], j.cumulative)
    if key in j.revising:
        return Verdict.correction, f"revises the same source's earlier {j.revising[key].cite()}"
    if key in j.stale:
        return Verdict.stale, _stale_text(f, j.stale[key], timeline)
    if f.vague:
        return Verdict.vague, _vague_text(f, timeline)
    if key in agreements:
        before = timeline.before(f.day) if f.day is not None and j.cumulative else None
        return Verdict.agrees, f"agrees with {agreements[key].cite()}" + (f"; up from {before.cite()}" if before else "")
    if f.day is not None and timeline.has_other_day(f.day):
        return Verdict.progression, _progression_text(f, timeline, j.cumulative)
    if f.day is None and timeline.days:
        return Verdict.undated, f"no as-of date: compared only with undated figures, and none matches; {len(timeline.figs)} dated figure(s) left aside"
    return Verdict.single, _single_text(f, j)


def _conflict_text(f: Figure, other: Figure, cumulative: bool) -> str:
    versus = f"{f.cite()} vs {other.cite()}"
    if f.day is None:
        what = "a disagreement between estimates" if not cumulative else "a disagreement"
        return f"{what} among figures without an as-of date: {versus}"
    if f.day == other.day:
        if cumulative:
            return f"conflict at the same date: {versus}"
        return f"disagreement between estimates (not a change over time): {versus}"
    if not cumulative:
        return f"disagreement between estimates a day apart: {versus}"
    return f"a cumulative figure that falls over time without a correction: {versus}"


def _stale_text(f: Figure, higher: Figure, timeline: _Timeline) -> str:
    latest = timeline.latest()
    tail = f"; latest {latest.cite()}" if latest is not None and latest is not higher and latest is not f else ""
    return f"outdated: {f.cite()} is below {higher.cite()}, reported a day or more earlier{tail}"


def _vague_text(f: Figure, timeline: _Timeline) -> str:
    text = f'vague figure ("{f.claim.text}"): too loose to agree, conflict or count in a progression'
    latest = timeline.latest() if f.day is not None else None
    return text + (f"; latest {latest.cite()}" if latest is not None and latest is not f else "")


def _progression_text(f: Figure, timeline: _Timeline, cumulative: bool) -> str:
    before, after = timeline.before(f.day), timeline.after(f.day)
    parts = [f"after {before.cite()}"] if before else []
    parts += [f"before {after.cite()}"] if after else []
    what = "fits a count that grows over time" if cumulative else "the figure changes over time (not a cumulative count)"
    return f"{what}: " + "; ".join(parts)


def _single_text(f: Figure, j: Judgement) -> str:
    others = [g for g in j.figs if g is not f]
    if not others:
        return "the only figure for this quantity: nothing to compare"
    if all(g.origin == f.origin for g in others):
        return "repeated only within the same article or its copies: no independent figure to compare"
    return "no other precise figure of this quantity to compare it with"


class _Timeline:
    """The comparable dated figures of a quantity by day: what came before and after a day."""

    def __init__(self, figs: Sequence[Figure]):
        self.figs = figs
        by_day = _by_day(figs)
        self.days = [group[0].day for group in by_day]
        self.highest = [max(group, key=lambda f: f.core_low) for group in by_day]
        self.lowest = [min(group, key=lambda f: f.core_high) for group in by_day]

    def has_other_day(self, day: int) -> bool:
        return len(self.days) > 1 or (bool(self.days) and self.days[0] != day)

    def before(self, day: int) -> Figure | None:
        i = bisect_left(self.days, day)
        return self.highest[i - 1] if i else None

    def after(self, day: int) -> Figure | None:
        i = bisect_right(self.days, day)
        return self.lowest[i] if i < len(self.days) else None

    def latest(self) -> Figure | None:
        return self.highest[-1] if self.days else None


# --- the estimate ------------------------------------------------------------------------------


PRECISION = {Qualifier.exact: 0, Qualifier.about: 2, Qualifier.nearly: 2, Qualifier.range: 3}


def _precision(f: Figure) -> int:
    rank = PRECISION.get(f.claim.qualifier, 4)
    return rank + (f.low != f.core_low)


def estimate(figs: Sequence[Figure], excluded: Collection[int], conflicted: bool = False) -> Estimate:
    """low/best/high at the latest as-of date of the figures not excluded (stale, superseded)."""
    pool = [f for f in figs if id(f) not in excluded and not f.vague] or [f for f in figs if id(f) not in excluded]
    if not pool:
        return Estimate(rule="no figure left: all are stale or superseded")
    dated = [f.day for f in pool if f.day is not None]
    latest = max(dated) if dated else None
    at_latest = [f for f in pool if f.day == latest]
    best = min(at_latest, key=lambda f: (f.claim.source is None, _precision(f), -_order(f)[1], _order(f)[2:]))
    lows, highs = zip(*(_stated(f) for f in at_latest))
    when = dt.date.fromordinal(latest) if latest is not None else None
    return Estimate(
        low=min(lows),
        best=best.claim.value,
        high=max(highs),
        as_of=when,
        best_from=best.cite(),
        sources=len({f.origin for f in at_latest}),
        rule=ESTIMATE_RULE.format(date=when.isoformat() if when else "undated") + (CONFLICT_NOTE if conflicted else ""),
    )


def _stated(f: Figure) -> tuple[float, float]:
    """The lowest and highest figure a claim states: its ends for ranges and vague words, else its value."""
    if f.claim.qualifier in (Qualifier.range, Qualifier.vague):
        return f.core_low, f.core_high
    return f.claim.value, f.claim.value


# --- reconcile ---------------------------------------------------------------------------------


def reconcile(
    claims: Iterable[Claim],
    *,
    cumulative_metrics: Collection[str],
    stale_ratio: float = 1.2,
    about_margin: float = 0.1,
    copies: Mapping[str, str] | None = None,
    rules: GroupRules,
    on_judged: Callable[[int], None] = lambda figures: None,
) -> list[QuantityGroup]:
    """Group claims into quantities and judge every figure; claims without a metric are left out.

    `copies` maps an article id to the article it is a syndicated copy of (Article.copy_of);
    `on_judged` is called with the number of figures of each quantity once it is judged (progress).
    """
    members = _members(claims, rules)
    groups = {}
    for p, cs in members.items():
        groups[p] = _judge_group(p, cs, p.metric in cumulative_metrics, stale_ratio, about_margin, copies or {}, rules)
        on_judged(len(cs))
    return [_with_parent(groups[p], p, groups, rules) for p in sorted(groups, key=KeyParts.key)]


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


SCOPE_FIELDS = attrgetter("metric", "unit", "subject", "change", "place", "side", "historical")
"""The fields of a claim that `key_parts` reads, beside those its sub-group label is read from."""


def _members(claims: Iterable[Claim], rules: GroupRules) -> dict[KeyParts, list[Claim]]:
    """The claims with a metric by quantity, in the order given.

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
    parts = with_only_side([key_parts(c, rules, classes, subsets) for c in firsts.values()], rules)
    members: dict[KeyParts, list[Claim]] = defaultdict(list)
    lists = {f: members[p] for f, p in zip(firsts, parts)}
    for f, c in zip(fields, with_metric):
        lists[f].append(c)
    return members


def _judge_group(parts: KeyParts, claims: list[Claim], cumulative: bool, stale_ratio: float, margin: float, copies, rules) -> QuantityGroup:
    figs = sorted((make_figure(c, margin, copies) for c in claims), key=_display_order)
    verdicts, excluded = judge(figs, cumulative, stale_ratio, rules)
    reconciled = tuple(
        trusted(ReconciledClaim, {"claim": f.claim, "low": _finite(f.low), "high": _finite(f.high), "verdict": v, "explanation": text})
        for f, (v, text) in zip(figs, verdicts)
    )
    return QuantityGroup(
        key=parts.key(),
        metric=parts.metric,
        unit=parts.unit,
        subject=parts.subject,
        subset=parts.subset,
        side=parts.side,
        place=parts.place,
        historical=parts.historical,
        cumulative=cumulative,
        estimate=estimate(figs, excluded, any(v is Verdict.conflict for v, _ in verdicts)),
        claims=reconciled,
    )


def _display_order(f: Figure) -> tuple:
    return (f.day is None, f.day or 0, _order(f)[1:])


def _finite(x: float) -> float | None:
    return None if x in (INF, -INF) else x


NARROWABLE = {Verdict.single, Verdict.undated, Verdict.agrees, Verdict.progression, Verdict.vague}
KEEP_EXPLANATION = {Verdict.agrees, Verdict.progression}


def _with_parent(group: QuantityGroup, parts: KeyParts, groups: Mapping[KeyParts, QuantityGroup], rules: GroupRules) -> QuantityGroup:
    """Mark the figures of a narrower place or sub-group as `subscope` of the quantity they belong to."""
    parent = next((groups[p] for p in parts.broader(rules) if p in groups), None)
    if parent is None:
        return group
    what = _narrowing(parts, parent)
    est = parent.estimate
    best = f"; its best figure is {fmt_number(est.best)} from {est.best_from}" if est.best_from else ""
    claims = tuple(_narrowed(rc, f"narrower scope ({what}) than {parent.key}{best}") if rc.verdict in NARROWABLE else rc for rc in group.claims)
    return group.model_copy(update={"parent": parent.key, "claims": claims})


def _narrowed(rc: ReconciledClaim, text: str) -> ReconciledClaim:
    if rc.verdict in KEEP_EXPLANATION:
        text = f"{text}; {rc.explanation}"
    return rc.model_copy(update={"verdict": Verdict.subscope, "explanation": text})


def _narrowing(parts: KeyParts, parent: QuantityGroup) -> str:
    said = []
    if parts.place and parts.place != parent.place:
        said.append(f"place {parts.place}")
    if parts.subject != parent.subject:
        said.append(f"{parts.subject} among {parent.subject}")
    if parts.subset and parts.subset != parent.subset:
        said.append(parts.subset)
    return ", ".join(said)
