"""Baseline files of `claims check`: the findings known and accepted, as JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from karabakh_claims.jobs.errors import CheckError
from karabakh_claims.models import Baseline, BaselineEntry, Finding, FindingKey


def baseline_of(findings: Iterable[Finding]) -> Baseline:
    entries = {f.key: BaselineEntry(**f.key.model_dump(), note=f.message) for f in findings}
    return Baseline(findings=tuple(entries[k] for k in sorted(entries, key=FindingKey.sort_key)))


def write_baseline(path: str | os.PathLike[str], baseline: Baseline) -> None:
    text = json.dumps(baseline.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise CheckError(f"cannot write the baseline {path}: {err.strerror or err}") from err


def read_baseline(path: str | os.PathLike[str]) -> Baseline:
    try:
        return Baseline.model_validate_json(Path(path).read_bytes())
    except OSError as err:
        raise CheckError(f"cannot read the baseline {path}: {err.strerror or err}") from err
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CheckError(f"{path} is not a claims baseline: {where + ': ' if where else ''}{first['msg']}") from err
