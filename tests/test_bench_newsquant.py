"""bench/newsquant.py: the scoring rule on a tiny data set written here (never ../shared)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "newsquant.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_newsquant", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def q(value: str, change: str = "=") -> dict:
    return {"value": value, "change": change, "unit": "", "normalized_unit": "-", "referred_concepts": "-"}


ROWS = [
    {"text": "Bread prices rose 4% to $2.50 in the capital.", "quantities": [q("4.0", "up"), q("2.5")]},
    {"text": "Between 300 and 450 families left, about 20 of them by bus.",
     "quantities": [q("300-450"), q("20.0", "~")]},
    {"text": "The queue shrank from 90 to 60 people.", "quantities": [q("90-60", "down")]},
    {"text": "More than 1,200 tents arrived on the 3rd of May.", "quantities": [q("1200.0", ">")]},
    {"text": "Nobody was counted.", "quantities": []},
]


def test_scores_our_reader_on_a_tiny_set(bench):
    score = bench.score_rows(ROWS, bench.our_items)
    # every gold value is read; the falling range "from 90 to 60" is written high end first
    assert (score.gold, score.predicted, score.value_hits) == (6, 6, 6)
    # "from 90 to 60" carries no change verb right before it: one value+change miss
    assert score.change_hits == 5
    figures = bench.figures_of(score)
    assert figures["value_f1"] == 1.0
    assert figures["value_change_f1"] == pytest.approx(5 / 6, abs=1e-4)


def test_a_range_matches_only_a_pair_with_both_ends_in_order(bench):
    assert bench.values_match((300.0, 450.0), (300.0, 450.0))
    assert not bench.values_match((300.0, 450.0), 375.0)
    assert not bench.values_match(375.0, (300.0, 450.0))
    assert not bench.values_match((90.0, 60.0), (60.0, 90.0))
    assert bench.values_match(1e6, 1e6 + 9)  # within rtol 1e-5
    assert not bench.values_match(1e6, 1e6 + 20)


def test_lenient_counts_ranges_as_their_midpoint(bench):
    rows = [{"text": "x", "quantities": [q("10-20"), q("7.0")]}]
    midpoint_reader = lambda text: [bench.Item(15.0), bench.Item((6.0, 8.0))]  # noqa: E731
    strict = bench.score_rows(rows, midpoint_reader)
    lenient = bench.score_rows(rows, midpoint_reader, lenient=True)
    assert (strict.value_hits, lenient.value_hits) == (0, 2)


def test_matching_is_one_to_one(bench):
    rows = [{"text": "x", "quantities": [q("5.0"), q("5.0")]}]
    score = bench.score_rows(rows, lambda text: [bench.Item(5.0)])
    assert (score.value_hits, score.predicted, score.gold) == (1, 1, 2)


def test_misses_list_missed_spurious_and_wrong_change(bench):
    rows = [{"text": "x", "quantities": [q("5.0", "up"), q("9.0")]}]
    misses = []
    bench.score_rows(rows, lambda text: [bench.Item(5.0, "="), bench.Item(3.0)], misses=misses)
    ((text, missed, spurious, wrong_change),) = misses
    assert [i.value for i in missed] == [9.0]
    assert [i.value for i in spurious] == [3.0]
    assert [(g.change, p.change) for g, p in wrong_change] == [("up", "=")]


def test_missing_data_file_is_one_plain_line_and_status_2(bench, tmp_path, capsys):
    status = bench.main(["--data", str(tmp_path / "absent.json")])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "not found" in err and "absent.json" in err


def run_json(bench, tmp_path, capsys) -> tuple[dict, str]:
    data = tmp_path / "NewsQuant.json"
    data.write_text(json.dumps(ROWS), encoding="utf-8")
    assert bench.main(["--data", str(data), "--json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


def test_json_output_has_the_issue_keys(bench, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bench, "quantulum3_predictor", lambda: None)
    figures, err = run_json(bench, tmp_path, capsys)
    assert {"value_p", "value_r", "value_f1", "value_change_f1"} <= set(figures)
    assert figures["value_f1"] == 1.0
    assert "quantulum3_value_f1" not in figures
    assert "currency" in err  # no currency set beside the data: said, not fatal


def test_json_output_has_the_peer_figure_when_the_peer_runs(bench, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bench, "quantulum3_predictor", lambda: lambda text: [bench.Item(4.0)])
    figures, _ = run_json(bench, tmp_path, capsys)
    # one reading of 4 per sentence: a hit in the first sentence only
    assert (figures["quantulum3_value_p"], figures["quantulum3_value_r"]) == (0.2, pytest.approx(1 / 6, abs=1e-4))
    assert "quantulum3_value_f1" in figures


def test_stored_peer_predictions_are_scored_with_the_same_rule(bench, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bench, "quantulum3_predictor", lambda: None)
    data = tmp_path / "NewsQuant.json"
    data.write_text(json.dumps(ROWS), encoding="utf-8")
    stored = [{"text": row["text"], "tags": []} for row in ROWS]
    stored[1]["tags"] = [{"value": {"range": [300.0, 450.0]}, "normalized_unit": "-", "change": "="}]
    peer = tmp_path / "Peer.NewsQuant.json"
    peer.write_text(json.dumps(stored), encoding="utf-8")
    assert bench.main(["--data", str(data), "--peer", str(peer), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["peer_peer_value_p"], figures["peer_peer_value_change_p"]) == (1.0, 1.0)
    assert figures["peer_peer_value_r"] == pytest.approx(1 / 6, abs=1e-4)
