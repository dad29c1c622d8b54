"""What stored and saved results depend on: the configuration in force and the code, as short hashes.

Kept apart from `lexicon` (which validates the configuration with pydantic) so that a command
answered from the ledger alone does not import the models.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

DEFAULT_LEXICON = "metrics.toml"


class LexiconError(ValueError):
    """The configuration file cannot be read or does not validate."""


def packaged_text() -> str:
    return resources.files("karabakh_claims.data").joinpath(DEFAULT_LEXICON).read_text("utf-8")


def lexicon_digest(path: str | Path | None = None) -> str:
    """A short hash of the configuration in force (the packaged file and the user's overlay): claims
    read under another configuration are read again."""
    digest = hashlib.sha256(packaged_text().encode("utf-8"))
    if path is not None:
        try:
            digest.update(Path(path).read_bytes())
        except OSError as err:
            raise LexiconError(f"{path}: {err}") from err
    return digest.hexdigest()[:8]


def code_digest() -> str:
    """A short hash of the package's own files (code and data): outputs saved by another build are not reused."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*")):
        if path.suffix in (".py", ".toml"):
            digest.update(path.name.encode("utf-8") + path.read_bytes())
    return digest.hexdigest()[:12]


def pipeline_version(path: str | Path | None = None) -> str:
    """The version stored with every article and claim: the code's rules and the configuration's hash."""
    from karabakh_claims import PIPELINE_VERSION

    return f"{PIPELINE_VERSION}+{lexicon_digest(path)}"


