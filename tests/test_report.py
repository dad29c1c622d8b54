"""`claims report` without a browser: the page's summary, sections, titles and rows on the seeds, what
the options select, the escaping of what articles supply, and the exit status of what goes wrong.

The seeds are read once into a ledger by the real executable; the page is written by the real
executable (one run) and through click's runner. tests/test_report_browser.py opens it in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import KARABAKH_METRICS, ROOT, without_library

from karabakh_claims.cli import cli
from karabakh_claims.ledger import Ledger
from karabakh_claims.render.report import inline_script, safe_url, script_json

SEEDS_TITLES = [
    "Aid, USD", "Hospitalized, children (intensive care)", "Hospitalized, people (critical condition)",
    "Hospitalized, people (serious condition)", "Hospitalized, people", "Killed, Azerbaijani civilians",
    "Killed, Armenian combatants", "Killed, Azerbaijani combatants", "Killed, people, current", "Killed, people, historical",
    "Military spending, USD, Azerbaijani people", "Military spending, USD, Georgian people",
    "Military strength, Russian contingent", "Military strength, force", "Military strength, russian contingent",
    "Missing, people, historical", "Population, people", "Refugees, people, current", "Refugees, people, historical",
    "Refugees, people, in Goris", "Wounded, Azerbaijani combatants", "Wounded, people", "Wounded, Armenian people",
]
HOSTILE = ("Title: </script><script>alert(1)</script> Crossings\n"
           "Publisher: <img src=x onerror=alert(2)> Probe</script>\n"
           "Date: 2023-10-02\nURL: javascript:alert(3)\n\n"
           "More than 5,000 refugees arrived on Saturday at the <b>camp</b></script><!--, the ministry said.\n\n"
           "About 7,000 refugees have arrived, the UN refugee agency said on Monday.\n")
LATER = ("Title: Crossings fall\nPublisher: River Gazette\nDate: 2023-10-04\n"
         "URL: https://example.org/news/crossings?a=1&b=2\n\n"
         "Some 3,000 refugees have arrived so far, the mayor said on Wednesday.\n")


def run(exe: str, *args: str, env: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, claims_exe) -> str:
    db = str(tmp_path_factory.mktemp("ledger") / "claims.db")
    env = dict(os.environ, CLAIMS_DB=db, CI="true")
    done = run(claims_exe, "extract", "seeds/", "--metrics", str(KARABAKH_METRICS), "--format", "jsonl", env=env)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory, claims_exe) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "later.txt").write_text(LATER, encoding="utf-8")
    db = str(folder / "claims.db")
    done = run(claims_exe, "extract", "hostile.txt", "later.txt", env=dict(os.environ, CLAIMS_DB=db, CI="true"), cwd=folder)
    assert done.returncode == 0, done.stderr
    return db


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def diff_groups(db: str, *metrics: str) -> list[dict]:
    """The quantities of `claims diff --format json` for these metrics (all of the ledger's by default)."""
    with Ledger(db, create=False) as ledger:
        metrics = metrics or tuple(ledger.metrics())
    args = [a for m in metrics for a in ("--metric", m)]
    result = invoke("diff", "--db", db, "--metrics", str(KARABAKH_METRICS), *args, "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


class Page(HTMLParser):
    """What a test reads of the page: section titles, rows per section, summary rows, scripts."""

    def __init__(self, html: str):
        super().__init__()
        self.titles, self.rows, self.summary, self.scripts, self.links = [], [], [], [], []
        self._cell: list[str] | None = None
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("class") == "quantity":
            self.rows.append([])
        elif tag == "h2":
            self._in = "h2"
        elif tag == "tr" and attrs.get("class") == "figure":
            self.rows[-1].append({"publisher": attrs["data-publisher"], "verdict": attrs["data-verdict"], "cells": []})
        elif tag == "tr" and attrs.get("class") == "quantity-row":
            self.summary.append({"key": attrs["data-key"], "cells": []})
        elif tag == "td":
            self._cell = []
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in = None
        elif tag == "td" and self._cell is not None:
            row = self.rows[-1][-1] if self.rows and self.rows[-1] else None
            target = self.summary[-1] if self.summary and not self.rows else row
            target["cells"].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._in == "h2" and data.strip() != "Summary":
            self.titles.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def seeds_page(seeds_db, claims_exe, tmp_path_factory) -> tuple[subprocess.CompletedProcess, str]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    done = run(claims_exe, "report", "-o", str(out), "--db", seeds_db, "--metrics", str(KARABAKH_METRICS),
               env=dict(os.environ, CI="true"))
    return done, out.read_text(encoding="utf-8") if out.exists() else ""


def test_the_seeds_report_has_a_section_per_quantity_and_a_row_per_figure(seeds_db, seeds_page):
    done, html = seeds_page
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    groups = diff_groups(seeds_db)
    figures = sum(len(g["claims"]) for g in groups)
    assert (len(groups), figures) == (23, 40)
    assert done.stdout.splitlines()[-1].endswith(": 23 quantities, 40 figures")
    page = Page(html)
    assert page.titles == SEEDS_TITLES
    assert [len(rows) for rows in page.rows] == [len(g["claims"]) for g in groups]
    assert [s["key"] for s in page.summary] == [g["key"] for g in groups]
    assert [[(r["publisher"], r["verdict"]) for r in rows] for rows in page.rows] == [
        [(c["publisher"] or c["file"], c["verdict"]) for c in g["claims"]] for g in groups]


def test_the_summary_of_refugees_is_the_estimate_of_claims_diff(seeds_db, seeds_page):
    (refugees, _, _) = diff_groups(seeds_db, "refugees")
    est = refugees["estimate"]
    assert (est["low"], est["best"], est["high"], est["as_of"], est["sources"], len(est["origins"])) == (
        100000, 100632, 100632, "2023-10-04", 4, 1)
    summary = {s["key"]: s["cells"] for s in Page(seeds_page[1]).summary}
    assert summary["refugees|people|-|-|current"] == [
        "Refugees, people, current", "10", "100,000", "100,632", "100,632", "2023-10-04", "4", "1", "0", "1"]
    assert summary["population|people|-|-|current"] == [
        "Population, people", "4", "100,000", "120,000", "120,000", "undated", "4", "2", "4", "0"]


def test_a_row_shows_the_figure_its_sentence_interval_article_source_verdict_and_explanation(seeds_page):
    page = Page(seeds_page[1])
    refugees = page.rows[SEEDS_TITLES.index("Refugees, people, current")]
    stale = refugees[4]
    assert stale["verdict"] == "stale"
    number, as_of, figure, interval, article, said, verdict, explanation = stale["cells"]
    assert (number, as_of, interval, said, verdict) == ("5", "2023-10-04", "27,000 – 30,000", "the Armenian governmentGovernment of Armenia", "stale")
    assert figure.startswith("nearly 30,000") and "30,000" in figure[len("nearly 30,000"):]
    assert article.startswith("Jerusalem Post 2023-10-04")
    assert explanation.startswith("outdated: ")
    assert "https://www.jpost.com/israel-news/article-761691" in page.links


def test_the_page_is_self_contained(seeds_page):
    html = seeds_page[1]
    assert "plotly.js v" in html
    html = without_library(html)
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\ssrc=", html) and "<link" not in html and "@import" not in html
    assert [s.get("type") for s in Page(html).scripts] == ["application/json", None, None]
    assert "Plotly.newPlot" in html


def test_metric_selects_the_quantities_and_since_the_figures(seeds_db, tmp_path):
    out = tmp_path / "r.html"
    result = invoke("report", "--db", seeds_db, "--metrics", str(KARABAKH_METRICS), "--metric", "refugees", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: 3 quantities, 14 figures\n"
    page = Page(out.read_text(encoding="utf-8"))
    assert page.titles == ["Refugees, people, current", "Refugees, people, historical", "Refugees, people, in Goris"]
    result = invoke("report", "--db", seeds_db, "--metrics", str(KARABAKH_METRICS), "--metric", "refugees",
                    "--metric", "killed", "--since", "2023-10-01", "--title", "Exodus <desk>", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = without_library(out.read_text(encoding="utf-8"))
    page = Page(html)
    assert page.titles == ["Killed, Azerbaijani combatants", "Killed, people", "Refugees, people, current",
                           "Refugees, people, historical"]
    assert [len(rows) for rows in page.rows] == [1, 1, 7, 2]
    assert "<title>Exodus &lt;desk&gt;</title>" in html


def test_what_articles_supply_is_escaped_everywhere(hostile_db, tmp_path):
    out = tmp_path / "r.html"
    result = invoke("report", "--db", hostile_db, "-o", str(out))
    assert result.exit_code == 0, result.output
    whole = out.read_text(encoding="utf-8")
    assert whole.count("<script") == 3 and whole.count("</script>") == 3
    html = without_library(whole)
    assert "alert(1)" in html and "<script>alert" not in html and "<img" not in html and "<b>camp" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; Crossings" in html
    assert "&lt;b&gt;camp&lt;/b&gt;&lt;/script&gt;&lt;!--, the ministry said." in html
    page = Page(html)
    assert len(page.scripts) == 3
    assert [(r["publisher"], r["verdict"]) for r in page.rows[0]] == [
        ("<img src=x onerror=alert(2)> Probe</script>", "conflict"),
        ("<img src=x onerror=alert(2)> Probe</script>", "conflict"),
        ("River Gazette", "conflict")]
    assert [link for link in page.links if not link.startswith("#")] == ["https://example.org/news/crossings?a=1&b=2"]
    assert "javascript:" not in html
    data = html[html.index('id="report-data">') + len('id="report-data">'):]
    data = json.loads(data[: data.index("</script>")])
    hover = data["charts"][0]["figure"]["data"][3]["customdata"][0][1]
    assert hover.startswith("<b>#1 More than 5,000</b> — conflict<br>&lt;img src=x onerror=alert(2)&gt; Probe&lt;/script&gt;")


def test_json_and_scripts_inside_script_elements_cannot_end_them():
    text = script_json({"t": "</script><script>alert(1)</script><!-- & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script><!-- & >"}
    assert inline_script('a = "</script>"; b = "<!--";') == 'a = "<\\/script>"; b = "<\\!--";'
    assert [safe_url(u) for u in ("https://a.example/x", "javascript:alert(1)", "ftp://a.example", "/x", None)] == [
        "https://a.example/x", None, None, None, None]


def test_an_empty_ledger_is_one_line_and_exit_2(tmp_path):
    db = tmp_path / "empty.db"
    with Ledger(db):
        pass
    result = invoke("report", "--db", str(db), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2
    assert result.output == f"Error: the ledger {db} is empty: run `claims extract PATH` first\n"
    assert not (tmp_path / "r.html").exists()


def test_a_missing_ledger_is_one_line_and_exit_2(claims_exe, tmp_path):
    done = run(claims_exe, "report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html"),
               env=dict(os.environ, CI="true"))
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("Error: ") and "Traceback" not in done.stderr


@pytest.mark.parametrize(("path", "reason"), [
    ("no/such/dir/r.html", "No such file or directory"),
    ("a.txt/r.html", "Not a directory"),
])
def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(hostile_db, tmp_path, monkeypatch, path, reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    result = invoke("report", "--db", hostile_db, "-o", path)
    assert result.exit_code == 2
    assert result.output == f"Error: cannot write the report to {path}: {reason}\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_report_in_a_read_only_folder_is_one_line_and_exit_2(hostile_db, tmp_path):
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    try:
        result = invoke("report", "--db", hostile_db, "-o", str(tmp_path / "ro" / "r.html"))
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert result.exit_code == 2
    assert result.output == f"Error: cannot write the report to {tmp_path / 'ro' / 'r.html'}: Permission denied\n"
