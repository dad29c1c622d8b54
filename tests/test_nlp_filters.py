"""What is not a claim: years, parts of a modifier, header lines, numbers that count nothing."""

from __future__ import annotations

import datetime as dt

from conftest import CONFIG, mention, parse

from karabakh_claims.models import Article
from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.nlp.document import Analyzer
from karabakh_claims.nlp.filters import counts_things
from karabakh_claims.nlp.pipeline import make_doc


def dropped(doc) -> list[tuple[str, str | None]]:
    return [(s.text, s._.dropped) for s in doc.spans[SPANS_KEY]]


def test_years_and_hyphenated_modifiers_are_dropped(nlp):
    assert dropped(parse(nlp, "The 44-day war killed 6,500 people in 2020.")) == [
        ("44", "part of a modifier (-day)"), ("6,500", None), ("2020", "year")]


def test_a_strong_force_is_still_a_count(nlp):
    assert dropped(parse(nlp, "A 5,000-strong contingent arrived in Stepanakert.")) == [("5,000", None)]


def test_a_number_with_no_metric(nlp):
    assert dropped(parse(nlp, "The report has 12 pages.")) == [("12", "no metric")]


def test_header_lines_hold_no_claims(nlp):
    text = "Title: 7,000 refugees arrive\n\n7,000 refugees arrived on Monday."
    article = Article(id="h", file="h.txt", offset=0, text=text, published=dt.date(2023, 9, 28),
                      skip_spans=((0, 28),))
    doc = nlp(make_doc(nlp, article))
    assert dropped(doc) == [("7,000", "header line"), ("7,000", None)]


def test_a_count_of_things_is_no_comparison(nlp):
    # "from" before a number compares it with the claim before, unless the number counts things of its own
    assert dropped(parse(nlp, "The toll stands at 1,500 when figures from two sources are added together.")) == [
        ("1,500", None), ("two", "no metric")]
    assert dropped(parse(nlp, "The camp houses 900 refugees, up from 600 last week.")) == [("900", None), ("600", None)]


def test_counts_things_reads_the_counted_noun(nlp):
    groups = Analyzer(CONFIG.metrics).groups
    sources = mention(nlp, "Figures from two sources were added.", "two")
    families = mention(nlp, "The toll rose, up from 300 families.", "300")
    assert (counts_things(sources, groups), counts_things(families, groups)) == (True, False)
