"""What a number in a parsed sentence counts: metric, group, side, place, source, as-of date, period.

Functions over spaCy tokens and the crisis `MetricsConfig`; the components in `pipeline.py` call them and
store the results on `Span._` extensions. Rules use the dependency tree, lemmas and entity labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

from karabakh_claims.config_schema import MetricsConfig

NOUN_LIKE = {"NOUN", "PROPN", "PRON", "NUM", "ADJ"}
CLIMB_DEPS = {"nummod", "quantmod", "advmod", "npadvmod", "compound", "amod", "nmod", "det", "appos"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "acomp", "npadvmod", "ROOT"}
PREDICATE_CHILD_DEPS = {"dobj", "attr", "acomp", "prt", "oprd", "prep", "agent", "xcomp", "advmod"}
NOUN_MODIFIER_DEPS = {"amod", "compound", "acl", "relcl", "prep", "advmod", "nmod", "poss"}
PRONOUNS = {"them", "they", "those", "these", "who", "which"}
PART_OF_PREPOSITIONS = {"of", "including", "among"}
POSSESSIVE_PRONOUNS = {"its", "their", "our"}
LEVEL_VERBS = {"stand", "reach", "rise", "climb", "total", "hit", "top", "increase", "grow", "jump",
               "exceed", "surpass", "pass", "soar", "fall", "drop", "decline", "be", "remain", "number"}
MEASURE_HYPHEN_EXCEPTIONS = {"strong"}
SUBJECT_SKIP = {"more", "other", "others", "some", "all", "about", "nearly", "almost", "over", "than",
                "least", "at", "estimated", "approximately", "around", "roughly", "total", "only",
                "just", "up", "to", "another", "additional", "further", "new", "-"}


@dataclass
class Facts:
    """What the semantic stage learned about one numeric mention."""

    metric: str | None = None
    group: str | None = None
    subject: str | None = None
    side: str | None = None
    place: str | None = None
    source: str | None = None
    as_of: dt.date | None = None
    as_of_basis: str | None = None
    historical: bool = False
    dropped: str | None = None
    counted: Token | None = field(default=None, repr=False)
    level: int = 99


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def ancestors_and_self(token: Token) -> list[Token]:
    return [token, *token.ancestors]


def with_conjuncts(tokens: Iterable[Token]) -> set[Token]:
    """The tokens and every conjunct coordinated with them ("killed and ... destroyed")."""
    found: set[Token] = set()
    for token in tokens:
        found.add(token)
        found.update(token.conjuncts)
    return found


def is_finite(verb: Token) -> bool:
    """A verb that carries tense itself or through an auxiliary ("said", "have fled", "could reach")."""
    tags = {verb.tag_, *(c.tag_ for c in verb.children if c.dep_ in {"aux", "auxpass"})}
    return bool(tags & {"VBD", "VBZ", "VBP", "MD"})


def own_clause(token: Token) -> list[Token]:
    """The token and its ancestors up to the first finite verb: the clause the number stands in."""
    chain = []
    for ancestor in ancestors_and_self(token):
        chain.append(ancestor)
        if ancestor.pos_ in {"VERB", "AUX"} and is_finite(ancestor):
            break
    return chain


def reports_own_clause(verb: Token) -> bool:
    """"..., and the United States said it would give $11.5 million": a coordinated reporting verb with
    a clause of its own reports that clause, not its neighbour's figures."""
    return any(c.dep_ == "ccomp" for c in verb.children)


def first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def climb_noun_phrase(anchor: Token, span: Span) -> tuple[Token, list[Token]]:
    """From the number up to the head of its noun phrase ("5,000" → "strong" → "contingent")."""
    path = [anchor]
    token = anchor
    while token.dep_ in CLIMB_DEPS and token.head != token and token.head.pos_ in NOUN_LIKE:
        token = token.head
        path.append(token)
    return token, path


def partitive_noun(head: Token) -> Token | None:
    """"thousands of Armenians", "114 of them": the noun after "of"."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def clause_head(np_head: Token) -> tuple[Token, list[Token]]:
    """The predicate the noun phrase is an argument of, and the nouns passed through on the way."""
    token = first_conjunct(np_head)
    through: list[Token] = []
    while (token.dep_ == "pobj" and token.head.lower_ in PART_OF_PREPOSITIONS
           and token.head.head.pos_ in {"NOUN", "PROPN"}):
        through.append(token.head.head)
        token = first_conjunct(token.head.head)
    if token.dep_ == "pobj":
        preposition = token.head
        return preposition.head, [*through, preposition]
    return token.head, through


def predicate_tokens(predicate: Token, np_tokens: set[Token]) -> list[Token]:
    """The predicate, its object, complements and prepositional phrases (level 1 of the search)."""
    tokens = [predicate]
    for child in predicate.children:
        if child in np_tokens or child.dep_ not in PREDICATE_CHILD_DEPS:
            continue
        tokens.append(child)
        for grandchild in child.children:
            if grandchild.dep_ in {"pobj", "amod", "compound", "prep", "dobj"}:
                tokens.append(grandchild)
                tokens.extend(g for g in grandchild.children if g.dep_ in {"amod", "compound", "pobj"})
    return tokens


def level_subject_tokens(predicate: Token, anchor: Token) -> list[Token]:
    """"The death toll rose to 50", "the number of displaced stood at": the subject names the count."""
    if lemma(predicate) not in LEVEL_VERBS or anchor.dep_ in {"nsubj", "nsubjpass"}:
        return []
    subjects = [c for c in predicate.children if c.dep_ in {"nsubj", "nsubjpass"}]
    tokens: list[Token] = []
    for subject in subjects:
        tokens.extend(t for t in subject.subtree if t.pos_ in {"NOUN", "VERB", "ADJ", "PROPN"})
    return tokens


def level_subject_noun(predicate: Token) -> Token | None:
    """"The number of displaced persons stood at N": the noun the subject counts."""
    if lemma(predicate) not in LEVEL_VERBS:
        return None
    for child in predicate.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return partitive_noun(child) or child
    return None


def noun_tokens(noun: Token | None) -> list[Token]:
    """The counted noun and its modifiers, including verbs of relative clauses (level 2)."""
    if noun is None:
        return []
    tokens = [noun]
    for child in noun.children:
        if child.dep_ in NOUN_MODIFIER_DEPS:
            tokens.append(child)
            tokens.extend(g for g in child.children if g.dep_ in {"pobj", "amod", "advmod", "dobj", "prt"})
    return tokens


def split_part_of_speech(trigger: str) -> tuple[tuple[str, ...], str | None]:
    """"force/noun" → (("force",), "NOUN"): a trigger whose last word counts only as that part of speech."""
    words, _, pos = trigger.partition("/")
    return tuple(words.split()), pos.upper() or None


class TriggerIndex:
    """Finds metric trigger lemmas (single or multi-word) among a set of tokens."""

    def __init__(self, config: MetricsConfig):
        self.config = config
        self.triggers: list[tuple[str, tuple[str, ...], str | None]] = [
            (name, *split_part_of_speech(trigger))
            for name, metric in config.metrics.items() for trigger in metric.triggers
        ]
        # by last word, each list in config order: a token is tried only against the triggers that
        # can end on its lemma or its lowercase form
        self.by_last_word: dict[str, list[tuple[int, str, tuple[str, ...], str | None]]] = {}
        for order, (name, words, pos) in enumerate(self.triggers):
            self.by_last_word.setdefault(words[-1], []).append((order, name, words, pos))

    def matches(self, tokens: Iterable[Token], anchor: Token) -> list[tuple[int, str]]:
        """(distance to the anchor, metric) for every trigger whose last word is one of `tokens`."""
        found = []
        for token in tokens:
            for name, words, pos in self._candidates(token):
                if (pos is None or token.pos_ == pos) and self._match_at(token, words):
                    found.append((abs(token.i - anchor.i), name))
        return found

    def _candidates(self, token: Token) -> list[tuple[str, tuple[str, ...], str | None]]:
        """The triggers whose last word is the token's lemma or lowercase form, in config order."""
        token_lemma, lower = lemma(token), token.lower_
        by_lemma = self.by_last_word.get(token_lemma, ())
        by_lower = self.by_last_word.get(lower, ()) if lower != token_lemma else ()
        if not by_lower:
            return [(name, words, pos) for _, name, words, pos in by_lemma]
        merged = sorted([*by_lemma, *by_lower], key=lambda entry: entry[0])
        return [(name, words, pos) for _, name, words, pos in merged]

    @staticmethod
    def _match_at(token: Token, words: tuple[str, ...]) -> bool:
        if lemma(token) != words[-1] and token.lower_ != words[-1]:
            return False
        doc = token.doc
        i = token.i
        for word in reversed(words[:-1]):
            i -= 1
            while i >= 0 and doc[i].is_punct and doc[i].text in "-–":
                i -= 1
            if i < 0 or (lemma(doc[i]) != word and doc[i].lower_ != word):
                return False
        return True


@dataclass
class Mention:
    """A numeric mention being analysed: its span, the number token and the tree around it."""

    span: Span
    unit: str | None
    value: float
    anchor: Token = field(init=False)
    np_head: Token = field(init=False)
    path: list[Token] = field(init=False)
    counted: Token | None = field(init=False)
    predicate: Token = field(init=False)
    through: list[Token] = field(init=False)

    def __post_init__(self) -> None:
        self.anchor = self.span.root
        self.np_head, self.path = climb_noun_phrase(self.anchor, self.span)
        in_span = self.np_head in self.span
        self.counted = partitive_noun(self.np_head) if in_span else self.np_head
        self.predicate, self.through = clause_head(self.np_head)
        if self.counted is None and self.np_head.dep_ in {"pobj", "dobj", "attr"}:
            self.counted = level_subject_noun(self.predicate)

    @property
    def np_tokens(self) -> set[Token]:
        return set(self.np_head.subtree)

    @property
    def next_token(self) -> Token | None:
        """The first word after the number, passing over adverbs and auxiliaries ("2,000 still missing",
        "511 were injured")."""
        doc = self.span.doc
        for token in doc[self.span.end : min(len(doc), self.span.end + 3)]:
            if token.pos_ not in {"ADV", "AUX"}:
                return token
        return None


class Analyzer:
    """Applies the config's rules to numeric mentions in a parsed document."""

    def __init__(self, config: MetricsConfig):
        self.config = config
        self.index = TriggerIndex(config)
        self.people = set(config.people.nouns)
        self.bare = set(config.people.bare_adjectives)
        self.count_nouns = set(config.people.count_nouns)
        self.place_nouns = set(config.places.place_nouns)
        self.reporting = set(config.attribution.reporting_verbs)
        self.according = [tuple(a.split()) for a in config.attribution.according]
        # the first words of those phrases, to pass over most tokens at once (an empty phrase matches anywhere)
        self.according_first = None if not all(self.according) else {words[0] for words in self.according}
        self.whole_places = set(config.places.whole)
        self.object_verbs = {verb for metric in config.metrics.values() for verb in metric.object_triggers}
        self.subject_verbs = {verb for metric in config.metrics.values() for verb in metric.subject_triggers}

    # --- metric -------------------------------------------------------------------------

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
        yield self._word_after(mention)
        yield [
            *predicate_tokens(mention.predicate, mention.np_tokens),
            *mention.through,
            *level_subject_tokens(mention.predicate, mention.np_head),
        ]
        yield [*mention.path[1:], *noun_tokens(mention.counted), *noun_tokens(mention.np_head)]
        if mention.predicate.dep_ in {"relcl", "acl"}:
            antecedent = mention.predicate.head
            yield [antecedent, antecedent.head]
        yield self._verb_after(mention)

    def _verb_after(self, mention: Mention) -> list[Token]:
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
        return not is_money and mention.value >= 1 and self.counts_people(mention)

    def _word_after(self, mention: Mention) -> list[Token]:
        """"700 wounded", "2,000 still missing", "5,000 strong": a state word right after the number
        (level 0); a participle before a noun ("324 displaced persons") only modifies that noun."""
        nxt = mention.next_token
        if nxt is None or nxt.pos_ not in {"ADJ", "VERB"}:
            return []
        following = nxt.doc[nxt.i + 1] if nxt.i + 1 < len(nxt.doc) else None
        if nxt.pos_ == "VERB" and following is not None and following.pos_ in {"NOUN", "PROPN"}:
            return []
        return [nxt]

    def _trigger_after(self, mention: Mention) -> list[Token]:
        """The word after the number when it names the metric itself ("5,000-strong", "700 wounded")."""
        after = self._word_after(mention)
        return after if after and self.index.matches(after, mention.anchor) else []

    def is_bare_count(self, mention: Mention) -> bool:
        """"400 to 700 wounded": a number followed by a state adjective counts people, with no noun."""
        after = self._word_after(mention)
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
        if lemma(noun) in self.people or noun.lower_ in self.people:
            return True
        if noun.ent_type_ == "NORP" or lemma(noun) in self.config.side_of_cue:
            return True
        return noun.lower_.endswith(("ians", "ans", "ese", "is", "ites")) and noun.tag_ in {"NNPS", "NNS", "NNP"}

    def part_of_pronoun(self, mention: Mention) -> Token | None:
        """"21,000 of them", "Of those, 30,000 ...": the pronoun a number counts a part of."""
        holders = [mention.np_head] if mention.np_head in mention.span else []
        holders.append(mention.predicate)
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in PART_OF_PREPOSITIONS:
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

    def object_trigger(self, mention: Mention) -> str | None:
        """"Azerbaijan has lost 191 soldiers": a verb that counts only with people as its object."""
        np = first_conjunct(mention.np_head)
        if np.dep_ != "dobj" or not self.counts_people(mention):
            return None
        for name, metric in self.config.metrics.items():
            if lemma(np.head) in metric.object_triggers:
                return name
        return None

    # --- group, side, place ---------------------------------------------------------------

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

    def _modifier_words(self, noun: Token, path: list[Token]) -> str:
        left = [t for t in noun.lefts if t.dep_ in {"amod", "compound", "nmod"} and t.lower_ not in SUBJECT_SKIP
                and t not in path and not any(c.like_num for c in t.subtree)]
        words: list[str] = []
        for modifier in left:
            words.extend(t.text for t in modifier.subtree if t.dep_ == "advmod" and t.i < modifier.i and t.pos_ == "ADV")
            if modifier.like_num or modifier.ent_type_ in {"CARDINAL", "MONEY"} or modifier.dep_ == "nummod":
                continue
            words.append(modifier.text)
        return " ".join(words)

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
            side = self._side_in_words(t.lower_ for t in actor.subtree)
            if side:
                return side
        if self.is_bare_count(mention) and previous_side:
            return previous_side
        if source and (self._is_official(source) or self._owned_by_source(noun, actor)):
            return self._side_in_words(source.replace("’s", " ").replace("'s", " ").split())
        return None

    @staticmethod
    def _owned_by_source(noun: Token, actor: Token | None) -> bool:
        """"Azerbaijan said 192 of its soldiers ...", "its forces lost": the group is the speaker's own."""
        owners = [noun, *([actor] if actor is not None else [])]
        return any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for owner in owners for c in owner.children)

    def _is_official(self, source: str) -> bool:
        """A ministry, government or army speaks for its own side's losses; "sources" or media do not."""
        words = {w.strip(",.").lower() for w in source.split()}
        return bool(words & set(self.config.attribution.official_bodies))

    def _side_in_words(self, words: Iterable[str]) -> str | None:
        cues = self.config.side_of_cue
        for word in words:
            side = cues.get(word.lower().strip(",.’'"))
            if side:
                return side
        return None

    def _actor(self, mention: Mention) -> Token | None:
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
                return name
        return None

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
            for ent in token.doc.ents:
                if ent.start <= token.i < ent.end and ent.label_ in {"GPE", "LOC", "FAC"}:
                    if name := self._unless_whole(ent.text):
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
        for ent in reversed(sentences[-1].ents):
            if ent.label_ in {"GPE", "LOC", "FAC", "ORG"} and ent.text.lower() in self.whole_places:
                return None
            if ent.label_ in {"GPE", "LOC", "FAC"}:
                return ent.text
        return None

    # --- source -----------------------------------------------------------------------------

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

    # --- time -------------------------------------------------------------------------------

    def governing_verb(self, token: Token) -> Token:
        while token.pos_ not in {"VERB", "AUX"} and token.dep_ != "ROOT" and token.head != token:
            token = token.head
        return token

    def tree_distance(self, mention: Mention, timex_tokens: list[Token]) -> int | None:
        """How far up from the number the time expression attaches, or None when it does not govern it."""
        if not timex_tokens:
            return None
        root = min(timex_tokens, key=lambda t: len(list(t.ancestors)))
        verb = self.governing_verb(root.head if root.head != root else root)
        for depth, ancestor in enumerate(self.clause_and_reporter(mention.anchor)):
            clause = {ancestor, *ancestor.conjuncts}
            if verb in clause or (verb.dep_ == "advcl" and verb.head in clause):
                return depth
        return None

    def clause_and_reporter(self, anchor: Token) -> list[Token]:
        """The number's own clause and, when that clause is what a reporting verb reports, the
        reporting verb too ("the government said on Saturday that 213 people had been killed")."""
        chain = own_clause(anchor)
        top = first_conjunct(chain[-1])
        if top.dep_ == "ccomp" and lemma(top.head) in self.reporting:
            chain.append(top.head)
        return chain

    @staticmethod
    def dates_another_noun(mention: Mention, timex_tokens: list[Token]) -> bool:
        """"Monday's explosion", "the blast on Monday": a date of an event noun, not of the count
        ("the end of the previous day" is a time frame, not an event)."""
        inside = set(timex_tokens)
        root = min(timex_tokens, key=lambda t: len(list(t.ancestors)))
        holder = root.head
        if root.dep_ == "pobj" and holder.dep_ == "prep" and holder.lower_ != "of":
            holder = holder.head
        elif root.dep_ != "poss":
            return False
        return holder.pos_ == "NOUN" and holder not in inside and holder not in mention.np_tokens

    def tense_is_past(self, mention: Mention) -> bool:
        """True when the nearest finite verb above the number is in a past tense (not a perfect)."""
        for token in ancestors_and_self(mention.np_head):
            if token.pos_ in {"VERB", "AUX"} and is_finite(token):
                tags = {token.tag_, *(c.tag_ for c in token.children if c.dep_ in {"aux", "auxpass"})}
                return not tags & {"VBZ", "VBP", "MD"}
        return False
