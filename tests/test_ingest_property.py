"""Property tests: whatever bytes or text a file holds, ingest yields articles that are slices of the file text
or skipped inputs, and never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from karabakh_claims.ingest import article_id, iter_articles, read_file_text, split_articles
from karabakh_claims.models import Article, SkippedInput

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


def check_article(article: Article, text: str) -> None:
    """The offset, line, id and skip-span invariants of one article."""
    assert text[article.offset:article.offset + len(article.text)] == article.text
    assert article.text.strip()
    assert article.line == text.count("\n", 0, article.offset) + 1
    assert article.id == article_id(article.text)
    assert all(0 <= start <= end <= len(article.text) for start, end in article.skip_spans)


def ingest_file(data: bytes, extension: str) -> list[Article | SkippedInput]:
    """The items of a temporary file holding `data` (given alone, then in its folder), checked while it exists."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input.{extension}"
        path.write_bytes(data)
        items = list(iter_articles([str(path)]))
        check_items(items + list(iter_articles([folder])))
        return items


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_never_raise(data, extension):
    ingest_file(data, extension)


@PROPERTY_SETTINGS
@given(
    text=st.text(max_size=2000),
    extension=st.sampled_from(EXTENSIONS),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_random_unicode_files_never_raise(text, extension, encoding):
    ingest_file(text.encode(encoding, errors="surrogatepass"), extension)


@PROPERTY_SETTINGS
@given(lines=st.lists(LINES, max_size=40), newline=NEWLINES, extension=st.sampled_from(EXTENSIONS))
def test_article_shaped_files_keep_the_offset_invariant(lines, newline, extension):
    items = ingest_file(newline.join(lines).encode("utf-8", errors="surrogatepass"), extension)
    assert items, "a file given explicitly yields an article or says why not"


@PROPERTY_SETTINGS
@given(lines=st.lists(LINES, max_size=60), newline=NEWLINES)
def test_split_articles_covers_every_non_blank_line(lines, newline):
    text = newline.join(lines)
    found = split_articles(text, "inline.txt")
    for article in found:
        check_article(article, text)
    covered = "".join(article.text for article in found)
    assert "".join(text.split()) == "".join(covered.split())
