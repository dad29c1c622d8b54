"""Baseline files of `claims check`: version 2, the one line that refuses an older file, and a
baseline written over an old one keeping its entries."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from karabakh_claims.jobs.baseline import baseline_of, read_baseline, read_old_baseline, rewritten, write_baseline
from karabakh_claims.jobs.errors import CheckError
from karabakh_claims.models import BASELINE_VERSION, BaselineEntry, FigureRef, Finding, FindingKey

KILLED = "killed|people|-|-|current"
DISPLACED = "displaced|people|-|-|current"


def key(quantity: str, *figures: tuple[str, str, float], kind: str = "conflict") -> FindingKey:
    refs = tuple(FigureRef(publisher=p, text=t, value=v) for p, t, v in figures)
    return FindingKey(kind=kind, quantity=quantity, figures=refs)


def finding(finding_key: FindingKey, message: str) -> Finding:
    return Finding(key=finding_key, metric=finding_key.quantity.split("|")[0], message=message, mentions=())


KILLED_KEY = key(KILLED, ("A", "192", 192.0), ("B", "150", 150.0))
DISPLACED_KEY = key(DISPLACED, ("A", "100,000", 100000.0), ("C", "nearly 30,000", 30000.0), kind="stale")


def version_1_file(tmp_path, *keys: FindingKey, note: str = "accepted by the desk") -> str:
    """A baseline as claims wrote it before version 2: no `accepted` day."""
    entries = [{**k.model_dump(mode="json"), "note": note} for k in keys]
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"version": 1, "findings": entries}, indent=2), encoding="utf-8")
    return str(path)


def test_this_version_is_2_and_a_written_baseline_reads_back_with_its_days(tmp_path):
    path = tmp_path / "b.json"
    day = dt.date(2026, 11, 30)
    write_baseline(path, baseline_of([finding(KILLED_KEY, "192 vs 150")], accepted=day))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert BASELINE_VERSION == data["version"] == 2
    assert data["findings"][0]["accepted"] == "2026-11-30" and data["findings"][0]["note"] == "192 vs 150"
    [entry] = read_baseline(path).findings
    assert (entry.key(), entry.accepted, entry.note) == (KILLED_KEY, day, "192 vs 150")


def test_an_older_file_is_refused_with_one_line_that_says_how_to_write_it_again(tmp_path):
    old = version_1_file(tmp_path, KILLED_KEY)
    with pytest.raises(CheckError) as refused:
        read_baseline(old)
    assert str(refused.value) == (
        f"{old} is a claims baseline of version 1; this claims reads version 2: write it again, keeping its "
        f"entries, with `claims check PATH... --write-baseline {old}`")


def test_a_newer_file_is_refused(tmp_path):
    path = tmp_path / "new.json"
    path.write_text('{"version": 3, "findings": []}', encoding="utf-8")
    with pytest.raises(CheckError, match=r"version 3, written by a newer claims: this one reads version 2$"):
        read_baseline(path)


@pytest.mark.parametrize(("content", "reason"), [
    (b'{"findings": [', "not JSON (line 1, column 15)"),
    (b'{"findings": "\xff"}', "not UTF-8 text (byte 14)"),
    (b'[1, 2]', "Input should be a valid dictionary or instance of Baseline"),
    (b'[' * 100_000 + b']' * 100_000, "too deeply nested"),
    (b'{"version": 2, "findings": [{"kind": "wrong"}]}', "findings.0.kind: Input should be 'conflict' or 'stale'"),
])
def test_a_file_that_is_not_a_baseline_is_one_line(tmp_path, content, reason):
    path = tmp_path / "b.json"
    path.write_bytes(content)
    with pytest.raises(CheckError) as refused:
        read_baseline(path)
    assert str(refused.value) == f"{path} is not a claims baseline: {reason}"


def test_writing_over_an_older_file_keeps_its_entries_and_notes_without_a_day(tmp_path):
    old = read_old_baseline(version_1_file(tmp_path, KILLED_KEY, DISPLACED_KEY))
    assert old.version == 2
    assert [(e.key(), e.note, e.accepted) for e in old.findings] == [
        (KILLED_KEY, "accepted by the desk", None), (DISPLACED_KEY, "accepted by the desk", None)]


def test_no_file_or_an_empty_one_is_no_old_baseline(tmp_path):
    assert read_old_baseline(tmp_path / "missing.json") is None
    (tmp_path / "empty.json").write_bytes(b"")
    assert read_old_baseline(tmp_path / "empty.json") is None


def test_rewritten_keeps_every_old_entry_adds_the_new_and_counts_the_fixed(tmp_path):
    old = read_old_baseline(version_1_file(tmp_path, DISPLACED_KEY, note="why we accept it"))
    fixed = old.findings
    written = rewritten(old, [finding(KILLED_KEY, "192 vs 150")], fixed)
    entries = written.baseline.findings
    assert [(e.key(), e.note) for e in entries] == [(DISPLACED_KEY, "why we accept it"), (KILLED_KEY, "192 vs 150")]
    assert entries[0].accepted is None and entries[1].accepted == dt.datetime.now(dt.UTC).date()
    assert (written.new, written.kept, written.fixed) == (1, 1, 1)
    assert written.line("b.json") == (
        "wrote 2 entr(ies) to b.json: 1 new, 1 kept from the old file; 1 kept entr(ies) no longer occur "
        "(reported as fixed): remove them from the file, or delete it and write it again")


def test_rewritten_over_nothing_is_the_findings_of_today():
    written = rewritten(None, [finding(KILLED_KEY, "m")], ())
    assert [e.key() for e in written.baseline.findings] == [KILLED_KEY]
    assert written.line("b.json") == "wrote 1 entr(ies) to b.json: 1 new, 0 kept from the old file"


def test_an_entry_already_kept_is_not_written_twice():
    kept = BaselineEntry(**KILLED_KEY.model_dump(), note="ours", accepted=dt.date(2026, 1, 2))
    baseline = baseline_of([finding(KILLED_KEY, "theirs")], kept=[kept])
    assert baseline.findings == (kept,)
