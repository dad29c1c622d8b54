"""`claims check`: the figures of the checked articles against what is on record, as a CI gate.

A *finding* is a figure whose verdict (see `reconcile`) is conflict or stale, together with the
figure it was judged against. Corrections are not findings: a source that revised its own figure
has settled the disagreement. The two figures of a conflict make one finding, however many times
either is mentioned.

Findings are computed over every claim in the ledger and kept when one of their mentions is in a
checked article. A finding is identified by content only (`FindingKey`: the quantity, the kind
and each figure's publisher, text and value), never by file or line, so a baseline of the findings
known today survives edits elsewhere in the articles.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from karabakh_claims.models import Claim, Frozen, QuantityGroup, ReconciledClaim, SkippedInput, Verdict
from karabakh_claims.progress import Step, no_step
from karabakh_claims.versions import pipeline_version

FINDING_VERDICTS = frozenset({Verdict.conflict, Verdict.stale})
BASELINE_VERSION = 1
GIT_TIMEOUT_S = 60

Kind = Literal["conflict", "stale"]


class CheckError(Exception):
    """The check cannot run (a bad baseline, git failing, an empty ledger): one line for the user."""


class UnreadableInput(CheckError):
    """Inputs that could not be read; a gate does not pass over them."""

    def __init__(self, skipped: Sequence[SkippedInput]):
        self.skipped = tuple(skipped)
        super().__init__("\n".join(unreadable_line(s) for s in self.skipped))


def unreadable_line(skipped: SkippedInput) -> str:
    where = f"{skipped.file}:{skipped.line}" if skipped.line else skipped.file
    return f"{where}: cannot be read: {skipped.reason}"


# --- the models -----------------------------------------------------------------------------


class FigureRef(Frozen):
    """A figure as content: who published it (the file name when no publisher is known), as written."""

    publisher: str
    text: str
    value: float


class FindingKey(Frozen):
    """What identifies a finding across runs and edits: no file names, no line numbers."""

    kind: Kind
    quantity: str
    figures: tuple[FigureRef, ...]


class Mention(Frozen):
    """One mention of a finding's figures; `file` is the path as given for checked articles.

    `judged` is true for the mentions whose verdict makes the finding, false for those of the figure
    they were judged against (whose own explanation may name another figure).
    """

    file: str
    line: int
    article_id: str
    publisher: str | None = None
    text: str
    verdict: Verdict
    explanation: str
    judged: bool
    checked: bool


class Finding(Frozen):
    key: FindingKey
    metric: str
    message: str
    mentions: tuple[Mention, ...]

    @property
    def checked_mentions(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.checked)


class BaselineEntry(Frozen):
    """A finding known and accepted; `note` (the explanation when written) is for readers only."""

    kind: Kind
    quantity: str
    figures: tuple[FigureRef, ...]
    note: str = ""

    def key(self) -> FindingKey:
        return FindingKey(kind=self.kind, quantity=self.quantity, figures=self.figures)


class Baseline(Frozen):
    version: Literal[1] = BASELINE_VERSION
    findings: tuple[BaselineEntry, ...]

    def keys(self) -> frozenset[FindingKey]:
        return frozenset(entry.key() for entry in self.findings)


class CheckReport(Frozen):
    """The outcome: new findings fail the check; baselined ones are known; fixed ones are gone."""

    articles: int
    checked: int
    new: tuple[Finding, ...] = ()
    baselined: tuple[Finding, ...] = ()
    fixed: tuple[BaselineEntry, ...] = ()

    @property
    def exit_status(self) -> int:
        return 1 if self.new else 0


# --- the baseline file ------------------------------------------------------------------------


def baseline_of(findings: Iterable[Finding]) -> Baseline:
    entries = {f.key: BaselineEntry(**f.key.model_dump(), note=f.message) for f in findings}
    return Baseline(findings=tuple(entries[k] for k in sorted(entries, key=_key_order)))


def write_baseline(path: str | os.PathLike[str], baseline: Baseline) -> None:
    text = json.dumps(baseline.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise CheckError(f"cannot write the baseline {path}: {err.strerror or err}") from err


def read_baseline(path: str | os.PathLike[str]) -> Baseline:
    try:
        return Baseline.model_validate_json(Path(path).read_bytes())
    except OSError as err:
        raise CheckError(f"cannot read the baseline {path}: {err.strerror or err}") from err
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CheckError(f"{path} is not a claims baseline: {where + ': ' if where else ''}{first['msg']}") from err


# --- which articles are checked ----------------------------------------------------------------


@dataclass
class Scope:
    """The articles read under the checked paths (id -> path as given), and those that are checked."""

    paths: tuple[str, ...]
    read: dict[str, str] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)


def read_scope(paths: Sequence[str], max_bytes: int) -> Scope:
    """The articles under `paths`, as ingest reads them; raises UnreadableInput for any unreadable input."""
    from karabakh_claims.ingest import iter_articles

    scope, skipped = Scope(tuple(paths)), []
    for item in iter_articles(paths, max_bytes=max_bytes):
        if isinstance(item, SkippedInput):
            skipped.append(item)
        else:
            scope.read.setdefault(item.id, item.file)
    if skipped:
        raise UnreadableInput(skipped)
    scope.checked = dict(scope.read)
    return scope


def ledger_scope(articles: Iterable) -> Scope:
    """Without paths: every article of the ledger is checked, at its stored path."""
    read = {a.id: a.path for a in articles}
    return Scope((), read, dict(read))


def only_changed(scope: Scope, changed: frozenset[str]) -> Scope:
    """The scope narrowed to the articles whose file is among `changed` (real paths)."""
    checked = {i: f for i, f in scope.checked.items() if os.path.realpath(f) in changed}
    return Scope(scope.paths, scope.read, checked)


def changed_files(rev: str, cwd: str | os.PathLike[str] | None = None) -> frozenset[str]:
    """Real paths of the files changed since git revision `rev` (committed or not) and the untracked ones."""
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    names = _git(["diff", "--name-only", "-z", rev, "--"], cwd).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], cwd).split("\0")
    return frozenset(os.path.realpath(os.path.join(top, n)) for n in names if n)


def _git(args: list[str], cwd) -> str:
    command = ["git", "-c", "core.quotepath=off", *args]
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise CheckError(f"--changed-since: cannot run git: {err}") from err
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
        raise CheckError(f"--changed-since: git {args[0]} failed: {reason}")
    return done.stdout


def gone_articles(scope: Scope, stored: Iterable) -> frozenset[str]:
    """Ledger articles stored under a checked path that are no longer there (deleted or moved files)."""
    roots = [os.path.realpath(p) for p in scope.paths if p != "-"]
    if not roots:
        return frozenset()
    gone = set()
    for article in stored:
        if article.id in scope.read or article.path == "-":
            continue
        where = os.path.realpath(article.path)
        if any(where == root or where.startswith(root + os.sep) for root in roots):
            gone.add(article.id)
    return frozenset(gone)


# --- extraction into the ledger -------------------------------------------------------------------


def update_ledger(ledger, paths: Sequence[str], *, lexicon_path: str | None, jobs: int, max_bytes: int,
                  on_article: Callable[[], None] = lambda: None) -> None:
    """Extract the articles under `paths` into the ledger; unchanged ones are not parsed again."""
    from karabakh_claims.extract import Extractor

    run_id = ledger.start_run(pipeline_version(lexicon_path), paths)
    extractor = Extractor(lexicon_path=lexicon_path, ledger=ledger, run_id=run_id, jobs=jobs, max_bytes=max_bytes,
                          on_article=on_article)
    deque(extractor.run(paths), maxlen=0)
    stats = extractor.stats
    if stats.skipped:
        raise UnreadableInput(stats.skipped)
    ledger.finish_run(run_id, {"articles": stats.articles, "parsed": stats.parsed, "reused": stats.reused,
                               "claims": stats.claims, "skipped": 0})


# --- findings --------------------------------------------------------------------------------


FigureIdent = tuple[str, float, str]
"""A `FigureRef` as plain values, in its sort order: publisher, value, text."""


def figure_ident(claim: Claim) -> FigureIdent:
    return (claim.publisher or Path(claim.file).name, claim.value, claim.text)


def find_findings(groups: Iterable[QuantityGroup], scope: Scope) -> list[Finding]:
    """Every finding of the reconciled quantities; mentions in checked articles are marked `checked`
    (a finding that involves no checked article has no mentions)."""
    found: list[Finding] = []
    for group in groups:
        found += _group_findings(group, scope)
    return sorted(found, key=lambda f: _key_order(f.key))


def _group_findings(group: QuantityGroup, scope: Scope) -> list[Finding]:
    flagged = [rc for rc in group.claims if rc.verdict in FINDING_VERDICTS]
    if not flagged:
        return []
    from karabakh_claims.reconcile import cite

    cited = {id(rc): cite(rc.claim) for rc in group.claims}
    by_cite: dict[str, list[ReconciledClaim]] = {}
    for rc in group.claims:
        by_cite.setdefault(cited[id(rc)], []).append(rc)
    cites = CiteIndex(by_cite)
    subjects: dict[tuple, list[ReconciledClaim]] = {}
    others: dict[tuple, list[ReconciledClaim]] = {}
    for rc in flagged:
        other = cites.first_other(rc.explanation, cited[id(rc)])
        ident = finding_ident(rc.verdict, rc.claim, by_cite[other][0].claim if other else None)
        subjects.setdefault(ident, []).append(rc)
        others.setdefault(ident, []).extend(by_cite[other] if other else [])
    return [_finding(finding_key(ident, group.key), group.metric, subjects[ident], others[ident], scope)
            for ident in subjects]


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
                   publisher=c.publisher, text=c.text, verdict=rc.verdict, explanation=rc.explanation,
                   judged=judged, checked=c.article_id in scope.checked)


def _figure_order(ref: FigureRef) -> tuple:
    return (ref.publisher, ref.value, ref.text)


def _key_order(key: FindingKey) -> tuple:
    return (key.quantity, key.kind, [_figure_order(f) for f in key.figures])


# --- the check ------------------------------------------------------------------------------------


def compare(findings: Sequence[Finding], scope: Scope, baseline: Baseline | None) -> CheckReport:
    """Split the findings that involve checked articles into new and baselined; baseline entries
    that no longer occur anywhere in the ledger are fixed."""
    known = baseline.keys() if baseline else frozenset()
    involved = [f for f in findings if f.checked_mentions]
    present = {f.key for f in findings}
    return CheckReport(
        articles=len(scope.read),
        checked=len(scope.checked),
        new=tuple(f for f in involved if f.key not in known),
        baselined=tuple(f for f in involved if f.key in known),
        fixed=tuple(e for e in (baseline.findings if baseline else ()) if e.key() not in present),
    )


def check(
    ledger,
    paths: Sequence[str],
    *,
    lexicon_path: str | None = None,
    baseline: Baseline | None = None,
    changed_since: str | None = None,
    jobs: int = 1,
    max_bytes: int = 20_000_000,
    step: Step = no_step,
) -> CheckReport:
    """Read `paths` into the ledger, reconcile every stored claim and report the findings that
    involve the articles under `paths` (only those changed since git revision `changed_since`).

    Without paths, every article already in the ledger is checked and nothing is read. `step`
    shows the progress of reading and reconciling.
    """
    from karabakh_claims.lexicon import load_lexicon
    from karabakh_claims.reconcile import reconcile_stored

    changed = changed_files(changed_since) if changed_since else None
    if paths:
        scope = read_scope(paths, max_bytes)
        update_ledger(ledger, paths, lexicon_path=lexicon_path, jobs=jobs, max_bytes=max_bytes,
                      on_article=step("reading articles"))
    elif ledger.is_empty():
        raise CheckError(f"the ledger {ledger.path} is empty: give the articles to check (claims check PATH...)")
    stored = ledger.articles()
    if not paths:
        scope = ledger_scope(stored)
    if changed is not None:
        scope = only_changed(scope, changed)
    gone = gone_articles(scope, stored)
    lexicon = load_lexicon(lexicon_path)
    batches = reconcile_stored(ledger, ledger.metrics(), cumulative_metrics=lexicon.cumulative_metrics,
                               stale_ratio=lexicon.settings.stale_ratio, about_margin=lexicon.settings.about_margin,
                               keep=lambda claim: claim.article_id not in gone, step=step)
    return compare(find_findings(itertools.chain.from_iterable(batches), scope), scope, baseline)
