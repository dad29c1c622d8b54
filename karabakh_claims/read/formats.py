"""File formats: which reader a file name calls for, and the readers for Markdown, JSON and JSON Lines.

Plain text and Markdown keep the decoded file text as the document text. For JSON and JSON Lines the
document text is built from the objects: each article is its title, a blank line and its body, and
articles are separated by a blank line; article offsets refer to that text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePath

import yaml

from karabakh_claims.read.dates import date_from_value
from karabakh_claims.read.documents import Document, Draft, Problem
from karabakh_claims.read.html import read_html
from karabakh_claims.read.plaintext import Overrides, find_drafts

EXTENSION_FORMATS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
TEXT_KEYS = ("text", "body", "content", "article", "full_text", "fulltext")
TITLE_KEYS = ("title", "headline")
PUBLISHER_KEYS = ("publisher", "source", "site", "site_name", "sitename", "outlet")
DATE_KEYS = ("published", "date", "published_at", "publishedAt", "datePublished", "pubDate", "pubdate")
URL_KEYS = ("url", "link", "canonical_url", "canonical")
LIST_KEYS = ("articles", "items")
FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?P<body>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S | re.M)
FRONT_MATTER_TITLE = re.compile(r"^(?:title|headline)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\r?$", re.M | re.I)
SIMPLE_FIELD = re.compile(r"^(?P<key>[\w-]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\r?$", re.M)


def format_of(name: str) -> str | None:
    """The format a file name's extension names, or None for an unknown extension."""
    return EXTENSION_FORMATS.get(PurePath(name).suffix.lower())


def read_document(text: str, source_format: str) -> Document:
    """The articles of a decoded file read as `source_format` (unknown formats are read as text)."""
    readers: dict[str, Callable[[str], Document]] = {
        "markdown": read_markdown, "html": read_html, "json": read_json, "jsonl": read_jsonl,
    }
    reader = readers.get(source_format)
    if reader is None:
        return Document(text, find_drafts(text), "text")
    return reader(text)


def read_markdown(text: str) -> Document:
    """Markdown: optional YAML front matter gives the metadata of the one article; else read as text."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return Document(text, find_drafts(text), "markdown")
    overrides = overrides_of(front_matter_values(match["body"]))
    drafts = find_drafts(text, match.end(), overrides)
    if not drafts:
        return Document(text, [], "markdown")
    spans = front_matter_spans(match)
    draft = replace(drafts[0], start=0, skip_spans=spans + drafts[0].skip_spans)
    return Document(text, [draft], "markdown")


def front_matter_values(block: str) -> dict[str, object]:
    """The mapping a front matter block holds: YAML, else plain "key: value" lines."""
    try:
        values = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError, RecursionError):
        values = None
    if isinstance(values, dict):
        return {str(key): value for key, value in values.items()}
    return {match["key"]: match["value"].strip("\"'") for match in SIMPLE_FIELD.finditer(block)}


def front_matter_spans(match: re.Match[str]) -> tuple[tuple[int, int], ...]:
    """Skip spans covering the front matter except the title's value (headlines carry figures)."""
    title = FRONT_MATTER_TITLE.search(match.string, match.start("body"), match.end("body"))
    if title is None or not title["value"]:
        return ((0, match.end()),)
    value_start, value_end = title.span("value")
    quote = title["value"][0]
    if quote in "\"'" and len(title["value"]) > 1 and title["value"][-1] == quote:
        value_start, value_end = value_start + 1, value_end - 1
    return ((0, value_start), (value_end, match.end()))


def overrides_of(values: dict[str, object]) -> Overrides:
    """Article metadata from a front matter or JSON mapping."""
    publisher = first_value(values, PUBLISHER_KEYS)
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    return Overrides(
        title=text_value(first_value(values, TITLE_KEYS)),
        publisher=text_value(publisher),
        published=date_from_value(first_value(values, DATE_KEYS)),
        url=text_value(first_value(values, URL_KEYS)),
    )


def first_value(values: dict[str, object], keys: tuple[str, ...]) -> object:
    """The value of the first of `keys` that is present and not empty."""
    return next((values[key] for key in keys if values.get(key) not in (None, "", [], {})), None)


def text_value(value: object) -> str | None:
    """A metadata value as a one-line string, or None."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return " ".join(str(value).split()) or None


def read_json(text: str) -> Document:
    """JSON: one article object, a list of them, or an object holding a list under "articles"/"items"."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Document("", [], "json", [Problem(f"invalid JSON: {error.msg}", error.lineno)])
    top = skip_space(text, 0)
    starts = [top]
    if isinstance(data, dict):
        key = next((key for key in LIST_KEYS if data.get(key) not in (None, "", [], {})), None)
        if key is not None and isinstance(data[key], list) and first_value(data, TEXT_KEYS) is None:
            data, starts = data[key], item_starts(text, member_starts(text, top)[key])
        else:
            data = [data]
    elif isinstance(data, list):
        starts = item_starts(text, top)
    if not isinstance(data, list):
        return Document("", [], "json", [Problem("JSON holds no article object")])
    lines = [text.count("\n", 0, start) + 1 for start in starts]
    return build_document([(None, item) for item in data], "json", lines)


JSON_SPACE = " \t\n\r"
DECODER = json.JSONDecoder()


def skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in JSON_SPACE:
        index += 1
    return index


def item_starts(text: str, start: int) -> list[int]:
    """Where each item of the (valid) JSON array at `start` begins."""
    starts, index = [], skip_space(text, start + 1)
    while text[index] != "]":
        starts.append(index)
        index = skip_space(text, DECODER.raw_decode(text, index)[1])
        if text[index] == ",":
            index = skip_space(text, index + 1)
    return starts


def member_starts(text: str, start: int) -> dict[str, int]:
    """Where the value of each member of the (valid) JSON object at `start` begins (the last of a key)."""
    members, index = {}, skip_space(text, start + 1)
    while text[index] != "}":
        key, index = DECODER.raw_decode(text, index)
        index = skip_space(text, skip_space(text, index) + 1)
        members[key] = index
        index = skip_space(text, DECODER.raw_decode(text, index)[1])
        if text[index] == ",":
            index = skip_space(text, index + 1)
    return members


def read_jsonl(text: str) -> Document:
    """JSON Lines: one article object per line; a malformed line is a problem naming its line number."""
    records: list[tuple[int | None, object]] = []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            problems.append(Problem(f"invalid JSON: {error.msg} (column {error.colno})", number))
    document = build_document(records, "jsonl", [line or 1 for line, _ in records])
    return replace(document, problems=problems + document.problems)


def build_document(records: list[tuple[int | None, object]], source_format: str, lines: list[int]) -> Document:
    """A document whose text joins the articles of `records` (line number or None, decoded JSON value);
    `lines` are the file lines that hold the records."""
    parts: list[str] = []
    drafts: list[Draft] = []
    problems: list[Problem] = []
    position = 0
    for index, ((line, record), file_line) in enumerate(zip(records, lines, strict=True), start=1):
        where = "" if line else f"item {index}: "
        if not isinstance(record, dict):
            problems.append(Problem(f"{where}not a JSON object", line))
            continue
        body = first_value(record, TEXT_KEYS)
        if not isinstance(body, str) or not body.strip():
            problems.append(Problem(f"{where}object has no text ({'/'.join(TEXT_KEYS[:3])})", line))
            continue
        meta = overrides_of(record)
        body = body.strip()
        if meta.title is None:
            meta = replace(meta, title=body.split("\n", 1)[0].strip())
        article_text = join_title(meta.title, body)
        if parts:
            parts.append("\n\n")
            position += 2
        parts.append(article_text)
        drafts.append(replace(draft_from(position, article_text, meta), line=file_line))
        position += len(article_text)
    return Document("".join(parts), drafts, source_format, problems)


def join_title(title: str | None, body: str) -> str:
    """An article's text: its title, a blank line and its body (the body alone if it opens with the title)."""
    if not title or body.startswith(title):
        return body
    return f"{title}\n\n{body}"


def draft_from(start: int, text: str, meta: Overrides) -> Draft:
    """A draft for `text` placed at `start` of the document text, with the metadata given."""
    return Draft(start, start + len(text), meta.title, meta.publisher, meta.published, meta.url)
