"""Whether a figure was retracted: a verb of the figure's sentence that denies, disowns or withdraws it.

The verb is linked to the figure on the parse (the words are sources.toml's [retraction]):
- "object": the figure is in what it denies ("the ministry withdrew its estimate of 500 dead",
  "the toll of 500 was later withdrawn by the ministry");
- "holder": the figure is in its subject ("the society, which had put the toll at 300, later disowned
  the figure");
- "clause": the figure is in a clause under it ("Sylvania denied that 200 civilians died");
- "sequel": the figure is elsewhere in the sentence and the verb's object is a data noun or a pronoun
  ("the society put the toll at 300 but later disowned the figure").
Whether the denier is the figure's own origin is decided with the article's sources (document.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from karabakh_claims.config_schema import SourcesConfig
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.tree import doc_cache, lemma

OBJECTS = {"dobj", "obj", "attr", "nsubjpass", "pobj"}
CLAUSES = {"ccomp", "xcomp", "advcl"}


@dataclass(frozen=True)
class Retraction:
    """A verb that retracts a figure: who says so (None for a passive without agent), how it holds the
    figure, and whose the denied figure is when the text says so ("the figure given by X", "X's toll")."""

    denier: Token | None
    how: str
    owner: Token | None = None


class RetractionRules:
    """The [retraction] words of sources.toml, applied to the parse around a figure."""

    def __init__(self, sources: SourcesConfig):
        words = sources.retraction
        self.verbs = set(words.verbs)
        self.phrasal = {tuple(p.split()) for p in words.phrasal if len(p.split()) == 2}
        self.objects = set(words.objects)

    def retraction(self, mention: Mention) -> Retraction | None:
        """The first verb of the figure's sentence that retracts it, if any."""
        for verb in self._retracting_verbs(mention.span.sent):
            how = self._how(verb, mention.anchor)
            if how is not None:
                return Retraction(self._denier(verb), how, owner_of(mention.np_head, verb))
        return None

    def _retracting_verbs(self, sentence: Span) -> list[Token]:
        """The verbs of the sentence that retract, in order (read once for all its figures)."""
        verbs = doc_cache(sentence.doc, (self, "verbs"))
        found = verbs.get(sentence.start)
        if found is None:
            found = verbs[sentence.start] = [verb for verb in sentence
                                             if verb.pos_ in {"VERB", "AUX"} and self.retracts(verb)]
        return found

    def retracts(self, verb: Token) -> bool:
        if lemma(verb) in self.verbs:
            return True
        particles = [c.lower_ for c in verb.children if c.dep_ in {"prt", "advmod"}]
        return any((lemma(verb), p) in self.phrasal for p in particles)

    def _how(self, verb: Token, anchor: Token) -> str | None:
        children = list(verb.children)
        objects = [c for c in children if c.dep_ in OBJECTS]
        objects += [g for c in children if c.dep_ in {"prep", "agent"} for g in c.children if c.dep_ == "pobj"]
        if any(anchor in o.subtree for o in objects if o.dep_ != "pobj" or o.head.dep_ != "agent"):
            return "object"
        subjects = [c for c in children if c.dep_ == "nsubj"]
        if any(anchor in s.subtree for s in subjects):
            return "holder"
        if any(anchor in c.subtree for c in children if c.dep_ in CLAUSES):
            return "clause"
        if anchor not in verb.subtree and any(lemma(o) in self.objects or o.lower_ in self.objects for o in objects):
            return "sequel"
        return None

    @staticmethod
    def _denier(verb: Token) -> Token | None:
        """The subject of the verb, the agent of a passive one; a conjoined verb's shared subject."""
        for token in (verb, verb.head if verb.dep_ == "conj" else None):
            if token is None:
                continue
            for child in token.children:
                if child.dep_ == "nsubj":
                    return child
                if child.dep_ == "agent":
                    return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None


def owner_of(noun: Token, verb: Token) -> Token | None:
    """Whose the figure is, as its phrase says under the denying verb: "X's estimate of 500", "the
    toll of 600 given by X", "figures from X" (a pronoun, "its estimate", is the denier's own)."""
    for token in [noun, *noun.ancestors]:
        if token == verb:
            return None
        for child in token.children:
            if child.dep_ == "poss" and child.pos_ != "PRON":
                return child
            if child.dep_ in {"acl", "relcl"}:
                for grand in child.children:
                    if grand.dep_ == "agent":
                        return next((c for c in grand.children if c.dep_ == "pobj"), None)
            if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None
