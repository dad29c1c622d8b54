"""Long articles in pieces: an article longer than the piece size is cut into consecutive slices, each
parsed on its own as an article of its own (same id, file and metadata; its own offset and line), so
that no text handed to spaCy exceeds `nlp.max_length` and every claim's offsets still point into the
file's text.

Cuts fall at the last line break before the limit, else at the last sentence end, else at the last
whitespace, else (a run of the limit's length without any space) at the limit itself. What an article
carries from one sentence to the next (the paragraph's speaker, the day it speaks of) never crosses a
line break, so cutting at line breaks keeps the claims of every paragraph as a whole parse finds them;
the article-wide chain of sources starts again in each piece.

A piece without a single letter (a table of figures, a line of numbers) holds no claim: no word
around its numbers names what they count. It is tokenized and its numbers read, but not parsed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from karabakh_claims.models import Article

PIECE_CHARS_ENV = "CLAIMS_PIECE_CHARS"
DEFAULT_PIECE_CHARS = 100_000
"""Articles longer than this many characters are parsed in pieces of at most this size
(environment variable CLAIMS_PIECE_CHARS; never more than `nlp.max_length`)."""
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")
WHITESPACE = re.compile(r"\s")
LETTER = re.compile(r"[^\W\d_]")
UNPARSED_PIPES = ("claims_line_breaks", "claims_quantities")
"""What a piece without letters goes through: sentence starts at line breaks, and the number reader."""


def piece_limit(nlp: Language) -> int:
    """The longest text parsed whole: CLAIMS_PIECE_CHARS (default 100,000), at most `nlp.max_length`."""
    try:
        wanted = int(os.environ.get(PIECE_CHARS_ENV, DEFAULT_PIECE_CHARS))
    except ValueError:
        wanted = DEFAULT_PIECE_CHARS
    return max(1, min(wanted, nlp.max_length))


def cut_points(text: str, limit: int) -> list[int]:
    """Where the pieces of `text` start: 0, then each cut, every piece at most `limit` characters."""
    starts = [0]
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start, end) + 1
        if cut <= start:
            cut = _last_match_end(SENTENCE_END, text, start, end) or _last_match_end(WHITESPACE, text, start, end) or end
        starts.append(cut)
        start = cut
    return starts


def _last_match_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    last = 0
    for match in pattern.finditer(text, start, end):
        last = match.end()
    return last if last > start else 0


def pieces(article: Article, limit: int) -> list[Article]:
    """The article as consecutive pieces of at most `limit` characters (itself when it is short enough)."""
    if len(article.text) <= limit:
        return [article]
    text = article.text
    starts = cut_points(text, limit)
    result = []
    line = article.line
    for start, end in zip(starts, [*starts[1:], len(text)]):
        skips = tuple((max(s, start) - start, min(e, end) - start) for s, e in article.skip_spans if s < end and e > start)
        result.append(article.model_copy(update={
            "text": text[start:end], "offset": article.offset + start, "line": line, "skip_spans": skips}))
        line += text.count("\n", start, end)
    return result


def has_letters(text: str) -> bool:
    return LETTER.search(text) is not None


def unparsed_doc(nlp: Language, doc: Doc) -> Doc:
    """A tokenized piece without letters, with its numbers read and its sentences cut as the line
    breaks and the long-run cap cut them, and no parse."""
    for name in UNPARSED_PIPES:
        doc = nlp.get_pipe(name)(doc)
    if len(doc):
        starts = doc.to_array([SENT_START]).astype("int64")
        starts[starts == 0] = -1  # not a start, where nothing cut a sentence
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def piece_docs(nlp: Language, parts: list[Article], make_doc, *, all_mentions: bool = False) -> Iterator[tuple[Doc, Article]]:
    """Each piece's doc, one at a time (a long article's docs are never all in memory at once). A
    piece without letters is only read for its numbers, and only when every mention is asked for:
    it holds no claim."""
    for part in parts:
        if has_letters(part.text):
            yield nlp(make_doc(nlp, part)), part
        elif all_mentions:
            yield unparsed_doc(nlp, make_doc(nlp, part)), part
