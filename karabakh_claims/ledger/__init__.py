"""The ledger stage: one SQLite file of articles, claims, runs and stored judgments, behind one `Ledger`."""

from karabakh_claims.ledger.ledger import (
    Ledger,
    LedgerBusy,
    LedgerError,
    LedgerMissing,
    default_db_path,
)

__all__ = ["Ledger", "LedgerBusy", "LedgerError", "LedgerMissing", "default_db_path"]
