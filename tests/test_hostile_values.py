"""Hostile values (issue 16, rows 3, 4, 5, 6, 8 and 11): the real `claims` executable on a real ledger.

- a figure above the ceiling (10^13 people, 10^15 in money) is no claim: one line on standard error,
  and no output ever holds `Infinity` or `NaN`;
- a bad value put into the ledger by hand (infinity, 1e308, text) never disables it: diff, check and
  the plots still answer;
- titles, publishers and sources are drawn as text in every rich table, never as markup;
- CSV cells that a spreadsheet would run as formulas start with `'`;
- a plot that cannot be written is one line and exit status 1;
- `--stale-ratio nan` and `inf` are usage errors.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sqlite3
import subprocess
from pathlib import Path

import click
import pytest

from karabakh_claims.models import Claim, Qualifier
from karabakh_claims.numbers import parse_quantity
from karabakh_claims.render.claims import write_claims

TIMEOUT = 300

HUGE = ("Title: Huge figures\nPublisher: Probe News\nDate: 2023-10-01\n\n"
        "Around 1.7976931348623157e308 refugees have crossed into Armenia, the UN said on Sunday.\n\n"
        "About 1e308 refugees fled, officials said.\n\n"
        "More than 5,000 refugees arrived on Saturday, the ministry said.\n")
HUGE_WARNINGS = [
    "huge.txt:5: warning: figure 'Around 1.7976931348623157e308' is above the ceiling of 10^13 people: not a claim",
    "huge.txt:7: warning: figure 'About 1e308' is above the ceiling of 10^13 people: not a claim",
]
MONEY = ("Title: Aid\nPublisher: Probe News\nDate: 2023-10-01\n\n"
         "The donors pledged $5,000,000,000,000,000 in humanitarian aid to Armenia, the EU said.\n\n"
         "The donors pledged $50 million in humanitarian aid to Armenia, the World Bank said.\n")
GOOD = ("Title: Crossings rise\nPublisher: Valley Post\nDate: 2023-10-02\n\n"
        "More than 5,000 refugees arrived on Saturday, the ministry said.\n\n"
        "About 7,000 refugees have arrived, the UN refugee agency said on Monday.\n")
LATER = ("Title: Crossings fall\nPublisher: River Gazette\nDate: 2023-10-04\n\n"
         "Some 3,000 refugees have arrived so far, the mayor said on Wednesday.\n")
MARKUP = ("Title: [link=http://evil.example]click[/link] a [/] b\nPublisher: a [/] b [bold]Probe[/bold]\n"
          "Date: 2023-10-01\n\n"
          "More than 5,000 refugees arrived in Goris on Saturday, the ministry said.\n\n"
          "About 7,000 refugees have arrived, the UN refugee agency said on Sunday.\n")
FORMULAS = [
    {"title": "=cmd|' /C calc'!A0", "source": "+1+1", "date": "2023-10-01", "url": "@SUM(1+1)",
     "text": "More than 5,000 refugees arrived on Saturday, the ministry said."},
    {"title": "-2+3", "source": "@SUM(1+1)", "date": "2023-10-02", "url": "-2+3",
     "text": "About 7,000 refugees have arrived, the UN refugee agency said on Monday."},
]


# --- helpers -----------------------------------------------------------------------------------------------

def run(exe: str, *args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `claims` to the end; its standard error must never hold a traceback."""
    done = subprocess.run([exe, *args], capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd,
                          timeout=TIMEOUT)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def strict_json(text: str):
    """JSON as the standard has it: `Infinity`, `-Infinity` and `NaN` are errors."""
    def refuse(name: str):
        raise AssertionError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def ledger_values(db: Path) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT text, value, low, high FROM claims ORDER BY start").fetchall()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "huge.txt").write_text(HUGE, encoding="utf-8")
    (tmp_path / "money.txt").write_text(MONEY, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "later.txt").write_text(LATER, encoding="utf-8")
    (tmp_path / "markup.txt").write_text(MARKUP, encoding="utf-8")
    (tmp_path / "formulas.jsonl").write_text("".join(json.dumps(r) + "\n" for r in FORMULAS), encoding="utf-8")
    return tmp_path


# --- rows 3 and 4: figures above the ceiling, bad stored values ---------------------------------------------

def test_a_figure_above_the_ceiling_is_one_warning_and_no_claim(claims_exe, cli_env, folder):
    done = run(claims_exe, "extract", "huge.txt", "--format", "json", env=cli_env, cwd=folder)
    assert done.returncode == 0
    assert done.stderr.splitlines() == HUGE_WARNINGS
    records = strict_json(done.stdout)
    assert [(r["text"], r["value"], r["low"], r["high"]) for r in records] == [("More than 5,000", 5000, 5000, None)]
    assert ledger_values(Path(cli_env["CLAIMS_DB"])) == [("More than 5,000", 5000.0, 5000.0, None)]

    for fmt in ("json", "csv", "table"):
        diff = run(claims_exe, "diff", "--metric", "refugees", "--format", fmt, "--no-cache", env=cli_env, cwd=folder)
        assert diff.returncode == 0, diff.stderr
        assert "Infinity" not in diff.stdout and "NaN" not in diff.stdout and "e+308" not in diff.stdout
    plot = run(claims_exe, "diff", "--metric", "refugees", "--plot", "x.html", env=cli_env, cwd=folder)
    assert plot.returncode == 0, plot.stderr
    assert (folder / "x.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    check = run(claims_exe, "check", "huge.txt", "--format", "json", env=cli_env, cwd=folder)
    assert check.returncode == 0, check.stderr
    assert strict_json(check.stdout)["counts"]["articles"] == 1


def test_a_new_check_warns_of_the_figure_and_is_not_an_unreadable_input(claims_exe, cli_env, folder):
    done = run(claims_exe, "check", "huge.txt", "good.txt", env=cli_env, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == HUGE_WARNINGS
    assert done.stdout.splitlines()[-1].startswith("claims check passed: 2 article(s) checked")


def test_one_billion_trillion_dollars_is_above_the_money_ceiling(claims_exe, cli_env, folder):
    done = run(claims_exe, "extract", "money.txt", "--format", "jsonl", env=cli_env, cwd=folder)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        "money.txt:5: warning: figure '$5,000,000,000,000,000' is above the ceiling of 10^15 USD: not a claim"]
    assert [(r["text"], r["value"], r["unit"]) for r in map(strict_json, done.stdout.splitlines())] == [
        ("$50 million", 50_000_000, "USD")]


def test_every_numeric_mention_is_finite_json(claims_exe, cli_env, folder):
    done = run(claims_exe, "extract", "huge.txt", "--all-mentions", "--format", "json", env=cli_env, cwd=folder)
    assert done.returncode == 0
    values = [(r["value"], r["low"], r["high"]) for r in strict_json(done.stdout)]
    assert all(x is None or math.isfinite(x) for triple in values for x in triple)


BAD_VALUES = [
    ("value", math.inf),
    ("value", -math.inf),
    ("value", 1e308),
    ("value", "lots"),
    ("high", math.inf),
    ("low", -1e300),
    ("value", 2e13),
]


@pytest.mark.parametrize(("column", "bad"), BAD_VALUES, ids=[f"{c}={b}" for c, b in BAD_VALUES])
def test_one_bad_stored_value_never_disables_the_ledger(claims_exe, cli_env, folder, column, bad):
    assert run(claims_exe, "extract", "good.txt", "later.txt", env=cli_env, cwd=folder).returncode == 0
    db = Path(cli_env["CLAIMS_DB"])
    with sqlite3.connect(db) as conn:
        conn.execute(f"UPDATE claims SET {column} = ? WHERE text = 'About 7,000'", (bad,))
    conn.close()

    done = run(claims_exe, "diff", "--metric", "refugees", "--format", "json", env=cli_env, cwd=folder)
    assert done.returncode == 0, done.stderr
    (group,) = strict_json(done.stdout)
    assert [c["text"] for c in group["claims"]] == ["More than 5,000", "Some 3,000"]
    csv_done = run(claims_exe, "diff", "--metric", "refugees", "--format", "csv", env=cli_env, cwd=folder)
    assert [r["text"] for r in csv_rows(csv_done.stdout)] == ["More than 5,000", "Some 3,000"]
    table = run(claims_exe, "diff", "--metric", "refugees", env=cli_env, cwd=folder)
    assert table.returncode == 0 and "Some 3,000" in table.stdout and "About 7,000" not in table.stdout
    for plot in ("o.html", "o.png"):
        drawn = run(claims_exe, "diff", "--metric", "refugees", "--plot", plot, env=cli_env, cwd=folder)
        assert drawn.returncode == 0, drawn.stderr
        assert (folder / plot).stat().st_size > 0
    check = run(claims_exe, "check", "--format", "json", env=cli_env, cwd=folder)
    assert check.returncode in (0, 1), check.stderr
    assert strict_json(check.stdout)["counts"]["articles"] == 2
    again = run(claims_exe, "extract", "good.txt", "--format", "jsonl", env=cli_env, cwd=folder)
    assert [strict_json(line)["text"] for line in again.stdout.splitlines()] == ["More than 5,000"]


# --- row 5: article text in rich tables ---------------------------------------------------------------------

def test_markup_in_titles_and_publishers_is_shown_as_written(claims_exe, cli_env, folder):
    done = run(claims_exe, "extract", "markup.txt", env=cli_env, cwd=folder)
    assert done.returncode == 0, done.stderr
    lines = [line.rstrip() for line in done.stdout.splitlines()]
    assert lines[:2] == ["markup.txt · a [/] b [bold]Probe[/bold] · 2023-10-01",
                         "[link=http://evil.example]click[/link] a [/] b"]
    assert "\x1b]8;" not in done.stdout  # no hyperlink

    for _ in range(2):  # reconciled, then as saved
        diff = run(claims_exe, "diff", "--metric", "refugees", env=cli_env, cwd=folder)
        assert diff.returncode == 0, diff.stderr
        rows = [line for line in diff.stdout.splitlines() if line.startswith("│ 1 ")]
        assert len(rows) == 1 and "│ a [/] b [bold]Probe[/bold] │" in rows[0]
        assert 'before a [/] b [bold]Probe[/bold] "About 7,000"' in diff.stdout


# --- row 6: formulas in CSV cells ---------------------------------------------------------------------------

def test_csv_cells_that_start_a_formula_are_quoted_and_numbers_are_not(claims_exe, cli_env, folder):
    done = run(claims_exe, "extract", "formulas.jsonl", "--format", "csv", env=cli_env, cwd=folder)
    assert done.returncode == 0, done.stderr
    rows = csv_rows(done.stdout)
    assert [(r["title"], r["publisher"], r["url"]) for r in rows] == [
        ("'=cmd|' /C calc'!A0", "'+1+1", "'@SUM(1+1)"),
        ("'-2+3", "'@SUM(1+1)", "'-2+3"),
    ]
    assert [(r["value"], r["low"], r["high"][:6]) for r in rows] == [
        ("5000.0", "5000.0", ""), ("7000.0", "6300.0", "7700.0")]

    diff = run(claims_exe, "diff", "--metric", "refugees", "--format", "csv", env=cli_env, cwd=folder)
    assert diff.returncode == 0, diff.stderr
    rows = csv_rows(diff.stdout)
    assert [(r["publisher"], r["url"], r["value"]) for r in rows] == [
        ("'+1+1", "'@SUM(1+1)", "5000.0"), ("'@SUM(1+1)", "'-2+3", "7000.0")]
    assert all(not r[name].startswith(tuple("=+-@")) for r in rows for name in r)


def test_spreadsheet_text_quotes_text_only():
    from karabakh_claims.render.cells import spreadsheet_text

    assert [spreadsheet_text(v) for v in ("=1+1", "+1", "-2+3", "@SUM(1)", "\tx", "\rx", "a=1", "", "2023-10-01")] == [
        "'=1+1", "'+1", "'-2+3", "'@SUM(1)", "'\tx", "'\rx", "a=1", "", "2023-10-01"]
    assert [spreadsheet_text(v) for v in (-2.0, -5, None, True)] == [-2.0, -5, None, True]
    claim = Claim(file="-a.txt", article_id="a1", title="=HYPERLINK(\"x\")", text="-40", value=-40, low=-40,
                  high=-40, qualifier=Qualifier.exact, unit="people", start=0, end=3, line=1, sentence="-40 people.",
                  metric="refugees")
    out = io.StringIO()
    write_claims([claim], "csv", out)
    (row,) = csv_rows(out.getvalue())
    assert (row["file"], row["title"], row["text"], row["value"], row["low"], row["high"]) == (
        "'-a.txt", "'=HYPERLINK(\"x\")", "'-40", "-40.0", "-40.0", "-40.0")


# --- row 8: a plot that cannot be written -------------------------------------------------------------------

@pytest.mark.parametrize(("path", "reason"), [
    ("no/such/dir/o.html", "No such file or directory"),
    ("no/such/dir/o.png", "No such file or directory"),
    ("good.txt/o.html", "Not a directory"),
])
def test_a_plot_that_cannot_be_written_is_one_line_and_exit_1(claims_exe, cli_env, folder, path, reason):
    assert run(claims_exe, "extract", "good.txt", env=cli_env, cwd=folder).returncode == 0
    done = run(claims_exe, "diff", "--metric", "refugees", "--plot", path, env=cli_env, cwd=folder)
    assert done.returncode == 1
    assert done.stderr == f"Error: cannot write the plot to {path}: {reason}\n"
    assert "More than 5,000" in done.stdout  # the diff itself is given all the same


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_plot_in_a_read_only_folder_is_one_line_and_exit_1(claims_exe, cli_env, folder):
    assert run(claims_exe, "extract", "good.txt", env=cli_env, cwd=folder).returncode == 0
    (folder / "ro").mkdir()
    (folder / "ro").chmod(0o555)
    try:
        done = run(claims_exe, "diff", "--metric", "refugees", "--plot", "ro/o.html", env=cli_env, cwd=folder)
    finally:
        (folder / "ro").chmod(0o755)
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write the plot to ro/o.html: Permission denied\n"


# --- row 11: --stale-ratio ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ratio", ["nan", "inf", "-inf", "NaN", "1e999"])
def test_stale_ratio_nan_or_infinite_is_a_usage_error(claims_exe, cli_env, folder, ratio):
    assert run(claims_exe, "extract", "good.txt", env=cli_env, cwd=folder).returncode == 0
    done = run(claims_exe, "diff", "--stale-ratio", ratio, env=cli_env, cwd=folder)
    assert done.returncode == 2
    shown = str(float(ratio))
    assert done.stderr.splitlines()[-1] == f"Error: Invalid value for '--stale-ratio': {shown} is not in the range x>1."


def test_finite_float_range_keeps_finite_numbers_and_the_range_message():
    from karabakh_claims.cli import FiniteFloatRange

    ratio = FiniteFloatRange(1, min_open=True)
    assert ratio.convert("1.5", None, None) == 1.5
    for bad, shown in (("nan", "nan"), ("inf", "inf"), ("1", "1.0")):
        with pytest.raises(click.BadParameter, match=rf"^{shown} is not in the range x>1\.$"):
            ratio.convert(bad, None, None)


# --- the ceiling and the reader on their own ----------------------------------------------------------------

def test_the_ceiling_by_unit():
    from karabakh_claims.numbers.ceiling import ceiling_text, within_ceiling

    assert within_ceiling(1e13, 1e13, None, "people") and within_ceiling(1e15, None, 1e15, "USD")
    assert not within_ceiling(1.0000001e13, None, None, "people")
    assert not within_ceiling(5000, 5000, 2e15, "EUR")
    assert not within_ceiling(-2e13, None, None, None)
    assert not within_ceiling(math.nan, None, None, "people") and not within_ceiling(5, 5, math.inf, "people")
    assert (ceiling_text("people"), ceiling_text(None), ceiling_text("USD")) == ("10^13 people", "10^13 people",
                                                                                   "10^15 USD")


def test_the_reader_never_gives_an_infinite_bound():
    from karabakh_claims.numbers.ceiling import LARGEST

    about = parse_quantity("Around 1.7976931348623157e308")
    assert (about.value, about.high) == (LARGEST, LARGEST) and math.isfinite(about.low)
    assert parse_quantity("1e309") is None
    exact = parse_quantity("1e308")
    assert (exact.value, exact.low, exact.high) == (1e308, 1e308, 1e308)
