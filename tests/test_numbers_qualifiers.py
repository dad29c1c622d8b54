"""Qualifiers: hedges before a number, the bounds they set, vague amounts and ranges."""

from __future__ import annotations

import pytest

from karabakh_claims.models import Qualifier, Quantity
from karabakh_claims.numbers.mention import Bounds, Mention
from karabakh_claims.numbers.qualifiers import (
    join_ranges,
    mention_bounds,
    read_qualifier,
    vague_base,
    vague_bounds,
)


def test_vague_bounds():
    assert vague_bounds("tens of thousands") == Bounds(20000.0, 99999.0, 10000.0)
    assert vague_bounds("several hundred") == Bounds(200.0, 999.0, 100.0)
    assert vague_bounds("a few million") == Bounds(2e6, 9999999.0, 1e6)
    assert vague_bounds("dozens") == Bounds(24, 99, 12)


@pytest.mark.parametrize(
    ("hedge", "qualifier"),
    [("more than ", Qualifier.more_than), ("about ", Qualifier.about), ("~", Qualifier.about),
     ("sub-", Qualifier.less_than), ("nearly ", Qualifier.nearly), ("at least ", Qualifier.at_least),
     ("up to ", Qualifier.up_to), ("≥", Qualifier.at_least)],
)
def test_read_qualifier_extends_left_over_the_hedge(hedge, qualifier):
    text = f"we saw {hedge}50"
    start = len(text) - 2
    mention = Mention(start, len(text), "cardinal", 50.0, bare=True)
    assert read_qualifier(mention, text, 0, start) == 7
    assert (mention.qualifier, mention.bare) == (qualifier, False)


@pytest.mark.parametrize(
    ("qualifier", "bounds"),
    [(Qualifier.exact, (100.0, 100.0)), (Qualifier.about, (90.0, 110.00000000000001)),
     (Qualifier.more_than, (100.0, None)), (Qualifier.at_least, (100.0, None)),
     (Qualifier.less_than, (None, 100.0)), (Qualifier.up_to, (None, 100.0))],
)
def test_mention_bounds(qualifier, bounds):
    assert mention_bounds(Mention(0, 3, "cardinal", 100.0, qualifier=qualifier), 0.1) == bounds


def test_vague_base():
    assert vague_base(Quantity(value=2e4, low=2e4, high=99999.0, qualifier=Qualifier.vague, text="tens of thousands")) == 10000.0
    assert vague_base(Quantity(value=5.0, low=5.0, high=5.0, text="5")) is None


def _number(start: int, end: int, value: float, scale: float = 1.0) -> Mention:
    return Mention(start, end, "cardinal", value * scale, raw=value, scale=scale)


def test_join_ranges_merges_two_ends_into_their_midpoint():
    (joined,) = join_ranges([_number(8, 11, 400.0), _number(16, 19, 700.0)], "between 400 and 700")
    assert (joined.start, joined.end, joined.value) == (0, 19, 550.0)
    assert (joined.qualifier, joined.low, joined.high) == (Qualifier.range, 400.0, 700.0)


def test_a_scale_on_the_upper_end_applies_to_the_lower_one():
    (joined,) = join_ranges([_number(0, 1, 3.0), _number(5, 14, 5.0, scale=1e6)], "3 to 5 million")
    assert (joined.low, joined.high, joined.value) == (3e6, 5e6, 4e6)


def test_and_without_between_is_not_a_range():
    mentions = [_number(0, 3, 400.0), _number(8, 11, 700.0)]
    assert len(join_ranges(mentions, "400 and 700")) == 2
