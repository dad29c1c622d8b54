"""`claims check PATHS` reconciles only the quantities the checked articles touch (and the baseline's):
its report is the one a reconcile of the whole ledger gives, whatever the ledger held before.

The ledgers hold the real claims of the seeds, the development sets and the revision and syndication
corpora (real pipeline, real SQLite files); a seeded random walk removes articles and adds them back,
checks random articles against random baselines, and compares the two ways after every step.
"""

from __future__ import annotations

import itertools
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from karabakh_claims.config import load_config
from karabakh_claims.jobs.check import Scope, compare
from karabakh_claims.jobs.findings import find_findings, known_idents
from karabakh_claims.jobs.judged import reconcile_touched, refresh
from karabakh_claims.jobs.reconciling import reconcile_claims, reconcile_ledger
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import Article, Baseline, BaselineEntry, FigureRef, Verdict
from karabakh_claims.reconcile.grouping import NARROWABLE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def config():
    return load_config()


def stored_articles(ledger: Ledger) -> dict[str, tuple[Article, list]]:
    """Each stored article (as much of it as the ledger keeps) with its claims, to put back later."""
    kept = {}
    for record in ledger.articles():
        article = Article(id=record.id, file=record.path, offset=0, text="-", title=record.title,
                          publisher=record.publisher, published=record.published, url=record.url,
                          file_hash=record.file_hash)
        kept[record.id] = (article, ledger.article_claims(record.id))
    return kept


def remove(ledger: Ledger, ids: list[str]) -> None:
    with ledger.conn:
        ledger.conn.executemany("DELETE FROM claims WHERE article_id = ?", [(i,) for i in ids])
        ledger.conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])


def both_ways(ledger: Ledger, config, scope: Scope, baseline: Baseline | None):
    """The check's report from a reconcile of the whole ledger and from the touched quantities alone,
    with the groups of each."""
    full = list(itertools.chain.from_iterable(reconcile_ledger(ledger, ledger.metrics(), config)))
    quantities = {e.quantity for e in baseline.findings} if baseline else set()
    touched = reconcile_touched(ledger, config, scope.checked, quantities)
    known = known_idents(baseline.keys()) if baseline else frozenset()
    return (compare(find_findings(full, scope), scope, baseline), full,
            compare(find_findings(touched, scope, known), scope, baseline), touched)


def random_baseline(rng: random.Random, findings) -> Baseline | None:
    if rng.random() < 0.3:
        return None
    chosen = [f for f in findings if rng.random() < 0.5]
    entries = [BaselineEntry(kind=f.key.kind, quantity=f.key.quantity, figures=f.key.figures) for f in chosen]
    entries.append(BaselineEntry(kind="conflict", quantity="refugees|people|-|-|current",
                                 figures=(FigureRef(publisher="Nobody", value=1.0, text="1"),)))
    return Baseline(findings=tuple(entries))


def assert_same_groups(full, touched) -> None:
    """Every touched quantity is judged as the whole ledger judges it, but that a narrower quantity is
    marked `subscope` only when its parent is among those reconciled."""
    by_key = {g.key: g for g in full}
    for group in touched:
        whole = by_key[group.key]
        assert [rc.claim for rc in group.claims] == [rc.claim for rc in whole.claims]
        for mine, theirs in zip(group.claims, whole.claims):
            if theirs.verdict is Verdict.subscope and mine.verdict is not Verdict.subscope:
                assert mine.verdict in NARROWABLE
            else:
                assert (mine.verdict, mine.explanation) == (theirs.verdict, theirs.explanation)
        assert group.estimate == whole.estimate


def one_side_each(ledger: Ledger) -> None:
    """Every sided figure of a metric on its first side: an unsided figure of it then counts that side's
    quantity (`with_only_side`), until the walk removes the last sided one."""
    with ledger.conn:
        for metric, side in ledger.conn.execute(
                "SELECT metric, min(side) FROM claims WHERE side IS NOT NULL GROUP BY metric").fetchall():
            ledger.conn.execute("UPDATE claims SET side = ? WHERE metric = ? AND side IS NOT NULL", (side, metric))


@contextmanager
def ledger_copy(tmp_path: Path, source: Path, one_side: bool = False) -> Iterator[tuple[Ledger, dict]]:
    """A copy of the ledger `source` (with `one_side_each` when `one_side`) and its articles as stored."""
    path = tmp_path / "claims.db"
    shutil.copy(source, path)
    with Ledger(path) as ledger:
        if one_side:
            one_side_each(ledger)
        yield ledger, stored_articles(ledger)


@pytest.mark.parametrize("one_side", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_touched_quantities_give_the_report_of_a_full_reconcile(tmp_path, corpora_ledger, config, seed, one_side):
    rng = random.Random(seed)
    with ledger_copy(tmp_path, corpora_ledger, one_side) as (ledger, everything):
        removed: list[str] = []
        reported = 0
        for _ in range(6):
            present = sorted(set(everything) - set(removed))
            gone = rng.sample(present, rng.randint(0, len(present) // 4))
            remove(ledger, gone)
            back = rng.sample(removed, rng.randint(0, len(removed)))
            ledger.replace_articles([everything[i] for i in back], config.pipeline_version)
            removed = sorted((set(removed) - set(back)) | set(gone))
            present = sorted(set(everything) - set(removed))
            checked = rng.sample(present, rng.randint(1, 4))
            scope = Scope(("corpus",), {i: everything[i][0].file for i in present},
                          {i: everything[i][0].file for i in checked})
            all_findings = find_findings(itertools.chain.from_iterable(
                reconcile_ledger(ledger, ledger.metrics(), config)), scope)
            baseline = random_baseline(rng, all_findings)
            full_report, full, touched_report, touched = both_ways(ledger, config, scope, baseline)
            assert touched_report == full_report
            assert_same_groups(full, touched)
            assert len(touched) <= len(full)
            reported += len(full_report.new) + len(full_report.baselined) + len(full_report.fixed)
        assert reported > 0


def test_a_check_of_one_article_reconciles_only_its_quantities(tmp_path, corpora_ledger, config):
    path = tmp_path / "claims.db"
    shutil.copy(corpora_ledger, path)
    with Ledger(path) as ledger:
        seed_article = next(a for a in ledger.articles() if a.path.endswith("000_d08bcaf33cd278f6.txt"))
        scope = Scope(("x",), {seed_article.id: seed_article.path}, {seed_article.id: seed_article.path})
        touched = reconcile_touched(ledger, config, scope.checked)
        full = list(itertools.chain.from_iterable(reconcile_ledger(ledger, ledger.metrics(), config)))
        own = {rc.claim.article_id for g in touched for rc in g.claims}
        assert seed_article.id in own
        assert all(any(rc.claim.article_id == seed_article.id for rc in g.claims) for g in touched)
        assert 0 < len(touched) < len(full) / 3


def test_scopes_follow_the_rules_they_were_read_with(tmp_path, corpora_ledger, config):
    path = tmp_path / "claims.db"
    shutil.copy(corpora_ledger, path)
    with Ledger(path) as ledger:
        reconcile_touched(ledger, config, [])
        before = set(ledger.scopes())
        ledger.fill_scopes("other rules", lambda claim: "one scope")
        assert ledger.scopes() == ["one scope"]
        reconcile_touched(ledger, config, [])
        assert set(ledger.scopes()) == before
        pending = ledger.conn.execute("SELECT count(*) FROM scopes_pending").fetchone()[0]
        assert pending == 0


def test_a_quantity_read_by_its_scopes_is_judged_as_its_claims_group_without_grouping_them_again(
        tmp_path, corpora_ledger, config):
    path = tmp_path / "claims.db"
    shutil.copy(corpora_ledger, path)
    with Ledger(path) as ledger:
        found = refresh(ledger, config)
        copies = ledger.copies()
        assert len(found.by_parts) > 40
        for quantity in found.by_parts.values():
            claims = ledger.scope_claims(quantity.scopes)
            regrouped = reconcile_claims(claims, config, copies, only=found.only)
            given = reconcile_claims(claims, config, copies, only=found.only, parts=quantity.parts)
            assert [g.key for g in given] == [g.key for g in regrouped] == [quantity.key]
            assert given == regrouped
            assert given[0].model_dump_json() == regrouped[0].model_dump_json()
