"""The spaCy components of the claims stage, registered as factories, and the extensions they fill.

- `claims_line_breaks` (before the parser): a line break always ends a sentence;
- `claims_quantities`: every number phrase, as spans in `doc.spans["claims_quantities"]` with the
  reading on `Span._.quantity` and its kind on `Span._.number_kind`;
- `claims_semantics`: what each number counts, on `Span._.metric`, `subject`, `side`, `place`,
  `source`, `origin` (with `origin_kind`, `origin_side`, `retracted`), `as_of`, `historical`,
  `projection`, and `Span._.dropped` (why a number is not a claim); it reads `Doc._.publisher` and
  `Doc._.source_file` for the origin of a figure the text attributes to no one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from karabakh_claims.config import METRICS_FILE, SOURCES_FILE, Config, load_config
from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.models import Quantity
from karabakh_claims.nlp.document import Analyzer, analyse_doc, doc_text
from karabakh_claims.nlp.mention import Facts
from karabakh_claims.nlp.tree import CACHE_KEY
from karabakh_claims.numbers import find_quantities, parse_quantity
from karabakh_claims.numbers.transitions import split_transition

SPANS_KEY = "claims_quantities"
ANALYSED_KEY = ("claims", "analysed")
"""Set in the doc's user data once the semantic stage has written the facts of its spans."""
LINE_BREAK = re.compile("\n")
MAX_RUN = 200
"""The longest run of tokens without a sentence end that a line keeps as one sentence."""
SENTENCE_END_MARKS = (".", "!", "?")
SPAN_FIELDS = ("quantity", "number_kind", "metric", "subject", "side", "place", "source", "source_text", "origin",
               "origin_kind", "origin_side", "retracted", "as_of", "as_of_basis", "historical", "projection", "dropped")

for _name in ("published", "skip_spans", "publisher", "source_file"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in (*SPAN_FIELDS, "transition"):
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
    """Starts a sentence after every line break, so headlines and datelines stand alone, and within a
    line after every `MAX_RUN` tokens without a sentence end (".", "!", "?"), so that no sentence (and
    no walk of the parse tree around a number) grows with the text: a line of 100,000 numbers is
    read as sentences of `MAX_RUN` tokens."""

    def __call__(self, doc: Doc) -> Doc:
        breaks = _tokens_with_line_breaks(doc)
        for i in breaks:
            token = doc[i]
            if i + 1 < len(doc) and (token.is_space or token.whitespace_):
                doc[i + 1].is_sent_start = True
        bounds = [0, *(i + 1 for i in breaks), len(doc)]
        long_lines = [(start, end) for start, end in zip(bounds, bounds[1:]) if end - start > MAX_RUN]
        if long_lines:
            orths = doc.to_array(ORTH).tolist()
            for start, end in long_lines:
                _cap_run(doc, orths, start, end)
        return doc


def _cap_run(doc: Doc, orths: list[int], start: int, end: int) -> None:
    """A sentence start after every `MAX_RUN` tokens of doc[start:end] that hold no sentence end."""
    ends = {doc.vocab.strings[mark] for mark in SENTENCE_END_MARKS}
    run = 0
    for i in range(start, end):
        if run >= MAX_RUN:
            doc[i].is_sent_start = True
            run = 0
        run = 0 if orths[i] in ends else run + 1


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
        text = doc_text(doc)
        for found in find_quantities(text, about_margin=self.about_margin):
            ends = split_transition(found, text, self._reader) or [(found, None)]
            for part, transition in ends:
                span = doc.char_span(part.start, part.end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                fields = span._
                fields.quantity = part.quantity
                fields.number_kind = part.kind
                if transition is not None:
                    fields.transition = transition
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc

    def _reader(self, phrase: str):
        return parse_quantity(phrase, about_margin=self.about_margin)

def _write_facts(span: Span, facts: Facts, whole: bool) -> None:
    """A span's facts: the fields that hold something (one left unwritten reads as None all the same,
    and most numbers are no claims); every field when `whole`: a span written before shares its
    offsets, and so its fields (the last one written gives them all, as it always did), or an earlier
    run of the stage on the doc wrote them."""
    fields = span._
    for name in SPAN_FIELDS[2:]:
        value = getattr(facts, name)
        if value is not None or whole:
            setattr(fields, name, value)


@Language.factory("claims_semantics", default_config={"metrics_path": None, "sources_path": None})
def make_semantics(nlp: Language, name: str, metrics_path: str | None, sources_path: str | None) -> ClaimSemantics:
    """The semantics component; its metrics and sources files are read when first needed, unless `use`
    gives it a loaded configuration first (as `load_nlp` does)."""
    return ClaimSemantics(metrics_path, sources_path)


class ClaimSemantics:
    """Decides which numbers are claims, what they count and who produced them, from the configuration in force."""

    def __init__(self, metrics_path: str | None = None, sources_path: str | None = None):
        self.metrics_path = metrics_path
        self.sources_path = sources_path
        self.config: Config | None = None
        self.analyzer: Analyzer | None = None

    def use(self, config: Config) -> ClaimSemantics:
        """Read with this loaded configuration."""
        self.config = config
        self.analyzer = Analyzer(config.metrics, config.sources, config.groups)
        return self

    @property
    def metrics(self) -> MetricsConfig:
        if self.config is None:
            self.use(load_config(self.metrics_path, self.sources_path))
        return self.config.metrics

    def __call__(self, doc: Doc) -> Doc:
        metrics = self.metrics
        rewrite = doc.user_data.get(ANALYSED_KEY, False)
        written: set[tuple[int, int]] = set()
        for span, facts in analyse_doc(doc, metrics, self.analyzer):
            offsets = (span.start_char, span.end_char)
            _write_facts(span, facts, rewrite or offsets in written)
            written.add(offsets)
        doc.user_data[ANALYSED_KEY] = True
        doc.user_data.pop(CACHE_KEY, None)  # tokens: never serialized with the doc
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        _ = self.metrics
        (path / METRICS_FILE).write_text(self.config.metrics_source_text, encoding="utf-8")
        if self.config.sources_bytes is not None:
            (path / SOURCES_FILE).write_bytes(self.config.sources_bytes)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> ClaimSemantics:
        self.metrics_path = str(Path(path) / METRICS_FILE)
        sources = Path(path) / SOURCES_FILE
        self.sources_path = str(sources) if sources.exists() else None
        return self.use(load_config(self.metrics_path, self.sources_path))
