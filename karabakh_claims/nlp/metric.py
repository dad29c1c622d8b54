"""What a number counts: the metric whose trigger stands nearest it in the parse tree, level by level."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.group import SubjectRules
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.tree import (
    doc_cache,
    first_conjunct,
    lemma,
    noun_tokens,
    predicate_parts,
    subject_names_count,
    subject_words,
    tree_root,
)
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
        self.possessed_nouns = {noun for metric in config.metrics.values() for noun in metric.place_possessed}
        self.lexicon = set(index.by_last_word) | self.possessed_nouns | {
            verb for metric in config.metrics.values() for verb in metric.object_triggers}
        """The words a metric is found by: the last words of triggers, object verbs, nouns a place owns."""

    def may_find(self, span: Span) -> bool:
        """Whether `metric` can find a metric for the number at all: a word of the lexicon stands in the
        number's tree (every word the search reads is there, but for the three words after the number,
        its noun or the tree) or in those words. Each tree of a doc is read once: the numbers of a
        table or of a run of figures without a word of the lexicon are not searched one by one."""
        doc = span.doc
        root = tree_root(span.root)
        trees = doc_cache(doc, (self, "trees"))
        tree = trees.get(root.i)
        if tree is None:
            last = root.right_edge.i
            tree = trees[root.i] = (last, self._any_in_lexicon(doc, root.left_edge.i, last + 4))
        last, found = tree
        return found or (span.end > last + 1 and self._any_in_lexicon(doc, last + 4, span.end + 3))

    def _any_in_lexicon(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a word of the lexicon stands in doc[start:end] (each word looked up once per doc)."""
        known = doc_cache(doc, (self, "words"))
        for i in range(start, min(len(doc), end)):
            found = known.get(i)
            if found is None:
                token = doc[i]
                found = known[i] = lemma(token) in self.lexicon or token.lower_ in self.lexicon
            if found:
                return True
        return False

    def metric(self, mention: Mention) -> tuple[str | None, int]:
        """The metric whose trigger stands nearest the number, and the level it was found at."""
        for level, tokens in enumerate(self._levels(mention)):
            if level == 1 and (by_object := self.object_trigger(mention)):
                return by_object, level
            if not tokens:
                continue
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
        if noun is None or lemma(noun) not in self.possessed_nouns:
            return None
        if noun in mention.span or not self._unit_fits_people(mention):
            return None
        names = [name for name, metric in self.config.metrics.items() if lemma(noun) in metric.place_possessed]
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not any(o.ent_type_ in PLACE_ENTITIES or lemma(o) in self.place_nouns for o in owners):
            return None
        return next((name for name in names if self._unit_fits(name, mention)), None)

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
        """The words a trigger ends on (no other word names a metric), circle by circle around the number."""
        hits = self.index.with_hits
        yield hits([*mention.word_after, *mention.word_after_noun])
        yield [*self._predicate_hits(mention.predicate, mention.np_tokens), *hits(mention.through), *self._subject_hits(mention)]
        yield [*hits(mention.path[1:]), *self._noun_hits(mention.counted), *self._noun_hits(mention.np_head)]
        if mention.predicate.dep_ in {"relcl", "acl"}:
            yield hits(self._antecedent(mention.predicate.head))
        yield hits(self._verb_after(mention))
        yield self._carried(mention)

    def _predicate_hits(self, predicate: Token, np_tokens: frozenset[Token]) -> list[Token]:
        """The trigger words of the predicate and its parts, the number's own noun phrase left out (the
        parts of a predicate are walked once per doc, not once per number: a flat tree has hundreds)."""
        cache = doc_cache(predicate.doc, (self, "predicate"))
        parts = cache.get(predicate.i)
        if parts is None:
            parts = cache[predicate.i] = [(child, found) for child, tokens in predicate_parts(predicate)
                                          if (found := self.index.with_hits(tokens))]
        return [t for child, found in parts if child is None or child not in np_tokens for t in found]

    def _noun_hits(self, noun: Token | None) -> list[Token]:
        """The trigger words of the counted noun and its modifiers (walked once per noun of a doc)."""
        if noun is None:
            return []
        cache = doc_cache(noun.doc, (self, "noun"))
        found = cache.get(noun.i)
        if found is None:
            found = cache[noun.i] = self.index.with_hits(noun_tokens(noun))
        return found

    def _subject_hits(self, mention: Mention) -> list[Token]:
        """The trigger words of the subjects of a level verb ("the death toll rose to 50"), walked once per
        verb of a doc."""
        predicate = mention.predicate
        if not subject_names_count(predicate, mention.np_head):
            return []
        cache = doc_cache(predicate.doc, (self, "subject"))
        found = cache.get(predicate.i)
        if found is None:
            found = cache[predicate.i] = self.index.with_hits(subject_words(predicate))
        return found

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
        return self._predicate_hits(predicate.head, mention.np_tokens)

    @staticmethod
    def _verb_after(mention: Mention) -> list[Token]:
        """"300.000 Azeries left": the verb right after the noun phrase, whatever the parser made of it."""
        doc = mention.span.doc
        start = max(mention.span.end, (mention.counted.i + 1) if mention.counted is not None else 0)
        for i in range(start, min(len(doc), start + 3)):
            token = doc[i]
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
