"""Parse-tree helpers: lemmas, ancestors, clauses, noun phrases and the predicates numbers stand in.

Pure functions over spaCy tokens, shared by the rules of every question (metric, group, place, source, time).
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

NOUN_LIKE = {"NOUN", "PROPN", "PRON", "NUM", "ADJ"}
CLIMB_DEPS = {"nummod", "quantmod", "advmod", "npadvmod", "compound", "amod", "nmod", "det", "appos"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "acomp", "npadvmod", "ROOT"}
PREDICATE_CHILD_DEPS = {"dobj", "attr", "acomp", "prt", "oprd", "prep", "agent", "xcomp", "advmod"}
NOUN_MODIFIER_DEPS = {"amod", "compound", "acl", "relcl", "prep", "advmod", "nmod", "poss"}
PRONOUNS = {"them", "they", "those", "these", "who", "whom", "which"}
PART_OF_PREPOSITIONS = {"of", "including", "among"}
LEVEL_VERBS = {"stand", "reach", "rise", "climb", "total", "hit", "top", "increase", "grow", "jump",
               "exceed", "surpass", "pass", "cross", "soar", "fall", "drop", "decline", "be", "remain", "number"}
CACHE_KEY = ("claims", "cache")
"""The doc's user data key of the rules' memos (`doc_cache`): tokens, never serialized with the doc."""


def doc_cache(doc: Doc, owner: Hashable) -> dict:
    """A memo of `owner`'s answers about the tokens of `doc`, kept in its user data while the semantic
    stage reads it (`components` drops it after): asked once per token or phrase, not once per number."""
    caches = doc.user_data.get(CACHE_KEY)
    if caches is None:
        caches = doc.user_data[CACHE_KEY] = {}
    cache = caches.get(owner)
    if cache is None:
        cache = caches[owner] = {}
    return cache


def tree_root(token: Token) -> Token:
    """The root of the token's tree (each token's root found once per doc: the numbers of a sentence
    share their way up)."""
    roots = doc_cache(token.doc, "roots")
    passed = []
    while (root := roots.get(token.i)) is None and token.head.i != token.i:
        passed.append(token.i)
        token = token.head
    root = token if root is None else root
    for i in passed:
        roots[i] = root
    return root


def entity_of(token: Token) -> Span | None:
    """The named entity that holds the token (found in an index of the doc's entities, built once)."""
    starts, ents = _entities(token.doc)
    k = bisect.bisect_right(starts, token.i) - 1
    return ents[k] if k >= 0 and token.i < ents[k].end else None


def entities_in(span: Span) -> list[Span]:
    """`span.ents` (the entities inside the span) without a walk over every entity of the doc."""
    starts, ents = _entities(span.doc)
    found = []
    for ent in ents[bisect.bisect_left(starts, span.start) :]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found


def _entities(doc: Doc) -> tuple[list[int], list[Span]]:
    """The doc's entities in order, with their starts (`Doc.ents` builds every entity on each access)."""
    cache = doc_cache(doc, "entities")
    if "index" not in cache:
        ents = list(doc.ents)
        cache["index"] = ([ent.start for ent in ents], ents)
    return cache["index"]


def sentence_start(doc: Doc, i: int) -> int:
    """Where the sentence holding token `i` starts, as `Span.sent` finds it (which walks the tokens back,
    after a pass over the whole doc, on each call): from the doc's sentence starts, read once."""
    cache = doc_cache(doc, "sentence starts")
    if "starts" not in cache:
        cache["starts"] = (doc.to_array(SENT_START) == 1).nonzero()[0].tolist()
    starts = cache["starts"]
    k = bisect.bisect_right(starts, i) - 1
    return starts[k] if k >= 0 else 0


def tokens_with(span: Span, attr: int, values: frozenset[int]) -> list[Token]:
    """The span's tokens whose `attr` (POS, DEP, as ids) is one of `values`, in order: the doc's column is
    read once, and a Token made only for those (a rule that reads a few kinds of word of each sentence)."""
    columns = doc_cache(span.doc, "columns")
    column = columns.get(attr)
    if column is None:
        column = columns[attr] = span.doc.to_array(attr).tolist()
    doc = span.doc
    return [doc[i] for i in range(span.start, span.end) if column[i] in values]


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


def predicate_parts(predicate: Token) -> list[tuple[Token | None, list[Token]]]:
    """The predicate (part None), then each of its objects, complements and prepositional phrases with
    the words below it (level 1 of the search): the caller leaves out the number's own noun phrase
    (`metric.MetricRules._predicate_hits`), so that the parts of one predicate serve all its numbers."""
    parts: list[tuple[Token | None, list[Token]]] = [(None, [predicate])]
    for child in predicate.children:
        if child.dep_ not in PREDICATE_CHILD_DEPS:
            continue
        tokens = [child]
        for grandchild in child.children:
            if grandchild.dep_ in {"pobj", "amod", "compound", "prep", "dobj"}:
                tokens.append(grandchild)
                # "were among those killed": the participle or relative clause of the object too
                tokens.extend(g for g in grandchild.children if g.dep_ in {"amod", "compound", "pobj", "acl", "relcl"})
        parts.append((child, tokens))
    return parts


def subject_names_count(predicate: Token, anchor: Token) -> bool:
    """"The death toll rose to 50", "the number of displaced stood at": the subject of a level verb
    names the count, unless the number is that subject."""
    return lemma(predicate) in LEVEL_VERBS and anchor.dep_ not in {"nsubj", "nsubjpass"}


def subject_words(verb: Token) -> list[Token]:
    """The nouns, verbs, adjectives and names of the verb's subjects."""
    tokens: list[Token] = []
    for subject in subjects_of(verb):
        tokens.extend(t for t in subject.subtree if t.pos_ in {"NOUN", "VERB", "ADJ", "PROPN"})
    return tokens


def level_subject_noun(predicate: Token) -> Token | None:
    """"The number of displaced persons stood at N": the noun the subject counts."""
    if lemma(predicate) not in LEVEL_VERBS:
        return None
    for subject in subjects_of(predicate):
        return partitive_noun(subject) or subject
    return None


def subjects_of(verb: Token) -> list[Token]:
    """The verb's subjects; a coordinated verb with none of its own shares its first conjunct's ("the
    toll rose by 200 and had reached 1,904")."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects and verb.dep_ == "conj":
        return subjects_of(first_conjunct(verb))
    return subjects


def noun_tokens(noun: Token | None) -> list[Token]:
    """The counted noun and its modifiers, including verbs of relative clauses (level 2)."""
    if noun is None:
        return []
    tokens = [noun]
    for child in noun.children:
        if child.dep_ in NOUN_MODIFIER_DEPS:
            tokens.append(child)
            tokens.extend(g for g in child.children if g.dep_ in {"pobj", "amod", "advmod", "dobj", "prt"})
            if child.dep_ in {"acl", "relcl"}:
                tokens.extend(verb_prepositions(child))
    return tokens


def verb_prepositions(verb: Token) -> list[Token]:
    """"people remaining in the city", "45 people taken to hospital": the prepositional phrases of a
    verb that modifies the counted noun (preposition and object)."""
    tokens: list[Token] = []
    for child in verb.children:
        if child.dep_ == "prep":
            tokens.append(child)
            tokens.extend(g for g in child.children if g.dep_ == "pobj")
    return tokens
