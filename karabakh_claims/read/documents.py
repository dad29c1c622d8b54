"""What a format reader returns: the document's text and the articles found in it, before they get ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Draft:
    """One article of a document: its span of the document text and its metadata (spans are absolute)."""

    start: int
    end: int
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    skip_spans: tuple[tuple[int, int], ...] = ()
    line: int | None = None
    """The file line that holds the whole article (a JSON record, an HTML page) when the document text
    is built from the file; None when the document text is the file's and its lines are the file's."""


@dataclass(frozen=True)
class Problem:
    """A part of a document that could not be read (a malformed JSONL line), or with `warning` one that
    was read though not as written (bytes that are not text)."""

    reason: str
    line: int | None = None
    warning: bool = False


@dataclass(frozen=True)
class Document:
    """A decoded input: the text article offsets refer to, its articles and the parts that failed."""

    text: str
    drafts: list[Draft]
    source_format: str
    problems: list[Problem] = field(default_factory=list)
