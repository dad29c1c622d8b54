"""Whether a figure is a projection: a number the text expects, fears or plans, not one it counts.

"arrivals could rise to 100,000", "up to 5,000 may be displaced", "5.37 million will need shelter",
"the toll is expected to top 500", "300 are feared dead", "the army plans to send 2,000 troops": the
figure's clause carries a modal or future auxiliary, or stands under a verb of expectation, fear or
intention. Not a projection: a perfect after the modal ("may have left 5.3 million homeless" estimates
the past) and money a giver will give ("France said it would put in 12 million euros" is a pledge).
The word lists are the [projection] table of the metrics file.
"""

from __future__ import annotations

from spacy.tokens import Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.tree import is_finite, lemma

COMPLEMENT_DEPS = {"xcomp", "ccomp", "acomp", "oprd"}
"""A clause under its governor: "expected [to reach X]", "fear [X are dead]", "likely [to top X]"."""
DEFINITE_DETERMINERS = {"the", "this", "that", "these", "those"}
MODIFIER_DEPS = {"amod", "advmod"}
""""an expected 100,000 arrivals", "a planned 3,000 troops": an expectation word on the figure itself."""


def is_definite(noun: Token) -> bool:
    """"its 100,000 residents", "the 300,000 reservists", "Gaza's 2.3 million people": a group that
    exists; a modal on its clause ("supplies could reach its 100,000 residents") is about the event."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) for c in noun.children)


class ProjectionRules:
    """The [projection] word lists, applied to the parse around a number."""

    def __init__(self, config: MetricsConfig):
        self.modals = set(config.projection.modals)
        self.expecting = set(config.projection.expectation_verbs)
        self.commitments = set(config.projection.commitment_verbs)

    def projection(self, mention: Mention) -> bool:
        """True when the figure is expected, feared, planned or conditional rather than counted."""
        if any(lemma(t) in self.expecting for t in mention.np_head.children if t.dep_ in MODIFIER_DEPS):
            return True
        definite = is_definite(mention.np_head)
        for verb, own in self.governing_verbs(mention):
            if lemma(verb) in self.expecting:
                return True
            if own and not definite and self.has_future_modal(verb) and not self.is_commitment(mention, verb):
                return True
        return False

    @staticmethod
    def governing_verbs(mention: Mention) -> list[tuple[Token, bool]]:
        """The verbs and predicative words above the number, each with whether it is in the figure's
        own clause (up to the first finite verb, through "to"-complements: "is expected [to reach X]");
        past a finite complement clause the governors follow ("officials fear [X are dead]")."""
        chain: list[tuple[Token, bool]] = []
        token, own = mention.np_head, True
        while token.head != token:
            child, token = token, token.head
            own = own and child.dep_ != "ccomp"
            if token.pos_ in {"VERB", "AUX", "ADJ"}:
                chain.append((token, own))
                if is_finite(token) and token.dep_ not in COMPLEMENT_DEPS:
                    break
        return chain

    def has_future_modal(self, verb: Token) -> bool:
        """"could rise", "will need", "would be displaced"; not "may have left" (a perfect: the past)."""
        auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
        if not any(c.lower_ in self.modals or lemma(c) in self.modals for c in auxiliaries):
            return False
        return not any(lemma(c) == "have" for c in auxiliaries)

    def is_commitment(self, mention: Mention, verb: Token) -> bool:
        """Money that "will" be given is promised: a pledge, counted as aid."""
        if mention.unit in (None, "people"):
            return False
        words = {lemma(verb), *(f"{lemma(verb)} {c.lower_}" for c in verb.children if c.dep_ in {"prt", "acomp"})}
        return bool(words & self.commitments)
