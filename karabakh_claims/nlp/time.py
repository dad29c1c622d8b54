"""When a figure holds: the day it is counted on ("as of"), and whether it is a historical figure.

`timex.py` finds the time expressions of the text; here they are tied to numbers through the parse tree
(`TimeRules`) and resolved against the article's day (its dateline's date, else the publication date)
and the days the paragraph already spoke of (`DocumentDates`). A day counts for a figure when it governs
its clause (or the reporting verb over it, or opens the sentence, or follows "as of"), unless it dates an
event noun, opens a period ("since", "after"), or stands on a present perfect. The word lists are the
[time] and [historical] tables of the metrics file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.timex import Timex, dateline, find_timexes, resolve
from karabakh_claims.nlp.tree import ancestors_and_self, first_conjunct, is_finite, lemma, own_clause

YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d\d\b")
EVENT_YEAR = re.compile(r"\b[Tt]he (?P<year>(?:19|20)\d\d) (?=[a-z])")
EVENT_PREPOSITIONS = {"in", "during", "after", "since"}
EVENT_MODIFIER_DEPS = {"poss", "compound", "nmod", "amod", "npadvmod", "nummod"}
""""Saturday's attack", "the Oct. 7 rampage", "the 6 February earthquakes": a day on a noun."""
NOUN_PHRASE_CLAUSES = {"acl", "relcl"}
""""17,000 killed in 1999", "the 300 people who fled on Monday": a clause on the figure's own noun."""
SENTENCE_OPENER_TOKENS = 1
"""A day expression starting within this many tokens of the sentence start ("On Sept. 20") opens it."""

Timexes = list[tuple[Timex, list[Token]]]
"""Time expressions with the tokens they cover."""


class TimeRules:
    """Where a time expression attaches in the tree, relative to a number."""

    def __init__(self, config: MetricsConfig):
        self.reporting = set(config.attribution.reporting_verbs)
        self.not_events = set(config.time.frame_nouns) | set(config.people.count_nouns)
        self.period_markers = set(config.time.period_markers)
        self.baseline_adverbs = set(config.time.baseline_adverbs)

    @staticmethod
    def governing_verb(token: Token) -> Token:
        while token.pos_ not in {"VERB", "AUX"} and token.dep_ != "ROOT" and token.head != token:
            token = token.head
        return token

    def tree_distance(self, mention: Mention, timex_tokens: list[Token]) -> int | None:
        """How far up from the number the time expression attaches, or None when it does not govern it."""
        if not timex_tokens:
            return None
        root = timex_root(timex_tokens)
        verb = self.governing_verb(root.head if root.head != root else root)
        if verb.dep_ in NOUN_PHRASE_CLAUSES and verb.head in (mention.np_head, mention.counted, mention.anchor):
            return 0
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

    def dates_another_noun(self, mention: Mention, timex_tokens: list[Token]) -> bool:
        """"Saturday's attack", "the blast on Monday", "the explosion late on Tuesday", "the Oct. 7
        rampage", "the quakes of February 6": a date of an event noun, not of the count ("the end of
        the previous day" is a time frame, "the toll on Monday" a count: `not_events`)."""
        inside = set(timex_tokens)
        root = timex_root(timex_tokens)
        holder = root.head
        if root.dep_ == "pobj" and holder.dep_ == "prep":
            holder = holder.head
            while holder.pos_ == "ADV" and holder.head != holder:
                holder = holder.head
        elif root.dep_ not in EVENT_MODIFIER_DEPS:
            return False
        return (holder.pos_ == "NOUN" and holder not in inside and holder not in mention.np_tokens
                and lemma(holder) not in self.not_events)

    def starts_a_period(self, mention: Mention | None, timex: Timex, timex_tokens: list[Token], text: str) -> bool:
        """"since Saturday", "from Monday", "since the war broke out on October 7", "after the quake on
        Monday": the day opens or precedes a period (a marker on the way up to the figure's own clause)."""
        before = text[max(0, timex.start - 8) : timex.start].lower().split()
        if before and before[-1] in self.period_markers:
            return True
        clause = set(own_clause(mention.np_head)) if mention is not None else set()
        for token in ancestors_and_self(timex_root(timex_tokens)):
            if token in clause:
                return False
            if token.dep_ in {"prep", "mark"} and token.lower_ in self.period_markers:
                return True
            if any(c.dep_ == "mark" and c.lower_ in self.period_markers for c in token.children):
                return True
            if self._split_period_clause(token):
                return True
        return False

    def _split_period_clause(self, verb: Token) -> bool:
        """"surpassed 14,000 since the present round of fighting began on Oct. 7", parsed as "since [the
        round of fighting]" and a clause "began on Oct. 7" beside it: a conjunction "since" whose phrase
        ends right where the clause begins opens that clause all the same."""
        if verb.dep_ != "advcl" or verb.pos_ != "VERB":
            return False
        return any(c.pos_ == "SCONJ" and c.lower_ in self.period_markers and c.right_edge.i + 1 == verb.left_edge.i
                   for c in verb.head.children)

    @staticmethod
    def perfect_excludes(timex: Timex, timex_tokens: list[Token]) -> bool:
        """"The quake that struck on Monday has now killed 15,383": a present perfect takes no past day
        (the day belongs to another verb, whatever the parse says); "as of Monday" still dates it."""
        if timex.as_of or timex.kind == "today":
            return False
        verb = TimeRules.governing_verb(timex_root(timex_tokens).head)
        auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
        return verb.tag_ == "VBN" and any(lemma(c) == "have" and c.tag_ in {"VBZ", "VBP"} for c in auxiliaries)

    def is_baseline(self, mention: Mention) -> bool:
        """"200,000 soldiers usually on active duty": a standing level has no as-of day."""
        near = [*mention.np_tokens, *(mention.predicate.children if mention.predicate else [])]
        return any(t.dep_ == "advmod" and t.lower_ in self.baseline_adverbs for t in near)

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
        found = find_timexes(text)
        self.timexes = [(t, self._tokens(t)) for t in found]
        self._starts = [t.start for t in found]
        line = dateline(text, found)
        self.reference = (resolve(line, self.published) if line else None) or self.published
        """The day the article speaks from: its dateline's date ("KHARTOUM, April 20 -"), else publication."""
        self._cues: dict[tuple[int, int], list[list[Token]]] = {}
        self._sentences: dict[tuple[int, int], tuple[set[Token], list[re.Match[str]]]] = {}

    def _tokens(self, timex: Timex) -> list[Token]:
        span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        return list(span) if span is not None else []

    def in_sentence(self, sentence: Span) -> Timexes:
        """The time expressions that start in the sentence (found by position, not by a scan of all)."""
        first = bisect.bisect_left(self._starts, sentence.start_char)
        return self.timexes[first : bisect.bisect_left(self._starts, sentence.end_char, first)]

    def days_named(self, sentence_timexes: Timexes) -> list[dt.date]:
        """The days a sentence names, for the sentences after it that speak of "that day"."""
        reference = self.sentence_reference(sentence_timexes)
        days = []
        for timex, tokens in sentence_timexes:
            if timex.is_day and not self.rules.starts_a_period(None, timex, tokens, self.text):
                day = resolve(timex, reference if timex.is_relative else self.reference)
                if day:
                    days.append(day)
        return days

    def historical(self, mention: Mention, sentence: Span, timexes: Timexes) -> bool:
        """A figure of the past: a historical cue, an old year or an old event governing it, or in the
        phrase that opens the sentence ("Following the first war in the 1990s, ... 2,000 still missing")."""
        opening, event_years = self._read_sentence(sentence)
        cues = self._cue_tokens(sentence)
        if any(cue[0] in opening or self.rules.tree_distance(mention, cue) is not None for cue in cues):
            return True
        if self.reference_year is None:
            return False
        limit = self.reference_year - self.config.historical.years_before
        for timex, tokens in timexes:
            if timex.kind in ("decade", "year", "date", "iso") and timex.year and timex.year <= limit:
                if tokens and tokens[0] in opening or self.rules.tree_distance(mention, tokens) is not None:
                    return True
        return any(int(year.group("year")) <= limit and self._dates_the_event(mention, year) for year in event_years)

    def _read_sentence(self, sentence: Span) -> tuple[set[Token], list[re.Match[str]]]:
        """The sentence's opening phrase and its event years ("the 2020 war"), read once per sentence."""
        key = (sentence.start, sentence.end)
        found = self._sentences.get(key)
        if found is None:
            text = self.text[sentence.start_char : sentence.end_char]
            found = self._sentences[key] = (_opening_phrase(sentence), list(EVENT_YEAR.finditer(text)))
        return found

    def _cue_tokens(self, sentence: Span) -> list[list[Token]]:
        """The historical cues of the sentence ("decades", "the struggle", "since independence") as
        tokens, found once per sentence; a cue counts only where it governs the figure ("killed 30,000
        over three decades", not "one of the worst disasters the region has suffered in a century")."""
        key = (sentence.start, sentence.end)
        found = self._cues.get(key)
        if found is None:
            lemmas = [t.lemma_.lower() for t in sentence]
            at: dict[str, list[int]] = {}  # each lemma's positions, in order
            for i, word in enumerate(lemmas):
                at.setdefault(word, []).append(i)
            found = self._cues[key] = []
            for cue in self.config.historical.cues:
                words = cue.split()
                found.extend(list(sentence[i : i + len(words)]) for i in at.get(words[0], ())
                             if lemmas[i : i + len(words)] == words)
        return found

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
        """The day a sentence speaks of: its first absolute or weekday expression, else the article's day."""
        for timex, _ in timexes:
            if timex.is_day and not timex.is_relative:
                day = resolve(timex, self.reference)
                if day:
                    return day
        return self.reference

    def dates_the_count(self, mention: Mention, timex: Timex, tokens: list[Token]) -> bool:
        """A time expression that can be the figure's day: not the date of an event noun, not the start
        of a period, not a past day on a present perfect."""
        return bool(tokens) and not (self.rules.dates_another_noun(mention, tokens)
                                     or self.rules.starts_a_period(mention, timex, tokens, self.text)
                                     or self.rules.perfect_excludes(timex, tokens))

    def as_of(self, mention: Mention, metric: str, timexes: Timexes,
              days: list[dt.date]) -> tuple[dt.date | None, str | None]:
        """The day the figure holds for and how it was found: "explicit", "narrative" or "published"."""
        governing = sorted(
            (distance, timex.start, timex)
            for timex, tokens in timexes
            if (distance := self.rules.tree_distance(mention, tokens)) is not None
        )
        openers = _sentence_openers(mention, timexes) + [t for t, _ in timexes if t.as_of]
        tokens_of = dict(timexes)
        for timex in [t for _, _, t in governing] + openers:
            if not self.dates_the_count(mention, timex, tokens_of[timex]):
                continue
            if timex.kind == "period":
                return None, "explicit"
            if timex.is_day:
                reference = self.sentence_reference(timexes) if timex.is_relative else self.reference
                return resolve(timex, reference), "explicit"
        if metric in self.config.metrics and not self.config.metrics[metric].dated or self.rules.is_baseline(mention):
            return None, None
        if days and self.rules.tense_is_past(mention):
            return days[-1], "narrative"
        return self.reference, "published" if self.reference else None


def _opening_phrase(sentence: Span) -> set[Token]:
    """The adverbial phrase that opens a sentence ("In 1994, ...", "Following the first hostilities in
    the 1980s ..."): the highest phrase starting at the sentence's first word, unless that is the clause."""
    token, phrase = sentence[0], None
    while token.head != token and token.left_edge.i == sentence.start:
        if token.dep_ in {"prep", "advcl", "npadvmod", "advmod"}:
            phrase = token
        token = token.head
    return set(phrase.subtree) if phrase is not None else set()


def timex_root(tokens: list[Token]) -> Token:
    """The token of a time expression nearest the root of the tree."""
    return min(tokens, key=lambda t: len(list(t.ancestors)))


def _sentence_openers(mention: Mention, timexes: Timexes) -> list[Timex]:
    """"On Sept. 20, 2023, ... 200 were killed and ...": a day that opens the sentence dates all of it."""
    start = mention.span.sent.start
    return [t for t, tokens in timexes if t.is_day and tokens and tokens[0].i - start <= SENTENCE_OPENER_TOKENS]


def _latest_year(text: str) -> int | None:
    years = [int(y) for y in YEAR_IN_TEXT.findall(text)]
    return max(years) if years else None
