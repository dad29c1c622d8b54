"""Hostile and careless input (issue 16, rows 7, 9, 10, 12 and 13), through the real `claims` executable on
real ledger files and real git repositories: an option smuggled in as a git revision, a broken gold or
pairs file, stray bytes in ASCII text, a ledger that cannot be written, and annotation lines of JSON Lines.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS

TIMEOUT = 300
GOLD_LINE = (FIXTURES / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()[0]
PAIR_LINE = json.dumps({"kind": "must", "a": {"file": "a.txt", "metric": "killed", "value": 1},
                        "b": {"file": "b.txt", "metric": "killed", "value": 2}})


def run(exe: str, *args: str, env: dict[str, str], cwd: Path, prefix: tuple[str, ...] = ()):
    """Run `claims` to the end; its standard error must never hold a traceback."""
    done = subprocess.run([*prefix, exe, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=TIMEOUT)
    assert "Traceback" not in done.stderr, done.stderr
    return done


# --- row 7: --changed-since is a revision, never an option of git --------------------------------------

@pytest.fixture
def repo(tmp_path, cli_env) -> tuple[Path, dict[str, str]]:
    """A git repository holding three seed files (12 articles) and a file an injected `--output` would empty."""
    work = tmp_path / "repo"
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    for path in sorted(SEEDS.glob("00[123]_*.txt")):
        shutil.copy(path, corpus / path.name)
    (work / "victim.txt").write_text("precious\n", encoding="utf-8")
    env = {**cli_env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "corpus"]):
        subprocess.run(["git", *command], cwd=work, env=env, check=True, capture_output=True)
    return work, env


@pytest.mark.parametrize("revision", ["--output=victim.txt", "-p"])
def test_an_option_given_as_the_revision_is_a_bad_revision(claims_exe, repo, revision):
    work, env = repo
    done = run(claims_exe, "check", "corpus/", f"--changed-since={revision}", env=env, cwd=work)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"Error: --changed-since: {revision!r} is not a commit of this git repository\n"
    assert (work / "victim.txt").read_text(encoding="utf-8") == "precious\n"


def test_a_check_that_selects_no_article_says_so(claims_exe, repo):
    work, env = repo
    done = run(claims_exe, "check", "corpus/", "--changed-since=HEAD", env=env, cwd=work)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("claims check checked nothing: none of the 12 article(s) read changed since the "
                           "revision; 0 baseline entr(ies) fixed\n")
    changed = run(claims_exe, "check", "corpus/", "--changed-since=HEAD~0", "--format", "json", env=env, cwd=work)
    assert json.loads(changed.stdout)["counts"] == {"articles": 12, "checked": 0, "new": 0, "baselined": 0,
                                                     "fixed": 0}


# --- row 9: a bad gold or pairs line is FILE:LINE, exit 2 ----------------------------------------------

@pytest.mark.parametrize(("option", "good", "what"), [
    ("--gold", GOLD_LINE, "a gold claim"),
    ("--pairs", PAIR_LINE, "a conflict pair"),
])
@pytest.mark.parametrize(("lines", "reason"), [
    (["{bad"], "1: {what}: invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
    (["{good}", "", '{"x": 1}'], "3: {what}: {missing}"),
])
def test_a_bad_line_of_a_gold_or_pairs_file_is_one_line_and_exit_2(claims_exe, cli_env, tmp_path, option, good,
                                                                   what, lines, reason):
    (tmp_path / "bad.jsonl").write_text("\n".join(good if line == "{good}" else line for line in lines) + "\n",
                                        encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(GOLD_LINE + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Title: Quiet day\n\nNothing to count.\n", encoding="utf-8")
    args = ["--gold", "bad.jsonl"] if option == "--gold" else ["--gold", "gold.jsonl", "--pairs", "bad.jsonl"]
    done = run(claims_exe, "eval", *args, "a.txt", env=cli_env, cwd=tmp_path)
    missing = "file: Field required (and 3 more)" if option == "--gold" else "kind: Field required (and 2 more)"
    expected = "bad.jsonl:" + reason.format(what=f"not {what}", missing=missing)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"Error: {expected}\n")


# --- row 10: stray bytes in ASCII text are U+FFFD and a warning, never another code page ---------------

NOISY = (b"Title: Refugees reach Armenia\n\n"
         b"More than 100,000 refugees have arrived in Armenia, the government said on Monday.\n\n"
         b"Noise \xff\xfe\xc3\x28 hid 45 words \x80\x81 of the report.\n\n"
         b"The UN refugee agency said 2,000 people crossed the border on Sunday.\n")


def claims_of(done: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_ascii_text_with_stray_bytes_keeps_its_ascii_and_warns(claims_exe, cli_env, tmp_path):
    (tmp_path / "noisy.txt").write_bytes(NOISY)
    done = run(claims_exe, "extract", "noisy.txt", "--format", "jsonl", env=cli_env, cwd=tmp_path)
    assert done.returncode == 0
    at = NOISY.index(b"\xff")
    assert done.stderr == (f"noisy.txt: warning: 5 byte(s) that are not text in any encoding read as U+FFFD "
                           f"(the first at byte {at}); the rest is ASCII\n")
    assert [(c["text"], c["metric"], c["line"]) for c in claims_of(done)] == [
        ("More than 100,000", "refugees", 3), ("2,000", "refugees", 7)]
    mentions = run(claims_exe, "extract", "noisy.txt", "--all-mentions", "--format", "jsonl", env=cli_env,
                   cwd=tmp_path)
    (noise,) = [c for c in claims_of(mentions) if c["text"] == "45"]
    assert noise["sentence"] == "Noise \ufffd\ufffd\ufffd( hid 45 words \ufffd\ufffd of the report."


def test_legacy_text_that_reads_as_text_is_read_without_warning(claims_exe, cli_env, tmp_path):
    text = NOISY.split(b"Noise")[0].decode() + "\u201cWe counted them,\u201d said Jos\u00e9 M\u00fcller \u2014 \u20ac5 each.\n"
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    done = run(claims_exe, "extract", "legacy.txt", "--all-mentions", "--format", "jsonl", env=cli_env,
               cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "\u201cWe counted them,\u201d said Jos\u00e9 M\u00fcller \u2014 \u20ac5 each." in {
        c["sentence"] for c in claims_of(done)}


def test_a_warned_input_does_not_fail_the_gate(claims_exe, cli_env, tmp_path):
    (tmp_path / "noisy.txt").write_bytes(NOISY)
    done = run(claims_exe, "check", "noisy.txt", env=cli_env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.startswith("noisy.txt: warning: 5 byte(s)") and len(done.stderr.splitlines()) == 1


# --- row 12: a ledger that cannot be written is read -------------------------------------------------

def read_only_prefix(folder: Path) -> tuple[str, ...]:
    """A command prefix that runs under `folder` mounted read-only (a private mount namespace: root
    ignores permission bits, not a read-only mount); skips when this system allows none."""
    if not shutil.which("unshare"):
        pytest.skip("no unshare(1) to mount the ledger's folder read-only for root")
    prefix = ("unshare", "-m", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder))
    probe = subprocess.run([*prefix, "touch", str(folder / "probe")], capture_output=True, timeout=60)
    if probe.returncode == 0 or (folder / "probe").exists():
        pytest.skip(f"cannot mount {folder} read-only here: {probe.stderr.decode(errors='replace').strip()}")
    return prefix


@pytest.fixture
def read_only(tmp_path):
    """`(folder, prefix)`: a folder for a ledger, and the command prefix under which it cannot be
    written: a read-only mount as root, the permission bits otherwise."""
    folder = tmp_path / "ledger"
    folder.mkdir()
    if os.geteuid() == 0:
        yield folder, lambda: read_only_prefix(folder)
        return
    made: list[Path] = []

    def prefix() -> tuple[str, ...]:
        made.extend([*folder.iterdir(), folder])
        for path in made:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return ()

    yield folder, prefix
    for path in made:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_diff_answers_from_a_read_only_ledger(claims_exe, cli_env, tmp_path, read_only):
    folder, prefix = read_only
    db = folder / "claims.db"
    env = {**cli_env, "CLAIMS_DB": str(db)}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("00[0-4]_*.txt")):
        shutil.copy(path, corpus / path.name)
    assert run(claims_exe, "extract", "corpus", "--format", "jsonl", env=env, cwd=tmp_path).returncode == 0
    variants = ((), ("--no-cache",), ("--metric", "refugees"), ("--metric", "refugees", "--no-cache"))
    writable = {options: run(claims_exe, "diff", "--format", "json", *options, env=env, cwd=tmp_path)
                for options in variants}
    assert all(done.returncode == 0 and json.loads(done.stdout) for done in writable.values())
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    mounted = prefix()
    for options in variants:  # answered as saved, then reconciled again (and not saved)
        done = run(claims_exe, "diff", "--format", "json", *options, env=env, cwd=tmp_path, prefix=mounted)
        assert (done.returncode, done.stderr, done.stdout) == (0, "", writable[options].stdout), options
    stored = run(claims_exe, "extract", "corpus", "--format", "jsonl", env=env, cwd=tmp_path, prefix=mounted)
    assert stored.returncode == 2 and len(stored.stderr.splitlines()) == 1
    assert stored.stderr.startswith(f"Error: ledger {db}: attempt to write a readonly database")
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == before


# --- row 13: a JSON, JSON Lines or HTML claim is at the line of its record ------------------------------

FEED = [
    {"title": "Storm hits coast", "publisher": "Coast Herald", "date": "2023-10-04",
     "text": "Officials said 12 boats were damaged in the harbour.\n\nThe storm moved north on Tuesday."},
    {"title": "Flood displaces thousands", "publisher": "River Times", "date": "2023-10-04",
     "text": "More than 12,400 people have left their homes since the river burst its banks on Tuesday, the "
             "regional emergency office said.\n\nShelters were open."},
    {"title": "Flood update", "publisher": "Valley News", "date": "2023-10-04",
     "text": "The regional emergency office said on Wednesday that 3,000 people have left their homes since the "
             "river burst its banks on Tuesday.\n\nShelters were open."},
    {"title": "Valley flood", "publisher": "Daily Wire", "date": "2023-10-04",
     "text": "About 40,000 people have been displaced by the flood since Tuesday, the regional emergency office "
             "said.\n\nMore rain is expected."},
]


def test_github_annotations_of_json_lines_point_at_the_record(claims_exe, cli_env, tmp_path):
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(record) + "\n" for record in FEED), encoding="utf-8")
    done = run(claims_exe, "check", "feed.jsonl", "--format", "github", env=cli_env, cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    places = [line.split("::")[1].split(",title=")[0] for line in done.stdout.splitlines() if line.startswith("::")]
    assert places == ["warning file=feed.jsonl,line=3", "warning file=feed.jsonl,line=4",
                      "warning file=feed.jsonl,line=2", "warning file=feed.jsonl,line=3"]


def test_json_and_html_claims_are_at_the_line_of_their_record(claims_exe, cli_env, tmp_path):
    (tmp_path / "list.json").write_text(json.dumps({"articles": FEED[1:]}, indent=2), encoding="utf-8")
    starts = [n for n, line in enumerate((tmp_path / "list.json").read_text().splitlines(), 1) if line == "    {"]
    shutil.copy(FIXTURES / "formats" / "article.html", tmp_path / "page.html")
    done = run(claims_exe, "extract", "list.json", "page.html", "--format", "jsonl", env=cli_env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [(c["file"], c["text"], c["line"]) for c in claims_of(done)] == [
        ("list.json", "More than 12,400", starts[0]), ("list.json", "3,000", starts[1]),
        ("list.json", "About 40,000", starts[2]),
        ("page.html", "12,400", 1), ("page.html", "More than 12,400", 1), ("page.html", "8,000", 1), ("page.html", "About 3,100", 1),
        ("page.html", "2.5 million euros", 1)]
    assert starts == [3, 9, 15]
