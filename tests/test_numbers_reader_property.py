"""Properties of the number layer: total on any string, exact offsets, ordered bounds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from karabakh_claims.numbers import find_quantities, parse_quantity, written_range

NUMBERISH = st.sampled_from(
    [
        "more than ", "about ", "nearly ", "up to ", "between ", " and ", " to ", "-", "–", "−",
        "$", "US$", "€", "£", "%", " percent", " million", "bn", "m", "k", " thousand", ",", ".",
        " ", "\n", "\u2009", "\u202f", "\u00a0", "0", "1", "5", "12", "300", "000", "1,000",
        "2023", "19th", "one", "twenty-five", "a hundred", "half a", "dozens", "tens of thousands",
        "two-thirds", "3 p.m.", "14:36", "September", "Sept. ", "×10", "^", "⁻", "²", "½", "/",
        "(", ")", "rose ", "fell by ", "or ", "Game ", "S&P ", "minus ", "sub-", "~", "٣", "３",
    ]
)
TEXTS = st.one_of(st.text(max_size=200), st.lists(NUMBERISH, max_size=30).map("".join))


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_find_quantities_never_raises_and_keeps_offsets(text):
    spans = find_quantities(text)
    previous_end = 0
    for span in spans:
        assert text[span.start : span.end] == span.quantity.text
        assert previous_end <= span.start < span.end
        previous_end = span.end


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_bounds_are_ordered_around_the_value(text):
    for span in find_quantities(text):
        quantity = span.quantity
        if quantity.low is not None:
            assert quantity.low <= quantity.value
        if quantity.high is not None:
            assert quantity.value <= quantity.high


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.floats(min_value=0, max_value=0.9))
def test_parse_quantity_never_raises(text, margin):
    quantity = parse_quantity(text, about_margin=margin)
    assert quantity is None or quantity.text in text


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_written_range_holds_the_same_two_ends(text):
    for span in find_quantities(text):
        written = written_range(span.quantity)
        if written is None:
            continue
        assert sorted((written.first, written.second)) == [span.quantity.low, span.quantity.high]
