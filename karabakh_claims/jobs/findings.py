"""The findings of `claims check`: conflicting and stale figures of the reconciled quantities.

A *finding* is a figure whose verdict (see `reconcile`) is conflict or stale, together with the
figure it was judged against. Corrections are not findings: a source that revised its own figure
has settled the disagreement. The two figures of a conflict make one finding, however many times
either is mentioned. A finding is identified by content only (`FindingKey`: the quantity, the kind
and each figure's publisher, text and value), never by file or line, so a baseline of the findings
known today survives edits elsewhere in the articles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from karabakh_claims.models import (
    FINDING_VERDICTS,
    Claim,
    FigureRef,
    Finding,
    FindingKey,
    Mention,
    QuantityGroup,
    ReconciledClaim,
    Verdict,
)
from karabakh_claims.reconcile import cite

if TYPE_CHECKING:
    from karabakh_claims.jobs.check import Scope

FigureIdent = tuple[str, float, str]
"""A `FigureRef` as plain values, in its sort order: publisher, value, text."""


def figure_ident(claim: Claim) -> FigureIdent:
    return (claim.publisher or Path(claim.file).name, claim.value, claim.text)


KnownIdent = tuple[str, str, tuple[FigureIdent, ...]]
"""A `FindingKey` as plain values: quantity, kind, figures."""


def known_idents(keys: Iterable[FindingKey]) -> frozenset[KnownIdent]:
    return frozenset((k.quantity, k.kind, tuple((f.publisher, f.value, f.text) for f in k.figures)) for k in keys)


def find_findings(groups: Iterable[QuantityGroup], scope: Scope, known: frozenset[KnownIdent] | None = None
                  ) -> list[Finding]:
    """Every finding of the reconciled quantities; mentions in checked articles are marked `checked`
    (a finding that involves no checked article has no mentions). With `known` (a baseline's keys,
    `known_idents`), a finding that involves no checked article is kept only when it is known: the
    check reports the others nowhere."""
    found: list[Finding] = []
    for group in groups:
        found += _group_findings(group, scope, known)
    return sorted(found, key=lambda f: f.key.sort_key())


def _group_findings(group: QuantityGroup, scope: Scope, known: frozenset[KnownIdent] | None) -> list[Finding]:
    flagged = [rc for rc in group.claims if rc.verdict in FINDING_VERDICTS]
    narrowed = known is not None and not any(entry[0] == group.key for entry in known)
    first = _first_involved(flagged, group, scope) if narrowed else flagged
    if not first:
        return []
    cited = {id(rc): cite(rc.claim) for rc in group.claims}
    by_cite: dict[str, list[ReconciledClaim]] = {}
    for rc in group.claims:
        by_cite.setdefault(cited[id(rc)], []).append(rc)
    cites = CiteIndex(by_cite)
    if narrowed:
        flagged = _maybe_involved(first, flagged, cited, cites, by_cite)
    subjects: dict[tuple, list[ReconciledClaim]] = {}
    others: dict[tuple, list[ReconciledClaim]] = {}
    for rc in flagged:
        other = cites.first_other(rc.explanation, cited[id(rc)])
        ident = finding_ident(rc.verdict, rc.claim, by_cite[other][0].claim if other else None)
        subjects.setdefault(ident, []).append(rc)
        others.setdefault(ident, []).extend(by_cite[other] if other else [])
    if known is not None:
        subjects = {ident: found for ident, found in subjects.items()
                    if (group.key, *ident) in known or _involves(scope, found, others[ident])}
    return [_finding(finding_key(ident, group.key), group.metric, subjects[ident], others[ident], scope)
            for ident in subjects]


def _first_involved(flagged: list[ReconciledClaim], group: QuantityGroup, scope: Scope) -> list[ReconciledClaim]:
    """The flagged figures of a checked article, and those whose explanation names a figure of one."""
    if not flagged:
        return []
    checked_cites = {cite(rc.claim) for rc in group.claims if rc.claim.article_id in scope.checked}
    if not checked_cites:
        return []
    names_checked = re.compile("|".join(re.escape(name) for name in sorted(checked_cites))).search
    return [rc for rc in flagged if rc.claim.article_id in scope.checked or names_checked(rc.explanation)]


def _maybe_involved(first: list[ReconciledClaim], flagged: list[ReconciledClaim], cited: dict[int, str],
                    cites: CiteIndex, by_cite: dict[str, list[ReconciledClaim]]) -> list[ReconciledClaim]:
    """The flagged figures whose finding may involve a checked article: the `first` ones
    (`_first_involved`) and those that share their figure with a finding of those (the same figure in
    another article). The others' findings involve none and are known to no baseline."""
    figures = set()
    for rc in first:
        other = cites.first_other(rc.explanation, cited[id(rc)])
        figures.update(finding_ident(rc.verdict, rc.claim, by_cite[other][0].claim if other else None)[1])
    chosen = {id(rc) for rc in first}
    return [rc for rc in flagged if id(rc) in chosen or figure_ident(rc.claim) in figures]


def _involves(scope: Scope, *figures: list[ReconciledClaim]) -> bool:
    return any(rc.claim.article_id in scope.checked for found in figures for rc in found)


def quoted_tail(text: str, end: int) -> str | None:
    """`text[:end]` from its second-to-last double quote on: the figure and date of a cite,
    '"12,000" (2023-09-27, per the UN)'; None without two quotes."""
    close = text.rfind('"', 0, end)
    start = text.rfind('"', 0, close) if close > 0 else -1
    return text[start:end] if start >= 0 else None


class CiteIndex:
    """The cites (`reconcile.cite`) of a quantity's figures, by their quoted tail, so that an
    explanation is searched for all of them in one pass over its closing parentheses rather than
    once per figure (a quantity may have tens of thousands)."""

    def __init__(self, cites: Iterable[str]):
        self.by_tail: dict[str, list[str]] = defaultdict(list)
        self.untailed: list[str] = []
        for cited in cites:
            tail = quoted_tail(cited, len(cited)) if cited.endswith(")") else None
            if tail is None:
                self.untailed.append(cited)
            else:
                self.by_tail[tail].append(cited)

    def first_other(self, explanation: str, own: str) -> str | None:
        """The figure an explanation judges against: the first cite in it other than `own` (the
        leftmost; of two at one place, the smaller)."""
        named = [(at, c) for c in self.untailed if c != own and (at := explanation.find(c)) >= 0]
        end = explanation.find(")")
        while end >= 0:
            for cited in self.by_tail.get(quoted_tail(explanation, end + 1), ()):
                at = end + 1 - len(cited)
                if cited != own and at >= 0 and explanation.startswith(cited, at):
                    named.append((at, cited))
            end = explanation.find(")", end + 1)
        return min(named)[1] if named else None


def finding_ident(verdict: Verdict, claim: Claim, other: Claim | None) -> tuple[str, tuple[FigureIdent, ...]]:
    """A finding's kind and figures as plain values (they key a quantity's findings, of which there
    may be tens of thousands): a conflict's two figures in sorted order (A vs B is B vs A); a stale
    figure first, then the higher one."""
    figures = [figure_ident(claim)] + ([figure_ident(other)] if other is not None else [])
    if verdict is Verdict.conflict:
        figures.sort()
    return verdict.value, tuple(figures)


def finding_key(ident: tuple[str, tuple[FigureIdent, ...]], quantity: str) -> FindingKey:
    kind, figures = ident
    refs = tuple(FigureRef(publisher=publisher, value=value, text=text) for publisher, value, text in figures)
    return FindingKey(kind=kind, quantity=quantity, figures=refs)


def _finding(key: FindingKey, metric: str, subjects: list[ReconciledClaim], others: list[ReconciledClaim],
             scope: Scope) -> Finding:
    """The finding with its mentions; one that involves no checked article is kept without them
    (nothing reports it: its key only tells that it still occurs)."""
    subjects = sorted(subjects, key=lambda rc: (rc.claim.file, rc.claim.start))
    if not any(rc.claim.article_id in scope.checked for rc in (*subjects, *others)):
        return Finding(key=key, metric=metric, message=subjects[0].explanation, mentions=())
    mentions: dict[tuple[str, int], Mention] = {}
    for rc, judged in [*((rc, True) for rc in subjects), *((rc, False) for rc in others)]:
        place = (rc.claim.article_id, rc.claim.start)
        if place not in mentions:
            mentions[place] = _mention(rc, judged, scope)
    ordered = sorted(mentions.values(), key=lambda m: (m.file, m.line, m.text))
    return Finding(key=key, metric=metric, message=subjects[0].explanation, mentions=tuple(ordered))


def _mention(rc: ReconciledClaim, judged: bool, scope: Scope) -> Mention:
    c = rc.claim
    return Mention(file=scope.read.get(c.article_id, c.file), line=c.line, article_id=c.article_id,
                   publisher=c.publisher, text=c.text, start=c.start, verdict=rc.verdict, explanation=rc.explanation,
                   judged=judged, checked=c.article_id in scope.checked)
