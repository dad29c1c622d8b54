"""Currency: codes of symbols and names before an amount, and units written after it."""

from __future__ import annotations

import pytest

from karabakh_claims.numbers.currency import CURRENCY_BEFORE, currency_prefix_code, read_unit_after
from karabakh_claims.numbers.mention import Mention


@pytest.mark.parametrize(
    ("written", "code"), [("US$", "USD"), ("€", "EUR"), ("RM", "MYR"), ("RMB", "CNY"), ("usd ", "USD"), ("A$", "AUD")]
)
def test_currency_prefix_code(written, code):
    assert currency_prefix_code(written) == code


def test_currency_before_finds_the_symbol_that_ends_right_before_the_number():
    assert CURRENCY_BEFORE.search("cost US$ ").group() == "US$ "
    assert CURRENCY_BEFORE.search("cost ") is None


@pytest.mark.parametrize(
    ("text", "kind", "unit", "end"),
    [("5 euros", "money", "EUR", 7), ("5%", "percent", "%", 2), ("5 per cent", "percent", "%", 10),
     ("5 RMB", "money", "CNY", 5), ("5€", "money", "EUR", 2), ("5 Australian dollars", "money", "AUD", 20),
     ("5 pounds", "cardinal", None, 1)],
)
def test_read_unit_after(text, kind, unit, end):
    mention = Mention(0, 1, "cardinal", 5.0)
    read_unit_after(mention, text)
    assert (mention.kind, mention.unit, mention.end) == (kind, unit, end)


def test_pounds_are_money_after_a_scale():
    mention = Mention(0, 10, "cardinal", 1e7, scale=1e6)
    read_unit_after(mention, "10 million pounds")
    assert (mention.kind, mention.unit, mention.end) == ("money", "GBP", 17)
