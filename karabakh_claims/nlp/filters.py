"""What is not a claim: numbers of a kind that never counts, header lines, parts of a modifier, a pronoun "one"."""

from __future__ import annotations

import re

from spacy.tokens import Span

from karabakh_claims.nlp.group import SubjectRules
from karabakh_claims.nlp.mention import Mention

NOT_CLAIM_KINDS = {"percent", "ordinal", "year", "date", "time", "other"}
HYPHEN_MODIFIER = re.compile(r"^\s*[-‑–]\s*(?P<word>[A-Za-z]+)")
MEASURE_HYPHEN_EXCEPTIONS = {"strong"}
"""A hyphenated word after a number that still names a count ("5,000-strong")."""


def drop_reason(span: Span, text: str, skip: list[tuple[int, int]]) -> str | None:
    """Why a number is not a claim before its metric is sought: its kind, a header line, a modifier ("44-day")."""
    kind = span._.number_kind
    if kind in NOT_CLAIM_KINDS:
        return kind
    if any(start <= span.start_char < end for start, end in skip):
        return "header line"
    after = HYPHEN_MODIFIER.match(text[span.end_char : span.end_char + 20])
    if after and after.group("word").lower() not in MEASURE_HYPHEN_EXCEPTIONS:
        return f"part of a modifier (-{after.group('word')})"
    return None


def is_pronoun_one(mention: Mention) -> bool:
    """"one of them", "one who fled": the word "one" with no noun counts nothing."""
    quantity = mention.span._.quantity
    return mention.counted is None and quantity.value == 1 and quantity.text.isalpha()


def counts_things(mention: Mention, groups: SubjectRules) -> bool:
    """"figures from two sources", "from 12 villages": a number with a noun of its own that counts neither
    people nor money is no claim, even after a comparison word ("from") or beside a claim it could be a
    part of."""
    if mention.unit not in (None, "people"):
        return False
    noun = mention.counted
    return noun is not None and noun not in mention.span and not groups.counts_people(mention)
