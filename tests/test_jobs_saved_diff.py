"""Stored judgments and output parts of `claims diff`: a quantity's share of an output is printed
again while its claims (and its parent's estimate) are unchanged, and judged and rendered again as
soon as one of them changes (the real executable on a real ledger; the stored parts are overwritten
by hand to see where each piece of an output comes from)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

MARK = "SAVED PART"
REFUGEES_ONLY = """Title: Arrivals keep rising
Publisher: Border Desk
Date: 2023-10-06

The government said on Friday that 101,000 refugees had arrived in Armenia.
"""
KILLED = ["killed|civilians|Azerbaijani|-|current", "killed|combatants|Armenian|-|current",
          "killed|combatants|Azerbaijani|-|current", "killed|people|-|-|current", "killed|people|-|-|historical"]


def run(exe, *args, env):
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def diff(exe, env, *args) -> str:
    done = run(exe, "diff", *args, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def mark_saved_parts(db: Path) -> int:
    """Overwrite every stored output part with MARK; the number of outputs they belong to."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE output_parts SET body = ?", (MARK,))
        return conn.execute("SELECT count(DISTINCT output) FROM output_parts").fetchone()[0]


def pieces(output: str) -> list[str]:
    """The members of a JSON diff output, each a quantity's JSON or MARK where it was read as stored."""
    return [line.rstrip(",") for line in output.splitlines()[1:-1]]


def keys(output: str) -> list[str]:
    """Each piece's quantity key, or MARK."""
    return [MARK if piece == MARK else json.loads(piece)["key"] for piece in pieces(output)]


def generations(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT scope, n FROM generations"))


@pytest.fixture
def seeds_ledger(claims_exe, cli_env) -> dict[str, str]:
    done = run(claims_exe, "extract", "seeds/", "--format", "jsonl", env=cli_env)
    assert done.returncode == 0, done.stderr
    return cli_env


def test_the_same_diff_on_an_unchanged_ledger_is_made_of_the_stored_parts(claims_exe, seeds_ledger):
    db = Path(seeds_ledger["CLAIMS_DB"])
    computed = diff(claims_exe, seeds_ledger, "--metric", "killed")
    assert keys(computed) == KILLED and '"192"' in computed and '"191"' in computed
    assert mark_saved_parts(db) == 1
    assert diff(claims_exe, seeds_ledger, "--metric", "killed") == "[\n" + ",\n".join([MARK] * 5) + "\n]\n"
    assert diff(claims_exe, seeds_ledger, "--metric", "killed", "--no-cache") == computed
    assert MARK not in diff(claims_exe, seeds_ledger, "--metric", "killed", "--subject", "servicemen")


def test_a_new_claim_makes_its_quantity_judged_and_rendered_again_and_no_other(claims_exe, seeds_ledger):
    db = Path(seeds_ledger["CLAIMS_DB"])
    before = generations(db)
    diff(claims_exe, seeds_ledger, "--metric", "killed")
    mark_saved_parts(db)
    done = run(claims_exe, "extract", str(FIXTURES / "check" / "150_killed.txt"), "--format", "jsonl", env=seeds_ledger)
    assert done.returncode == 0, done.stderr
    assert generations(db) == {**before, "killed": before["killed"] + 1}
    again = diff(claims_exe, seeds_ledger, "--metric", "killed")
    assert keys(again) == [MARK, MARK, "killed|combatants|Azerbaijani|-|current", MARK, MARK] and '"150"' in again
    assert MARK not in diff(claims_exe, seeds_ledger, "--metric", "killed", "--no-cache")


def test_claims_of_other_metrics_and_quantities_keep_their_parts(claims_exe, seeds_ledger, tmp_path):
    db = Path(seeds_ledger["CLAIMS_DB"])
    diff(claims_exe, seeds_ledger, "--metric", "killed")
    diff(claims_exe, seeds_ledger, "--metric", "refugees")
    assert mark_saved_parts(db) == 2
    (tmp_path / "arrivals.txt").write_text(REFUGEES_ONLY, encoding="utf-8")
    done = run(claims_exe, "extract", str(tmp_path / "arrivals.txt"), "--format", "jsonl", env=seeds_ledger)
    assert done.returncode == 0 and '"metric": "refugees"' in done.stdout and '"killed"' not in done.stdout
    assert keys(diff(claims_exe, seeds_ledger, "--metric", "killed")) == [MARK] * 5
    refugees = diff(claims_exe, seeds_ledger, "--metric", "refugees")
    assert keys(refugees) == [MARK, MARK, "refugees|people|-|Armenia|current", MARK] and '"101,000"' in refugees
    assert MARK not in diff(claims_exe, seeds_ledger)


def test_a_copy_of_changed_in_place_judges_everything_again(claims_exe, seeds_ledger):
    db = Path(seeds_ledger["CLAIMS_DB"])
    diff(claims_exe, seeds_ledger, "--metric", "killed")
    mark_saved_parts(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET copy_of = NULL")
    assert keys(diff(claims_exe, seeds_ledger, "--metric", "killed")) == KILLED


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
    """Another process holding the write lock: the diff waits a moment, then reconciles in full and saves nothing."""
    db = Path(seeds_ledger["CLAIMS_DB"])
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        computed = diff(claims_exe, seeds_ledger, "--metric", "killed")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert '"192"' in computed
    assert mark_saved_parts(db) == 0


def test_only_the_last_outputs_are_kept(claims_exe, seeds_ledger):
    from karabakh_claims.ledger.judged import KEPT_OUTPUTS

    db = Path(seeds_ledger["CLAIMS_DB"])
    for since in ("2023-09-01", "2023-09-20", "2023-09-25", "2023-09-27", "2023-09-30", "2023-10-04"):
        diff(claims_exe, seeds_ledger, "--since", since)
    assert mark_saved_parts(db) == KEPT_OUTPUTS == 4
    assert set(keys(diff(claims_exe, seeds_ledger, "--since", "2023-10-04"))) == {MARK}
    assert MARK not in diff(claims_exe, seeds_ledger, "--since", "2023-09-01")


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
        assert ledger.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
        assert [(c.text, c.source_text, c.projection, c.origin, c.retracted) for c in ledger.claims()] == [
            ("5", None, False, None, False)]
        assert ledger.conn.execute("SELECT claim FROM scopes_pending").fetchall() == [(1,)]
        assert ledger.stamp(["killed"]) == "[]"
        ledger.conn.execute("UPDATE claims SET value = 6")
        assert ledger.stamp(["killed"]) == '[["killed", 2]]'
        assert ledger.stamp(["refugees"]) == "[]"
