"""When a figure holds: time expressions resolved against a publication date, as-of days and historical flags."""

from __future__ import annotations

import datetime as dt

from conftest import CONFIG, mention, parse

from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.nlp.time import TimeRules
from karabakh_claims.nlp.timex import find_timexes, resolve

D = dt.date
THURSDAY = D(2023, 9, 28)


def resolved(text: str, published: dt.date) -> list[tuple[str, str, dt.date | None]]:
    return [(text[t.start : t.end], t.kind, resolve(t, published)) for t in find_timexes(text)]


def test_a_weekday_is_the_last_such_day_up_to_publication():
    assert resolved("Shelling resumed on Tuesday.", THURSDAY) == [("Tuesday", "weekday", D(2023, 9, 26))]
    assert resolved("Talks end on Thursday.", THURSDAY) == [("Thursday", "weekday", THURSDAY)]


def test_a_calendar_date_without_a_year_takes_the_publication_year():
    assert resolved("By September 27, the road was open.", D(2023, 10, 4)) == [("September 27", "date", D(2023, 9, 27))]
    assert resolved("On December 20 the corridor closed.", D(2024, 1, 5)) == [("December 20", "date", D(2023, 12, 20))]
    assert resolved("On 3 Oct 2023 they left.", D(2024, 1, 5)) == [("3 Oct 2023", "date", D(2023, 10, 3))]


def test_relative_days_and_spans_of_time():
    assert resolved("Yesterday and today.", THURSDAY) == [("Yesterday", "yesterday", D(2023, 9, 27)),
                                                          ("today", "today", THURSDAY)]
    assert resolved("over the past decades", THURSDAY) == [("over the past decades", "period", None)]
    assert resolved("the 1990s", THURSDAY) == [("1990s", "decade", None)]



def test_a_day_in_the_figure_s_clause_dates_it(nlp):
    doc = parse(nlp, "1,500 people fled the town of Lachin on Tuesday.", THURSDAY)
    assert [(s.text, s._.as_of, s._.as_of_basis) for s in doc.spans[SPANS_KEY]] == [("1,500", D(2023, 9, 26), "explicit")]


def test_a_day_on_the_reporting_verb_dates_what_it_reports(nlp):
    doc = parse(nlp, "The government said on Saturday that 213 people had been killed.", THURSDAY)
    assert [(s.text, s._.as_of, s._.as_of_basis) for s in doc.spans[SPANS_KEY]] == [("213", D(2023, 9, 23), "explicit")]


def test_without_a_day_the_figure_holds_on_publication(nlp):
    doc = parse(nlp, "Officials said 300 families were evacuated.", THURSDAY)
    assert [(s.text, s._.as_of, s._.as_of_basis) for s in doc.spans[SPANS_KEY]] == [("300", THURSDAY, "published")]


def test_an_old_year_governing_the_figure_makes_it_historical(nlp):
    doc = parse(nlp, "In 1994, 30,000 people were killed in the war.", THURSDAY)
    spans = [(s.text, s._.dropped, s._.historical, s._.as_of) for s in doc.spans[SPANS_KEY]]
    assert spans == [("1994", "year", False, None), ("30,000", None, True, None)]


def test_tense_of_the_figure_s_clause(nlp):
    rules = TimeRules(CONFIG.metrics)
    assert rules.tense_is_past(mention(nlp, "Officials said 300 families were evacuated.", "300")) is True
    assert rules.tense_is_past(mention(nlp, "The camp houses 900 refugees.", "900")) is False
