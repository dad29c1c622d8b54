"""HTML: the article's main text and its metadata, read without running scripts or fetching anything.

The main text comes from trafilatura (boilerplate removed) or, when it finds none, from the page's
paragraphs. Metadata comes from the page head: Open Graph and article meta tags, JSON-LD, the canonical
link and <time> tags. The document text is the title, a blank line and the main text.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import warnings
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any

from karabakh_claims.read.dates import parse_date
from karabakh_claims.read.documents import Document, Draft

TITLE_META = ("og:title", "twitter:title", "dc.title")
PUBLISHER_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "article:publisher")
DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "publish-date", "publishdate",
    "pubdate", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
    "parsely-pub-date", "sailthru.date", "publication_date",
)
URL_META = ("og:url", "twitter:url")
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "nav", "footer", "aside", "form", "svg"})
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "div"})
ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "blogposting", "report", "webpage"})


@dataclass
class PageFacts:
    """What the page says about itself, collected while parsing."""

    title_tag: str = ""
    first_h1: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    time_datetime: str | None = None
    linked_data: list[dict[str, Any]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    """Collects PageFacts: head metadata, JSON-LD objects and the visible text blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self.open_tags: list[str] = []
        self.skipping = 0
        self.block: list[str] = []
        self.script_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            self.note_meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.facts.canonical = self.facts.canonical or values.get("href") or None
        elif tag == "time" and values.get("datetime") and self.facts.time_datetime is None:
            self.facts.time_datetime = values["datetime"]
        elif tag == "script" and "ld+json" in values.get("type", "").lower():
            self.script_text = []
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        if tag in BLOCK_TAGS or tag in ("br", "title"):
            self.flush_block()
        self.open_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script_text is not None:
            self.note_linked_data("".join(self.script_text))
            self.script_text = None
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        if tag in BLOCK_TAGS or tag == "title":
            self.flush_block(tag)
        if tag in self.open_tags:
            del self.open_tags[len(self.open_tags) - 1 - self.open_tags[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if self.script_text is not None:
            self.script_text.append(data)
        elif not self.skipping and "head" not in self.open_tags[-1:] and "script" not in self.open_tags[-1:]:
            self.block.append(data)

    def note_meta(self, values: dict[str, str]) -> None:
        """Remember a <meta> tag's content under its property or name (first one wins)."""
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        content = values.get("content", "").strip()
        if key and content:
            self.facts.meta.setdefault(key, content)

    def note_linked_data(self, text: str) -> None:
        """Keep the article-like objects of a JSON-LD script."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # a broken or absurdly nested script is no metadata
            return
        self.facts.linked_data.extend(article_objects(data))

    def flush_block(self, closing: str | None = None) -> None:
        """End the current text block: the page title, the first h1, or a block of visible text."""
        text = " ".join("".join(self.block).split())
        self.block = []
        if not text:
            return
        if closing == "title":
            self.facts.title_tag = self.facts.title_tag or text
            return
        if closing == "h1" and not self.facts.first_h1:
            self.facts.first_h1 = text
        self.facts.blocks.append(text)


def article_objects(data: Any) -> list[dict[str, Any]]:
    """The JSON-LD objects describing an article, looked for in lists and "@graph"."""
    found = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            kinds = item.get("@type", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(kind).lower() in ARTICLE_TYPES for kind in kinds):
                found.append(item)
            stack.extend(reversed(item.get("@graph", [])) if isinstance(item.get("@graph"), list) else [])
    return found


def read_html(text: str) -> Document:
    """The one article of an HTML page."""
    facts = page_facts(text)
    body = main_text(text) or "\n\n".join(facts.blocks)
    title = page_title(facts)
    if not body.strip():
        return Document("", [], "html")
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    url = page_url(facts)
    draft = Draft(0, len(body), title or body.split("\n", 1)[0], page_publisher(facts), page_date(facts), url,
                  line=1)
    return Document(body, [draft], "html")


def page_facts(text: str) -> PageFacts:
    """Parse the page into PageFacts."""
    parser = PageParser()
    parser.feed(text)
    parser.close()
    parser.flush_block()
    return parser.facts


def first_meta(facts: PageFacts, keys: tuple[str, ...]) -> str | None:
    """The content of the first of the meta tags named by `keys`."""
    return next((facts.meta[key] for key in keys if facts.meta.get(key)), None)


def linked(facts: PageFacts, key: str) -> Any:
    """A value from the first JSON-LD article object that has `key`."""
    return next((item[key] for item in facts.linked_data if item.get(key)), None)


def page_title(facts: PageFacts) -> str | None:
    """The headline: JSON-LD, Open Graph, the first h1, else the <title>."""
    headline = linked(facts, "headline")
    candidates = (headline if isinstance(headline, str) else None, first_meta(facts, TITLE_META),
                  facts.first_h1, facts.title_tag)
    return next((" ".join(value.split()) for value in candidates if value and value.strip()), None)


def page_publisher(facts: PageFacts) -> str | None:
    """The publisher: og:site_name and similar meta tags, else the JSON-LD publisher's name."""
    publisher = linked(facts, "publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    name = publisher.get("name") if isinstance(publisher, dict) else publisher
    value = first_meta(facts, PUBLISHER_META)
    if value and not value.startswith("http"):
        return value
    return name if isinstance(name, str) and name.strip() else None


def page_date(facts: PageFacts) -> dt.date | None:
    """The publication date: article meta tags, JSON-LD datePublished, else the first <time> tag."""
    candidates = (first_meta(facts, DATE_META), linked(facts, "datePublished"), facts.time_datetime)
    return next((date for value in candidates if isinstance(value, str) and (date := parse_date(value))), None)


def page_url(facts: PageFacts) -> str | None:
    """The article's address: the canonical link, og:url, else the JSON-LD url."""
    value = linked(facts, "url")
    candidates = (facts.canonical, first_meta(facts, URL_META), value if isinstance(value, str) else None)
    return next((value.strip() for value in candidates if value and value.strip().startswith("http")), None)


def main_text(html: str) -> str | None:
    """The main text trafilatura finds (paragraphs on their own lines), or None."""
    extractor = trafilatura_extractor()
    if extractor is None:
        return None
    extract, config = extractor
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = extract(html, config=config, include_comments=False, include_tables=True, deduplicate=False)
    except Exception:  # a third-party parser failing on bad markup means "no main text"
        return None
    return text.strip() or None if text else None


@cache
def trafilatura_extractor():
    """trafilatura's `extract` set up for local files: no timeout signal, small pages kept, quiet logs."""
    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError:
        return None
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    config = use_config()
    for key, value in (("EXTRACTION_TIMEOUT", "0"), ("MIN_EXTRACTED_SIZE", "1"), ("MIN_OUTPUT_SIZE", "1")):
        config.set("DEFAULT", key, value)
    return trafilatura.extract, config
