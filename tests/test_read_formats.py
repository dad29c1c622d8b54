"""The format readers of the read stage, on their own: Markdown front matter, JSON and JSON Lines
records, saved web pages, and header lines of plain text (no spaCy involved)."""

from __future__ import annotations

import datetime as dt

from conftest import FIXTURES

from karabakh_claims.read.formats import format_of, read_document
from karabakh_claims.read.header_lines import is_date_line, is_url_line, lead_publisher
from karabakh_claims.read.html import read_html
from karabakh_claims.read.plaintext import find_drafts

FORMATS = FIXTURES / "formats"
TITLE = "Flood displaces 12,400 people in river valley"
URL = "https://www.example-herald.com/news/flood-displaces-12400"


def text_of(name: str) -> str:
    return (FORMATS / name).read_text(encoding="utf-8")


def test_extensions_choose_the_reader():
    assert [format_of(n) for n in ("a.md", "b.HTML", "c.jsonl", "d.ndjson", "e.json", "f.txt", "g.pdf")] == [
        "markdown", "html", "jsonl", "jsonl", "json", "text", None]


def test_markdown_front_matter_gives_the_metadata_and_is_skipped():
    document = read_document(text_of("article.md"), "markdown")
    (draft,) = document.drafts
    assert (draft.title, draft.publisher, draft.published, draft.url) == (TITLE, "Example Herald", dt.date(2023, 10, 4), URL)
    assert (draft.start, draft.end, draft.skip_spans) == (0, 573, ((0, 12), (57, 202)))
    assert document.text[draft.skip_spans[1][1]:].lstrip().startswith("url:") is False


def test_a_json_record_becomes_title_and_text():
    for name, fmt in (("article.json", "json"), ("article.jsonl", "jsonl")):
        document = read_document(text_of(name), fmt)
        (draft,) = document.drafts
        assert (draft.start, draft.end, draft.publisher, draft.published) == (0, 417, "Example Herald", dt.date(2023, 10, 4))
        assert document.text.startswith(TITLE + "\n\nMore than 12,400 people")


def test_a_malformed_json_line_is_a_problem_of_its_line_and_the_rest_is_read():
    document = read_document('{"text": "About 300 people fled."}\n{bad\n', "jsonl")
    assert [(p.line, p.reason) for p in document.problems] == [
        (2, "invalid JSON: Expecting property name enclosed in double quotes (column 2)")]
    assert document.text == "About 300 people fled."


def test_a_web_page_gives_its_main_text_and_page_metadata_without_scripts():
    document = read_html(text_of("article.html"))
    (draft,) = document.drafts
    assert (draft.title, draft.publisher, draft.published, draft.url) == (TITLE, "Example Herald", dt.date(2023, 10, 4), URL)
    assert document.text.startswith(TITLE + "\nMore than 12,400 people have left")
    assert "Subscribe" not in document.text and "Home" not in document.text


def test_header_lines_of_plain_text_are_metadata_in_any_case():
    text = (FIXTURES / "ingest" / "headers.txt").read_text(encoding="utf-8")
    (draft,) = find_drafts(text)
    assert (draft.title, draft.publisher, draft.published) == (
        "Aid convoy of 40 trucks reaches the border town", "Northern Courier", dt.date(2023, 10, 5))
    assert draft.url == "https://news.northern-courier.example/aid-convoy"
    assert draft.skip_spans == ((0, 7), (55, 82), (83, 104), (105, 158))


def test_header_line_shapes():
    assert is_date_line("October 5, 2023") and not is_date_line("October 5 was a quiet day in the city")
    assert is_url_line("https://example.com/a") and not is_url_line("See https://example.com/a for more")
    assert lead_publisher("(Bloomberg) -- Refugees kept arriving.") == "Bloomberg"
    assert lead_publisher("YEREVAN, OCTOBER 4, ARMENPRESS. Refugees kept arriving.") == "ARMENPRESS"
    assert lead_publisher("Refugees kept arriving on Tuesday.") is None
