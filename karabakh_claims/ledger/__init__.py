"""The ledger stage: one SQLite file of articles, claims, runs and saved outputs, behind one `Ledger`."""

from karabakh_claims.ledger.ledger import (
    Ledger,
    LedgerBusy,
    LedgerError,
    LedgerMissing,
    PackedText,
    default_db_path,
)

__all__ = ["Ledger", "LedgerBusy", "LedgerError", "LedgerMissing", "PackedText", "default_db_path"]
