"""Saved `claims diff` outputs: printed again while the claims of the metrics it shows are unchanged,
computed again as soon as one of them changes (the real executable on a real ledger; the saved body is
overwritten by hand to see where an output comes from)."""

from __future__ import annotations

import sqlite3
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

MARK = "SAVED OUTPUT\n"
REFUGEES_ONLY = """Title: Arrivals keep rising
Publisher: Border Desk
Date: 2023-10-06

The government said on Friday that 101,000 refugees had arrived in Armenia.
"""


def run(exe, *args, env):
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def diff(exe, env, *args) -> str:
    done = run(exe, "diff", *args, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def mark_saved_outputs(db: Path) -> int:
    """Overwrite every saved output with MARK; the number of outputs saved."""
    with sqlite3.connect(db) as conn:
        return conn.execute("UPDATE outputs SET body = ?", (zlib.compress(MARK.encode()),)).rowcount


def generations(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT scope, n FROM generations"))


@pytest.fixture
def seeds_ledger(claims_exe, cli_env) -> dict[str, str]:
    done = run(claims_exe, "extract", "seeds/", "--format", "jsonl", env=cli_env)
    assert done.returncode == 0, done.stderr
    return cli_env


def test_the_same_diff_on_an_unchanged_ledger_is_the_saved_output(claims_exe, seeds_ledger):
    db = Path(seeds_ledger["CLAIMS_DB"])
    computed = diff(claims_exe, seeds_ledger, "--metric", "killed")
    assert '"192"' in computed and '"191"' in computed
    assert mark_saved_outputs(db) == 1
    assert diff(claims_exe, seeds_ledger, "--metric", "killed") == MARK
    assert diff(claims_exe, seeds_ledger, "--metric", "killed", "--no-cache") == computed
    assert diff(claims_exe, seeds_ledger, "--metric", "killed", "--subject", "servicemen") != MARK


def test_a_new_claim_of_the_metric_is_never_answered_from_the_saved_output(claims_exe, seeds_ledger):
    db = Path(seeds_ledger["CLAIMS_DB"])
    before = generations(db)
    diff(claims_exe, seeds_ledger, "--metric", "killed")
    mark_saved_outputs(db)
    done = run(claims_exe, "extract", str(FIXTURES / "check" / "150_killed.txt"), "--format", "jsonl", env=seeds_ledger)
    assert done.returncode == 0, done.stderr
    assert generations(db) == {**before, "killed": before["killed"] + 1}
    again = diff(claims_exe, seeds_ledger, "--metric", "killed")
    assert again != MARK and '"150"' in again


def test_claims_of_other_metrics_keep_the_saved_output(claims_exe, seeds_ledger, tmp_path):
    db = Path(seeds_ledger["CLAIMS_DB"])
    diff(claims_exe, seeds_ledger, "--metric", "killed")
    diff(claims_exe, seeds_ledger, "--metric", "refugees")
    assert mark_saved_outputs(db) == 2
    (tmp_path / "arrivals.txt").write_text(REFUGEES_ONLY, encoding="utf-8")
    done = run(claims_exe, "extract", str(tmp_path / "arrivals.txt"), "--format", "jsonl", env=seeds_ledger)
    assert done.returncode == 0 and '"metric": "refugees"' in done.stdout and '"killed"' not in done.stdout
    assert diff(claims_exe, seeds_ledger, "--metric", "killed") == MARK
    refugees = diff(claims_exe, seeds_ledger, "--metric", "refugees")
    assert refugees != MARK and '"101,000"' in refugees
    assert diff(claims_exe, seeds_ledger) != MARK


def test_a_copy_of_changed_in_place_computes_again(claims_exe, seeds_ledger):
    db = Path(seeds_ledger["CLAIMS_DB"])
    diff(claims_exe, seeds_ledger, "--metric", "killed")
    mark_saved_outputs(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET copy_of = NULL")
    assert diff(claims_exe, seeds_ledger, "--metric", "killed") != MARK


def test_a_table_is_saved_for_the_terminal_it_was_drawn_for():
    from rich.console import Console

    from karabakh_claims.config import load_config
    from karabakh_claims.jobs.diff import DiffOptions, diff_key

    config = load_config()

    def key(fmt, console, **options):
        return diff_key(DiffOptions(("killed",), options.get("subject"), None, fmt, options.get("stale_ratio")), config,
                        console)

    narrow, wide = Console(width=80, color_system=None), Console(width=120, color_system=None)
    coloured = Console(width=80, color_system="truecolor", force_terminal=True)
    assert len({key("table", narrow), key("table", wide), key("table", coloured)}) == 3
    assert key("json", None) != key("csv", None) != key("table", narrow)
    assert key("json", None) != key("json", None, subject="children") != key("json", None, stale_ratio=1.5)
    assert key("json", None) == key("json", None)


def test_a_busy_ledger_still_answers_without_saving(claims_exe, seeds_ledger):
    """Another process holding the write lock: the diff is printed at once and not saved."""
    db = Path(seeds_ledger["CLAIMS_DB"])
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        computed = diff(claims_exe, seeds_ledger, "--metric", "killed")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert '"192"' in computed
    assert mark_saved_outputs(db) == 0


def test_only_the_last_outputs_are_kept(claims_exe, seeds_ledger):
    from karabakh_claims.ledger.schema import KEPT_OUTPUTS

    db = Path(seeds_ledger["CLAIMS_DB"])
    for since in ("2023-09-01", "2023-09-20", "2023-09-25", "2023-09-27", "2023-09-30", "2023-10-04"):
        diff(claims_exe, seeds_ledger, "--since", since)
    assert mark_saved_outputs(db) == KEPT_OUTPUTS == 4
    assert diff(claims_exe, seeds_ledger, "--since", "2023-10-04") == MARK
    assert diff(claims_exe, seeds_ledger, "--since", "2023-09-01") != MARK


def test_a_ledger_of_schema_1_is_upgraded_with_its_claims(tmp_path):
    from karabakh_claims.ledger import Ledger
    from karabakh_claims.ledger.schema import SCHEMA, SCHEMA_VERSION

    db = tmp_path / "old.db"
    later = ("    source_text TEXT,\n", "    projection INTEGER NOT NULL DEFAULT 0,\n", "    origin TEXT,\n",
             "    origin_kind TEXT,\n", "    origin_side TEXT,\n", "    retracted INTEGER NOT NULL DEFAULT 0,\n")
    schema_1 = SCHEMA
    for column in later:
        assert column in schema_1
        schema_1 = schema_1.replace(column, "")
    assert schema_1 != SCHEMA
    with sqlite3.connect(db) as conn:
        for statement in filter(str.strip, schema_1.split(";")):
            conn.execute(statement)
        conn.execute("INSERT INTO articles (id, path, pipeline_version, added_at) VALUES ('a', 'a.txt', 'v', 'now')")
        conn.execute("INSERT INTO claims (file, article_id, text, value, qualifier, start, \"end\", line, sentence, "
                     "metric, pipeline_version) VALUES ('a.txt', 'a', '5', 5, 'exact', 0, 1, 1, '5 died.', 'killed', 'v')")
        conn.execute("PRAGMA user_version = 1")
    with Ledger(db) as ledger:
        assert ledger.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert [(c.text, c.source_text, c.projection, c.origin, c.retracted) for c in ledger.claims()] == [
            ("5", None, False, None, False)]
        assert ledger.conn.execute("SELECT claim FROM scopes_pending").fetchall() == [(1,)]
        assert ledger.stamp(["killed"]) == "[]"
        ledger.conn.execute("UPDATE claims SET value = 6")
        assert ledger.stamp(["killed"]) == '[["killed", 2]]'
        assert ledger.stamp(["refugees"]) == "[]"
