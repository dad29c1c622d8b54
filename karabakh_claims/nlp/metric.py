"""What a number counts: the metric whose trigger stands nearest it in the parse tree, level by level."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.group import SubjectRules
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.tree import first_conjunct, lemma, level_subject_tokens, noun_tokens, predicate_tokens
from karabakh_claims.nlp.triggers import TriggerIndex

PLACE_ENTITIES = {"GPE", "LOC"}
NOUN_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "appos", "oprd"}


class MetricRules:
    """Finds the metric of a numeric mention among ever wider circles of the tree around it."""

    def __init__(self, config: MetricsConfig, index: TriggerIndex, groups: SubjectRules):
        self.config = config
        self.index = index
        self.groups = groups
        self.subject_verbs = {verb for metric in config.metrics.values() for verb in metric.subject_triggers}
        self.carry_verbs = set(config.settings.carry_verbs)
        self.place_nouns = set(config.places.place_nouns) | {"country", "nation", "enclave", "territory", "strip"}

    def metric(self, mention: Mention) -> tuple[str | None, int]:
        """The metric whose trigger stands nearest the number, and the level it was found at."""
        for level, tokens in enumerate(self._levels(mention)):
            if level == 1 and (by_object := self.object_trigger(mention)):
                return by_object, level
            tokens = [t for t in tokens if not self._has_figure_as_object(t, mention)]
            found = [(d, name) for d, name in self.index.matches(tokens, mention.anchor) if self._unit_fits(name, mention)]
            if found:
                return min(found)[1], level
        by_place = self.place_possessed(mention)
        return (by_place, 8) if by_place else (None, 99)

    def place_possessed(self, mention: Mention) -> str | None:
        """"a total siege on Freedonia's 2.3 million people", "the city's 40,000 residents": a place that
        owns the counted people, with no other trigger around, gives a metric such as population."""
        noun = mention.counted
        if noun is None or noun in mention.span or not self._unit_fits_people(mention):
            return None
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not any(o.ent_type_ in PLACE_ENTITIES or lemma(o) in self.place_nouns for o in owners):
            return None
        for name, metric in self.config.metrics.items():
            if lemma(noun) in metric.place_possessed and self._unit_fits(name, mention):
                return name
        return None

    def _unit_fits_people(self, mention: Mention) -> bool:
        return mention.unit in (None, "people")

    def _has_figure_as_object(self, verb: Token, mention: Mention) -> bool:
        """A subject-only trigger ("leave") whose object is the figure: "leaving 120,000 people short of food",
        its passive subject: "thousands of residents were left without electricity", or the object of
        its preposition: "travelled to Ostrel with 12 officials"."""
        np = first_conjunct(mention.np_head)
        if lemma(verb) not in self.subject_verbs:
            return False
        if np.dep_ == "pobj":  # "travelled to Ostrel with 12 officials"
            return np.head.head == verb
        return np.dep_ in {"dobj", "nsubjpass"} and np.head == verb

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
        if not self.config.metrics[metric].dated and mention.span._.quantity.qualifier == "vague":
            # a baseline (population) is stated as a number: "thousands of residents were left
            # without electricity" names who, not how many live there
            return False
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
