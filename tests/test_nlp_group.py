"""Who a number counts: the group phrase, whether it counts people, and the side it belongs to."""

from __future__ import annotations

import pytest
from conftest import CONFIG, mention

from karabakh_claims.nlp.document import Analyzer

ANALYZER = Analyzer(CONFIG.metrics)


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("Officials said 300 families were evacuated.", "300", "families"),
    ("Armenia has lost 191 soldiers and militias.", "191", "soldiers and militias"),
    ("About 120,000 ethnic Armenians lived in the region.", "About 120,000", "ethnic Armenians"),
    ("400 to 700 wounded were taken to hospital.", "400 to 700", None),
    ("The death toll rose to 50.", "50", None),
])
def test_the_group_counted(nlp, text, figure, subject):
    assert ANALYZER.groups.subject(mention(nlp, text, figure)) == subject


def test_a_state_word_alone_is_a_bare_count_of_people(nlp):
    wounded = mention(nlp, "400 to 700 wounded were taken to hospital.", "400 to 700")
    assert (ANALYZER.groups.is_bare_count(wounded), ANALYZER.groups.counts_people(wounded)) == (True, True)


@pytest.mark.parametrize(("text", "figure", "source", "side"), [
    ("Armenia has lost 191 soldiers and militias.", "191", None, "Armenian"),
    ("About 120,000 ethnic Armenians lived in the region.", "About 120,000", None, "Armenian"),
    ("Azerbaijan said 192 of its soldiers were killed.", "192", "Azerbaijan", "Azerbaijani"),
    ("Officials said 300 families were evacuated.", "300", "Officials", None),
])
def test_the_side_of_a_figure(nlp, text, figure, source, side):
    assert ANALYZER.sides.side(mention(nlp, text, figure), source) == side


def test_a_part_of_the_group_before(nlp):
    part = mention(nlp, "21,000 of them were children.", "21,000")
    assert (ANALYZER.groups.part_of_pronoun(part).text, ANALYZER.groups.predicate_noun(part)) == ("them", "children")
    condition = mention(nlp, "114 of them are in serious condition.", "114")
    assert ANALYZER.groups.condition(condition) == "in serious condition"


@pytest.mark.parametrize(("text", "figure", "pronoun"), [
    # a part of the group before: "of them", "of whom", "among them" on the number's own noun
    ("The agency counted 23 aid workers killed, 11 nurses and 12 drivers among them.", "12", "them"),
    ("The attack wounded 40, 15 of whom were taken to hospital.", "15", "whom"),
    # "among them" naming the number's own group: its own whole ("of its citizens") or after it on the verb
    ("More than 100 of its citizens, women and children among them, were seized.", "More than 100", None),
    ("Gunmen seized more than 100 hostages, among them women and children.", "more than 100", None),
])
def test_a_part_of_a_pronoun(nlp, text, figure, pronoun):
    found = ANALYZER.groups.part_of_pronoun(mention(nlp, text, figure))
    assert (found.text if found is not None else None) == pronoun


def test_a_state_word_as_the_noun_counts_people(nlp):
    # "the number of wounded remains 610"
    wounded = mention(nlp, "The number of wounded in Lutsa remains 610.", "610")
    assert (wounded.counted.text, ANALYZER.groups.counts_people(wounded)) == ("wounded", True)


@pytest.mark.parametrize(("text", "figure", "source", "side"), [
    # an agent's harm falls on the side its attack hit, never on the agent's own
    ("Freedonia's air strikes on Syria have killed over 1,100 people.", "over 1,100", None, "Syrian"),
    ("Rebel shelling killed 40 people in Armenia on Monday.", "40", None, "Armenian"),
    ("The army struck the city in retaliation for the assault the group carried out on southern Israel on Oct. 7, "
     "when gunmen from the group killed about 1,200 people.", "about 1,200", None, "Israeli"),
    ("Azerbaijani shelling killed 12 civilians.", "12", None, None),
    # a state named alone speaks for its own losses
    ("Israel says 1,200 people were killed in the attacks.", "1,200", "Israel", "Israeli"),
])
def test_the_side_harm_fell_on(nlp, text, figure, source, side):
    assert ANALYZER.sides.side(mention(nlp, text, figure), source) == side


@pytest.mark.parametrize(("place", "side"), [
    ("the Gaza Strip", "Palestinian"), ("Syria", "Syrian"), ("the Republic of Armenia", "Armenian"),
    ("northwestern Syria", None), ("Aleppo", None), (None, None),
])
def test_a_place_that_is_a_whole_nation_is_its_side(place, side):
    assert ANALYZER.sides.nation_of_place(place) == side
