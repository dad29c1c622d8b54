"""The extract job (`claims extract`): the claims of every article under the paths, stored and written out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import IO, TYPE_CHECKING

from karabakh_claims.config import Config
from karabakh_claims.jobs.intake import ExtractStats, read_into_ledger
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import SkippedInput
from karabakh_claims.render.claims import write_claims
from karabakh_claims.render.progress import Step, no_step

if TYPE_CHECKING:
    from rich.console import Console


def extract(ledger: Ledger, paths: Sequence[str], config: Config, *, fmt: str, out: IO[str],
            console: Console | None = None, all_mentions: bool = False, jobs: int = 1, cluster: str | None = None,
            max_bytes: int, on_skip: Callable[[SkippedInput], None], step: Step = no_step) -> ExtractStats:
    """Read the articles under `paths` into the ledger (only new or changed ones are parsed) and write
    their claims in format `fmt` (a table on `console`, else records to `out`); with `all_mentions`,
    every numeric mention is written and nothing is stored. Inputs that cannot be read and figures
    above the ceiling go to `on_skip`. With `cluster` (a Dask scheduler's address, or `local:N`), the
    new articles are parsed by the cluster's workers instead of `jobs` processes here (`jobs.cluster`)."""
    with _workers(cluster, config) as workers:
        claims, stats = read_into_ledger(ledger, paths, config, all_mentions=all_mentions, jobs=jobs, workers=workers,
                                         max_bytes=max_bytes, on_skip=on_skip, on_warn=on_skip,
                                         on_article=step("reading articles"))
        write_claims(claims, fmt, out, console)
    return stats


def _workers(cluster: str | None, config: Config):
    """The cluster's workers for the run (connected first, so that a bad address costs nothing), or none."""
    if cluster is None:
        return nullcontext()
    from karabakh_claims.jobs.cluster import cluster_parser

    return cluster_parser(cluster, config)
