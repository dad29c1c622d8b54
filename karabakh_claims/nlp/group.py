"""Who a number counts: the group named in the text, whether it counts people, and which side it belongs to."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.tree import PART_OF_PREPOSITIONS, PRONOUNS, first_conjunct, lemma, partitive_noun
from karabakh_claims.nlp.triggers import TriggerIndex

POSSESSIVE_PRONOUNS = {"its", "their", "our"}
TARGET_PREPOSITIONS = {"on", "in", "against", "across", "inside"}
ATTACK_PREPOSITIONS = {"on", "against"}
SUBJECT_SKIP = {"more", "other", "others", "some", "all", "about", "nearly", "almost", "over", "than",
                "least", "at", "estimated", "approximately", "around", "roughly", "total", "only",
                "just", "up", "to", "another", "additional", "further", "new", "-"}


class SubjectRules:
    """The group a number counts ("Armenian separatists"), and whether it counts people at all."""

    def __init__(self, config: MetricsConfig, index: TriggerIndex):
        self.config = config
        self.index = index
        self.people = set(config.people.nouns)
        self.bare = set(config.people.bare_adjectives)
        self.count_nouns = set(config.people.count_nouns)

    def subject(self, mention: Mention) -> str | None:
        """The group counted, as a short phrase of the text ("Armenian separatists", "soldiers and militias")."""
        noun = mention.counted
        if noun is None or noun in mention.span or noun.lower_ in PRONOUNS or self.is_bare_count(mention):
            return None
        if lemma(noun) in self.count_nouns:
            return None
        words = [self._modifier_words(noun, [*mention.path, *self._trigger_after(mention)]), noun.text]
        conjuncts = [c for c in noun.conjuncts if c.i > noun.i and c.pos_ in {"NOUN", "PROPN"}
                     and not any(g.dep_ == "nummod" for g in c.children)]
        for conj in conjuncts:
            words.append("and " + conj.text)
        return " ".join(w for w in words if w).strip() or None

    @staticmethod
    def _modifier_words(noun: Token, path: list[Token]) -> str:
        left = [t for t in noun.lefts if t.dep_ in {"amod", "compound", "nmod"} and t.lower_ not in SUBJECT_SKIP
                and t not in path and not any(c.like_num for c in t.subtree)]
        words: list[str] = []
        for modifier in left:
            words.extend(t.text for t in modifier.subtree if t.dep_ == "advmod" and t.i < modifier.i and t.pos_ == "ADV")
            if modifier.like_num or modifier.ent_type_ in {"CARDINAL", "MONEY"} or modifier.dep_ == "nummod":
                continue
            words.append(modifier.text)
        return " ".join(words)

    def _trigger_after(self, mention: Mention) -> list[Token]:
        """The word after the number when it names the metric itself ("5,000-strong", "700 wounded")."""
        after = mention.word_after
        return after if after and self.index.matches(after, mention.anchor) else []

    def is_bare_count(self, mention: Mention) -> bool:
        """"400 to 700 wounded": a number followed by a state adjective counts people, with no noun."""
        after = mention.word_after
        return bool(after) and after[0].lower_ in self.bare

    def counts_people(self, mention: Mention) -> bool:
        noun = mention.counted
        if noun is None or noun in mention.span or self.is_bare_count(mention):
            return True
        if noun.lower_ in PRONOUNS:
            return True
        if lemma(noun) in self.count_nouns and noun.dep_ in {"nsubj", "nsubjpass"}:
            return True
        return self.is_person_noun(noun)

    def is_person_noun(self, noun: Token) -> bool:
        """A noun of people, a nationality, or a state adjective used as a noun ("the number of wounded")."""
        if lemma(noun) in self.people or noun.lower_ in self.people or noun.lower_ in self.bare:
            return True
        if noun.ent_type_ == "NORP" or lemma(noun) in self.config.side_of_cue:
            return True
        return noun.lower_.endswith(("ians", "ans", "ese", "is", "ites")) and noun.tag_ in {"NNPS", "NNS", "NNP"}

    @staticmethod
    def part_of_pronoun(mention: Mention) -> Token | None:
        """"21,000 of them", "Of those, 30,000 ...", "12 UNRWA employees among them": the pronoun a number
        counts a part of. Not one that names its own whole ("100 of its citizens, women among them")
        nor one after it on the verb ("seized 100 hostages, among them women"): there "them" is the
        number's own group."""
        np_head = mention.np_head
        whole = partitive_noun(np_head) if np_head in mention.span else None
        if whole is not None and whole.lower_ not in PRONOUNS:
            return None
        holders = [(np_head, len(mention.span.doc))]
        holders.extend((c, len(mention.span.doc)) for c in np_head.conjuncts if c.i > np_head.i)
        holders.append((mention.predicate, mention.span.start))
        for holder, before in holders:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in PART_OF_PREPOSITIONS and child.i < before:
                    for obj in child.children:
                        if obj.dep_ == "pobj" and obj.lower_ in PRONOUNS:
                            return obj
        return None

    @staticmethod
    def predicate_noun(mention: Mention) -> str | None:
        """"21,000 of them were children": the noun a copula says the counted part is."""
        predicate = mention.predicate
        if predicate.lemma_ != "be" or mention.np_head.dep_ not in {"nsubj", "nsubjpass"}:
            return None
        for child in predicate.children:
            if child.dep_ == "attr" and child.pos_ == "NOUN":
                return child.text
        return None

    @staticmethod
    def condition(mention: Mention) -> str | None:
        """"114 of them are in serious condition": a copula's prepositional phrase narrows the group."""
        predicate = mention.predicate
        if predicate.lemma_ != "be" or mention.through:
            return None
        for child in predicate.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "under", "on"}:
                return predicate.doc[child.i : child.right_edge.i + 1].text
        return None


class SideRules:
    """The side a sided figure belongs to, from the group's words, the actor or the source."""

    def __init__(self, config: MetricsConfig, groups: SubjectRules):
        self.config = config
        self.groups = groups
        self.agent_verbs = frozenset(config.settings.agent_verbs)
        self.territory_words = frozenset(config.places.territory_words)

    def side(self, mention: Mention, source: str | None, previous_side: str | None = None) -> str | None:
        """The side a sided figure belongs to: the group's own words, the actor, an elided group, the source."""
        cues = self.config.side_of_cue
        noun = mention.counted if mention.counted is not None else mention.np_head
        own = [noun, *(c for c in noun.children if c.dep_ in {"amod", "compound", "poss", "nmod"}), *mention.path]
        for token in own:
            side = cues.get(token.lower_) or cues.get(lemma(token))
            if side:
                return side
        actor = self._actor(mention)
        if actor is not None:
            agent = lemma(actor.head) in self.agent_verbs
            side = self._target_side(actor, noun) if agent else self._side_in_words(t.lower_ for t in actor.subtree)
            if side:
                return side
        if self.groups.is_bare_count(mention) and previous_side:
            return previous_side
        if source and (self._is_official(source) or self._owned_by_source(noun, actor)):
            return self._side_in_words(source.replace("’s", " ").replace("'s", " ").split())
        return None

    def _target_side(self, actor: Token, victims: Token) -> str | None:
        """The side an agent's harm falls on: the object of "on", "in" or "against" after the agent or
        its verb or the victims ("Israel's strikes on Gaza have killed ...", "shelling killed 40 people in
        Freedonia"); never the agent's own side."""
        for head, prepositions in [(victims, TARGET_PREPOSITIONS), *self._attack_heads(actor)]:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in prepositions:
                    side = self._side_in_words(t.lower_ for t in prep.subtree)
                    if side:
                        return side
        return None

    @staticmethod
    def _attack_heads(actor: Token):
        """The agent and its verb, then, up to three heads above a clause that hangs on an attack
        ("the assault Hamas carried out on southern Israel on Oct. 7, when militants killed ..."),
        each with the prepositions that name a target there."""
        yield actor, TARGET_PREPOSITIONS
        yield actor.head, TARGET_PREPOSITIONS
        head = actor.head
        for _ in range(3):
            if head.dep_ not in {"relcl", "advcl", "pobj", "prep", "npadvmod", "appos"} or head.head is head:
                return
            head = head.head
            yield head, ATTACK_PREPOSITIONS

    def nation_of_place(self, place: str | None) -> str | None:
        """The side whose whole territory a place names ("the Gaza Strip", "Syria"), so it is no narrower place."""
        if not place:
            return None
        words = [w.strip(",.").lower() for w in place.replace("’s", " ").replace("'s", " ").split()]
        named = {self.config.side_of_cue.get(w) for w in words if w not in self.territory_words}
        return named.pop() if len(named) == 1 and None not in named else None

    @staticmethod
    def _owned_by_source(noun: Token, actor: Token | None) -> bool:
        """"Azerbaijan said 192 of its soldiers ...", "its forces lost": the group is the speaker's own."""
        owners = [noun, *([actor] if actor is not None else [])]
        return any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for owner in owners for c in owner.children)

    def _is_official(self, source: str) -> bool:
        """A ministry, government or army speaks for its own side's losses, and so does a state named
        alone ("Israel says 1,200 were killed"); "sources" or media do not."""
        words = {w.strip(",.").lower() for w in source.split()}
        if len(words) == 1 and self.config.side_of_cue.get(next(iter(words))):
            return True
        return bool(words & set(self.config.attribution.official_bodies))

    def _side_in_words(self, words: Iterable[str]) -> str | None:
        cues = self.config.side_of_cue
        for word in words:
            side = cues.get(word.lower().strip(",.’'"))
            if side:
                return side
        return None

    @staticmethod
    def _actor(mention: Mention) -> Token | None:
        """The subject of the verb a money or loss figure is the object of ("Georgia spends ...",
        "Azerbaijan deployed a force of 3,000 soldiers")."""
        np = first_conjunct(mention.np_head)
        while np.dep_ == "pobj" and np.head.lower_ in PART_OF_PREPOSITIONS and np.head.head.pos_ == "NOUN":
            np = first_conjunct(np.head.head)
        if np.dep_ not in {"dobj", "attr"}:
            return None
        for child in np.head.children:
            if child.dep_ == "nsubj":
                if child.lower_ in PRONOUNS and np.head.dep_ == "relcl":
                    return np.head.head
                return child
        return None
