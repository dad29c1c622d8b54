"""`claims extract`, `eval` and `schema` through the real executable and click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, SEEDS

from karabakh_claims.cli import cli

FOUNDATION_FIELDS = {"file", "article_id", "title", "publisher", "published", "text", "value", "low", "high",
                     "qualifier", "unit", "start", "end", "line", "sentence"}
SEMANTIC_FIELDS = {"metric", "subject", "side", "place", "source", "as_of", "historical", "claim_id"}
SCREEN_LINES = 45


def run(exe, *args, env, input=None):
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=ROOT, input=input, timeout=300)


@pytest.fixture(scope="module")
def seed_records(tmp_path_factory, claims_exe):
    import os

    env = dict(os.environ, CLAIMS_DB=str(tmp_path_factory.mktemp("db") / "claims.db"), CI="true")
    done = run(claims_exe, "extract", "seeds/", "--format", "jsonl", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_jsonl_records_point_at_their_text(seed_records):
    assert len(seed_records) == 40
    texts = {}
    for record in seed_records:
        assert FOUNDATION_FIELDS | SEMANTIC_FIELDS <= set(record)
        path = ROOT / record["file"]
        text = texts.setdefault(record["file"], path.read_text(encoding="utf-8"))
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["file"].startswith("seeds/")


def test_jsonl_record_of_a_digest_article(seed_records):
    record = next(r for r in seed_records if r["text"] == "nearly 30,000")
    assert record["publisher"] == "Jerusalem Post"
    assert record["published"] == "2023-10-04"
    assert record["title"].startswith("Israel sends a 14-person medical delegation")
    assert (record["value"], record["low"], record["high"], record["qualifier"]) == (30000, None, 30000, "nearly")
    assert (record["metric"], record["unit"], record["line"]) == ("refugees", "people", 46)
    assert record["sentence"].startswith("According to the Armenian government, nearly 30,000\xa0refugees")


def test_all_mentions_lists_numbers_that_are_not_claims(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(FIXTURES / "articles" / "border_clashes.txt"), "--all-mentions",
                                      "--format", "jsonl", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    by_text = {r["text"]: r for r in records}
    assert by_text["06:30"]["metric"] is None
    assert by_text["2023-10-10"]["metric"] is None
    assert by_text["At least 240"]["metric"] == "wounded"


def test_csv_and_json_formats(tmp_path):
    db = ["--db", str(tmp_path / "c.db")]
    as_csv = CliRunner().invoke(cli, ["extract", str(FIXTURES / "articles" / "aid_appeal.txt"), "--format", "csv", *db])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [(r["text"], r["metric"], r["unit"]) for r in rows] == [
        ("$97 million", "aid", "USD"), ("$97 million", "aid", "USD"),
        ("Between 3,000 and 4,000", "refugees", "people"), ("€5m", "aid", "EUR")]
    as_json = CliRunner().invoke(cli, ["extract", str(FIXTURES / "articles" / "aid_appeal.txt"), "--format", "json", *db])
    assert [r["value"] for r in json.loads(as_json.output)] == [97_000_000, 97_000_000, 3500, 5_000_000]


def test_table_names_each_article(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(SEEDS / "003_5b2777788903a456.txt"), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0
    for publisher in ("POLITICO", "Jerusalem Post", "Middle East Monitor", "TGP – The GeoPolitics", "ARMENPRESS"):
        assert publisher in result.output
    assert "100,632" in result.output and "Baghdasaryan" in result.output


def test_eval_reaches_the_targets(claims_exe, cli_env):
    done = run(claims_exe, "eval", "--gold", "fixtures/gold/seeds.jsonl", "seeds/", "--format", "json", env=cli_env)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert scores["overall"]["f1"] >= 0.95
    assert scores["attribution_accuracy"] >= 0.85
    assert scores["as_of_accuracy"] >= 0.90
    assert scores["by_metric"]["killed"] == {"gold": 7, "predicted": 7, "matched": 7, "precision": 1.0,
                                             "recall": 1.0, "f1": 1.0}


def test_eval_errors_lists_misses_and_extras(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "--gold", str(FIXTURES / "gold" / "seeds.jsonl"), str(SEEDS), "--errors"])
    assert result.exit_code == 0
    assert "missed       003_5b2777788903a456.txt refugees 500000" in result.output
    assert f"extra        {SEEDS}/003_5b2777788903a456.txt:97 refugees 'almost 500.00'" in result.output


def test_schema_is_the_claim_model():
    result = CliRunner().invoke(cli, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "Claim"
    assert FOUNDATION_FIELDS | SEMANTIC_FIELDS <= set(schema["properties"])
    assert set(schema["required"]) == {"file", "article_id", "text", "value", "start", "end", "line", "sentence"}


@pytest.mark.parametrize("command", [[], ["extract"], ["diff"], ["eval"], ["schema"]])
def test_help_fits_one_screen(command):
    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=100)
    assert result.exit_code == 0
    assert len(result.output.splitlines()) <= SCREEN_LINES
    assert "Usage: " in result.output


def test_an_unknown_metrics_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[metrics.x]\nunit = 'litres'\ntriggers = ['a']\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(SEEDS), "--metrics", str(bad), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2
    assert "bad.toml" in result.output and "Traceback" not in result.output


def test_jobs_2_gives_exactly_the_output_of_jobs_1(tmp_path, claims_exe, cli_env):
    """--jobs 2 parses in worker processes: same records, same order, same ledger, byte for byte,
    also when articles the ledger already holds are interleaved with new ones."""
    inputs = ("seeds/", "fixtures/articles/")

    def extract(db, jobs, *args, paths=inputs):
        done = run(claims_exe, "extract", *paths, "--format", "jsonl", "--db", str(tmp_path / db), "--jobs", str(jobs),
                   *args, env=cli_env)
        assert done.returncode == 0, done.stderr
        return done.stdout, done.stderr

    mentions = [extract(f"all{jobs}.db", jobs, "--all-mentions") for jobs in (1, 2)]
    assert mentions[0][0] and mentions[0] == mentions[1]
    # a ledger that already holds some articles: the known ones are reused between the parsed ones
    known = extract("known.db", 1, paths=("fixtures/articles/",))[0]
    assert known
    for jobs in (1, 2):
        (tmp_path / f"mixed{jobs}.db").write_bytes((tmp_path / "known.db").read_bytes())
    mixed = [extract(f"mixed{jobs}.db", jobs) for jobs in (1, 2)]
    assert mixed[0][0] and mixed[0] == mixed[1]
    # what the --jobs 2 run stored is what the --jobs 1 run stored
    assert extract("mixed2.db", 1)[0] == extract("mixed1.db", 1)[0] == mixed[0][0]
