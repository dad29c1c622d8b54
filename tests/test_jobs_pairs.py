"""Scoring the reconciler against conflict pairs (the rule of fixtures/dev/README.md), on made-up quantities."""

from __future__ import annotations

import json

import pytest

from karabakh_claims.jobs.errors import JobError
from karabakh_claims.jobs.pairs import read_pairs, score_pairs
from karabakh_claims.models import Claim, Estimate, GoldPair, QuantityGroup, ReconciledClaim, Verdict


def judged(file: str, text: str, value: float, verdict: Verdict, explanation: str = "", low=None, high=None):
    claim = Claim(file=f"corpus/{file}", article_id=file, text=text, value=value, low=low, high=high, start=0,
                  end=len(text), line=1, sentence=f"{text} died.", metric="killed")
    return ReconciledClaim(claim=claim, verdict=verdict, explanation=explanation, low=low, high=high)


def quantity(key: str, *figures: ReconciledClaim) -> QuantityGroup:
    return QuantityGroup(key=key, metric="killed", subject="people", estimate=Estimate(rule="r"), claims=figures)


def pair(kind: str, a: tuple[str, float], b: tuple[str, float]) -> GoldPair:
    return GoldPair(kind=kind, a={"file": a[0], "metric": "killed", "value": a[1]},
                    b={"file": b[0], "metric": "killed", "value": b[1]})


GROUPS = [
    quantity("killed|people|-|-|current",
             judged("a.txt", "1,400", 1400, Verdict.conflict, 'conflicts with B "1,200" (2023-11-10)'),
             judged("b.txt", "1,200", 1200, Verdict.conflict, 'conflicts with A "1,400" (2023-10-19)'),
             judged("c.txt", "more than 2,000", 2000, Verdict.progression, "grows", low=2000)),
    quantity("killed|people|-|Gaza|current", judged("d.txt", "700", 700, Verdict.single, "alone")),
]


def test_a_must_pair_holds_when_both_are_in_one_quantity_and_one_disagrees():
    score = score_pairs([pair("must", ("a.txt", 1400), ("b.txt", 1203)),
                         pair("must", ("a.txt", 1400), ("d.txt", 700)),
                         pair("must", ("c.txt", 2000), ("zz.txt", 5))], GROUPS)
    assert (score.must, score.must_held, score.must_rate) == (3, 1, 1 / 3)
    assert [(p.a.file, p.b.file) for p in score.wrong] == [("a.txt", "d.txt"), ("c.txt", "zz.txt")]


def test_a_must_not_pair_fails_only_when_a_disagreeing_explanation_cites_the_other():
    score = score_pairs([pair("must_not", ("a.txt", 1400), ("b.txt", 1200)),
                         pair("must_not", ("a.txt", 1400), ("c.txt", 2000)),
                         pair("must_not", ("c.txt", 2000), ("d.txt", 700))], GROUPS)
    assert (score.must_not, score.must_not_held) == (3, 2)
    assert [(p.a.file, p.b.file) for p in score.wrong] == [("a.txt", "b.txt")]


def test_pairs_are_read_from_json_lines_and_a_bad_line_names_its_line(tmp_path):
    good = tmp_path / "pairs.jsonl"
    good.write_text(json.dumps({"kind": "must", "a": {"file": "a.txt", "metric": "killed", "value": 1},
                                "b": {"file": "b.txt", "metric": "killed", "value": 2}, "why": "falls"}) + "\n\n",
                    encoding="utf-8")
    assert [p.why for p in read_pairs(good)] == ["falls"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "maybe"}\n', encoding="utf-8")
    with pytest.raises(JobError, match=r"bad\.jsonl:1: not a conflict pair"):
        read_pairs(bad)
