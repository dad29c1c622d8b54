"""The ledger stage: one SQLite file behind one Ledger class (real files, no mocks)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from karabakh_claims.ledger import Ledger, LedgerError, LedgerMissing
from karabakh_claims.ledger.schema import FOLDER, SCHEMA_VERSION
from karabakh_claims.models import Article, Claim, Qualifier


def article(text: str = "Officials said 300 refugees arrived.", file: str = "a.txt", file_hash: str = "h1") -> Article:
    return Article(id=f"id-{file_hash}", file=file, offset=0, text=text, title="Camp", publisher="Paper",
                   published=dt.date(2024, 5, 8), file_hash=file_hash)


def claim(of: Article, value: float = 300, metric: str | None = "refugees") -> Claim:
    return Claim(file=of.file, article_id=of.id, publisher=of.publisher, published=of.published, text="300",
                 value=value, qualifier=Qualifier.about, unit="people", start=15, end=18, line=1,
                 sentence=of.text, metric=metric, source="Officials", as_of=dt.date(2024, 5, 7))


def test_claims_go_in_and_come_back_equal(tmp_path):
    stored = article()
    with Ledger(tmp_path / "claims.db") as ledger:
        ledger.replace_article(stored, [claim(stored), claim(stored, 12, metric=None)], "v1")
        assert ledger.article_claims(stored.id) == [claim(stored), claim(stored, 12, metric=None)]
        assert ledger.claims(metrics=["refugees"]) == [claim(stored)]
        assert ledger.metrics() == ["refugees"]
        assert ledger.has_article(stored.id, "v1", "h1") and not ledger.has_article(stored.id, "v2")
        assert [a.id for a in ledger.articles()] == [stored.id]
        assert not ledger.is_empty() and ledger.count_claims() == 2


def test_a_changed_file_replaces_the_claims_of_its_earlier_version(tmp_path):
    first, second = article(file_hash="h1"), article(text="Officials said 400 refugees arrived.", file_hash="h2")
    with Ledger(tmp_path / "claims.db") as ledger:
        ledger.replace_article(first, [claim(first)], "v1")
        ledger.replace_article(second, [claim(second, 400)], "v1")
        assert [a.id for a in ledger.articles()] == [second.id]
        assert [c.value for c in ledger.claims()] == [400]


def by_value(claim: Claim) -> str:
    return f"scope-{claim.value:g}"


def test_scopes_count_their_claims_and_are_marked_dirty_when_one_comes_or_goes(tmp_path):
    stored = article()
    with Ledger(tmp_path / "claims.db") as ledger:
        ledger.replace_article(stored, [claim(stored), claim(stored, 400), claim(stored, 400)], "v1")
        ledger.fill_scopes("rules", by_value)
        assert ledger.scope_counts() == {"scope-300": 1, "scope-400": 2}
        assert sorted(ledger.dirty_scopes()) == ["scope-300", "scope-400"]
        with ledger._transaction():
            ledger.clear_dirty()
        assert ledger.dirty_scopes() == []
        ledger.replace_article(stored, [claim(stored, 500)], "v1")
        ledger.fill_scopes("rules", by_value)
        assert ledger.scope_counts() == {"scope-500": 1}
        assert sorted(ledger.dirty_scopes()) == ["scope-300", "scope-400", "scope-500"]
        with ledger._transaction():
            ledger.clear_dirty()
        assert ledger.conn.execute("SELECT scope, claims, dirty FROM scope_counts").fetchall() == [("scope-500", 1, 0)]


def test_judgments_and_output_parts_are_kept_only_for_the_claims_they_were_made_from(tmp_path):
    from karabakh_claims.ledger.judged import pack

    stored = article()
    with Ledger(tmp_path / "claims.db") as ledger:
        ledger.replace_article(stored, [claim(stored)], "v1")
        stamp = ledger.stamp()
        ledger.save_judged("judge", [("q", '{"rule": "r"}', pack('{"key": "q"}'))], ("out", [("q", "[]", pack("text"))]),
                           stamp, "2026-11-30T00:00:00+00:00")
        assert ledger.judged_estimates("judge", ["q", "other"]) == {"q": '{"rule": "r"}'}
        assert ledger.judged_group("judge", "q") == '{"key": "q"}' and ledger.judged_group("judge", "other") is None
        assert ledger.output_parts("out", ["q", "other"]) == {"q": ("[]", "text")}
        ledger.replace_article(stored, [claim(stored, 301)], "v1")
        ledger.save_judged("judge", [("late", "{}", pack("{}"))], None, stamp, "2026-11-30T00:00:01+00:00")
        assert ledger.judged_estimates("judge", ["late"]) == {}
        with ledger._transaction():
            ledger.drop_quantities(["q"])
        assert ledger.judged_estimates("judge", ["q"]) == {} and ledger.output_parts("out", ["q"]) == {}


def test_runs_are_recorded(tmp_path):
    with Ledger(tmp_path / "claims.db") as ledger:
        run = ledger.start_run("v1", ["seeds/"])
        ledger.finish_run(run, {"articles": 5})
        [recorded] = ledger.runs()
    assert (recorded["id"], recorded["version"], recorded["paths"], recorded["counts"]) == (run, "v1", ["seeds/"], {"articles": 5})
    assert recorded["finished"] is not None


def test_a_new_ledger_is_at_the_current_schema_and_a_missing_one_is_not_created(tmp_path):
    with Ledger(tmp_path / "claims.db"):
        pass
    assert sqlite3.connect(tmp_path / "claims.db").execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with pytest.raises(LedgerMissing, match="no ledger at"):
        Ledger(tmp_path / "none.db", create=False)


def test_a_ledger_of_schema_6_gains_the_folder_index_and_finds_folders_by_it(tmp_path):
    db = tmp_path / "claims.db"
    with Ledger(db) as ledger:
        for i, path in enumerate(["seeds/a.txt", "seeds/b.txt", "/abs/news/c.txt", "top.txt"]):
            ledger.conn.execute("INSERT INTO articles (id, path, pipeline_version, added_at) VALUES (?, ?, 'v', 'now')",
                                (f"id{i}", path))
        ledger.conn.execute("DROP INDEX articles_folder")
        ledger.conn.execute("PRAGMA user_version = 6")
    with Ledger(db) as ledger:
        plan = " ".join(row[-1] for row in ledger.conn.execute(f"EXPLAIN QUERY PLAN SELECT DISTINCT {FOLDER} FROM articles"))
        assert plan == "SCAN articles USING INDEX articles_folder"
        assert sorted(ledger.article_folders()) == ["", "/abs/news/", "seeds/"]
        assert sorted(ledger.folder_articles(["seeds/", ""])) == [("id0", "seeds/a.txt"), ("id1", "seeds/b.txt"),
                                                                   ("id3", "top.txt")]
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7


def test_a_file_that_is_not_a_ledger_is_one_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(LedgerError, match="junk.db"):
        Ledger(junk)


def test_opening_a_ledger_needs_no_model():
    import subprocess
    import sys

    code = "import sys, karabakh_claims.ledger, karabakh_claims.config; print('pydantic' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
