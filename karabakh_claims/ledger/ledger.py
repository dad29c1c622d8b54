"""The ledger: every article read and every claim found, in one SQLite file, and the stored judgments
of `claims diff` and `claims check` (`judged`; schema: docs/ledger.md).

`Ledger` is the one interface every job uses. Opening it and answering from stored judgments needs
no model: records are converted (`rows`, with the pydantic models) only by the methods that read or
write them, so a diff answered from stored parts starts quickly."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from karabakh_claims.ledger.judged import REFRESH_WAIT_MS, JudgedStore, write_now
from karabakh_claims.ledger.schema import (
    FOLDER,
    MIGRATIONS,
    SCHEMA,
    SCHEMA_VERSION,
    add_folder_index,
    add_judged,
    add_saved_outputs,
    add_scopes,
)

if TYPE_CHECKING:
    from karabakh_claims.models import Article, ArticleRecord, Claim

DEFAULT_DB = "claims.db"
DB_ENV = "CLAIMS_DB"
FETCH_SIZE = 5_000
BUSY_TIMEOUT_MS = 15_000

class LedgerError(Exception):
    """A ledger that cannot be used, with a message for the user."""


class LedgerBusy(LedgerError):
    """Another process held the ledger's write lock for longer than the busy timeout."""


class LedgerMissing(LedgerError):
    """The ledger file does not exist and was not to be created."""


def default_db_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The ledger file: $CLAIMS_DB, else ./claims.db."""
    return Path(environ.get(DB_ENV) or DEFAULT_DB)


def writable(path: Path) -> bool:
    """Whether the ledger file and its folder (where SQLite keeps its -wal and -shm files) can be
    written, as os.access sees it (a read-only mount or an immutable file stops even root)."""
    return all(os.access(where, os.W_OK) for where in (path, path.resolve().parent))


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Ledger(JudgedStore):
    """An SQLite ledger file, created or upgraded on opening; safe for one writer at a time, others wait."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True):
        self.path = Path(path) if path is not None else default_db_path()
        if not create and not self.path.exists():
            raise LedgerMissing(f"no ledger at {self.path}: run `claims extract PATH` first")
        self.read_only = self.path.exists() and not writable(self.path)
        try:
            self.conn = self._connect()
            with self._errors():
                self._configure()
                self._migrate()
        except sqlite3.Error as error:
            raise LedgerError(f"cannot open the ledger {self.path}: {error}") from error

    # --- connection, errors, transactions ----------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """A connection: read-write, or on a ledger that cannot be written (a read-only file, folder or
        mount) read-only, and without the shared-memory file where even that cannot be made."""
        if not self.read_only:
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # a WAL ledger in a folder where its -shm file cannot be made: nothing can write it either
            conn.close()
            conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, isolation_level=None)
        return conn

    def _configure(self) -> None:
        if not self.read_only:
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LedgerError(f"{self.path} was written by a newer claims (schema {version}); upgrade claims")
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise LedgerError(f"{self.path} is read-only and needs an upgrade (schema {version}): make it writable once")
        with self._transaction():
            # another process may have created or upgraded the ledger while this one waited for the lock
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                return
            if version == 0:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                add_saved_outputs(self.conn)
                add_scopes(self.conn)
                add_judged(self.conn)
                add_folder_index(self.conn)
            else:
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](self.conn)
            self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise LedgerBusy(
                    f"ledger is busy: another claims process is writing to {self.path}; try again when it is done"
                ) from error
            raise LedgerError(f"ledger {self.path}: {error}") from error
        except sqlite3.DatabaseError as error:
            raise LedgerError(f"{self.path} is not a claims ledger: {error}") from error

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock at once so a second writer waits its turn."""
        with self._errors():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading: the ledger as a whole -------------------------------------------------------

    def count_claims(self) -> int:
        with self._errors():
            return self.conn.execute("SELECT count(*) FROM claims").fetchone()[0]

    def metrics(self) -> list[str]:
        """The metrics of the stored claims."""
        with self._errors():
            return [row[0] for row in self.conn.execute("SELECT DISTINCT metric FROM claims WHERE metric IS NOT NULL")]

    def is_empty(self) -> bool:
        """True when the ledger holds no article at all."""
        with self._errors():
            return self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: what is read inside sees the ledger as it was at its first read."""
        with self._errors():
            self.conn.execute("BEGIN")
            try:
                yield
            finally:
                self.conn.execute("COMMIT")

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
        from karabakh_claims.ledger.rows import INSERT_CLAIM, UPSERT_ARTICLE, article_row, claim_row

        with self._transaction() as conn:
            for article, claims in items:
                self._drop_earlier(conn, article)
                conn.execute(UPSERT_ARTICLE, article_row(article, pipeline_version, utc_now()))
                conn.executemany(INSERT_CLAIM, (claim_row(c, pipeline_version, run_id) for c in claims))

    @staticmethod
    def _drop_earlier(conn: sqlite3.Connection, article: Article) -> None:
        """Drop what is stored for the article and for earlier versions of its file, with their claims."""
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

    def start_run(self, version: str, paths: Sequence[str] = ()) -> int:
        """Record the start of an extract run; returns its id."""
        with self._transaction() as conn:
            cursor = conn.execute("INSERT INTO runs (started, version, paths) VALUES (?, ?, ?)", (utc_now(), version, json.dumps(list(paths))))
            return int(cursor.lastrowid)

    def finish_run(self, run_id: int, counts: Mapping[str, int] | None = None) -> None:
        """Record the end of a run and what it did (articles read, skipped, claims found ...)."""
        with self._transaction() as conn:
            conn.execute("UPDATE runs SET finished = ?, counts = ? WHERE id = ?", (utc_now(), json.dumps(dict(counts or {})), run_id))

    # --- reading: records ---------------------------------------------------------------------

    def iter_claims(self, metrics: Sequence[str] | None = None, subject: str | None = None, since: dt.date | None = None) -> Iterator[Claim]:
        """Stream the stored claims, filtered in SQL (by the metric index when metrics are given)."""
        from karabakh_claims.ledger.rows import SELECT_CLAIMS, claim_filter, claim_from_row

        where, params = claim_filter(metrics, subject, since)
        order = " ORDER BY metric, as_of, id" if metrics else ""  # the metric index's order (`scope_claims` too)
        with self._errors():
            cursor = self.conn.execute(f"{SELECT_CLAIMS}{where}{order}", params)
            while rows := cursor.fetchmany(FETCH_SIZE):
                yield from map(claim_from_row, rows)

    def claims(self, metrics: Sequence[str] | None = None, subject: str | None = None, since: dt.date | None = None) -> list[Claim]:
        """The stored claims; `subject` matches part of the subject (any case), `since` the as-of date
        (or publication date for undated claims)."""
        return list(self.iter_claims(metrics, subject, since))

    def article_claims(self, article_id: str) -> list[Claim]:
        """The stored claims of one article, in text order."""
        from karabakh_claims.ledger.rows import SELECT_CLAIMS, SOUND_VALUES, claim_from_row

        with self._errors():
            rows = self.conn.execute(f"{SELECT_CLAIMS} WHERE article_id = ? AND {SOUND_VALUES} ORDER BY start",
                                     (article_id,)).fetchall()
        return [claim_from_row(row) for row in rows]

    def articles(self) -> list[ArticleRecord]:
        from karabakh_claims.models import ArticleRecord

        with self._errors():
            rows = self.conn.execute(
                "SELECT id, path, title, publisher, published, url, copy_of, file_hash, pipeline_version, added_at FROM articles ORDER BY path, id"
            ).fetchall()
        names = ("id", "path", "title", "publisher", "published", "url", "copy_of", "file_hash", "pipeline_version", "added_at")
        return [ArticleRecord.model_validate(dict(zip(names, row))) for row in rows]

    def article_paths(self) -> list[tuple[str, str]]:
        """(id, path) of every stored article, by path."""
        with self._errors():
            return self.conn.execute("SELECT id, path FROM articles ORDER BY path, id").fetchall()

    def article_folders(self) -> list[str]:
        """The distinct folders of the stored articles' paths, as written up to their last '/' ('' for none)."""
        with self._errors():
            return [row[0] for row in self.conn.execute(f"SELECT DISTINCT {FOLDER} FROM articles")]

    def folder_articles(self, folders: Sequence[str]) -> list[tuple[str, str]]:
        """(id, path) of the stored articles whose folder (as `article_folders` gives it) is one of `folders`."""
        return self._select_in(f"SELECT id, path FROM articles WHERE {FOLDER} IN ({{marks}})", list(folders))

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

    # --- scopes (schema 5) ------------------------------------------------------------------

    def fill_scopes(self, digest: str, scope_of: Callable[[Claim], str]) -> None:
        """Give every claim that waits for one its scope (`scope_of`), in one transaction; under group
        rules of another `digest` than the stored scopes were read with, every claim's scope anew, and
        the stored judgments are dropped."""
        with self._transaction() as conn:
            self._fill_scopes(conn, digest, scope_of)

    def _fill_scopes(self, conn: sqlite3.Connection, digest: str, scope_of: Callable[[Claim], str]) -> None:
        from karabakh_claims.ledger.rows import SELECT_CLAIM_COLUMNS, SOUND_VALUES, claim_from_row

        stored = conn.execute("SELECT digest FROM scope_rules WHERE id = 1").fetchone()
        if stored is None or stored[0] != digest:
            conn.execute("DELETE FROM claim_scopes")
            conn.execute("DELETE FROM scope_counts")  # scopes read by other rules: not to be read as quantities
            self.drop_all_judged()
            conn.execute("INSERT OR REPLACE INTO scopes_pending (claim) SELECT id FROM claims WHERE metric IS NOT NULL")
            conn.execute("INSERT OR REPLACE INTO scope_rules (id, digest) VALUES (1, ?)", (digest,))
        cursor = conn.execute(f"SELECT claims.id, {SELECT_CLAIM_COLUMNS} FROM scopes_pending "
                              f"CROSS JOIN claims ON claims.id = scopes_pending.claim WHERE {SOUND_VALUES}")
        while rows := cursor.fetchmany(FETCH_SIZE):
            scoped = [(row[0], scope_of(claim_from_row(row[1:]))) for row in rows]
            conn.executemany("INSERT OR REPLACE INTO claim_scopes (claim, scope) VALUES (?, ?)", scoped)
        conn.execute("DELETE FROM scopes_pending")

    def refresh_scopes(self, digest: str, scope_of: Callable[[Claim], str],
                       on_dirty: Callable[[list[str], list[str]], None]) -> tuple[list[str], str] | None:
        """Bring the stored judgments up to date, in one write transaction when there is anything to do:
        give waiting claims their scope (`fill_scopes`), drop every stored judgment when the copies
        changed, hand the dirty scopes and all scopes to `on_dirty` (which drops what they touch) and
        clear the marks. The ledger's scopes and generations (`stamp`) after, or None when there was
        something to do and the ledger is read-only or another process kept writing (REFRESH_WAIT_MS)."""
        with self.snapshot():
            if self._scopes_current(digest):
                return list(self.scope_counts()), self.stamp()
        if self.read_only:
            return None
        with self._errors(), write_now(self.conn, REFRESH_WAIT_MS) as conn:
            if conn is None:
                return None
            self._fill_scopes(conn, digest, scope_of)
            copies = self.stamp(["*"])
            if self.judged_state("copies") != copies:
                self.drop_all_judged()
                self.set_judged_state("copies", copies)
            scopes = list(self.scope_counts())
            on_dirty(self.dirty_scopes(), scopes)
            self.clear_dirty()
            return scopes, self.stamp()

    def _scopes_current(self, digest: str) -> bool:
        """Whether no claim waits for its scope, no scope is dirty, and scopes, copies and rules are as stored."""
        conn = self.conn
        rules = conn.execute("SELECT digest FROM scope_rules WHERE id = 1").fetchone()
        waiting = conn.execute("SELECT 1 FROM scopes_pending LIMIT 1").fetchone()
        dirty = conn.execute("SELECT 1 FROM scope_counts WHERE dirty = 1 LIMIT 1").fetchone()
        return (rules is not None and rules[0] == digest and waiting is None and dirty is None
                and self.judged_state("copies") == self.stamp(["*"]))

    def scopes(self) -> list[str]:
        """The distinct scopes of the stored claims (after `fill_scopes`)."""
        with self._errors():
            return [row[0] for row in self.conn.execute("SELECT DISTINCT scope FROM claim_scopes")]

    def article_scopes(self, article_ids: Iterable[str]) -> set[str]:
        """The scopes of these articles' claims."""
        sql = ("SELECT DISTINCT scope FROM claim_scopes JOIN claims ON claims.id = claim_scopes.claim "
               "WHERE article_id IN ({marks})")
        return {row[0] for row in self._select_in(sql, list(article_ids))}

    def scope_claims(self, scopes: Sequence[str]) -> list[Claim]:
        """The sound claims of these scopes, in the order `iter_claims` gives a metric's claims."""
        from karabakh_claims.ledger.rows import CLAIM_FIELDS, SELECT_CLAIM_COLUMNS, SOUND_VALUES, claim_from_row

        sql = (f"SELECT claims.id, {SELECT_CLAIM_COLUMNS} FROM claim_scopes "
               f"JOIN claims ON claims.id = claim_scopes.claim WHERE scope IN ({{marks}}) AND {SOUND_VALUES}")
        found = self._select_in(sql, list(scopes))
        metric, as_of = (1 + CLAIM_FIELDS.index(name) for name in ("metric", "as_of"))
        found.sort(key=lambda row: (row[metric], row[as_of] or "", row[0]))
        return [claim_from_row(row[1:]) for row in found]

    def _select_in(self, sql: str, values: Sequence, size: int = 500, before: Sequence = ()) -> list[tuple]:
        """The rows of `sql` whose `IN ({marks})` takes `values`, asked `size` values at a time (SQLite
        bounds the parameters of one statement); `before` binds the parameters ahead of the list."""
        rows: list[tuple] = []
        with self._errors():
            for start in range(0, len(values), size):
                part = list(values[start : start + size])
                rows += self.conn.execute(sql.format(marks=", ".join("?" * len(part))), [*before, *part]).fetchall()
        return rows

    # --- generations ---------------------------------------------------------------------------

    def stamp(self, metrics: Sequence[str] | None = None) -> str:
        """The generations of these metrics (default: all) and of the copies: it changes whenever a
        claim of one of them is added, removed or changed."""
        query, params = "SELECT scope, n FROM generations", list(metrics or ())
        if metrics:
            query += f" WHERE scope IN ({', '.join('?' * (len(params) + 1))})"
            params.append("*")
        with self._errors():
            return json.dumps(sorted(self.conn.execute(query, params)))
