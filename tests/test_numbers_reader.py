"""Table tests of the number layer: every form the reader must read, on phrases written here."""

from __future__ import annotations

import pytest

from karabakh_claims.models import Change, Qualifier
from karabakh_claims.numbers import (
    ABOUT_MARGIN,
    VAGUE_BOUNDS,
    find_quantities,
    parse_quantity,
    vague_base,
    written_range,
)

E, ABOUT, MORE, LEAST = Qualifier.exact, Qualifier.about, Qualifier.more_than, Qualifier.at_least
LESS, NEARLY, UP_TO = Qualifier.less_than, Qualifier.nearly, Qualifier.up_to
RANGE, VAGUE = Qualifier.range, Qualifier.vague
UP, DOWN = Change.up, Change.down

# (phrase, value, low, high, qualifier, unit)
PHRASES = [
    # digits and thousands separators
    ("100,632", 100632, 100632, 100632, E, None),
    ("1,234,567", 1234567, 1234567, 1234567, E, None),
    ("84 770", 84770, 84770, 84770, E, None),
    ("84\u2009770", 84770, 84770, 84770, E, None),
    ("84\u202f770", 84770, 84770, 84770, E, None),
    ("84\u00a0770", 84770, 84770, 84770, E, None),
    ("1 234 567", 1234567, 1234567, 1234567, E, None),
    ("300.000", 300000, 300000, 300000, E, None),
    ("2.000", 2000, 2000, 2000, E, None),
    ("1.000.000", 1000000, 1000000, 1000000, E, None),
    ("0.534", 0.534, 0.534, 0.534, E, None),
    ("1.500 percent", 1.5, 1.5, 1.5, E, "%"),
    ("1.250 billion", 1.25e9, 1.25e9, 1.25e9, E, None),
    ("1,00,417", 100417, 100417, 100417, E, None),
    ("45,67,890.12", 4567890.12, 4567890.12, 4567890.12, E, None),
    ("11.5", 11.5, 11.5, 11.5, E, None),
    ("0.5", 0.5, 0.5, 0.5, E, None),
    (".5", 0.5, 0.5, 0.5, E, None),
    ("-3.2", -3.2, -3.2, -3.2, E, None),
    ("−7", -7, -7, -7, E, None),
    ("minus 40", -40, -40, -40, E, None),
    ("minus-12", -12, -12, -12, E, None),
    ("1,071.25", 1071.25, 1071.25, 1071.25, E, None),
    ("12", 12, 12, 12, E, None),
    # scientific notation and fractions
    ("6.02×10^23", 6.02e23, 6.02e23, 6.02e23, E, None),
    ("1.6×10−19", 1.6e-19, 1.6e-19, 1.6e-19, E, None),
    ("1E-3", 0.001, 0.001, 0.001, E, None),
    ("3/4", 0.75, 0.75, 0.75, E, None),
    ("1⁄8", 0.125, 0.125, 0.125, E, None),
    ("2 1/2", 2.5, 2.5, 2.5, E, None),
    ("½", 0.5, 0.5, 0.5, E, None),
    ("3½", 3.5, 3.5, 3.5, E, None),
    # number words and mixed forms
    ("one", 1, 1, 1, E, None),
    ("seven", 7, 7, 7, E, None),
    ("eleven", 11, 11, 11, E, None),
    ("twenty-five", 25, 25, 25, E, None),
    ("ninety nine", 99, 99, 99, E, None),
    ("a hundred", 100, 100, 100, E, None),
    ("a hundred thousand", 100000, 100000, 100000, E, None),
    ("two hundred and fifty", 250, 250, 250, E, None),
    ("three thousand four hundred", 3400, 3400, 3400, E, None),
    ("forty thousand", 40000, 40000, 40000, E, None),
    ("100 thousand", 100000, 100000, 100000, E, None),
    ("7 hundred", 700, 700, 700, E, None),
    ("6 hundred million", 6e8, 6e8, 6e8, E, None),
    ("half a million", 500000, 500000, 500000, E, None),
    ("a million", 1e6, 1e6, 1e6, E, None),
    ("a dozen", 12, 12, 12, E, None),
    ("two dozen", 24, 24, 24, E, None),
    ("half a dozen", 6, 6, 6, E, None),
    ("two-thirds of", 2 / 3, 2 / 3, 2 / 3, E, None),
    ("three quarters of", 0.75, 0.75, 0.75, E, None),
    ("a third of", 1 / 3, 1 / 3, 1 / 3, E, None),
    ("one fifth of", 0.2, 0.2, 0.2, E, None),
    ("half of", 0.5, 0.5, 0.5, E, None),
    ("one in four", 0.25, 0.25, 0.25, E, None),
    ("2 out of 5", 0.4, 0.4, 0.4, E, None),
    ("fivefold", 5, 5, 5, E, None),
    ("3-fold", 3, 3, 3, E, None),
    ("1.7 million", 1.7e6, 1.7e6, 1.7e6, E, None),
    ("1.2bn", 1.2e9, 1.2e9, 1.2e9, E, None),
    ("6.8M", 6.8e6, 6.8e6, 6.8e6, E, None),
    ("35m", 35e6, 35e6, 35e6, E, None),
    ("25k", 25000, 25000, 25000, E, None),
    ("4 trillion", 4e12, 4e12, 4e12, E, None),
    ("1.5 lakh", 150000, 150000, 150000, E, None),
    ("2 crore", 2e7, 2e7, 2e7, E, None),
    ("3.4 billion-mile", 3.4e9, 3.4e9, 3.4e9, E, None),
    # currency
    ("$11.5 million", 11.5e6, 11.5e6, 11.5e6, E, "USD"),
    ("$ 40 million", 40e6, 40e6, 40e6, E, "USD"),
    ("US$2.5 billion", 2.5e9, 2.5e9, 2.5e9, E, "USD"),
    ("US $64", 64, 64, 64, E, "USD"),
    ("$US27 trillion", 27e12, 27e12, 27e12, E, "USD"),
    ("€5m", 5e6, 5e6, 5e6, E, "EUR"),
    ("£1,250", 1250, 1250, 1250, E, "GBP"),
    ("1,450€", 1450, 1450, 1450, E, "EUR"),
    ("USD 260", 260, 260, 260, E, "USD"),
    ("USD20m", 20e6, 20e6, 20e6, E, "USD"),
    ("EUR35m", 35e6, 35e6, 35e6, E, "EUR"),
    ("GBP 420", 420, 420, 420, E, "GBP"),
    ("AMD 5,000", 5000, 5000, 5000, E, "AMD"),
    ("135USD", 135, 135, 135, E, "USD"),
    ("C$6", 6, 6, 6, E, "CAD"),
    ("HK $6.2 billion", 6.2e9, 6.2e9, 6.2e9, E, "HKD"),
    ("A$82", 82, 82, 82, E, "AUD"),
    ("RM45", 45, 45, 45, E, "MYR"),
    ("₹40", 40, 40, 40, E, "INR"),
    ("֏200", 200, 200, 200, E, "AMD"),
    ("5 euros", 5, 5, 5, E, "EUR"),
    ("40 dollars", 40, 40, 40, E, "USD"),
    ("14.50 Australian dollars", 14.5, 14.5, 14.5, E, "AUD"),
    ("3,480 Chinese yuan", 3480, 3480, 3480, E, "CNY"),
    ("512.4 million yen", 512.4e6, 512.4e6, 512.4e6, E, "JPY"),
    ("2.3 billion shekels", 2.3e9, 2.3e9, 2.3e9, E, "ILS"),
    ("500 drams", 500, 500, 500, E, "AMD"),
    ("20 million manat", 2e7, 2e7, 2e7, E, "AZN"),
    ("740 million pounds", 740e6, 740e6, 740e6, E, "GBP"),
    ("50 pounds sterling", 50, 50, 50, E, "GBP"),
    ("172 pounds", 172, 172, 172, E, None),
    ("a million dollar", 1e6, 1e6, 1e6, E, "USD"),
    ("$-12.4bn", -12.4e9, -12.4e9, -12.4e9, E, "USD"),
    # percent
    ("97%", 97, 97, 97, E, "%"),
    ("6 percent", 6, 6, 6, E, "%"),
    ("12 per cent", 12, 12, 12, E, "%"),
    ("18pc", 18, 18, 18, E, "%"),
    ("one per cent", 1, 1, 1, E, "%"),
    ("3 percentage points", 3, 3, 3, E, "%"),
    # qualifiers
    ("more than 50,000", 50000, 50000, None, MORE, None),
    ("over 300", 300, 300, None, MORE, None),
    ("above 40%", 40, 40, None, MORE, "%"),
    ("in excess of $2 billion", 2e9, 2e9, None, MORE, "USD"),
    ("upwards of 600", 600, 600, None, MORE, None),
    ("well over 1,000", 1000, 1000, None, MORE, None),
    ("at least 83", 83, 83, None, LEAST, None),
    ("no fewer than 30", 30, 30, None, LEAST, None),
    ("a minimum of 12", 12, 12, None, LEAST, None),
    ("less than 15%", 15, None, 15, LESS, "%"),
    ("fewer than 35", 35, None, 35, LESS, None),
    ("under $15", 15, None, 15, LESS, "USD"),
    ("below 5", 5, None, 5, LESS, None),
    ("sub-9", 9, None, 9, LESS, None),
    ("nearly 30,000", 30000, None, 30000, NEARLY, None),
    ("almost $3 billion", 3e9, None, 3e9, NEARLY, "USD"),
    ("close to 100", 100, None, 100, NEARLY, None),
    ("just under 30 percent", 30, None, 30, NEARLY, "%"),
    ("up to 450", 450, None, 450, UP_TO, None),
    ("as many as 5,000", 5000, None, 5000, UP_TO, None),
    ("no more than 0.25", 0.25, None, 0.25, UP_TO, None),
    ("about 1,000", 1000, 900, 1100, ABOUT, None),
    ("around 650", 650, 585, 715, ABOUT, None),
    ("approximately 350", 350, 315, 385, ABOUT, None),
    ("some 250", 250, 225, 275, ABOUT, None),
    ("roughly $3.20", 3.2, 2.88, 3.52, ABOUT, "USD"),
    ("an estimated 7 million", 7e6, 6.3e6, 7.7e6, ABOUT, None),
    ("estimated 40", 40, 36, 44, ABOUT, None),
    ("~25", 25, 22.5, 27.5, ABOUT, None),
    ("about minus 10", -10, -11, -9, ABOUT, None),
    # ranges
    ("400 to 700", 550, 400, 700, RANGE, None),
    ("400-700", 550, 400, 700, RANGE, None),
    ("400–700", 550, 400, 700, RANGE, None),
    ("between 400 and 700", 550, 400, 700, RANGE, None),
    ("from 400 to 700", 550, 400, 700, RANGE, None),
    ("$2 billion to $4 billion", 3e9, 2e9, 4e9, RANGE, "USD"),
    ("3 to 5 million", 4e6, 3e6, 5e6, RANGE, None),
    ("six to seven thousand", 6500, 6000, 7000, RANGE, None),
    ("$20 to $25 billion", 22.5e9, 20e9, 25e9, RANGE, "USD"),
    ("$300 to $6 million", 3000150, 300, 6e6, RANGE, "USD"),
    ("6 to 8 per cent", 7, 6, 8, RANGE, "%"),
    ("4% to 9%", 6.5, 4, 9, RANGE, "%"),
    ("15 km to 22 km", 18.5, 15, 22, RANGE, None),
    ("between 5 and 6%", 5.5, 5, 6, RANGE, "%"),
    ("0-to-100", 50, 0, 100, RANGE, None),
    ("from 3.6 to 3.5", 3.55, 3.5, 3.6, RANGE, None),
    # vague words
    ("dozens", 24, 24, 99, VAGUE, None),
    ("scores of", 40, 40, 99, VAGUE, None),
    ("hundreds", 200, 200, 999, VAGUE, None),
    ("thousands", 2000, 2000, 9999, VAGUE, None),
    ("tens of thousands", 20000, 20000, 99999, VAGUE, None),
    ("hundreds of thousands", 200000, 200000, 999999, VAGUE, None),
    ("millions", 2e6, 2e6, 9999999, VAGUE, None),
    ("tens of millions", 2e7, 2e7, 99999999, VAGUE, None),
    ("several hundred", 200, 200, 999, VAGUE, None),
    ("a few thousand", 2000, 2000, 9999, VAGUE, None),
    ("Hundreds", 200, 200, 999, VAGUE, None),
]


@pytest.mark.parametrize(("phrase", "value", "low", "high", "qualifier", "unit"), PHRASES)
def test_parse_quantity_reads_the_phrase(phrase, value, low, high, qualifier, unit):
    quantity = parse_quantity(phrase)
    assert quantity is not None
    assert quantity.value == pytest.approx(value)
    assert quantity.low == (None if low is None else pytest.approx(low))
    assert quantity.high == (None if high is None else pytest.approx(high))
    assert quantity.qualifier is qualifier
    assert quantity.unit == unit


# (sentence, phrase, value, change)
CHANGES = [
    ("Inflation rose 3% in May.", "3%", 3, UP),
    ("Sales increased by 5 units.", "5", 5, UP),
    ("The index was up 4.2% on the day.", "4.2%", 4.2, UP),
    ("Exports fell by $2 billion last year.", "$2 billion", 2e9, DOWN),
    ("The index was down 3 points.", "3", 3, DOWN),
    ("Output declined 7% in the quarter.", "7%", 7, DOWN),
    ("The currency slid 1.3% against the euro.", "1.3%", 1.3, DOWN),
    ("Shares jumped 8% at the open.", "8%", 8, UP),
    ("The bank gained 3 percent.", "3 percent", 3, UP),
    ("Shares of the miner lost 9% today.", "9%", 9, DOWN),
    ("Markets: Dow +0.4% Nasdaq -1.2%.", "+0.4%", 0.4, UP),
    ("Markets: Dow +0.4% Nasdaq -1.2%.", "-1.2%", -1.2, DOWN),
    ("The Dow lost 120 points, or 0.4%, by noon.", "0.4%", 0.4, DOWN),
    ("Fares rose 6% and bus tickets by 4%.", "4%", 4, UP),
    ("The firm expects to grow revenue by 12 per cent.", "12 per cent", 12, UP),
    ("Temperatures dropped by 2 to 3 degrees.", "2 to 3", 2.5, DOWN),
    ("The army lost 300 soldiers in the battle.", "300", 300, None),
    ("Prices rose to 5.8% from 5.4%.", "5.8%", 5.8, None),
    ("Exports rose 4% to $9 billion.", "$9 billion", 9e9, None),
    ("It was up from 28,000 on Tuesday.", "28,000", 28000, None),
]


@pytest.mark.parametrize(("sentence", "phrase", "value", "change"), CHANGES)
def test_changes_are_read_from_the_verb_before(sentence, phrase, value, change):
    spans = {span.quantity.text: span.quantity for span in find_quantities(sentence)}
    assert spans[phrase].value == pytest.approx(value)
    assert spans[phrase].change is change


def spans_of(text):
    return [(s.start, s.end, s.quantity.text, s.kind) for s in find_quantities(text)]


def test_seed_sentence_fled_as_of_three_pm():
    text = (
        "More than 50,000 people have fled from Nagorno-Karabakh to Armenia as of 3 p.m. "
        "Wednesday, the government in Yerevan said, up from 28,000 at the end of the previous day."
    )
    spans = find_quantities(text)
    assert [(s.quantity.text, s.kind) for s in spans] == [
        ("More than 50,000", "cardinal"), ("3 p.m.", "time"), ("28,000", "cardinal"),
    ]
    assert (spans[0].start, spans[0].end) == (0, 16)
    assert spans[0].quantity.qualifier is MORE and spans[0].quantity.low == 50000
    assert spans[2].quantity.qualifier is E and spans[2].quantity.change is None


FOUND = [
    ("over 300.000 Azeries left Armenia", [(0, 12, "over 300.000", "cardinal")]),
    ("the 5,000-strong Russian contingent", [(4, 9, "5,000", "cardinal")]),
    ("Azerbaijan’s 60,000-strong force", [(13, 19, "60,000", "cardinal")]),
    ("spent almost $3 billion per annum", [(6, 23, "almost $3 billion", "money")]),
    ("Georgia spends only $0.5 billion", [(20, 32, "$0.5 billion", "money")]),
    ("400 to 700 wounded", [(0, 10, "400 to 700", "cardinal")]),
    ("has already been used by 100 thousand people", [(25, 37, "100 thousand", "cardinal")]),
    ("the exodus of at least a hundred thousand Armenians",
     [(14, 41, "at least a hundred thousand", "cardinal")]),
    ("Having fled in their tens of thousands", [(21, 38, "tens of thousands", "cardinal")]),
    ("killed hundreds on both sides", [(7, 15, "hundreds", "cardinal")]),
    ("the 44-day war back in 2020", [(4, 6, "44", "cardinal"), (23, 27, "2020", "year")]),
    ("14:36, 4 October 2023", [(0, 5, "14:36", "time"), (7, 21, "4 October 2023", "date")]),
    ("On Sept. 20, 2023, they left", [(3, 17, "Sept. 20, 2023", "date")]),
    ("97% of the forcibly displaced persons", [(0, 3, "97%", "percent")]),
    ("a 14-person medical delegation", [(2, 4, "14", "cardinal")]),
    ("talks on September 22-25 in Brussels", [(9, 24, "September 22-25", "date")]),
    ("filed on 09/28/2023 at 16:00", [(9, 19, "09/28/2023", "date"), (23, 28, "16:00", "time")]),
    ("Oct 4 2023 was calm", [(0, 10, "Oct 4 2023", "date")]),
    ("met in March of 2016", [(7, 20, "March of 2016", "date")]),
    ("stamped 2023-10-04T09:15:00Z", [(8, 28, "2023-10-04T09:15:00Z", "date")]),
    ("the 1990s and the 1980’s", [(4, 9, "1990s", "year"), (18, 24, "1980’s", "year")]),
    ("the talks of 2016-17 failed", [(13, 20, "2016-17", "year")]),
    ("between 1550 and 1850 it cooled", [(0, 21, "between 1550 and 1850", "year")]),
    ("built in 1340 by monks", [(9, 13, "1340", "year")]),
    ("a budget of 1600 people", [(12, 16, "1600", "cardinal")]),
    ("hiring from 1500 to 1900 staff", [(7, 24, "from 1500 to 1900", "cardinal")]),
    ("the 19th convoy left at 5am", [(4, 8, "19th", "ordinal"), (24, 27, "5am", "time")]),
    ("the first convoy and the second one", [(4, 9, "first", "ordinal"), (25, 31, "second", "ordinal")]),
    ("wait a second, 3 people", [(15, 16, "3", "cardinal")]),
    ("as seen in Game 5 of the final", [(16, 17, "5", "other")]),
    ("the S&P 500 gained 2%", [(8, 11, "500", "other"), (19, 21, "2%", "percent")]),
    ("on the new Pixel 8 Pro", [(17, 18, "8", "other")]),
    ("a 2-1 win for Chelsea", [(2, 5, "2-1", "other")]),
    ("they live at 12 Baker Street now", [(13, 15, "12", "other")]),
    ("the COVID-19 crisis and S23 phones", []),
    ("one of the convoys and the one behind", [(0, 3, "one", "cardinal")]),
    ("we saw them one another day", []),
    ("a quarter of the people", [(0, 9, "a quarter", "cardinal")]),
    ("the fourth quarter", [(4, 10, "fourth", "ordinal")]),
    ("the second half of the game", [(4, 10, "second", "ordinal")]),
    ("half the village fled", [(0, 4, "half", "cardinal")]),
    ("a 45m-long wall and 14.6m tonnes", [(2, 4, "45", "cardinal"), (20, 25, "14.6m", "cardinal")]),
    ("lost PS4.1m in the deal", [(5, 11, "PS4.1m", "cardinal")]),
    ("more than 250 kilometres (155 miles)",
     [(0, 13, "more than 250", "cardinal"), (26, 29, "155", "cardinal")]),
    ("a 4XY7 code", []),
    ("48m2 of floor", [(0, 2, "48", "cardinal")]),
    ("ran 410bhp and 250mg", [(4, 7, "410", "cardinal"), (15, 18, "250", "cardinal")]),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find_quantities_spans_and_kinds(text, expected):
    assert spans_of(text) == expected


def test_parenthetical_restatement_keeps_the_hedge():
    spans = find_quantities("an output of just under 180 hp (134 kW) in all")
    assert [s.quantity.qualifier for s in spans] == [NEARLY, NEARLY]


def test_about_margin_is_configurable():
    quantity = parse_quantity("about 200", about_margin=0.25)
    assert (quantity.low, quantity.high) == (150, 250)
    assert ABOUT_MARGIN == 0.1


def test_vague_bounds_are_two_to_ten_bases():
    for name, bounds in VAGUE_BOUNDS.items():
        assert bounds.low == 2 * bounds.base, name
        assert bounds.high in (99, 10 * bounds.base - 1), name


def test_vague_base_reads_the_counting_unit():
    assert vague_base(parse_quantity("tens of thousands")) == 10000
    assert vague_base(parse_quantity("dozens")) == 12
    assert vague_base(parse_quantity("12,000")) is None


def test_articles_with_newlines_keep_exact_offsets():
    text = "Title\n\nOn 19 September, about 120,000\npeople lived there.\n\nNow 0."
    for span in find_quantities(text):
        assert text[span.start : span.end] == span.quantity.text


@pytest.mark.parametrize(
    "text", ["", "no numbers here", "the one", "Game 7", "September 19", "14:36", "400, 500 and 600"]
)
def test_parse_quantity_returns_none_when_not_one_amount(text):
    assert parse_quantity(text) is None


def test_parse_quantity_reads_a_year_and_an_ordinal():
    assert parse_quantity("in 2020").value == 2020
    assert parse_quantity("the 19th").value == 19


def test_find_quantities_on_non_strings_is_empty():
    assert find_quantities(None) == []  # type: ignore[arg-type]
    assert parse_quantity(12) is None  # type: ignore[arg-type]


# Rules of the number reader that have no row in the tables above; each on a phrase written here.
MORE_FOUND = [
    # a number hyphenated to a label or a score belongs to it
    ("the ISO 9001-4 rule applies", [(8, 14, "9001-4", "other")]),
    ("Leeds beat Hull 3-1 at home", [(16, 19, "3-1", "other")]),
    # a bracketed small number after a name is a shirt number, not a count
    ("Goalkeeper Sam Reed (1) saved twice", [(21, 22, "1", "other")]),
    # a label number keeps its plural: "Boeing 787s" names planes
    ("the airline bought 40 Boeing 787s", [(19, 21, "40", "cardinal"), (29, 32, "787", "other")]),
    # squared and cubed units are not codes
    ("a 48m2 flat and 3km2 of forest", [(2, 4, "48", "cardinal"), (16, 17, "3", "cardinal")]),
    # "m" before a bracket or a hyphen is metres, not million
    ("a 20m (66ft) drop", [(2, 4, "20", "cardinal"), (7, 9, "66", "cardinal")]),
    # "one-off", "one-on-one", "every single one" count nothing
    ("a one-off payment of $300", [(21, 25, "$300", "money")]),
    ("one-on-one talks", []),
    ("every single one of them left", []),
    # a unit word written after the lower end only is no range unless it opens with "from"
    ("walked 5 km to 20 houses", [(7, 8, "5", "cardinal"), (15, 17, "20", "cardinal")]),
    ("from 180 pounds to 165", [(0, 22, "from 180 pounds to 165", "cardinal")]),
    # a fraction whose top is not smaller is a label ("24/7")
    ("open 24/7 for 3 weeks", [(5, 9, "24/7", "other"), (14, 15, "3", "cardinal")]),
]


@pytest.mark.parametrize(("text", "expected"), MORE_FOUND)
def test_more_spans_and_kinds(text, expected):
    assert spans_of(text) == expected


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier", "unit"),
    [
        ("over than 40", 40, MORE, None),  # a common non-native "more than"
        ("fourty-two", 42, E, None),  # a common misspelling of forty
        ("-$5 million", -5e6, E, "USD"),  # a sign before the currency
    ],
)
def test_tolerant_forms(phrase, value, qualifier, unit):
    quantity = parse_quantity(phrase)
    assert (quantity.value, quantity.qualifier, quantity.unit) == (pytest.approx(value), qualifier, unit)


def test_a_list_dash_before_a_number_word_is_not_a_minus():
    spans = find_quantities("Needs:\n-twenty tents\n-hundreds of blankets")
    assert [(s.quantity.text, s.quantity.value) for s in spans] == [("twenty", 20), ("hundreds", 200)]


@pytest.mark.parametrize(
    ("text", "first", "second", "hedge"),
    [
        ("Output fell from 4.2 to 3.9 tonnes", 4.2, 3.9, E),
        ("weight went from 180 pounds to 165", 180, 165, E),
        ("between 400 and 700 families", 400, 700, E),
        ("3 to 5 million doses", 3e6, 5e6, E),
        ("losses of -5 to -10 per cent", -5, -10, E),
        ("about 2,000-2,500 tents", 2000, 2500, ABOUT),
        ("boil for ~25 – 40 minutes", 25, 40, ABOUT),
        ("it grew from about 14-18 staff", 14, 18, ABOUT),
    ],
)
def test_written_range_keeps_the_order_and_hedge_of_the_text(text, first, second, hedge):
    (span,) = find_quantities(text)
    assert span.quantity.qualifier is RANGE
    assert span.quantity.low <= span.quantity.high
    written = written_range(span.quantity)
    assert (written.first, written.second) == (pytest.approx(first), pytest.approx(second))
    assert written.hedge is hedge


def test_written_range_is_none_for_a_single_number():
    assert written_range(parse_quantity("about 40")) is None


def test_a_negative_percentage_range_is_a_range_not_a_change():
    quantity = parse_quantity("-5 to -10 per cent")
    assert (quantity.low, quantity.high, quantity.qualifier, quantity.unit) == (-10, -5, RANGE, "%")
    assert quantity.change is None
    spans = find_quantities("Dow +0.4% Nasdaq -1.2%")
    assert [(s.quantity.text, s.quantity.change) for s in spans] == [("+0.4%", UP), ("-1.2%", DOWN)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a fifth of the town", [(0, 7, "a fifth", "cardinal")]),
        ("a fifth straight day", []),  # "a fifth" is a share only before "of" or a scale word
        ("two third of them", []),  # more than one needs the plural: "two thirds"
        ("three quarters stayed", [(0, 14, "three quarters", "cardinal")]),
    ],
)
def test_fraction_words_read_as_shares_only_in_share_form(text, expected):
    assert spans_of(text) == expected


def test_letters_of_the_previous_mention_are_not_taken_again():
    # found by the property test: "B" is the scale of "0B", not a prefix of "¼K"
    assert spans_of("0B¼K") == [(0, 2, "0B", "cardinal"), (2, 4, "¼K", "cardinal")]
