"""Baseline files of `claims check`: the findings known and accepted, as JSON.

A file of an older version is refused by `--baseline` with one line that says how to write it again;
`--write-baseline` over it (or over a file of this version) keeps its entries, with their notes and
the days they were accepted, and adds the new findings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from karabakh_claims.jobs.errors import CheckError
from karabakh_claims.models import BASELINE_VERSION, Baseline, BaselineEntry, Finding, FindingKey


@dataclass(frozen=True)
class Rewritten:
    """A baseline written over an old one: how many of its entries are new, kept, and kept but fixed."""

    baseline: Baseline
    new: int
    kept: int
    fixed: int

    def line(self, path: str) -> str:
        counts = f"{self.new} new, {self.kept} kept from the old file"
        gone = (f"; {self.fixed} kept entr(ies) no longer occur (reported as fixed): remove them from the file, "
                "or delete it and write it again" if self.fixed else "")
        return f"wrote {len(self.baseline.findings)} entr(ies) to {path}: {counts}{gone}"


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def baseline_of(findings: Iterable[Finding], accepted: dt.date | None = None,
                kept: Iterable[BaselineEntry] = ()) -> Baseline:
    """The entries `kept`, then one per other finding, accepted on `accepted` (today by default),
    listed by quantity, kind and figures."""
    entries = {entry.key(): entry for entry in kept}
    day = accepted or today()
    for finding in findings:
        entries.setdefault(finding.key, BaselineEntry(**finding.key.model_dump(), note=finding.message, accepted=day))
    return Baseline(findings=tuple(entries[k] for k in sorted(entries, key=FindingKey.sort_key)))


def rewritten(old: Baseline | None, new: Iterable[Finding], fixed: Iterable[BaselineEntry]) -> Rewritten:
    """The baseline `--write-baseline` writes over `old` (None: no file yet): its entries and the new findings."""
    new = tuple(new)
    kept = old.findings if old else ()
    return Rewritten(baseline_of(new, kept=kept), new=len(new), kept=len(kept), fixed=len(tuple(fixed)))


def write_baseline(path: str | os.PathLike[str], baseline: Baseline) -> None:
    text = json.dumps(baseline.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise CheckError(f"cannot write the baseline {path}: {err.strerror or err}") from err


def read_baseline(path: str | os.PathLike[str], *, old_too: bool = False) -> Baseline:
    """The baseline in `path`; one of an older version only with `old_too` (to be written again)."""
    data = _json_of(path)
    version = data.get("version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version != BASELINE_VERSION:
        data = _this_version(path, data, version, old_too)
    try:
        return Baseline.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CheckError(f"{path} is not a claims baseline: {where + ': ' if where else ''}{first['msg']}") from err


def read_old_baseline(path: str | os.PathLike[str]) -> Baseline | None:
    """What `--write-baseline` keeps of the file it writes over: None when there is no file or an empty one."""
    file = Path(path)
    if not file.exists() or (file.is_file() and file.stat().st_size == 0):
        return None
    return read_baseline(path, old_too=True)


def _json_of(path: str | os.PathLike[str]) -> object:
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise CheckError(f"cannot read the baseline {path}: {err.strerror or err}") from err
    try:
        return json.loads(raw)
    except UnicodeDecodeError as err:
        raise CheckError(f"{path} is not a claims baseline: not UTF-8 text (byte {err.start})") from err
    except ValueError as err:
        where = f" (line {err.lineno}, column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
        raise CheckError(f"{path} is not a claims baseline: not JSON{where}") from err
    except RecursionError:
        raise CheckError(f"{path} is not a claims baseline: too deeply nested") from None


def _this_version(path: str | os.PathLike[str], data: dict, version: int, old_too: bool) -> dict:
    """An older file's data as this version's (its entries have no `accepted` day), or the one line
    that refuses it."""
    if version > BASELINE_VERSION:
        raise CheckError(f"{path} is a claims baseline of version {version}, written by a newer claims: this one "
                         f"reads version {BASELINE_VERSION}")
    if not old_too:
        raise CheckError(f"{path} is a claims baseline of version {version}; this claims reads version "
                         f"{BASELINE_VERSION}: write it again, keeping its entries, with "
                         f"`claims check PATH... --write-baseline {path}`")
    return {**data, "version": BASELINE_VERSION}
