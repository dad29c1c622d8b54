"""Records to rows and back: how claims and articles are laid out in the ledger's tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache

from karabakh_claims.models import Article, Change, Claim, Qualifier, trusted
from karabakh_claims.numbers.ceiling import MONEY_CEILING, PEOPLE_CEILING

CLAIM_FIELDS: tuple[str, ...] = tuple(Claim.model_fields)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def claim_row(claim: Claim, pipeline_version: str, run_id: int | None) -> tuple:
    """The claims-table row of a claim: every field, then pipeline_version and run_id."""
    values = []
    for name in CLAIM_FIELDS:
        value = getattr(claim, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        elif isinstance(value, bool):
            value = int(value)
        values.append(value)
    return (*values, pipeline_version, run_id)


@lru_cache(maxsize=65536)
def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


DATE_COLUMNS = tuple(CLAIM_FIELDS.index(name) for name in ("published", "as_of"))
QUALIFIER_COLUMN = CLAIM_FIELDS.index("qualifier")
CHANGE_COLUMN = CLAIM_FIELDS.index("change")
FLAG_COLUMNS = tuple(CLAIM_FIELDS.index(name) for name in ("historical", "projection", "retracted"))
QUALIFIERS = {q.value: q for q in Qualifier}
CHANGES = {None: None, **{c.value: c for c in Change}}


def claim_from_row(row: Sequence) -> Claim:
    """Rebuild a Claim from the CLAIM_FIELDS columns of a row.

    The row was validated as a Claim on its way in and the schema keeps its types (REAL values,
    INTEGER offsets), so only dates, enums and the flags are converted back and the
    record is built without validating it again (`models.trusted`).
    """
    values = list(row)
    for i in DATE_COLUMNS:
        values[i] = _date(values[i])
    values[QUALIFIER_COLUMN] = QUALIFIERS[values[QUALIFIER_COLUMN]]
    values[CHANGE_COLUMN] = CHANGES[values[CHANGE_COLUMN]]
    for i in FLAG_COLUMNS:
        values[i] = bool(values[i])
    return trusted(Claim, dict(zip(CLAIM_FIELDS, values)))


INSERT_CLAIM = (
    f"INSERT INTO claims ({_quoted(CLAIM_FIELDS + ('pipeline_version', 'run_id'))}) "
    f"VALUES ({', '.join('?' * (len(CLAIM_FIELDS) + 2))})"
)
SELECT_CLAIM_COLUMNS = ", ".join(f'claims."{n}"' for n in CLAIM_FIELDS)
SELECT_CLAIMS = f"SELECT {_quoted(CLAIM_FIELDS)} FROM claims"
_CEILING = f"(CASE WHEN ifnull(unit, 'people') = 'people' THEN {PEOPLE_CEILING!r} ELSE {MONEY_CEILING!r} END)"
SOUND_VALUES = (
    f"value BETWEEN -{_CEILING} AND {_CEILING}"
    f" AND (low IS NULL OR low BETWEEN -{_CEILING} AND {_CEILING})"
    f" AND (high IS NULL OR high BETWEEN -{_CEILING} AND {_CEILING})"
)
"""The claims whose value and bounds are numbers within the ceiling of their unit (`numbers.ceiling`).
Extraction stores no other; a row changed by hand to infinity, 1e308 or text is never read back, so
that one bad value cannot disable the ledger (text sorts above every number in SQLite, NULL and NaN
fail BETWEEN)."""
UPSERT_ARTICLE = (
    "INSERT OR REPLACE INTO articles (id, path, title, publisher, published, url, copy_of, file_hash, "
    "pipeline_version, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def article_row(article: Article, pipeline_version: str, added_at: str) -> tuple:
    published = article.published.isoformat() if article.published else None
    copy_of = getattr(article, "copy_of", None)
    return (article.id, article.file, article.title, article.publisher, published, article.url, copy_of, article.file_hash, pipeline_version, added_at)


def claim_filter(metrics: Sequence[str] | None, subject: str | None, since: dt.date | None) -> tuple[str, list]:
    """The WHERE clause (with its parameters) of the sound claims of these metrics, group and days."""
    clauses, params = [SOUND_VALUES], []
    if metrics:
        clauses.append(f"metric IN ({', '.join('?' * len(metrics))})")
        params += list(metrics)
    if subject:
        clauses.append("subject LIKE ? ESCAPE '\\'")
        params.append("%" + subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if since:
        clauses.append("(as_of >= ? OR (as_of IS NULL AND published >= ?))")
        params += [since.isoformat()] * 2
    return " WHERE " + " AND ".join(clauses), params
