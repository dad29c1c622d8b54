"""A claim as an interval: rounding margins, the bounds of each qualifier, when two figures meet."""

from __future__ import annotations

import math

import pytest
from test_reconcile_verdicts import claim

from karabakh_claims.reconcile import claim_bounds
from karabakh_claims.reconcile.figures import make_figure, matches, outlet_of
from karabakh_claims.reconcile.intervals import rounding_margin


@pytest.mark.parametrize(("value", "expected"), [
    (28_000, 500), (100_000, 10_000), (1_000, 100), (2_500, 0), (999, 0), (1_000.5, 0),
])
def test_rounding_margin_is_half_the_unit_at_most_the_margin(value, expected):
    assert rounding_margin(value, 0.1) == expected


def test_about_1000_is_plus_or_minus_the_margin_around_its_value():
    assert claim_bounds(claim("about 1,000", 1000, qualifier="about")) == (1000, 1000, 900, 1100)


def test_more_than_5000_is_open_above():
    assert claim_bounds(claim("more than 5,000", 5000, qualifier="more_than", low=5000)) == (5000, math.inf, 5000, math.inf)


def test_a_wider_margin_widens_about_but_not_a_precise_count():
    assert claim_bounds(claim("about 1,000", 1000, qualifier="about"), margin=0.2) == (1000, 1000, 800, 1200)
    assert claim_bounds(claim("1,234", 1234), margin=0.2) == (1234, 1234, 1234, 1234)


def test_a_margin_counts_once_not_twice():
    about = make_figure(claim("about 1,000", 1000, qualifier="about", publisher="A"), 0.1, {})
    near = make_figure(claim("1,090", 1090, publisher="B"), 0.1, {})
    beyond = make_figure(claim("about 1,150", 1150, qualifier="about", publisher="C"), 0.1, {})
    assert matches(about, near) and matches(near, about)
    assert not matches(about, beyond)


def test_the_outlet_of_a_copy_is_the_first_article_of_its_chain():
    copies = {"c": "b", "b": "a", "loop": "loop2", "loop2": "loop"}
    assert [outlet_of(a, copies) for a in ("c", "b", "a", "other")] == ["a", "a", "a", "other"]
    assert outlet_of("loop", copies) == "loop2"
