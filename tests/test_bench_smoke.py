"""The benches (bench/bench_extract.py, bench/bench_cluster.py) still run: small runs, no timing asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "bench_extract.py"
KEYS = ("extract_vs_pipe", "jobs2_vs_jobs1", "rerun_vs_first", "rss_10n_vs_n", "diff_1m_seconds",
        "diff_1m_computed_seconds", "quantulum3_vs_extract")


def test_bench_small_run_reports_every_figure(tmp_path):
    readme = ROOT / "bench" / "README.md"
    before = readme.read_bytes() if readme.exists() else None
    done = subprocess.run(
        [sys.executable, str(BENCH), "--articles", "20", "--big-factor", "2", "--repeats", "1",
         "--diff-claims", "10000", "--no-record", "--json", "--workdir", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=240, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for key in KEYS:
        assert key in result
        value = result[key]
        if key == "quantulum3_vs_extract" and value is None:  # the optional `bench` extra is not installed
            continue
        assert isinstance(value, (int, float)) and value > 0, (key, value)
    details = result["details"]
    assert details["articles"] == 20 and details["big_articles"] == 40
    assert details["tokens"] > 0 and details["diff_ledger"]["claims"] == 10_000
    # --jobs 2 and a rerun from the ledger give the claims of a fresh --jobs 1 run, byte for byte
    assert details["jobsN_output_identical"] and details["rerun_output_identical"]
    # the saved diff output is the reconciled one, byte for byte
    assert details["diff_saved_output_identical"] is True
    assert result["machine"]["nproc"] >= 1
    # --no-record leaves bench/README.md alone
    assert (readme.read_bytes() if readme.exists() else None) == before


def test_corpus_is_deterministic_and_read_from_the_repository(tmp_path):
    sys.path.insert(0, str(BENCH.parent))
    try:
        import bench_extract
    finally:
        sys.path.remove(str(BENCH.parent))
    templates = bench_extract.load_templates()
    assert len(templates) > 10
    first = [bench_extract.make_article(i, templates) for i in range(30)]
    assert first == [bench_extract.make_article(i, templates) for i in range(30)]
    assert len(set(first)) == 30
    folder = bench_extract.write_corpus(tmp_path / "corpus", 30, templates)
    assert len(bench_extract.corpus_texts(folder)) == 30  # one article per file, none a duplicate
    assert all(ROOT in d.parents for d in bench_extract.TEMPLATE_DIRS)


def test_cluster_bench_small_run(tmp_path):
    """bench/bench_cluster.py: --cluster on a local cluster of 2 workers against --jobs 1, same output."""
    pytest.importorskip("distributed")
    readme = ROOT / "bench" / "README.md"
    before = readme.read_bytes()
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_cluster.py"), "--articles", "6", "--repeats", "1",
                           "--no-record", "--json"], capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["cluster_vs_local"] > 0
    assert result["details"]["same_output"] is True and result["details"]["workers"] == 2
    assert readme.read_bytes() == before
