"""Property tests: whatever bytes or text a file (or standard input) holds, ingest yields articles that are slices
of the file text or skipped inputs with a one-line reason, and never raises; the number reader then reads the
articles ingest gives without raising either."""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from karabakh_claims.config import load_config
from karabakh_claims.models import BUILT_FORMATS, Article, SkippedInput
from karabakh_claims.numbers import find_quantities
from karabakh_claims.read.ingest import article_id, iter_articles, read_file_text, split_articles

EXTENSIONS = ("txt", "md", "html", "json", "jsonl", "dat")
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEAD_LIKE_LINES = st.sampled_from([
    "", "", "", "Oct 4 2023", " 14:36, 4 October 2023", "09/28/2023", "POLITICO", "Jerusalem Post",
    "By JANE DOE", "BY JOHN ROE AND JANE DOE", "Author: Nicholas Castillo", "Title: A headline with 5 numbers",
    "Publisher: Wire", "Date: 2023-10-04", "URL: https://example.com/a", "https://www.jpost.com/x",
    "(Bloomberg) — Ten people left.", "YEREVAN, OCTOBER 4, ARMENPRESS. 100 people left.", "©2023 Someone",
    "---", "# Heading", "Headline about 3 towns", "A body sentence that says 1,200 people fled.",
])
LINES = st.one_of(HEAD_LIKE_LINES, st.text(max_size=60))
NEWLINES = st.sampled_from(["\n", "\r\n", "\n\n"])

CONFIG = load_config()


def check_items(items: list[Article | SkippedInput]) -> None:
    """Every article is a slice of its file's text, with consistent id, line and spans."""
    texts: dict[str, str] = {}
    for item in items:
        assert isinstance(item, (Article, SkippedInput))
        if isinstance(item, SkippedInput):
            assert "\n" not in item.message()
            continue
        text = texts.setdefault(item.file, read_file_text(item.file))
        check_article(item, text)
        check_numbers(item.text)


def check_numbers(text: str) -> None:
    """The number reader takes any article text ingest gives, and its spans point into it."""
    for span in find_quantities(text):
        assert text[span.start:span.end] == span.quantity.text


def check_article(article: Article, text: str) -> None:
    """The offset, line, id and skip-span invariants of one article."""
    assert text[article.offset:article.offset + len(article.text)] == article.text
    assert article.text.strip()
    if article.source_format in BUILT_FORMATS:  # the text is built from the file: the line of the record
        assert 1 <= article.line <= Path(article.file).read_bytes().count(b"\n") + 1
    else:
        assert article.line == text.count("\n", 0, article.offset) + 1
    assert article.id == article_id(article.text)
    assert all(0 <= start <= end <= len(article.text) for start, end in article.skip_spans)
    for value in (article.file, article.text, article.title, article.publisher, article.url):
        (value or "").encode("utf-8")  # storable and printable: no lone surrogates


def ingest_file(data: bytes, extension: str) -> list[Article | SkippedInput]:
    """The items of a temporary file holding `data` (given alone, then in its folder), checked while it exists."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input.{extension}"
        path.write_bytes(data)
        items = list(iter_articles([str(path)], CONFIG))
        check_items(items + list(iter_articles([folder], CONFIG)))
        return items


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_never_raise(data, extension):
    ingest_file(data, extension)


@PROPERTY_SETTINGS
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(lambda text: text.encode("utf-8"))))
def test_random_standard_input_never_raises(data):
    with mock.patch.object(sys, "stdin", io.TextIOWrapper(io.BytesIO(data))):
        items = list(iter_articles(["-"], CONFIG, max_bytes=1500))
    assert len(items) >= 1
    for item in items:
        if isinstance(item, SkippedInput):
            assert item.file == "-" and "\n" not in item.message()
        else:
            assert item.file == "-" and item.text.strip()
            check_numbers(item.text)


@PROPERTY_SETTINGS
@given(
    text=st.text(max_size=2000),
    extension=st.sampled_from(EXTENSIONS),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_random_unicode_files_never_raise(text, extension, encoding):
    ingest_file(text.encode(encoding, errors="surrogatepass"), extension)


SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
ANY_TEXT = st.lists(st.one_of(st.text(max_size=30), SURROGATES), max_size=12).map("".join)  # lone surrogates too
RECORDS = st.lists(st.dictionaries(st.sampled_from(["title", "text", "body", "publisher", "date", "url", "x"]),
                                   st.one_of(ANY_TEXT, st.integers(), st.none()), max_size=5), max_size=5)


@PROPERTY_SETTINGS
@given(records=RECORDS, lines=st.booleans())
def test_random_json_records_never_raise(records, lines):
    """JSON escapes can spell any code point, lone surrogates included: they must not reach the ledger."""
    import json

    if lines:
        ingest_file("\n".join(json.dumps(record) for record in records).encode("utf-8"), "jsonl")
    else:
        ingest_file(json.dumps(records).encode("utf-8"), "json")


@PROPERTY_SETTINGS
@given(lines=st.lists(LINES, max_size=40), newline=NEWLINES, extension=st.sampled_from(EXTENSIONS))
def test_article_shaped_files_keep_the_offset_invariant(lines, newline, extension):
    items = ingest_file(newline.join(lines).encode("utf-8", errors="surrogatepass"), extension)
    assert items, "a file given explicitly yields an article or says why not"


@PROPERTY_SETTINGS
@given(lines=st.lists(LINES, max_size=60), newline=NEWLINES)
def test_split_articles_covers_every_non_blank_line(lines, newline):
    text = newline.join(lines)
    found = split_articles(text, "inline.txt", CONFIG)
    for article in found:
        check_article(article, text)
    covered = "".join(article.text for article in found)
    assert "".join(text.split()) == "".join(covered.split())
