"""The ingest stage: files to articles, digest splitting, head lines, formats, bad inputs and duplicates."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
from pathlib import Path

import pytest

from karabakh_claims.config import load_config
from karabakh_claims.models import Article, SkippedInput
from karabakh_claims.read.ingest import (
    InputError,
    article_id,
    iter_articles,
    masked_text,
    read_file_text,
    split_articles,
)
from karabakh_claims.read.publishers import publisher_for_url

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"
DIGEST = SEEDS / "003_5b2777788903a456.txt"
OCT_4 = dt.date(2023, 10, 4)

CONFIG = load_config()


def articles(*paths: Path | str, **options) -> list[Article]:
    """The articles of the inputs; fails on any skipped input."""
    items = list(iter_articles([str(path) for path in paths], CONFIG, **options))
    assert all(isinstance(item, Article) for item in items), [item for item in items if not isinstance(item, Article)]
    return items


def skipped(*paths: Path | str, **options) -> list[SkippedInput]:
    """The skipped inputs among the items of the inputs."""
    return [item for item in iter_articles([str(path) for path in paths], CONFIG, **options) if isinstance(item, SkippedInput)]


def skip_texts(article: Article) -> list[str]:
    """The texts of the article's skip spans."""
    return [article.text[start:end] for start, end in article.skip_spans]


def body_words(article: Article) -> str:
    """The article's claim-bearing text, whitespace-normalized."""
    return " ".join(masked_text(article).split())


# --- the seed digest ---------------------------------------------------------------------------------------

DIGEST_EXPECTED = [
    ("EU, Russia and US held secret talks days before Nagorno-Karabakh blitz", "POLITICO", None),
    (
        "Israel sends a 14-person medical delegation to treat victims of fuel explosion at Nagorno-Karabach",
        "Jerusalem Post",
        "https://www.jpost.com/israel-news/article-761691",
    ),
    (
        "France to deliver military equipment to Armenia, calls for EU to guarantee security",
        "Middle East Monitor",
        "https://www.middleeastmonitor.com/20231004-france-to-deliver-military-equipment-to-armenia-calls-for-eu"
        "-to-guarantee-security/",
    ),
    ("Nagorno-Karabakh refugees seek new life in Armenia", "Lincoln Journal Star", None),
    ("Armenia Stands Alone", "TGP – The GeoPolitics", None),
    (
        "‘A masquerade’- French senator slams infamous UN mission’s visit to Nagorno-Karabakh",
        "ARMENPRESS",
        "https://armenpress.am/eng/news/1121175.html?fbclid=IwAR305pO7z6J8uvd9eko62wIDZ6obXRQjKwvUqGwBxJf5MLMeDiK"
        "-r6PLOZQ",
    ),
    (
        "President of the Senate of France accuses Azerbaijan of ethnic cleansing in Nagorno- Karabakh",
        "ARMENPRESS",
        None,
    ),
    ("Number of forcibly displaced persons from NK stands at 100,632", "ARMENPRESS", None),
    ("Belgium to treat several victims of Nagorno-Karabakh fuel depot explosion", "ARMENPRESS", None),
    (
        "Spanish Member of Parliament Jon Inarritu calls for actions to ensure Armenia’s security and prevent new "
        "Azeri attacks",
        "ARMENPRESS",
        None,
    ),
]


def test_digest_splits_into_its_ten_articles():
    found = articles(DIGEST)
    assert [(a.title, a.publisher, a.url) for a in found] == DIGEST_EXPECTED
    assert all(a.published == OCT_4 for a in found)


def test_digest_articles_start_at_their_headlines_on_the_right_lines():
    text = read_file_text(DIGEST)
    found = articles(DIGEST)
    assert [a.offset for a in found] == [text.index(title) for title, _, _ in DIGEST_EXPECTED]
    assert [a.line for a in found] == [1, 29, 53, 73, 82, 121, 139, 147, 157, 167]
    for article in found:
        assert article.text.startswith(article.title)
        assert article.text == article.text.rstrip()


def test_digest_urls_end_their_own_article():
    jerusalem_post, monitor = articles(DIGEST)[1:3]
    assert jerusalem_post.text.endswith(jerusalem_post.url)
    assert monitor.text.endswith(monitor.url)


def test_digest_metadata_lines_are_skipped_but_not_headlines():
    politico, jerusalem_post, monitor = articles(DIGEST)[:3]
    assert skip_texts(politico) == [
        "POLITICO",
        "Oct 4 2023",
        "BY\u00a0GABRIEL GAVIN,\u00a0NAHAL TOOSI\u00a0AND\u00a0ERIC BAZAIL-EIMIL",
        "By Laura Kayali",
    ]
    assert skip_texts(jerusalem_post) == [
        "Jerusalem Post", "Oct 4 2023", "By\u00a0JUDY SIEGEL-ITZKOVICH", jerusalem_post.url,
    ]
    assert skip_texts(monitor) == ["Oct 4 2023", monitor.url]
    armenpress = articles(DIGEST)[7]
    assert skip_texts(armenpress) == ["16:23, 4 October 2023"]
    assert "100,632" in body_words(armenpress).split(" Armenian hospitals")[0]


# --- single-article seeds ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "title_start", "publisher", "published"),
    [
        # the file gives no date ("©2023" only); its sidecar 000_d08bcaf33cd278f6.meta.toml gives it
        ("000_d08bcaf33cd278f6.txt", "Azerbaijan’s President Ilham Aliyev offered", "Bloomberg", dt.date(2023, 9, 27)),
        ("001_21b2102d4012c38e.txt", "“A phone call of Ilham Aliyev and Antony Blinken", None, None),
        ("002_74d98d7179d29802.txt", "Blinken, Aliyev Discuss Observer Mission", None, dt.date(2023, 9, 28)),
        ("004_cac72c761d95009a.txt", "U.S. says Azerbaijan agreed to allow international observers", None, None),
    ],
)
def test_single_article_seeds(name, title_start, publisher, published):
    (article,) = articles(SEEDS / name)
    text = read_file_text(SEEDS / name)
    assert article.offset == 0
    assert article.title.startswith(title_start)
    assert article.title == text.split("\n", 1)[0].strip()
    assert article.publisher == publisher
    assert article.published == published
    assert article.url is None
    assert article.text == text.rstrip()


def test_seed_head_lines_become_skip_spans():
    bloomberg = articles(SEEDS / "000_d08bcaf33cd278f6.txt")[0]
    assert skip_texts(bloomberg) == ["©2023 Bloomberg L.P."]
    caspian = articles(SEEDS / "002_74d98d7179d29802.txt")[0]
    assert skip_texts(caspian) == ["Author: Nicholas Castillo", "09/28/2023"]


def test_every_seed_article_is_a_slice_of_its_file_text():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_bytes().decode("utf-8-sig")
        assert read_file_text(path) == text
        for article in articles(path):
            assert text[article.offset:article.offset + len(article.text)] == article.text
            assert article.line == text.count("\n", 0, article.offset) + 1
            assert article.id == article_id(article.text)
            assert all(0 <= start < end <= len(article.text) for start, end in article.skip_spans)
            assert article.file_hash is not None and len(article.file_hash) == 64


# --- head lines, leads and the splitting rule --------------------------------------------------------------

def test_header_lines_give_metadata_and_only_the_title_key_is_skipped():
    (article,) = articles(FIXTURES / "ingest" / "headers.txt")
    assert article.title == "Aid convoy of 40 trucks reaches the border town"
    assert article.publisher == "Northern Courier"
    assert article.published == dt.date(2023, 10, 5)
    assert article.url == "https://news.northern-courier.example/aid-convoy"
    assert skip_texts(article) == [
        "title: ", "Publisher: Northern Courier", "DATE: October 5, 2023",
        "Url: https://news.northern-courier.example/aid-convoy",
    ]
    assert "By the end of the day, about 1,200 families" in body_words(article)


def test_title_header_lines_split_a_digest():
    first, second = articles(FIXTURES / "ingest" / "header_digest.txt")
    assert (first.title, first.publisher, first.published) == (
        "Shelter capacity raised to 5,000 beds", "City Bulletin", dt.date(2023, 10, 2))
    assert (second.title, second.published) == ("Second bridge reopens after repairs", dt.date(2023, 10, 3))
    assert second.text.startswith("Title: Second bridge")


def test_publisher_from_line_lead_or_url():
    port, storm, rail = articles(FIXTURES / "ingest" / "wire_digest.txt")
    assert (port.publisher, port.published, port.url) == (
        "Harbour Daily", OCT_4, "https://harbourdaily.example/port-record")
    assert "By ANNA BERG" in skip_texts(port)
    assert (storm.publisher, storm.published) == ("Wire Service", dt.date(2023, 9, 20))
    assert (rail.publisher, rail.published) == ("NATIONAL NEWS AGENCY", dt.date(2023, 9, 21))


def test_without_metadata_the_first_non_empty_line_is_the_title():
    text = "\n\n  Ceasefire holds for a third day  \nThe ceasefire held, with 2 incidents reported.\n"
    (article,) = split_articles(text, "inline.txt", CONFIG)
    assert article.title == "Ceasefire holds for a third day"
    assert article.offset == text.index("Ceasefire")
    assert (article.publisher, article.published, article.url, article.skip_spans) == (None, None, None, ())


def test_metadata_lines_before_the_headline_are_not_the_title():
    text = "Oct 4 2023\nhttps://news.example/item\n\nHeadline with 2 figures\n\nBody.\n"
    (article,) = split_articles(text, "inline.txt", CONFIG)
    assert (article.title, article.published, article.url) == ("Headline with 2 figures", OCT_4, "https://news.example/item")
    assert skip_texts(article) == ["Oct 4 2023", "https://news.example/item"]


def test_sentences_starting_with_by_are_not_bylines():
    text = "Floods recede\n\nBy Monday, 400 homes were dry again.\n\nBy Jane Doe and John Roe\n"
    (article,) = split_articles(text, "inline.txt", CONFIG)
    assert skip_texts(article) == ["By Jane Doe and John Roe"]


def test_a_short_line_before_a_date_inside_a_body_does_not_split():
    text = "Report\n\nThe office published its figures.\n\nSigned\nOct 4 2023\n"
    assert len(split_articles(text, "inline.txt", CONFIG)) == 1


def test_markdown_heading_is_the_title(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Market prices double\n\nBread prices doubled to 2 euros.\n", encoding="utf-8")
    (article,) = articles(path)
    assert article.title == "Market prices double"
    assert article.source_format == "markdown"


def test_article_id_is_a_hash_of_whitespace_normalized_text():
    assert article_id("Five  people\nfled.") == article_id(" Five people fled. ")
    assert article_id("Five people fled.") != article_id("Six people fled.")
    assert len(article_id("x")) == 16 and int(article_id("x"), 16) >= 0


def test_publisher_names_from_urls():
    assert publisher_for_url("https://www.middleeastmonitor.com/x", CONFIG.publishers) == "Middle East Monitor"
    assert publisher_for_url("https://edition.cnn.com/2023/10/04/x", CONFIG.publishers) == "CNN"
    assert publisher_for_url("https://www.unknown-outlet.example/a", CONFIG.publishers) == "unknown-outlet.example"
    assert publisher_for_url("not a url", CONFIG.publishers) is None


# --- formats and encodings ---------------------------------------------------------------------------------

FORMAT_FILES = [
    ("article.html", "html"),
    ("article.json", "json"),
    ("article.jsonl", "jsonl"),
    ("article.md", "markdown"),
    ("article_utf16.txt", "text"),
    ("article_cp1252.txt", "text"),
    ("article_utf8_bom.txt", "text"),
]


@pytest.mark.parametrize(("name", "source_format"), FORMAT_FILES)
def test_each_format_reads_like_its_plain_text_twin(name, source_format):
    (twin,) = articles(FIXTURES / "formats" / "twin.txt")
    (article,) = articles(FIXTURES / "formats" / name)
    assert article.source_format == source_format
    assert body_words(article) == body_words(twin)
    assert (article.title, article.publisher, article.published, article.url) == (
        twin.title, twin.publisher, twin.published, twin.url)
    text = read_file_text(FIXTURES / "formats" / name)
    assert text[article.offset:article.offset + len(article.text)] == article.text


def test_the_twin_has_the_expected_metadata():
    (twin,) = articles(FIXTURES / "formats" / "twin.txt")
    assert twin.title == "Flood displaces 12,400 people in river valley"
    assert (twin.publisher, twin.published) == ("Example Herald", OCT_4)
    assert "José Müller" in twin.text and "\u2014 up from 8,000" in twin.text


def test_html_keeps_no_script_or_boilerplate():
    text = read_file_text(FIXTURES / "formats" / "article.html")
    assert "Subscribe" not in text and "Home" not in text and "rights reserved" not in text


def test_html_metadata_from_json_ld(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(
        '<html><head><title>Ignored | Site</title><script type="application/ld+json">'
        '{"@graph": [{"@type": "WebSite", "name": "x"}, {"@type": "NewsArticle", "headline": "Storm kills 3",'
        ' "datePublished": "2023-09-20T08:00:00Z", "publisher": {"name": "Coast Times"},'
        ' "url": "https://coast.example/storm"}]}</script></head>'
        "<body><div><p>Three people were killed when the storm hit, police said.</p>"
        "<p>About 200 homes lost power.</p></div></body></html>",
        encoding="utf-8",
    )
    (article,) = articles(path)
    assert (article.title, article.publisher, article.published, article.url) == (
        "Storm kills 3", "Coast Times", dt.date(2023, 9, 20), "https://coast.example/storm")
    assert article.text.startswith("Storm kills 3\n\nThree people were killed")


def test_json_list_gives_one_article_per_object(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([
        {"title": "A", "body": "First body with 3 figures.", "source": {"name": "Wire"}, "date": "2023-10-04"},
        {"content": "Second body.", "url": "https://www.jpost.com/x"},
        {"title": "No text"},
    ]), encoding="utf-8")
    items = list(iter_articles([str(path)], CONFIG))
    problems = [item for item in items if isinstance(item, SkippedInput)]
    first, second = [item for item in items if isinstance(item, Article)]
    assert (first.title, first.publisher, first.published) == ("A", "Wire", OCT_4)
    assert first.text == "A\n\nFirst body with 3 figures."
    assert (second.title, second.publisher) == ("Second body.", "Jerusalem Post")
    assert [p.reason for p in problems] == ["item 3: object has no text (text/body/content)"]
    text = read_file_text(path)
    assert all(text[a.offset:a.offset + len(a.text)] == a.text for a in (first, second))
    assert (first.line, second.line) == (1, 1)  # json.dumps wrote the list on line 1


def test_malformed_jsonl_line_is_skipped_with_its_line_number(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "One."}\n{"text": broken\n\n{"text": "Three."}\n[1]\n', encoding="utf-8")
    items = list(iter_articles([str(path)], CONFIG))
    assert [a.text for a in items if isinstance(a, Article)] == ["One.", "Three."]
    problems = [(p.line, p.reason.split(":")[0]) for p in items if isinstance(p, SkippedInput)]
    assert problems == [(2, "invalid JSON"), (5, "not a JSON object")]
    assert items[0].message().startswith(f"{path}:2: skipped: invalid JSON")


def test_invalid_json_file_is_skipped(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"text": "x",\n', encoding="utf-8")
    (problem,) = skipped(path)
    assert problem.reason.startswith("invalid JSON") and problem.line == 2


def test_standard_input_is_one_text_input(monkeypatch):
    data = b"Title: Piped story\n\nNine boats were counted.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,) = articles("-")
    assert (article.file, article.title) == ("-", "Piped story")


def test_legacy_encoding_that_is_not_text_is_reported(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4)
    (problem,) = skipped(path)
    assert problem.reason.startswith("cannot decode as text")


def test_invalid_utf16_after_bom_is_reported(tmp_path):
    path = tmp_path / "half.txt"
    path.write_bytes(b"\xff\xfeA\x00\x00\xd8")
    (problem,) = skipped(path)
    assert "cannot decode as text" in problem.reason


def test_damaged_utf8_is_reported_not_read_as_a_legacy_code_page(tmp_path):
    """One truncated character in UTF-8 text must not turn every "José" into "JosÃ©"."""
    twin = (FIXTURES / "formats" / "twin.txt").read_bytes()
    at = twin.index("\u2014".encode())
    path = tmp_path / "damaged.txt"
    path.write_bytes(twin[:at] + twin[at:at + 2] + twin[at + 3:])
    (problem,) = skipped(path)
    assert problem.reason == f"cannot decode as text: invalid UTF-8 at byte {at}"


@pytest.mark.parametrize(("text", "encoding"), [
    ("Café prices: 12 people queued at the crêperie, où the déjà-vu began. " * 3, "cp1252"),
    ("Київ: 1200 людей покинули Кіровоград, Ці дані уточнюються. " * 3, "cp1251"),
])
def test_legacy_text_with_a_few_utf8_lookalike_bytes_still_decodes(tmp_path, text, encoding):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert read_file_text(path) == text


def test_utf16_without_a_byte_order_mark_is_reported(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Flood displaces 12,400 people\n".encode("utf-16-le"))
    (problem,) = skipped(path)
    assert problem.reason == "cannot decode as text: UTF-16 without a byte order mark (save it as UTF-8)"


def test_lone_surrogates_from_json_escapes_become_replacement_characters(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text('{"title": "Count \\ud800", "text": "Nearly 600 people \\udcff were hurt."}', encoding="utf-8")
    (article,) = articles(path)
    assert (article.title, article.text) == ("Count \ufffd", "Count \ufffd\n\nNearly 600 people \ufffd were hurt.")
    assert read_file_text(path) == article.text


def test_a_file_name_that_is_not_utf8_is_read_and_shown_with_a_replacement_character(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(name, "wb") as handle:
        handle.write(b"Cafe story\n\nTwelve people were rescued.\n")
    (article,) = articles(tmp_path)
    assert article.file == f"{tmp_path}/caf\ufffd.txt"
    article.file.encode("utf-8")


# --- bad inputs --------------------------------------------------------------------------------------------

def test_bad_inputs_are_skipped_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Good story\n\nTwelve people were rescued.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("Big story\n\n" + "word " * 100, encoding="utf-8")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing-target.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    names = ["binary.txt", "empty.txt", "blank.txt", "big.txt", "broken.txt", "loop.txt", "nothing", "absent.txt"]
    items = list(iter_articles([str(tmp_path / name) for name in names] + [str(good)], CONFIG, max_bytes=200))
    reasons = {Path(item.file).name: item.reason for item in items if isinstance(item, SkippedInput)}
    assert reasons == {
        "binary.txt": "binary file (contains NUL bytes)",
        "empty.txt": "empty file",
        "blank.txt": "empty file (whitespace only)",
        "big.txt": "file too large: 511 bytes, over the limit of 200 bytes",
        "broken.txt": "broken symlink (target does not exist)",
        "loop.txt": "symlink loop",
        "nothing": "folder holds no articles",
        "absent.txt": "no such file or directory",
    }
    assert [item.title for item in items if isinstance(item, Article)] == ["Good story"]
    assert all("\n" not in item.message() for item in items if isinstance(item, SkippedInput))


def test_permission_denied_is_skipped(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("Secret\n\nText.\n", encoding="utf-8")
    real_open = os.open

    def denying_open(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", denying_open)
    (problem,) = skipped(path)
    assert problem.reason == "permission denied"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_skipped(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("Locked\n\nText.\n", encoding="utf-8")
    path.chmod(0)
    (problem,) = skipped(path)
    assert problem.reason == "permission denied"


def test_read_file_text_raises_input_error_with_the_reason(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file_text(tmp_path / "absent.txt")


def test_a_fifo_in_a_folder_is_skipped_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "story.txt").write_text("Story\n\nTen people left.\n", encoding="utf-8")
    items = list(iter_articles([str(tmp_path), str(tmp_path / "pipe.txt")], CONFIG))
    assert [(Path(i.file).name, i.reason) for i in items if isinstance(i, SkippedInput)] == [
        ("pipe.txt", "not a regular file or folder"), ("pipe.txt", "not a regular file or folder")]
    assert [Path(i.file).name for i in items if isinstance(i, Article)] == ["story.txt"]


def test_a_folder_of_unreadable_files_names_each_file_and_not_the_folder(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01")
    assert sorted((Path(p.file).name, p.reason) for p in skipped(tmp_path)) == [
        ("binary.txt", "binary file (contains NUL bytes)"), ("empty.txt", "empty file")]


# --- folders -----------------------------------------------------------------------------------------------

def test_folders_are_walked_recursively_in_name_order(tmp_path):
    for relative in ["b/2.txt", "a.md", "b/1.txt", "c/d/3.json", "skip.csv", ".hidden.txt"]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"text": f"Story {relative}"}) if relative.endswith(".json") else f"Story {relative}\n"
        path.write_text(body, encoding="utf-8")
    (tmp_path / "c" / "d" / "up").symlink_to(tmp_path / "c")
    items = list(iter_articles([str(tmp_path)], CONFIG))
    found = [Path(item.file).relative_to(tmp_path).as_posix() for item in items if isinstance(item, Article)]
    assert found == ["a.md", "b/1.txt", "b/2.txt", "c/d/3.json"]
    assert [item.reason for item in items if isinstance(item, SkippedInput)] == [
        "symlink loop (folder links to one of its parents)"]


def test_unknown_extension_given_explicitly_is_read_as_text(tmp_path):
    path = tmp_path / "story.csv"
    path.write_text("Explicit story\n\nSeven people were hurt.\n", encoding="utf-8")
    (article,) = articles(path)
    assert (article.title, article.source_format) == ("Explicit story", "text")


# --- duplicates and copies ---------------------------------------------------------------------------------

WIRE_BODY = (
    "Emergency services said on Thursday that 2,300 people had been moved to temporary shelters after the "
    "dam upstream released water overnight. Officials expect the number to grow as villages further down the "
    "valley are checked. The regional governor said 40 buses had been sent and that schools would stay closed "
    "until Monday. Aid groups said they had delivered 9,000 meals and 1,500 blankets by the evening. "
    "The water level began to fall late on Thursday, according to the hydrological service."
)


def test_identical_texts_are_yielded_once(tmp_path):
    (tmp_path / "a.txt").write_text("Dam release\n\n" + WIRE_BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Dam release\n" + WIRE_BODY.replace(". ", ".\n\n") + "\n\n", encoding="utf-8")
    (article,) = articles(tmp_path / "a.txt", tmp_path / "b.txt")
    assert article.file.endswith("a.txt") and article.copy_of is None


def test_near_identical_texts_are_linked_as_copies(tmp_path):
    (tmp_path / "a.txt").write_text("Dam release\n\nRiver Gazette\nOct 4 2023\n\n" + WIRE_BODY, encoding="utf-8")
    trimmed = WIRE_BODY.rsplit(" The water level", 1)[0]
    (tmp_path / "b.txt").write_text(f"Title: Dam release forces 2,300 from homes\nSource: Valley Wire\n\n{trimmed}",
                                    encoding="utf-8")
    (tmp_path / "c.txt").write_text("Unrelated\n\n" + " ".join(reversed(WIRE_BODY.split())), encoding="utf-8")
    first, copy, unrelated = articles(tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt")
    assert copy.copy_of == first.id
    assert first.copy_of is None and unrelated.copy_of is None
    assert copy.id != first.id


def test_front_matter_with_an_impossible_date_still_reads(tmp_path):
    path = tmp_path / "note.md"
    front_matter = "---\ntitle: Fuel prices up 8%\ndate: 2023-02-30\n---\n"
    path.write_text(front_matter + "\nFuel prices rose 8% in a week.\n", encoding="utf-8")
    (article,) = articles(path)
    assert (article.title, article.published) == ("Fuel prices up 8%", None)
    assert body_words(article) == "Fuel prices up 8% Fuel prices rose 8% in a week."
