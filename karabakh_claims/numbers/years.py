"""Years and dates: the month, day and year patterns of the scanner, and the rules that read a
bare number as a year.

A bare 4-digit number is a year when it is 1800-2099, or any of 1000-2199 after "in", "since",
"A.D." ... or after another year in a list ("A.D. 1100 and 1350"); "1990s" and "1980's"
extend over their suffix. "2014-15", "1990-1995" and "between 1600 and 1900" are spans of
years; a year-like number ranged with a plain count ("500-2000 people") is a count."""

from __future__ import annotations

import re

from karabakh_claims.numbers.mention import Mention
from karabakh_claims.numbers.qualifiers import BETWEEN_BEFORE

_MONTHS_TITLE = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
MONTH = (
    rf"(?:(?:{_MONTHS_TITLE}|{_MONTHS_TITLE.upper()})\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
    r"|(?:january|february|april|june|july|september|october|november|december)\b"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.)"
)
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[0-9]|20)\d\d"
_YEAR_CONTEXT_BEFORE = re.compile(
    r"(?<![\w])(?i:in|since|until|till|by|before|after|during|circa|between|A\.?D\.?|B\.?C\.?)\s\Z"
)
_YEAR_LIST_JOIN = re.compile(r"\s*[-–,]\s*|\s+(?:and|or|to)\s+")
_YEAR_SUFFIX = re.compile(r"s\b|['’′]s\b")
MONTH_WORD = re.compile(MONTH)


def _is_year(mention: Mention, text: str, after_year: bool) -> bool:
    """A bare 4-digit number read as a year (see module doc)."""
    if not (mention.bare and mention.kind == "cardinal" and mention.end - mention.start == 4):
        return False
    if not 1000 <= mention.value <= 2199:
        return False
    if 1800 <= mention.value < 2100:
        return True
    return after_year or bool(
        _YEAR_CONTEXT_BEFORE.search(text, max(0, mention.start - 10), mention.start)
    )


def mark_years(mentions: list[Mention], text: str) -> None:
    """Mark years ("1990s"/"1980's" extend over their suffix); 'A.D. 1100 and 1350' are both."""
    previous: Mention | None = None
    for mention in mentions:
        after_year = bool(
            previous
            and previous.kind == "year"
            and _YEAR_LIST_JOIN.fullmatch(text, previous.end, mention.start)
        )
        if _is_year(mention, text, after_year):
            mention.kind = "year"
            if suffix := _YEAR_SUFFIX.match(text, mention.end):
                mention.end = suffix.end()
        previous = mention


def _year_range(first: Mention, second: Mention, text: str) -> Mention | None:
    """'2014-15', '1990-1995', 'between 1600 and 1900': a span of years."""
    if first.kind != "year" or not second.bare:
        return None
    between = text[first.end : second.start]
    if re.fullmatch(r"[-–]", between) and second.end - second.start == 2:
        return Mention(first.start, second.end, "year", first.value)
    opener = BETWEEN_BEFORE.search(text, max(0, first.start - 9), first.start)
    joins = r"\s*[-–]\s*|\s+(?:to|and)\s+" if opener else r"\s*[-–]\s*|\s+to\s+"
    if second.kind == "year" and re.fullmatch(joins, between):
        return Mention(opener.start() if opener else first.start, second.end, "year", first.value)
    return None


def join_year_ranges(mentions: list[Mention], text: str) -> list[Mention]:
    """Merge spans of years; a year-like number ranged with a plain count is a count."""
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if previous and previous.kind == "cardinal" and previous.bare and mention.kind == "year":
            if re.fullmatch(r"\s*[-–]\s*|\s+to\s+", text[previous.end : mention.start]):
                mention.kind = "cardinal"
        merged = _year_range(previous, mention, text) if previous else None
        if merged:
            joined[-1] = merged
        else:
            joined.append(mention)
    return joined
