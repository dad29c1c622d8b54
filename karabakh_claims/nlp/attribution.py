"""Who said it: the speaker a figure is attributed to, found on the parse.

Constructions (each with a made-up example in tests/test_nlp_attribution.py):
- "according to X", "citing X", "as reported by X": the object of the phrase;
- a verb of saying ("X said", "said X", "X told reporters", "reported by X"): its subject or agent; when
  the parser leaves the verb without one, the noun phrase just before it;
- data as the speaker ("X's figures show", "figures from X show", "by X's count", "in a tally X put
  together", "estimates he cited"): the owner of the data;
- a colon quote ("X said in a statement: 40 ...", a headline "Sylvanian ministry: 40 killed");
- money: the body that gives or appeals for it ("X pledged $5m", "an appeal launched by X").
Header labels ("Title:") and datelines ("BAKU, Sept 27 (Reuters) -") are never speakers.
The words of the [attribution] section of metrics.toml are the lists these rules read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Span, Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.names import is_acronym, letters
from karabakh_claims.nlp.tree import (
    ancestors_and_self,
    first_conjunct,
    lemma,
    own_clause,
    reports_own_clause,
    tokens_with,
    with_conjuncts,
)

RELATIVE = {"which", "that", "who", "whom"}
FIRST_PERSON = {"i", "we"}
"""A quote's own "I'm announcing $100 million": the speaker is the subject of the verb outside the quote."""
SUBJECTS = {"nsubj", "nsubjpass"}
CUE_TAGS = {"VERB", "AUX", "ADP", "SCONJ"}
"""The parts of speech a cue of attribution starts with ("said", "according", "by", "as")."""
CUE_TAG_IDS = frozenset(POS_IDS[tag] for tag in CUE_TAGS)
NAMED_ENTITIES = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
OWNER_PREPOSITIONS = {"from", "by", "of"}
COLON_WINDOW = 8
"""A colon quote's speaker ("Sylvanian ministry: ...") stands within this many tokens of the line start."""
MAY_HOLD_ACRONYM = re.compile(r"[A-Z]\.?[A-Z]")
"""Two capitals in a row, or with a dot between: what a text holding an acronym (`names.ACRONYM`) holds."""


@dataclass(frozen=True)
class SentenceView:
    """A sentence with the tokens that can name a speaker: after its dateline, outside header labels."""

    span: Span
    first: int
    header: frozenset[int]
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    """What the rules read once per sentence for all its figures."""

    def usable(self, token: Token) -> bool:
        return self.first <= token.i < self.span.end and token.i not in self.header


class AttributionRules:
    """Finds the speaker of a figure on the parse; the word lists are metrics.toml's [attribution]."""

    def __init__(self, config: MetricsConfig):
        words = config.attribution
        self.reporting = set(words.reporting_verbs)
        self.according = [tuple(a.split()) for a in words.according]
        # the first words of those phrases, to pass over most tokens at once (an empty phrase matches anywhere)
        self.according_first = None if not all(self.according) else {w[0] for w in self.according}
        self.data_nouns = set(words.data_nouns)
        self.data_verbs = set(words.data_verbs)
        self.data_prepositions = set(words.data_prepositions)
        self.cue_words = None if self.according_first is None else self.according_first | self.data_prepositions
        """The words a citation starts with (`_cited`): None when any word may."""
        self.person_titles = set(words.person_titles)
        self.generic_bodies = set(words.generic_bodies)
        self.bodies = set(words.official_bodies) | self.generic_bodies
        self.recipient_verbs = set(words.recipient_verbs)
        self.acronyms = {letters(k): v for k, v in words.acronyms.items()}
        self.object_verbs = {verb for metric in config.metrics.values() for verb in metric.object_triggers}

    # --- the speaker of one figure ------------------------------------------------------------

    def speaker(self, mention: Mention, view: SentenceView, money: bool = False) -> list[Token]:
        """The heads of the phrases naming who gave the figure (several for "X and Y's figures"), or []."""
        scope = with_conjuncts(own_clause(mention.anchor))
        opening, citations = self._citations(view)
        for token, cited in citations:
            if token.head in scope or token == opening:
                return cited
        for token in ancestors_and_self(mention.anchor):
            for verb in [token, *[c for c in token.children if c.dep_ in {"parataxis", "conj"} and not reports_own_clause(c)]]:
                if self._reports(verb) and not self._counts_as_object(verb, mention):
                    subject = self._reporting_subject(verb, mention, view)
                    if subject:
                        return subject
        return self._colon_speaker(mention, view) or (self._giver(mention, view) if money else [])

    def _citations(self, view: SentenceView) -> tuple[Token | None, list[tuple[Token, list[Token]]]]:
        """The sentence's first word, and each of its tokens that cites a speaker with the speaker
        ("according to X"), read once per sentence for all its figures."""
        found = view.memo.get("citations")
        if found is None:
            opening = next((t for t in view.span if view.usable(t) and not (t.is_punct or t.is_space)), None)
            cues = self.cue_words
            cited = [(token, heads) for token in view.span if (cues is None or token.lower_ in cues)
                     and view.usable(token) and (heads := self._cited(token))]
            found = view.memo["citations"] = (opening, cited)
        return found

    def _cited(self, token: Token) -> list[Token]:
        """"according to X", "citing X"; "by X's count", "in a tally X put together"."""
        if self._starts_according(token):
            for child in token.subtree:
                if child.dep_ in {"pobj", "dobj"}:
                    return self.owners(child)
        if token.dep_ == "prep" and token.lower_ in self.data_prepositions:
            for child in token.children:
                if child.dep_ == "pobj" and lemma(child) in self.data_nouns:
                    owners = self.owners(child)
                    return owners if owners != [child] else []
        return []

    def _reports(self, verb: Token) -> bool:
        if verb.pos_ not in {"VERB", "AUX"}:
            return False
        word = lemma(verb)
        if word in self.reporting:
            return True
        return word in self.data_verbs and any(c.dep_ == "nsubj" and lemma(c) in self.data_nouns for c in verb.children)

    def _counts_as_object(self, verb: Token, mention: Mention) -> bool:
        """"The conflict has claimed 35,000 lives": a verb with the figure as its object counts it, not reports it."""
        return lemma(verb) in self.object_verbs and first_conjunct(mention.np_head) in verb.children

    def _starts_according(self, token: Token) -> bool:
        if self.according_first is not None and token.lower_ not in self.according_first:
            return False
        doc = token.doc
        for words in self.according:
            end = token.i + len(words)
            if end <= len(doc) and [t.lower_ for t in doc[token.i : end]] == list(words):
                return True
        return False

    def _reporting_subject(self, verb: Token, mention: Mention, view: SentenceView) -> list[Token]:
        """The reporter: the subject of an active verb, the agent of a passive one ("reported by X");
        never the figure itself ("40,000 refugees have registered"), a header label or a dateline."""
        has_subject = False
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                has_subject = True
            if child.dep_ in SUBJECTS and mention.anchor in child.subtree:
                return []
            if child.dep_ == "nsubj" and child.lower_ in FIRST_PERSON:
                return []
            if child.dep_ == "nsubj" and child.lower_ not in RELATIVE and view.usable(child):
                return self.owners(child)
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self.owners(objects[0])
        if has_subject:
            return []
        before = self._phrase_before(verb, view)
        return [before] if before is not None and mention.anchor not in before.subtree else []

    @staticmethod
    def _phrase_before(verb: Token, view: SentenceView) -> Token | None:
        """A verb of saying the parser left without a subject ("Speaking on Army Radio, the Sylvanian
        army (SA) said ..."): the noun phrase that ends right before it."""
        i = verb.i - 1
        while i >= view.span.start and verb.doc[i].is_punct and verb.doc[i].text in {")", "\"", "”", "’"}:
            i -= 1
        if i < view.span.start:
            return None
        token = verb.doc[i]
        while token.dep_ in {"compound", "flat"} or (token.dep_ == "appos" and (is_acronym(token) or token.nbor(-1).text == "(")):
            token = token.head
        if token.pos_ not in {"NOUN", "PROPN"} or not view.usable(token) or token.i > verb.i:
            return None
        return token

    def owners(self, noun: Token) -> list[Token]:
        """Data as the speaker: "X's figures", "Health ministry figures", "figures from X", "a tally that
        X put together", "estimates he cited", "figures released by X" → X (with any other speaker
        coordinated with the data: "ministry figures and a rescue group" → also the group)."""
        if lemma(noun) not in self.data_nouns:
            return [noun]
        found = self._data_owner(noun)
        if not found:
            return [noun]
        return found + [c for c in noun.conjuncts if c.i > noun.i and lemma(c) not in self.data_nouns]

    def _data_owner(self, noun: Token) -> list[Token]:
        """Who gave the data: the one who cited or compiled it ("estimates he cited", "figures released by
        X"), else its owner ("X's figures", "figures from X", "Health ministry figures")."""
        for child in noun.children:
            if child.dep_ in {"relcl", "acl"}:
                found = self._clause_owner(child)
                if found:
                    return found
        owned = [c for c in noun.children if c.dep_ == "poss"]
        owned += [c for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in OWNER_PREPOSITIONS
                  for c in prep.children if c.dep_ == "pobj"]
        if owned:
            return owned[:1]
        return [c for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1 and c.pos_ in {"NOUN", "PROPN"}]

    @staticmethod
    def _clause_owner(clause: Token) -> list[Token]:
        for child in clause.children:
            if child.dep_ == "nsubj" and child.lower_ not in RELATIVE:
                return [child]
            if child.dep_ == "agent":
                return [c for c in child.children if c.dep_ == "pobj"]
        return []

    def _colon_speaker(self, mention: Mention, view: SentenceView) -> list[Token]:
        """"X said in a statement: 40 ..." and the headline "Sylvanian health ministry: 40 killed"
        (the sentence's first colon and its speaker are read once per sentence)."""
        if "colon" not in view.memo:
            colon = next((t for t in view.span if t.text == ":" and view.usable(t)), None)
            view.memo["colon"] = (colon, self._before_colon(colon, view) if colon is not None else [])
        colon, heads = view.memo["colon"]
        return heads if colon is not None and colon.i < mention.anchor.i else []

    def _before_colon(self, colon: Token, view: SentenceView) -> list[Token]:
        """Who speaks before a colon: the subject of a reporting verb, else a body heading the line."""
        for token in view.span.doc[view.first : colon.i]:
            if self._reports(token):
                subject = [c for c in token.children if c.dep_ == "nsubj" and view.usable(c) and c.lower_ not in RELATIVE]
                if subject:
                    return self.owners(subject[0])
        prefix = [t for t in view.span.doc[view.first : colon.i] if view.usable(t)]
        if not prefix or len(prefix) > COLON_WINDOW:
            return []
        heads = [t for t in prefix if t.head.i >= colon.i or t.head == t or t.head.i < prefix[0].i]
        head = heads[0] if len(heads) == 1 else prefix[-1]
        # a body ("Sylvanian health ministry:", "UN:"), not a place ("Tarn: 25 killed in blast")
        body = lemma(head) in self.bodies or lemma(head) in self.person_titles or head.ent_type_ == "ORG" or is_acronym(head)
        return [head] if head.pos_ in {"NOUN", "PROPN"} and body else []

    def _giver(self, mention: Mention, view: SentenceView) -> list[Token]:
        """Money: the subject of the verb that gives, pledges or appeals for it ("Sylvania pledged $5m",
        "X issued an appeal seeking $10m"), the agent of a passive one ("an appeal launched by X"), the
        giver after "from" when the subject receives it."""
        for verb in mention.np_head.ancestors:
            if verb.pos_ not in {"VERB", "AUX"}:
                continue
            if lemma(verb) in self.recipient_verbs:
                givers = [c for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "from"
                          for c in prep.children if c.dep_ == "pobj"]
                return givers[:1]
            for child in verb.children:
                if child.dep_ == "nsubj" and child.lower_ in RELATIVE and verb.dep_ == "relcl":
                    child = verb.head  # "Sylvania, which pledged $5m"
                if child.dep_ == "nsubj" and mention.anchor not in child.subtree and view.usable(child):
                    return [child] if self.names_a_body(child) or child.pos_ == "PRON" else []
                if child.dep_ == "agent":
                    return [c for c in child.children if c.dep_ == "pobj"][:1]
        return []

    # --- all the speakers of a sentence (the article's chain) -----------------------------------

    def data_noun(self, owner: Token) -> Token | None:
        """The data an owner was found for ("the ministry" → "figures" in "figures from the ministry")."""
        for token in (owner.head, owner.head.head, owner.head.head.head):
            if lemma(token) in self.data_nouns and owner in self._data_owner(token):
                return token
        return None

    def speakers(self, view: SentenceView) -> list[list[Token]]:
        """Every speaker the sentence names, figure or not (so that later short forms find them)."""
        found = []
        for token in tokens_with(view.span, POS, CUE_TAG_IDS):
            if not view.usable(token):
                continue
            cited = self._cited(token)
            if cited:
                found.append(cited)
            elif self._reports(token) and not (lemma(token) in self.object_verbs and any(c.dep_ == "dobj" for c in token.children)):
                for child in token.children:
                    if child.dep_ == "nsubj" and child.lower_ not in RELATIVE | FIRST_PERSON and view.usable(child):
                        found.append(self.owners(child))
                    elif child.dep_ == "agent":
                        found.append([c for c in child.children if c.dep_ == "pobj"])
        return found

    # --- words ---------------------------------------------------------------------------------

    def names_a_body(self, token: Token) -> bool:
        """A person, organisation, country or people, by name or by a noun of office ("the ministry")."""
        words = [t for t in token.subtree if t.i <= token.i]
        return any(t.ent_type_ in NAMED_ENTITIES or t.pos_ == "PROPN" for t in words) or lemma(token) in self.bodies \
            or lemma(token) in self.person_titles

    def kind(self, head: Token) -> str:
        """"person", "plural" (officials, the White Helmets), "thing" (an organisation, a country) or "name"
        (a proper noun the tagger did not class, which a pronoun of either kind may refer to)."""
        if head.ent_type_ == "PERSON" or lemma(head) in self.person_titles or any(
                c.dep_ == "compound" and lemma(c) in self.person_titles for c in head.lefts):
            return "person"
        if (head.pos_ == "PROPN" or head.is_title) and not head.ent_type_:
            return "name"
        return "plural" if head.tag_ in {"NNS", "NNPS"} else "thing"

    @staticmethod
    def fits(entry_kind: str, pronoun_kind: str) -> bool:
        """He/she → a person; it → an organisation or country (or a plural name); they → plural or organisation."""
        if entry_kind == "name":
            return True
        if pronoun_kind == "person":
            return entry_kind == "person"
        return entry_kind != "person"

    def is_short_form(self, head: Token, tokens: list[Token]) -> bool:
        """"the ministry", "The agency", "the Commission", "the news agency": the article's earlier full name
        is meant (a determiner and a common noun of office, nothing naming the body itself)."""
        if not any(t.lower_ in {"the", "this", "that"} for t in tokens) or head.ent_type_ in {"PERSON", "GPE", "NORP"}:
            return False
        if any(t.dep_ in {"poss", "case"} for t in tokens):
            return False  # "the government's press service" names its body
        others = [t for t in tokens if t != head and t.is_alpha and t.lower_ not in {"the", "this", "that"}]
        return head.is_alpha and all(t.pos_ in {"NOUN", "ADJ"} and not t.ent_type_ for t in others) and (
            head.pos_ == "NOUN" or lemma(head) in self.bodies or head.lower_ in self.bodies)

    def expand_acronyms(self, span: Span) -> str:
        """The written phrase with well-known acronyms spelled out ("the U.N." → "the United Nations")."""
        text = span.text
        if not MAY_HOLD_ACRONYM.search(text):
            return text  # no word of it can be one (`names.ACRONYM`)
        defined = [t for t in span if t.dep_ in {"appos", "conj"} and t.head in span and t.head != t]
        for token in reversed([t for t in span if is_acronym(t) and letters(t.text) in self.acronyms and t not in defined]):
            start = token.idx - span.start_char
            text = text[:start] + self.acronyms[letters(token.text)] + text[start + len(token.text) :]
        return text
