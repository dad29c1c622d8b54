"""Long inputs (issue 16, rows 1 and 2): the real `claims` executable on articles longer than spaCy's
`nlp.max_length` (1,000,000 characters) and on one line of many numbers.

A long article is parsed in pieces with every offset kept exact; an article the pipeline fails on costs
one line on standard error and never the rest of the batch; a line of numbers is read in time linear in
its length. The inputs over 1,000,000 characters are mostly whitespace or figures (cheap to tokenize),
except one run over 1.2 MB of ordinary prose; CLAIMS_PIECE_CHARS lowers the piece size where a test
needs several pieces of a small text.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import CONFIG, SEEDS

TIMEOUT = 600
HEADER = "Title: Long report\nPublisher: Test Wire\nDate: 2023-10-02\n\n"
PROSE = [
    "The road wound through the hills, and the weather stayed cold through the evening.",
    "Volunteers handed out blankets and bread at the square while buses waited by the school.",
    "A priest spoke quietly with families who had spent the night in their cars near the border post.",
    "Nobody knew when the convoy would move again, and the drivers slept in their cabs.",
]


def claim_sentence(i: int) -> tuple[str, float]:
    value = 1000 + 37 * i
    return f"The UN refugee agency said {value:,} refugees had arrived in Goris by Monday.", float(value)


# --- helpers -----------------------------------------------------------------------------------------------

def run(exe: str, *args: str, env: dict[str, str], cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([exe, *args], input=input, capture_output=True, env=env, cwd=cwd, timeout=TIMEOUT)
    result = subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8", "replace"),
                                         done.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def stored_claims(db: Path) -> dict[str, list[tuple]]:
    """Article path -> its stored claims as (start, end, line, text, value, metric), in text order."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        paths = dict(conn.execute("SELECT id, path FROM articles"))
        rows = conn.execute('SELECT article_id, start, "end", line, text, value, metric FROM claims '
                            "ORDER BY article_id, start").fetchall()
    found: dict[str, list[tuple]] = {path: [] for path in paths.values()}
    for article_id, *claim in rows:
        found[paths[article_id]].append(tuple(claim))
    return found


def assert_exact(claims: list[tuple], file_text: str, values: list[float]) -> None:
    """Every claim's offsets and line point at its text in the file, and the figures are the planted ones."""
    for start, end, line, text, _value, _metric in claims:
        assert file_text[start:end] == text
        assert line == file_text.count("\n", 0, start) + 1
    assert [claim[4] for claim in claims] == values
    assert {claim[5] for claim in claims} == {"refugees"}


def padded_article(claims: int, pad: int, *, one_line: bool = False) -> tuple[str, list[float]]:
    """A header, then `claims` claim sentences and some prose, each followed by `pad` spaces (and a line
    break unless `one_line`): long in characters, short in tokens."""
    parts, values = [], []
    for i in range(claims):
        sentence, value = claim_sentence(i)
        values.append(value)
        parts += [sentence, PROSE[i % len(PROSE)]]
    end = " " * pad + ("" if one_line else "\n")
    body = "".join(part + end for part in parts)
    return (HEADER if not one_line else "") + body, values


def prose_article(chars: int) -> tuple[str, list[float]]:
    """Ordinary prose paragraphs of `chars` characters or more, a claim every 40 paragraphs."""
    paragraphs, values, size, i = [], [], 0, 0
    while size < chars:
        if i % 40 == 0:
            sentence, value = claim_sentence(i // 40)
            values.append(value)
        else:
            sentence = " ".join(PROSE[(i + k) % len(PROSE)] for k in range(3))
        paragraphs.append(sentence)
        size += len(sentence) + 1
        i += 1
    return HEADER + "\n".join(paragraphs) + "\n", values


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    environment = dict(os.environ)
    environment["CLAIMS_DB"] = str(tmp_path / "claims.db")
    environment["CI"] = "true"
    environment.pop("CLAIMS_PIECE_CHARS", None)
    return environment


@pytest.fixture(scope="module")
def seeds_alone(tmp_path_factory, claims_exe) -> dict[str, list[tuple]]:
    """The seeds' stored claims when they are read alone."""
    tmp = tmp_path_factory.mktemp("seeds")
    environment = {**os.environ, "CLAIMS_DB": str(tmp / "claims.db"), "CI": "true"}
    environment.pop("CLAIMS_PIECE_CHARS", None)
    result = run(claims_exe, "extract", str(SEEDS), "--format", "jsonl", env=environment, cwd=tmp)
    assert result.returncode == 0
    claims = stored_claims(tmp / "claims.db")
    assert len(claims) == 5 and sum(map(len, claims.values())) > 20
    return claims


# --- row 1: longer than nlp.max_length ---------------------------------------------------------------------

def test_seeds_and_1_2_mb_of_prose_are_all_stored(claims_exe, env, tmp_path, seeds_alone):
    text, values = prose_article(1_200_000)
    big = tmp_path / "big.txt"
    big.write_text(text, encoding="utf-8")
    result = run(claims_exe, "extract", str(SEEDS), str(big), "--format", "jsonl", env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    claims = stored_claims(tmp_path / "claims.db")
    assert {path: c for path, c in claims.items() if path != str(big)} == seeds_alone
    assert_exact(claims[str(big)], text, values)
    assert len(values) == 116


def test_one_5_mb_line(claims_exe, env, tmp_path):
    text, values = padded_article(50, 50_000, one_line=True)
    assert len(text) > 5_000_000 and "\n" not in text
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    result = run(claims_exe, "extract", str(path), "--format", "jsonl", env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    claims = stored_claims(tmp_path / "claims.db")[str(path)]
    assert_exact(claims, text, values)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 50 and all(len(r["title"]) <= 300 for r in records)


def test_standard_input(claims_exe, env, tmp_path):
    text, values = padded_article(30, 40_000)
    assert len(text) > 1_000_000
    result = run(claims_exe, "extract", "-", "--format", "jsonl", env=env, cwd=tmp_path, input=text.encode())
    assert (result.returncode, result.stderr) == (0, "")
    (claims,) = stored_claims(tmp_path / "claims.db").values()
    assert_exact(claims, text, values)


def test_two_jobs_keep_the_seeds_and_the_long_article(claims_exe, env, tmp_path, seeds_alone):
    text, values = padded_article(30, 40_000)
    big = tmp_path / "big.txt"
    big.write_text(text, encoding="utf-8")
    result = run(claims_exe, "extract", str(SEEDS), str(big), "-j", "2", "--format", "jsonl", env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    claims = stored_claims(tmp_path / "claims.db")
    assert {path: c for path, c in claims.items() if path != str(big)} == seeds_alone
    assert_exact(claims[str(big)], text, values)


def test_html_whose_main_text_is_over_a_million_characters(claims_exe, env, tmp_path):
    figures = " ".join(str(n) for n in range(1_000, 9_000))
    paragraphs, values = [], []
    for i in range(30):
        sentence, value = claim_sentence(i)
        values.append(value)
        paragraphs += [f"<p>{sentence}</p>", f"<p>{figures}</p>"]
    html = ("<html><head><title>Long report</title></head><body><article><h1>Long report</h1>"
            + "\n".join(paragraphs) + "</article></body></html>")
    path = tmp_path / "long.html"
    path.write_text(html, encoding="utf-8")
    result = run(claims_exe, "extract", str(path), "--format", "jsonl", env={**env, "CLAIMS_PIECE_CHARS": "1000"},
                 cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    from karabakh_claims.read.ingest import read_file_text

    file_text = read_file_text(path)
    assert len(file_text) > 1_000_000
    claims = stored_claims(tmp_path / "claims.db")[str(path)]
    for start, end, _line, text, _value, metric in claims:
        assert (file_text[start:end], metric) == (text, "refugees")
    assert [c[4] for c in claims] == values


def test_30_mb_file_under_a_raised_max_bytes(claims_exe, env, tmp_path):
    text, values = padded_article(40, 380_000)
    assert len(text.encode()) > 30_000_000
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    result = run(claims_exe, "extract", str(path), "--max-bytes", "40000000", "--format", "jsonl", env=env,
                 cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert_exact(stored_claims(tmp_path / "claims.db")[str(path)], text, values)


def test_check_reads_a_long_article(claims_exe, env, tmp_path):
    text, values = padded_article(30, 40_000)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    result = run(claims_exe, "check", str(path), env=env, cwd=tmp_path)
    # its 30 different counts of one day come from one outlet, its own statement: one report's scopes
    # that the text did not tell apart, never a conflict (docs/ledger.md), so the gate passes
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1].strip() == (
        "claims check passed: 1 article(s) checked; 0 new conflict or stale finding(s), 0 in the baseline, 0 fixed")
    assert_exact(stored_claims(tmp_path / "claims.db")[str(path)], text, values)


def test_small_pieces_give_the_claims_of_a_whole_parse(claims_exe, env, tmp_path):
    """CLAIMS_PIECE_CHARS cuts the seeds into many pieces: every claim keeps its exact offsets and line."""
    whole = run(claims_exe, "extract", str(SEEDS), "--format", "jsonl", env=env, cwd=tmp_path)
    pieces = run(claims_exe, "extract", str(SEEDS), "--format", "jsonl", "--db", str(tmp_path / "pieces.db"),
                 env={**env, "CLAIMS_PIECE_CHARS": "400"}, cwd=tmp_path)
    assert (whole.returncode, pieces.returncode, pieces.stderr) == (0, 0, "")
    from karabakh_claims.read.ingest import read_file_text

    records = [json.loads(line) for line in pieces.stdout.splitlines()]
    texts = {path: read_file_text(path) for path in {r["file"] for r in records}}
    for r in records:
        assert texts[r["file"]][r["start"]:r["end"]] == r["text"]
        assert r["line"] == texts[r["file"]].count("\n", 0, r["start"]) + 1
    whole_figures = {(json.loads(line)["file"], json.loads(line)["start"]) for line in whole.stdout.splitlines()}
    assert {(r["file"], r["start"]) for r in records} <= whole_figures
    assert len(records) >= 0.8 * len(whole_figures)


def test_an_article_the_pipeline_fails_on_costs_one_line(tmp_path, nlp, monkeypatch):
    """Whatever goes wrong inside the pipeline for one article (here a component raising), that article
    is one line on standard error and the others are parsed and stored."""
    from karabakh_claims.jobs.intake import Extractor
    from karabakh_claims.nlp.components import ClaimSemantics

    real = ClaimSemantics.__call__

    def failing(self, doc):
        if "Tuesday" in doc.text:
            raise RuntimeError("boom\nsecond line")
        return real(self, doc)

    monkeypatch.setattr(ClaimSemantics, "__call__", failing)
    files = []
    for i, day in enumerate(["Monday", "Tuesday", "Wednesday"]):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Report {day}\n\nThe UN refugee agency said {1000 + i:,} refugees had arrived in Goris "
                        f"by {day}.\n", encoding="utf-8")
        files.append(str(path))
    skipped = []
    extractor = Extractor(config=CONFIG, on_skip=skipped.append, _nlp=nlp)
    claims = list(extractor.run(files))
    assert [(c.file, c.value) for c in claims] == [(files[0], 1000.0), (files[2], 1002.0)]
    assert [s.message() for s in skipped] == [f"{files[1]}: skipped: not parsed: RuntimeError: boom second line"]
    assert (extractor.stats.parsed, extractor.stats.unparsed, extractor.stats.nothing_read) == (2, 1, False)


# --- row 2: one line of numbers ----------------------------------------------------------------------------

def test_a_line_of_100_000_numbers(claims_exe, env, tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text(" ".join(map(str, range(100_001))) + "\n", encoding="utf-8")
    result = run(claims_exe, "extract", str(path), "--format", "jsonl", env=env, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert stored_claims(tmp_path / "claims.db") == {str(path): []}


def test_a_line_of_numbers_is_read_in_sentences_of_at_most_200_tokens(claims_exe, env, tmp_path):
    """The numbers of `0 1 … 3000` are mentions with their exact offsets, in sentences of at most 200
    numbers (the walks of the semantic stage stay within one sentence, so their time is linear)."""
    path = tmp_path / "numbers.txt"
    text = " ".join(map(str, range(3_001))) + "\n"
    path.write_text(text, encoding="utf-8")
    result = run(claims_exe, "extract", str(path), "--all-mentions", "--format", "jsonl", env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    values = [r["value"] for r in records]
    assert (values[0], values[-1], len(records) > 2_000) == (0.0, 3_000.0, True)
    assert values == sorted(set(values))  # each number once, in order (the reader reads 99-999 as no amount)
    assert all(text[r["start"]:r["end"]] == r["text"] and r["line"] == 1 for r in records)
    assert max(len(r["sentence"].split()) for r in records) <= 200
    assert {r["metric"] for r in records} == {None}
