"""`claims check`, the CI gate, through the real executable: exit statuses, annotations, baseline,
--changed-since, and the shipped workflow and pre-commit hook."""

from __future__ import annotations

import datetime as dt
import json
import random
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, SEEDS

from karabakh_claims.cli import cli
from karabakh_claims.jobs.baseline import baseline_of, read_baseline, write_baseline
from karabakh_claims.jobs.check import Scope, compare, gone_articles
from karabakh_claims.jobs.findings import CiteIndex, find_findings
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import Article, Claim, Estimate, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.reconcile import cite
from karabakh_claims.render.check import escape_data, escape_property

NEW_ARTICLE = FIXTURES / "check" / "150_killed.txt"
KILLED = "killed|combatants|Azerbaijani|-|current"
WORKFLOW = ROOT / ".github" / "workflows" / "claims.yml"
SCREEN_LINES = 45


def run(exe, *args, env, cwd):
    return subprocess.run([exe, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def figure_line(path: Path, words: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if words in line)


def copy_seeds(folder: Path, names: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.iterdir():
        if not names or path.name.startswith(names):
            shutil.copy(path, folder / path.name)
    return folder


def workflow_command() -> str:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    return next(step["run"] for step in steps if step.get("run", "").startswith("claims check"))


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory, claims_exe) -> dict[str, Path]:
    """Ledgers filled once by `claims extract corpus/`: the seeds, and the seeds with the new article.

    Articles are reused by content, so a copy lets a test check the same files in its own corpus/
    (the same relative paths) without parsing them.
    """
    import os

    base = tmp_path_factory.mktemp("ledgers")
    corpus = copy_seeds(base / "corpus")
    env = dict(os.environ, CI="true")
    made = {}
    for name, extra in (("seeds", ()), ("with_new", (NEW_ARTICLE,))):
        for path in extra:
            shutil.copy(path, corpus / path.name)
        made[name] = base / f"{name}.db"
        done = run(claims_exe, "extract", "corpus/", "--format", "jsonl", "--db", str(made[name]), env=env, cwd=base)
        assert done.returncode == 0, done.stderr
    return made


@pytest.fixture
def workdir(tmp_path, cli_env):
    """A folder to run in; `use(ledger)` starts the test's ledger (CLAIMS_DB) as a copy of one above."""

    def use(ledger: Path) -> None:
        shutil.copy(ledger, cli_env["CLAIMS_DB"])

    work = tmp_path / "work"
    work.mkdir()
    return work, use


def check(exe, workdir, env, *args):
    return run(exe, "check", *args, env=env, cwd=workdir)


def test_clean_corpus_passes_on_a_fresh_runner(claims_exe, cli_env, workdir):
    work, _ = workdir
    corpus = copy_seeds(work / "corpus", ("001", "002", "004"))
    shutil.copy(NEW_ARTICLE, corpus)
    done = check(claims_exe, work, cli_env, "corpus/")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("claims check passed: 4 article(s) checked; 0 new")
    assert Path(cli_env["CLAIMS_DB"]).exists()


def test_workflow_command_passes_on_the_repository(claims_exe, cli_env, ledgers):
    shutil.copy(ledgers["seeds"], cli_env["CLAIMS_DB"])
    command = shlex.split(workflow_command())
    assert command[:2] == ["claims", "check"]
    done = run(claims_exe, *command[1:], env=cli_env, cwd=ROOT)
    assert done.returncode == 0, (
        f"{done.stdout}{done.stderr}\nthe findings on seeds/ changed: regenerate the baseline with "
        "`rm claims-baseline.json && claims check seeds/ --db \"$(mktemp -d)/claims.db\" --write-baseline claims-baseline.json`"
    )
    assert "::warning" not in done.stdout


def test_new_conflict_fails_with_an_annotation_at_its_line(claims_exe, cli_env, workdir, ledgers):
    work, use = workdir
    use(ledgers["seeds"])
    corpus = copy_seeds(work / "corpus")
    written = check(claims_exe, work, cli_env, "corpus/", "--write-baseline", "baseline.json")
    assert written.returncode == 0, written.stderr
    shutil.copy(NEW_ARTICLE, corpus)

    done = check(claims_exe, work, cli_env, "corpus/", "--baseline", "baseline.json", "--format", "github")
    assert done.returncode == 1, done.stdout + done.stderr
    line = figure_line(NEW_ARTICLE, "150 servicemen")
    ours = [a for a in done.stdout.splitlines() if a.startswith("::warning file=corpus/150_killed.txt,")]
    assert len(ours) == 1
    assert ours[0].startswith(f"::warning file=corpus/150_killed.txt,line={line},title=claims%3A conflicting figure (killed)::")
    assert '"150"' in ours[0] and '"192"' in ours[0] and KILLED in ours[0]
    assert "1 new conflict or stale finding(s)" in done.stdout.splitlines()[-1]

    as_json = json.loads(check(claims_exe, work, cli_env, "corpus/", "--baseline", "baseline.json", "--format", "json").stdout)
    assert as_json["exit_status"] == 1
    assert set(as_json["counts"]) == {"articles", "checked", "new", "baselined", "fixed"}
    assert as_json["counts"]["new"] == 1 and as_json["counts"]["fixed"] == 0
    assert as_json["counts"]["baselined"] == len(json.loads((work / "baseline.json").read_text())["findings"])
    [new] = as_json["findings"]["new"]
    assert (new["kind"], new["quantity"], new["metric"]) == ("conflict", KILLED, "killed")
    assert [(f["publisher"], f["text"]) for f in new["figures"]] == [("Bloomberg", "192"), ("Caucasus Wire", "150")]
    mention = next(m for m in new["mentions"] if m["file"] == "corpus/150_killed.txt")
    assert (mention["line"], mention["verdict"], mention["checked"]) == (line, "conflict", True)


def test_baselined_finding_passes_and_survives_unrelated_edits(claims_exe, cli_env, workdir, ledgers):
    work, use = workdir
    use(ledgers["with_new"])
    corpus = copy_seeds(work / "corpus")
    shutil.copy(NEW_ARTICLE, corpus)
    assert check(claims_exe, work, cli_env, "corpus/", "--write-baseline", "baseline.json").returncode == 0
    entries = json.loads((work / "baseline.json").read_text())["findings"]
    assert any(e["quantity"] == KILLED and {"150", "192"} == {f["text"] for f in e["figures"]} for e in entries)
    assert all("line" not in e and "file" not in e for e in entries)

    done = check(claims_exe, work, cli_env, "corpus/", "--baseline", "baseline.json")
    assert done.returncode == 0, done.stdout + done.stderr

    article = corpus / NEW_ARTICLE.name
    lines = article.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines.index("\n") + 1
    article.write_text("".join(lines[:body] + ["The ministry spoke at a briefing in Baku.\n"] + lines[body:]), encoding="utf-8")
    done = check(claims_exe, work, cli_env, "corpus/", "--baseline", "baseline.json", "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    moved = [m for f in report["findings"]["baselined"] for m in f["mentions"] if m["file"] == "corpus/150_killed.txt"]
    assert [m["line"] for m in moved] == [figure_line(article, "150 servicemen")] == [figure_line(NEW_ARTICLE, "150 servicemen") + 1]


def test_a_finding_that_is_gone_is_reported_fixed(claims_exe, cli_env, workdir, ledgers):
    work, use = workdir
    use(ledgers["with_new"])
    corpus = copy_seeds(work / "corpus")
    shutil.copy(NEW_ARTICLE, corpus)
    assert check(claims_exe, work, cli_env, "corpus/", "--write-baseline", "baseline.json").returncode == 0
    article = corpus / NEW_ARTICLE.name
    article.write_text(article.read_text(encoding="utf-8").replace("that 150 servicemen", "that servicemen"),
                       encoding="utf-8")

    done = check(claims_exe, work, cli_env, "corpus/", "--baseline", "baseline.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'fixed: conflict [{KILLED}] Bloomberg "192" vs Caucasus Wire "150": no longer occurs' in done.stdout
    assert done.stdout.splitlines()[-1].endswith("1 fixed")


def test_a_deleted_article_leaves_the_record(claims_exe, cli_env, workdir, ledgers):
    work, use = workdir
    use(ledgers["seeds"])
    corpus = copy_seeds(work / "corpus")
    shutil.copy(NEW_ARTICLE, corpus)
    assert check(claims_exe, work, cli_env, "corpus/", "--format", "json").returncode == 1
    (corpus / NEW_ARTICLE.name).unlink()
    assert check(claims_exe, work, cli_env, "corpus/", "--write-baseline", "baseline.json").returncode == 0
    done = check(claims_exe, work, cli_env, "corpus/", "--baseline", "baseline.json", "--format", "json")
    assert done.returncode == 0
    assert "Caucasus Wire" not in done.stdout


def test_binary_file_among_the_articles_is_exit_2_with_one_line(claims_exe, cli_env, workdir, ledgers):
    work, use = workdir
    use(ledgers["seeds"])
    corpus = copy_seeds(work / "corpus")
    (corpus / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    done = check(claims_exe, work, cli_env, "corpus/", "--format", "github")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert "corpus/photo.txt" in done.stderr and "binary" in done.stderr and "Traceback" not in done.stderr


def test_changed_since_reports_only_findings_of_changed_articles(claims_exe, cli_env, workdir, ledgers):
    work, use = workdir
    use(ledgers["with_new"])
    copy_seeds(work / "corpus")
    git_env = {**cli_env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}
    for command in (["init", "-q"], ["add", "corpus"], ["commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", *command], cwd=work, env=git_env, check=True, capture_output=True)
    shutil.copy(NEW_ARTICLE, work / "corpus")

    done = check(claims_exe, work, git_env, "corpus/", "--changed-since", "HEAD", "--format", "json")
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert [(f["quantity"], {x["text"] for x in f["figures"]}) for f in report["findings"]["new"]] == [(KILLED, {"150", "192"})]
    assert report["findings"]["baselined"] == [] and report["counts"]["checked"] == 1

    everything = json.loads(check(claims_exe, work, git_env, "corpus/", "--format", "json").stdout)
    assert everything["counts"]["new"] > 1

    bad = check(claims_exe, work, git_env, "corpus/", "--changed-since", "no-such-revision")
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1 and "git" in bad.stderr


def test_a_file_that_is_not_a_baseline_is_exit_2(claims_exe, cli_env, tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text('{"findings": [{"kind": "wrong"}]}', encoding="utf-8")
    done = run(claims_exe, "check", str(SEEDS), "--baseline", str(bad), env=cli_env, cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "is not a claims baseline" in done.stderr


def test_workflow_is_valid_and_runs_the_tested_command():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow["on"]
    for event in ("push", "pull_request"):
        assert "seeds/**" in triggers[event]["paths"]
    assert workflow_command() == "claims check seeds/ --baseline claims-baseline.json --format github"
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/claims check seeds/ --baseline claims-baseline.json\n" in ci_run
    assert (ROOT / "claims-baseline.json").exists()


def test_pre_commit_hook():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("claims-check", "claims check", "python")
    assert hook["require_serial"] is True


def test_help_tells_the_exit_statuses():
    result = CliRunner().invoke(cli, ["check", "--help"], terminal_width=100)
    assert result.exit_code == 0
    assert len(result.output.splitlines()) <= SCREEN_LINES
    for status in ("0  no new finding", "1  new conflicts or stale figures", "2  usage error, unreadable input"):
        assert status in result.output


def test_annotation_escaping():
    assert escape_data("50% up\r\nthen: a, b") == "50%25 up%0D%0Athen: a, b"
    assert escape_property("seeds/a:b,c%.txt") == "seeds/a%3Ab%2Cc%25.txt"


# --- findings from reconciled quantities, in-process ----------------------------------------------


def reconciled(text: str, value: float, publisher: str, verdict: str, line: int, versus: Claim | None = None,
               kind: str = "conflict") -> ReconciledClaim:
    claim = Claim(file=f"corpus/{publisher}.txt", article_id=publisher, publisher=publisher, text=text, value=value,
                  start=line * 10, end=line * 10 + len(text), line=line, sentence=text, metric="killed",
                  as_of=dt.date(2023, 9, 27))
    explanation = f"{kind}: {cite(claim)} vs {cite(versus)}" if versus else "the only figure for this quantity"
    return ReconciledClaim(claim=claim, verdict=Verdict(verdict), explanation=explanation)


def quantity(*claims: ReconciledClaim) -> QuantityGroup:
    return QuantityGroup(key=KILLED, metric="killed", subject="combatants", estimate=Estimate(rule="-"), claims=claims)


def scope_of(*publishers: str) -> Scope:
    read = {p: f"corpus/{p}.txt" for p in ("A", "B", "C")}
    return Scope(("corpus",), read, {p: read[p] for p in publishers})


def test_a_conflict_pair_is_one_finding_with_both_mentions():
    a = reconciled("192", 192, "A", "agrees", 13)
    b = reconciled("150", 150, "B", "agrees", 5)
    group = quantity(reconciled("192", 192, "A", "conflict", 13, b.claim), reconciled("150", 150, "B", "conflict", 5, a.claim))
    [finding] = find_findings([group], scope_of("B"))
    assert [(f.publisher, f.text) for f in finding.key.figures] == [("A", "192"), ("B", "150")]
    assert [(m.file, m.line, m.checked, m.judged) for m in finding.mentions] == [
        ("corpus/A.txt", 13, False, True), ("corpus/B.txt", 5, True, True)]
    report = compare([finding], scope_of("B"), None)
    assert report.exit_status == 1 and report.new == (finding,)
    [elsewhere] = find_findings([group], scope_of("C"))
    assert (elsewhere.key, elsewhere.mentions) == (finding.key, ())
    baseline = read_baseline_of([finding])
    assert compare([elsewhere], scope_of("C"), None).exit_status == 0
    assert compare([elsewhere], scope_of("C"), baseline).fixed == ()


def read_baseline_of(findings):
    """The baseline `--write-baseline` would write for these findings, read back."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "baseline.json"
        write_baseline(path, baseline_of(findings))
        return read_baseline(path)


def test_a_stale_figure_comes_first_and_its_counterpart_is_a_mention():
    higher = reconciled("More than 50,000", 50000, "A", "progression", 3)
    stale = reconciled("nearly 30,000", 30000, "B", "stale", 46, higher.claim, kind="outdated")
    [finding] = find_findings([quantity(higher, stale)], scope_of("A"))
    assert finding.key.kind == "stale"
    assert [f.text for f in finding.key.figures] == ["nearly 30,000", "More than 50,000"]
    assert [(m.line, m.judged, m.checked) for m in finding.mentions] == [(3, False, True), (46, True, False)]
    assert finding.message == stale.explanation


def test_corrections_and_agreements_are_not_findings():
    a = reconciled("192", 192, "A", "agrees", 13)
    corrected = reconciled("150", 150, "B", "correction", 5, a.claim)
    assert find_findings([quantity(a, corrected)], scope_of("A", "B")) == []


def test_baseline_round_trip_and_fixed_entries(tmp_path):
    a = reconciled("192", 192, "A", "agrees", 13)
    b = reconciled("150", 150, "B", "conflict", 5, a.claim)
    findings = find_findings([quantity(a, b)], scope_of("B"))
    path = tmp_path / "baseline.json"
    write_baseline(path, baseline_of(findings))
    baseline = read_baseline(path)
    assert compare(findings, scope_of("B"), baseline).baselined == tuple(findings)
    gone = compare([], scope_of("B"), baseline)
    assert gone.exit_status == 0 and [e.key() for e in gone.fixed] == [findings[0].key]


def test_usage_errors_are_exit_2(claims_exe, cli_env, tmp_path):
    empty = run(claims_exe, "check", env=cli_env, cwd=tmp_path)
    assert empty.returncode == 2 and "claims extract" in empty.stderr and len(empty.stderr.splitlines()) == 1
    both = run(claims_exe, "check", str(SEEDS), "--write-baseline", "b.json", "--changed-since", "HEAD", env=cli_env, cwd=tmp_path)
    assert both.returncode == 2 and "--write-baseline" in both.stderr
    assert run(claims_exe, "check", "-", env=cli_env, cwd=tmp_path).returncode == 2


def first_other_by_search(explanation: str, own: str, cites) -> str | None:
    """The definition `CiteIndex.first_other` keeps: every cite searched for, the leftmost first."""
    named = [(at, c) for c in cites if c != own and (at := explanation.find(c)) >= 0]
    return min(named)[1] if named else None


def test_the_cite_index_finds_what_searching_for_every_cite_finds():
    """Cites with quotes and parentheses in their parts, cites that end others ('B "1" (…)' in
    'A B "1" (…)'), repeated cites, cites not of the cite form: same answer as the plain search."""
    rng = random.Random(7)
    words = ["A", "B", "A B", 'x"y', "(c)", "Reuters", "e)", '"']
    texts = ["1", "12,000", '5"', "(2)", "1)", ""]
    days = ["2023-09-27", "undated", "2023-09-27, per the UN", "2023-09-28, per (the) UN"]
    for _ in range(3000):
        cites = {f'{rng.choice(words)} "{rng.choice(texts)}" ({rng.choice(days)})' for _ in range(rng.randint(1, 8))}
        cites |= {rng.choice(["plain", "no quote)", 'one " quote)'])} if rng.random() < 0.3 else set()
        cites = sorted(cites)
        pieces = [rng.choice([*cites, "outdated: ", " vs ", "; latest ", ")", '"', " ("]) for _ in range(rng.randint(0, 7))]
        explanation, own = "".join(pieces), rng.choice(cites)
        assert CiteIndex(cites).first_other(explanation, own) == first_other_by_search(explanation, own, cites), (
            explanation, own, cites)


def test_gone_articles_are_those_stored_under_a_checked_path_and_not_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus" / "deep").mkdir(parents=True)
    (tmp_path / "corpus2").mkdir()
    stored = {"a": "corpus/a.txt", "b": "corpus//deep/b.txt", "c": f"{tmp_path}/corpus/c.txt", "d": "corpus2/d.txt",
              "e": "e.txt", "f": "corpus/f.txt", "g": "-"}
    with Ledger(tmp_path / "claims.db") as ledger:
        for article_id, path in stored.items():
            ledger.replace_article(Article(id=article_id, file=path, offset=0, text="-"), [], "v1")
        assert gone_articles(Scope(("corpus",), {"f": "corpus/f.txt"}), ledger) == {"a", "b", "c"}
        assert gone_articles(Scope(("corpus/a.txt", "e.txt"), {}), ledger) == {"a", "e"}
        assert gone_articles(Scope((str(tmp_path / "corpus" / "deep"),), {}), ledger) == {"b"}
        assert gone_articles(Scope(("-",), {}), ledger) == frozenset()


def test_an_old_baseline_is_refused_then_written_again_keeping_its_entries(claims_exe, cli_env, workdir, ledgers):
    work, use = workdir
    use(ledgers["seeds"])
    corpus = copy_seeds(work / "corpus")
    assert check(claims_exe, work, cli_env, "corpus/", "--write-baseline", "baseline.json").returncode == 0
    today = dt.datetime.now(dt.UTC).date().isoformat()
    written = json.loads((work / "baseline.json").read_text(encoding="utf-8"))
    assert written["version"] == 2 and {e["accepted"] for e in written["findings"]} == {today}
    gone = {"kind": "conflict", "quantity": KILLED, "note": "",
            "figures": [{"publisher": "Nobody", "text": "999", "value": 999.0}, {"publisher": "Else", "text": "5", "value": 5.0}]}
    old = [{**{k: v for k, v in e.items() if k != "accepted"}, "note": "the desk accepts it"} for e in written["findings"]]
    (work / "baseline.json").write_text(json.dumps({"version": 1, "findings": [*old, gone]}), encoding="utf-8")

    refused = check(claims_exe, work, cli_env, "corpus/", "--baseline", "baseline.json")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == ("Error: baseline.json is a claims baseline of version 1; this claims reads version 2: write "
                              "it again, keeping its entries, with `claims check PATH... --write-baseline baseline.json`\n")

    shutil.copy(NEW_ARTICLE, corpus)
    again = check(claims_exe, work, cli_env, "corpus/", "--write-baseline", "baseline.json")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == (
        f"wrote {len(old) + 2} entr(ies) to baseline.json: 1 new, {len(old) + 1} kept from the old file; 1 kept "
        "entr(ies) no longer occur (reported as fixed): remove them from the file, or delete it and write it again")
    rewritten = json.loads((work / "baseline.json").read_text(encoding="utf-8"))
    assert rewritten["version"] == 2
    [new] = [e for e in rewritten["findings"] if e["accepted"] == today]
    assert (new["quantity"], [f["text"] for f in new["figures"]]) == (KILLED, ["192", "150"])
    assert [e for e in rewritten["findings"] if e is not new] == sorted(
        ({**e, "accepted": None} for e in [*old, gone]), key=lambda e: [e["quantity"], e["kind"], [
            (f["publisher"], f["value"], f["text"]) for f in e["figures"]]])

    done = check(claims_exe, work, cli_env, "corpus/", "--baseline", "baseline.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (f'fixed: conflict [{KILLED}] Nobody "999" vs Else "5": no longer occurs; '
                                           "drop it from the baseline")
    assert done.stdout.splitlines()[-1] == ("claims check passed: 15 article(s) checked; 0 new conflict or stale "
                                            f"finding(s), {len(old) + 1} in the baseline, 1 fixed")


def test_the_cycle_collector_is_paused_while_judging_and_left_as_it_was_found():
    import gc

    from karabakh_claims.jobs.memory import no_cycle_collection

    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
