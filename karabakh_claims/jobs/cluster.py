"""Extraction on a Dask cluster (`claims extract --cluster ADDRESS`): the workers parse chunks of
articles with the same pipeline, loaded once per worker process, and send back claim records; the
driver reads the articles, skips the unchanged ones and keeps the ledger and the output, as a local run.

ADDRESS is a Dask scheduler (`tcp://host:8786`, or `host:8786`), or `local:N` for a cluster of N
worker processes started on this machine for the run."""

from __future__ import annotations

import ctypes
import dataclasses
import itertools
import logging
import os
import re
import threading
import time
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from karabakh_claims.config import Config, one_line
from karabakh_claims.jobs.errors import JobError
from karabakh_claims.models import Article

if TYPE_CHECKING:
    from distributed import Client, Future

    from karabakh_claims.nlp.pipeline import Outcome

CONNECT_TIMEOUT = 5.0
"""Seconds to reach the scheduler, and to wait for its first worker."""
CHUNK = 8
"""Articles a worker takes at a time; the claims of a chunk are stored in one transaction."""
CHUNKS_AHEAD = 3
"""Chunks per worker thread sent ahead of the output (the articles held here stay few)."""
WAIT_STEP = 5.0
"""Seconds between looks at the cluster while a chunk is awaited: a cluster without workers is an error."""
LOCAL = re.compile(r"local:(\d+)")
MAX_LOCAL_WORKERS = 64
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
"""glibc's `mallopt` parameters (malloc.h)."""


class ClusterError(JobError):
    """A cluster that cannot be reached, has no workers (left) or is lost: one line, exit status 2."""


def local_workers(address: str) -> int | None:
    """N for `local:N`, None for a scheduler's address; raises ValueError, one line, for anything else."""
    match = LOCAL.fullmatch(address)
    if match is not None:
        workers = int(match.group(1))
        if not 1 <= workers <= MAX_LOCAL_WORKERS:
            raise ValueError(f"{address!r}: a local cluster has 1 to {MAX_LOCAL_WORKERS} worker processes")
        return workers
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        if address.startswith("local:"):
            raise ValueError("N is a number of worker processes")
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as err:
        raise ValueError(f"{address!r} is not the address of a Dask scheduler (tcp://host:8786) "
                         f"or local:N: {one_line(err)}") from None
    return None


# --- on the workers ------------------------------------------------------------------------------
# A worker process keeps the pipeline of each configuration it has been given, for as long as it lives.

_pipelines: dict[tuple, object] = {}
_lock = threading.Lock()
_counts: Counter[str] = Counter()


def parse_chunk(articles: list[Article], config: Config, all_mentions: bool) -> list[Outcome]:
    """On a worker: the claims of each article (or why it could not be parsed), in order."""
    from karabakh_claims.nlp.pipeline import article_claims, load_nlp

    key = (config.digest, config.overlay_path, config.sources_path)
    with _lock:  # one parse at a time per process: a spaCy pipeline is not shared between threads
        nlp = _pipelines.get(key)
        if nlp is None:
            _allocate_as_usual()
            nlp = _pipelines[key] = load_nlp(config)
            _counts["loads"] += 1
        _counts["chunks"] += 1
        _counts["articles"] += len(articles)
        results = article_claims(nlp, articles, all_mentions=all_mentions, batch_size=max(1, len(articles)))
        return [outcome for _, outcome in results]


def _allocate_as_usual() -> None:
    """Undo what MALLOC_TRIM_THRESHOLD_, which Dask's nanny sets for its workers, does to glibc's malloc:
    it also fixes the mmap threshold at 128 KiB, so the parser's arrays are mapped and unmapped again
    at every turn (a quarter more CPU time, much of it in the kernel). The thresholds are set to the
    highest glibc would reach by itself: 32 MiB to map, twice that to give memory back."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 32 * 2**20)
        libc.mallopt(M_TRIM_THRESHOLD, 64 * 2**20)
    except (OSError, AttributeError):  # not glibc
        return


def worker_counts() -> dict[str, int]:
    """On a worker: pipelines loaded, chunks and articles parsed since the process started."""
    return {name: _counts[name] for name in ("loads", "chunks", "articles")}


# --- on the driver -------------------------------------------------------------------------------

@dataclass
class _Sent:
    """A chunk sent to the cluster: its future until its outcomes are here."""

    chunk: list[Article]
    future: Future | None
    outcomes: list[Outcome] | None = None


@dataclass
class ClusterParser:
    """Sends chunks of articles to the cluster's workers and gives back their outcomes in input order."""

    client: Client
    config: Config
    address: str
    chunk_size: int = CHUNK
    task: Callable[[list[Article], Config, bool], list[Outcome]] = parse_chunk
    """What a worker runs on a chunk: `parse_chunk`, or a stand-in in tests."""
    _shared_config: Future | None = field(default=None, init=False)

    def batches(self, articles: Iterator[Article], all_mentions: bool) -> Iterator[list[tuple[Article, Outcome]]]:
        """Each chunk of `articles` with its outcomes, chunk after chunk in input order; a few chunks
        per worker thread are read and sent ahead, so that memory does not grow with the corpus."""
        in_flight: deque[_Sent] = deque()
        while True:
            window = self._threads() * CHUNKS_AHEAD
            while len(in_flight) < window:
                chunk = list(itertools.islice(articles, self.chunk_size))
                if not chunk:
                    break
                in_flight.append(_Sent(chunk, self._submit(chunk, all_mentions)))
            if not in_flight:
                return
            self._wait_for_first(in_flight)
            sent = in_flight.popleft()
            yield list(zip(sent.chunk, sent.outcomes))

    def _submit(self, chunk: list[Article], all_mentions: bool) -> Future:
        if self._shared_config is None:
            # sent once to every worker, without what this process has parsed from it
            self._shared_config = self.client.scatter(dataclasses.replace(self.config), broadcast=True, hash=False)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sending large graph")  # long articles are large arguments
            return self.client.submit(self.task, chunk, self._shared_config, all_mentions, pure=False)

    def _wait_for_first(self, in_flight: deque[_Sent]) -> None:
        """Until the first chunk's outcomes are here; the others' are fetched as they come, so that
        a worker that dies later loses none. Raises ClusterError when the cluster has no workers left."""
        from distributed import wait

        while in_flight[0].outcomes is None:
            try:
                with self.client.as_current():
                    wait([sent.future for sent in in_flight if sent.outcomes is None], timeout=WAIT_STEP,
                         return_when="FIRST_COMPLETED")
            except TimeoutError:
                if self._threads() == 0:
                    raise ClusterError(f"the cluster at {self.address} has no workers left; the articles done are "
                                       "stored: run again when it has workers") from None
                continue
            except Exception as err:  # cancelled: the scheduler is gone, or a chunk was cancelled there
                self._lost(err)
            for sent in in_flight:
                if sent.outcomes is None and sent.future.done():
                    sent.outcomes, sent.future = self._outcomes(sent.future, len(sent.chunk)), None

    def _outcomes(self, future: Future, count: int) -> list[Outcome]:
        """A finished chunk's outcomes; when it failed (it raised, or its worker died), that reason for
        each of its articles. Raises ClusterError when the cluster itself is gone."""
        try:
            return future.result()
        except Exception as err:
            self._lost(err)
            if type(err).__name__ == "KilledWorker":
                return ["not parsed: its worker process died"] * count
            from karabakh_claims.nlp.pipeline import failure  # spaCy is imported here only when a chunk failed

            return [failure(err)] * count

    def _lost(self, err: Exception) -> None:
        """Raises ClusterError when the connection to the scheduler is gone."""
        if self.client.status != "running":
            raise ClusterError(f"lost the connection to the cluster at {self.address}; the articles done are stored: "
                               "run again to go on") from err

    def _threads(self) -> int:
        """The worker threads the cluster has now."""
        try:
            return sum(self.client.nthreads().values())
        except Exception as err:
            raise ClusterError(f"lost the connection to the cluster at {self.address}: {one_line(err)}") from err


@contextmanager
def cluster_parser(address: str, config: Config, timeout: float = CONNECT_TIMEOUT) -> Iterator[ClusterParser]:
    """A connection to the cluster at `address` (`local:N`: a cluster started here for the run), with
    one worker at least; raises ClusterError, one line, when it cannot be had within `timeout` seconds."""
    try:
        from distributed import LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'karabakh-claims[cluster]'") from None

    _quiet("distributed")
    try:
        workers = local_workers(address)
    except ValueError as err:
        raise ClusterError(str(err)) from None
    local = None
    try:
        if workers is not None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Port .* is already in use")  # its web page: none is used
                local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=logging.ERROR)
        client = _connect(local or address, address, timeout)
    except BaseException:
        if local is not None:
            local.close()
        raise
    try:
        yield ClusterParser(client, config, address)
    finally:
        client.close()
        if local is not None:
            local.close()


def _quiet(package: str) -> None:
    """No log records from `package` and its modules: what goes wrong is said here, in one line."""
    names = [name for name in logging.root.manager.loggerDict if name.startswith(f"{package}.")]
    for name in (package, *names):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _connect(where, address: str, timeout: float) -> Client:
    """A client of the scheduler (or the local cluster) `where`, once it has a worker."""
    from distributed import Client

    started = time.monotonic()
    try:
        client = Client(where, timeout=timeout, set_as_default=False)
    except (OSError, ValueError, TypeError) as err:
        raise ClusterError(f"cannot reach the cluster at {address}: {one_line(err)}") from None
    try:
        client.wait_for_workers(1, timeout=max(0.5, timeout - (time.monotonic() - started)))
    except Exception:
        client.close()
        raise ClusterError(f"the cluster at {address} has no workers: start some (dask worker {address})") from None
    return client
