"""The ingest stage: files and folders in, articles out; every input that cannot be read becomes a SkippedInput.

Inputs: files (read by extension: .txt/.text, .md/.markdown, .html/.htm/.xhtml, .json, .jsonl/.ndjson; any
other extension given explicitly is read as text), folders (walked recursively in name order; files with an
unknown extension and hidden entries are ignored) and "-" (standard input, read as text).

The file's text: for plain text and Markdown it is the decoded file (BOM stripped, newlines as written);
for HTML, JSON and JSON Lines it is the extracted text (see `formats` and `htmlreader`), and
`read_file_text` returns that same text, so `file_text[a.offset:a.offset + len(a.text)] == a.text` always.

Metadata the file lacks can be given beside it in `NAME.meta.toml` (see `sidecar`).

Inputs that cannot be read (missing, broken symlink, symlink loop, no permission, FIFO or device, over
`max_bytes`, empty, binary, undecodable, a malformed JSON Lines line, a folder without articles) are yielded
as SkippedInput, one per problem, with a one-line reason; nothing here raises for bad input. A file name that
is not valid UTF-8 is shown and stored with U+FFFD for its bad bytes; lone surrogates that JSON escapes can
spell become U+FFFD too, so every article can be printed and stored.

Duplicates: an article whose text (whitespace-normalized) was already yielded is not yielded again; an
article that nearly copies an earlier one (the same report with another header or a trimmed tail) is
yielded with `copy_of` set to the earlier article's id.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from karabakh_claims.config import Config
from karabakh_claims.models import Article, InputWarning, SkippedInput
from karabakh_claims.read.dates import parse_date
from karabakh_claims.read.decoding import UndecodableError, decode_text
from karabakh_claims.read.dedupe import CopyIndex
from karabakh_claims.read.documents import Document, Draft, Problem
from karabakh_claims.read.formats import format_of, read_document
from karabakh_claims.read.plaintext import find_drafts
from karabakh_claims.read.publishers import publisher_for_url
from karabakh_claims.read.sidecar import read_sidecar, with_sidecar
from karabakh_claims.read.walk import (
    STDIN,
    InputError,
    display_name,
    path_problem,
    read_bytes,
    read_stdin,
    walk_folder,
    without_surrogates,
)

__all__ = [
    "InputError", "article_id", "body_text", "iter_articles", "masked_text", "parse_date", "read_file_text",
    "split_articles",
]

DEFAULT_MAX_BYTES = 20_000_000
MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class Reading:
    """What reading one batch of inputs keeps: the size limit, the publishers by domain and the
    articles seen so far (for duplicates and copies)."""

    max_bytes: int
    publishers: Mapping[str, str]
    copies: CopyIndex


def article_id(text: str) -> str:
    """The article's id: sha256 of its whitespace-normalized text, first 16 hex digits."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def masked_text(article: Article) -> str:
    """The article text with its skip spans blanked out (same length, so offsets still hold)."""
    chars = list(article.text)
    for start, end in article.skip_spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def body_text(article: Article) -> str:
    """The article text without its metadata lines and its title: what copies of one report share."""
    text = masked_text(article)
    if article.title and (start := text.find(article.title, 0, len(article.title) + 200)) >= 0:
        text = text[:start] + " " * len(article.title) + text[start + len(article.title):]
    return text


def split_articles(text: str, file: str, config: Config) -> list[Article]:
    """The articles of a plain text (a digest gives several), as read from `file`."""
    document = Document(text, find_drafts(text), "text")
    lines = start_lines(document)
    return [article_of(document, draft, file, None, line, config.publishers)
            for draft, line in zip(document.drafts, lines, strict=True)]


def read_file_text(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text that article offsets of `path` refer to; raises InputError with the reason."""
    return load_document(str(path), max_bytes)[0].text


def iter_articles(paths: Iterable[str], config: Config, *,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | SkippedInput]:
    """The articles of the inputs in order, and a SkippedInput for each input that cannot be read."""
    reading = Reading(max_bytes, config.publishers, CopyIndex())
    for given in paths:
        for item in items_of_input(str(given), reading):
            yield shown(item)


def shown(item: Article | SkippedInput) -> Article | SkippedInput:
    """The item with a file name that can be printed and stored, and a skip message on one line."""
    update: dict[str, str] = {}
    if (name := display_name(item.file)) != item.file:
        update["file"] = name
    if isinstance(item, SkippedInput):
        for field in ("file", "reason"):
            value = update.get(field, getattr(item, field))
            if (flat := one_line(value)) != value:
                update[field] = flat
    return item.model_copy(update=update) if update else item


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes (a name can hold them)."""
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text)


def items_of_input(given: str, reading: Reading) -> Iterator[Article | SkippedInput]:
    """The items of one input as given: standard input, a file or a folder."""
    if given != STDIN and (problem := path_problem(given)):
        yield SkippedInput(file=given, reason=problem)
    elif given != STDIN and os.path.isdir(given):
        yield from items_of_folder(given, reading)
    else:
        yield from items_of_file(given, reading)[0]


def items_of_folder(folder: str, reading: Reading) -> Iterator[Article | SkippedInput]:
    """The items of the known-format files under `folder`; a SkippedInput for the folder itself when it
    yields nothing else (no article, and no file named as skipped), so each problem is said once."""
    said = False
    for entry in walk_folder(folder):
        if isinstance(entry, SkippedInput):
            said = True
            yield entry
            continue
        items, has_articles = items_of_file(entry, reading)
        said = said or has_articles or bool(items)
        yield from items
    if not said:
        yield SkippedInput(file=folder, reason="folder holds no articles")


def items_of_file(file: str, reading: Reading) -> tuple[list[Article | SkippedInput], bool]:
    """The items of one file, and whether it holds any article (duplicates included)."""
    try:
        document, file_hash = load_document(file, reading.max_bytes)
        known = read_sidecar(file)
    except InputError as error:
        return [SkippedInput(file=file, reason=str(error))], False
    items: list[Article | SkippedInput] = [
        (InputWarning if problem.warning else SkippedInput)(file=file, reason=problem.reason, line=problem.line)
        for problem in document.problems
    ]
    for draft, line in zip(document.drafts, start_lines(document), strict=True):
        article = with_sidecar(article_of(document, draft, file, file_hash, line, reading.publishers), known)
        if not reading.copies.is_duplicate(article.id):
            copy_of = reading.copies.copy_of(article.id, body_text(article))
            items.append(article.model_copy(update={"copy_of": copy_of}) if copy_of else article)
    if not document.drafts and all(problem.warning for problem in document.problems):
        items.append(SkippedInput(file=file, reason="no article text found"))
    return items, bool(document.drafts)


def load_document(file: str, max_bytes: int) -> tuple[Document, str]:
    """The document a file holds and the sha256 of its bytes; raises InputError with the reason."""
    data = read_stdin(max_bytes) if file == STDIN else read_bytes(file, max_bytes)
    try:
        text, warning = decode_text(data)
    except UndecodableError as error:
        raise InputError(str(error)) from None
    if not text.strip():
        raise InputError("empty file" if not data else "empty file (whitespace only)")
    source_format = "text" if file == STDIN else format_of(file) or "text"
    try:
        document = read_document(text, source_format)
    except RecursionError:
        raise InputError(f"cannot read as {source_format}: too deeply nested") from None
    problems = [Problem(warning, warning=True)] + document.problems if warning else document.problems
    return (replace(document, text=without_surrogates(document.text), problems=problems),
            hashlib.sha256(data).hexdigest())


def start_lines(document: Document) -> list[int]:
    """The 1-based line each draft of `document` starts on (drafts are in text order): the file line of
    its record for a document built from the file (JSON, JSON Lines, HTML), else of the document text."""
    lines, line, position = [], 1, 0
    for draft in document.drafts:
        line += document.text.count("\n", position, draft.start)
        position = draft.start
        lines.append(draft.line if draft.line is not None else line)
    return lines


def article_of(document: Document, draft: Draft, file: str, file_hash: str | None, line: int,
               publishers: Mapping[str, str]) -> Article:
    """The Article for a draft of `document` read from `file`, starting on `line`; without a publisher
    named in the text, the publisher of its URL's domain."""
    text = document.text[draft.start:draft.end]
    return Article(
        id=article_id(text),
        file=file,
        offset=draft.start,
        line=line,
        text=text,
        title=short_title(clean(draft.title)),
        publisher=clean(draft.publisher or publisher_for_url(draft.url, publishers)),
        published=draft.published,
        url=clean(draft.url),
        skip_spans=tuple((start - draft.start, end - draft.start) for start, end in draft.skip_spans),
        file_hash=file_hash,
        source_format=document.source_format,
    )


def short_title(title: str | None) -> str | None:
    """A title of at most MAX_TITLE_CHARS characters: the first line of a file without header lines is
    its title, and a one-line file of megabytes would otherwise repeat itself in every claim."""
    if title is None or len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title.rfind(" ", 0, MAX_TITLE_CHARS)
    return title[: cut if cut > MAX_TITLE_CHARS // 2 else MAX_TITLE_CHARS - 1].rstrip() + "…"


def clean(value: str | None) -> str | None:
    """A metadata value without lone surrogates (JSON and JSON-LD escapes can hold them)."""
    return without_surrogates(value) if value else value
