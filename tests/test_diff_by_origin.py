"""`claims diff --by origin`: each quantity's figures grouped by who produced them, with the figures an
origin revised. The rules on hand-made verdicts; the command through CliRunner on a ledger whose
claims name their origins (kind and side too), and the real executable on the valley corpus."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from karabakh_claims.cli import cli
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import Article, Claim, Estimate, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.reconcile.by_origin import by_origin, revisions

VALLEY = FIXTURES / "corpora" / "valley"
VALLEY_METRICS = FIXTURES / "corpora" / "valley.metrics.toml"


def claim(value: float, day: int | None, *, text: str | None = None, source: str | None = "the ministry",
          publisher: str | None = "Paper", **fields) -> Claim:
    text = text or f"{value:,.0f}"
    return Claim(file="a.txt", article_id=f"a{day}", publisher=publisher, published=dt.date(2031, 5, day or 1),
                 text=text, value=value, low=value, high=value, start=10, end=10 + len(text), line=1,
                 sentence=f"They said {text} people were killed.", metric="killed", subject="people",
                 source=source, as_of=dt.date(2031, 5, day) if day else None, **fields)


def judged(c: Claim, verdict: Verdict = Verdict.agrees) -> ReconciledClaim:
    return ReconciledClaim(claim=c, low=c.low, high=c.high, verdict=verdict, explanation="x")


def group(*figures: ReconciledClaim) -> QuantityGroup:
    return QuantityGroup(key="killed|people|-|-|current", metric="killed", subject="people",
                         estimate=Estimate(rule="r"), claims=figures)


def steps(figures) -> list[tuple[str, str, dt.date | None]]:
    return [(r.before.claim.text, r.after.claim.text, r.day) for r in revisions(figures)]


# --- the rules ---------------------------------------------------------------------------------


def test_the_origin_falls_back_to_the_source_then_the_publisher_then_the_file():
    assert claim(1, 1, origin="Ministry of Health").origin_name == "Ministry of Health"
    assert claim(1, 1).origin_name == "the ministry"
    assert claim(1, 1, source=None).origin_name == "Paper"
    assert claim(1, 1, source=None, publisher=None).origin_name == "a.txt"


def test_a_figure_that_goes_down_or_is_corrected_is_a_revision_a_rise_or_a_repeat_is_not():
    assert steps([judged(claim(40, 2)), judged(claim(40, 3)), judged(claim(38, 5)), judged(claim(45, 6))]) == [
        ("40", "38", dt.date(2031, 5, 5))]
    corrected = [judged(claim(15, 6), Verdict.correction), judged(claim(21, 6), Verdict.correction)]
    assert steps(corrected) == [("15", "21", dt.date(2031, 5, 6))]


def test_stale_vague_projected_historical_and_undated_figures_revise_nothing():
    for verdict in (Verdict.stale, Verdict.vague, Verdict.projection, Verdict.historical):
        assert steps([judged(claim(100, 2)), judged(claim(30, 3), verdict), judged(claim(100, 4))]) == []
    assert steps([judged(claim(100, 2)), judged(claim(90, None), Verdict.undated)]) == []
    assert steps([judged(claim(100, 2)), judged(claim(30, 3), Verdict.stale), judged(claim(90, 4))]) == [
        ("100", "90", dt.date(2031, 5, 4))]


def test_one_block_per_origin_in_order_of_first_figure_names_differing_in_case_are_one():
    blocks = by_origin(group(
        judged(claim(10, 1, source="The Interior  Ministry")),
        judged(claim(12, 2, source=None, publisher="Wire")),
        judged(claim(9, 3, source="the interior ministry", origin_kind="government", origin_side="North")),
    ))
    assert [(b.origin, b.kind, b.side, [rc.claim.value for rc in b.figures]) for b in blocks] == [
        ("The Interior  Ministry", "government", "North", [10, 9]),
        ("Wire", None, None, [12]),
    ]
    assert [(r.before.claim.value, r.after.claim.value) for r in blocks[0].revisions] == [(10, 9)]


# --- the command on a ledger whose claims name their origins ---------------------------------


ARTICLES = {
    "a1": ("one.txt", "Wire [red]One[/]", dt.date(2031, 5, 1)),
    "a2": ("two.txt", "Daily", dt.date(2031, 5, 3)),
    "a3": ("three.txt", "Evening", dt.date(2031, 5, 2)),
}


def stored(article_id: str, value: float, *, origin: str, kind: str | None, side: str | None) -> Claim:
    file, publisher, published = ARTICLES[article_id]
    text = f"{value:,.0f}"
    return Claim(file=file, article_id=article_id, publisher=publisher, published=published, text=text, value=value,
                 low=value, high=value, start=5, end=5 + len(text), line=1, sentence=f"It said {text} soldiers died.",
                 metric="killed", subject="soldiers", side="North", source="it", origin=origin, origin_kind=kind,
                 origin_side=side, as_of=published)


@pytest.fixture
def origin_ledger(tmp_path) -> str:
    """Three reports of one quantity: a ministry (whose name holds markup) says 40, then 38; a doctor 41."""
    ministry = {"origin": "Ministry of Defence [link=https://x.example]", "kind": "government", "side": "North"}
    claims = [stored("a1", 40, **ministry), stored("a2", 38, **ministry),
              stored("a3", 41, origin="Dr. Jane Roe", kind="person", side=None)]
    db = tmp_path / "claims.db"
    with Ledger(db) as ledger:
        ledger.replace_articles([(Article(id=c.article_id, file=c.file, offset=0, text=f"text {c.article_id}",
                                          publisher=c.publisher, published=c.published), [c]) for c in claims], "v")
    return str(db)


def invoke(db: str, *args: str):
    result = CliRunner().invoke(cli, ["diff", "--db", db, "--metric", "killed", "--by", "origin", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_table_has_a_block_per_origin_with_its_figures_and_revisions_drawn_as_text(origin_ledger):
    lines = [line.rstrip() for line in invoke(origin_ledger).splitlines()]
    assert lines == [
        "Killed, North combatants",
        "killed|combatants|North|-|current",
        "",
        "Ministry of Defence [link=https://x.example] · government · side North",
        "  as of        figure   interval   publisher          verdict",
        "  " + "─" * 62,
        "  2031-05-01   40             40   Wire [red]One[/]   correction",
        "  2031-05-03   38             38   Daily              conflict",
        "  revised 40 → 38 on 2031-05-03",
        "",
        "Dr. Jane Roe · person",
        "  as of        figure   interval   publisher   verdict",
        "  " + "─" * 53,
        "  2031-05-02   41             41   Evening     conflict",
        "",
    ]


def test_json_lists_each_quantitys_origins_with_their_figures_and_revisions(origin_ledger):
    (quantity,) = json.loads(invoke(origin_ledger, "--format", "json"))
    assert quantity["key"] == "killed|combatants|North|-|current"
    assert "claims" not in quantity and quantity["estimate"]["best"] == 38
    assert [(o["origin"], o["kind"], o["side"], [(f["as_of"], f["text"], f["publisher"], f["verdict"]) for f in o["figures"]])
            for o in quantity["origins"]] == [
        ("Ministry of Defence [link=https://x.example]", "government", "North",
         [("2031-05-01", "40", "Wire [red]One[/]", "correction"), ("2031-05-03", "38", "Daily", "conflict")]),
        ("Dr. Jane Roe", "person", None, [("2031-05-02", "41", "Evening", "conflict")]),
    ]
    assert quantity["origins"][0]["revisions"] == [
        {"from": "40", "from_value": 40, "to": "38", "to_value": 38, "on": "2031-05-03"}]
    assert quantity["origins"][1]["revisions"] == []


def test_by_origin_goes_with_table_and_json_only(origin_ledger):
    result = CliRunner().invoke(cli, ["diff", "--db", origin_ledger, "--by", "origin", "--format", "csv"])
    assert result.exit_code == 2
    assert "Error: --by origin is a table or JSON (--format table or json)" in result.output


def test_by_figure_is_the_default_view(origin_ledger):
    default = CliRunner().invoke(cli, ["diff", "--db", origin_ledger, "--metric", "killed", "--format", "json"])
    by_figure = CliRunner().invoke(cli, ["diff", "--db", origin_ledger, "--metric", "killed", "--format", "json",
                                         "--by", "figure"])
    assert default.exit_code == by_figure.exit_code == 0
    assert default.output == by_figure.output and '"claims": [' in default.output
    assert '"origins": [' in invoke(origin_ledger, "--format", "json")


# --- the real executable -----------------------------------------------------------------------


def test_the_valley_corpus_by_origin(claims_exe, tmp_path):
    env = dict(os.environ, CLAIMS_DB=str(tmp_path / "claims.db"), CI="true")

    def run(*args: str) -> str:
        done = subprocess.run([claims_exe, *args, "--metrics", str(VALLEY_METRICS)], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("extract", str(VALLEY), "--format", "jsonl")
    quantities = {q["key"]: q for q in json.loads(run("diff", "--metric", "killed", "--by", "origin", "--format", "json"))}
    assert {key: [(o["origin"], [f["text"] for f in o["figures"]], [(r["from"], r["to"], r["on"]) for r in o["revisions"]])
                  for o in q["origins"]] for key, q in quantities.items()} == {
        "killed|civilians|-|-|current": [("Health ministry", ["15", "21"], [("15", "21", "2031-03-06")])],
        "killed|combatants|Ostrian|-|current": [("Ostrian officials", ["120"], [])],
        "killed|combatants|Velorian|-|current": [
            ("Velorian defence ministry", ["40", "38"], [("40", "38", "2031-03-05")])],
    }
    refugees = json.loads(run("diff", "--metric", "refugees", "--by", "origin", "--format", "json"))[0]
    interior = next(o for o in refugees["origins"] if o["origin"] == "Interior ministry")
    assert [(f["text"], f["publisher"], f["verdict"]) for f in interior["figures"]] == [
        ("25,400", "Coast Post", "agrees"), ("Nearly 12,000", "Evening Star", "stale"),
        ("31,000", "River Gazette", "conflict"), ("Some 30,000", "Frontier Wire", "undated")]
    assert interior["revisions"] == []
    table = run("diff", "--metric", "killed", "--by", "origin")
    assert "  revised 15 → 21 on 2031-03-06\n" in table and "  revised 40 → 38 on 2031-03-05\n" in table
    assert table.index("Health ministry") < table.index("revised 15 → 21") < table.index("Ostrian officials")
