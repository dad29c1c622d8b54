"""Numerals: separators, scientific notation, fractions, scales and letters glued to a number."""

from __future__ import annotations

import pytest

from karabakh_claims.numbers.mention import Mention
from karabakh_claims.numbers.numerals import (
    apply_sign,
    dotted_value,
    fraction_value,
    read_scale,
    sci_value,
    start_after_letters,
    vulgar_value,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("300.000 people", 300000.0), ("1.000.000", 1000000.0), ("0.534", 0.534), ("1.250 billion", 1.25),
     ("1.500 percent", 1.5)],
)
def test_dotted_value_reads_a_dot_as_thousands_unless_it_has_a_decimal_sense(text, value):
    digits = text.split()[0]
    assert dotted_value(digits, text, len(digits)) == value


def test_sci_value():
    assert sci_value("2.998×10−8") == 2.998e-08
    assert sci_value("1.2 x 10^5") == 120000.0
    assert sci_value("1E-3") == 0.001


def test_fraction_and_vulgar_values():
    assert fraction_value("1/16") == 0.0625
    assert fraction_value("7 3/4") == 7.75
    assert fraction_value("24/7") is None
    assert vulgar_value("½") == 0.5
    assert vulgar_value("1½") == 1.5


def test_read_scale_multiplies_and_extends_over_the_scale():
    mention = Mention(0, 4, "cardinal", 11.5, raw=11.5, bare=True)
    read_scale(mention, "11.5 million", has_currency=False)
    assert (mention.value, mention.scale, mention.end, mention.bare) == (11.5e6, 1e6, 12, False)


def test_read_scale_leaves_metres_alone_unless_a_currency_is_written():
    metres = Mention(0, 1, "cardinal", 5.0, raw=5.0)
    read_scale(metres, "5m long", has_currency=False)
    assert (metres.value, metres.end) == (5.0, 1)
    money = Mention(0, 1, "cardinal", 5.0, raw=5.0)
    read_scale(money, "5m long", has_currency=True)
    assert (money.value, money.end) == (5e6, 2)


def test_apply_sign():
    mention = Mention(1, 3, "cardinal", 12.0, raw=12.0, bare=True)
    assert apply_sign(mention, "-", 0) == 0
    assert (mention.value, mention.raw, mention.tags, mention.bare) == (-12.0, -12.0, {"minus"}, False)


def test_a_code_glued_to_letters_is_not_a_number_but_an_amount_keeps_its_letters():
    assert start_after_letters(Mention(1, 3, "cardinal", 23.0, raw=23.0, bare=True), "S23", 1) is None
    assert start_after_letters(Mention(6, 8, "cardinal", 19.0, raw=19.0, bare=True), "COVID-19", 6) is None
    assert start_after_letters(Mention(2, 8, "cardinal", 21700.0, raw=21700.0), "XY21,700", 2) == 0
    assert start_after_letters(Mention(4, 6, "cardinal", 19.0, raw=19.0, bare=True), "Top 19", 4) == 4
