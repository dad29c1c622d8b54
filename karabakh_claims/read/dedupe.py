"""Duplicates and copies across a stream of articles.

- Identical texts (after whitespace normalization) have the same id: the later ones are duplicates.
- Near-identical texts (the same wire story with another header or a trimmed tail) are copies of the first
  one seen: at least 90% of the smaller text's word 5-shingles occur in the other. Shingles are hashed
  with CRC-32 and sampled (hash divisible by 4) so the index stays small; only first-seen texts are indexed.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict

WORD = re.compile(r"\w+")
SHINGLE_WORDS = 5
SAMPLE_MODULUS = 4
MIN_SAMPLED_SHINGLES = 3
COPY_OVERLAP = 0.9


def sampled_shingles(text: str) -> frozenset[int]:
    """The sampled hashes of the text's lower-case word 5-shingles."""
    words = WORD.findall(text.lower())
    starts = range(len(words) - SHINGLE_WORDS + 1)
    hashes = (zlib.crc32(" ".join(words[i:i + SHINGLE_WORDS]).encode()) for i in starts)
    return frozenset(value for value in hashes if value % SAMPLE_MODULUS == 0)


class CopyIndex:
    """Remembers the articles seen: ids for duplicates, shingles of first-seen texts for copies."""

    def __init__(self) -> None:
        self.seen_ids: set[str] = set()
        self.postings: defaultdict[int, list[str]] = defaultdict(list)
        self.sizes: dict[str, int] = {}
        self.rank: dict[str, int] = {}

    def is_duplicate(self, article_id: str) -> bool:
        """Whether an article with this id was seen; records it otherwise."""
        if article_id in self.seen_ids:
            return True
        self.seen_ids.add(article_id)
        return False

    def copy_of(self, article_id: str, text: str) -> str | None:
        """The id of the first-seen article this text copies, or None (then this text is indexed)."""
        shingles = sampled_shingles(text)
        if len(shingles) < MIN_SAMPLED_SHINGLES:
            return None
        shared = Counter(other for value in shingles for other in self.postings.get(value, ()))
        size = len(shingles)
        copied = [other for other, count in shared.items() if count / min(size, self.sizes[other]) >= COPY_OVERLAP]
        if copied:
            return min(copied, key=self.rank.__getitem__)
        self.sizes[article_id] = len(shingles)
        self.rank[article_id] = len(self.rank)
        for value in shingles:
            self.postings[value].append(article_id)
        return None
