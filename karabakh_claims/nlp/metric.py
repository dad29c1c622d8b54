"""What a number counts: the metric whose trigger stands nearest it in the parse tree, level by level."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.group import SubjectRules
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.tree import first_conjunct, lemma, level_subject_tokens, noun_tokens, predicate_tokens
from karabakh_claims.nlp.triggers import TriggerIndex


NOUN_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "appos", "oprd"}


class MetricRules:
    """Finds the metric of a numeric mention among ever wider circles of the tree around it."""

    def __init__(self, config: MetricsConfig, index: TriggerIndex, groups: SubjectRules):
        self.config = config
        self.index = index
        self.groups = groups
        self.subject_verbs = {verb for metric in config.metrics.values() for verb in metric.subject_triggers}
        self.carry_verbs = set(config.settings.carry_verbs)

    def metric(self, mention: Mention) -> tuple[str | None, int]:
        """The metric whose trigger stands nearest the number, and the level it was found at."""
        for level, tokens in enumerate(self._levels(mention)):
            if level == 1 and (by_object := self.object_trigger(mention)):
                return by_object, level
            tokens = [t for t in tokens if not self._has_figure_as_object(t, mention)]
            found = [(d, name) for d, name in self.index.matches(tokens, mention.anchor) if self._unit_fits(name, mention)]
            if found:
                return min(found)[1], level
        return None, 99

    def _has_figure_as_object(self, verb: Token, mention: Mention) -> bool:
        """A subject-only trigger ("leave") whose object is the figure: "leaving 120,000 people short of food"."""
        np = first_conjunct(mention.np_head)
        return lemma(verb) in self.subject_verbs and np.dep_ == "dobj" and np.head == verb

    def _levels(self, mention: Mention) -> Iterator[list[Token]]:
        yield [*mention.word_after, *mention.word_after_noun]
        yield [
            *predicate_tokens(mention.predicate, mention.np_tokens),
            *mention.through,
            *level_subject_tokens(mention.predicate, mention.np_head),
        ]
        yield [*mention.path[1:], *noun_tokens(mention.counted), *noun_tokens(mention.np_head)]
        if mention.predicate.dep_ in {"relcl", "acl"}:
            yield self._antecedent(mention.predicate.head)
        yield self._verb_after(mention)
        yield self._carried(mention)

    @staticmethod
    def _antecedent(antecedent: Token) -> list[Token]:
        """The noun a relative clause speaks of; one the parser hung on the object of a preposition may
        belong to the noun before it ("the displaced from Sorvik, whose number has reached 14,500")."""
        tokens = [antecedent, antecedent.head]
        holder = antecedent.head.head
        if antecedent.dep_ == "pobj" and antecedent.head.dep_ == "prep" and holder.dep_ in NOUN_ARGUMENT_DEPS:
            tokens.append(holder)
        return tokens

    def _carried(self, mention: Mention) -> list[Token]:
        """"..., bringing it to 240 million euros", "lifting the overall amount to €75 million": a verb
        that carries a sum on to a new figure counts what the clause it hangs on counts."""
        predicate = mention.predicate
        if lemma(predicate) not in self.carry_verbs or predicate.dep_ not in {"advcl", "conj", "xcomp"}:
            return []
        if not mention.through or mention.through[-1].lower_ != "to":
            return []
        return predicate_tokens(predicate.head, mention.np_tokens)

    @staticmethod
    def _verb_after(mention: Mention) -> list[Token]:
        """"300.000 Azeries left": the verb right after the noun phrase, whatever the parser made of it."""
        doc = mention.span.doc
        start = max(mention.span.end, (mention.counted.i + 1) if mention.counted is not None else 0)
        for token in doc[start : min(len(doc), start + 3)]:
            if token.pos_ == "VERB":
                return [token]
            if token.pos_ not in {"ADV", "AUX", "PART"}:
                break
        return []

    def _unit_fits(self, metric: str, mention: Mention) -> bool:
        wanted = self.config.metrics[metric].unit
        is_money = mention.unit is not None and mention.unit != "people" and mention.unit != "%"
        if wanted == "money":
            return is_money
        return not is_money and self._whole(mention) and self.groups.counts_people(mention)

    @staticmethod
    def _whole(mention: Mention) -> bool:
        """People come in whole numbers: "measured 7.8 and 7.5 in magnitude" counts no one."""
        low = mention.span._.quantity.low
        return mention.value >= 1 and float(low if low is not None else mention.value).is_integer()

    def object_trigger(self, mention: Mention) -> str | None:
        """"Azerbaijan has lost 191 soldiers": a verb that counts only with people as its object."""
        np = first_conjunct(mention.np_head)
        if np.dep_ != "dobj" or not self.groups.counts_people(mention):
            return None
        for name, metric in self.config.metrics.items():
            if lemma(np.head) in metric.object_triggers:
                return name
        return None
