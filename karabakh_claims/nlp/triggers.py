"""Where the lexicon's trigger words stand: single or multi-word metric triggers among a set of tokens."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.tree import doc_cache, lemma


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
        return [(abs(token.i - anchor.i), name) for token in tokens for name in self.hits(token)]

    def hits(self, token: Token) -> tuple[str, ...]:
        """The metrics of the triggers that end on the token, in config order (found once per token of a doc)."""
        return self._hits(token, doc_cache(token.doc, self))

    def with_hits(self, tokens: list[Token]) -> list[Token]:
        """The tokens a trigger ends on (the others can name no metric)."""
        if not tokens:
            return []
        cache = doc_cache(tokens[0].doc, self)
        return [token for token in tokens if self._hits(token, cache)]

    def _hits(self, token: Token, cache: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
        found = cache.get(token.i)
        if found is None:
            found = cache[token.i] = tuple(name for name, words, pos in self._candidates(token)
                                           if (pos is None or token.pos_ == pos) and self._match_at(token, words))
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
        if not _is_word(token, words[-1]):
            return False
        return _earlier_in_row(token, words[:-1]) or _earlier_by_head(token, words[:-1])


def _is_word(token: Token, word: str) -> bool:
    return lemma(token) == word or token.lower_ == word


def _earlier_in_row(token: Token, words: tuple[str, ...]) -> bool:
    """"death toll", "cross into": the earlier words of the trigger right before the token."""
    doc = token.doc
    i = token.i
    for word in reversed(words):
        i -= 1
        while i >= 0 and doc[i].is_punct and doc[i].text in "-–":
            i -= 1
        if i < 0 or not _is_word(doc[i], word):
            return False
    return True


def _earlier_by_head(token: Token, words: tuple[str, ...]) -> bool:
    """"lost their lives" (lose life), "driven from their homes" (drive from home), "receiving medical
    treatment": each earlier word of the trigger is the head of the next, before it, whatever stands
    between them (determiners, possessives, adjectives)."""
    for word in reversed(words):
        head = token.head
        if head is token or head.i > token.i or not _is_word(head, word):
            return False
        token = head
    return True
