"""When a figure holds: the day it is counted on ("as of"), and whether it is a historical figure.

`timex.py` finds the time expressions of the text; here they are tied to numbers through the parse tree
(`TimeRules`) and resolved against the publication date and the days the article already spoke of
(`DocumentDates`).
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.timex import Timex, find_timexes, resolve
from karabakh_claims.nlp.tree import ancestors_and_self, first_conjunct, is_finite, lemma, own_clause

YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d\d\b")
EVENT_YEAR = re.compile(r"\b[Tt]he (?P<year>(?:19|20)\d\d) (?=[a-z])")
EVENT_PREPOSITIONS = {"in", "during", "after", "since"}
PERIOD_START = re.compile(r"\b(?:since|from)\s+\Z", re.IGNORECASE)
""""since Sunday", "from Monday": the start of a period, not the day a count holds for."""
SENTENCE_OPENER_TOKENS = 1
"""A day expression starting within this many tokens of the sentence start ("On Sept. 20") opens it."""

Timexes = list[tuple[Timex, list[Token]]]
"""Time expressions with the tokens they cover."""


class TimeRules:
    """Where a time expression attaches in the tree, relative to a number."""

    def __init__(self, config: MetricsConfig):
        self.reporting = set(config.attribution.reporting_verbs)

    @staticmethod
    def governing_verb(token: Token) -> Token:
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

    @staticmethod
    def tense_is_past(mention: Mention) -> bool:
        """True when the nearest finite verb above the number is in a past tense (not a perfect)."""
        for token in ancestors_and_self(mention.np_head):
            if token.pos_ in {"VERB", "AUX"} and is_finite(token):
                tags = {token.tag_, *(c.tag_ for c in token.children if c.dep_ in {"aux", "auxpass"})}
                return not tags & {"VBZ", "VBP", "MD"}
        return False


class DocumentDates:
    """The time expressions of one document and the days its figures hold for."""

    def __init__(self, doc: Doc, text: str, config: MetricsConfig, rules: TimeRules):
        self.doc = doc
        self.text = text
        self.config = config
        self.rules = rules
        self.published: dt.date | None = doc._.published
        self.reference_year = self.published.year if self.published else _latest_year(text)
        self.timexes = [(t, self._tokens(t)) for t in find_timexes(text)]
        self._lemmas: dict[tuple[int, int], str] = {}

    def _tokens(self, timex: Timex) -> list[Token]:
        span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        return list(span) if span is not None else []

    def in_sentence(self, sentence: Span) -> Timexes:
        return [(t, toks) for t, toks in self.timexes if sentence.start_char <= t.start < sentence.end_char]

    def days_named(self, sentence_timexes: Timexes) -> list[dt.date]:
        """The days a sentence names, for the sentences after it that speak of "that day"."""
        reference = self.sentence_reference(sentence_timexes)
        days = []
        for timex, _ in sentence_timexes:
            if timex.is_day:
                day = resolve(timex, reference if timex.is_relative else self.published)
                if day:
                    days.append(day)
        return days

    def historical(self, mention: Mention, sentence: Span, timexes: Timexes) -> bool:
        """A figure of the past: a historical cue in the sentence, or an old year or event governing it."""
        lemmas = self._sentence_lemmas(sentence)
        if any(f" {cue} " in lemmas for cue in self.config.historical.cues):
            return True
        if self.reference_year is None:
            return False
        limit = self.reference_year - self.config.historical.years_before
        for timex, tokens in timexes:
            if timex.kind in ("decade", "year", "date", "iso") and timex.year and timex.year <= limit:
                if self.rules.tree_distance(mention, tokens) is not None:
                    return True
        return any(int(year.group("year")) <= limit and self._dates_the_event(mention, year)
                   for year in EVENT_YEAR.finditer(self.text[sentence.start_char : sentence.end_char]))

    def _sentence_lemmas(self, sentence: Span) -> str:
        """The sentence's lowercased lemmas, space-separated with a space at each end (once per sentence)."""
        key = (sentence.start, sentence.end)
        lemmas = self._lemmas.get(key)
        if lemmas is None:
            lemmas = self._lemmas[key] = f" {' '.join(t.lemma_.lower() for t in sentence)} "
        return lemmas

    def _dates_the_event(self, mention: Mention, year: re.Match[str]) -> bool:
        """"The 2020 war killed 6,500": a year naming the event that is the figure's cause or setting
        (its subject, or the object of "in"/"during"/"after" on its verb); not "according to the 2020 deal"."""
        start = mention.span.sent.start_char + year.start("year")
        span = self.doc.char_span(start, start + 4)
        if span is None:
            return False
        event = span.root.head
        verbs = {mention.predicate, *mention.predicate.conjuncts}
        if event.dep_ in {"nsubj", "nsubjpass"}:
            return event.head in verbs
        return event.dep_ == "pobj" and event.head.lower_ in EVENT_PREPOSITIONS and event.head.head in verbs

    def sentence_reference(self, timexes: Timexes) -> dt.date | None:
        """The day a sentence speaks of: its first absolute or weekday expression, else publication."""
        for timex, _ in timexes:
            if timex.is_day and not timex.is_relative:
                day = resolve(timex, self.published)
                if day:
                    return day
        return self.published

    def as_of(self, mention: Mention, metric: str, timexes: Timexes,
              days: list[dt.date]) -> tuple[dt.date | None, str | None]:
        """The day the figure holds for and how it was found: "explicit", "narrative" or "published"."""
        governing = sorted(
            (distance, timex.start, timex)
            for timex, tokens in timexes
            if (distance := self.rules.tree_distance(mention, tokens)) is not None
            and not self.rules.dates_another_noun(mention, tokens)
            and not PERIOD_START.search(self.text, max(0, timex.start - 8), timex.start)
        )
        candidates = [t for _, _, t in governing] + _sentence_openers(mention, timexes) + [t for t, _ in timexes if t.as_of]
        for timex in candidates:
            if timex.kind == "period":
                return None, "explicit"
            if timex.is_day:
                reference = self.sentence_reference(timexes) if timex.is_relative else self.published
                return resolve(timex, reference), "explicit"
        if metric in self.config.metrics and not self.config.metrics[metric].dated:
            return None, None
        if days and self.rules.tense_is_past(mention):
            return days[-1], "narrative"
        return self.published, "published" if self.published else None


def _sentence_openers(mention: Mention, timexes: Timexes) -> list[Timex]:
    """"On Sept. 20, 2023, ... 200 were killed and ...": a day that opens the sentence dates all of it."""
    start = mention.span.sent.start
    return [t for t, tokens in timexes if t.is_day and tokens and tokens[0].i - start <= SENTENCE_OPENER_TOKENS]


def _latest_year(text: str) -> int | None:
    years = [int(y) for y in YEAR_IN_TEXT.findall(text)]
    return max(years) if years else None
