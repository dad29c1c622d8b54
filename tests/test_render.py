"""The render stage on its own: claim records in each format and the diff plot (HTML and PNG)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from karabakh_claims.models import Claim, Estimate, Qualifier, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.render.claims import RECORD_FIELDS, write_claims
from karabakh_claims.render.plot import PlotError, html_page, marks, plot_groups


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


def test_the_html_plot_escapes_what_articles_supply_and_shows_dated_figures_only():
    undated = claim("500", 500, as_of=None)
    page = html_page([group(claim(), undated)])
    assert "refugees|&lt;people&gt;" in page and "<people>" not in page
    assert "Paper &lt;b&gt;" in page and "Paper <b>" not in page
    assert "1 undated figure(s) not shown" in page
    assert [(m.day, m.value, m.source) for m in marks(group(claim(), undated))] == [(dt.date(2024, 5, 7), 300, "Paper <b>")]
    assert "No quantity to plot." in html_page([])


def test_a_plot_is_written_by_its_extension(tmp_path):
    plot_groups([group(claim())], tmp_path / "p.html")
    assert (tmp_path / "p.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    plot_groups([group(claim())], tmp_path / "p.png")
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(PlotError, match=r"use a \.png or \.html file"):
        plot_groups([group(claim())], tmp_path / "p.svg")
