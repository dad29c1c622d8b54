"""The render stage on its own: claim records in each format, readable titles and the diff plot (PNG and HTML)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from karabakh_claims.models import Claim, Estimate, Qualifier, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.render.claims import RECORD_FIELDS, write_claims
from karabakh_claims.render.plot import PlotError, plot_groups
from karabakh_claims.render.series import points
from karabakh_claims.render.titles import metric_label, quantity_title, quantity_titles


def claim(text: str = "about 300", value: float = 300, publisher: str = "Paper <b>", as_of=dt.date(2024, 5, 7)) -> Claim:
    return Claim(file="a.txt", article_id="a1", publisher=publisher, text=text, value=value, low=270, high=330,
                 qualifier=Qualifier.about, unit="people", start=15, end=15 + len(text), line=2,
                 sentence=f"Officials said {text} refugees arrived.", metric="refugees", source="Officials", as_of=as_of)


def group(*claims: Claim, verdict: Verdict = Verdict.agrees) -> QuantityGroup:
    reconciled = tuple(ReconciledClaim(claim=c, low=c.low, high=c.high, verdict=verdict, explanation="x") for c in claims)
    return QuantityGroup(key="refugees|<people>", metric="refugees", subject="people",
                         estimate=Estimate(best=300, rule="r"), claims=reconciled)


def test_records_in_each_format_hold_every_field():
    out = io.StringIO()
    write_claims([claim()], "jsonl", out)
    record = json.loads(out.getvalue())
    assert list(record) == RECORD_FIELDS
    assert (record["value"], record["as_of"], record["qualifier"]) == (300.0, "2024-05-07", "about")
    out = io.StringIO()
    write_claims([claim(), claim("400", 400)], "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["text"] for r in rows] == ["about 300", "400"] and rows[0]["change"] == ""
    out = io.StringIO()
    write_claims([], "json", out)
    assert out.getvalue() == "[]\n"


def test_figures_stand_on_the_time_axis_by_as_of_day_else_by_publication_day():
    undated = claim("500", 500, as_of=None).model_copy(update={"published": dt.date(2024, 5, 9)})
    nowhere = claim("600", 600, as_of=None)
    placed = points(list(enumerate(group(claim(), undated, nowhere).claims, 1)))
    assert [(p.number, p.day, p.undated, p.value, p.low, p.high) for p in placed] == [
        (1, dt.date(2024, 5, 7), False, 300, 270, 330), (2, dt.date(2024, 5, 9), True, 500, 270, 330)]


def quantity(key: str, **fields) -> QuantityGroup:
    return QuantityGroup(key=key, estimate=Estimate(rule="r"), claims=(), **fields)


def test_titles_read_the_metric_label_unit_group_side_place_and_period():
    killed = quantity("killed|combatants|Azerbaijani|-|current", metric="killed", subject="combatants", side="Azerbaijani")
    assert quantity_title(killed) == "Killed, Azerbaijani combatants"
    aid = quantity("aid[USD]|-|-|-|current", metric="aid", unit="USD", subject="-")
    assert quantity_title(aid) == "Aid, USD"
    strength = quantity("military_strength|russian contingent|Russian|-|current", metric="military_strength",
                        subject="russian contingent", side="Russian")
    assert quantity_title(strength) == "Military strength, russian contingent"
    assert quantity_title(strength, {"military_strength": "Troops"}) == "Troops, russian contingent"
    narrower = quantity("hospitalized|people/critical condition|-|Goris|current", metric="hospitalized",
                        subject="people", subset="critical condition", place="Goris")
    assert quantity_title(narrower) == "Hospitalized, people (critical condition), in Goris"
    assert metric_label("refugees", {"refugees": "Displaced people"}) == "Displaced people"


def test_current_is_named_only_beside_a_historical_twin():
    now = quantity("refugees|people|-|-|current", metric="refugees", subject="people")
    then = quantity("refugees|people|-|-|historical", metric="refugees", subject="people", historical=True)
    goris = quantity("refugees|people|-|Goris|current", metric="refugees", subject="people", place="Goris")
    assert quantity_titles([now, then, goris]) == {
        "refugees|people|-|-|current": "Refugees, people, current",
        "refugees|people|-|-|historical": "Refugees, people, historical",
        "refugees|people|-|Goris|current": "Refugees, people, in Goris",
    }
    assert quantity_titles([now]) == {"refugees|people|-|-|current": "Refugees, people"}


def test_a_plot_is_written_by_its_extension(tmp_path):
    plot_groups([group(claim())], tmp_path / "p.html")
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('<tr class="figure"') == 1
    plot_groups([group(claim())], tmp_path / "p.png")
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(PlotError, match=r"use a \.png or \.html file"):
        plot_groups([group(claim())], tmp_path / "p.svg")
