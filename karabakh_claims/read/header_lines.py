"""What one line of an article says about the article: a header field, a date, a byline, a URL, a lead.

Each function looks at a single stripped line and knows nothing of the lines around it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from karabakh_claims.read.dates import parse_date

FIELD_KEYS = {
    "title": "title", "headline": "title",
    "publisher": "publisher", "source": "publisher", "publication": "publisher", "outlet": "publisher",
    "site name": "publisher",
    "date": "date", "published": "date", "publication date": "date", "published on": "date",
    "date published": "date", "pubdate": "date",
    "url": "url", "link": "url", "source url": "url", "canonical": "url",
    "author": "author", "authors": "author", "byline": "author", "writer": "author", "by": "author",
}
FIELD_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(?P<value>\S.*)?$")
URL_LINE = re.compile(r"<?(?:https?://|www\.)\S+?>?", re.I)
COPYRIGHT_LINE = re.compile(r"(?:©|\(c\)\s|copyright\b)", re.I)
BYLINE = re.compile(r"by\s+(?P<names>\S.*)", re.I)
NAME_CONNECTORS = frozenset({"and", "&", "de", "del", "der", "van", "von", "al", "bin", "da", "di", "la", "le"})
SENTENCE_END = ".!?:;,"
MAX_PUBLISHER_WORDS = 6
MAX_PUBLISHER_CHARS = 60
MAX_BYLINE_WORDS = 12
MAX_DATE_LINE_CHARS = 100
MAX_FIELD_CHARS = 300

PAREN_LEAD = re.compile(
    r"(?:[A-Z][\w .,'’/-]{0,60}?\s)?\((?P<publisher>[A-Z][A-Za-z&.'’ -]{1,40})\)\s*(?:[—–-]{1,2}|:)\s*"
)
DATELINE_LEAD = re.compile(
    r"(?P<place>[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Z .'’-]+)?),\s+"
    r"(?P<date>[A-Za-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?),\s+"
    r"(?P<publisher>[A-Z][A-Z0-9&'’ -]{1,40}?)\s*(?:\.|[—–-]{1,2}|:)(?:\s|$)"
)


class Field(NamedTuple):
    """A "Key: value" header line: the metadata it names and where its value starts in the line."""

    name: str
    value: str
    value_start: int


def field_of(line: str) -> Field | None:
    """The header field `line` holds ("Title: ...", "Date: ..."), or None."""
    match = FIELD_LINE.match(line) if len(line) <= MAX_FIELD_CHARS else None
    if match is None or match["value"] is None:
        return None
    name = FIELD_KEYS.get(" ".join(match["key"].lower().split()))
    if name is None:
        return None
    return Field(name, match["value"].strip(), match.start("value"))


def is_date_line(line: str) -> bool:
    """Whether the line is nothing but a date (with an optional time)."""
    return len(line) <= MAX_DATE_LINE_CHARS and parse_date(line) is not None


def is_url_line(line: str) -> bool:
    """Whether the line is nothing but a web address."""
    return URL_LINE.fullmatch(line) is not None


def url_in_line(line: str) -> str:
    """The web address a URL line holds, without angle brackets."""
    return line.strip("<>")


def is_copyright_line(line: str) -> bool:
    """Whether the line is a copyright notice ("©2023 Bloomberg L.P.")."""
    return COPYRIGHT_LINE.match(line) is not None and len(line) <= 200


def is_byline(line: str) -> bool:
    """Whether the line names the authors: "By Jane Doe", "BY JOHN ROE AND JANE DOE"."""
    match = BYLINE.fullmatch(line)
    if match is None or any(char.isdigit() for char in line):
        return False
    words = match["names"].replace(",", " ").split()
    return len(words) <= MAX_BYLINE_WORDS and all(
        word[0].isupper() or word.lower() in NAME_CONNECTORS for word in words
    )


def is_metadata_line(line: str) -> bool:
    """Whether the line is metadata that holds no claims, wherever it stands in an article."""
    return (
        field_of(line) is not None
        or is_date_line(line)
        or is_url_line(line)
        or is_byline(line)
        or is_copyright_line(line)
    )


def could_be_publisher(line: str) -> bool:
    """Whether the line is short and plain enough to be a publisher's name ("Jerusalem Post")."""
    return (
        0 < len(line) <= MAX_PUBLISHER_CHARS
        and len(line.split()) <= MAX_PUBLISHER_WORDS
        and line[-1] not in SENTENCE_END
        and (line[0].isupper() or line[0].isdigit())
        and any(char.isalpha() for char in line)
        and not is_metadata_line(line)
    )


def could_be_headline(line: str, max_chars: int = 250) -> bool:
    """Whether the line could be an article's headline: not metadata, not a long paragraph."""
    return 0 < len(line) <= max_chars and any(char.isalpha() for char in line) and not is_metadata_line(line)


def lead_publisher(line: str) -> str | None:
    """The publisher a lead names: "(Bloomberg) — ..." or "YEREVAN, OCTOBER 4, ARMENPRESS. ..."."""
    match = PAREN_LEAD.match(line) or DATELINE_LEAD.match(line)
    if match is None:
        return None
    return " ".join(match["publisher"].split())
