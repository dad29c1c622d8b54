"""The estimate of a quantity: low, best and high over the origins' latest figures, and the rule that picks the best."""

from __future__ import annotations

import datetime as dt

from test_reconcile_verdicts import claim

from karabakh_claims.reconcile.estimate import estimate, precision
from karabakh_claims.reconcile.figures import make_figure
from karabakh_claims.reconcile.wording import CONFLICT_NOTE, NO_FIGURE_LEFT, estimate_rule


def test_the_estimate_of_two_figures_prefers_the_more_precise():
    rounded = make_figure(claim("100,000", 100_000), 0.1, {})
    about = make_figure(claim("about 120,000", 120_000, qualifier="about", publisher="Mountain Post"), 0.1, {})
    assert (precision(rounded), precision(about)) == (1, 3)
    found = estimate([about, rounded], set())
    assert (found.low, found.best, found.high) == (100_000, 100_000, 120_000)
    assert found.as_of == dt.date(2031, 3, 2)
    assert found.best_from == 'Harbor Times "100,000" (2031-03-02)'
    assert found.sources == 2
    assert found.origins == ("Harbor Times", "Mountain Post")
    assert found.single_origin is False
    assert found.rule == estimate_rule(cumulative=False, neutral_first=False)


def test_a_source_named_in_the_text_wins_and_a_count_passed_by_growth_leaves():
    earlier = make_figure(claim("900", 900, as_of="2031-03-01", publisher="A"), 0.1, {})
    outlet = make_figure(claim("1,234", 1234, publisher="B"), 0.1, {})
    named = make_figure(claim("about 1,300", 1300, qualifier="about", publisher="C", source="UNHCR"), 0.1, {})
    found = estimate([earlier, outlet, named], set(), conflicted=True, cumulative=True)
    assert (found.low, found.best, found.high) == (1234, 1300, 1300)
    assert found.best_from == 'C "about 1,300" (2031-03-02, per UNHCR)'
    assert found.origins == ("UNHCR",)
    assert found.single_origin is True
    assert found.rule.endswith(CONFLICT_NOTE)


def test_a_stock_keeps_every_origins_latest_figure_and_its_own_date():
    earlier = make_figure(claim("900", 900, as_of="2031-03-01", publisher="A", source="Census office"), 0.1, {})
    later = make_figure(claim("1,234", 1234, publisher="B", source="Interior ministry"), 0.1, {})
    found = estimate([earlier, later], set())
    assert (found.low, found.best, found.high, found.as_of) == (900, 1234, 1234, dt.date(2031, 3, 2))
    assert found.origins == ("Census office", "Interior ministry")


def test_an_origins_older_figure_gives_way_to_its_latest():
    first = make_figure(claim("500", 500, as_of="2031-03-01", source="Health ministry"), 0.1, {})
    second = make_figure(claim("650", 650, source="Health ministry"), 0.1, {})
    found = estimate([first, second], set())
    assert (found.low, found.best, found.high) == (650, 650, 650)
    assert found.single_origin is True


def test_a_neutral_origin_is_preferred_for_best_when_the_setting_says_so():
    party = make_figure(claim("1,500", 1500, as_of="2031-03-02", source="Defence ministry", origin_kind="government",
                              origin_side="Freedonian"), 0.1, {})
    neutral = make_figure(claim("1,200", 1200, as_of="2031-03-01", source="UNHCR", origin_kind="un_agency"), 0.1, {})
    kinds = ("un_agency", "red_cross")
    assert estimate([party, neutral], set(), neutral_kinds=kinds, prefer_neutral=True).best == 1200
    assert estimate([party, neutral], set(), neutral_kinds=kinds, prefer_neutral=False).best == 1500
    assert "neutral kind" in estimate([party, neutral], set(), neutral_kinds=kinds, prefer_neutral=True).rule


def test_no_figure_left_when_all_are_excluded():
    only = make_figure(claim("5", 5), 0.1, {})
    assert estimate([only], {id(only)}).rule == NO_FIGURE_LEFT
    assert estimate([only], {id(only)}).best is None


def test_the_history_is_the_estimate_on_each_as_of_day_as_judged_then():
    from test_reconcile_verdicts import run

    figures = [claim("1,000", 1000, as_of="2031-03-01", publisher="A", source="Health ministry"),
               claim("2,500", 2500, as_of="2031-03-03", publisher="B", source="Health ministry"),
               claim("about 2,000", 2000, qualifier="about", as_of="2031-03-03", publisher="C", source="UNHCR"),
               claim("1,800", 1800, as_of=None, publisher="D", source="Red Crescent")]
    (group,) = run(*figures, history=True)
    assert [(s.day, s.estimate.low, s.estimate.best, s.estimate.high) for s in group.history] == [
        (dt.date(2031, 3, 1), 1000, 1000, 1800), (dt.date(2031, 3, 3), 1800, 2500, 2500)]
    assert group.history[-1].estimate == group.estimate
    (plain,) = run(*figures)
    assert plain.history == () and plain.estimate == group.estimate and plain.claims == group.claims
