"""The entries of an article's chain of sources, indexed for the lookups that resolve a name.

A lookup asks for the latest earlier entry that fits ("the paragraph's last speaker", "the last earlier
mention with this noun", "the fullest earlier mention of this person"). Each answers as a scan of every
earlier entry would, but reads only a pool of the entries that meet its fixed conditions, newest first,
so that the lookups of a long article do not grow with the square of its sources.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial

from spacy.tokens import Span, Token

from karabakh_claims.nlp.names import ACRONYM_LETTERS, PERSONAL, content_words, initials

PRONOUN_KINDS = tuple(sorted(set(PERSONAL.values())))
SPELLING_SKIP = {"of", "for", "and", "the"}
"""Words an acronym's spelled-out name may hold without an initial of their own ("Office for the ...")."""


@dataclass
class Entry:
    """One mention of a speaker or a named body in the article."""

    head: Token
    start: int
    end: int
    source: str
    kind: str
    speaker: bool
    paragraph: int
    headline: bool
    owners: list[Entry] = field(default_factory=list)
    """For data standing for its owners ("the report" after "the Bank's report"): the owners."""

    @property
    def tokens(self) -> Span:
        return self.head.doc[self.start : self.end]

    @cached_property
    def words(self) -> list[str]:
        return content_words(self.tokens)

    @cached_property
    def lowers(self) -> frozenset[str]:
        return frozenset(t.lower_ for t in self.tokens)

    @cached_property
    def nouns(self) -> frozenset[str]:
        """The lemmas of the nouns and names of a phrase of several words (what a short form looks for)."""
        tokens = self.tokens
        if len(tokens) <= 1:
            return frozenset()
        return frozenset(t.lemma_.lower() for t in tokens if t.pos_ in {"NOUN", "PROPN"})

    @cached_property
    def defined(self) -> frozenset[str]:
        """Words that define an acronym inside the phrase ("the United Nations Office ..., or OCHA")."""
        return frozenset(t.text for t in self.tokens if t.i != self.head.i and t.dep_ in {"appos", "conj"})

    @cached_property
    def spelled(self) -> frozenset[str]:
        """The acronyms a run of the phrase's capitalized words spells out (`spelling`), up to the
        longest an acronym can be."""
        words = _spelling_words(self.tokens)
        found = set()
        for k, first in enumerate(words):
            if not first.text[0].isupper():
                continue
            for end in range(k + 1, min(len(words), k + ACRONYM_LETTERS)):
                if not words[end].text[0].isupper():
                    break
                if len(acronym := initials(words[k : end + 1])) == end + 1 - k:
                    found.add(acronym)
        return frozenset(found)


def spelling(tokens: Span, wanted: str) -> str | None:
    """The run of capitalized words in `tokens` whose initials spell an acronym ("United Nations" in "A
    United Nations official" for UN)."""
    words = _spelling_words(tokens)
    for k in range(len(words) - len(wanted) + 1):
        run = words[k : k + len(wanted)]
        if len(wanted) > 1 and all(t.text[0].isupper() for t in run) and initials(run) == wanted:
            return tokens.doc[run[0].i : run[-1].i + 1].text
    return None


def _spelling_words(tokens: Span) -> list[Token]:
    return [t for t in tokens if t.is_alpha and t.lower_ not in SPELLING_SKIP]


class Pools:
    """Entries sorted into pools by keys, in an order, caught up with the chain when a lookup reads them
    (entries that no lookup of this kind reads are never looked at)."""

    def __init__(self, keys: Callable[[Entry], Iterable[Hashable]], order: Callable[[int, Entry], tuple]):
        self.keys = keys
        self.order = order
        self.pools: dict[Hashable, list[tuple]] = {}
        self.done = 0

    def pool(self, entries: list[Entry], key: Hashable) -> list[tuple]:
        """The pool `key` over every entry of the chain (`entries`, in order of registration)."""
        for seq in range(self.done, len(entries)):
            for entry_key in self.keys(entries[seq]):
                bisect.insort(self.pools.setdefault(entry_key, []), self.order(seq, entries[seq]))
        self.done = len(entries)
        return self.pools.get(key, [])


class Chain:
    """The entries in the order they were registered, and pools of them by what lookups ask."""

    def __init__(self, fits: Callable[[str, str], bool]):
        self.entries: list[Entry] = []
        by_head = _by_head
        # no bound method of the chain in its pools: a chain in a reference cycle would hold its entries'
        # tokens, and so the whole parsed doc, until a full collection
        self._speakers = Pools(partial(_speaker_keys, fits), by_head)
        self._nouns = Pools(_noun_keys, by_head)
        self._people = Pools(_person_keys, lambda seq, entry: (len(entry.words), seq, entry))
        """Persons by each of their words (None: all), in order of word count, then registration."""
        self._acronyms = Pools(_acronym_keys, lambda seq, entry: (seq, entry))

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)

    def latest(self, before: int, key: Hashable, accept: Callable[[Entry], bool] | None = None,
               floor: int = 0) -> Entry | None:
        """Of the pool `key`, the entry with the largest head index below `before` (and not below
        `floor`) that `accept` takes; of several on one head, the first registered. Keys "noun" and
        "said noun" (a speaker outside the headline) pool the phrases of several words with that noun."""
        pools = self._nouns if key[0] in ("noun", "said noun") else self._speakers
        pool = pools.pool(self.entries, key)
        k = bisect.bisect_left(pool, (before,)) - 1
        found = None
        while k >= 0 and pool[k][0] >= floor and (found is None or pool[k][0] == found.head.i):
            entry = pool[k][2]
            if accept is None or accept(entry):
                found = entry
            k -= 1
        return found

    def fullest_person(self, before: int, words: set[str], size: int) -> Entry | None:
        """The person mentioned before `before` with every one of `words` and more than `size` words:
        the one with the most words, the latest registered of those."""
        pool = self._people.pool(self.entries, min(words) if words else None)
        for count, _, entry in reversed(pool):
            if count <= size:
                break
            if entry.head.i < before and words <= set(entry.words):
                return entry
        return None

    def acronym_entry(self, before: int, text: str, wanted: str) -> Entry | None:
        """The entry registered last, of those before `before`, that defines the acronym written `text`
        or spells out its letters `wanted`."""
        found = [_last_before(self._acronyms.pool(self.entries, key), before) for key in (("defines", text), ("spells", wanted))]
        return max((pair for pair in found if pair is not None), key=lambda pair: pair[0], default=(None, None))[1]


def _by_head(seq: int, entry: Entry) -> tuple[int, int, Entry]:
    return entry.head.i, seq, entry


def _speaker_keys(fits: Callable[[str, str], bool], entry: Entry) -> Iterator[Hashable]:
    """The pools of the lookups of `sources.ArticleSources` that ask for a kind of speaker or name."""
    fitting = [kind for kind in PRONOUN_KINDS if fits(entry.kind, kind)]
    yield from (("fits", kind) for kind in fitting)
    if not entry.speaker:
        return
    yield ("speaker", entry.paragraph)
    yield from (("speaker", entry.paragraph, kind) for kind in fitting)
    if entry.kind != "person":
        yield ("speaker", "not person")
    if entry.headline:
        return
    yield from (("said", kind) for kind in fitting)  # a speaker outside the headline
    yield ("said", "not person") if entry.kind != "person" else ("said", entry.paragraph, "person")


def _noun_keys(entry: Entry) -> Iterator[Hashable]:
    yield from (("noun", word) for word in entry.nouns)
    if entry.speaker and not entry.headline:
        yield from (("said noun", word) for word in entry.nouns)


def _person_keys(entry: Entry) -> Iterable[Hashable]:
    return {None, *entry.words} if entry.kind == "person" else ()


def _acronym_keys(entry: Entry) -> Iterator[Hashable]:
    yield from (("defines", text) for text in entry.defined)
    yield from (("spells", letters) for letters in entry.spelled)


def _last_before(pool: list[tuple[int, Entry]], before: int) -> tuple[int, Entry] | None:
    return next((pair for pair in reversed(pool) if pair[1].head.i < before), None)
