"""Verdicts that know origins: an origin's revisions, outlets repeating its older figure, two origins at
the same time, withdrawn figures, and the sides a conflict names."""

from __future__ import annotations

from test_reconcile_verdicts import claim, only, run, verdicts


def killed(text: str, value: float, **fields):
    fields.setdefault("metric", "killed")
    return claim(text, value, **fields)


def test_a_lower_later_figure_of_the_same_origin_is_its_revision_and_supersedes_the_earlier():
    group = only(run(
        killed("192", 192, publisher="A", as_of="2031-03-01", source="Defence ministry", origin="Ministry of Defence of Ostria"),
        killed("191", 191, publisher="B", as_of="2031-03-04", source="the ministry", origin="Ministry of Defence of Ostria"),
    ))
    assert verdicts(group) == [("192", "correction", "A"), ("191", "correction", "B")]
    assert group.claims[0].explanation == 'superseded: the same origin revised it to B "191" (2031-03-04, per the ministry)'
    assert group.claims[1].explanation == (
        'a revision (the text does not say so): below the same origin\'s earlier A "192" (2031-03-01, per Defence ministry)')
    assert (group.estimate.low, group.estimate.best, group.estimate.high) == (191, 191, 191)
    assert group.estimate.origins == ("Ministry of Defence of Ostria",)
    assert group.estimate.single_origin is True


def test_an_outlet_repeating_an_origins_older_figure_is_stale_and_another_origins_lower_figure_a_conflict():
    figures = [
        killed("5,000", 5000, publisher="A", as_of="2031-03-01", source="Relief society", origin="Relief society"),
        killed("1,000", 1000, publisher="B", as_of="2031-03-04", source="the society", origin="Relief society"),
        killed("1,200", 1200, publisher="C", as_of="2031-03-05", source="Health ministry", origin="Health ministry"),
    ]
    group = only(run(*figures))
    assert verdicts(group) == [("5,000", "conflict", "A"), ("1,000", "stale", "B"), ("1,200", "conflict", "C")]
    assert group.claims[2].explanation == (
        'a cumulative figure that falls over time without a correction: C "1,200" (2031-03-05, per Health ministry) vs '
        'A "5,000" (2031-03-01, per Relief society); origins: Health ministry vs Relief society')


def test_a_figure_its_origin_withdrew_is_retracted_and_never_the_estimate():
    group = only(run(
        killed("5,000", 5000, publisher="A", as_of="2031-03-01", source="Relief society", origin="Relief society",
               retracted=True),
        killed("1,200", 1200, publisher="C", as_of="2031-03-05", source="Health ministry", origin="Health ministry"),
    ))
    assert verdicts(group) == [("5,000", "retracted", "A"), ("1,200", "single", "C")]
    assert group.claims[0].explanation.startswith("retracted: the text says its origin (Relief society) denied")
    assert group.estimate.best == 1200
    assert group.estimate.origins == ("Health ministry",)


def test_two_origins_a_day_apart_rising_far_faster_than_the_quantity_grows_conflict():
    group = only(run(
        killed("12,700", 12700, publisher="A", as_of="2031-03-01", source="Ministry in the capital", origin="Ministry"),
        killed("more than 14,000", 14000, low=14000, qualifier="more_than", publisher="B", as_of="2031-03-02",
               source="Media office", origin="Media office"),
        killed("more than 16,000", 16000, low=16000, qualifier="more_than", publisher="B", as_of="2031-03-09",
               source="Media office", origin="Media office"),
    ))
    assert verdicts(group) == [("12,700", "conflict", "A"), ("more than 14,000", "conflict", "B"),
                               ("more than 16,000", "progression", "B")]
    assert group.claims[0].explanation.startswith(
        "figures of two origins a day apart, rising far faster than the quantity grows (two counts, not growth)")


def test_two_origins_a_day_apart_rising_like_the_quantity_is_growth():
    group = only(run(
        killed("12,000", 12000, publisher="A", as_of="2031-03-01", source="Ministry", origin="Ministry"),
        killed("25,000", 25000, publisher="B", as_of="2031-03-02", source="UNHCR", origin="UNHCR"),
        killed("48,000", 48000, publisher="C", as_of="2031-03-04", source="Ministry", origin="Ministry"),
    ))
    assert [v for _, v, _ in verdicts(group)] == ["progression", "progression", "progression"]


def test_the_same_origin_a_day_later_and_higher_is_growth():
    group = only(run(
        killed("12,700", 12700, publisher="A", as_of="2031-03-01", source="Ministry", origin="Ministry"),
        killed("14,000", 14000, publisher="B", as_of="2031-03-02", source="the ministry", origin="Ministry"),
    ))
    assert [v for _, v, _ in verdicts(group)] == ["progression", "progression"]


def test_lower_bounds_of_one_day_from_different_outlets_far_apart_are_a_soft_divergence():
    embassy = killed("at least 900", 900, low=900, qualifier="at_least", publisher="A", source="an embassy spokesperson",
                     origin="Embassy")
    outlet = killed("over 800", 800, low=800, qualifier="more_than", publisher="B")
    group = only(run(embassy, outlet))
    assert [v for _, v, _ in verdicts(group)] == ["conflict", "conflict"]
    assert group.claims[0].explanation.startswith(
        "a soft divergence at the same date (compatible as bounds, apart as counts of that day)")


def test_a_rounded_and_a_precise_figure_of_one_article_are_no_soft_divergence():
    group = only(run(
        killed("more than 20", 20, low=20, qualifier="more_than", publisher="A", source="OCHA", origin="OCHA"),
        killed("23", 23, publisher="A", source="OCHA", origin="OCHA", start=50),
    ))
    assert [v for _, v, _ in verdicts(group)] == ["single", "single"]


def test_a_conflict_names_the_origins_sides_and_a_neutral_body():
    party = dict(origin="Ministry of Defence of Ostria", origin_kind="government", origin_side="Ostrian")
    other = dict(origin="Ombudsman of Westland", origin_kind="government", origin_side="Westlander")
    neutral = dict(origin="UNHCR", origin_kind="un_agency")
    two_sides = only(run(killed("100", 100, publisher="A", source="x", **party), killed("300", 300, publisher="B", source="y", **other)))
    assert two_sides.claims[0].explanation.endswith(
        "origins: Ministry of Defence of Ostria vs Ombudsman of Westland (sides: Ostrian vs Westlander)")
    against_neutral = only(run(killed("100", 100, publisher="A", source="x", **party), killed("300", 300, publisher="B", source="y", **neutral),
                               neutral_kinds={"un_agency"}))
    assert against_neutral.claims[0].explanation.endswith(
        "origins: Ministry of Defence of Ostria vs UNHCR (a party (Ostrian) vs a neutral body (un agency))")
    assert against_neutral.claims[1].explanation.endswith(
        "origins: UNHCR vs Ministry of Defence of Ostria (a neutral body (un agency) vs a party (Ostrian))")
