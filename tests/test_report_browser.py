"""`claims report` in a real browser: headless Chromium from the system's packages opens the page from
disk, runs its scripts and shows it.

- `--dump-dom` gives the page after its scripts ran: every chart drawn (plotly.js's `svg.main-svg`),
  a table row per figure of each quantity (counted by `claims diff --format json`), and a title and a
  publisher holding `<script>` and `</script>` shown as text, never as elements;
- `--screenshot` draws it: the image is not blank, and shows the conflict red and the estimate's band.

Without Chromium the tests are skipped, except under CI (`CI` set), where they fail: `.ci/run` installs
it (`apt-get install chromium`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import KARABAKH_METRICS, ROOT

from karabakh_claims.models import Verdict
from karabakh_claims.render.palette import VERDICT_STYLES

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--virtual-time-budget=5000"]
HOSTILE = ("Title: </script><script>alert(1)</script> Crossings <b>now</b>\n"
           "Publisher: Probe</script><script>alert(2)</script>\n"
           "Date: 2023-10-02\n\n"
           "More than 5,000 refugees arrived on Saturday at the <i>camp</i></script><!--, the ministry said.\n\n"
           "About 7,000 refugees have arrived, the UN refugee agency said on Monday.\n")


def find_chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        message = "Chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message + ": under CI the browser tests must run")
        pytest.skip(message)
    return found


def browse(chromium: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Chromium on the page with a new empty profile, time-boxed."""
    profile.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done


def run(exe: str, *args: str, env: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    done = subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def report(tmp_path_factory, claims_exe) -> tuple[Path, list[dict]]:
    """The seeds and an article with markup in its title, publisher and sentence, in one ledger; the
    report of their refugees, killed and population figures, and those quantities as `claims diff` gives them."""
    folder = tmp_path_factory.mktemp("browser")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    env = dict(os.environ, CLAIMS_DB=str(folder / "claims.db"), CI="true")
    config = ["--metrics", str(KARABAKH_METRICS)]
    run(claims_exe, "extract", "seeds/", str(folder / "hostile.txt"), *config, "--format", "jsonl", env=env)
    metrics = ["--metric", "refugees", "--metric", "killed", "--metric", "population"]
    run(claims_exe, "report", *config, *metrics, "-o", str(folder / "report.html"), env=env)
    groups = json.loads(run(claims_exe, "diff", *config, *metrics, "--format", "json", env=env).stdout)
    return folder / "report.html", groups


class Dom(HTMLParser):
    """The dumped DOM: per quantity section its figure rows; charts and their svg; scripts; cell texts."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[int] = []
        self.charts: list[dict] = []
        self.main_svgs = 0
        self.scripts = 0
        self.elements: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append(tag)
        classes = (attrs.get("class") or "").split()
        if tag == "section" and "quantity" in classes:
            self.rows.append(0)
        elif tag == "tr" and "figure" in classes:
            self.rows[-1] += 1
        elif tag == "div" and "chart" in classes:
            self.charts.append(attrs)
        elif tag == "svg" and "main-svg" in classes:
            self.main_svgs += 1
        elif tag == "script":
            self.scripts += 1
        elif tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_the_browser_runs_the_scripts_and_the_page_holds_a_row_per_figure(chromium, report, tmp_path):
    page, groups = report
    done = browse(chromium, page, tmp_path / "profile", "--dump-dom")
    dom = Dom(done.stdout.decode("utf-8"))
    charted = [g for g in groups if any(c["as_of"] or c["published"] for c in g["claims"])]
    assert len(dom.charts) == len(charted) > 0
    assert [c.get("data-drawn") for c in dom.charts] == ["true"] * len(charted)
    assert dom.main_svgs >= len(charted) and dom.elements.count("svg") > len(charted)
    assert dom.rows == [len(g["claims"]) for g in groups]
    assert sum(dom.rows) == 27  # the seeds' 25 and the two of hostile.txt


def test_markup_from_articles_is_shown_as_text_in_the_browser(chromium, report, tmp_path):
    page, _ = report
    dom = Dom(browse(chromium, page, tmp_path / "profile", "--dump-dom").stdout.decode("utf-8"))
    assert dom.scripts == 3  # the data, plotly.js and the page's own: none from an article
    assert "b" not in dom.elements and "i" not in dom.elements
    hostile = [cell for cell in dom.cells if "alert(1)" in cell]
    assert hostile == ["Probe</script><script>alert(2)</script> 2023-10-02"
                       "</script><script>alert(1)</script> Crossings <b>now</b>"] * 2
    sentences = [cell for cell in dom.cells if "<i>camp</i></script><!--" in cell]
    assert sentences == ["More than 5,000More than 5,000 refugees arrived on Saturday at the <i>camp</i></script><!--, "
                         "the ministry said."]


def test_the_screenshot_is_not_blank_and_shows_the_verdict_colours(chromium, report, tmp_path):
    from matplotlib import image

    page, _ = report
    shot = tmp_path / "report.png"
    browse(chromium, page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000")
    pixels = (image.imread(shot)[:, :, :3] * 255).round().astype(int)
    assert pixels.shape[:2] == (2000, 1280)
    colours = {tuple(p) for p in pixels.reshape(-1, 3)[::7]}
    assert len(colours) > 200
    red = tuple(int(VERDICT_STYLES[Verdict.conflict].colour[i:i + 2], 16) for i in (1, 3, 5))
    assert red in {tuple(p) for p in pixels.reshape(-1, 3)}


PROBE = """<script>
(function () {
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll("tr.figure"), function (r) { return !r.hidden; }).length;
  }
  function change(id, value) {
    var select = document.getElementById(id);
    select.value = value;
    select.dispatchEvent(new Event("change"));
  }
  function numbers(table) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[0].textContent; }).join(",");
  }
  var probe = {};
  change("filter-verdict", "conflict");
  probe.conflicts = visible();
  probe.count = document.getElementById("filter-count").textContent;
  change("filter-verdict", "");
  change("filter-publisher", "Bloomberg");
  probe.bloomberg = visible();
  change("filter-publisher", "");
  probe.all = visible();
  var table = document.getElementById("TABLE").querySelector("table.figures");
  var header = table.tHead.rows[0].cells[2];
  header.click();
  probe.ascending = numbers(table);
  header.click();
  probe.descending = numbers(table);
  probe.sorted = header.getAttribute("aria-sort");
  document.body.setAttribute("data-probe", JSON.stringify(probe));
}());
</script>
"""


def test_the_tables_sort_by_a_header_and_filter_by_publisher_and_verdict_in_the_browser(chromium, report, tmp_path):
    page, groups = report
    index = next(i for i, g in enumerate(groups) if g["key"] == "refugees|people|-|-|current")
    probed = tmp_path / "probed.html"
    html = page.read_text(encoding="utf-8")
    probed.write_text(html.replace("</body>", PROBE.replace("TABLE", f"q{index}") + "</body>"), encoding="utf-8")
    dom = browse(chromium, probed, tmp_path / "profile", "--dump-dom").stdout.decode("utf-8")
    probe = json.loads(unescape(dom.split('data-probe="', 1)[1].split('"', 1)[0]))
    claims = [c for g in groups for c in g["claims"]]
    conflicts = sum(c["verdict"] == "conflict" for c in claims)
    assert probe["conflicts"] == conflicts and probe["count"] == f"{conflicts} of {len(claims)} figures"
    assert probe["bloomberg"] == sum(c["publisher"] == "Bloomberg" for c in claims) > 0
    assert probe["all"] == len(claims)
    figures = list(enumerate(groups[index]["claims"], 1))
    by_value = sorted(figures, key=lambda item: item[1]["value"])
    assert probe["ascending"] == ",".join(str(n) for n, _ in by_value)
    assert probe["descending"] == ",".join(str(n) for n, _ in sorted(figures, key=lambda item: -item[1]["value"]))
    assert probe["sorted"] == "descending"
