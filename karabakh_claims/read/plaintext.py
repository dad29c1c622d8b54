"""Plain text (.txt, .md): split a file into articles and read each article's head lines.

Rules:
- The first article starts at the first non-blank line. Any later line starts a new article when it follows
  a blank line (or a URL line) and either is a `Title:` header line, or is a headline followed within a few
  lines by a date line, with only a publisher line, bylines or header fields between.
- An article's head: optional `Key: value` header lines, the title (the `Title:` value, else the first line),
  then a metadata block (publisher line, date line, bylines, header fields) up to the first body line.
- Publisher: header field or publisher line, else a lead such as "(Bloomberg) —" or
  "CITY, DATE, PUBLISHER." in the first body line, else the domain of the article's URL.
- URL: header field, else a URL line ending the article, else one in the metadata block.
- Metadata lines (header fields, dates, bylines, URLs, copyright notices) become skip spans; the title does
  not (only the "Title:" key of a header line is skipped).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from karabakh_claims.read.dates import parse_date
from karabakh_claims.read.documents import Draft
from karabakh_claims.read.header_lines import (
    Field,
    could_be_headline,
    could_be_publisher,
    field_of,
    is_date_line,
    is_metadata_line,
    is_url_line,
    lead_publisher,
    url_in_line,
)

MAX_META_LINES = 5
MAX_BLANK_RUN = 2


class Line(NamedTuple):
    """One line of the text, stripped: `start`/`end` are the offsets of its content in the text."""

    start: int
    end: int
    text: str


@dataclass
class Head:
    """The head of an article: header fields, title line and metadata block, and where the body starts."""

    fields: list[tuple[Line, Field]] = field(default_factory=list)
    title_line: Line | None = None
    publisher_line: Line | None = None
    meta_lines: list[Line] = field(default_factory=list)
    end: int = 0

    def field_value(self, name: str) -> str | None:
        """The value of the first header field called `name`."""
        return next((found.value for _, found in self.fields if found.name == name), None)

    def published(self) -> dt.date | None:
        """The first date the head gives, from a date field or a date line."""
        dates = [parse_date(found.value) for _, found in self.fields if found.name == "date"]
        dates += [parse_date(line.text) for line in self.meta_lines]
        return next((date for date in dates if date), None)


@dataclass(frozen=True)
class Overrides:
    """Metadata given outside the article text (Markdown front matter); wins over what the text says."""

    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None


def lines_of(text: str, start: int = 0) -> list[Line]:
    """The lines of `text` from offset `start`, split at "\\n" only so offsets match the text."""
    lines = []
    position = start
    while position <= len(text):
        newline = text.find("\n", position)
        stop = len(text) if newline < 0 else newline
        raw = text[position:stop]
        content = raw.strip()
        first = position + (len(raw) - len(raw.lstrip())) if content else position
        lines.append(Line(first, first + len(content), content))
        if newline < 0:
            break
        position = newline + 1
    return lines


def find_drafts(text: str, start: int = 0, overrides: Overrides | None = None) -> list[Draft]:
    """The articles of a plain text from offset `start`; with `overrides` the text is one article."""
    lines = lines_of(text, start)
    first = next((index for index, line in enumerate(lines) if line.text), None)
    if first is None:
        return []
    starts = [first] if overrides else article_starts(lines, first)
    ends = [*starts[1:], len(lines)]
    return [draft_of(lines[begin:end], overrides or Overrides()) for begin, end in zip(starts, ends, strict=True)]


def article_starts(lines: list[Line], first: int) -> list[int]:
    """The indexes of the lines that start articles."""
    starts = [first]
    index = read_head(lines, first).end
    while index < len(lines):
        if is_article_start(lines, index):
            starts.append(index)
            index = max(read_head(lines, index).end, index + 1)
        else:
            index += 1
    return starts


def is_article_start(lines: list[Line], index: int) -> bool:
    """Whether lines[index] starts an article (see the module rules)."""
    line = lines[index]
    previous = lines[index - 1].text if index else ""
    if not line.text or (previous and not is_url_line(previous)):
        return False
    head = read_head(lines, index)
    if not has_body(lines, head.end):
        return False
    if field_of(line.text) is not None:
        return head.field_value("title") is not None
    return could_be_headline(line.text) and head.published() is not None


def has_body(lines: list[Line], index: int) -> bool:
    """Whether a non-blank line follows from `index` on."""
    return any(lines[position].text for position in range(index, len(lines)))


def read_head(lines: list[Line], index: int) -> Head:
    """The head of the article starting at lines[index]."""
    head = Head()
    while index < len(lines) and (found := field_of(lines[index].text)):
        head.fields.append((lines[index], found))
        index += 1
    if head.field_value("title") is None:
        index = read_title_line(lines, index, head)
    head.end = read_meta_block(lines, index, head)
    return head


def read_title_line(lines: list[Line], index: int, head: Head) -> int:
    """Set the head's title line: the first line from `index` that is not blank or metadata (kept as such)."""
    for position in range(index, len(lines)):
        line = lines[position]
        if line.text and is_metadata_line(line.text):
            head.meta_lines.append(line)
        elif line.text:
            head.title_line = line
            return position + 1
    return len(lines)


def read_meta_block(lines: list[Line], index: int, head: Head) -> int:
    """Add the metadata block at lines[index:] to `head`; return the index of the first body line."""
    end = index
    candidate: Line | None = None
    nonblank = blank_run = 0
    for position in range(index, len(lines)):
        line = lines[position]
        blank_run = blank_run + 1 if not line.text else 0
        nonblank += bool(line.text)
        if blank_run > MAX_BLANK_RUN or nonblank > MAX_META_LINES:
            break
        if not line.text:
            continue
        if (found := field_of(line.text)) is not None:
            if found.name == "title":
                break
            head.fields.append((line, found))
        elif is_metadata_line(line.text):
            head.meta_lines.append(line)
            if candidate is not None and is_date_line(line.text):
                head.publisher_line, candidate = candidate, None
        elif candidate is None and not head.meta_lines and could_be_publisher(line.text):
            candidate = line
            continue
        else:
            break
        if candidate is None:
            end = position + 1
    return end


def draft_of(lines: list[Line], overrides: Overrides) -> Draft:
    """The article made of `lines` (its first line is non-blank)."""
    head = read_head(lines, 0)
    body = [line for line in lines[head.end:] if line.text]
    last = max((line for line in lines if line.text), key=lambda line: line.end)
    url = overrides.url or head.field_value("url") or trailing_url(body) or head_url(head)
    return Draft(
        start=lines[0].start,
        end=last.end,
        title=overrides.title or title_of(head),
        publisher=overrides.publisher or publisher_of(head, body),
        published=overrides.published or head.published(),
        url=url,
        skip_spans=skip_spans(head, body),
    )


def title_of(head: Head) -> str | None:
    """The title: the `Title:` value, else the title line without Markdown heading marks."""
    if (value := head.field_value("title")) is not None:
        return value
    if head.title_line is None:
        return None
    return head.title_line.text.lstrip("#").strip() or None


def publisher_of(head: Head, body: list[Line]) -> str | None:
    """The publisher: header field, publisher line, lead of the first body line (else the URL's, see
    `ingest.article_of`)."""
    if (value := head.field_value("publisher")) is not None:
        return value
    if head.publisher_line is not None:
        return head.publisher_line.text
    if body and (lead := lead_publisher(body[0].text)):
        return lead
    return None


def trailing_url(body: list[Line]) -> str | None:
    """The URL of a URL line that ends the article."""
    if body and is_url_line(body[-1].text):
        return url_in_line(body[-1].text)
    return None


def head_url(head: Head) -> str | None:
    """The URL of a URL line in the metadata block."""
    return next((url_in_line(line.text) for line in head.meta_lines if is_url_line(line.text)), None)


def skip_spans(head: Head, body: list[Line]) -> tuple[tuple[int, int], ...]:
    """Absolute spans of the metadata lines; a `Title:` line only loses its key."""
    spans = []
    for line, found in head.fields:
        spans.append((line.start, line.start + found.value_start if found.name == "title" else line.end))
    spans += [(line.start, line.end) for line in head.meta_lines]
    if head.publisher_line is not None:
        spans.append((head.publisher_line.start, head.publisher_line.end))
    spans += [(line.start, line.end) for line in body if is_metadata_line(line.text)]
    return tuple(sorted(set(spans)))
