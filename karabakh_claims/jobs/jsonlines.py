"""Records of a JSON Lines file given to a job (`claims eval --gold`, `--pairs`): one per line, each
validated by its model; the first line that is not one is a JobError naming the file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from karabakh_claims.jobs.errors import JobError

Record = TypeVar("Record", bound=BaseModel)


def read_records(path: str | Path, model: type[Record], what: str) -> list[Record]:
    """The records of `path`, one JSON object per line (blank lines skipped); JobError
    `FILE:LINE: not WHAT: REASON` for the first line that is not one, `FILE: …` when the file cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise JobError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise JobError(f"{path}:{line}: not {what}: not UTF-8 text (byte {error.start})") from None
    records = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            records.append(model.model_validate(json.loads(line)))
        except json.JSONDecodeError as error:
            raise JobError(f"{path}:{number}: not {what}: invalid JSON: {error.msg} (column {error.colno})") from None
        except ValidationError as error:
            raise JobError(f"{path}:{number}: not {what}: {first_problem(error)}") from None
        except RecursionError:
            raise JobError(f"{path}:{number}: not {what}: too deeply nested") from None
    return records


def first_problem(error: ValidationError) -> str:
    """The first thing pydantic found wrong, as `field: message` (and how many more there are)."""
    problems = error.errors(include_url=False)
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"])
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {first['msg']}{more}" if where else f"{first['msg']}{more}"
