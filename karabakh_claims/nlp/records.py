"""Claim records from a parsed article: one pydantic `Claim` per numeric mention, repeats of one figure linked."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from spacy.tokens import Doc, Span
from spacy.tokens.underscore import Underscore

from karabakh_claims.models import BUILT_FORMATS, Article, Claim, Qualifier
from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.nlp.document import doc_text

AS_OF_PREFERENCE = {"explicit": 0, "narrative": 1, "published": 2, None: 3}
HEDGE_SIDE = {Qualifier.more_than: "above", Qualifier.at_least: "above", Qualifier.nearly: "below",
              Qualifier.up_to: "below", Qualifier.less_than: "below", Qualifier.range: "range", Qualifier.vague: "vague"}
"""Which way a qualifier hedges; exact and about figures are points ("7,000" in a headline, "some 7,000" below it)."""


def claims_from_doc(doc: Doc, article: Article, *, all_mentions: bool = False) -> list[Claim]:
    """The pydantic records of one parsed article: claims only, or every numeric mention."""
    return link_repeats(*mentions_of_doc(doc, article, all_mentions=all_mentions))


def claims_from_pieces(docs: Iterable[tuple[Doc, Article]], *, all_mentions: bool = False) -> list[Claim]:
    """The records of one article parsed in pieces (each doc with its piece), repeats linked across them."""
    claims: list[Claim] = []
    bases: list[str | None] = []
    for doc, piece in docs:
        more, more_bases = mentions_of_doc(doc, piece, all_mentions=all_mentions)
        claims += more
        bases += more_bases
    return link_repeats(claims, bases)


def mentions_of_doc(doc: Doc, article: Article, *, all_mentions: bool = False) -> tuple[list[Claim], list[str | None]]:
    """The records of one parsed doc before repeats are linked, and the basis of each one's as-of date."""
    spans = [s for s in doc.spans[SPANS_KEY] if all_mentions or _is_claim(s._)]
    text = doc_text(doc)
    lines = _LineCounter(article.text)
    claims = [_claim(span, article, text, lines) for span in spans]
    return claims, [span._.as_of_basis for span in spans]


class _LineCounter:
    """Line breaks before a position, counted on from the last position asked (mentions come in order)."""

    def __init__(self, text: str):
        self.text, self.position, self.count = text, 0, 0

    def before(self, position: int) -> int:
        if position < self.position:
            self.position, self.count = 0, 0
        self.count += self.text.count("\n", self.position, position)
        self.position = position
        return self.count


def _claim(span: Span, article: Article, doc_text: str, lines: _LineCounter) -> Claim:
    fields = span._  # one extension accessor: each `span._` builds a new one
    quantity = fields.quantity
    start = article.offset + span.start_char
    is_claim = _is_claim(fields)
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
        line=claim_line(article, span.start_char, lines),
        sentence=_sentence_text(span.sent, article, doc_text),
        metric=fields.metric if is_claim else None,
        subject=fields.subject,
        side=fields.side,
        place=fields.place,
        source=fields.source,
        as_of=fields.as_of,
        source_text=fields.source_text,
        origin=fields.origin if is_claim else None,
        origin_kind=fields.origin_kind if is_claim else None,
        origin_side=fields.origin_side if is_claim else None,
        retracted=bool(fields.retracted) if is_claim else False,
        historical=bool(fields.historical),
        projection=bool(fields.projection),
    )


def _is_claim(fields: Underscore) -> bool:
    """Whether a span's extensions (`span._`) make it a claim: it counts a metric and was not dropped."""
    return bool(fields.metric and not fields.dropped)


def claim_line(article: Article, start: int, lines: _LineCounter) -> int:
    """The file line of a figure at `start` of the article text: the line of the article's record for
    a text built from the file (JSON, JSON Lines, HTML), else the article's line plus the lines before it."""
    if article.source_format in BUILT_FORMATS:
        return article.line
    return article.line + lines.before(start)


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


def link_repeats(claims: list[Claim], bases: list[str | None]) -> list[Claim]:
    """Mentions of one figure in one article (headline and body) share a claim_id, a source (with its
    origin), whether it was retracted and the best-founded as-of date (an explicit date beats the
    publication date)."""
    groups: dict[tuple, list[int]] = {}
    for i, claim in enumerate(claims):
        if claim.metric:
            groups.setdefault(_claim_key(claim), []).append(i)
    linked = list(claims)
    for key, members in groups.items():
        claim_id = hashlib.sha1(repr((claims[members[0]].article_id, key)).encode()).hexdigest()[:12]
        named = next((claims[i] for i in members if claims[i].source), None)
        retracted = any(claims[i].retracted for i in members)
        best = min(members, key=lambda i: AS_OF_PREFERENCE.get(bases[i], 3))
        for i in members:
            giver = claims[i] if claims[i].source or named is None else named
            linked[i] = claims[i].model_copy(update={
                "claim_id": claim_id,
                "source": giver.source,
                "origin": giver.origin,
                "origin_kind": giver.origin_kind,
                "origin_side": giver.origin_side,
                "retracted": retracted,
                "as_of": claims[best].as_of,
            })
    return linked
