"""The reconciler as pure functions over hand-built `Claim`s: intervals, grouping, verdicts, estimates."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from karabakh_claims.config import load_config
from karabakh_claims.jobs.selection import select_groups as select_groups_by
from karabakh_claims.models import Claim, Qualifier, Verdict
from karabakh_claims.numbers.writing import fmt_number
from karabakh_claims.reconcile import claim_bounds, reconcile

CUMULATIVE = frozenset({"refugees", "killed", "wounded"})
BASELINE_SENTENCE = "The ministry gave the figure on Monday."


def claim(text: str, value: float, *, publisher: str = "Harbor Times", as_of: str | None = "2031-03-02",
          metric: str = "refugees", subject: str | None = "people", qualifier: str = "exact",
          low: float | None = None, high: float | None = None, article: str | None = None,
          sentence: str | None = None, start: int = 0, **fields) -> Claim:
    """A claim as the semantic stage would store it; the article id defaults to one per publisher."""
    article_id = article or publisher.lower().replace(" ", "-")
    return Claim(
        file=f"{article_id}.txt", article_id=article_id, publisher=publisher, text=text, value=value,
        low=low, high=high, qualifier=Qualifier(qualifier), unit="people", start=start, end=start + len(text),
        line=1, sentence=sentence or f"{text} {subject or ''} were counted. {BASELINE_SENTENCE}",
        metric=metric, subject=subject, as_of=dt.date.fromisoformat(as_of) if as_of else None,
        published=dt.date.fromisoformat(as_of) if as_of else None, **fields,
    )


RULES = load_config().groups


def run(*claims: Claim, **options):
    options.setdefault("cumulative_metrics", CUMULATIVE)
    options.setdefault("rules", RULES)
    return reconcile(claims, **options)


def select_groups(groups, **options):
    return select_groups_by(groups, rules=RULES, **options)


def verdicts(group) -> list[tuple[str, str, str | None]]:
    """(figure as written, verdict, publisher) of each figure of a quantity, in as-of order."""
    return [(rc.claim.text, rc.verdict.value, rc.claim.publisher) for rc in group.claims]


def only(groups):
    assert len(groups) == 1, [g.key for g in groups]
    return groups[0]


def by_key(groups) -> dict:
    return {g.key: g for g in groups}


# --- a claim as an interval ------------------------------------------------------------------


@pytest.mark.parametrize(("qualifier", "value", "low", "high", "expected"), [
    ("exact", 192, 192, 192, (192, 192, 192, 192)),
    ("exact", 100_632, None, None, (100_632, 100_632, 100_632, 100_632)),
    ("exact", 100_000, 100_000, 100_000, (100_000, 100_000, 90_000, 110_000)),
    ("exact", 28_000, 28_000, 28_000, (28_000, 28_000, 27_500, 28_500)),
    ("exact", 20_000, None, None, (20_000, 20_000, 18_000, 22_000)),
    ("exact", 2_500, 2_500, 2_500, (2_500, 2_500, 2_500, 2_500)),
    ("about", 100_000, 90_000.0, 110_000.00000000001, (100_000, 100_000, 90_000, 110_000)),
    ("about", 120_000, None, None, (120_000, 120_000, 108_000, 132_000)),
    ("nearly", 30_000, None, 30_000, (30_000, 30_000, 27_000, 30_000)),
    ("more_than", 50_000, 50_000, None, (50_000, math.inf, 50_000, math.inf)),
    ("at_least", 20, None, None, (20, math.inf, 20, math.inf)),
    ("up_to", 700, None, 700, (-math.inf, 700, -math.inf, 700)),
    ("range", 550, 400, 700, (400, 700, 400, 700)),
    ("vague", 20_000, 20_000, 99_999, (20_000, 99_999, 20_000, 99_999)),
])
def test_claim_bounds(qualifier, value, low, high, expected):
    c = claim("x", value, qualifier=qualifier, low=low, high=high)
    assert claim_bounds(c, 0.1) == expected


def test_figures_display_without_float_noise():
    assert fmt_number(110_000.00000000001) == "110,000"
    assert fmt_number(89_999.99999999999) == "90,000"
    assert fmt_number(2.5) == "2.5"
    assert fmt_number(1_234.567) == "1,234.57"
    assert fmt_number(math.inf) == "∞"
    assert fmt_number(None) == "-"


def test_reported_intervals_are_clean_numbers():
    group = only(run(claim("approximately 100,000", 100_000, qualifier="about", low=90_000.0, high=110_000.00000000001)))
    assert (group.claims[0].low, group.claims[0].high) == (90_000, 110_000)


# --- verdicts ----------------------------------------------------------------------------------


def test_agrees_at_the_same_date_and_within_a_day():
    group = only(run(
        claim("25,000", 25_000, publisher="Daily Ledger", as_of="2031-03-03"),
        claim("25,400", 25_400, publisher="Coast Post", as_of="2031-03-03"),
        claim("about 25,000", 25_000, publisher="Evening Star", as_of="2031-03-04", qualifier="about"),
    ))
    assert verdicts(group) == [("25,400", "agrees", "Coast Post"), ("25,000", "agrees", "Daily Ledger"),
                               ("about 25,000", "agrees", "Evening Star")]
    assert group.claims[1].explanation == 'agrees with Coast Post "25,400" (2031-03-03)'


def test_progression_of_a_cumulative_count_is_never_a_conflict():
    group = only(run(
        claim("28,000", 28_000, publisher="Bloomberg", as_of="2023-09-26"),
        claim("more than 50,000", 50_000, low=50_000, qualifier="more_than", publisher="Bloomberg", as_of="2023-09-27", start=40),
        claim("100,632", 100_632, publisher="ARMENPRESS", as_of="2023-10-04"),
    ))
    assert verdicts(group) == [("28,000", "progression", "Bloomberg"), ("more than 50,000", "progression", "Bloomberg"),
                               ("100,632", "progression", "ARMENPRESS")]
    assert group.claims[1].explanation == (
        'fits a count that grows over time: after Bloomberg "28,000" (2023-09-26); before ARMENPRESS "100,632" (2023-10-04)'
    )


def test_rounded_figures_agree_with_the_precise_count():
    group = only(run(
        claim("100 thousand", 100_000, low=100_000, high=100_000, publisher="Wire One", as_of="2023-10-04"),
        claim("100,632", 100_632, low=100_632, high=100_632, publisher="ARMENPRESS", as_of="2023-10-04"),
    ))
    assert [v for _, v, _ in verdicts(group)] == ["agrees", "agrees"]
    assert [(rc.claim.text, rc.low, rc.high) for rc in group.claims] == [("100,632", 100_632, 100_632),
                                                                         ("100 thousand", 90_000, 110_000)]


def test_conflict_at_the_same_date_marks_both_figures():
    group = only(run(
        claim("192", 192, metric="killed", subject="servicemen", side="Ostrian", publisher="Bloomberg", as_of="2031-03-05"),
        claim("191", 191, metric="killed", subject="soldiers", side="Ostrian", publisher="Coast Post", as_of="2031-03-05"),
    ))
    assert verdicts(group) == [("192", "conflict", "Bloomberg"), ("191", "conflict", "Coast Post")]
    assert group.claims[0].explanation == 'conflict at the same date: Bloomberg "192" (2031-03-05) vs Coast Post "191" (2031-03-05)'
    assert group.estimate.rule.endswith("figures of this quantity conflict, so the estimate is not settled")


def test_a_cumulative_figure_that_falls_over_time_is_a_conflict():
    group = only(run(
        claim("192", 192, metric="killed", subject="servicemen", side="Ostrian", publisher="Bloomberg", as_of="2023-09-27",
              source="the Defense Ministry"),
        claim("191", 191, metric="killed", subject="soldiers and militias", side="Ostrian", publisher="TGP", as_of="2023-10-04"),
    ))
    assert verdicts(group) == [("192", "conflict", "Bloomberg"), ("191", "conflict", "TGP")]
    assert group.claims[1].explanation == (
        'a cumulative figure that falls over time without a correction: TGP "191" (2023-10-04) vs '
        'Bloomberg "192" (2023-09-27, per the Defense Ministry)'
    )


def test_a_stock_that_changes_over_time_is_not_a_conflict():
    group = only(run(
        claim("120,000", 120_000, metric="population", publisher="A", as_of="2031-01-01"),
        claim("80,000", 80_000, metric="population", publisher="B", as_of="2031-03-01"),
    ))
    assert [v for _, v, _ in verdicts(group)] == ["progression", "progression"]
    assert group.claims[0].explanation.startswith("the figure changes over time (not a cumulative count)")


def test_undated_estimates_that_differ_are_a_disagreement_between_estimates():
    group = only(run(
        claim("120,000", 120_000, metric="population", publisher="Bloomberg", as_of=None, source="Local officials"),
        claim("estimated 100,000", 100_000, qualifier="about", metric="population", publisher="POLITICO", as_of=None),
        claim("About 120,000", 120_000, qualifier="about", metric="population", publisher="Jerusalem Post", as_of=None),
    ))
    assert verdicts(group) == [("120,000", "conflict", "Bloomberg"), ("About 120,000", "conflict", "Jerusalem Post"),
                               ("estimated 100,000", "conflict", "POLITICO")]
    assert all(rc.explanation.startswith("a disagreement between estimates among figures without an as-of date")
               for rc in group.claims)
    assert (group.estimate.low, group.estimate.best, group.estimate.high) == (100_000, 120_000, 120_000)


@pytest.fixture
def stale_claims():
    return (
        claim("More than 50,000", 50_000, low=50_000, qualifier="more_than", publisher="Bloomberg", as_of="2023-09-27"),
        claim("nearly 30,000", 30_000, high=30_000, qualifier="nearly", publisher="Jerusalem Post", as_of="2023-10-04"),
        claim("100,632", 100_632, publisher="ARMENPRESS", as_of="2023-10-04"),
    )


def test_stale_figure_below_an_earlier_higher_one(stale_claims):
    group = only(run(*stale_claims))
    assert verdicts(group) == [("More than 50,000", "progression", "Bloomberg"), ("100,632", "progression", "ARMENPRESS"),
                               ("nearly 30,000", "stale", "Jerusalem Post")]
    assert group.claims[2].explanation == (
        'outdated: Jerusalem Post "nearly 30,000" (2023-10-04) is below Bloomberg "More than 50,000" (2023-09-27), '
        'reported a day or more earlier; latest ARMENPRESS "100,632" (2023-10-04)'
    )
    assert group.estimate.low == group.estimate.best == 100_632


def test_stale_ratio_is_configurable(stale_claims):
    pair = stale_claims[:2]
    assert [v for _, v, _ in verdicts(only(run(*pair)))] == ["single", "stale"]
    group = only(run(*pair, stale_ratio=2.0))
    assert [v for _, v, _ in verdicts(group)] == ["conflict", "conflict"]
    assert group.claims[1].explanation == (
        'a cumulative figure that falls over time without a correction: Jerusalem Post "nearly 30,000" (2023-10-04) '
        'vs Bloomberg "More than 50,000" (2023-09-27)'
    )


def test_a_fall_smaller_than_the_stale_ratio_is_a_conflict():
    group = only(run(
        claim("30,500", 30_500, publisher="A", as_of="2031-03-01"),
        claim("28,300", 28_300, publisher="B", as_of="2031-03-03"),
    ))
    assert [v for _, v, _ in verdicts(group)] == ["conflict", "conflict"]


def test_subscope_by_place():
    groups = by_key(run(
        claim("28,000", 28_000, publisher="Bloomberg", as_of="2023-09-26"),
        claim("20,000", 20_000, subject="refugees", place="Goris", publisher="TASS", as_of=None),
    ))
    goris = groups["refugees|people|-|Goris|current"]
    assert goris.parent == "refugees|people|-|-|current"
    assert verdicts(goris) == [("20,000", "subscope", "TASS")]
    assert goris.claims[0].explanation.startswith("narrower scope (place Goris) than refugees|people|-|-|current")
    assert verdicts(groups["refugees|people|-|-|current"]) == [("28,000", "single", "Bloomberg")]


def test_subscope_by_subgroup_and_condition():
    sentence = "Of the 324 displaced people in hospital, 114 are in serious condition, the ministry said."
    groups = by_key(run(
        claim("324", 324, metric="hospitalized", sentence=sentence, publisher="ARMENPRESS", start=7),
        claim("114", 114, metric="hospitalized", subject="people", sentence=sentence, publisher="ARMENPRESS", start=41),
        claim("8", 8, metric="hospitalized", subject="children", publisher="ARMENPRESS", start=90,
              sentence="Among them are 8 children in intensive care."),
    ))
    assert set(groups) == {"hospitalized|people|-|-|current", "hospitalized|people/serious condition|-|-|current",
                           "hospitalized|children/intensive care|-|-|current"}
    assert verdicts(groups["hospitalized|people|-|-|current"]) == [("324", "single", "ARMENPRESS")]
    for key in ("hospitalized|people/serious condition|-|-|current", "hospitalized|children/intensive care|-|-|current"):
        assert groups[key].parent == "hospitalized|people|-|-|current"
        assert [v for _, v, _ in verdicts(groups[key])] == ["subscope"]


def test_including_far_before_the_number_does_not_make_a_part():
    far = "They discussed aid, including plans to address the needs of the thousands of people already leaving."
    near = "Ten thousand people left, including 2,000 children."
    groups = by_key(run(
        claim("thousands", 2_000, low=2_000, high=9_999, qualifier="vague", sentence=far, publisher="A", as_of="2031-03-01"),
        claim("2,000", 2_000, subject=None, sentence=near, publisher="B", as_of="2031-03-02"),
    ))
    assert set(groups) == {"refugees|people|-|-|current", "refugees|people/part|-|-|current"}
    assert verdicts(groups["refugees|people|-|-|current"]) == [("thousands", "vague", "A")]


def test_correction_by_the_same_source():
    article = "north-report"
    first = "The health ministry said 15 civilians had been killed."
    later = "The ministry later revised the toll to 21 civilians killed."
    group = only(run(
        claim("15", 15, metric="killed", subject="civilians", sentence=first, article=article, publisher="North Report", start=10),
        claim("21", 21, metric="killed", subject="civilians", sentence=later, article=article, publisher="North Report", start=90),
    ))
    assert verdicts(group) == [("15", "correction", "North Report"), ("21", "correction", "North Report")]
    assert group.claims[0].explanation == 'superseded: the same source revised it to North Report "21" (2031-03-02)'
    assert group.claims[1].explanation == 'revises the same source\'s earlier North Report "15" (2031-03-02)'
    assert (group.estimate.low, group.estimate.best, group.estimate.high) == (21, 21, 21)


def test_undated_figures_are_compared_only_with_undated_ones():
    groups = only(run(
        claim("25,000", 25_000, publisher="Daily Ledger", as_of="2031-03-03"),
        claim("Some 30,000", 30_000, qualifier="about", publisher="Frontier Wire", as_of=None),
        claim("27,000", 27_000, publisher="Late Wire", as_of="2031-03-09"),
    ))
    assert verdicts(groups) == [("25,000", "progression", "Daily Ledger"), ("27,000", "progression", "Late Wire"),
                                ("Some 30,000", "undated", "Frontier Wire")]
    assert groups.claims[2].explanation.startswith("no as-of date: compared only with undated figures, and none matches")
    agreeing = only(run(
        claim("Some 30,000", 30_000, qualifier="about", publisher="Frontier Wire", as_of=None),
        claim("31,000", 31_000, publisher="Coast Post", as_of=None),
    ))
    assert [v for _, v, _ in verdicts(agreeing)] == ["agrees", "agrees"]


def test_historical_figures_are_kept_apart():
    groups = by_key(run(
        claim("more than a million", 1_000_000, low=1_000_000, qualifier="more_than", historical=True, as_of=None, publisher="A"),
        claim("28,000", 28_000, publisher="Bloomberg", as_of="2023-09-26"),
        claim("more than 50,000", 50_000, low=50_000, qualifier="more_than", publisher="Bloomberg", as_of="2023-09-27", start=30),
    ))
    assert verdicts(groups["refugees|people|-|-|historical"]) == [("more than a million", "historical", "A")]
    assert [v for _, v, _ in verdicts(groups["refugees|people|-|-|current"])] == ["progression", "progression"]


def test_vague_figures_are_neither_set_against_nor_agreeing():
    group = only(run(
        claim("tens of thousands", 20_000, low=20_000, high=99_999, qualifier="vague", subject=None,
              publisher="Lincoln Journal Star", as_of="2023-10-04"),
        claim("100,632", 100_632, publisher="ARMENPRESS", as_of="2023-10-04"),
        claim("hundreds of thousands", 200_000, low=200_000, high=999_999, qualifier="vague", publisher="C", as_of="2023-10-04"),
    ))
    assert verdicts(group) == [("100,632", "single", "ARMENPRESS"), ("hundreds of thousands", "vague", "C"),
                               ("tens of thousands", "vague", "Lincoln Journal Star")]
    assert group.claims[2].explanation.startswith('vague figure ("tens of thousands"): too loose to agree, conflict')
    assert (group.estimate.low, group.estimate.best, group.estimate.high) == (100_632, 100_632, 100_632)


# --- estimate -----------------------------------------------------------------------------------


def test_estimate_low_best_high_at_the_latest_date_with_its_rule(stale_claims):
    group = only(run(
        *stale_claims,
        claim("more than 100,000", 100_000, low=100_000, qualifier="more_than", publisher="POLITICO", as_of="2023-10-04",
              source="the government"),
        claim("100 thousand", 100_000, low=100_000, high=100_000, publisher="TGP", as_of="2023-10-04", source="the latest data"),
        claim("100,632", 100_632, publisher="ARMENPRESS", as_of="2023-10-04", source="the spokesperson", article="armenpress-2"),
    ))
    est = group.estimate
    assert (est.low, est.best, est.high, est.as_of) == (100_000, 100_632, 100_632, dt.date(2023, 10, 4))
    assert est.best_from == 'ARMENPRESS "100,632" (2023-10-04, per the spokesperson)'
    assert est.sources == 4
    assert est.rule.startswith("best = the figure at the latest as-of date (2023-10-04) from the most direct source")
    assert "low/high = the lowest and highest figures stated at that date" in est.rule
    assert "stale" in est.rule


def test_estimate_of_a_range_uses_its_ends():
    group = only(run(claim("400 to 700", 550, low=400, high=700, qualifier="range", metric="wounded", publisher="TGP")))
    assert (group.estimate.low, group.estimate.best, group.estimate.high) == (400, 550, 700)


# --- grouping -----------------------------------------------------------------------------------


def test_servicemen_soldiers_and_troops_of_one_side_are_one_quantity():
    groups = run(
        claim("192", 192, metric="killed", subject="servicemen", side="Ostrian", publisher="A", as_of="2031-03-05"),
        claim("192", 192, metric="killed", subject="soldiers", side="Ostrian", publisher="B", as_of="2031-03-05"),
        claim("192", 192, metric="killed", subject="troops", side="Ostrian", publisher="C", as_of="2031-03-05"),
        claim("200", 200, metric="killed", subject="separatist fighters", side="Velorian", publisher="D", as_of="2031-03-05"),
    )
    assert [g.key for g in groups] == ["killed|combatants|Ostrian|-|current", "killed|combatants|Velorian|-|current"]
    assert [v for _, v, _ in verdicts(groups[0])] == ["agrees"] * 3
    assert verdicts(groups[1]) == [("200", "single", "D")]


def test_refugees_displaced_persons_and_people_who_fled_are_one_flow():
    group = only(run(
        claim("100,632", 100_632, subject="forcibly displaced persons", publisher="A", as_of="2031-03-05"),
        claim("100,500", 100_500, subject="refugees", publisher="B", as_of="2031-03-05"),
        claim("100,600", 100_600, subject="people who fled", publisher="C", as_of="2031-03-05"),
        claim("100,400", 100_400, subject="civilians", publisher="D", as_of="2031-03-05"),
    ))
    assert group.key == "refugees|people|-|-|current"
    assert len(group.claims) == 4


def test_an_unsided_figure_takes_the_only_side_of_its_metric():
    groups = run(
        claim("192", 192, metric="killed", subject="servicemen", side="Ostrian", publisher="A", as_of="2031-03-05"),
        claim("191", 191, metric="killed", subject="soldiers", publisher="B", as_of="2031-03-05"),
    )
    assert [g.key for g in groups] == ["killed|combatants|Ostrian|-|current"]


# --- one independent source counts once ------------------------------------------------------


def test_syndicated_copies_count_once():
    copies = (
        claim("6,400", 6_400, publisher="Lakeside Wire", article="wire"),
        claim("6,400", 6_400, publisher="Valley Courier", article="courier"),
    )
    group = only(run(*copies, copies={"courier": "wire"}))
    assert [v for _, v, _ in verdicts(group)] == ["single", "single"]
    assert group.claims[0].explanation == "repeated only within the same article or its copies: no independent figure to compare"
    assert group.estimate.sources == 1
    independent = only(run(*copies))
    assert [v for _, v, _ in verdicts(independent)] == ["agrees", "agrees"]
    assert independent.estimate.sources == 2


def test_a_figure_repeated_in_one_article_is_one_source():
    group = only(run(
        claim("100,632", 100_632, publisher="ARMENPRESS", article="one", start=0),
        claim("100,632", 100_632, publisher="ARMENPRESS", article="one", start=200),
    ))
    assert [v for _, v, _ in verdicts(group)] == ["single", "single"]
    assert group.estimate.sources == 1


def test_copies_agree_with_an_independent_figure_as_one_source():
    group = only(run(
        claim("6,400", 6_400, publisher="Lakeside Wire", article="wire"),
        claim("6,400", 6_400, publisher="Valley Courier", article="courier"),
        claim("9,000", 9_000, publisher="National Radio", article="radio"),
        copies={"courier": "wire"},
    ))
    assert [v for _, v, _ in verdicts(group)] == ["conflict", "conflict", "conflict"]
    assert group.estimate.sources == 2


# --- what `claims diff` shows -----------------------------------------------------------------


def test_select_groups_defaults_to_conflicts_and_stale_figures(stale_claims):
    groups = run(
        *stale_claims,
        claim("40", 40, metric="killed", subject="soldiers", side="Ostrian", publisher="A", as_of="2031-03-02"),
        claim("512", 512, metric="wounded", subject="soldiers", side="Ostrian", publisher="A", as_of="2031-03-02"),
    )
    assert [g.key for g in select_groups(groups)] == ["refugees|people|-|-|current"]
    assert [g.key for g in select_groups(groups, metrics=["killed"])] == ["killed|combatants|Ostrian|-|current"]
    assert [g.key for g in select_groups(groups, subject="combatants")] == []
    assert [g.key for g in select_groups(groups, metrics=["killed", "wounded"], subject="soldiers")] == [
        "killed|combatants|Ostrian|-|current", "wounded|combatants|Ostrian|-|current"]
    recent = only(select_groups(groups, metrics=["refugees"], since=dt.date(2023, 10, 1)))
    assert [rc.claim.text for rc in recent.claims] == ["100,632", "nearly 30,000"]


def test_claims_without_a_metric_are_left_out():
    assert run(claim("7", 7, metric=None)) == []


def test_verdict_words():
    assert {v.value for v in Verdict} == {"agrees", "progression", "conflict", "stale", "subscope", "correction",
                                          "undated", "vague", "historical", "projection", "retracted", "single"}


def test_a_projection_is_never_compared_nor_taken_for_the_estimate():
    group = only(run(
        claim("12,000", 12000, publisher="Harbor Times", as_of="2031-03-02"),
        claim("50,000", 50000, publisher="Coast Post", as_of="2031-03-03", projection=True,
              sentence="Arrivals could rise to 50,000 people were counted."),
        claim("12,500", 12500, publisher="Daily Ledger", as_of="2031-03-03"),
    ))
    assert verdicts(group) == [("12,000", "agrees", "Harbor Times"), ("50,000", "projection", "Coast Post"),
                               ("12,500", "agrees", "Daily Ledger")]
    assert group.estimate.best == 12500
    assert group.claims[1].explanation.startswith("projection (a figure expected, feared or planned, not a count)")
