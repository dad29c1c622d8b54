"""The ledger's stored judgments (schema 6): each quantity's judged figures and estimate, and each
`claims diff` output's share per quantity, kept until a claim of the quantity changes.

`scope_counts` counts the claims of each scope and marks a scope dirty when a claim of it is given
its scope or loses it (triggers on `claim_scopes`). The jobs turn dirty scopes into the quantities
they touch and drop what is stored for those (`drop_quantities`); the rest is read as stored. The
ledger knows nothing of how scopes make quantities: that is `jobs.judged`.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import Protocol

KEPT_JUDGES = 4
"""Judgments are kept for the last four judges (configuration, code and stale ratio) used."""
REFRESH_WAIT_MS = 2_000
"""How long a diff waits for another process's write to bring the judgments up to date, before it
reconciles in full without them."""
KEPT_OUTPUTS = 4
"""Output parts are kept for the four diff outputs (options, configuration, code, terminal) last saved to."""


class _Ledger(Protocol):
    conn: sqlite3.Connection

    def _errors(self) -> AbstractContextManager[None]: ...

    def stamp(self, metrics: Sequence[str] | None = None) -> str: ...

    def _select_in(self, sql: str, values: Sequence, size: int = 500, before: Sequence = ()) -> list[tuple]: ...


def pack(text: str) -> bytes:
    """Text as stored: compressed, quickly."""
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack(body: bytes) -> str:
    return zlib.decompress(body).decode("utf-8")


class JudgedStore:
    """Reading and writing the stored judgments; mixed into `Ledger`."""

    def scope_counts(self: _Ledger) -> dict[str, int]:
        """The number of claims of each scope that has any (after `fill_scopes`)."""
        with self._errors():
            return dict(self.conn.execute("SELECT scope, claims FROM scope_counts WHERE claims > 0"))

    def dirty_scopes(self: _Ledger) -> list[str]:
        """The scopes a claim was given or taken from since the marks were last cleared."""
        with self._errors():
            return [row[0] for row in self.conn.execute("SELECT scope FROM scope_counts WHERE dirty = 1")]

    def clear_dirty(self: _Ledger) -> None:
        """Clear the dirty marks (and forget scopes left without claims): inside a write transaction."""
        self.conn.execute("DELETE FROM scope_counts WHERE claims <= 0")
        self.conn.execute("UPDATE scope_counts SET dirty = 0 WHERE dirty = 1")

    def judged_state(self: _Ledger, name: str) -> str | None:
        """A value the jobs keep beside the judgments (the only sides they were read with ...)."""
        with self._errors():
            row = self.conn.execute("SELECT value FROM judged_state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_judged_state(self: _Ledger, name: str, value: str) -> None:
        """Inside a write transaction."""
        self.conn.execute("INSERT OR REPLACE INTO judged_state (name, value) VALUES (?, ?)", (name, value))

    def drop_quantities(self: _Ledger, quantities: Iterable[str]) -> None:
        """Forget what is stored for these quantities: inside a write transaction."""
        rows = [(quantity,) for quantity in quantities]
        self.conn.executemany("DELETE FROM judged WHERE quantity = ?", rows)
        self.conn.executemany("DELETE FROM output_parts WHERE quantity = ?", rows)

    def drop_all_judged(self: _Ledger) -> None:
        """Forget every stored judgment and output part: inside a write transaction."""
        self.conn.execute("DELETE FROM judged")
        self.conn.execute("DELETE FROM output_parts")

    def judged_estimates(self: _Ledger, judge: str, quantities: Sequence[str]) -> dict[str, str]:
        """Quantity -> its stored estimate (JSON), for those of `quantities` judged by `judge`."""
        sql = "SELECT quantity, estimate FROM judged WHERE judge = ? AND quantity IN ({marks})"
        return dict(self._select_in(sql, quantities, before=[judge]))

    def judged_group(self: _Ledger, judge: str, quantity: str) -> str | None:
        """The stored judged quantity (JSON), if any."""
        with self._errors():
            row = self.conn.execute("SELECT body FROM judged WHERE judge = ? AND quantity = ?", (judge, quantity)).fetchone()
        return _unpack(row[0]) if row else None

    def output_parts(self: _Ledger, output: str, quantities: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Quantity -> (context, text) of the parts stored for the diff output `output`, of these quantities."""
        sql = "SELECT quantity, context, body FROM output_parts WHERE output = ? AND quantity IN ({marks})"
        rows = self._select_in(sql, quantities, before=[output])
        return {quantity: (context, body) for quantity, context, body in rows}

    def save_judged(self: _Ledger, judge: str, judged: Sequence[tuple[str, str, bytes]],
                    parts: tuple[str, Sequence[tuple[str, str, bytes]]] | None, stamp: str, now: str) -> None:
        """Keep judged quantities (quantity, estimate JSON, `pack`ed group JSON) and an output's parts
        (output, [(quantity, context, `pack`ed text)]: a first diff's are as big as its output, so they
        wait compressed), if the ledger's claims are still as at `stamp`;
        skipped, without waiting, when another process is writing or the ledger is read-only: it only
        saves time."""
        with suppress(sqlite3.Error), write_now(self.conn) as conn:
            if conn is None or self.stamp() != stamp:
                return
            conn.executemany("INSERT OR REPLACE INTO judged (judge, quantity, estimate, body, stored_at) VALUES (?, ?, ?, ?, ?)",
                             ((judge, q, estimate, body, now) for q, estimate, body in judged))
            conn.execute("DELETE FROM judged WHERE judge NOT IN (SELECT judge FROM judged GROUP BY judge "
                         "ORDER BY max(stored_at) DESC, max(rowid) DESC LIMIT ?)", (KEPT_JUDGES,))
            if parts is not None:
                output, texts = parts
                conn.executemany("INSERT OR REPLACE INTO output_parts (output, quantity, context, body, stored_at) "
                                 "VALUES (?, ?, ?, ?, ?)", ((output, q, context, _unpack(text), now) for q, context, text in texts))
                conn.execute("DELETE FROM output_parts WHERE output NOT IN (SELECT output FROM output_parts "
                             "GROUP BY output ORDER BY max(stored_at) DESC, max(rowid) DESC LIMIT ?)", (KEPT_OUTPUTS,))


@contextmanager
def write_now(conn: sqlite3.Connection, wait_ms: int = 0) -> Iterator[sqlite3.Connection | None]:
    """A write transaction taken within `wait_ms`, or None when another process is still writing or
    the ledger is read-only; an error inside rolls it back and is raised."""
    if not _begin(conn, wait_ms):
        yield None
        return
    try:
        yield conn
    except BaseException:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _begin(conn: sqlite3.Connection, wait_ms: int) -> bool:
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    try:
        conn.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        conn.execute("BEGIN IMMEDIATE")
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout={timeout}")
