"""The ledger's SQLite schema, its version and the migrations of older ledgers (docs/ledger.md)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 7

FOLDER = "rtrim(path, replace(path, '/', ''))"
"""An article's path up to and including its last '/' (SQLite's rtrim drops the trailing characters
that are not '/'); indexed since schema 7."""

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
    source_text TEXT,
    origin TEXT,
    origin_kind TEXT,
    origin_side TEXT,
    retracted INTEGER NOT NULL DEFAULT 0,
    as_of TEXT,
    historical INTEGER NOT NULL DEFAULT 0,
    projection INTEGER NOT NULL DEFAULT 0,
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

def add_saved_outputs(conn: sqlite3.Connection) -> None:
    for statement in SAVED_OUTPUTS:
        conn.execute(statement)


def add_source_text_and_projection(conn: sqlite3.Connection) -> None:
    """Schema 3: the source as the sentence words it, and the projection flag (claims read before keep
    null and 0 until their article is read again, which a new pipeline version makes happen)."""
    conn.execute("ALTER TABLE claims ADD COLUMN source_text TEXT")
    conn.execute("ALTER TABLE claims ADD COLUMN projection INTEGER NOT NULL DEFAULT 0")


def add_origins(conn: sqlite3.Connection) -> None:
    """Schema 4: the origin of each figure (who produced it, its kind and side) and the retracted flag
    (claims read before keep null and 0 until their article is read again)."""
    for column in ("origin TEXT", "origin_kind TEXT", "origin_side TEXT", "retracted INTEGER NOT NULL DEFAULT 0"):
        conn.execute(f"ALTER TABLE claims ADD COLUMN {column}")


SCOPES: tuple[str, ...] = (
    "CREATE TABLE claim_scopes (claim INTEGER PRIMARY KEY, scope TEXT NOT NULL)",
    "CREATE INDEX claim_scopes_scope ON claim_scopes (scope, claim)",
    "CREATE TABLE scopes_pending (claim INTEGER PRIMARY KEY)",
    "CREATE TABLE scope_rules (id INTEGER PRIMARY KEY CHECK (id = 1), digest TEXT NOT NULL)",
    "CREATE TRIGGER scope_added AFTER INSERT ON claims WHEN NEW.metric IS NOT NULL "
    "BEGIN INSERT OR REPLACE INTO scopes_pending (claim) VALUES (NEW.id); END",
    "CREATE TRIGGER scope_removed AFTER DELETE ON claims "
    "BEGIN DELETE FROM claim_scopes WHERE claim = OLD.id; DELETE FROM scopes_pending WHERE claim = OLD.id; END",
    "CREATE TRIGGER scope_changed AFTER UPDATE ON claims BEGIN DELETE FROM claim_scopes WHERE claim = OLD.id; "
    "DELETE FROM scopes_pending WHERE claim = OLD.id; "
    "INSERT INTO scopes_pending (claim) SELECT NEW.id WHERE NEW.metric IS NOT NULL; END",
    "INSERT INTO scopes_pending (claim) SELECT id FROM claims WHERE metric IS NOT NULL",
)
"""Schema 5: each claim's scope (`reconcile.scopes`: the quantity its own fields give, as the group
rules whose digest `scope_rules` holds read it), so that `claims check` finds the claims of the
quantities a few articles touch by index. Claims added or changed wait in `scopes_pending` until the
next check gives them their scope; a claim's scope goes with it."""


def add_scopes(conn: sqlite3.Connection) -> None:
    for statement in SCOPES:
        conn.execute(statement)


JUDGED: tuple[str, ...] = (
    "CREATE TABLE scope_counts (scope TEXT PRIMARY KEY, claims INTEGER NOT NULL, dirty INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TRIGGER scope_counted AFTER INSERT ON claim_scopes BEGIN INSERT INTO scope_counts (scope, claims, dirty) "
    "VALUES (NEW.scope, 1, 1) ON CONFLICT (scope) DO UPDATE SET claims = claims + 1, dirty = 1; END",
    "CREATE TRIGGER scope_uncounted AFTER DELETE ON claim_scopes "
    "BEGIN UPDATE scope_counts SET claims = claims - 1, dirty = 1 WHERE scope = OLD.scope; END",
    "INSERT INTO scope_counts (scope, claims, dirty) SELECT scope, count(*), 1 FROM claim_scopes GROUP BY scope",
    "CREATE TABLE judged (judge TEXT NOT NULL, quantity TEXT NOT NULL, stored_at TEXT NOT NULL, estimate TEXT NOT NULL, "
    "body BLOB NOT NULL, PRIMARY KEY (judge, quantity))",
    "CREATE INDEX judged_quantity ON judged (quantity)",
    "CREATE TABLE output_parts (output TEXT NOT NULL, quantity TEXT NOT NULL, stored_at TEXT NOT NULL, "
    "context TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (output, quantity))",
    "CREATE INDEX output_parts_quantity ON output_parts (quantity)",
    "CREATE TABLE judged_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "DROP TABLE outputs",
)
"""Schema 6: stored judgments (`ledger.judged`). `scope_counts` counts each scope's claims and marks it
dirty when one is given or loses its scope; `judged` holds each quantity's judged figures and estimate
per judge (a hash of the configuration, the code and the stale ratio), `output_parts` each diff
output's share per quantity with the context it was rendered in (bodies last, so that
the other columns are read without them), `judged_state` what the jobs read
them with (the metrics' only sides, the copies' generation). They replace schema 2's whole saved
outputs (`outputs`)."""


def add_judged(conn: sqlite3.Connection) -> None:
    for statement in JUDGED:
        conn.execute(statement)


def add_folder_index(conn: sqlite3.Connection) -> None:
    """Schema 7: the articles by folder (`FOLDER`), so that `claims check PATH` finds the folders the
    ledger's paths name, and the articles of those near the checked paths, without reading every path."""
    conn.execute(f"CREATE INDEX articles_folder ON articles ({FOLDER})")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: add_saved_outputs, 2: add_source_text_and_projection, 3: add_origins, 4: add_scopes, 5: add_judged,
    6: add_folder_index,
}
"""Upgrades of older ledgers: MIGRATIONS[n] takes a ledger at version n to n + 1."""
