"""`claims eval`: the scoring rule, and the figures measured on the seeds and the development sets
(fixtures/dev: reports of other crises), asserted as measured."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, SEEDS

from karabakh_claims.config import load_config
from karabakh_claims.jobs.evaluate import evaluate, read_gold, source_is_right
from karabakh_claims.jobs.intake import Extractor
from karabakh_claims.read.ingest import read_file_text

CONFIG = load_config()
DEV = FIXTURES / "dev"
SETS = {
    "seeds": (SEEDS, FIXTURES / "gold" / "seeds.jsonl"),
    "gaza": (DEV / "gaza" / "articles", DEV / "gaza" / "gold.jsonl"),
    "quake": (DEV / "quake" / "articles", DEV / "quake" / "gold.jsonl"),
}
MEASURED = {
    # set: (gold, predicted, matched), F1, attribution, as-of
    "seeds": ((40, 40, 39), 0.975, 1.0, 0.964),
    "gaza": ((62, 60, 60), 0.984, 1.0, 0.930),
    "quake": ((62, 62, 62), 1.0, 0.952, 0.966),
}


@pytest.fixture(scope="module")
def evaluations(nlp):
    results = {}
    for name, (folder, gold) in SETS.items():
        claims = list(Extractor(config=CONFIG, _nlp=nlp).run([str(folder)]))
        texts = {path.name: read_file_text(path) for path in folder.glob("*.txt")}
        results[name] = evaluate(read_gold(gold), claims, texts)
    return results


@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_as_measured(evaluations, name):
    result = evaluations[name]
    counts, f1, attribution, as_of = MEASURED[name]
    assert (result.overall.gold, result.overall.predicted, result.overall.matched) == counts
    assert (round(result.overall.f1, 3), round(result.attribution_accuracy, 3), round(result.as_of_accuracy, 3)) == (
        f1, attribution, as_of)


def test_a_source_is_right_when_it_shares_a_content_word_by_its_first_five_letters():
    assert source_is_right("Freedonia's Ministry of Health", "the health ministry")
    assert source_is_right("Freedonian Red Crescent", "Freedonia")
    assert not source_is_right("Freedonia's Ministry of Health", "the ministry")
    assert not source_is_right("the regional Human Rights Ombudsman's Office", "the office")
    assert not source_is_right("UN agency", None)
    assert source_is_right(None, "anyone") is None


def test_eval_lists_the_wrong_ones_by_kind_and_prints_json(tmp_path):
    gold = tmp_path / "gold.jsonl"
    article = tmp_path / "note.txt"
    article.write_text("Title: Note\nDate: 2024-05-08\n\nOfficials said 300 families were evacuated on Monday.\n",
                       encoding="utf-8")
    lines = [{"file": "note.txt", "metric": "refugees", "value": 300, "attributed_to": "the ministry of health",
              "as_of": "2024-05-08", "quote": "300 families were evacuated"},
             {"file": "note.txt", "metric": "killed", "value": 9, "quote": "Officials said"}]
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    claims = [sys.executable, "-m", "karabakh_claims", "eval", "--gold", str(gold), str(article)]
    done = subprocess.run([*claims, "--format", "json", "--errors"], capture_output=True, text=True, cwd=ROOT,
                          check=True, env={"CI": "true", "PATH": ""})
    report = json.loads(done.stdout)
    assert (report["overall"]["matched"], report["attribution_scored"], report["as_of_scored"]) == (1, 1, 1)
    assert (report["attribution_accuracy"], report["as_of_accuracy"]) == (0.0, 0.0)
    assert [e["kind"] for e in report["errors"]] == ["missed", "wrong source", "wrong date"]
    assert report["errors"][1]["what"] == "note.txt 300: gold 'the ministry of health', got 'Officials'"
    assert report["errors"][2]["what"] == "note.txt 300: gold 2024-05-08, got 2024-05-06"
