"""Walks one parsed article, sentence by sentence, and decides the facts of every numeric mention.

Sentence-level rules live in `semantics.Analyzer`; this module carries what flows between sentences:
the day a paragraph speaks of, the source a paragraph keeps quoting, the claim a comparison refers to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.nlp.semantics import PRONOUNS, Analyzer, Facts, Mention
from karabakh_claims.nlp.timex import Timex, find_timexes, resolve

NOT_CLAIM_KINDS = {"percent", "ordinal", "year", "date", "time", "other"}
HYPHEN_MODIFIER = re.compile(r"^\s*[-‑–]\s*(?P<word>[A-Za-z]+)")
YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d\d\b")
EVENT_YEAR = re.compile(r"\b[Tt]he (?P<year>(?:19|20)\d\d) (?=[a-z])")
EVENT_PREPOSITIONS = {"in", "during", "after", "since"}
PERIOD_START = re.compile(r"\b(?:since|from)\s+\Z", re.IGNORECASE)
""""since Sunday", "from Monday": the start of a period, not the day a count holds for."""
SENTENCE_OPENER_TOKENS = 1
"""A day expression starting within this many tokens of the sentence start ("On Sept. 20") opens it."""


@dataclass
class ArticleState:
    """What earlier sentences of the article established."""

    paragraph: int = -1
    days: list[dt.date] = field(default_factory=list)
    previous: Facts | None = None
    sentences: list[Span] = field(default_factory=list)
    last_claim: Facts | None = None
    last_claim_sentence: int = -1


TEXT_KEY = ("claims", "text")


def doc_text(doc: Doc) -> str:
    """The doc's text, kept in `doc.user_data`: spaCy rebuilds `Doc.text` from every token on each
    access, and three steps of the pipeline read it (`make_doc` puts the article's text there)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


class DocAnalysis:
    """The facts of every numeric mention in one document."""

    def __init__(self, doc: Doc, config: MetricsConfig, analyzer: Analyzer | None = None):
        self.doc = doc
        self.text = doc_text(doc)
        self.config = config
        self.analyzer = analyzer if analyzer is not None else Analyzer(config)
        self.published: dt.date | None = doc._.published
        self.reference_year = self.published.year if self.published else _latest_year(self.text)
        self.timexes = [(t, self._tokens(t)) for t in find_timexes(self.text)]
        self.skip = [tuple(s) for s in (doc._.skip_spans or [])]
        self.state = ArticleState()
        self._lemmas: dict[tuple[int, int], str] = {}

    def _tokens(self, timex: Timex) -> list[Token]:
        span = self.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        return list(span) if span is not None else []

    def run(self) -> Iterator[tuple[Span, Facts]]:
        by_sentence: dict[int, list[Span]] = {}
        for span in self.doc.spans["claims_quantities"]:
            by_sentence.setdefault(span.sent.start, []).append(span)
        for sentence in self.doc.sents:
            self._enter(sentence)
            sentence_timexes = [(t, toks) for t, toks in self.timexes if sentence.start_char <= t.start < sentence.end_char]
            previous_in_sentence: Facts | None = None
            for span in by_sentence.get(sentence.start, []):
                facts = self.facts(span, sentence, sentence_timexes, previous_in_sentence)
                if facts.metric and not facts.dropped:
                    previous_in_sentence = facts
                    self.state.previous = facts
                    self.state.last_claim = facts
                    self.state.last_claim_sentence = len(self.state.sentences)
                yield span, facts
            self._remember_days(sentence_timexes)
            self.state.sentences.append(sentence)

    def _enter(self, sentence: Span) -> None:
        paragraph = self.text.count("\n", 0, sentence.start_char)
        if paragraph != self.state.paragraph:
            self.state.paragraph = paragraph
            self.state.days = []
            self.state.previous = None

    def _remember_days(self, sentence_timexes: list[tuple[Timex, list[Token]]]) -> None:
        reference = self._sentence_reference(sentence_timexes)
        for timex, _ in sentence_timexes:
            if timex.is_day:
                day = resolve(timex, reference if timex.is_relative else self.published)
                if day:
                    self.state.days.append(day)

    # --- one mention --------------------------------------------------------------------

    def facts(self, span: Span, sentence: Span, timexes: list[tuple[Timex, list[Token]]],
              previous_in_sentence: Facts | None) -> Facts:
        drop = self._drop_reason(span)
        if drop:
            return Facts(dropped=drop)
        quantity = span._.quantity
        mention = Mention(span=span, unit=quantity.unit, value=quantity.value)
        metric, level = self.analyzer.metric(mention)
        if metric is None:
            return (self._compared(mention, previous_in_sentence, timexes) or self._part_of_last_claim(mention, timexes)
                    or Facts(dropped="no metric"))
        if mention.counted is None and quantity.value == 1 and quantity.text.isalpha():
            return Facts(dropped="pronoun 'one'")
        source = self.analyzer.source(mention)
        facts = Facts(metric=metric, level=level, counted=mention.counted)
        facts.group = self._group(mention, metric)
        facts.subject = self._subject(facts.group, mention)
        facts.source = source or self._continued_source(facts, mention)
        if self.config.metrics[metric].sided:
            previous_side = previous_in_sentence.side if previous_in_sentence else None
            facts.side = self.analyzer.side(mention, facts.source, previous_side)
        facts.place = self.analyzer.place(mention, self.state.sentences[-2:])
        facts.historical = self._historical(mention, sentence, timexes)
        if not facts.historical:
            facts.as_of, facts.as_of_basis = self._as_of(mention, metric, timexes)
        return facts

    def _drop_reason(self, span: Span) -> str | None:
        kind = span._.number_kind
        if kind in NOT_CLAIM_KINDS:
            return kind
        if any(start <= span.start_char < end for start, end in self.skip):
            return "header line"
        after = HYPHEN_MODIFIER.match(self.text[span.end_char : span.end_char + 20])
        if after and after.group("word").lower() not in {"strong"}:
            return f"part of a modifier (-{after.group('word')})"
        return None

    def _group(self, mention: Mention, metric: str) -> str | None:
        """The group counted; "114 of them" or a bare "15 are ..." take the group of the claim before."""
        group = self.analyzer.subject(mention)
        counted = mention.counted
        previous = self.state.previous
        refers_back = counted is None or counted in mention.span or counted.lower_ in PRONOUNS
        if group is None and refers_back and previous and previous.metric == metric and not self.analyzer.is_bare_count(mention):
            return previous.group
        return group

    def _subject(self, group: str | None, mention: Mention) -> str | None:
        condition = self._condition(mention)
        if condition:
            return f"{group or 'people'} {condition}"
        return group

    def _condition(self, mention: Mention) -> str | None:
        """"114 of them are in serious condition": a copula's prepositional phrase narrows the group."""
        predicate = mention.predicate
        if predicate.lemma_ != "be" or mention.through:
            return None
        for child in predicate.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "under", "on"}:
                return self.doc[child.i : child.right_edge.i + 1].text
        return None

    def _continued_source(self, facts: Facts, mention: Mention) -> str | None:
        """A paragraph that keeps speaking of the same group keeps its source."""
        previous = self.state.previous
        if previous is None or previous.metric != facts.metric or not previous.source:
            return None
        side = None
        if self.config.metrics[facts.metric].sided:
            side = self.analyzer.side(mention, None)
        if side and previous.side and side != previous.side:
            return None
        return previous.source

    def _compared(self, mention: Mention, previous: Facts | None,
                  timexes: list[tuple[Timex, list[Token]]]) -> Facts | None:
        """"up from 28,000": a number compared with the claim before it counts the same thing."""
        if previous is None:
            return None
        start = mention.span.start_char
        before = self.text[max(0, start - 24) : start].lower().rstrip()
        if not any(before.endswith(word) for word in self.config.settings.comparison_words):
            return None
        as_of, basis = self._as_of(mention, previous.metric or "", timexes)
        return Facts(metric=previous.metric, group=previous.group, subject=previous.subject, side=previous.side,
                     place=previous.place, source=previous.source, level=previous.level,
                     as_of=as_of, as_of_basis=basis)

    def _part_of_last_claim(self, mention: Mention, timexes: list[tuple[Timex, list[Token]]]) -> Facts | None:
        """"21,000 of them were children", "Of those, 30,000 are housed in hotels": a part of the
        group the claim just before (this sentence or the one before it) counted."""
        last = self.state.last_claim
        if last is None or self.state.last_claim_sentence < len(self.state.sentences) - 1:
            return None
        if self.config.metrics[last.metric].unit != "people" or mention.unit not in (None, "people"):
            return None
        if self.analyzer.part_of_pronoun(mention) is None:
            return None
        group = self.analyzer.predicate_noun(mention) or last.group
        as_of, basis = self._as_of(mention, last.metric, timexes)
        return Facts(metric=last.metric, group=group, subject=group, side=last.side, place=last.place,
                     source=self.analyzer.source(mention) or last.source, level=last.level,
                     as_of=as_of, as_of_basis=basis)

    # --- time ---------------------------------------------------------------------------

    def _historical(self, mention: Mention, sentence: Span, timexes: list[tuple[Timex, list[Token]]]) -> bool:
        lemmas = self._sentence_lemmas(sentence)
        if any(f" {cue} " in lemmas for cue in self.config.historical.cues):
            return True
        if self.reference_year is None:
            return False
        limit = self.reference_year - self.config.historical.years_before
        for timex, tokens in timexes:
            if timex.kind in ("decade", "year", "date", "iso") and timex.year and timex.year <= limit:
                if self.analyzer.tree_distance(mention, tokens) is not None:
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

    def _sentence_reference(self, timexes: list[tuple[Timex, list[Token]]]) -> dt.date | None:
        """The day a sentence speaks of: its first absolute or weekday expression, else publication."""
        for timex, _ in timexes:
            if timex.is_day and not timex.is_relative:
                day = resolve(timex, self.published)
                if day:
                    return day
        return self.published

    def _as_of(self, mention: Mention, metric: str,
               timexes: list[tuple[Timex, list[Token]]]) -> tuple[dt.date | None, str | None]:
        """The day the figure holds for and how it was found: "explicit", "narrative" or "published"."""
        governing = sorted(
            (distance, timex.start, timex)
            for timex, tokens in timexes
            if (distance := self.analyzer.tree_distance(mention, tokens)) is not None
            and not self.analyzer.dates_another_noun(mention, tokens)
            and not PERIOD_START.search(self.text, max(0, timex.start - 8), timex.start)
        )
        candidates = [t for _, _, t in governing] + _sentence_openers(mention, timexes) + [t for t, _ in timexes if t.as_of]
        for timex in candidates:
            if timex.kind == "period":
                return None, "explicit"
            if timex.is_day:
                reference = self._sentence_reference(timexes) if timex.is_relative else self.published
                return resolve(timex, reference), "explicit"
        if metric in self.config.metrics and not self.config.metrics[metric].dated:
            return None, None
        if self.state.days and self.analyzer.tense_is_past(mention):
            return self.state.days[-1], "narrative"
        return self.published, "published" if self.published else None


def _sentence_openers(mention: Mention, timexes: list[tuple[Timex, list[Token]]]) -> list[Timex]:
    """"On Sept. 20, 2023, ... 200 were killed and ...": a day that opens the sentence dates all of it."""
    start = mention.span.sent.start
    return [t for t, tokens in timexes if t.is_day and tokens and tokens[0].i - start <= SENTENCE_OPENER_TOKENS]


def _latest_year(text: str) -> int | None:
    years = [int(y) for y in YEAR_IN_TEXT.findall(text)]
    return max(years) if years else None


def analyse_doc(doc: Doc, config: MetricsConfig, analyzer: Analyzer | None = None) -> Iterator[tuple[Span, Facts]]:
    """Each numeric mention of the document with the facts the rules found (`analyzer`: one built
    from `config` beforehand, to share between documents)."""
    return DocAnalysis(doc, config, analyzer).run()
