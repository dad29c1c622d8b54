"""The ledger: every article read and every claim found, in one SQLite file (schema: docs/ledger.md)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from karabakh_claims.ledgerfile import LedgerFile, utc_now
from karabakh_claims.models import Article, ArticleRecord, Change, Claim, Qualifier, trusted

FETCH_SIZE = 5_000

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
HISTORICAL_COLUMN = CLAIM_FIELDS.index("historical")
QUALIFIERS = {q.value: q for q in Qualifier}
CHANGES = {None: None, **{c.value: c for c in Change}}


def claim_from_row(row: Sequence) -> Claim:
    """Rebuild a Claim from the CLAIM_FIELDS columns of a row.

    The row was validated as a Claim on its way in and the schema keeps its types (REAL values,
    INTEGER offsets), so only dates, enums and the historical flag are converted back and the
    record is built without validating it again (`models.trusted`).
    """
    values = list(row)
    for i in DATE_COLUMNS:
        values[i] = _date(values[i])
    values[QUALIFIER_COLUMN] = QUALIFIERS[values[QUALIFIER_COLUMN]]
    values[CHANGE_COLUMN] = CHANGES[values[CHANGE_COLUMN]]
    values[HISTORICAL_COLUMN] = bool(values[HISTORICAL_COLUMN])
    return trusted(Claim, dict(zip(CLAIM_FIELDS, values)))


INSERT_CLAIM = (
    f"INSERT INTO claims ({_quoted(CLAIM_FIELDS + ('pipeline_version', 'run_id'))}) "
    f"VALUES ({', '.join('?' * (len(CLAIM_FIELDS) + 2))})"
)
SELECT_CLAIMS = f"SELECT {_quoted(CLAIM_FIELDS)} FROM claims"
UPSERT_ARTICLE = (
    "INSERT OR REPLACE INTO articles (id, path, title, publisher, published, url, copy_of, file_hash, "
    "pipeline_version, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class Ledger(LedgerFile):
    """The ledger file with its records: articles and claims in, claims and articles out."""

    # --- writing ---------------------------------------------------------------------------

    def has_article(self, article_id: str, pipeline_version: str, file_hash: str | None = None) -> bool:
        """Whether the article is stored as read by this pipeline version (and from this file version)."""
        query = "SELECT 1 FROM articles WHERE id = ? AND pipeline_version = ?"
        params: tuple = (article_id, pipeline_version)
        if file_hash is not None:
            query += " AND file_hash IS ?"
            params += (file_hash,)
        with self._errors():
            return self.conn.execute(query, params).fetchone() is not None

    def replace_article(self, article: Article, claims: Sequence[Claim], pipeline_version: str, run_id: int | None = None) -> None:
        """Store an article and its claims in one transaction, replacing what was stored for it.

        Also drops the articles stored for an earlier version of the same file (same path, another
        file_hash) with their claims: a changed file is re-read whole.
        """
        self.replace_articles([(article, claims)], pipeline_version, run_id)

    def replace_articles(self, items: Iterable[tuple[Article, Sequence[Claim]]], pipeline_version: str, run_id: int | None = None) -> None:
        """`replace_article` for several articles in one transaction (faster; all or nothing)."""
        with self._transaction() as conn:
            for article, claims in items:
                self._replace(conn, article, claims, pipeline_version, run_id)

    def _replace(self, conn: sqlite3.Connection, article: Article, claims: Sequence[Claim], version: str, run_id: int | None) -> None:
        gone = [article.id]
        if article.file_hash is not None:
            rows = conn.execute(
                "SELECT id FROM articles WHERE path = ? AND id != ? AND file_hash IS NOT ?",
                (article.file, article.id, article.file_hash),
            )
            gone += [row[0] for row in rows]
        marks = ", ".join("?" * len(gone))
        conn.execute(f"DELETE FROM claims WHERE article_id IN ({marks})", gone)
        conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", gone)
        conn.execute(UPSERT_ARTICLE, article_row(article, version))
        conn.executemany(INSERT_CLAIM, (claim_row(c, version, run_id) for c in claims))

    def start_run(self, version: str, paths: Sequence[str] = ()) -> int:
        """Record the start of an extract run; returns its id."""
        with self._transaction() as conn:
            cursor = conn.execute("INSERT INTO runs (started, version, paths) VALUES (?, ?, ?)", (utc_now(), version, json.dumps(list(paths))))
            return int(cursor.lastrowid)

    def finish_run(self, run_id: int, counts: Mapping[str, int] | None = None) -> None:
        """Record the end of a run and what it did (articles read, skipped, claims found ...)."""
        with self._transaction() as conn:
            conn.execute("UPDATE runs SET finished = ?, counts = ? WHERE id = ?", (utc_now(), json.dumps(dict(counts or {})), run_id))

    # --- reading ---------------------------------------------------------------------------

    def iter_claims(self, metrics: Sequence[str] | None = None, subject: str | None = None, since: dt.date | None = None) -> Iterator[Claim]:
        """Stream the stored claims, filtered in SQL (by the metric index when metrics are given)."""
        where, params = _claim_filter(metrics, subject, since)
        with self._errors():
            cursor = self.conn.execute(f"{SELECT_CLAIMS}{where}", params)
            while rows := cursor.fetchmany(FETCH_SIZE):
                yield from map(claim_from_row, rows)

    def claims(self, metrics: Sequence[str] | None = None, subject: str | None = None, since: dt.date | None = None) -> list[Claim]:
        """The stored claims; `subject` matches part of the subject (any case), `since` the as-of date
        (or publication date for undated claims)."""
        return list(self.iter_claims(metrics, subject, since))

    def article_claims(self, article_id: str) -> list[Claim]:
        """The stored claims of one article, in text order."""
        with self._errors():
            rows = self.conn.execute(f"{SELECT_CLAIMS} WHERE article_id = ? ORDER BY start", (article_id,)).fetchall()
        return [claim_from_row(row) for row in rows]

    def articles(self) -> list[ArticleRecord]:
        with self._errors():
            rows = self.conn.execute(
                "SELECT id, path, title, publisher, published, url, copy_of, file_hash, pipeline_version, added_at FROM articles ORDER BY path, id"
            ).fetchall()
        names = ("id", "path", "title", "publisher", "published", "url", "copy_of", "file_hash", "pipeline_version", "added_at")
        return [ArticleRecord.model_validate(dict(zip(names, row))) for row in rows]

    def copies(self) -> dict[str, str]:
        """Article id -> the id of the article it is a syndicated copy of."""
        with self._errors():
            return dict(self.conn.execute("SELECT id, copy_of FROM articles WHERE copy_of IS NOT NULL"))

    def runs(self) -> list[dict]:
        with self._errors():
            rows = self.conn.execute("SELECT id, started, finished, version, paths, counts FROM runs ORDER BY id").fetchall()
        return [
            {"id": r[0], "started": r[1], "finished": r[2], "version": r[3], "paths": json.loads(r[4]), "counts": json.loads(r[5])}
            for r in rows
        ]


def article_row(article: Article, pipeline_version: str) -> tuple:
    published = article.published.isoformat() if article.published else None
    copy_of = getattr(article, "copy_of", None)
    return (article.id, article.file, article.title, article.publisher, published, article.url, copy_of, article.file_hash, pipeline_version, utc_now())


def _claim_filter(metrics: Sequence[str] | None, subject: str | None, since: dt.date | None) -> tuple[str, list]:
    clauses, params = [], []
    if metrics:
        clauses.append(f"metric IN ({', '.join('?' * len(metrics))})")
        params += list(metrics)
    if subject:
        clauses.append("subject LIKE ? ESCAPE '\\'")
        params.append("%" + subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if since:
        clauses.append("(as_of >= ? OR (as_of IS NULL AND published >= ?))")
        params += [since.isoformat()] * 2
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
