"""The configuration of a run, loaded once and passed to every stage as one frozen `Config`.

Five files make it: the metrics file (metrics, trigger words, sides, places: the packaged
`data/metrics.toml`, each of whose top-level tables a user's `--metrics FILE` may replace), the
nations and their words (`data/nations.toml`, the sides a figure can belong to when the metrics file
names none), the group rules (`data/groups.toml`), the publishers by web domain
(`data/publishers.toml`) and the producers of figures (`data/sources.toml`, which a user's
`--sources FILE` extends). Each is read
from disk once, when the `Config` is loaded; each is parsed once, when first used, so that a command
answered from the ledger alone (a saved `claims diff`) needs only the digest and never imports the
pydantic schema.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from karabakh_claims.config_schema import GroupRules, MetricsConfig, SourcesConfig

METRICS_FILE = "metrics.toml"
GROUPS_FILE = "groups.toml"
PUBLISHERS_FILE = "publishers.toml"
NATIONS_FILE = "nations.toml"
SOURCES_FILE = "sources.toml"


class ConfigError(ValueError):
    """A configuration file cannot be read or does not validate: one line naming the file."""


def packaged_text(name: str) -> str:
    """A data file shipped in the package."""
    return resources.files("karabakh_claims.data").joinpath(name).read_text("utf-8")


@dataclass(frozen=True)
class Config:
    """The configuration files as read, and what is parsed from them on first use."""

    metrics_text: str
    nations_text: str
    groups_text: str
    publishers_text: str
    overlay_path: str | None = None
    overlay_bytes: bytes | None = None
    sources_text: str = ""
    sources_path: str | None = None
    sources_bytes: bytes | None = None

    @cached_property
    def digest(self) -> str:
        """A short hash of the configuration that claims are read with (the metrics, nations and
        sources files and the user's own): claims read under another configuration are read again."""
        digest = hashlib.sha256(self.metrics_text.encode("utf-8"))
        digest.update(self.nations_text.encode("utf-8"))
        if self.overlay_bytes is not None:
            digest.update(self.overlay_bytes)
        digest.update(b"\0sources\0" + self.sources_text.encode("utf-8"))
        if self.sources_bytes is not None:
            digest.update(b"\0" + self.sources_bytes)
        return digest.hexdigest()[:8]

    @property
    def pipeline_version(self) -> str:
        """The version stored with every article and claim: the code's rules and the configuration's hash."""
        from karabakh_claims import PIPELINE_VERSION

        return f"{PIPELINE_VERSION}+{self.digest}"

    @property
    def metrics_name(self) -> str:
        """The metrics file as the user knows it: the overlay's path, else the packaged file's name."""
        return self.overlay_path or METRICS_FILE

    @property
    def metrics_source_text(self) -> str:
        """The text a pipeline saves to disk to be loaded again: the overlay, else the packaged file."""
        if self.overlay_bytes is not None:
            return self.overlay_bytes.decode("utf-8")
        return self.metrics_text

    @cached_property
    def metrics(self) -> MetricsConfig:
        """The validated metrics file: each top-level table of the overlay replaces the packaged one of
        the same name (a new crisis brings its [metrics] and [sides], and keeps the packaged English
        [attribution], [people] and [historical] word lists unless it gives its own)."""
        from karabakh_claims.config_schema import MetricsConfig

        try:
            tables = tomllib.loads(self.metrics_text)
            tables["nations"] = tomllib.loads(self.nations_text)
            if self.overlay_bytes is not None:
                tables.update(tomllib.loads(self.overlay_bytes.decode("utf-8")))
            return MetricsConfig.model_validate(tables)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as err:
            raise ConfigError(f"{self.metrics_name}: {err}") from err

    @property
    def sources_name(self) -> str:
        """The sources file as the user knows it: the user's path, else the packaged file's name."""
        return self.sources_path or SOURCES_FILE

    @cached_property
    def sources(self) -> SourcesConfig:
        """The validated sources file: the user's origins and bodies over the packaged ones."""
        from karabakh_claims.config_schema import SourcesConfig, merge_sources

        name = SOURCES_FILE
        try:
            tables = tomllib.loads(self.sources_text)
            if self.sources_bytes is not None:
                name = self.sources_name
                tables = merge_sources(tables, tomllib.loads(self.sources_bytes.decode("utf-8")))
            return SourcesConfig.model_validate(tables)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as err:
            raise ConfigError(f"{name}: {one_line(err)}") from err

    @cached_property
    def groups(self) -> GroupRules:
        """How subjects are read into classes, sub-groups and corrections (groups.toml)."""
        from karabakh_claims.config_schema import parse_group_rules

        return parse_group_rules(tomllib.loads(self.groups_text))

    @cached_property
    def publishers(self) -> dict[str, str]:
        """Publisher names by lower-case web domain (publishers.toml)."""
        table = tomllib.loads(self.publishers_text).get("domains", {})
        return {domain.lower(): name for domain, name in table.items()}

    def validated(self) -> Config:
        """This configuration, once its metrics and sources files are known to validate (raises ConfigError)."""
        _ = self.metrics
        _ = self.sources
        return self


def one_line(err: Exception) -> str:
    """An error's message on one line (pydantic's span several)."""
    return "; ".join(line.strip() for line in str(err).splitlines() if line.strip())


def _read_user_file(path: str | Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise ConfigError(f"{path}: {err}") from err


def load_config(metrics_path: str | Path | None = None, sources_path: str | Path | None = None) -> Config:
    """Read the packaged configuration files and the user's metrics and sources files, if any (raises
    ConfigError when one cannot be read)."""
    overlay = _read_user_file(metrics_path)
    sources = _read_user_file(sources_path)
    return Config(
        metrics_text=packaged_text(METRICS_FILE),
        nations_text=packaged_text(NATIONS_FILE),
        groups_text=packaged_text(GROUPS_FILE),
        publishers_text=packaged_text(PUBLISHERS_FILE),
        overlay_path=None if metrics_path is None else str(metrics_path),
        overlay_bytes=overlay,
        sources_text=packaged_text(SOURCES_FILE),
        sources_path=None if sources_path is None else str(sources_path),
        sources_bytes=sources,
    )
