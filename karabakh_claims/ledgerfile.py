"""The ledger file: its SQLite schema and migrations, locking, errors, and the saved outputs of
`claims diff` (schema: docs/ledger.md). Records go in and out through `store.Ledger`; this module
needs no model, so a diff answered from a saved output starts quickly."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

DEFAULT_DB = "claims.db"
DB_ENV = "CLAIMS_DB"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 15_000

SCHEMA = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT,
    publisher TEXT,
    published TEXT,
    url TEXT,
    copy_of TEXT,
    file_hash TEXT,
    pipeline_version TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX articles_path ON articles (path);
CREATE INDEX articles_copy_of ON articles (copy_of) WHERE copy_of IS NOT NULL;

CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    version TEXT NOT NULL,
    paths TEXT NOT NULL DEFAULT '[]',
    counts TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id),
    title TEXT,
    publisher TEXT,
    published TEXT,
    url TEXT,
    text TEXT NOT NULL,
    value REAL NOT NULL,
    low REAL,
    high REAL,
    qualifier TEXT NOT NULL,
    unit TEXT,
    change TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    line INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    metric TEXT,
    subject TEXT,
    side TEXT,
    place TEXT,
    source TEXT,
    as_of TEXT,
    historical INTEGER NOT NULL DEFAULT 0,
    claim_id TEXT,
    pipeline_version TEXT NOT NULL,
    run_id INTEGER REFERENCES runs (id)
);
CREATE INDEX claims_metric_as_of ON claims (metric, as_of);
CREATE INDEX claims_article ON claims (article_id);
CREATE INDEX claims_as_of ON claims (as_of);
"""



NEW_METRIC, OLD_METRIC, COPIES = "coalesce(NEW.metric, '')", "coalesce(OLD.metric, '')", "'*'"


def _bump(*scopes: str) -> str:
    return " ".join(f"INSERT INTO generations (scope, n) VALUES ({scope}, 1) "
                    "ON CONFLICT (scope) DO UPDATE SET n = n + 1;" for scope in scopes)


SAVED_OUTPUTS: tuple[str, ...] = (
    "CREATE TABLE generations (scope TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
    f"CREATE TRIGGER claims_added AFTER INSERT ON claims BEGIN {_bump(NEW_METRIC)} END",
    f"CREATE TRIGGER claims_removed AFTER DELETE ON claims BEGIN {_bump(OLD_METRIC)} END",
    f"CREATE TRIGGER claims_changed AFTER UPDATE ON claims BEGIN {_bump(OLD_METRIC, NEW_METRIC)} END",
    f"CREATE TRIGGER copies_changed AFTER UPDATE OF copy_of ON articles BEGIN {_bump(COPIES)} END",
    "CREATE TABLE outputs (key TEXT PRIMARY KEY, stamp TEXT NOT NULL, body BLOB NOT NULL, stored_at TEXT NOT NULL)",
)
"""Schema 2: a generation counter per metric ('' for claims without one), raised by triggers whenever
a claim of it is added, removed or changed, and the outputs of `claims diff` saved with the
generations they were computed at. A diff reads claims (which carry their article's publisher and
dates) and the articles' `copy_of`; an article is only ever stored or dropped with its claims, so
only an update of `copy_of` in place (by hand) needs a counter of its own ('*')."""

KEPT_OUTPUTS = 4


def _add_saved_outputs(conn: sqlite3.Connection) -> None:
    for statement in SAVED_OUTPUTS:
        conn.execute(statement)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _add_saved_outputs}
"""Upgrades of older ledgers: MIGRATIONS[n] takes a ledger at version n to n + 1."""


class PackedText:
    """Text compressed as it is written: an output being saved while it is printed."""

    def __init__(self) -> None:
        self._compressor = zlib.compressobj(1)
        self._parts: list[bytes] = []

    def write(self, text: str) -> None:
        self._parts.append(self._compressor.compress(text.encode("utf-8")))

    def packed(self) -> bytes:
        return b"".join(self._parts) + self._compressor.flush()


class LedgerError(Exception):
    """A ledger that cannot be used, with a message for the user."""


class LedgerBusy(LedgerError):
    """Another process held the ledger's write lock for longer than the busy timeout."""


class LedgerMissing(LedgerError):
    """The ledger file does not exist and was not to be created."""


def default_db_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The ledger file: $CLAIMS_DB, else ./claims.db."""
    return Path(environ.get(DB_ENV) or DEFAULT_DB)


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class LedgerFile:
    """An SQLite ledger file, created or upgraded on opening; safe for one writer at a time, others wait."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True):
        self.path = Path(path) if path is not None else default_db_path()
        if not create and not self.path.exists():
            raise LedgerMissing(f"no ledger at {self.path}: run `claims extract PATH` first")
        try:
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            with self._errors():
                self._configure()
                self._migrate()
        except sqlite3.Error as error:
            raise LedgerError(f"cannot open the ledger {self.path}: {error}") from error

    # --- connection, errors, transactions ----------------------------------------------------

    def _configure(self) -> None:
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
        with self._transaction():
            # another process may have created or upgraded the ledger while this one waited for the lock
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                return
            if version == 0:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                _add_saved_outputs(self.conn)
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

    def __enter__(self) -> LedgerFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading ---------------------------------------------------------------------------

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

    # --- saved outputs ---------------------------------------------------------------------

    def stamp(self, metrics: Sequence[str] | None = None) -> str:
        """The generations of these metrics (default: all) and of the copies: it changes whenever a
        claim of one of them is added, removed or changed."""
        query, params = "SELECT scope, n FROM generations", list(metrics or ())
        if metrics:
            query += f" WHERE scope IN ({', '.join('?' * (len(params) + 1))})"
            params.append("*")
        with self._errors():
            return json.dumps(sorted(self.conn.execute(query, params)))

    def saved_output(self, key: str, stamp: str) -> str | None:
        """The output saved under `key` if it was computed at `stamp`, else None."""
        with self._errors():
            row = self.conn.execute("SELECT body FROM outputs WHERE key = ? AND stamp = ?", (key, stamp)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8") if row else None

    def save_output(self, key: str, stamp: str, body: PackedText) -> None:
        """Keep an output for `saved_output` (the last KEPT_OUTPUTS); skipped, without waiting, when
        another process is writing or the ledger is read-only: it only saves time."""
        packed = body.packed()
        try:
            self.conn.execute("PRAGMA busy_timeout=0")
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            return
        finally:
            self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        try:
            self.conn.execute("INSERT OR REPLACE INTO outputs (key, stamp, body, stored_at) VALUES (?, ?, ?, ?)",
                              (key, stamp, packed, utc_now()))
            self.conn.execute("DELETE FROM outputs WHERE key NOT IN "
                              "(SELECT key FROM outputs ORDER BY stored_at DESC, rowid DESC LIMIT ?)", (KEPT_OUTPUTS,))
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
