"""The origins of one article's sources: the rules of origins.py given the article's context.

A source's origin is read from, in order (the first that the rules settle wins): its fullest name;
the phrase as the sentence words it; the body inside a person's phrase ("Ismail al-Thawabta, director
general of the office" → the office the article named before); a fuller mention of the same person
("Haiat" → "The spokesman, Lior Haiat" → "a foreign ministry spokesman"); an earlier body with the
same head noun in the same state ("the ministry in Ramallah" → "the Palestinian Ministry of Health").
A body that names no state takes the one state its sentence names, else the dateline's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.names import content_words, is_acronym
from karabakh_claims.nlp.origins import Origin, OriginRules, State, joint, words_of
from karabakh_claims.nlp.tree import lemma

if TYPE_CHECKING:
    from karabakh_claims.nlp.chain import Entry

DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'’. -]*[A-Z])\b[^\n]{0,48}?\s[-—–]{1,2}\s")
"""A dateline: "GAZA, Nov. 21 (Xinhua) -- ", "JERUSALEM (AFP) - "; its place in capitals."""
DATELINE_CHARS = 2000
MAX_FULLER = 8
JOINING = {"and", "&"}
"""Conjunctions that join two bodies ("X and Y"); "the Office ..., or OCHA" names one."""
PERSONS = {"person", "name"}
"""Kinds of entry (sources.py) that may name a person: "name" is a proper noun the tagger did not class."""


class ArticleOrigins:
    """The origin of each source of one article (cached by the mention it was named by)."""

    def __init__(self, doc: Doc, text: str, rules: OriginRules, titles: set[str] = frozenset(),
                 doing: set[str] = frozenset()):
        self.doc = doc
        self.text = text
        self.rules = rules
        self.titles = titles
        self.doing = doing
        """Verbs of the metrics' triggers ("killed 600"): their subject did it."""
        """Nouns of a person's office (metrics.toml's person_titles): "the spokesman" is the one named before."""
        self.cache: dict[tuple[int, int, int], Origin] = {}
        self.contexts: dict[tuple[int, int], list[State]] = {}

    @cached_property
    def territories(self) -> tuple[State, ...]:
        """The territories of nations.toml the article names ("Gaza")."""
        found = {state.name: state for state in self.rules.states_in(words_of(self.text)) if state.territory}
        return tuple(found.values())

    @cached_property
    def dateline(self) -> list[State]:
        match = DATELINE.search(self.text[:DATELINE_CHARS])
        return self.rules.states_in(words_of(match.group(1).title())) if match else []

    def context(self, sentence: Span) -> list[State]:
        """The state a body of this sentence belongs to when its name names none: the one state the
        sentence names outside the doers of its events (its territory, when it names one), else the
        dateline's. Read once a sentence."""
        bounds = (sentence.start, sentence.end)
        if bounds not in self.contexts:
            self.contexts[bounds] = self._context(sentence)
        return self.contexts[bounds]

    def _context(self, sentence: Span) -> list[State]:
        doers = actors(sentence, self.doing)
        named = self.rules.states_in(words_of(" ".join(t.text for t in sentence if t.i not in doers)))
        nations = {s.nation for s in named}
        if len(nations) == 1:
            return [next((s for s in named if s.territory), named[0])]
        dated = [s for s in self.dateline if not nations or s.nation in nations]
        return dated[:1]

    def resolve(self, phrase: str, sentence: Span, person: bool) -> Origin:
        return self.rules.resolve(phrase, self.context(sentence), self._territories(), person)

    def _territories(self) -> Iterator[State]:
        """The territories, read from the article only when a name asks for them (one with a
        territory noun: "the territory's health ministry")."""
        yield from self.territories

    def own_loss_state(self, mention: Mention, verbs: list[str]) -> State | None:
        """"Azerbaijan has lost 191 soldiers": the state that is the subject of a verb of loss whose
        object is the figure (the state alone, not "the army" or "Azerbaijani forces")."""
        verb = mention.np_head.head
        if lemma(verb) not in verbs or mention.np_head.dep_ not in {"dobj", "obj"}:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        words = words_of(self.doc[subject.left_edge.i : subject.right_edge.i + 1].text)
        states = self.rules.states_in(words)
        return states[0] if states and self.rules.only_state(words, states[0]) else None

    @cached_property
    def _outlet(self) -> Origin:
        return self.rules.outlet(self.doc._.publisher, self.doc._.source_file or "")

    def outlet(self) -> Origin:
        """The origin of the article's figures that no one is named for (read once an article)."""
        return self._outlet

    # --- one source ------------------------------------------------------------------------------

    def of_entry(self, entry: Entry, entries: list[Entry]) -> Origin:
        """The origin of a source the chain named with `entry` (`entries`: the chain so far); the
        parts of a coordinated phrase each their own ("the Civil Defense and the Health Ministry")."""
        key = (entry.head.i, entry.start, entry.end)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        self.cache[key] = self.rules.resolve(entry.source)  # while it is read: no loop through the chain
        same = next((e for e in entries if e.source == entry.source and e.head.i < entry.head.i and not e.owners), None)
        if same is not None:
            found = self.of_entry(same, entries)
        else:
            found = joint([self._of_part(part, entries) for part in self.parts(entry)])
        self.cache[key] = found
        return found

    def parts(self, entry: Entry) -> list[Entry]:
        """A phrase's coordinated bodies, each as an entry of its own (the phrase alone when it has one)."""
        conjuncts = [c for c in entry.head.children if c.dep_ == "conj" and entry.start <= c.i < entry.end]
        joins = [c for c in entry.head.children if c.dep_ == "cc" and entry.start <= c.i < entry.end]
        if not conjuncts or any(c.lower_ not in JOINING for c in joins) or self.doc[entry.start : entry.end].text != entry.source:
            return [entry]
        cut = min(c.left_edge.i for c in conjuncts)
        cut = min([cut] + [c.i for c in entry.head.children if c.dep_ == "cc" and entry.head.i < c.i < cut])
        bounds = [(entry.head, entry.start, cut)] + [(c, c.left_edge.i, c.right_edge.i + 1) for c in conjuncts]
        return [replace(entry, head=head, start=start, end=end, source=self.doc[start:end].text)
                for head, start, end in bounds]

    def _of_part(self, entry: Entry, entries: list[Entry]) -> Origin:
        key = (entry.head.i, entry.start, entry.end)
        if key in self.cache and self.cache[key].canonical:
            return self.cache[key]
        first = self._from_names(entry, entries)
        found = first if first.canonical else (
            self._clauses(entry) or self._inner_body(entry, entries) or self._acronym(entry, entries)
            or self._fuller_person(entry, entries) or self._same_body(entry, entries, first) or first)
        self.cache[key] = found
        return found

    def _from_names(self, entry: Entry, entries: list[Entry]) -> Origin:
        """From the fullest name (in the sentence that named it so), else the phrase as written here."""
        person = entry.kind in PERSONS
        named_by = next((e for e in entries if e.source == entry.source and e.head.i <= entry.head.i), entry)
        first = self.resolve(entry.source, named_by.head.sent, person)
        written = self.doc[entry.start : entry.end].text
        if first.canonical or written == entry.source:
            return first
        second = self.resolve(written, entry.head.sent, person)
        return second if second.canonical else first

    def _clauses(self, entry: Entry) -> Origin | None:
        """"Sivanka Dhanapala, who represents the UN High Commissioner for Refugees": the body a clause
        or an apposition on the speaker names."""
        for child in entry.head.children:
            if child.dep_ in {"relcl", "acl", "appos"} and child.i > entry.head.i:
                phrase = self.doc[child.left_edge.i : child.right_edge.i + 1].text
                origin = self.resolve(phrase, entry.head.sent, False)
                if origin.canonical:
                    return origin
        return None

    def _inner_body(self, entry: Entry, entries: list[Entry]) -> Origin | None:
        """"Ismail al-Thawabta, director general of the office", "The spokesman, Lior Haiat": the body
        or title a person's phrase names, as the article named it before."""
        for token in self.doc[entry.start : entry.end]:
            if token.pos_ != "NOUN" or not (lemma(token) in self.rules.body_nouns or lemma(token) in self.titles):
                continue
            modifiers = {t.lower_ for t in token.lefts if t.is_alpha and t.dep_ != "det"}
            for other in reversed(entries):
                if other.head.i < entry.start and self._names(other, lemma(token), modifiers):
                    origin = self.of_entry(other, entries)
                    if origin.canonical:
                        return origin
        return None

    def _names(self, entry: Entry, word: str, modifiers: set[str]) -> bool:
        tokens = self.doc[entry.start : entry.end]
        return modifiers <= {t.lower_ for t in tokens} and any(lemma(t) == word for t in tokens)

    def _acronym(self, entry: Entry, entries: list[Entry]) -> Origin | None:
        """"the Hamas-controlled GMO": the body the article spelled out with it before ("Government Media Office (GMO)")."""
        for token in self.doc[entry.start : entry.end]:
            if is_acronym(token):
                for other in reversed(entries):
                    if other.head.i < entry.start and any(t.text == token.text for t in self.doc[other.start : other.end]):
                        origin = self.of_entry(other, entries)
                        if origin.canonical:
                            return origin
        return None

    def _fuller_person(self, entry: Entry, entries: list[Entry]) -> Origin | None:
        """A person named in full before, with the body they speak for ("Haiat" → "The spokesman, Lior
        Haiat"; "Power" → "USAID head Samantha Power")."""
        if entry.kind not in PERSONS and entry.head.ent_type_ != "PERSON":
            return None
        names = {w for w in content_words(self.doc[entry.start : entry.end]) if w[:1].isalpha()}
        for other in self._fuller(entries, entry, names):
            origin = self.of_entry(other, entries)
            if origin.canonical:
                return origin
        first = next((t for t in self.doc[: entry.start] if t.lower_ == entry.head.lower_ and t.pos_ == "PROPN"), None)
        if first is not None:
            origin = self.resolve(self.doc[first.left_edge.i : first.i + 1].text, first.sent, True)
            if origin.canonical:
                return origin
        return None

    @staticmethod
    def _fuller(entries: list[Entry], entry: Entry, names: set[str]) -> Iterator[Entry]:
        found = 0
        for other in reversed(entries):
            if other.head.i != entry.head.i and names and names <= set(other.words) and len(other.words) > len(names):
                found += 1
                yield other
                if found >= MAX_FULLER:
                    return

    def _same_body(self, entry: Entry, entries: list[Entry], first: Origin) -> Origin | None:
        """"the ministry in Ramallah" after "the Palestinian Ministry of Health": the body with the same
        head noun named before, in the same state (or any, when this one names none)."""
        head = lemma(entry.head)
        if head not in self.rules.body_nouns and entry.head.pos_ != "PROPN":
            return None
        for other in reversed(entries):
            if other.head.i >= entry.head.i:
                continue
            for part in self.parts(other):
                if lemma(part.head) == head and part.head.i != entry.head.i:
                    origin = self._of_part(part, entries)
                    if origin.canonical and (first.state is None or origin.state == first.state):
                        return origin
        return None


def actors(sentence: Span, doing: set[str]) -> set[int]:
    """The tokens naming who did what the sentence counts: the subject of a verb that counts its
    object (`doing`: "Israeli strikes killed 600 people") and the agent of a passive one ("were
    killed by Russian missiles"). Their state is not the one whose body counted the dead."""
    found: set[int] = set()
    for token in sentence:
        if lemma(token) in doing and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in {"nsubj", "agent"}:
                    found.update(t.i for t in child.subtree)
    return found
