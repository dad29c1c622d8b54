"""`claims diff` from stored judgments: after any additions, removals and changes of claims it prints
what a reconcile of the whole ledger prints, while judging again only the quantities that changed.

Real ledgers (the seeds, the development sets, the revision and syndication corpora, read by the real
pipeline into real SQLite files); a seeded random walk removes articles, puts them back, changes
figures and sides in place and marks copies, and after every step each output (JSON, CSV, tables by
figure and by origin, ClaimReview, with and without metrics, a subject, a day, another stale ratio) is
compared, byte for byte, with the output of `--no-cache`.
"""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from rich.console import Console
from test_jobs_check_touched import ledger_copy, remove

from karabakh_claims.config import load_config
from karabakh_claims.jobs.diff import DiffOptions, diff
from karabakh_claims.ledger import Ledger
from karabakh_claims.render.claimreview import Reviewer

OPTIONS = [
    DiffOptions(fmt="json"),
    DiffOptions(metrics=("refugees", "killed"), fmt="json"),
    DiffOptions(metrics=("killed", "wounded", "missing"), fmt="csv", since=dt.date(2023, 9, 25)),
    DiffOptions(metrics=("refugees",), fmt="table"),
    DiffOptions(fmt="table", by="origin", subject="civilians"),
    DiffOptions(metrics=("killed",), fmt="claimreview", review=Reviewer("Desk", dt.date(2026, 11, 30), "https://x.test/r")),
    DiffOptions(metrics=("refugees", "aid"), fmt="json", by="origin", stale_ratio=1.5),
]


@pytest.fixture(scope="module")
def config():
    return load_config()


def output(ledger: Ledger, config, options: DiffOptions, *, reuse: bool) -> str:
    console = Console(width=120, color_system=None, file=io.StringIO()) if options.fmt == "table" else None
    written: list[str] = []
    diff(ledger, config, options, written.append, console=console, reuse=reuse)
    return "".join(written)


def mark_judged(ledger: Ledger) -> None:
    """Mark every stored judgment as old, to count those stored after."""
    with ledger.conn:
        ledger.conn.execute("UPDATE judged SET stored_at = 'old'")


def judged_since_marked(ledger: Ledger) -> set[str]:
    """The quantities judged and stored since `mark_judged`."""
    return {row[0] for row in ledger.conn.execute("SELECT quantity FROM judged WHERE stored_at != 'old'")}


def change_in_place(ledger: Ledger, rng: random.Random) -> None:
    """Change a few stored figures as an edit by hand would: a value, a side, a place, a copy."""
    conn = ledger.conn
    ids = [row[0] for row in conn.execute("SELECT id FROM claims WHERE metric IS NOT NULL ORDER BY id")]
    articles = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
    with conn:
        for claim in rng.sample(ids, min(3, len(ids))):
            conn.execute("UPDATE claims SET value = value * 2, low = low * 2, high = high * 2 WHERE id = ?", (claim,))
        if rng.random() < 0.5 and ids:
            conn.execute("UPDATE claims SET side = ? WHERE id = ?", (rng.choice(["Armenian", None]), rng.choice(ids)))
        if rng.random() < 0.3 and ids:
            conn.execute("UPDATE claims SET place = 'Goris' WHERE id = ?", (rng.choice(ids),))
        if rng.random() < 0.2 and len(articles) > 1:
            copy, of = rng.sample(articles, 2)
            conn.execute("UPDATE articles SET copy_of = ? WHERE id = ?", (of, copy))


def step(ledger: Ledger, config, rng: random.Random, everything: dict, removed: list[str]) -> list[str]:
    """Remove some articles, put some back, change some figures; the articles removed after."""
    present = sorted(set(everything) - set(removed))
    gone = rng.sample(present, rng.randint(0, max(1, len(present) // 6)))
    remove(ledger, gone)
    back = rng.sample(removed, rng.randint(0, len(removed)))
    ledger.replace_articles([everything[i] for i in back], config.pipeline_version)
    if rng.random() < 0.5:
        change_in_place(ledger, rng)
    return sorted((set(removed) - set(back)) | set(gone))


@pytest.mark.parametrize("one_side", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_diff_from_stored_judgments_is_the_diff_of_a_full_reconcile(tmp_path, corpora_ledger, config, seed, one_side):
    rng = random.Random(seed)
    with ledger_copy(tmp_path, corpora_ledger, one_side) as (ledger, everything):
        removed: list[str] = []
        output(ledger, config, DiffOptions(fmt="json"), reuse=True)
        quantities = ledger.conn.execute("SELECT count(*) FROM judged").fetchone()[0]
        partial = 0
        for _ in range(7):
            removed = step(ledger, config, rng, everything, removed)
            mark_judged(ledger)
            for options in rng.sample(OPTIONS, 4):
                stored = output(ledger, config, options, reuse=True)
                assert stored == output(ledger, config, options, reuse=False), options
                assert output(ledger, config, options, reuse=True) == stored
            partial += 0 < len(judged_since_marked(ledger)) < quantities
        assert partial >= 4


def test_an_unchanged_ledger_judges_nothing_and_one_new_article_only_its_quantities(tmp_path, corpora_ledger, config):
    with ledger_copy(tmp_path, corpora_ledger) as (ledger, everything):
        seed = next(i for i, (a, _) in everything.items() if a.file.endswith("001_21b2102d4012c38e.txt"))
        remove(ledger, [seed])
        options = DiffOptions(fmt="json")
        output(ledger, config, options, reuse=True)
        mark_judged(ledger)
        output(ledger, config, options, reuse=True)
        assert judged_since_marked(ledger) == set()
        ledger.replace_articles([everything[seed]], config.pipeline_version)
        again = output(ledger, config, options, reuse=True)
        assert again == output(ledger, config, options, reuse=False)
        keys = judged_since_marked(ledger)
        counted = {row[0] for row in ledger.conn.execute(
            "SELECT DISTINCT scope FROM claim_scopes JOIN claims ON claims.id = claim_scopes.claim WHERE article_id = ?",
            (seed,))}
        assert 0 < len(keys) <= len(counted)
        assert all(key.split("|")[0] in {c.metric for c in everything[seed][1]} for key in keys)


def test_a_read_only_ledger_with_changes_waiting_is_reconciled_in_full(tmp_path, corpora_ledger, config):
    options = DiffOptions(metrics=("refugees",), fmt="json")
    with ledger_copy(tmp_path, corpora_ledger) as (ledger, _):
        expected = output(ledger, config, options, reuse=False)
        assert ledger.conn.execute("SELECT count(*) FROM scopes_pending").fetchone()[0] > 0
        ledger.read_only = True
        assert output(ledger, config, options, reuse=True) == expected
        assert ledger.conn.execute("SELECT count(*) FROM judged").fetchone()[0] == 0


def test_a_metric_that_gets_a_second_side_is_judged_again_whole(tmp_path, corpora_ledger, config):
    """Unsided figures count their metric's only side's quantity: when a figure of another side comes,
    they leave it, and the quantity they left is judged again though none of its own claims changed."""
    with ledger_copy(tmp_path, corpora_ledger, one_side=True) as (ledger, _):
        unsided, metric, side = ledger.conn.execute(
            "SELECT min(u.id), u.metric, min(s.side) FROM claims u JOIN claims s ON s.metric = u.metric "
            "WHERE u.side IS NULL AND NOT u.historical AND s.side IS NOT NULL GROUP BY u.metric ORDER BY u.metric"
        ).fetchone()
        options = DiffOptions(metrics=(metric,), fmt="json")
        first = output(ledger, config, options, reuse=True)
        assert (metric, side) == ("killed", "Armenian") and '"key": "killed|people|Armenian|-|current"' in first
        with ledger.conn:
            ledger.conn.execute("UPDATE claims SET side = 'Elsewhere' WHERE id = ?", (unsided,))
        again = output(ledger, config, options, reuse=True)
        assert again == output(ledger, config, options, reuse=False) != first
