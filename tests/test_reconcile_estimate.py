"""The estimate of a quantity: low, best and high at the latest date, and the precision that picks the best figure."""

from __future__ import annotations

import datetime as dt

from test_reconcile_verdicts import claim

from karabakh_claims.reconcile.estimate import estimate, precision
from karabakh_claims.reconcile.figures import make_figure
from karabakh_claims.reconcile.wording import CONFLICT_NOTE, ESTIMATE_RULE, NO_FIGURE_LEFT


def test_the_estimate_of_two_figures_prefers_the_more_precise():
    rounded = make_figure(claim("100,000", 100_000), 0.1, {})
    about = make_figure(claim("about 120,000", 120_000, qualifier="about", publisher="Mountain Post"), 0.1, {})
    assert (precision(rounded), precision(about)) == (1, 3)
    found = estimate([about, rounded], set())
    assert (found.low, found.best, found.high) == (100_000, 100_000, 120_000)
    assert found.as_of == dt.date(2031, 3, 2)
    assert found.best_from == 'Harbor Times "100,000" (2031-03-02)'
    assert found.sources == 2
    assert found.rule == ESTIMATE_RULE.format(date="2031-03-02")


def test_a_source_named_in_the_text_wins_and_only_the_latest_date_counts():
    earlier = make_figure(claim("900", 900, as_of="2031-03-01", publisher="A"), 0.1, {})
    outlet = make_figure(claim("1,234", 1234, publisher="B"), 0.1, {})
    named = make_figure(claim("about 1,300", 1300, qualifier="about", publisher="C", source="UNHCR"), 0.1, {})
    found = estimate([earlier, outlet, named], set(), conflicted=True)
    assert (found.low, found.best, found.high) == (1234, 1300, 1300)
    assert found.best_from == 'C "about 1,300" (2031-03-02, per UNHCR)'
    assert found.rule.endswith(CONFLICT_NOTE)


def test_no_figure_left_when_all_are_excluded():
    only = make_figure(claim("5", 5), 0.1, {})
    assert estimate([only], {id(only)}).rule == NO_FIGURE_LEFT
    assert estimate([only], {id(only)}).best is None
