"""Where a figure is about: a place narrower than the crisis' territories."""

from __future__ import annotations

import pytest
from conftest import CONFIG, mention, parse

from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.nlp.place import PlaceRules

RULES = PlaceRules(CONFIG.metrics)


@pytest.mark.parametrize(("text", "figure", "place"), [
    ("1,500 people fled the town of Lachin on Tuesday.", "1,500", "Lachin"),
    ("On Monday, officials said 1,200 refugees had arrived in Goris.", "1,200", "Goris"),
    ("A 5,000-strong contingent arrived in Stepanakert.", "5,000", "Stepanakert"),
    ("Officials said 300 families were evacuated.", "300", None),
])
def test_the_place_of_a_figure(nlp, text, figure, place):
    assert RULES.place(mention(nlp, text, figure), []) == place


def test_there_points_to_the_place_of_the_sentence_before(nlp):
    doc = parse(nlp, "Some 2,000 people arrived in Goris. Another 300 arrived there later.")
    assert [(s.text, s._.place) for s in doc.spans[SPANS_KEY]] == [("Some 2,000", "Goris"), ("300", "Goris")]


@pytest.mark.parametrize("text", [
    "The group said 1011 people had been injured in the provinces of Aleppo and Idlib.",
    "Officials said 300 people had fled to Goris and Kapan.",
])
def test_a_figure_over_several_places_keeps_none_of_them(nlp, text):
    figure = "1011" if "1011" in text else "300"
    assert RULES.place(mention(nlp, text, figure), []) is None
