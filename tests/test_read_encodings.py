"""The format corpus: one article in every format and encoding gives the claims of its plain UTF-8 twin.

fixtures/formats/twin.txt is the article as plain UTF-8 text with header lines; every other file there holds
the same article in another format (HTML, JSON, JSON Lines, Markdown with front matter) or encoding
(UTF-8 with BOM, UTF-16 LE/BE with BOM, windows-1252 with CRLF). Offsets and lines differ where the text
is extracted (HTML, JSON) or the header is written another way; everything a claim says must not.
"""

from __future__ import annotations

import io
import sys

import pytest
from conftest import FIXTURES

from karabakh_claims.config import load_config
from karabakh_claims.jobs.intake import Extractor
from karabakh_claims.models import Article, Claim
from karabakh_claims.read.ingest import iter_articles, read_file_text

FORMATS = FIXTURES / "formats"
TWIN = FORMATS / "twin.txt"
SAME_FIELDS = ("text", "value", "low", "high", "qualifier", "unit", "change", "metric", "subject", "side", "place",
               "source", "as_of", "historical", "title", "publisher", "published", "url")
VARIANTS = sorted(path.name for path in FORMATS.iterdir() if path.name != TWIN.name)

CONFIG = load_config()


def claims_of(nlp, *paths: str) -> list[Claim]:
    """The claims of the inputs, through the real extract job (no ledger) with the shared pipeline."""
    extractor = Extractor(config=CONFIG, _nlp=nlp)
    claims = list(extractor.run(paths))
    assert not extractor.stats.skipped, extractor.stats.skipped
    return claims


def comparable(claims: list[Claim]) -> list[tuple]:
    """What must not depend on the file's format: every field but the location, and which mentions share an id."""
    first_of: dict[str | None, int] = {}
    rows = []
    for index, claim in enumerate(claims):
        group = first_of.setdefault(claim.claim_id, index) if claim.claim_id else None
        sentence = " ".join(claim.sentence.split())
        rows.append((*(getattr(claim, name) for name in SAME_FIELDS), sentence, group))
    return rows


@pytest.fixture(scope="module")
def twin_claims(nlp) -> list[Claim]:
    claims = claims_of(nlp, str(TWIN))
    assert len(claims) == 5 and {claim.metric for claim in claims} == {"refugees", "aid"}
    return claims


def test_the_corpus_holds_every_format_and_encoding():
    assert VARIANTS == ["article.html", "article.json", "article.jsonl", "article.md", "article_cp1252.txt",
                        "article_utf16.txt", "article_utf16be.txt", "article_utf8_bom.txt"]
    raw = {name: (FORMATS / name).read_bytes() for name in VARIANTS}
    assert raw["article_utf8_bom.txt"].startswith(b"\xef\xbb\xbf")
    assert raw["article_utf16.txt"].startswith(b"\xff\xfe") and raw["article_utf16be.txt"].startswith(b"\xfe\xff")
    assert b"Jos\xe9 M\xfcller" in raw["article_cp1252.txt"] and b"\r\n" in raw["article_cp1252.txt"]
    assert raw["article.md"].startswith(b"---\n")


@pytest.mark.parametrize("name", VARIANTS)
def test_each_format_and_encoding_gives_the_claims_of_its_twin(nlp, twin_claims, name):
    path = FORMATS / name
    claims = claims_of(nlp, str(path))
    assert comparable(claims) == comparable(twin_claims)
    text = read_file_text(path)
    for claim in claims:
        assert claim.file == str(path)
        assert text[claim.start:claim.end] == claim.text
        if path.suffix in (".html", ".json", ".jsonl"):  # the text is built from the file: the record's line
            assert claim.line == 1
        else:
            assert claim.line == text.count("\n", 0, claim.start) + 1


def test_standard_input_gives_the_claims_of_the_file(nlp, twin_claims, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TWIN.read_bytes())))
    claims = claims_of(nlp, "-")
    assert {claim.file for claim in claims} == {"-"}
    assert [(c.start, c.end, c.line) for c in claims] == [(c.start, c.end, c.line) for c in twin_claims]
    assert comparable(claims) == comparable(twin_claims)


def test_the_corpus_read_together_is_one_article_and_its_copies():
    """Read in one batch, exact copies (the same text once whitespace is normalized) are dropped and the
    near-identical ones (another header) are linked to the first as copies of one report."""
    items = list(iter_articles([str(TWIN), str(FORMATS)], CONFIG))
    assert all(isinstance(item, Article) for item in items)
    first, *others = items
    assert first.file == str(TWIN)
    # the encodings of the twin are the twin; JSON and JSON Lines build the text HTML gives (title, body)
    assert [article.file for article in others] == [str(FORMATS / "article.html"), str(FORMATS / "article.md")]
    assert all(article.copy_of == first.id for article in others)
