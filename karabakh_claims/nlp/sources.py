"""The sources of one article as a chain: every speaker and named body in text order, so that a short
form or a pronoun resolves to the fullest earlier mention ("the ministry" → "Freedonia's Ministry of
Health", "he" → "Ismail Sylvan, director of the office") and a paragraph keeps its speaker.

`ArticleSources` is built per document; the rules that find a speaker in a sentence are
`AttributionRules` (attribution.py), the word handling is names.py, and the chain's entries are
indexed for the lookups (chain.py), so that a long article's lookups do not rescan all its sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import DEP
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from karabakh_claims.nlp.article_origins import ArticleOrigins
from karabakh_claims.nlp.attribution import AttributionRules, SentenceView
from karabakh_claims.nlp.chain import Chain, Entry, spelling
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.names import (
    content_words,
    is_acronym,
    letters,
    name_bounds,
    phrase_bounds,
    pronoun_kind,
)
from karabakh_claims.nlp.origins import Origin, joint
from karabakh_claims.nlp.tree import sentence_start, tokens_with

ENTITY_KINDS = {"PERSON": "person", "ORG": "thing", "GPE": "thing", "NORP": "plural", "FAC": "thing"}
DASHES = {"-", "—", "–", "--", "―"}
DASH_CHARACTERS = "".join(sorted(set("".join(DASHES))))
"""What a dateline's dash is written with: a sentence holding none of them opens with no dateline."""
DATELINE_WINDOW = 16
"""A dateline ("BAKU, Sept 27 (Reuters) -") ends within this many tokens of its line's start."""
SUBJECT = frozenset({get_string_id("nsubj")})


@dataclass(frozen=True)
class Attribution:
    """Who gave a figure: `source` the fullest name the article gives, `text` the words of the sentence,
    `origin` the producer they stand for."""

    source: str
    text: str | None
    origin: Origin | None = None


class ArticleSources:
    """The chain of sources of one article, filled sentence by sentence (`enter`), asked per figure (`source`)."""

    def __init__(self, doc: Doc, text: str, rules: AttributionRules, skip: list[tuple[int, int]],
                 origins: ArticleOrigins | None = None):
        self.doc = doc
        self.text = text
        self.rules = rules
        self.skip = skip
        self.origins = origins
        self.chain = Chain(rules.fits)
        self.by_head: dict[int, Entry] = {}
        self.view: SentenceView | None = None
        self.paragraph = -1
        self.headline_line: int | None = None
        self.person_words: set[str] = set()
        """The words of the persons named so far: a later "Power" (tagged a common noun) is one of them."""
        self.ents: dict[int, list[Span]] = {}
        for ent in doc.ents:
            if ent.label_ in ENTITY_KINDS:
                self.ents.setdefault(sentence_start(doc, ent.start), []).append(ent)

    # --- sentence by sentence ---------------------------------------------------------------

    def enter(self, sentence: Span, paragraph: int, line_start: bool) -> None:
        """Read a sentence's speakers and named bodies into the chain."""
        self.paragraph = paragraph
        header = self._header_tokens(sentence)
        first = sentence.start
        if line_start and any(dash in self.text[sentence.start_char : sentence.end_char] for dash in DASH_CHARACTERS):
            first = self._dateline_end(sentence, header)
        self.view = SentenceView(sentence, first, header)
        if self.headline_line is None and any(self.view.usable(t) and not t.is_space for t in sentence):
            self.headline_line = paragraph if self._is_headline(sentence) else -1
        groups = self.rules.speakers(self.view)
        found = [(head, True) for heads in groups for head in heads]
        found += [(name, False) for name in self._names(sentence)]
        for head, speaker in sorted(found, key=lambda pair: (pair[0].i, not pair[1])):
            if head.i not in self.by_head:
                self._register(head, speaker)
        for heads in groups:
            data = self.rules.data_noun(heads[0])
            if data is not None and data.i not in self.by_head:
                self._register_as(data, [self.by_head[h.i] for h in heads if h.i in self.by_head])

    def _names(self, sentence: Span) -> list[Token]:
        """The named bodies of a sentence: its entities, and proper-noun subjects the tagger left unnamed."""
        names = [ent.root for ent in self.ents.get(sentence.start, []) if self.view.usable(ent.root)]
        names += [t for t in tokens_with(sentence, DEP, SUBJECT) if not t.ent_type_ and self.view.usable(t)
                  and (t.pos_ == "PROPN" or (t.is_title and t.lower_ in self.person_words))]
        return names

    def _is_headline(self, sentence: Span) -> bool:
        """The article's first line is a headline when a header names it ("Title: ...") or when it stands
        alone without a full stop and text follows."""
        if self.view.header:
            return True
        line = self.text[sentence.start_char :].split("\n", 1)
        return len(line) == 2 and bool(line[1].strip()) and not line[0].rstrip().rstrip("\"'”’").endswith((".", "!", "?"))

    def _header_tokens(self, sentence: Span) -> frozenset[int]:
        """Tokens of header keys ("Title:", "Date:") inside the sentence."""
        spans = [(s, e) for s, e in self.skip if s < sentence.end_char and sentence.start_char < e]
        if not spans:
            return frozenset()
        return frozenset(t.i for t in sentence if any(s <= t.idx < e for s, e in spans))

    @staticmethod
    def _dateline_end(sentence: Span, header: frozenset[int]) -> int:
        """The first token after a dateline ("BAKU, Sept 27 (Reuters) -", "ISTANBUL (AA) -"): a spaced
        dash near the line's start after a word in capitals or an outlet in brackets."""
        window = [t for t in sentence[:DATELINE_WINDOW] if t.i not in header]
        for k, token in enumerate(window):
            if token.text in DASHES and token.whitespace_ and k and window[k - 1].whitespace_ or (
                    token.text in DASHES and k and window[k - 1].text == ")"):
                before = window[:k]
                if any(t.text == ")" for t in before) or any(t.is_alpha and t.is_upper and len(t) >= 3 for t in before):
                    return token.i + 1
        return sentence.start

    # --- one figure -----------------------------------------------------------------------------

    def source(self, mention: Mention, money: bool) -> Attribution | None:
        """The source of a figure: the speaker its sentence names, resolved along the chain."""
        heads = self.rules.speaker(mention, self.view, money)
        if not heads:
            return None
        entries = [self._speaker_entry(h) for h in heads]
        texts = [self.doc[e.start : e.end].text for e in entries]
        return Attribution(source=" and ".join(e.source for e in entries), text=" and ".join(texts),
                           origin=self.origin_of(entries))

    def _speaker_entry(self, head: Token) -> Entry:
        entry = self.by_head.get(head.i)
        return entry if entry is not None and entry.speaker else self._register(head, True)

    def carried(self, mention: Mention) -> Attribution | None:
        """The speaker an earlier sentence of the paragraph named last ("..., the ministry said. Another 30 ...")."""
        entry = self.chain.latest(self.view.span.start, ("speaker", self.paragraph))
        return Attribution(entry.source, None, self.origin_of([entry])) if entry else None

    def phrase_origin(self, head: Token) -> Origin | None:
        """The origin of a phrase that names who did something with a figure ("the ministry" that
        withdrew it), read along the chain without entering it."""
        entry = self.by_head.get(head.i)
        return self.origin_of([entry if entry is not None and entry.speaker else self._entry(head, True)])

    def origin_of(self, entries: list[Entry]) -> Origin | None:
        """The origin of sources named together (a data noun stands for its owners)."""
        if self.origins is None:
            return None
        named = [owner for entry in entries for owner in (entry.owners or [entry])]
        return joint([self.origins.of_entry(e, self.chain.entries) for e in named])

    # --- the chain ------------------------------------------------------------------------------

    def _entry(self, head: Token, speaker: bool) -> Entry:
        start, end = phrase_bounds(head, self.view.first) if speaker else name_bounds(head)
        if speaker:
            source, kind = self._resolve(head, start, end)
        else:  # a named body as the article names it, resolved only when it speaks
            source, kind = self.rules.expand_acronyms(self.doc[start:end]), self.rules.kind(head)
        return Entry(head, start, end, source, kind, speaker, self.paragraph, self.paragraph == self.headline_line)

    def _register(self, head: Token, speaker: bool) -> Entry:
        entry = self._entry(head, speaker)
        if entry.kind == "person":
            self.person_words.update(w for w in entry.words if w[:1].isalpha())
        self.by_head[head.i] = entry
        self.chain.add(entry)
        return entry

    def _register_as(self, data: Token, owners: list[Entry]) -> None:
        """"The report" later means the owner of "the Bank's report": the data noun stands for its owners."""
        if not owners:
            return
        start, end = phrase_bounds(data, self.view.first)
        entry = Entry(data, start, end, " and ".join(e.source for e in owners), owners[0].kind, True,
                      self.paragraph, self.paragraph == self.headline_line, owners)
        self.by_head[data.i] = entry
        self.chain.add(entry)

    def _resolve(self, head: Token, start: int, end: int) -> tuple[str, str]:
        """The fullest name of a speaker phrase, and its kind (person, thing, plural)."""
        written = self.doc[start:end].text
        own_kind = pronoun_kind(head)
        if own_kind:
            entry = self._antecedent(head, own_kind)
            return (entry.source, entry.kind) if entry else (written, own_kind)
        kind = self.rules.kind(head)
        tokens = [t for t in self.doc[start:end] if not t.is_punct]
        words = content_words(tokens)
        if len(tokens) <= 2 and is_acronym(head):
            return self._expand_acronym(head, self.doc[start:end]), kind
        if self.rules.is_short_form(head, tokens):
            entry = self._fuller_body(head)
            if entry is not None:
                return self._name_in(entry, head), entry.kind
        elif kind == "person" and head.pos_ == "PROPN":
            entry = self._fuller_person(head, set(words), len(words))
            if entry is not None:
                return entry.source, "person"
        return self.rules.expand_acronyms(self.doc[start:end]), kind

    def _antecedent(self, pronoun: Token, kind: str) -> Entry | None:
        """He, she, it, they: the subject of a clause the pronoun's clause depends on ("Power met ..., where
        she announced"), else the last speaker of the paragraph that fits ("..., the ministry said. It
        added"), else a named body earlier in the sentence ("..., from the United States, it said"), else
        any earlier speaker or named body that fits."""
        latest = self.chain.latest
        return (self._governing_subject(pronoun, kind)
                or latest(pronoun.i, ("speaker", self.paragraph, kind))
                or latest(pronoun.i, ("fits", kind), floor=pronoun.sent.start)
                or latest(pronoun.i, ("said", kind))
                or latest(pronoun.i, ("fits", kind)))

    def _governing_subject(self, pronoun: Token, kind: str) -> Entry | None:
        """"Power met refugees ..., where she announced $11.5 million": the named subject of a clause the
        pronoun's clause depends on."""
        for verb in pronoun.head.ancestors:
            for child in verb.children:
                if child.dep_ == "nsubj" and child.i < pronoun.i and (child.pos_ == "PROPN" or child.is_title) \
                        and self.view.usable(child) and not pronoun_kind(child):
                    entry = self.by_head.get(child.i) or self._register(child, False)
                    # the parse is the stronger cue here: a named subject is taken unless its number disagrees
                    if self.rules.fits(entry.kind, kind) or (child.pos_ == "PROPN" and "plural" not in (entry.kind, kind)):
                        return entry
        return None

    def _fuller_body(self, head: Token) -> Entry | None:
        """"The ministry", "the agency", "the Commission": the last speaker of the body named with that noun,
        else the last organisation that spoke (for generic nouns: agency, organisation, group ...) or the
        paragraph's last person that spoke (for titles: "A senior diplomat told X. According to the envoy"),
        else any earlier mention with that noun (the headline's included). A mention of several words
        with the noun fits when it holds every word of the short form's own ("the health ministry" fits
        "Freedonia's Health Ministry"; "the separatist authorities" does not fit "Local authorities")."""
        word = head.lemma_.lower()
        modifiers = {t.lower_ for t in head.lefts if t.is_alpha and t.dep_ != "det"}
        generic = word in self.rules.generic_bodies and not modifiers
        title = word in self.rules.person_titles and not modifiers
        latest = self.chain.latest
        return (latest(head.i, ("said noun", word), lambda e: modifiers <= e.lowers and e.head.i != head.i)
                or (latest(head.i, ("said", "not person")) if generic else None)
                or (latest(head.i, ("said", self.paragraph, "person")) if title else None)
                or latest(head.i, ("noun", word), lambda e: modifiers <= e.lowers)
                or (latest(head.i, ("speaker", "not person")) if generic else None))

    def _name_in(self, entry: Entry, head: Token) -> str:
        """The entry's own resolved name, or the name inside it that the short form's noun heads
        ("the Commission" in "European Commission President X" → "European Commission")."""
        word = head.lemma_.lower()
        tokens = self.doc[entry.start : entry.end]
        if entry.head.lemma_.lower() == word or not any(t.lemma_.lower() == word for t in tokens) or (
                entry.kind == "person" and word in self.rules.person_titles):
            return entry.source
        inner = next(t for t in tokens if t.lemma_.lower() == word)
        start, end = name_bounds(inner)
        return self.rules.expand_acronyms(self.doc[start:end])

    def _fuller_person(self, head: Token, words: set[str], size: int) -> Entry | None:
        """A surname ("Sylvan") resolves to the person's full earlier mention ("Ismail Sylvan, director ...")."""
        return self.chain.fullest_person(head.i, words, size)

    def _expand_acronym(self, head: Token, span: Span) -> str:
        """"OCHA", "the U.N.": the name the article defines it as ("the United Nations Office ..., or OCHA",
        "Government Media Office (GMO)"), a name whose initials spell it, else the configured expansion."""
        wanted = letters(head.text)
        entry = self.chain.acronym_entry(head.i, head.text, wanted)
        if entry is None:
            return self.rules.expand_acronyms(span)
        return entry.source if head.text in entry.defined else spelling(entry.tokens, wanted)
