"""Transitions: "from X to Y" after a verb of change, or falling, is two figures, not a range."""

from __future__ import annotations

import pytest

from karabakh_claims.numbers import find_quantities, parse_quantity
from karabakh_claims.numbers.transitions import split_transition


def ends(text: str) -> list[tuple[str, float, str]] | None:
    (found,) = [q for q in find_quantities(text) if q.quantity.qualifier.value == "range"]
    split = split_transition(found, text, parse_quantity)
    return None if split is None else [(text[q.start:q.end], q.quantity.value, role) for q, role in split]


@pytest.mark.parametrize(("text", "expected"), [
    ("The ministry revised the toll from 1,400 to 1,200 on Friday.", [("1,400", 1400, "from"), ("1,200", 1200, "to")]),
    ("The toll rose from 300 to 450 overnight.", [("300", 300, "from"), ("450", 450, "to")]),
    ("Israel has cut the number of people it says were killed from 1,400 to 1,200.",
     [("1,400", 1400, "from"), ("1,200", 1200, "to")]),
    ("Estimates climbed from about 2,000 to 3,500.", [("about 2,000", 2000, "from"), ("3,500", 3500, "to")]),
    ("The count fell. Officials said from 100 to 300 people were hurt.", None),
    ("Officials said from 100 to 300 people were hurt.", None),
    ("Between 100 and 300 people were hurt.", None),
])
def test_a_transition_is_two_figures_and_a_range_stays_one(text, expected):
    assert ends(text) == expected


def test_a_falling_range_is_a_transition_without_a_verb():
    assert ends("Figures from 1,400 to 1,200 were given.") == [("1,400", 1400, "from"), ("1,200", 1200, "to")]
