"""The indexes of the semantic stage answer as the scans they replace: the chain of sources' pools, the
doc's entities, the time expressions, and the check that skips the metric search of a number whose
tree holds no word of the lexicon. And none of them holds the doc in a reference cycle."""

from __future__ import annotations

import gc
import random
import re
import weakref

from conftest import CONFIG, FIXTURES, SEEDS, parse
from spacy.attrs import DEP, POS

from karabakh_claims.nlp.attribution import CUE_TAG_IDS, CUE_TAGS, MAY_HOLD_ACRONYM
from karabakh_claims.nlp.chain import Chain, Entry, spelling
from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.nlp.document import Analyzer
from karabakh_claims.nlp.mention import Mention
from karabakh_claims.nlp.names import ACRONYM
from karabakh_claims.nlp.sources import DASH_CHARACTERS, SUBJECT, ArticleSources
from karabakh_claims.nlp.timex import _COMPILED, _PATTERNS, Timex, _timex, find_timexes
from karabakh_claims.nlp.tree import entities_in, entity_of, sentence_start, tokens_with

ANALYZER = Analyzer(CONFIG.metrics)
FITS = ANALYZER.sources.fits
KINDS = ("person", "thing", "plural", "name")
TEXT = ("The United Nations Office for the Coordination of Humanitarian Affairs, or OCHA, said 300 people fled. "
        "Doctors Without Borders said the Health Ministry of Freedonia counted 40 dead, and the ministry added "
        "that John Smith, the director, saw them. Smith said UN teams and the Red Crescent Society arrived.\n"
        "The agency said 20 more were wounded, the health ministry said, and he said the envoy agreed.")


def scan_latest(entries: list[Entry], before: int, accept, floor: int = 0) -> Entry | None:
    """`Chain.latest` as the scan it replaces."""
    best = None
    for entry in entries:
        if floor <= entry.head.i < before and accept(entry) and (best is None or entry.head.i > best.head.i):
            best = entry
    return best


def has_noun(entry: Entry, word: str) -> bool:
    tokens = entry.tokens
    return len(tokens) > 1 and any(t.lemma_.lower() == word and t.pos_ in {"NOUN", "PROPN"} for t in tokens)


def random_chain(doc, rng: random.Random) -> Chain:
    chain = Chain(FITS)
    for _ in range(120):
        head = doc[rng.randrange(len(doc))]
        start, end = max(0, head.i - rng.randrange(4)), min(len(doc), head.i + 1 + rng.randrange(4))
        chain.add(Entry(head, start, end, f"source {head.i}", rng.choice(KINDS), rng.random() < 0.6,
                        rng.randrange(3), rng.random() < 0.2))
    return chain


def lookups(paragraph: int, word: str) -> dict:
    """Each key of the chain's pools with the condition it stands for."""
    found = {("speaker", paragraph): lambda e: e.speaker and e.paragraph == paragraph,
             ("speaker", "not person"): lambda e: e.speaker and e.kind != "person",
             ("said", "not person"): lambda e: e.speaker and not e.headline and e.kind != "person",
             ("said", paragraph, "person"): lambda e: e.speaker and not e.headline and e.kind == "person"
             and e.paragraph == paragraph,
             ("noun", word): lambda e: has_noun(e, word),
             ("said noun", word): lambda e: e.speaker and not e.headline and has_noun(e, word)}
    for kind in ("person", "thing", "plural"):
        found[("fits", kind)] = lambda e, kind=kind: FITS(e.kind, kind)
        found[("said", kind)] = lambda e, kind=kind: e.speaker and not e.headline and FITS(e.kind, kind)
        found[("speaker", paragraph, kind)] = lambda e, kind=kind: e.speaker and e.paragraph == paragraph and FITS(e.kind, kind)
    return found


def test_the_chain_of_sources_answers_as_a_scan_of_every_entry(nlp):
    doc = parse(nlp, TEXT)
    rng = random.Random(16)
    for _ in range(5):
        chain = random_chain(doc, rng)
        for _ in range(60):
            before, floor = rng.randrange(len(doc) + 1), rng.randrange(20)
            word = rng.choice(["ministry", "office", "society", "smith", "team"])
            for key, condition in lookups(rng.randrange(3), word).items():
                assert chain.latest(before, key) is scan_latest(chain.entries, before, condition), key
                assert chain.latest(before, key, floor=floor) is scan_latest(chain.entries, before, condition, floor)
                odd = lambda e: e.head.i % 2 == 1  # noqa: E731
                assert chain.latest(before, key, odd) is scan_latest(chain.entries, before, lambda e: condition(e) and odd(e))


def scan_person(entries: list[Entry], before: int, words: set[str], size: int) -> Entry | None:
    best = None
    for entry in entries:
        if entry.head.i < before and entry.kind == "person":
            theirs = entry.words
            if words <= set(theirs) and len(theirs) > size and (best is None or len(theirs) >= len(best.words)):
                best = entry
    return best


def scan_acronym(entries: list[Entry], before: int, text: str, wanted: str) -> str | None:
    for entry in reversed(entries):
        if entry.head.i >= before:
            continue
        if any(t.text == text and t.i != entry.head.i and t.dep_ in {"appos", "conj"} for t in entry.tokens):
            return entry.source
        if spelled := spelling(entry.tokens, wanted):
            return spelled
    return None


def test_persons_and_acronyms_resolve_as_a_scan_of_every_entry(nlp):
    doc = parse(nlp, TEXT)
    rng = random.Random(7)
    for _ in range(5):
        chain = random_chain(doc, rng)
        for _ in range(60):
            before = rng.randrange(len(doc) + 1)
            words = set(rng.sample(["john", "smith", "doctors", "health", "ministry", "the"], rng.randrange(3)))
            size = rng.randrange(3)
            assert chain.fullest_person(before, words, size) is scan_person(chain.entries, before, words, size)
            text = rng.choice(["OCHA", "UN", "U.N.", "RCS", "DWB", "HM", "UNO"])
            wanted = text.replace(".", "")
            entry = chain.acronym_entry(before, text, wanted)
            found = None if entry is None else entry.source if text in entry.defined else spelling(entry.tokens, wanted)
            assert found == scan_acronym(chain.entries, before, text, wanted)


def test_the_entities_of_a_token_and_of_a_sentence(nlp):
    doc = parse(nlp, TEXT)
    for token in doc:
        holding = [ent for ent in doc.ents if ent.start <= token.i < ent.end]
        assert [entity_of(token)] == (holding or [None])
    for sentence in doc.sents:
        assert entities_in(sentence) == list(sentence.ents)


def test_the_sentence_of_a_token_is_found_as_span_sent_finds_it(nlp):
    """`sentence_start` (from the doc's starts, read once) and `Span.sent` (a walk back each time) agree,
    line breaks and headers included; `tokens_with` gives the tokens a scan of their tags gives."""
    texts = [TEXT, *(path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "articles").glob("*.txt"))[:6])]
    for doc in (parse(nlp, text) for text in texts):
        assert sum(1 for _ in doc.sents) > 1
        for token in doc:
            assert sentence_start(doc, token.i) == doc[token.i : token.i + 1].sent.start
        for sentence in doc.sents:  # and the words of a kind, read from the doc's columns
            assert tokens_with(sentence, POS, CUE_TAG_IDS) == [t for t in sentence if t.pos_ in CUE_TAGS]
            assert tokens_with(sentence, DEP, SUBJECT) == [t for t in sentence if t.dep_ == "nsubj"]


def test_a_sentence_or_a_phrase_passed_over_by_a_quick_test_has_nothing_the_full_reading_finds(nlp):
    """A sentence without a dash has no dateline, a phrase without two capitals no acronym: where those
    tests pass over one, the full reading finds nothing either."""
    texts = [TEXT, *(path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "articles").glob("*.txt")))]
    passed_over = [0, 0]
    for doc in (parse(nlp, text) for text in texts):
        for sentence in doc.sents:
            if not any(dash in sentence.text for dash in DASH_CHARACTERS):
                passed_over[0] += 1
                assert ArticleSources._dateline_end(sentence, frozenset()) == sentence.start
        for span in [*doc.ents, *doc.noun_chunks]:
            if not MAY_HOLD_ACRONYM.search(span.text):
                passed_over[1] += 1
                assert not any(ACRONYM.match(token.text) for token in span)
    assert min(passed_over) >= 100


def scan_timexes(text: str) -> list[Timex]:
    """`find_timexes` as the scan of every expression taken before."""
    found, taken = [], []
    for kind, rx in _COMPILED:
        for match in rx.finditer(text):
            if not any(match.start() < end and start < match.end() for start, end in taken):
                found.append(_timex(kind, match, text))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda t: t.start)


def test_time_expressions_that_overlap_are_read_once():
    text = ("On Monday, Oct. 9, 2023, and on 10/09/2023 (Tuesday), since last week, as of Sept. 20 "
            "2023-10-09 yesterday today on Sunday the 1990s in 2020 from Monday to Wednesday. ") * 20
    assert find_timexes(text) == scan_timexes(text)


def test_time_expressions_are_found_in_lower_case_as_the_case_insensitive_patterns_find_them():
    """The lower-case search (each pattern's leading boundary tested at its matches) gives what the
    case-insensitive patterns give, on every bundled text and where a match inside a word hides one."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for folder in (SEEDS, FIXTURES)
             for path in sorted(folder.rglob("*")) if path.suffix in {".txt", ".jsonl", ".md"}]
    assert len(texts) >= 40
    texts += ["The blast Monday, LAST TUESDAY and lastFriday; SEPT. 21, 2023; 3RD OF OCTOBER; In 2019 the 1990'S.",
              "Xyesterday, the PREVIOUS day, THIS Morning, over the past Three Years, per ANNUM, sinceApril 2",
              "ſeptember 3, İstanbul on the 2nd of March, ıN 2020, the 199\u212a0s"]
    for text in texts:
        assert find_timexes(text) == scan_timexes(text), text[:80]
    assert [t.kind for t in find_timexes(texts[-1])] == ["date", "date", "year"]  # ſ reads as s, ı as i, as before


def test_the_time_patterns_are_written_in_lower_case():
    """The lower-case search needs them so (group names aside): a capital would never match."""
    for _, rx in _PATTERNS:
        assert re.sub(r"\(\?P<\w+>", "", rx) == re.sub(r"\(\?P<\w+>", "", rx).lower(), rx
        assert not rx.startswith(r"\b") or re.compile(rx[2:]).match("") is None


def test_a_number_whose_tree_holds_no_word_of_the_lexicon_gets_no_metric(nlp):
    docs = [parse(nlp, path.read_text(encoding="utf-8")) for path in sorted((FIXTURES / "articles").glob("*.txt"))]
    skipped = [span for doc in docs for span in doc.spans[SPANS_KEY] if not ANALYZER.metrics.may_find(span)]
    assert len(skipped) >= 10
    for span in skipped:
        found = ANALYZER.metrics.metric(Mention(span=span, unit=span._.quantity.unit, value=span._.quantity.value))
        assert found == (None, 99), span.sent.text
    line = parse(nlp, " ".join(map(str, range(300))) + "\n")
    assert not any(ANALYZER.metrics.may_find(span) for span in line.spans[SPANS_KEY])


def test_the_stage_run_again_on_a_doc_writes_every_field(nlp):
    doc = parse(nlp, "Officials said 300 families were evacuated from 12 villages.")
    villages = next(span for span in doc.spans[SPANS_KEY] if span.text == "12")
    assert (villages._.metric, villages._.subject) == (None, None)
    villages._.metric, villages._.subject = "refugees", "families"
    nlp.get_pipe("claims_semantics")(doc)
    assert (villages._.metric, villages._.subject, villages._.dropped) == (None, None, "no metric")


def test_a_parsed_doc_is_freed_without_the_cyclic_collector(nlp):
    """No index of the stage holds the doc in a reference cycle (the chain's pools once held a bound
    method of the chain, whose entries hold tokens): each article's doc, its tensor and arrays, is
    freed when its claims are built, not at the next full collection of a long run."""
    gc.disable()
    try:
        doc = parse(nlp, TEXT)
        assert any(span._.source for span in doc.spans[SPANS_KEY])
        freed = weakref.ref(doc)
        del doc
        assert freed() is None
    finally:
        gc.enable()
