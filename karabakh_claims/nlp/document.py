"""Walks one parsed article, sentence by sentence, and decides the facts of every numeric mention.

The rules of each question live in their own module (metric, group, place, attribution, time, filters);
this module combines their answers and carries what flows between sentences: the day a paragraph
speaks of, the source a paragraph keeps quoting, the claim a comparison refers to.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from karabakh_claims.config_schema import GroupRules, MetricsConfig, SourcesConfig
from karabakh_claims.nlp.article_origins import ArticleOrigins
from karabakh_claims.nlp.attribution import AttributionRules
from karabakh_claims.nlp.filters import counts_things, drop_reason, is_pronoun_one
from karabakh_claims.nlp.group import SideRules, SubjectRules
from karabakh_claims.nlp.mention import Facts, Mention
from karabakh_claims.nlp.metric import MetricRules
from karabakh_claims.nlp.modality import ProjectionRules
from karabakh_claims.nlp.origins import Origin, OriginRules
from karabakh_claims.nlp.place import PlaceRules
from karabakh_claims.nlp.retraction import RetractionRules
from karabakh_claims.nlp.sources import ArticleSources, Attribution
from karabakh_claims.nlp.time import DocumentDates, TimeRules, Timexes
from karabakh_claims.nlp.tree import PRONOUNS
from karabakh_claims.nlp.triggers import TriggerIndex

TEXT_KEY = ("claims", "text")


def doc_text(doc: Doc) -> str:
    """The doc's text, kept in `doc.user_data`: spaCy rebuilds `Doc.text` from every token on each
    access, and three steps of the pipeline read it (`make_doc` puts the article's text there)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


class Analyzer:
    """The rules of one configuration, one object per question, built once and shared between documents
    (`sources` and `groups`: the sources file and group rules; the packaged ones when not given)."""

    def __init__(self, config: MetricsConfig, sources: SourcesConfig | None = None, groups: GroupRules | None = None):
        if sources is None or groups is None:
            from karabakh_claims.config import load_config

            packaged = load_config()
            sources, groups = sources or packaged.sources, groups or packaged.groups
        self.config = config
        self.index = TriggerIndex(config)
        self.groups = SubjectRules(config, self.index)
        self.sides = SideRules(config, self.groups)
        self.metrics = MetricRules(config, self.index, self.groups)
        self.places = PlaceRules(config)
        self.sources = AttributionRules(config)
        self.times = TimeRules(config)
        self.projections = ProjectionRules(config)
        self.origins = OriginRules(sources, config)
        self.retractions = RetractionRules(sources)
        self.group_rules = groups
        self.doing = {word for m in config.metrics.values() for word in [*m.triggers, *m.object_triggers] if " " not in word}
        """Verbs that count what they do ("killed 600"): their subject is the doer, not the counter."""


@dataclass
class ArticleState:
    """What earlier sentences of the article established."""

    paragraph: int = -1
    days: list[dt.date] = field(default_factory=list)
    previous: Facts | None = None
    sentences: list[Span] = field(default_factory=list)
    last_claim: Facts | None = None
    last_claim_sentence: int = -1


class DocAnalysis:
    """The facts of every numeric mention in one document."""

    def __init__(self, doc: Doc, config: MetricsConfig, analyzer: Analyzer | None = None):
        self.doc = doc
        self.text = doc_text(doc)
        self.config = config
        self.analyzer = analyzer if analyzer is not None else Analyzer(config)
        self.dates = DocumentDates(doc, self.text, config, self.analyzer.times)
        self.skip = [tuple(s) for s in (doc._.skip_spans or [])]
        self.state = ArticleState()
        self._counted_to, self._paragraph = 0, 0
        self.origins = ArticleOrigins(doc, self.text, self.analyzer.origins, self.analyzer.sources.person_titles,
                                      self.analyzer.doing)
        self.sources = ArticleSources(doc, self.text, self.analyzer.sources, self.skip, self.origins)

    def run(self) -> Iterator[tuple[Span, Facts]]:
        sentences = list(self.doc.sents)
        starts = [sentence.start for sentence in sentences]
        by_sentence: dict[int, list[Span]] = {}
        for span in self.doc.spans["claims_quantities"]:  # found by start: `Span.sent` walks the tokens
            by_sentence.setdefault(starts[bisect.bisect_right(starts, span.start) - 1], []).append(span)
        last = max(by_sentence, default=-1)
        for sentence in sentences:
            if sentence.start > last:
                return  # no figure after it: nothing reads what its sentences would tell
            self._enter(sentence)
            sentence_timexes = self.dates.in_sentence(sentence)
            previous_in_sentence: Facts | None = None
            for span in by_sentence.get(sentence.start, []):
                facts = self.facts(span, sentence, sentence_timexes, previous_in_sentence)
                if facts.metric and not facts.dropped:
                    previous_in_sentence = facts
                    self.state.previous = facts
                    self.state.last_claim = facts
                    self.state.last_claim_sentence = len(self.state.sentences)
                yield span, facts
            self.state.days.extend(self.dates.days_named(sentence_timexes))
            self.state.sentences.append(sentence)

    def _enter(self, sentence: Span) -> None:
        # line breaks counted on from the sentence before (counting from the start each time grows
        # with the square of a long article)
        paragraph = self._paragraph + self.text.count("\n", self._counted_to, sentence.start_char)
        self._counted_to, self._paragraph = sentence.start_char, paragraph
        line_start = paragraph != self.state.paragraph
        if paragraph != self.state.paragraph:
            self.state.paragraph = paragraph
            self.state.days = []
            self.state.previous = None
        self.sources.enter(sentence, paragraph, line_start)

    # --- one mention --------------------------------------------------------------------

    def facts(self, span: Span, sentence: Span, timexes: Timexes, previous_in_sentence: Facts | None) -> Facts:
        drop = drop_reason(span, self.text, self.skip)
        if drop:
            return Facts(dropped=drop)
        if previous_in_sentence is None and not self._last_claim_near() and not self.analyzer.metrics.may_find(span):
            return Facts(dropped="no metric")  # what the search below would come to
        quantity = span._.quantity
        mention = Mention(span=span, unit=quantity.unit, value=quantity.value)
        if span._.transition == "to" and previous_in_sentence and previous_in_sentence.transition == "from":
            return self._transition_end(mention, previous_in_sentence, timexes)
        metric, level = self.analyzer.metrics.metric(mention)
        if metric is None:
            return (self._compared(mention, previous_in_sentence, timexes) or self._part_of_last_claim(mention, timexes)
                    or Facts(dropped="no metric"))
        if is_pronoun_one(mention):
            return Facts(dropped="pronoun 'one'")
        attribution = self.sources.source(mention, metric in self.config.attribution.giver_metrics)
        facts = Facts(metric=metric, level=level, counted=mention.counted)
        facts.group = self._group(mention, metric)
        facts.subject = self._subject(facts.group, mention)
        named = attribution is not None
        if attribution is None:
            attribution = self._continued_source(facts, mention)
        if attribution is not None:
            facts.source, facts.source_text = attribution.source, attribution.text
        self._origin(facts, mention, attribution, named)
        facts.place = self.analyzer.places.place(mention, self.state.sentences[-2:])
        if self.config.metrics[metric].sided:
            previous_side = previous_in_sentence.side if previous_in_sentence else None
            nation = self.analyzer.sides.nation_of_place(facts.place)
            facts.place = None if nation else facts.place
            facts.side = self.analyzer.sides.side(mention, facts.source, previous_side) or nation
        facts.projection = self.analyzer.projections.projection(mention)
        facts.historical = self.dates.historical(mention, sentence, timexes)
        if not facts.historical:
            facts.as_of, facts.as_of_basis = self._as_of(mention, metric, timexes)
        facts.transition = span._.transition
        if facts.transition == "from":
            facts.as_of, facts.as_of_basis = None, None
        return facts

    def _transition_end(self, mention: Mention, before: Facts, timexes: Timexes) -> Facts:
        """"from 1,400 to 1,200": the figure after a transition counts what the one before it counted,
        as of its own time (the one before holds for an earlier, unstated day)."""
        as_of, basis = self._as_of(mention, before.metric or "", timexes)
        return Facts(metric=before.metric, group=before.group, subject=before.subject, side=before.side,
                     place=before.place, source=before.source, source_text=before.source_text, origin=before.origin,
                     origin_kind=before.origin_kind, origin_side=before.origin_side, level=before.level,
                     as_of=as_of, as_of_basis=basis, transition="to")

    def _as_of(self, mention: Mention, metric: str, timexes: Timexes) -> tuple[dt.date | None, str | None]:
        return self.dates.as_of(mention, metric, timexes, self.state.days)

    def _group(self, mention: Mention, metric: str) -> str | None:
        """The group counted; "114 of them" or a bare "15 are ..." take the group of the claim before."""
        groups = self.analyzer.groups
        group = groups.subject(mention)
        counted = mention.counted
        previous = self.state.previous
        refers_back = counted is None or counted in mention.span or counted.lower_ in PRONOUNS
        if group is None and refers_back and previous and previous.metric == metric and not groups.is_bare_count(mention):
            return previous.group
        return group

    def _subject(self, group: str | None, mention: Mention) -> str | None:
        condition = self.analyzer.groups.condition(mention)
        if condition:
            return f"{group or 'people'} {condition}"
        return group

    def _continued_source(self, facts: Facts, mention: Mention) -> Attribution | None:
        """A paragraph keeps its speaker ("..., the ministry said. Another 30 were wounded."), unless the
        figure is of the other side than the paragraph's last claim or a baseline of another metric."""
        previous = self.state.previous
        if not self.config.metrics[facts.metric].dated and (previous is None or previous.metric != facts.metric):
            return None  # a baseline ("About 120,000 lived there") is background, not the speaker's count
        side = None
        if self.config.metrics[facts.metric].sided:
            side = self.analyzer.sides.side(mention, None)
        if side and previous and previous.side and side != previous.side:
            return None
        return self.sources.carried(mention)

    def _compared(self, mention: Mention, previous: Facts | None, timexes: Timexes) -> Facts | None:
        """"up from 28,000": a number compared with the claim before it counts the same thing; not one
        that counts things of its own ("figures from two sources")."""
        if previous is None or counts_things(mention, self.analyzer.groups):
            return None
        start = mention.span.start_char
        before = self.text[max(0, start - 24) : start].lower().rstrip()
        if not any(before.endswith(word) for word in self.config.settings.comparison_words):
            return None
        as_of, basis = self._as_of(mention, previous.metric or "", timexes)
        return Facts(metric=previous.metric, group=previous.group, subject=previous.subject, side=previous.side,
                     place=previous.place, source=previous.source, origin=previous.origin,
                     origin_kind=previous.origin_kind, origin_side=previous.origin_side,
                     retracted=previous.retracted, level=previous.level, as_of=as_of, as_of_basis=basis)

    def _last_claim_near(self) -> bool:
        """Whether a claim stands in this sentence or the one before it."""
        return self.state.last_claim is not None and self.state.last_claim_sentence >= len(self.state.sentences) - 1

    def _part_of_last_claim(self, mention: Mention, timexes: Timexes) -> Facts | None:
        """"21,000 of them were children", "Of those, 30,000 are housed in hotels": a part of the
        group the claim just before (this sentence or the one before it) counted."""
        last = self.state.last_claim
        if not self._last_claim_near():
            return None
        if self.config.metrics[last.metric].unit != "people" or mention.unit not in (None, "people"):
            return None
        groups = self.analyzer.groups
        if groups.part_of_pronoun(mention) is None:
            return None
        group = groups.predicate_noun(mention) or last.group
        as_of, basis = self._as_of(mention, last.metric, timexes)
        own = self.sources.source(mention, False)
        facts = Facts(metric=last.metric, group=group, subject=group, side=last.side, place=last.place,
                      source=own.source if own else last.source, source_text=own.text if own else None,
                      origin=last.origin, origin_kind=last.origin_kind, origin_side=last.origin_side,
                      level=last.level, as_of=as_of, as_of_basis=basis)
        if own is not None:
            self._origin(facts, mention, own, True)
        return facts

    # --- who produced it ----------------------------------------------------------------------------

    def _origin(self, facts: Facts, mention: Mention, attribution: Attribution | None, named: bool) -> None:
        """The figure's origin (its source's, else the state counting its own losses, else the outlet's)
        and whether that origin retracted it."""
        origin = attribution.origin if attribution is not None else None
        if origin is None:
            origin = self._own_loss(mention, facts) or self.origins.outlet()
        origin, facts.retracted = self._retracted(mention, origin, named)
        facts.origin, facts.origin_kind, facts.origin_side = origin.name, origin.kind, origin.side

    def _own_loss(self, mention: Mention, facts: Facts) -> Origin | None:
        """"Azerbaijan has lost 191 soldiers": the state's own count, from its body for the group counted."""
        state = self.origins.own_loss_state(mention, self.analyzer.origins.own_losses.verbs)
        if state is None:
            return None
        rules = self.analyzer.group_rules
        classes = [c for name, rx in rules.class_patterns if facts.group and rx.search(facts.group)
                   for c in rules.lineage(name)]
        body = self.analyzer.origins.own_loss_body(classes)
        return self.analyzer.origins.body_of(body, state) if body is not None else None

    def _retracted(self, mention: Mention, origin: Origin, named: bool) -> tuple[Origin, bool]:
        """A figure is retracted when its own origin denies, disowns or withdraws it; a figure the text
        gives no source for is the denier's own when it is what was denied ("withdrew its estimate of 500")."""
        found = self.analyzer.retractions.retraction(mention)
        if found is None:
            return origin, False
        if found.denier is None:
            return origin, found.how != "clause"
        denier = self.sources.phrase_origin(found.denier)
        if denier is None:
            return origin, False
        owner = self.sources.phrase_origin(found.owner) if found.owner is not None and not named else None
        if owner is not None:
            return owner, owner.name == denier.name
        if not named and found.how in {"object", "holder"}:
            return denier, True
        return origin, denier.name == origin.name and (named or found.how != "clause")


def analyse_doc(doc: Doc, config: MetricsConfig, analyzer: Analyzer | None = None) -> Iterator[tuple[Span, Facts]]:
    """Each numeric mention of the document with the facts the rules found (`analyzer`: one built
    from `config` beforehand, to share between documents)."""
    return DocAnalysis(doc, config, analyzer).run()
