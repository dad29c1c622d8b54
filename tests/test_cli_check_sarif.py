"""`claims check --format sarif` through the real executable: a SARIF 2.1.0 log valid against the
OASIS schema (tests/schemas/sarif-2.1.0.schema.json), results at the figure's line and column,
fingerprints that survive edits elsewhere, baselined findings left out, the usual exit statuses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import get_args

import pytest
from conftest import FIXTURES, SEEDS
from jsonschema import Draft7Validator

from karabakh_claims import __version__
from karabakh_claims.jobs.columns import file_columns
from karabakh_claims.models import FigureRef, Finding, FindingKey, FindingKind, Mention, Verdict
from karabakh_claims.render.sarif import FINGERPRINT, check_sarif, finding_results

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft7Validator(SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)
NEW_ARTICLE = FIXTURES / "check" / "150_killed.txt"
OURS = "corpus/150_killed.txt"
KILLED = "killed|combatants|Azerbaijani|-|current"
MESSAGE = ('conflict at the same date: Caucasus Wire "150" (2023-09-27, per Azerbaijan\'s Defense Ministry) vs '
           'Bloomberg "192" (2023-09-27, per The Defense Ministry in Baku); both from one origin: Ministry of '
           f"Defence of Azerbaijan [{KILLED}]")


def run(exe: str, *args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def sarif_of(done: subprocess.CompletedProcess) -> dict:
    """The log on standard output, checked against the schema (and as strict JSON: no NaN)."""
    log = json.loads(done.stdout, parse_constant=lambda name: pytest.fail(f"{name} in the SARIF"))
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    return log


def results_at(log: dict, uri: str) -> list[dict]:
    return [r for r in log["runs"][0]["results"]
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri]


def place(path: Path, sentence: str, figure: str) -> tuple[int, int]:
    """The 1-based line and column of `figure` on the first line of the file holding `sentence`."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if sentence in text:
            return number, text.index(figure) + 1
    raise AssertionError(f"{sentence!r} not in {path}")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, claims_exe) -> Path:
    """A ledger of the seeds and the new article, filled once by `claims extract corpus/`."""
    base = tmp_path_factory.mktemp("sarif_ledger")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    shutil.copy(NEW_ARTICLE, corpus)
    done = run(claims_exe, "extract", "corpus/", "--format", "jsonl", "--db", str(base / "claims.db"),
               env=dict(os.environ, CI="true"), cwd=base)
    assert done.returncode == 0, done.stderr
    return base / "claims.db"


@pytest.fixture
def work(tmp_path, cli_env, ledger) -> Path:
    """A working directory with corpus/ (the seeds) and the test's own copy of the ledger."""
    shutil.copy(ledger, cli_env["CLAIMS_DB"])
    folder = tmp_path / "work"
    shutil.copytree(SEEDS, folder / "corpus")
    return folder


def test_a_new_conflict_is_a_result_at_the_figure(claims_exe, cli_env, work):
    assert run(claims_exe, "check", "corpus/", "--write-baseline", "baseline.json", env=cli_env, cwd=work).returncode == 0
    shutil.copy(NEW_ARTICLE, work / "corpus")

    done = run(claims_exe, "check", "corpus/", "--baseline", "baseline.json", "--format", "sarif", env=cli_env, cwd=work)
    assert done.returncode == 1, done.stderr
    log = sarif_of(done)
    assert (log["version"], len(log["runs"])) == ("2.1.0", 1)
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("claims", __version__)
    assert [rule["id"] for rule in driver["rules"]] == list(get_args(FindingKind)) == ["conflict", "stale"]
    for rule in driver["rules"]:
        assert rule["defaultConfiguration"] == {"level": "warning"}
        assert "--write-baseline" in rule["help"]["text"] and "--write-baseline" in rule["help"]["markdown"]

    [ours] = results_at(log, OURS)
    line, column = place(NEW_ARTICLE, "that 150 servicemen", "150")
    assert ours["ruleId"] == "conflict" and driver["rules"][ours["ruleIndex"]]["id"] == "conflict"
    assert ours["level"] == "warning" and ours["baselineState"] == "new"
    assert ours["message"]["text"] == MESSAGE
    assert ours["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": OURS, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line, "startColumn": column}}}]
    assert (line, column) == (5, 54)
    assert set(ours["partialFingerprints"]) == {FINGERPRINT}

    github = run(claims_exe, "check", "corpus/", "--baseline", "baseline.json", "--format", "github", env=cli_env, cwd=work)
    annotations = [a for a in github.stdout.splitlines() if a.startswith("::warning")]
    assert len(annotations) == len(log["runs"][0]["results"]) == 2
    assert any(a.startswith(f"::warning file={OURS},line={line},") and a.endswith(f"::{MESSAGE}") for a in annotations)


def test_fingerprints_hold_when_a_line_is_inserted_above(claims_exe, cli_env, work):
    article = work / "corpus" / NEW_ARTICLE.name
    shutil.copy(NEW_ARTICLE, article)
    before = sarif_of(run(claims_exe, "check", "corpus/", "--format", "sarif", env=cli_env, cwd=work))

    lines = article.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines.index("\n") + 1
    article.write_text("".join(lines[:body] + ["The ministry spoke at a briefing in Baku.\n"] + lines[body:]),
                       encoding="utf-8")
    done = run(claims_exe, "check", "corpus/", "--format", "sarif", env=cli_env, cwd=work)
    assert done.returncode == 1, done.stderr
    after = sarif_of(done)

    [old], [new] = results_at(before, OURS), results_at(after, OURS)
    assert new["partialFingerprints"] == old["partialFingerprints"]
    old_region, new_region = (r["locations"][0]["physicalLocation"]["region"] for r in (old, new))
    assert new_region == {**old_region, "startLine": old_region["startLine"] + 1}
    assert new_region["startLine"] == place(article, "that 150 servicemen", "150")[0]

    def fingerprints(log: dict) -> list[str]:
        return sorted(r["partialFingerprints"][FINGERPRINT] for r in log["runs"][0]["results"])

    assert fingerprints(after) == fingerprints(before)
    assert len(set(fingerprints(after))) == len(fingerprints(after))


def test_baselined_findings_are_not_results_and_exit_statuses_match(claims_exe, cli_env, work):
    shutil.copy(NEW_ARTICLE, work / "corpus")
    assert run(claims_exe, "check", "corpus/", "--write-baseline", "baseline.json", env=cli_env, cwd=work).returncode == 0

    statuses = {}
    for fmt in ("text", "github", "json", "sarif"):
        done = run(claims_exe, "check", "corpus/", "--baseline", "baseline.json", "--format", fmt, env=cli_env, cwd=work)
        statuses[fmt] = done.returncode
    assert statuses == dict.fromkeys(statuses, 0)

    done = run(claims_exe, "check", "corpus/", "--baseline", "baseline.json", "--format", "sarif", env=cli_env, cwd=work)
    log = sarif_of(done)
    counts = json.loads(run(claims_exe, "check", "corpus/", "--baseline", "baseline.json", "--format", "json",
                            env=cli_env, cwd=work).stdout)["counts"]
    assert counts["baselined"] > 0 and counts["new"] == 0
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["properties"]["baselined"] == counts["baselined"]
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]

    unbaselined = run(claims_exe, "check", "corpus/", "--format", "sarif", env=cli_env, cwd=work)
    assert unbaselined.returncode == 1
    assert len(sarif_of(unbaselined)["runs"][0]["results"]) >= counts["baselined"]


def test_an_unreadable_input_is_exit_2_with_nothing_on_standard_output(claims_exe, cli_env, work):
    (work / "corpus" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    done = run(claims_exe, "check", "corpus/", "--format", "sarif", env=cli_env, cwd=work)
    assert done.returncode == 2 and done.stdout == ""


# --- in-process: columns and fingerprints ---------------------------------------------------------


def mention(file: str, text: str, start: int, line: int) -> Mention:
    return Mention(file=file, line=line, article_id="a", text=text, start=start, verdict=Verdict.conflict,
                   explanation=f'conflict: "{text}"', judged=True, checked=True)


def test_columns_count_characters_from_the_line_start(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Title: Stepanakert\r\nPublisher: X\r\n\r\nIn Xankəndi, 150 killed.\r\n".encode("utf-8"))
    start = path.read_bytes().decode("utf-8").index("150")
    assert file_columns(str(path), [mention(str(path), "150", start, 4)]) == {(str(path), start): len("In Xankəndi, ") + 1}
    for moved in (mention(str(path), "150", start, 3), mention(str(path), "151", start, 4)):
        assert file_columns(str(path), [moved]) == {}
    html = tmp_path / "a.html"
    html.write_text("<p>In Stepanakert, 150 killed.</p>", encoding="utf-8")
    assert file_columns(str(html), [mention(str(html), "150", 16, 1)]) == {}
    assert file_columns(str(tmp_path / "gone.txt"), [mention(str(tmp_path / "gone.txt"), "150", 0, 1)]) == {}


def test_the_fingerprint_is_the_key_and_the_file_not_the_line():
    key = FindingKey(kind="conflict", quantity=KILLED, figures=(FigureRef(publisher="A", text="192", value=192),
                                                                  FigureRef(publisher="B", text="150", value=150)))

    def finding(*lines: int, file: str = "corpus/b.txt") -> Finding:
        return Finding(key=key, metric="killed", message="m",
                       mentions=tuple(mention(file, "150", 10 * n, n) for n in lines))

    def prints(found: Finding) -> list[str]:
        return [r["partialFingerprints"][FINGERPRINT] for r in finding_results(found, 0)]

    assert prints(finding(3)) == prints(finding(30))
    assert prints(finding(3, 9)) == prints(finding(4, 40)) and len(set(prints(finding(3, 9)))) == 2
    assert prints(finding(3)) != prints(finding(3, file="corpus/c.txt"))
    other = key.model_copy(update={"figures": key.figures[:1] + (FigureRef(publisher="B", text="151", value=151),)})
    assert prints(finding(3)) != [r["partialFingerprints"][FINGERPRINT]
                                  for r in finding_results(finding(3).model_copy(update={"key": other}), 0)]
    [region] = [r["locations"][0]["physicalLocation"]["region"] for r in finding_results(finding(3), 0)]
    assert region == {"startLine": 3}


def test_the_schema_is_draft_7_and_an_empty_report_is_valid():
    from karabakh_claims.models import CheckReport

    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(SCHEMA)
    log = json.loads(check_sarif(CheckReport(articles=0, checked=0)))
    assert list(VALIDATOR.iter_errors(log)) == [] and log["runs"][0]["results"] == []
