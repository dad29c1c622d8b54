"""Labels: small numbers that name something rather than count it ("Game 5", "S&P 500",
"Apollo 11", "Channel Four") and house numbers of addresses ("12 Baker Street")."""

from __future__ import annotations

import re

from karabakh_claims.models import Qualifier
from karabakh_claims.numbers.mention import Mention
from karabakh_claims.numbers.years import MONTH_WORD

_NAME_THEN_BRACKET = re.compile(r"[A-Z][\w'’-]* \(\Z")
_PLURAL_OF_A_NAME = re.compile(r"(?:s|es|ers)\b")
_CAPITALISED_WORD_BEFORE = re.compile(r"(?<![\w&/.'’-])(?P<word>[\w&/.'’-]*[A-Z][\w&/.'’-]*) \Z")
_ADDRESS_AFTER = re.compile(
    r"(?:\s*[-–]\s*\d+)?(?:\s+[A-Z0-9][\w.]*){0,3}\s+(?:Road|Rd|Street|St|Avenue|Ave|Way|Lane|Drive|Boulevard"
    r"|Blvd|Place|Court|Square|Terrace)\b"
)
_LABEL_STOPWORDS = frozenset(
    """a an the and or of in on at by for from to with since until after before between over
    under above below about around some nearly almost roughly approximately estimated just
    only top total all another each every these those its their his her our my your than
    least more less fewer up down plus minus no not per i we they he she it you who while
    when as if but so than then there here what which where why how was were is are be has
    have had will would may might can could should did do does also just even still""".split()
)


def _is_label(mention: Mention, text: str) -> bool:
    """'Game 5', 'S&P 500', 'Apollo 11', 'Channel Four': a small number naming something."""
    if mention.kind != "cardinal" or mention.scale > 1 or mention.qualifier is not Qualifier.exact:
        return False
    if "int" in mention.tags:
        glued = text[mention.end : mention.end + 1].isalpha()
        if abs(mention.value) >= 10000 or (glued and not _PLURAL_OF_A_NAME.match(text, mention.end)):
            return False
        if text[mention.end : mention.end + 1] == ")" and _NAME_THEN_BRACKET.search(
            text, max(0, mention.start - 30), mention.start
        ):
            return True
    elif not ("word" in mention.tags and text[mention.start].isupper()):
        return False
    before = _CAPITALISED_WORD_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    if not before:
        return False
    word = before.group("word")
    if word.lower() in _LABEL_STOPWORDS or re.search(r"['’]s\Z", word):
        return False
    return not MONTH_WORD.fullmatch(word)


def _is_address(mention: Mention, text: str) -> bool:
    return mention.bare and bool(_ADDRESS_AFTER.match(text, mention.end))


def mark_labels(mentions: list[Mention], text: str) -> None:
    """Mark labels ("Game 5") and house numbers ("12 Baker Street") as kind other."""
    for mention in mentions:
        if _is_label(mention, text) or _is_address(mention, text):
            mention.kind = "other"
