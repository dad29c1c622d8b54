"""The check job (`claims check`): the figures of the checked articles against what is on record, as a CI gate.

The articles under the paths are read into the ledger (only new or changed ones are parsed), the
quantities their claims count (and the baseline's) are reconciled from every stored claim of them
(every quantity, for a check without paths), and the findings (`findings`) that involve a checked
article are split into new ones, which fail the gate, and those a baseline (`baseline`) already accepts.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from karabakh_claims.config import Config
from karabakh_claims.jobs.columns import with_columns
from karabakh_claims.jobs.errors import CheckError, UnreadableInput
from karabakh_claims.jobs.findings import find_findings, known_idents
from karabakh_claims.jobs.git import changed_files
from karabakh_claims.jobs.intake import read_into_ledger
from karabakh_claims.jobs.judged import reconcile_touched
from karabakh_claims.jobs.memory import no_cycle_collection
from karabakh_claims.jobs.reconciling import reconcile_ledger
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import Article, Baseline, CheckReport, Finding, InputWarning, QuantityGroup, SkippedInput
from karabakh_claims.read.ingest import DEFAULT_MAX_BYTES
from karabakh_claims.render.progress import Step, no_step


@dataclass
class Scope:
    """The articles read under the checked paths (id -> path as given), and those that are checked."""

    paths: tuple[str, ...]
    read: dict[str, str] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)
    texts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Each file read (as given): its articles' offsets and texts, for the columns of its figures."""


def ledger_scope(articles: Iterable[tuple[str, str]]) -> Scope:
    """Without paths: every article of the ledger (id, stored path) is checked, at its stored path."""
    read = dict(articles)
    return Scope((), read, dict(read))


def only_changed(scope: Scope, changed: frozenset[str]) -> Scope:
    """The scope narrowed to the articles whose file is among `changed` (real paths)."""
    checked = {i: f for i, f in scope.checked.items() if os.path.realpath(f) in changed}
    return Scope(scope.paths, scope.read, checked)


def gone_articles(scope: Scope, ledger: Ledger) -> frozenset[str]:
    """Ledger articles stored under a checked path that are no longer there (deleted or moved files).
    Each folder the ledger's paths name is resolved once, and only the articles of folders that can
    hold a checked path are read."""
    roots = [os.path.realpath(p) for p in scope.paths if p != "-"]
    if not roots:
        return frozenset()
    resolved = {folder: os.path.realpath(folder or os.curdir) for folder in ledger.article_folders()}
    near = [folder for folder, real in resolved.items() if any(_may_hold(real, root) for root in roots)]
    gone = set()
    for article_id, path in ledger.folder_articles(near):
        if article_id in scope.read or path == "-":
            continue
        name = path.rsplit("/", 1)[-1]
        where = os.path.join(resolved[path[: len(path) - len(name)]], name)
        if any(where == root or where.startswith(root + os.sep) for root in roots):
            gone.add(article_id)
    return frozenset(gone)


def _may_hold(folder: str, root: str) -> bool:
    """Whether a file of `folder` can be the checked path `root` or lie under it."""
    return folder == root or folder.startswith(root + os.sep) or folder == os.path.dirname(root)


def read_scope(ledger: Ledger, paths: Sequence[str], config: Config, *, jobs: int, max_bytes: int,
               step: Step, on_warning: Callable[[SkippedInput], None] = lambda warning: None) -> Scope:
    """Read the articles under `paths` into the ledger (unchanged ones are not parsed again), in one
    pass that also notes which articles the paths hold; raises UnreadableInput for any input that
    could not be read (the readable ones are stored all the same); inputs read with a warning and
    figures above the ceiling (no claims) go to `on_warning`."""
    scope = Scope(tuple(paths))

    def note(article: Article) -> None:
        scope.read.setdefault(article.id, article.file)
        scope.texts.setdefault(article.file, []).append((article.offset, article.text))

    def warned(item: SkippedInput) -> None:
        if isinstance(item, InputWarning):
            on_warning(item)

    claims, stats = read_into_ledger(ledger, paths, config, jobs=jobs, max_bytes=max_bytes, on_read=note,
                                     on_skip=warned, on_warn=on_warning, on_article=step("reading articles"))
    deque(claims, maxlen=0)
    if stats.skipped:
        raise UnreadableInput(stats.skipped)
    scope.checked = dict(scope.read)
    return scope


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
    ledger: Ledger,
    paths: Sequence[str],
    config: Config,
    *,
    baseline: Baseline | None = None,
    changed_since: str | None = None,
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    step: Step = no_step,
    on_warning: Callable[[SkippedInput], None] = lambda warning: None,
) -> CheckReport:
    """Read `paths` into the ledger, reconcile every stored claim and report the findings that
    involve the articles under `paths` (only those changed since git revision `changed_since`).

    Without paths, every article already in the ledger is checked and nothing is read. `step`
    shows the progress of reading and reconciling; warnings (see `read_scope`) go to `on_warning`.
    The reported mentions' columns are found in the texts just read, or, without paths, in their files
    read again (`columns`).
    """
    changed = changed_files(changed_since) if changed_since else None
    if paths:
        scope = read_scope(ledger, paths, config, jobs=jobs, max_bytes=max_bytes, step=step, on_warning=on_warning)
    elif ledger.is_empty():
        raise CheckError(f"the ledger {ledger.path} is empty: give the articles to check (claims check PATH...)")
    if not paths:
        scope = ledger_scope(ledger.article_paths())
    if changed is not None:
        scope = only_changed(scope, changed)
    gone = gone_articles(scope, ledger)
    with no_cycle_collection():
        groups = judged_groups(ledger, config, scope, gone, baseline, step)
        known = known_idents(baseline.keys()) if baseline else frozenset()
        report = compare(find_findings(groups, scope, known), scope, baseline)
    return with_columns(report, scope.texts, max_bytes=max_bytes)


def judged_groups(ledger: Ledger, config: Config, scope: Scope, gone: frozenset[str], baseline: Baseline | None,
                  step: Step) -> Iterable[QuantityGroup]:
    """The quantities whose findings the check reports: when it checks some of the ledger's articles,
    only those their claims count and those of the baseline's entries (`reconcile_touched`); when it
    checks every article, or files under the paths are gone, or the ledger cannot be written (or
    another process kept writing), all."""
    partial = bool(scope.paths) or len(scope.checked) < len(scope.read)
    if partial and not gone and not ledger.read_only:
        quantities = {entry.quantity for entry in baseline.findings} if baseline else set()
        touched = reconcile_touched(ledger, config, scope.checked, quantities, step=step)
        if touched is not None:
            return touched
    batches = reconcile_ledger(ledger, ledger.metrics(), config, keep=lambda claim: claim.article_id not in gone,
                               step=step)
    return itertools.chain.from_iterable(batches)
