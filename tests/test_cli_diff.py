"""`claims diff` end to end: the real executable on the seeds and on small fixture corpora.

fixtures/corpora/valley/ (a fictional crisis, read with fixtures/corpora/valley.metrics.toml) has a
figure for every verdict; fixtures/corpora/syndicated/ holds two copies of one wire story under two
publishers and one independent report.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import subprocess

import pytest
from conftest import FIXTURES, KARABAKH_METRICS, ROOT, without_library

VALLEY = FIXTURES / "corpora" / "valley"
VALLEY_METRICS = FIXTURES / "corpora" / "valley.metrics.toml"
SYNDICATED = FIXTURES / "corpora" / "syndicated"
VERDICT_WORDS = {"agrees", "progression", "conflict", "stale", "subscope", "correction", "undated", "vague",
                 "historical", "projection", "single"}


def run(exe, *args, env):
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def ledger_env(tmp_path_factory, exe, *paths: str, metrics: str | None = None) -> dict[str, str]:
    """An environment whose CLAIMS_DB holds the claims of `paths`."""
    env = dict(os.environ, CLAIMS_DB=str(tmp_path_factory.mktemp("ledger") / "claims.db"), CI="true")
    extra = ["--metrics", metrics] if metrics else []
    done = run(exe, "extract", *paths, *extra, "--format", "jsonl", env=env)
    assert done.returncode == 0, done.stderr
    return env


@pytest.fixture(scope="module")
def seeds_env(tmp_path_factory, claims_exe):
    return ledger_env(tmp_path_factory, claims_exe, "seeds/", metrics=str(KARABAKH_METRICS))


@pytest.fixture(scope="module")
def valley_env(tmp_path_factory, claims_exe):
    return ledger_env(tmp_path_factory, claims_exe, str(VALLEY), metrics=str(VALLEY_METRICS))


def diff_json(exe, env, *args) -> dict[str, dict]:
    """The quantities `claims diff --format json` prints, by key."""
    done = run(exe, "diff", *args, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    return {group["key"]: group for group in json.loads(done.stdout)}


def rows(group: dict) -> list[tuple]:
    """(as_of, figure as written, publisher, verdict) of each figure of a quantity, in as-of order."""
    return [(c["as_of"], c["text"], c["publisher"], c["verdict"]) for c in group["claims"]]


def estimate(group: dict) -> tuple:
    est = group["estimate"]
    return est["low"], est["best"], est["high"], est["as_of"]


# --- the seeds: acceptance of issue 4 -----------------------------------------------------


def test_killed_192_then_191_azerbaijani_servicemen_is_the_defence_ministrys_revision(claims_exe, seeds_env):
    groups = diff_json(claims_exe, seeds_env, "--metric", "killed")
    azerbaijani = groups["killed|combatants|Azerbaijani|-|current"]
    assert [(c["as_of"], c["text"], c["value"], c["low"], c["high"], c["publisher"], c["source"], c["origin"], c["verdict"])
            for c in azerbaijani["claims"]] == [
        ("2023-09-27", "192", 192, 192, 192, "Bloomberg", "The Defense Ministry in Baku", "Ministry of Defence of Azerbaijan",
         "correction"),
        ("2023-10-04", "191", 191, 191, 191, "TGP – The GeoPolitics", None, "Ministry of Defence of Azerbaijan", "correction"),
    ]
    assert azerbaijani["claims"][1]["explanation"] == (
        'a revision (the text does not say so): below the same origin\'s earlier Bloomberg "192" (2023-09-27, per '
        'The Defense Ministry in Baku)'
    )
    assert azerbaijani["claims"][0]["explanation"] == (
        'superseded: the same origin revised it to TGP – The GeoPolitics "191" (2023-10-04)')
    assert estimate(azerbaijani) == (191, 191, 191, "2023-10-04")
    assert azerbaijani["estimate"]["origins"] == ["Ministry of Defence of Azerbaijan"]
    armenian = groups["killed|combatants|Armenian|-|current"]
    assert rows(armenian) == [("2023-09-20", "more than 200", "TGP – The GeoPolitics", "single")]
    for key, group in groups.items():
        if key != "killed|combatants|Azerbaijani|-|current":
            assert {"conflict", "correction"}.isdisjoint(c["verdict"] for c in group["claims"]), key


def test_refugees_progression_stale_subscope_and_history_kept_apart(claims_exe, seeds_env):
    groups = diff_json(claims_exe, seeds_env, "--metric", "refugees")
    assert set(groups) == {"refugees|people|-|-|current", "refugees|people|-|Goris|current",
                           "refugees|people|-|-|historical"}
    current = groups["refugees|people|-|-|current"]
    assert rows(current) == [
        ("2023-09-25", "thousands", None, "vague"),
        ("2023-09-26", "28,000", "Bloomberg", "progression"),
        ("2023-09-27", "More than 50,000", "Bloomberg", "progression"),
        ("2023-10-04", "more than 100,000", "POLITICO", "agrees"),
        ("2023-10-04", "nearly 30,000", "Jerusalem Post", "stale"),
        ("2023-10-04", "at least a hundred thousand", "Middle East Monitor", "agrees"),
        ("2023-10-04", "tens of thousands", "Lincoln Journal Star", "vague"),
        ("2023-10-04", "100 thousand", "TGP – The GeoPolitics", "agrees"),
        ("2023-10-04", "100,632", "ARMENPRESS", "agrees"),
        ("2023-10-04", "100,632", "ARMENPRESS", "agrees"),
    ]
    stale = current["claims"][4]
    assert stale["source"] == "the Armenian government"
    assert stale["explanation"].startswith('outdated: Jerusalem Post "nearly 30,000" (2023-10-04, per the Armenian '
                                           'government) is below Bloomberg "More than 50,000" (2023-09-27')
    assert [(c["low"], c["high"]) for c in current["claims"][7:]] == [(90_000, 110_000), (100_632, 100_632), (100_632, 100_632)]
    assert "up from Bloomberg \"More than 50,000\" (2023-09-27" in current["claims"][8]["explanation"]
    assert estimate(current) == (100_000, 100_632, 100_632, "2023-10-04")
    assert current["estimate"]["best_from"].startswith('ARMENPRESS "100,632" (2023-10-04, per the prime minister')
    assert current["estimate"]["rule"].startswith("per origin: each origin's figures at its latest as-of date")
    assert (current["estimate"]["sources"], current["estimate"]["origins"], current["estimate"]["single_origin"]) == (
        4, ["Government of Armenia"], True)
    assert [c["origin"] for c in current["claims"][1:5]] == ["Government of Armenia"] * 4
    goris = groups["refugees|people|-|Goris|current"]
    assert goris["parent"] == "refugees|people|-|-|current"
    assert [(c["text"], c["value"], c["verdict"]) for c in goris["claims"]] == [("20,000", 20_000, "subscope")]
    historical = groups["refugees|people|-|-|historical"]
    assert {c["text"] for c in historical["claims"]} == {"more than a million", "over 300.000", "almost 500.00"}
    assert {c["verdict"] for c in historical["claims"]} == {"historical"}


def test_population_120000_vs_about_100000_is_a_disagreement_between_estimates(claims_exe, seeds_env):
    group = diff_json(claims_exe, seeds_env, "--metric", "population")["population|people|-|-|current"]
    assert [(c["as_of"], c["text"], c["publisher"], c["verdict"]) for c in group["claims"]] == [
        (None, "120,000", "Bloomberg", "conflict"),
        (None, "estimated 100,000", "POLITICO", "conflict"),
        (None, "About 120,000", "Jerusalem Post", "conflict"),
        (None, "approximately 100,000", "TGP – The GeoPolitics", "conflict"),
    ]
    assert group["claims"][0]["explanation"] == (
        'a disagreement between estimates among figures without an as-of date: Bloomberg "120,000" (undated, per '
        'Local officials) vs POLITICO "estimated 100,000" (undated, per the envoy); origins: Local officials vs Envoy'
    )
    assert group["estimate"]["origins"] == ["Envoy", "Local officials"]
    assert estimate(group) == (100_000, 120_000, 120_000, None)
    assert (group["claims"][1]["low"], group["claims"][1]["high"]) == (90_000, 110_000)


def test_hospitalized_subsets_are_subscope(claims_exe, seeds_env):
    groups = diff_json(claims_exe, seeds_env, "--metric", "hospitalized")
    assert rows(groups["hospitalized|people|-|-|current"]) == [("2023-10-04", "324", "ARMENPRESS", "single")]
    parts = {key: [(c["text"], c["verdict"]) for c in g["claims"]] for key, g in groups.items() if g["parent"]}
    assert parts == {
        "hospitalized|people/serious condition|-|-|current": [("114", "subscope")],
        "hospitalized|people/critical condition|-|-|current": [("15", "subscope")],
        "hospitalized|children/intensive care|-|-|current": [("8", "subscope")],
    }


def test_json_records_carry_the_documented_fields(claims_exe, seeds_env):
    groups = diff_json(claims_exe, seeds_env)
    assert set(groups) == {"killed|combatants|Azerbaijani|-|current", "population|people|-|-|current",
                           "refugees|people|-|-|current"}
    for group in groups.values():
        assert {"key", "metric", "estimate", "claims"} <= set(group)
        assert {"low", "best", "high", "as_of", "rule"} <= set(group["estimate"])
        for c in group["claims"]:
            assert {"value", "low", "high", "publisher", "source", "as_of", "verdict", "explanation"} <= set(c)
            assert c["verdict"] in VERDICT_WORDS and c["explanation"]


def test_table_shows_conflicts_stale_figures_estimates_and_explanations(claims_exe, seeds_env):
    done = run(claims_exe, "diff", env=seeds_env)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    titles = [line.rstrip() for line in out.splitlines() if line[:1].isupper() and "," in line[:40]]
    assert titles == ["Killed, Azerbaijani combatants", "Population, people", "Refugees, people"]
    for key in ("killed|combatants|Azerbaijani|-|current", "population|people|-|-|current", "refugees|people|-|-|current"):
        assert key in out
    assert "│ conflict " in out and "│ stale " in out
    assert "estimate (2023-10-04): low 100,000 · best 100,632 · high 100,632" in out
    assert "90,000 – 110,000" in out and "110,000.00" not in out
    assert "rule: per origin: each origin's figures at its latest as-of date" in out
    assert "4 outlets, 1 origin: Government of Armenia (single origin: provisional)" in out
    assert out.index("│ 2023-09-26 │ 28,000") < out.index("│ 2023-10-04 │ 100,632")
    assert out.index("estimate (2023-10-04): low 100,000") < out.index("5. stale: outdated: Jerusalem Post")


def test_csv_has_one_row_per_figure(claims_exe, seeds_env):
    done = run(claims_exe, "diff", "--metric", "killed", "--format", "csv", env=seeds_env)
    assert done.returncode == 0, done.stderr
    records = list(csv.DictReader(io.StringIO(done.stdout)))
    corrected = [(r["quantity"], r["as_of"], r["text"], r["publisher"]) for r in records if r["verdict"] == "correction"]
    assert corrected == [("killed|combatants|Azerbaijani|-|current", "2023-09-27", "192", "Bloomberg"),
                         ("killed|combatants|Azerbaijani|-|current", "2023-10-04", "191", "TGP – The GeoPolitics")]
    assert {"estimate_low", "estimate_best", "estimate_high", "explanation"} <= set(records[0])


def test_since_keeps_later_figures(claims_exe, seeds_env):
    groups = diff_json(claims_exe, seeds_env, "--metric", "refugees", "--since", "2023-10-01")
    current = groups["refugees|people|-|-|current"]
    assert {c["as_of"] for c in current["claims"]} == {"2023-10-04"}
    assert "nearly 30,000" in {c["text"] for c in current["claims"]}


def test_subject_picks_the_group(claims_exe, seeds_env):
    groups = diff_json(claims_exe, seeds_env, "--metric", "killed", "--subject", "combatants")
    assert set(groups) == {"killed|combatants|Armenian|-|current", "killed|combatants|Azerbaijani|-|current"}
    civilians = diff_json(claims_exe, seeds_env, "--metric", "killed", "--subject", "civilians")
    assert set(civilians) == {"killed|civilians|Azerbaijani|-|current"}


def test_plot_html_is_the_report_page_of_the_quantities_shown(claims_exe, seeds_env, tmp_path):
    page = tmp_path / "refugees.html"
    done = run(claims_exe, "diff", "--metric", "refugees", "--metric", "killed", "--plot", str(page), "--format", "json",
               env=seeds_env)
    assert done.returncode == 0, done.stderr
    html = without_library(page.read_text(encoding="utf-8"))
    assert html.startswith("<!DOCTYPE html>") and "<title>claims diff</title>" in html
    assert "<svg" not in html  # plotly.js draws the charts in the browser
    groups = json.loads(done.stdout)
    assert html.count('<section class="quantity"') == len(groups) == 8
    assert html.count('<tr class="figure"') == sum(len(g["claims"]) for g in groups) == 21
    titles = re.findall(r"<h2>([^<]*)</h2>", html)
    assert titles == ["Summary", "Killed, Azerbaijani civilians", "Killed, Armenian combatants",
                      "Killed, Azerbaijani combatants", "Killed, people, current", "Killed, people, historical",
                      "Refugees, people, current", "Refugees, people, historical", "Refugees, people, in Goris"]
    assert "Plotly.newPlot" in html


def test_plot_png(claims_exe, seeds_env, tmp_path):
    image = tmp_path / "killed.png"
    done = run(claims_exe, "diff", "--metric", "killed", "--plot", str(image), env=seeds_env)
    if importlib.util.find_spec("matplotlib") is None:
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            "Error: PNG plots need matplotlib: pip install 'karabakh-claims[plot]' (or plot to a .html file)"]
    else:
        assert done.returncode == 0, done.stderr
        assert image.read_bytes().startswith(b"\x89PNG")


def test_plot_to_an_unknown_format_is_one_line(claims_exe, seeds_env, tmp_path):
    done = run(claims_exe, "diff", "--metric", "killed", "--plot", str(tmp_path / "x.svg"), env=seeds_env)
    assert done.returncode == 1
    assert done.stderr.strip() == f"Error: cannot plot to {tmp_path / 'x.svg'}: use a .png or .html file"


def test_missing_ledger_says_how_to_fill_it(claims_exe, cli_env, tmp_path):
    done = run(claims_exe, "diff", "--db", str(tmp_path / "none.db"), env=cli_env)
    assert done.returncode == 2
    assert "run `claims extract PATH` first" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "none.db").exists()


def test_empty_ledger_says_how_to_fill_it(claims_exe, cli_env, tmp_path):
    from karabakh_claims.ledger import Ledger

    Ledger(tmp_path / "empty.db").close()
    done = run(claims_exe, "diff", "--metric", "refugees", "--db", str(tmp_path / "empty.db"), env=cli_env)
    assert done.returncode == 2
    assert done.stderr.strip() == f"Error: the ledger {tmp_path / 'empty.db'} is empty: run `claims extract PATH` first"


def test_a_file_that_is_not_a_ledger_is_one_line_and_exit_2(claims_exe, cli_env, tmp_path):
    (tmp_path / "notes.db").write_text("shopping list: bread, milk\n", encoding="utf-8")
    done = run(claims_exe, "diff", "--metric", "refugees", "--db", str(tmp_path / "notes.db"), env=cli_env)
    assert done.returncode == 2
    assert done.stderr.strip() == f"Error: {tmp_path / 'notes.db'} is not a claims ledger: file is not a database"
    assert (tmp_path / "notes.db").read_text(encoding="utf-8") == "shopping list: bread, milk\n"


# --- a fixture corpus with every verdict -------------------------------------------------------


def test_fixture_corpus_exercises_every_verdict(claims_exe, valley_env):
    groups = diff_json(claims_exe, valley_env, "--metrics", str(VALLEY_METRICS),
                       "--metric", "refugees", "--metric", "killed", "--metric", "hospitalized")
    assert rows(groups["refugees|people|-|-|current"]) == [
        ("2031-03-02", "Thousands", "Harbor Times", "vague"),
        ("2031-03-02", "About 12,000", "Harbor Times", "progression"),
        ("2031-03-03", "25,000", "Daily Ledger", "agrees"),
        ("2031-03-03", "25,400", "Coast Post", "agrees"),
        ("2031-03-03", "60,000", "Coast Post", "projection"),
        ("2031-03-05", "Nearly 12,000", "Evening Star", "stale"),
        ("2031-03-05", "Tens of thousands", "Evening Star", "vague"),
        ("2031-03-05", "31,000", "River Gazette", "conflict"),
        ("2031-03-05", "36,500", "Morning Herald", "conflict"),
        (None, "Some 30,000", "Frontier Wire", "undated"),
    ]
    assert rows(groups["refugees|people|-|Lindmark|current"]) == [("2031-03-03", "Some 8,000", "Daily Ledger", "subscope")]
    assert rows(groups["refugees|people|-|-|historical"]) == [(None, "more than 200,000", "Coast Post", "historical")]
    velorian = groups["killed|combatants|Velorian|-|current"]
    assert rows(velorian) == [
        ("2031-03-02", "40", "Harbor Times", "correction"),
        ("2031-03-05", "38", "River Gazette", "correction"),
    ]
    assert velorian["claims"][1]["explanation"] == (
        'a revision (the text does not say so): below the same origin\'s earlier Harbor Times "40" (2031-03-02, per '
        'The Velorian defence ministry)')
    assert rows(groups["killed|combatants|Ostrian|-|current"]) == [("2031-03-05", "120", "Morning Herald", "single")]
    corrected = groups["killed|civilians|-|-|current"]
    assert rows(corrected) == [("2031-03-06", "15", "North Report", "correction"),
                               ("2031-03-06", "21", "North Report", "correction")]
    assert corrected["claims"][0]["explanation"].startswith('superseded: the same origin revised it to North Report "21"')
    assert estimate(corrected) == (21, 21, 21, "2031-03-06")
    assert rows(groups["hospitalized|children/part|-|-|current"]) == [("2031-03-05", "60", "River Gazette", "subscope")]
    seen = {c["verdict"] for g in groups.values() for c in g["claims"]}
    assert seen == VERDICT_WORDS


def test_stale_ratio_option(claims_exe, valley_env):
    args = ("--metrics", str(VALLEY_METRICS), "--metric", "refugees")
    loose = diff_json(claims_exe, valley_env, *args, "--stale-ratio", "2.5")["refugees|people|-|-|current"]
    evening = next(c for c in loose["claims"] if c["text"] == "Nearly 12,000")
    assert evening["verdict"] == "conflict"
    assert evening["explanation"] == ('conflict at the same date: Evening Star "Nearly 12,000" (2031-03-05, per the '
                                      'interior ministry) vs Morning Herald "36,500" (2031-03-05, per The United Nations refugee agency); '
                                      'origins: Interior ministry vs UNHCR')
    default = diff_json(claims_exe, valley_env, *args)["refugees|people|-|-|current"]
    assert next(c for c in default["claims"] if c["text"] == "Nearly 12,000")["verdict"] == "stale"


# --- syndicated copies -------------------------------------------------------------------------


def test_syndicated_copies_count_as_one_source(claims_exe, tmp_path_factory):
    env = ledger_env(tmp_path_factory, claims_exe, str(SYNDICATED / "01_lakeside_wire.txt"),
                     str(SYNDICATED / "02_valley_courier.txt"))
    group = diff_json(claims_exe, env, "--metric", "refugees")["refugees|people|-|-|current"]
    assert rows(group) == [("2031-06-10", "6,400", "Lakeside Wire", "single"),
                           ("2031-06-10", "6,400", "Valley Courier", "single")]
    assert group["claims"][1]["explanation"] == (
        "repeated only within the same article or its copies: no independent figure to compare")
    assert group["estimate"]["sources"] == 1

    added = run(claims_exe, "extract", str(SYNDICATED), "--format", "jsonl", env=env)
    assert added.returncode == 0, added.stderr
    group = diff_json(claims_exe, env, "--metric", "refugees")["refugees|people|-|-|current"]
    assert rows(group) == [
        ("2031-06-10", "6,400", "Lakeside Wire", "conflict"),
        ("2031-06-10", "6,400", "Valley Courier", "conflict"),
        ("2031-06-10", "9,000", "National Radio", "conflict"),
    ]
    assert group["estimate"]["sources"] == 2
