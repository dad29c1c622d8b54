"""Grouping claims into quantities: the key of a claim, subject classes, sub-groups, sides and broader quantities."""

from __future__ import annotations

from test_reconcile_verdicts import RULES, claim, run

from karabakh_claims.reconcile import key_parts, with_only_side
from karabakh_claims.reconcile.grouping import KeyParts, subject_class, subset_label
from karabakh_claims.reconcile.wording import narrowing


def test_the_key_of_a_sided_claim_names_metric_class_side_place_and_era():
    parts = key_parts(claim("120", 120, metric="killed", subject="soldiers", side="Azerbaijan"), RULES)
    assert parts == KeyParts("killed", "people", "combatants", None, "Azerbaijan", None, False)
    assert parts.key() == "killed|combatants|Azerbaijan|-|current"


def test_a_lower_case_place_is_title_cased_in_the_key():
    parts = key_parts(claim("12", 12, metric="killed", subject="civilians", place="stepanakert"), RULES)
    assert parts.key() == "killed|civilians|-|Stepanakert|current"


def test_broader_quantities_come_nearest_first():
    parts = key_parts(claim("12", 12, metric="killed", subject="civilians", place="stepanakert"), RULES)
    assert [p.key() for p in parts.broader(RULES)] == [
        "killed|people|-|Stepanakert|current", "killed|civilians|-|-|current", "killed|people|-|-|current",
    ]


def test_subject_classes():
    assert subject_class("servicemen", "killed", RULES) == "combatants"
    assert subject_class("children", "killed", RULES) == "children"
    assert subject_class("", "killed", RULES) == "people"


def test_including_right_before_a_number_marks_a_part():
    part = claim("8", 8, metric="wounded", subject="children", sentence="Twelve people were wounded, including 8 children.")
    assert subset_label(part, RULES) == "part"
    assert key_parts(part, RULES).key() == "wounded|children/part|-|-|current"


def test_an_unsided_figure_takes_the_only_side_but_a_historical_one_does_not():
    sided = KeyParts("killed", "people", "combatants", None, "Armenia", None, False)
    unsided = KeyParts("killed", "people", "combatants", None, None, None, False)
    historical = KeyParts("killed", "people", "combatants", None, None, None, True)
    assert [p.side for p in with_only_side([sided, unsided, historical], RULES)] == ["Armenia", "Armenia", None]


def test_a_narrower_place_is_a_subscope_of_its_quantity():
    whole = claim("300", 300, metric="killed", subject="civilians", publisher="A")
    town = claim("40", 40, metric="killed", subject="civilians", place="Shusha", publisher="B")
    groups = {g.key: g for g in run(whole, town)}
    narrow = groups["killed|civilians|-|Shusha|current"]
    assert narrow.parent == "killed|civilians|-|-|current"
    assert [(rc.verdict.value, rc.explanation) for rc in narrow.claims] == [(
        "subscope",
        'narrower scope (place Shusha) than killed|civilians|-|-|current; its best figure is 300 from A "300" (2031-03-02)',
    )]


def test_narrowing_names_place_class_and_sub_group():
    parts = KeyParts("wounded", "people", "children", "part", None, "Shusha", False)
    parent = run(claim("50", 50, metric="wounded", subject="people"))[0]
    assert narrowing(parts, parent) == "place Shusha, children among people, part"
