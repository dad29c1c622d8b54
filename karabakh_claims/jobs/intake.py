"""Reading paths into the ledger, the step `claims extract` and `claims check` share: files → articles →
claims, stored in the ledger as each article is done, parsed only when new or changed."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from karabakh_claims.config import Config
from karabakh_claims.models import Article, Claim, InputWarning, SkippedInput
from karabakh_claims.numbers.ceiling import ceiling_text, within_ceiling
from karabakh_claims.read.ingest import iter_articles

if TYPE_CHECKING:
    from karabakh_claims.ledger import Ledger
    from karabakh_claims.nlp.pipeline import Outcome

    Batch = list[tuple[Article, Outcome]]  # articles parsed together, in input order: stored in one transaction

WORKER_CHUNK = 4
"""Articles a worker process takes at a time with --jobs N (small: the last chunks keep all busy)."""
CHUNKS_AHEAD = 3
"""Chunks per worker process sent ahead of the output."""


class ClaimLedger(Protocol):
    def has_article(self, article_id: str, pipeline_version: str, file_hash: str | None = None) -> bool: ...
    def article_claims(self, article_id: str) -> list[Claim]: ...
    def replace_articles(self, items: Iterable[tuple[Article, list[Claim]]], pipeline_version: str,
                         run_id: int | None = None) -> None: ...


class ChunkParser(Protocol):
    """Parses the new articles elsewhere than this process and its pool: a cluster's workers (`jobs.cluster`)."""

    def batches(self, articles: Iterator[Article], all_mentions: bool) -> Iterator[Batch]: ...


@dataclass
class ExtractStats:
    """What one run did, for the summary line and the exit status."""

    articles: int = 0
    parsed: int = 0
    reused: int = 0
    claims: int = 0
    unparsed: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)

    @property
    def nothing_read(self) -> bool:
        """No article read, or none the pipeline could parse."""
        return self.articles == self.unparsed

    def counts(self) -> dict[str, int]:
        """What the ledger's `runs` table keeps of a run."""
        return {"articles": self.articles, "parsed": self.parsed, "reused": self.reused,
                "claims": self.claims, "skipped": len(self.skipped)}


@dataclass
class Extractor:
    """Runs extraction over inputs; reuses the ledger's claims for articles it has already read."""

    config: Config
    ledger: ClaimLedger | None = None
    run_id: int | None = None
    all_mentions: bool = False
    jobs: int = 1
    workers: ChunkParser | None = None
    """When given, the new articles are parsed there and `jobs` is not used."""
    batch_size: int = 16
    max_bytes: int = 20_000_000
    on_skip: Callable[[SkippedInput], None] = lambda skipped: None
    """Each input skipped, and each read with a warning (an InputWarning, not counted as skipped)."""
    on_warn: Callable[[SkippedInput], None] = lambda skipped: None
    """Gets each figure above the ceiling (`numbers.ceiling`): not a claim, one line, the batch goes on."""
    on_article: Callable[[], None] = lambda: None
    on_read: Callable[[Article], None] = lambda article: None
    stats: ExtractStats = field(default_factory=ExtractStats)
    _nlp: object = None

    def run(self, paths: Iterable[str]) -> Iterator[Claim]:
        """Claims of every article under `paths`, in input order, article by article.

        Articles already in the ledger are reused without loading the model; the first new one
        starts a single stream through the pipeline for the rest of the run, so that spaCy's
        batches (and the worker processes with `jobs` > 1) last the whole run.
        """
        articles = self._articles(paths)
        for article in articles:
            if self._known(article):
                yield from self._reuse(article)
            else:
                yield from self._parse(itertools.chain([article], articles))
                return

    def _articles(self, paths: Iterable[str]) -> Iterator[Article]:
        for item in iter_articles(paths, self.config, max_bytes=self.max_bytes):
            if isinstance(item, SkippedInput):
                if not isinstance(item, InputWarning):  # a warning's input is read all the same
                    self.stats.skipped.append(item)
                self.on_skip(item)
                continue
            self.stats.articles += 1
            self.on_read(item)
            yield item

    def _known(self, article: Article) -> bool:
        if self.ledger is None or self.all_mentions:
            return False
        return self.ledger.has_article(article.id, self.config.pipeline_version, article.file_hash)

    def _reuse(self, article: Article) -> Iterator[Claim]:
        claims = self.ledger.article_claims(article.id) if self.ledger else []
        self.stats.reused += 1
        self.stats.claims += len(claims)
        self.on_article()
        yield from claims

    def _parse(self, articles: Iterator[Article]) -> Iterator[Claim]:
        """Parse the new articles in one stream, each batch stored in one transaction before its claims
        are given; the known ones between them are reused in order."""
        reused_before: dict[str, list[Article]] = {}  # new article id -> known articles just before it
        known: list[Article] = []

        def new_articles() -> Iterator[Article]:
            nonlocal known
            for article in articles:
                if self._known(article):
                    known.append(article)
                else:
                    reused_before[article.id], known = known, []
                    yield article

        for batch in self._batches_of(new_articles()):
            checked = self._checked(batch)
            if self.ledger is not None and not self.all_mentions:
                stored = [(article, claims) for article, claims in checked if claims is not None]
                if stored:
                    self.ledger.replace_articles(stored, self.config.pipeline_version, self.run_id)
            for article, claims in checked:
                for earlier in reused_before.pop(article.id):
                    yield from self._reuse(earlier)
                if claims is not None:
                    self.stats.parsed += 1
                    self.stats.claims += len(claims)
                    self.on_article()
                    yield from claims
        for earlier in known:
            yield from self._reuse(earlier)

    def _checked(self, batch: Batch) -> list[tuple[Article, list[Claim] | None]]:
        """The batch's claims within the ceiling, None for an article the pipeline failed on (reported)."""
        checked: list[tuple[Article, list[Claim] | None]] = []
        for article, claims in batch:
            if isinstance(claims, str):
                self._unparsed(article, claims)
                checked.append((article, None))
            else:
                checked.append((article, self._within_ceiling(claims)))
        return checked

    def _within_ceiling(self, claims: list[Claim]) -> list[Claim]:
        """The claims whose figure is within the ceiling of its unit; each other one goes to `on_warn`."""
        kept = []
        for claim in claims:
            if not claim.metric or within_ceiling(claim.value, claim.low, claim.high, claim.unit):
                kept.append(claim)
            else:
                reason = f"figure {claim.text!r} is above the ceiling of {ceiling_text(claim.unit)}: not a claim"
                self.on_warn(InputWarning(file=claim.file, line=claim.line, reason=reason))
        return kept

    def _unparsed(self, article: Article, reason: str) -> None:
        """An article the pipeline failed on: one line, nothing stored, and the batch goes on."""
        skipped = SkippedInput(file=article.file, reason=reason, line=article.line if article.line > 1 else None)
        self.stats.unparsed += 1
        self.stats.skipped.append(skipped)
        self.on_skip(skipped)
        self.on_article()

    def _batches_of(self, articles: Iterator[Article]) -> Iterator[Batch]:
        """The articles with their claims (or why they could not be parsed), in input order, in batches
        stored one transaction each: one article at a time in this process, a chunk at a time from
        `jobs` worker processes or from `workers`."""
        if self.workers is not None:
            yield from self.workers.batches(articles, self.all_mentions)
        elif self.jobs > 1:
            yield from self._claims_in_workers(articles)
        else:
            from karabakh_claims.nlp.pipeline import article_claims

            outcomes = article_claims(self.nlp, articles, all_mentions=self.all_mentions, batch_size=self.batch_size)
            yield from ([outcome] for outcome in outcomes)

    def _claims_in_workers(self, articles: Iterator[Article]) -> Iterator[Batch]:
        """`jobs` worker processes take chunks of articles and return their claim records (docs
        never cross processes). The articles are read here, a few chunks ahead of the output only,
        so that memory does not grow with the corpus; ledger and output stay in this process."""
        import multiprocessing

        from karabakh_claims.nlp.pipeline import init_worker, worker_claims

        if "fork" in multiprocessing.get_all_start_methods():
            # the workers inherit the pipeline loaded here: one model load for the whole run
            context, initargs = multiprocessing.get_context("fork"), (self.nlp, None)
        else:
            context, initargs = multiprocessing.get_context("spawn"), (None, self.config)
        chunk_size = WORKER_CHUNK
        in_flight: deque[tuple[list[Article], object]] = deque()
        with context.Pool(self.jobs, initializer=init_worker, initargs=initargs) as pool:
            while True:
                while len(in_flight) < self.jobs * CHUNKS_AHEAD:
                    chunk = list(itertools.islice(articles, chunk_size))
                    if not chunk:
                        break
                    in_flight.append((chunk, pool.apply_async(worker_claims, (chunk, self.all_mentions))))
                if not in_flight:
                    break
                chunk, pending = in_flight.popleft()
                yield list(zip(chunk, _outcomes(pending, len(chunk))))
            pool.close()
            pool.join()

    @property
    def nlp(self):
        """The spaCy pipeline, loaded on first need (never for a run with nothing new to read)."""
        if self._nlp is None:
            from karabakh_claims.nlp.pipeline import load_nlp

            self._nlp = load_nlp(self.config)
        return self._nlp


def _outcomes(pending, count: int) -> list[list[Claim] | str]:
    """A worker's answer for its chunk; if the worker itself failed, that reason for each article."""
    from karabakh_claims.nlp.pipeline import failure

    try:
        return pending.get()
    except Exception as err:
        return [failure(err)] * count


def read_into_ledger(ledger: Ledger, paths: Sequence[str], config: Config,
                     **options) -> tuple[Iterator[Claim], ExtractStats]:
    """The claims of every article under `paths`, stored in the ledger as they come, within one run
    recorded in the ledger's `runs` table (finished once the claims are all consumed), and the
    statistics of the run as it goes. `options` are those of `Extractor`."""
    run_id = ledger.start_run(config.pipeline_version, paths)
    extractor = Extractor(config=config, ledger=ledger, run_id=run_id, **options)

    def claims() -> Iterator[Claim]:
        yield from extractor.run(paths)
        ledger.finish_run(run_id, extractor.stats.counts())

    return claims(), extractor.stats
