"""When a figure holds: time expressions resolved against a publication date, as-of days and historical flags."""

from __future__ import annotations

import datetime as dt

from conftest import CONFIG, mention, parse

from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.nlp.time import TimeRules
from karabakh_claims.nlp.timex import dateline, find_timexes, resolve

D = dt.date
THURSDAY = D(2023, 9, 28)
WEDNESDAY = D(2025, 3, 5)


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


# --- constructions of the as-of day and the projection flag (made-up sentences) -------------------


def figures(nlp, text: str, published=WEDNESDAY) -> dict[str, tuple]:
    """Each claim of `text` by its words: (metric, as-of day, historical, projection)."""
    doc = parse(nlp, text, published)
    return {s.text: (s._.metric, s._.as_of, bool(s._.historical), bool(s._.projection))
            for s in doc.spans[SPANS_KEY] if s._.metric and not s._.dropped}


def test_last_weekday_is_strictly_before_the_reference_and_overnight_is_the_reference_day():
    assert resolved("Last Wednesday the appeal opened.", WEDNESDAY) == [("Last Wednesday", "weekday", D(2025, 2, 26))]
    assert resolved("On Wednesday the appeal opened.", WEDNESDAY) == [("Wednesday", "weekday", WEDNESDAY)]
    assert resolved("Overnight, 700 crossed.", WEDNESDAY) == [("Overnight", "today", WEDNESDAY)]


def test_a_wire_dateline_gives_the_day_the_article_reports_from():
    line = dateline("Title: Floods\n\nVALDORIA, March 3 (Wire) - The ministry said")
    assert line is not None and resolve(line, WEDNESDAY) == D(2025, 3, 3)
    assert dateline("KHARTOUM, April 20 - Aid") is not None
    assert dateline("JERUSALEM (AFP) - The army said") is None
    assert dateline("He said, April 20 - no more") is None


def test_weekdays_and_undated_figures_are_read_against_the_dateline(nlp):
    text = ("VALDORIA, March 3 (Wire) - The ministry said on Tuesday that 400 people had fled.\n"
            "Officials say 250 families are sheltering in schools.")
    found = figures(nlp, text)
    assert found["400"] == ("refugees", D(2025, 2, 25), False, False)
    assert found["250"][1] == D(2025, 3, 3)


def test_relative_days_yesterday_as_of_evening_and_overnight(nlp):
    assert figures(nlp, "Officials said yesterday that 300 people were evacuated from Kelso.")["300"][1] == D(2025, 3, 4)
    assert figures(nlp, "As of Friday evening, 12,500 people had crossed into Velaria.")["12,500"][1] == D(2025, 2, 28)
    assert figures(nlp, "Overnight, 700 more refugees crossed into Velaria.")["700"][1] == WEDNESDAY
    assert figures(nlp, "Last Wednesday, the agency launched a $300 million appeal.")["$300 million"][1] == D(2025, 2, 26)


def test_a_day_of_an_event_noun_does_not_date_the_count(nlp):
    """Possessive, "late on" phrase, a date before the noun, an "of" phrase: the day of the event."""
    assert figures(nlp, "Saturday's flood left 90 people dead and 300 injured.")["300"][1] == WEDNESDAY
    assert figures(nlp, "The explosion late on Tuesday at the Merrow depot killed 35 people.")["35"][1] == WEDNESDAY
    assert figures(nlp, "More than 900 people died in the 4 March landslides.")["More than 900"][1] == WEDNESDAY
    text = "The floods of March 1 and the storms since then have claimed more than 210 lives."
    assert figures(nlp, text)["more than 210"][1] == WEDNESDAY
    assert figures(nlp, "On Tuesday, Saturday's flood left 90 people dead.")["90"][1] == D(2025, 3, 4)


def test_the_start_of_a_period_is_not_the_as_of_day(nlp):
    text = "Since the fighting broke out on March 1, more than 40,000 people have fled Tarnis."
    assert figures(nlp, text)["more than 40,000"][1] == WEDNESDAY
    assert figures(nlp, "About 400 people have fled Tarnis since Saturday.")["About 400"][1] == WEDNESDAY
    text = ("The interior office said Tuesday that deaths in Orlova have passed 1,200 since the latest round "
            "of fighting began on Feb. 20.")
    assert figures(nlp, text)["1,200"][1] == D(2025, 3, 4)


def test_a_present_perfect_takes_no_past_day(nlp):
    text = "The cyclone that hit Port Ellen on Monday has now killed at least 310 people."
    assert figures(nlp, text)["at least 310"][1] == WEDNESDAY


def test_a_day_of_the_previous_sentence_of_the_paragraph_carries_over(nlp):
    text = "Rebels shelled Darnow on Sunday. The regional governor said 45 people were killed."
    assert figures(nlp, text)["45"][1] == D(2025, 3, 2)
    text = "Rebels shelled Darnow on Sunday.\nThe regional governor said 45 people were killed."
    assert figures(nlp, text)["45"][1] == WEDNESDAY


def test_historical_cues_count_where_they_govern_the_figure_or_open_the_sentence(nlp):
    text = "The landslide killed 85 people, one of the worst disasters the valley has suffered in a century."
    assert figures(nlp, text)["85"] == ("killed", WEDNESDAY, False, False)
    found = figures(nlp, "Following the first war in the 1990s, 20,000 people fled Ostrava and over 1,000 are still missing.")
    assert found["20,000"] == ("refugees", None, True, False)
    assert found["over 1,000"] == ("missing", None, True, False)
    assert figures(nlp, "The toll is higher than the 6,000 killed in 2009 by a similar storm.")["6,000"][1:3] == (None, True)


def test_standing_levels_and_undated_population_have_no_as_of_day(nlp):
    found = figures(nlp, "With fewer than 50,000 soldiers usually on active duty, the army called up 90,000 reservists.")
    assert (found["fewer than 50,000"][1], found["90,000"][1]) == (None, WEDNESDAY)
    assert figures(nlp, "About 80,000 people live in Tarnis.")["About 80,000"] == ("population", None, False, False)


def test_future_conditional_and_expected_figures_are_projections(nlp):
    cases = {
        "The number of refugees could rise to 200,000 by the end of the month, the agency said.": "200,000",
        "Up to 30,000 people may be displaced by the floods.": "Up to 30,000",
        "Officials expect 5,000 more people to flee the city.": "5,000",
        "At least 60 people are feared dead.": "At least 60",
        "The ministry plans to send 3,000 troops to the border.": "3,000",
        "Officials said 4 million people will need shelter.": "4 million",
        "The agency said it would need $200 million in aid.": "$200 million",
    }
    assert {figure: figures(nlp, text)[figure][3] for text, figure in cases.items()} == dict.fromkeys(cases.values(), True)


def test_estimates_of_the_past_pledges_and_existing_groups_are_not_projections(nlp):
    cases = {
        "The flood may have displaced 20,000 people.": "20,000",
        "Norland pledged $40 million in humanitarian aid.": "$40 million",
        "Norland said it would give $12 million in humanitarian aid.": "$12 million",
        "The convoy could reach the town's 100,000 residents by Friday.": "100,000",
    }
    assert {figure: figures(nlp, text)[figure][3] for text, figure in cases.items()} == dict.fromkeys(cases.values(), False)
