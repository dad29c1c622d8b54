"""Where a figure is about: a place narrower than the crisis' territories ("arrived in Goris", "there")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.tree import entities_in, entity_of, lemma


class PlaceRules:
    """Finds the place a figure is about among the prepositional objects of its predicate and noun."""

    def __init__(self, config: MetricsConfig):
        self.place_nouns = set(config.places.place_nouns)
        self.whole_places = set(config.places.whole)

    def place(self, mention: Mention, sentences_before: list[Span]) -> str | None:
        """A place narrower than the crisis' territories that the figure is about ("arrived in Goris")."""
        candidates: list[Token] = []
        for head in (mention.predicate, mention.counted):
            if head is None:
                continue
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in {"in", "at", "into", "to", "from"}:
                    candidates.extend(c for c in child.children if c.dep_ == "pobj")
                if child.dep_ == "dobj" and head == mention.predicate:
                    candidates.append(child)
                if child.lower_ in {"there", "here"} and child.dep_ == "advmod":
                    return self._last_place(sentences_before)
        for token in candidates:
            name = self._place_name(token)
            if name:
                return None if self._several(token) else name
        return None

    def _several(self, token: Token) -> bool:
        """"in Aleppo and Idlib", "the provinces of A and B": a figure over several places is kept
        to none of them (its quantity has no single narrower place)."""
        heads = [token, *(obj for of in token.children if of.dep_ == "prep" and of.lower_ == "of"
                          for obj in of.children if obj.dep_ == "pobj")]
        return any(c.dep_ == "conj" and self._place_name(c) for head in heads for c in head.children)

    def _place_name(self, token: Token) -> str | None:
        """The place a prepositional object names: a place entity, or "the town of X" whatever its label."""
        if lemma(token) in self.place_nouns:
            named = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
            for of in named:
                for obj in of.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and obj.lower_ not in self.whole_places:
                        return token.doc[obj.left_edge.i : obj.i + 1].text
            if name := self._named_before(token):
                return name
        if token.pos_ == "PROPN" and any(c.dep_ == "appos" and lemma(c) in self.place_nouns for c in token.children):
            return self._unless_whole(token.doc[token.left_edge.i : token.i + 1].text)
        if token.ent_type_ in {"GPE", "LOC", "FAC"}:  # else no entity of those holds the token
            ent = entity_of(token)
            if ent is not None and ent.label_ in {"GPE", "LOC", "FAC"} and (name := self._unless_whole(ent.text)):
                return name
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self._place_name(obj)
        return None

    def _named_before(self, place_noun: Token) -> str | None:
        """"Vayots Dzor province", "the Syunik region": the proper name written before a place noun."""
        names = [c for c in place_noun.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if not names:
            return None
        return self._unless_whole(place_noun.doc[names[0].left_edge.i : names[-1].i + 1].text)

    def _unless_whole(self, name: str) -> str | None:
        """A place name, unless it names the crisis' whole territory."""
        return None if name.lower() in self.whole_places else name

    def _last_place(self, sentences: list[Span]) -> str | None:
        """What "there" points to: the last place named in the sentence before, if it is a narrower one."""
        if not sentences:
            return None
        for token in reversed(sentences[-1]):
            if lemma(token) in self.place_nouns and (named := self._place_name(token)):
                return named
        for ent in reversed(entities_in(sentences[-1])):
            if ent.label_ in {"GPE", "LOC", "FAC", "ORG"} and ent.text.lower() in self.whole_places:
                return None
            if ent.label_ in {"GPE", "LOC", "FAC"}:
                return ent.text
        return None
