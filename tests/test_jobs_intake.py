"""The jobs on their own: the shared "read these paths into the ledger" step, and the check reading
each file once (real pipeline, real ledger file)."""

from __future__ import annotations

from collections import Counter

from karabakh_claims.config import load_config
from karabakh_claims.jobs import check as check_job
from karabakh_claims.jobs.intake import read_into_ledger
from karabakh_claims.ledger import Ledger
from karabakh_claims.read import ingest

CONFIG = load_config()
ARTICLE = "Title: Camp fills\nDate: 2024-05-08\n\nOfficials said 300 refugees arrived on Tuesday.\n"


def test_reading_into_the_ledger_stores_records_the_run_and_reuses_what_it_has(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with Ledger(tmp_path / "claims.db") as ledger:
        claims, stats = read_into_ledger(ledger, [str(tmp_path / "a.txt")], CONFIG)
        first = list(claims)
        again, second = read_into_ledger(ledger, [str(tmp_path / "a.txt")], CONFIG)
        assert list(again) == first
        runs = ledger.runs()
    assert [(c.metric, c.value, c.source) for c in first] == [("refugees", 300, "Officials")]
    assert (stats.parsed, stats.reused, second.parsed, second.reused) == (1, 0, 0, 1)
    assert [r["counts"] for r in runs] == [
        {"articles": 1, "parsed": 1, "reused": 0, "claims": 1, "skipped": 0},
        {"articles": 1, "parsed": 0, "reused": 1, "claims": 1, "skipped": 0}]


def test_check_reads_each_file_once(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(ARTICLE.replace("300", "300" if name == "a.txt" else "900"), encoding="utf-8")
    reads: Counter[str] = Counter()
    read_bytes = ingest.read_bytes
    monkeypatch.setattr(ingest, "read_bytes", lambda path, limit: reads.update([path]) or read_bytes(path, limit))
    with Ledger(tmp_path / "claims.db") as ledger:
        report = check_job.check(ledger, [str(tmp_path)], CONFIG)
    assert sorted(reads.values()) == [1, 1]
    assert (report.articles, report.checked) == (2, 2)
    assert [f.key.kind for f in report.new] == ["conflict"]
