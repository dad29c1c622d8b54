"""Who said it: the source a figure is attributed to ("according to X", "officials said")."""

from __future__ import annotations

from spacy.tokens import Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.tree import (
    ancestors_and_self,
    first_conjunct,
    lemma,
    own_clause,
    reports_own_clause,
    with_conjuncts,
)


class AttributionRules:
    """Finds the source of a figure: an "according to" phrase or the subject of a reporting verb."""

    def __init__(self, config: MetricsConfig):
        self.reporting = set(config.attribution.reporting_verbs)
        self.according = [tuple(a.split()) for a in config.attribution.according]
        # the first words of those phrases, to pass over most tokens at once (an empty phrase matches anywhere)
        self.according_first = None if not all(self.according) else {words[0] for words in self.according}
        self.object_verbs = {verb for metric in config.metrics.values() for verb in metric.object_triggers}

    def source(self, mention: Mention) -> str | None:
        """Who the text says gave the figure: "according to X", or the subject of a reporting verb."""
        scope = with_conjuncts(own_clause(mention.anchor))
        for token in mention.span.sent:
            if token.head in scope and self._starts_according(token):
                obj = self._according_object(token)
                if obj is not None:
                    return self._phrase(obj)
        for token in ancestors_and_self(mention.anchor):
            for verb in [token, *[c for c in token.children if c.dep_ in {"parataxis", "conj"} and not reports_own_clause(c)]]:
                if lemma(verb) in self.reporting and verb.pos_ in {"VERB", "AUX"} and not self._counts_as_object(verb, mention):
                    subject = self._reporting_subject(verb, mention)
                    if subject is not None:
                        return subject
        return None

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

    def _according_object(self, token: Token) -> Token | None:
        for child in token.subtree:
            if child.dep_ == "pobj":
                return child
        return None

    def _reporting_subject(self, verb: Token, mention: Mention) -> str | None:
        """The reporter: the subject of an active verb, the agent of a passive one ("reported by X");
        never the figure itself ("40,000 refugees have registered")."""
        for child in verb.children:
            if child.dep_ == "nsubj" and mention.anchor in child.subtree:
                return None
            if child.dep_ == "nsubj" and child.lower_ not in {"it", "which", "that", "who"}:
                if child.pos_ == "PRON":
                    return self._antecedent(child)
                return self._phrase(child)
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self._phrase(objects[0])
        return None

    def _antecedent(self, pronoun: Token) -> str | None:
        """The nearest proper-noun subject before a personal pronoun ("Power ... she announced")."""
        doc = pronoun.doc
        for i in range(pronoun.i - 1, max(-1, pronoun.i - 80), -1):
            token = doc[i]
            if token.pos_ == "PROPN" and token.dep_ in {"nsubj", "nsubjpass", "compound"} and token.ent_type_ in {"PERSON", "ORG", ""}:
                return token.text if token.dep_ != "compound" else token.head.text
        return None

    @staticmethod
    def _phrase(token: Token) -> str:
        words = [t for t in token.subtree if not (t.is_punct and t.i in (token.left_edge.i, token.right_edge.i))]
        return token.doc[words[0].i : words[-1].i + 1].text if words else token.text
