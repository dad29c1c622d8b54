"""One numeric mention under analysis (`Mention`) and what the rules learned about it (`Facts`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Span, Token

from karabakh_claims.nlp.tree import clause_head, climb_noun_phrase, doc_cache, level_subject_noun, partitive_noun


@dataclass
class Facts:
    """What the semantic stage learned about one numeric mention."""

    metric: str | None = None
    group: str | None = None
    subject: str | None = None
    side: str | None = None
    place: str | None = None
    source: str | None = None
    source_text: str | None = None
    origin: str | None = None
    origin_kind: str | None = None
    origin_side: str | None = None
    retracted: bool = False
    as_of: dt.date | None = None
    as_of_basis: str | None = None
    historical: bool = False
    projection: bool = False
    dropped: str | None = None
    transition: str | None = None
    counted: Token | None = field(default=None, repr=False)
    level: int = 99


@dataclass
class Mention:
    """A numeric mention being analysed: its span, the number token and the tree around it."""

    span: Span
    unit: str | None
    value: float
    anchor: Token = field(init=False)
    np_head: Token = field(init=False)
    path: list[Token] = field(init=False)
    counted: Token | None = field(init=False)
    predicate: Token = field(init=False)
    through: list[Token] = field(init=False)

    def __post_init__(self) -> None:
        self.anchor = self.span.root
        self.np_head, self.path = climb_noun_phrase(self.anchor, self.span)
        in_span = self.np_head in self.span
        self.counted = partitive_noun(self.np_head) if in_span else self.np_head
        self.predicate, self.through = clause_head(self.np_head)
        if self.counted is None and self.np_head.dep_ in {"pobj", "dobj", "attr"}:
            self.counted = level_subject_noun(self.predicate)

    @cached_property
    def np_tokens(self) -> set[Token]:
        """The noun phrase's tokens (asked by several rules, and shared by the numbers of one phrase:
        walked once per phrase of a doc)."""
        cache = doc_cache(self.span.doc, "subtrees")
        found = cache.get(self.np_head.i)
        if found is None:
            found = cache[self.np_head.i] = frozenset(self.np_head.subtree)
        return found

    @property
    def next_token(self) -> Token | None:
        """The first word after the number, passing over adverbs and auxiliaries ("2,000 still missing",
        "511 were injured")."""
        doc = self.span.doc
        for i in range(self.span.end, min(len(doc), self.span.end + 3)):
            token = doc[i]
            if token.pos_ not in {"ADV", "AUX"}:
                return token
        return None

    @property
    def word_after(self) -> list[Token]:
        """"700 wounded", "2,000 still missing", "5,000 strong": a state word right after the number
        (level 0); a participle before a noun ("324 displaced persons") only modifies that noun."""
        nxt = self.next_token
        if nxt is None or nxt.pos_ not in {"ADJ", "VERB"}:
            return []
        following = nxt.doc[nxt.i + 1] if nxt.i + 1 < len(nxt.doc) else None
        if nxt.pos_ == "VERB" and following is not None and following.pos_ in {"NOUN", "PROPN"}:
            return []
        return [nxt]

    @property
    def word_after_noun(self) -> list[Token]:
        """"left 80 people dead", "240 others injured": a state adjective or participle right after the
        counted noun, read with the number as "700 wounded" is (level 0)."""
        noun = self.counted
        doc = self.span.doc
        if noun is None or noun.i < self.span.end or noun.i + 1 >= len(doc):
            return []
        after = doc[noun.i + 1]
        if after.pos_ != "ADJ" and after.tag_ != "VBN":
            return []
        following = doc[after.i + 1] if after.i + 1 < len(doc) else None
        if following is not None and following.pos_ in {"NOUN", "PROPN"}:
            return []
        return [after]
