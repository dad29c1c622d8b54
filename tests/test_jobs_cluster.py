"""`claims extract --cluster`: a Dask cluster of 2 worker processes started here, runs of the real
executable compared byte for byte with local runs, and the cluster's failures."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
import warnings

import pytest
from conftest import CONFIG, KARABAKH_METRICS, ROOT, SEEDS

pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from karabakh_claims.cli import cli  # noqa: E402
from karabakh_claims.jobs.cluster import ClusterParser, parse_chunk, worker_counts  # noqa: E402
from karabakh_claims.jobs.intake import read_into_ledger  # noqa: E402
from karabakh_claims.ledger import Ledger  # noqa: E402

MARKER = "MARKER-FOR-THE-STAND-IN"
ARTICLE = "Title: Camp fills\nDate: 2024-05-08\n\nOfficials said {n} refugees arrived on Tuesday.\n"


@pytest.fixture(scope="module")
def cluster():
    """2 single-threaded worker processes; a worker that dies fails its chunks at once (not after
    dying on three others), and no chunk moves from a worker to another once given to it (so that
    none waits on a worker that dies)."""
    import dask

    settings = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.work-stealing": False}
    with dask.config.set(settings), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Port .* is already in use")  # its web page: none is used
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                             silence_logs=logging.ERROR)
    with local:
        yield local


@pytest.fixture
def client(cluster):
    with Client(cluster, set_as_default=False) as connected:
        yield connected


def counts(client: Client) -> dict[str, int]:
    """Pipelines loaded, chunks and articles parsed, summed over the workers since they started."""
    per_worker = client.run(worker_counts).values()
    return {name: sum(c[name] for c in per_worker) for name in ("loads", "chunks", "articles")}


def extract(exe: str, *args: str, db) -> subprocess.CompletedProcess:
    env = dict(os.environ, CI="true")
    env.pop("CLAIMS_DB", None)
    return subprocess.run([exe, "extract", *args, "--format", "jsonl", "--db", str(db)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)


def same_run(cluster_run: subprocess.CompletedProcess, local_run: subprocess.CompletedProcess) -> bool:
    return (cluster_run.returncode, cluster_run.stdout, cluster_run.stderr) == \
        (local_run.returncode, local_run.stdout, local_run.stderr)


def test_a_cluster_run_is_a_local_run_and_sends_only_new_articles(cluster, client, claims_exe, tmp_path):
    inputs = ("seeds/", "fixtures/articles/")
    local = extract(claims_exe, *inputs, "--jobs", "1", db=tmp_path / "local.db")
    assert local.returncode == 0 and local.stdout.count("\n") > 100, local.stderr
    before = counts(client)
    remote = extract(claims_exe, *inputs, "--cluster", cluster.scheduler_address, db=tmp_path / "cluster.db")
    assert same_run(remote, local)
    sent = counts(client)
    assert sent["chunks"] - before["chunks"] >= 3
    # the same run again: the ledger answers, nothing is sent
    again = extract(claims_exe, *inputs, "--cluster", cluster.scheduler_address, db=tmp_path / "cluster.db")
    assert same_run(again, local)
    assert counts(client) == sent
    # what the cluster run stored is what the local run stored
    assert extract(claims_exe, *inputs, db=tmp_path / "cluster.db").stdout == local.stdout
    with Ledger(tmp_path / "cluster.db") as ledger:
        assert [r["counts"]["parsed"] for r in ledger.runs()] == [sent["articles"] - before["articles"], 0, 0]
    # the model is loaded once per worker process, however many chunks it parsed
    per_worker = client.run(worker_counts).values()
    assert [c["loads"] for c in per_worker] == [1, 1]
    assert max(c["chunks"] for c in per_worker) >= 2


def test_a_changed_article_is_sent_alone_and_an_unreadable_file_costs_one_line(cluster, client, claims_exe, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe" * 20)
    # the workers read with the configuration given here (a crisis file of its own)
    metrics = ("--metrics", str(KARABAKH_METRICS))
    first = extract(claims_exe, str(corpus), *metrics, "--cluster", cluster.scheduler_address, db=tmp_path / "cluster.db")
    assert same_run(first, extract(claims_exe, str(corpus), *metrics, db=tmp_path / "local.db"))
    assert first.stderr.count("\n") == 1 and "broken.txt" in first.stderr
    changed = corpus / "002_74d98d7179d29802.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOfficials said 4,321 refugees arrived on Monday.\n",
                       encoding="utf-8")
    before = counts(client)
    second = extract(claims_exe, str(corpus), *metrics, "--cluster", cluster.scheduler_address,
                     db=tmp_path / "cluster.db")
    assert same_run(second, extract(claims_exe, str(corpus), *metrics, db=tmp_path / "fresh.db"))
    assert "4,321" in second.stdout
    assert {k: v - before[k] for k, v in counts(client).items()} == {"loads": 0, "chunks": 1, "articles": 1}


def test_an_unreachable_scheduler_is_one_line_and_status_2(claims_exe, tmp_path):
    started = time.monotonic()
    done = extract(claims_exe, "seeds/", "--cluster", "tcp://127.0.0.1:1", db=tmp_path / "c.db")
    assert time.monotonic() - started < 30
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("Error: cannot reach the cluster at tcp://127.0.0.1:1: ")
    assert done.stderr.count("\n") == 1


def test_cluster_usage_errors(tmp_path):
    db = str(tmp_path / "c.db")
    for args, message in ((["--cluster", "tcp://127.0.0.1:8786", "--jobs", "2"], "without --jobs"),
                          (["--cluster", "http://127.0.0.1:8786"], "not the address of a Dask scheduler"),
                          (["--cluster", "local:0"], "1 to 64")):
        result = CliRunner().invoke(cli, ["extract", str(SEEDS), "--db", db, *args])
        assert result.exit_code == 2 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_local_n_starts_its_own_workers(claims_exe, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE.format(n=300), encoding="utf-8")
    remote = extract(claims_exe, str(article), "--cluster", "local:1", db=tmp_path / "cluster.db")
    assert same_run(remote, extract(claims_exe, str(article), db=tmp_path / "local.db"))
    assert '"value": 300' in remote.stdout or '"value":300' in remote.stdout


def raises_on_marker(articles, config, all_mentions):
    """A stand-in for `parse_chunk` that fails a chunk holding the marker."""
    if any(MARKER in article.text for article in articles):
        raise ValueError("the stand-in fails this chunk")
    return parse_chunk(articles, config, all_mentions)


def dies_on_marker(articles, config, all_mentions):
    """A stand-in for `parse_chunk` whose worker process dies on a chunk holding the marker (after a
    second, as a parse would: the worker has said by then that the chunk before it is done)."""
    if any(MARKER in article.text for article in articles):
        time.sleep(1)
        os._exit(1)
    return parse_chunk(articles, config, all_mentions)


@pytest.mark.parametrize("task, failed, reason", [
    (raises_on_marker, "b", "not parsed: ValueError: the stand-in fails this chunk"),
    # the last chunk, so that no other one waits on the worker that dies (it would die with it)
    (dies_on_marker, "d", "not parsed: its worker process died")])
def test_a_failed_chunk_costs_its_articles_one_line_each_and_the_batch_goes_on(client, cluster, tmp_path, task,
                                                                              failed, reason):
    names = ("a", "b", "c", "d")
    for n, name in enumerate(names):
        text = ARTICLE.format(n=100 * (n + 1)) + (f"\n{MARKER}\n" if name == failed else "")
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    parser = ClusterParser(client, CONFIG, cluster.scheduler_address, chunk_size=1, task=task)
    skipped = []
    with Ledger(tmp_path / "c.db") as ledger:
        claims, stats = read_into_ledger(ledger, [str(tmp_path)], CONFIG, workers=parser, on_skip=skipped.append)
        values = [claim.value for claim in claims]
        stored = sorted(record.path.rsplit("/", 1)[-1] for record in ledger.articles())
    assert [(s.file.rsplit("/", 1)[-1], s.reason) for s in skipped] == [(f"{failed}.txt", reason)]
    assert values == [100 * (n + 1) for n, name in enumerate(names) if name != failed]
    assert stored == [f"{name}.txt" for name in names if name != failed]
    assert (stats.parsed, stats.unparsed) == (3, 1)
