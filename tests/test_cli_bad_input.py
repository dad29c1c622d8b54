"""Bad input costs nothing: the real `claims` executable on unreadable inputs, interrupted runs and two
writers at once. Each case asserts the message on standard error, the exit status and the ledger's contents.

The rule: every input that cannot be read is one line on standard error naming the file and the reason,
and the rest of the batch is processed; exit status 0 when everything readable was processed, 2 only
when nothing could be read or the arguments are wrong. Never a traceback.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from karabakh_claims.config import load_config

CONFIG = load_config()

TIMEOUT = 300
MAX_BYTES = "4000"
PIPE_BUFFER = 65536


# --- helpers -----------------------------------------------------------------------------------------------

def run(exe: str, *args: str, env: dict[str, str], cwd: Path, input: bytes | None = None,
        **options) -> subprocess.CompletedProcess[str]:
    """Run `claims` to the end; its standard error must never hold a traceback."""
    done = subprocess.run([exe, *args], input=input, capture_output=True, env=env, cwd=cwd, timeout=TIMEOUT,
                          **options)
    result = subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8", "replace"),
                                         done.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in result.stderr, result.stderr
    return result


def connect(db: Path) -> sqlite3.Connection:
    """A read-only connection to a ledger (it never writes, so it cannot repair or hide damage)."""
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)


def stored(db: Path) -> dict[str, list[tuple]]:
    """Ledger contents: article path -> its claims as (start, text, value, metric), in text order."""
    if not db.exists():
        return {}
    with connect(db) as conn:
        articles = conn.execute("SELECT id, path FROM articles").fetchall()
        rows = conn.execute('SELECT article_id, start, text, value, metric FROM claims ORDER BY article_id, start')
        claims: dict[str, list[tuple]] = {}
        for article_id, *claim in rows:
            claims.setdefault(article_id, []).append(tuple(claim))
    contents: dict[str, list[tuple]] = {}
    for article_id, path in articles:
        contents.setdefault(path, []).extend(claims.get(article_id, []))
    return contents


def integrity(db: Path) -> tuple[str, int]:
    """`PRAGMA integrity_check` and the number of claims stored twice (same article, same offset)."""
    with connect(db) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        twice = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM claims GROUP BY article_id, start HAVING count(*) > 1)").fetchone()[0]
    return check, twice


def claims_per_article(db: Path) -> dict[str, int]:
    """Article id -> number of stored claims (articles without claims included)."""
    with connect(db) as conn:
        return dict(conn.execute(
            "SELECT a.id, count(c.id) FROM articles a LEFT JOIN claims c ON c.article_id = a.id GROUP BY a.id"))


def stderr_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return done.stderr.splitlines()


# --- the inputs --------------------------------------------------------------------------------------------

GOOD_TEXT = ("Title: Shelters fill up in the valley\nPublisher: Valley Post\nDate: 2023-10-05\n\n"
             "More than 2,300 people have been moved to temporary shelters, the emergency office said.\n")
STORY_MD = ("---\ntitle: Floods force families out\npublisher: River Gazette\ndate: 2023-10-06\n---\n\n"
            "About 1,500 families were displaced by the floods, officials said on Friday.\n")
FEED_JSONL = (
    json.dumps({"title": "Shelling hits border town", "text": "At least 40 people were killed in the shelling, "
                "police said.", "source": "Border Wire", "date": "2023-10-01"}) + "\n"
    + '{"title": "Broken record", "text": unquoted}\n'
    + json.dumps({"title": "Crossings rise", "body": "Some 9,000 refugees crossed the border on Monday, the UN "
                  "said.", "published": "2023-10-02"}) + "\n"
)
# JSON escapes can spell lone surrogates; they become U+FFFD and the article is stored
SURROGATE_JSON = ('{"title": "Ward count \\ud800", "text": "Nearly 600 people were wounded in the blast, the '
                  'ministry said \\udcff."}')
NON_UTF8_NAME = b"bridge-\xff.txt"
NON_UTF8_TEXT = "Bridge collapse\n\nAt least 120 people are missing after the bridge collapsed, rescuers said.\n"
STDIN_TEXT = b"Title: Piped report\n\nMore than 700 people were evacuated from the village, the mayor said.\n"


def write_good_inputs(folder: Path) -> None:
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "inbox").mkdir()
    (folder / "inbox" / "story.md").write_text(STORY_MD, encoding="utf-8")
    (folder / "feed.jsonl").write_text(FEED_JSONL, encoding="utf-8")
    (folder / "surrogate.json").write_text(SURROGATE_JSON, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), NON_UTF8_NAME), "wb") as handle:
        handle.write(NON_UTF8_TEXT.encode("utf-8"))


def write_bad_inputs(folder: Path) -> None:
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "big.txt").write_text("Big story\n\n" + "word " * 1000, encoding="utf-8")
    (folder / "broken.txt").symlink_to(folder / "missing-target.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "nothing").mkdir()
    (folder / "nothing" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (folder / "legacy.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    twin = (FIXTURES / "formats" / "twin.txt").read_bytes()
    (folder / "damaged.txt").write_bytes(twin.replace("\u2014".encode(), "\u2014".encode()[:2]))
    (folder / "utf16-no-bom.txt").write_bytes(twin.decode("utf-8").encode("utf-16-le"))
    os.mkfifo(folder / "fifo.txt")
    if (folder / "inbox").is_dir():
        os.mkfifo(folder / "inbox" / "pipe.txt")  # a FIFO met while walking a folder must not hang the batch


DAMAGED_AT = (FIXTURES / "formats" / "twin.txt").read_bytes().index("\u2014".encode())
BAD_INPUTS = [
    ("binary.txt", "binary.txt: skipped: binary file (contains NUL bytes)"),
    ("empty.txt", "empty.txt: skipped: empty file"),
    ("big.txt", "big.txt: skipped: file too large: 5,011 bytes, over the limit of 4,000 bytes"),
    ("broken.txt", "broken.txt: skipped: broken symlink (target does not exist)"),
    ("loop.txt", "loop.txt: skipped: symlink loop"),
    ("nothing", "nothing: skipped: folder holds no articles"),
    ("legacy.txt", "legacy.txt: skipped: cannot decode as text: not UTF-8 and no plausible legacy encoding"),
    ("damaged.txt", f"damaged.txt: skipped: cannot decode as text: invalid UTF-8 at byte {DAMAGED_AT}"),
    ("utf16-no-bom.txt",
     "utf16-no-bom.txt: skipped: cannot decode as text: UTF-16 without a byte order mark (save it as UTF-8)"),
    ("fifo.txt", "fifo.txt: skipped: not a regular file or folder"),
    ("absent.txt", "absent.txt: skipped: no such file or directory"),
]
BAD_NAMES = [name for name, _ in BAD_INPUTS]
BAD_LINES = [line for _, line in BAD_INPUTS]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    write_good_inputs(tmp_path)
    write_bad_inputs(tmp_path)
    return tmp_path


# --- bad inputs among good ones ----------------------------------------------------------------------------

def test_each_bad_input_is_one_line_and_the_rest_is_stored(claims_exe, cli_env, inputs):
    args = ["good.txt", *BAD_NAMES[:6], "inbox", "feed.jsonl", *BAD_NAMES[6:], "surrogate.json", "-",
            os.fsdecode(NON_UTF8_NAME)]
    done = run(claims_exe, "extract", *args, "--max-bytes", MAX_BYTES, "--format", "jsonl", env=cli_env,
               cwd=inputs, input=STDIN_TEXT)
    assert done.returncode == 0, done.stderr
    feed_line = ("feed.jsonl:2: skipped: invalid JSON: Expecting value (column 36)")
    assert stderr_lines(done) == [*BAD_LINES[:6], "inbox/pipe.txt: skipped: not a regular file or folder",
                                  feed_line, *BAD_LINES[6:]]

    ledger = stored(Path(cli_env["CLAIMS_DB"]))
    assert sorted(ledger) == sorted(["good.txt", "inbox/story.md", "feed.jsonl", "surrogate.json", "-",
                                     "bridge-\ufffd.txt"])
    figures = {path: {(text, value, metric) for _, text, value, metric in claims} for path, claims in ledger.items()}
    assert ("More than 2,300", 2300, "refugees") in figures["good.txt"]
    assert ("About 1,500", 1500, "refugees") in figures["inbox/story.md"]
    assert {("At least 40", 40, "killed"), ("Some 9,000", 9000, "refugees")} <= figures["feed.jsonl"]
    assert ("Nearly 600", 600, "wounded") in figures["surrogate.json"]
    assert ("More than 700", 700, "refugees") in figures["-"]
    assert ("At least 120", 120, "missing") in figures["bridge-\ufffd.txt"]
    with connect(Path(cli_env["CLAIMS_DB"])) as conn:
        jsonl_titles = sorted(row[0] for row in conn.execute("SELECT title FROM articles WHERE path = 'feed.jsonl'"))
        ward_title = conn.execute("SELECT title FROM articles WHERE path = 'surrogate.json'").fetchone()[0]
    assert jsonl_titles == ["Crossings rise", "Shelling hits border town"]
    assert ward_title == "Ward count \ufffd"

    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert {record["file"] for record in records} == set(ledger)
    assert len(records) == sum(len(claims) for claims in ledger.values())


def test_only_bad_inputs_is_exit_2_and_stores_nothing(claims_exe, cli_env, inputs):
    done = run(claims_exe, "extract", *BAD_NAMES, "--max-bytes", MAX_BYTES, env=cli_env, cwd=inputs)
    assert done.returncode == 2
    assert stderr_lines(done) == BAD_LINES
    assert done.stdout.strip() == ""
    assert stored(Path(cli_env["CLAIMS_DB"])) == {}


def test_a_folder_of_bad_files_names_each_file_once(claims_exe, cli_env, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    write_bad_inputs(folder)
    done = run(claims_exe, "extract", "drop", "--max-bytes", MAX_BYTES, env=cli_env, cwd=tmp_path)
    assert done.returncode == 2
    walked = sorted(line for name, line in BAD_INPUTS if name not in ("nothing", "absent.txt"))
    assert sorted(stderr_lines(done)) == sorted(f"drop/{line}" for line in walked)


def test_bad_input_never_loses_what_is_stored(claims_exe, cli_env, inputs):
    db = Path(cli_env["CLAIMS_DB"])
    first = run(claims_exe, "extract", "good.txt", "feed.jsonl", env=cli_env, cwd=inputs)
    assert first.returncode == 0
    before = stored(db)
    assert sorted(before) == ["feed.jsonl", "good.txt"] and all(before.values())

    mixed = run(claims_exe, "extract", "good.txt", *BAD_NAMES, "feed.jsonl", "--max-bytes", MAX_BYTES,
                env=cli_env, cwd=inputs)
    assert mixed.returncode == 0
    assert len(stderr_lines(mixed)) == len(BAD_NAMES) + 1  # and the malformed JSONL line
    assert stored(db) == before

    only_bad = run(claims_exe, "extract", *BAD_NAMES, "--max-bytes", MAX_BYTES, env=cli_env, cwd=inputs)
    assert only_bad.returncode == 2
    assert stored(db) == before
    assert integrity(db) == ("ok", 0)


def test_standard_input_that_is_empty_is_exit_2(claims_exe, cli_env, tmp_path):
    done = run(claims_exe, "extract", "-", env=cli_env, cwd=tmp_path, input=b"")
    assert (done.returncode, stderr_lines(done)) == (2, ["-: skipped: empty file"])


@pytest.mark.parametrize(("args", "message"), [
    ([], "Missing argument 'PATHS...'"),
    (["good.txt", "--max-bytes", "0"], "Invalid value for '--max-bytes'"),
    (["good.txt", "--format", "xml"], "Invalid value for '--format'"),
    (["good.txt", "--no-such-option"], "No such option '--no-such-option'"),
])
def test_wrong_arguments_are_exit_2(claims_exe, cli_env, tmp_path, args, message):
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    done = run(claims_exe, "extract", *args, env=cli_env, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert stored(Path(cli_env["CLAIMS_DB"])) == {}


def test_help_states_the_exit_status_rule(claims_exe, cli_env, tmp_path):
    done = run(claims_exe, "extract", "--help", env=dict(cli_env, COLUMNS="100"), cwd=tmp_path)
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "Exit status: 0 every readable input was processed; inputs that could not be read" in text
    assert "are named on standard error, one line each, and skipped" in text
    assert "2 nothing could be read, wrong arguments, the ledger is unusable, or the --cluster cannot be reached, " \
           "has no workers or is lost" in text
    assert "--max-bytes" in text


# --- permission denied -------------------------------------------------------------------------------------

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def without_file_override() -> None:
    """In the child before exec: drop the two capabilities that let root read any file, so that the
    executable, still run as root, meets file modes like any user (a real EACCES from the kernel)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def permission_options() -> dict:
    """subprocess options under which a file of mode 000 cannot be read; skips when there are none."""
    if os.geteuid() != 0:
        return {}
    try:
        subprocess.run(["true"], check=True, timeout=30, preexec_fn=without_file_override)
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"running as root without CAP_SETPCAP: cannot make file modes count ({error})")
    return {"preexec_fn": without_file_override}


def test_permission_denied_is_one_line_and_the_rest_is_stored(claims_exe, cli_env, tmp_path):
    options = permission_options()
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(NON_UTF8_TEXT, encoding="utf-8")
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_text(NON_UTF8_TEXT, encoding="utf-8")
    locked.chmod(0)
    closed.chmod(0)
    try:
        done = run(claims_exe, "extract", "locked.txt", "closed", "good.txt", env=cli_env, cwd=tmp_path, **options)
        only_locked = run(claims_exe, "extract", "locked.txt", "closed", env=cli_env, cwd=tmp_path, **options)
        kept = sorted(stored(Path(cli_env["CLAIMS_DB"])))
    finally:
        closed.chmod(0o700)
    assert done.returncode == 0, done.stderr
    assert stderr_lines(done) == ["locked.txt: skipped: permission denied", "closed: skipped: permission denied"]
    assert only_locked.returncode == 2
    assert stderr_lines(only_locked) == stderr_lines(done)
    assert kept == ["good.txt"]
    if options:  # root with its usual capabilities reads a file of mode 000: chmod alone would prove nothing
        assert locked.read_text(encoding="utf-8") == NON_UTF8_TEXT


# --- kill -9 mid-run, and two writers at once --------------------------------------------------------------

DESKS = ("north", "south", "east", "west", "river", "hill", "harbour", "border")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp) -> dict:
    """40 distinct articles made from the fixture articles, and what one clean run stores from them (run in
    this process with the session's pipeline, the same extract job the executable runs, to save a start-up)."""
    from karabakh_claims import PIPELINE_VERSION
    from karabakh_claims.jobs.intake import Extractor
    from karabakh_claims.ledger import Ledger

    folder = tmp_path_factory.mktemp("corpus")
    articles = folder / "articles"
    articles.mkdir()
    sources = sorted((FIXTURES / "articles").glob("*.txt"))
    for number in range(40):
        text = sources[number % len(sources)].read_text(encoding="utf-8").rstrip()
        desk = f"{DESKS[number % 8]} {DESKS[number // 8]}"
        (articles / f"{number:02d}.txt").write_text(f"{text}\n\nFiled by the {desk} desk.\n", encoding="utf-8")
    db = folder / "clean.db"
    cwd = os.getcwd()
    os.chdir(folder)  # paths as the executable will be given them
    try:
        with Ledger(db) as ledger:
            run_id = ledger.start_run(PIPELINE_VERSION, ["articles"])
            extractor = Extractor(config=CONFIG, ledger=ledger, run_id=run_id, _nlp=nlp)
            output = sum(len(claim.model_dump_json()) + 1 for claim in extractor.run(["articles"]))
    finally:
        os.chdir(cwd)
    assert not extractor.stats.skipped
    # a reader that never reads leaves the writer blocked once the pipe is full: it cannot finish early
    assert output > 2 * PIPE_BUFFER
    counts = claims_per_article(db)
    assert len(counts) == 40
    return {"folder": folder, "counts": counts, "total": sum(counts.values())}


def wait_for_first_article(db: Path, process: subprocess.Popen, deadline: float) -> int:
    """Poll the ledger read-only until an article is committed; returns how many are."""
    while time.monotonic() < deadline:
        assert process.poll() is None, "claims extract ended before it could be killed"
        try:
            with connect(db) as conn:
                count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            count = 0  # not created yet, or the schema is being written
        if count:
            return count
        time.sleep(0.005)
    raise AssertionError("no article was committed in time")


def test_kill_9_mid_run_leaves_the_ledger_consistent_and_a_rerun_finishes(claims_exe, corpus):
    folder = corpus["folder"]
    db = folder / "killed.db"
    env = dict(os.environ, CLAIMS_DB=str(db), CI="true")
    command = [claims_exe, "extract", "articles", "--format", "jsonl"]
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_first_article(db, process, time.monotonic() + TIMEOUT)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()

    assert integrity(db) == ("ok", 0)
    partial = claims_per_article(db)
    assert 0 < len(partial) < len(corpus["counts"]), "the run was not killed mid-way"
    assert all(partial[article] == corpus["counts"][article] for article in partial), "an article is half stored"

    again = run(claims_exe, "extract", "articles", "--format", "jsonl", env=env, cwd=folder)
    assert again.returncode == 0 and again.stderr == ""
    assert integrity(db) == ("ok", 0)
    assert claims_per_article(db) == corpus["counts"]
    assert len(again.stdout.splitlines()) == corpus["total"]


def test_two_runs_on_one_ledger_at_once(claims_exe, corpus):
    folder = corpus["folder"]
    db = folder / "shared.db"
    env = dict(os.environ, CLAIMS_DB=str(db), CI="true")
    command = [claims_exe, "extract", "articles", "--format", "jsonl"]
    processes = [subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for _ in range(2)]
    results = [(process.wait(timeout=TIMEOUT), process.stderr.read().decode()) for process in processes]
    for process in processes:
        process.stderr.close()
    for status, stderr in results:
        assert "Traceback" not in stderr
        # it waited its turn (0), or said in one line that the ledger is busy (2)
        assert (status, stderr) == (0, "") or (status == 2 and len(stderr.splitlines()) == 1
                                                and "ledger is busy" in stderr), (status, stderr)
    assert any(status == 0 for status, _ in results)
    assert integrity(db) == ("ok", 0)
    assert claims_per_article(db) == corpus["counts"]


def test_a_ledger_held_longer_than_the_busy_timeout_is_one_clear_line(cli_env, tmp_path, monkeypatch):
    """When the other writer does not let go in time, the second run says so in one line, exit 2, and leaves
    the ledger as it was (in process, with a short busy timeout instead of waiting 15 seconds)."""
    from click.testing import CliRunner

    from karabakh_claims.cli import cli
    from karabakh_claims.ledger import ledger as ledgerfile

    db = Path(cli_env["CLAIMS_DB"])
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    ledgerfile.Ledger(db).close()
    monkeypatch.setattr(ledgerfile, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = CliRunner().invoke(cli, ["extract", str(tmp_path / "good.txt"), "--db", str(db)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"Error: ledger is busy: another claims process is writing to {db}; try again when it is done"]
    assert integrity(db) == ("ok", 0) and stored(db) == {}
