"""What a number counts: the metric and the level of the tree its trigger was found at."""

from __future__ import annotations

import pytest
from conftest import CONFIG, mention, parse

from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.nlp.document import Analyzer

ANALYZER = Analyzer(CONFIG.metrics)


@pytest.mark.parametrize(("text", "figure", "found"), [
    ("400 to 700 wounded were taken to hospital.", "400 to 700", ("wounded", 0)),
    ("Officials said 300 families were evacuated.", "300", ("refugees", 1)),
    ("The death toll rose to 50.", "50", ("killed", 1)),
    ("Armenia has lost 191 soldiers and militias.", "191", ("killed", 1)),
    ("More than 2,000 refugees were registered, the ministry reported.", "More than 2,000", ("refugees", 2)),
    ("Georgia spends $300 million on its army.", "$300 million", ("military_spending", 1)),
    ("The camp houses 900 refugees, up from 600 last week.", "600", (None, 99)),
])
def test_the_metric_and_its_level(nlp, text, figure, found):
    assert ANALYZER.metrics.metric(mention(nlp, text, figure)) == found


def test_a_trigger_is_found_by_lemma_next_to_the_number(nlp):
    wounded = mention(nlp, "400 to 700 wounded were taken to hospital.", "400 to 700")
    assert [t.text for t in wounded.word_after] == ["wounded"]
    assert ANALYZER.index.matches(wounded.word_after, wounded.anchor) == [(1, "wounded")]


def test_a_verb_that_counts_only_people_as_its_object(nlp):
    assert ANALYZER.metrics.object_trigger(mention(nlp, "Armenia has lost 191 soldiers and militias.", "191")) == "killed"
    assert ANALYZER.metrics.object_trigger(mention(nlp, "Officials said 300 families were evacuated.", "300")) is None


def metrics_of(doc) -> list[tuple[str, str | None]]:
    return [(s.text, s._.metric) for s in doc.spans[SPANS_KEY]]


# Each case names the general construction it covers; places are made up.
@pytest.mark.parametrize(("text", "found"), [
    # a multi-word trigger linked by the parse, words between ("lose life")
    ("Officials in Varnia said 312 people had lost their lives in the floods.", [("312", "killed")]),
    # a level verb coordinated with one that has the subject ("the toll rose ... and had reached X")
    ("The toll in Ostrel rose by 200 overnight and had reached 1,904.", [("200", "killed"), ("1,904", "killed")]),
    # a state word right after the counted noun ("left X dead and Y wounded", "Y others injured")
    ("Rescuers counted 80 people dead and 240 others injured in Marvel province.",
     [("80", "killed"), ("240", "wounded")]),
    ("The shelling of Darnok left 45 civilians dead and 130 wounded.", [("45", "killed"), ("130", "wounded")]),
    # "the number of wounded remains X, of whom Y are receiving treatment": a state word as the noun
    # counted, and a relative "of whom" part with a trigger of its own
    ("The number of wounded in Lutsa remains 610, of whom 95 are receiving treatment.",
     [("610", "wounded"), ("95", "hospitalized")]),
    # being airlifted, being treated
    ("Army helicopters airlifted 38 patients from Kelmar to the capital.", [("38", "hospitalized")]),
    ("Of the 200 wounded, 45 are being treated in Kelmar.", [("200", "wounded"), ("45", "hospitalized")]),
    # "whose number has reached X": the relative clause speaks of the noun before the preposition
    ("The displaced from Sorvik, whose number has reached 14,500, are sleeping in schools.",
     [("14,500", "refugees")]),
    # seeking refuge, crossing
    ("About 9,000 people have sought refuge in neighbouring Tarvia.", [("About 9,000", "refugees")]),
    ("Some 2,300 people crossed the Belen checkpoint on Monday.", [("Some 2,300", "refugees")]),
    # a part of the claim before with a noun of its own ("X of them children", "X are women")
    ("The ministry said 410 civilians were killed, 120 of them children.", [("410", "killed"), ("120", "killed")]),
    ("Of the 3,000 evacuees, 1,400 are women.", [("3,000", "refugees"), ("1,400", "refugees")]),
    ("The agency counted 23 aid workers killed, 11 nurses and 12 drivers among them.",
     [("23", "killed"), ("11", "killed"), ("12", "killed")]),
    # "were among those killed": the participle of the pronoun object
    ("Officials said at least nine Norland citizens were among those killed.", [("at least nine", "killed")]),
    # remaining in a place, a place of N people, people a place owns: population
    ("There are at least 4,000 people remaining in the city of Kordas.", [("at least 4,000", "population")]),
    ("The quake struck near Pelmar, a city of around 600,000 people.", [("around 600,000", "population")]),
    ("A total siege on Freedonia's 2.3 million people began on Monday.", [("2.3 million", "population")]),
    # homelessness is coded as displacement
    ("The storm left 25,000 people homeless in Tarnow.", [("25,000", "refugees")]),
    ("More than 60,000 people in the Orvel valley have been driven from their homes.",
     [("More than 60,000", "refugees")]),
    ("The floods may have left up to 800,000 people in Varnia without a home.", [("up to 800,000", "refugees")]),
    ("Hundreds of thousands of people across Varnia have lost their homes.", [("Hundreds of thousands", "refugees")]),
    # pledging, putting in money, a sum carried on to a new figure
    ("Donors promised seven billion euros for the reconstruction of Varnia.", [("seven billion euros", "aid")]),
    ("Belmark said it would put in another 12 million euros on top of the 30 million euros it had announced.",
     [("12 million euros", "aid"), ("30 million euros", "aid")]),
    ("Norland announced it would double its aid to Varnia, bringing it to 240 million euros.",
     [("240 million euros", "aid")]),
    # a sub-count with its own trigger keeps its own metric, British spelling too
    ("Twelve people were killed and 40 wounded, and 15 of them were hospitalised.",
     [("Twelve", "killed"), ("40", "wounded"), ("15", "hospitalized")]),
    ("The attack killed 12 people and wounded 40, 15 of whom were taken to hospital.",
     [("12", "killed"), ("40", "wounded"), ("15", "hospitalized")]),
])
def test_triggers_away_from_the_number(nlp, text, found):
    assert metrics_of(parse(nlp, text)) == found


@pytest.mark.parametrize(("text", "found"), [
    # a vague figure is no baseline: "thousands of residents" names who, not how many live there;
    # a passive "were left" is no one leaving
    ("Thousands of residents were left without electricity after the storm.", [("Thousands", None)]),
    # hostages are neither killed nor a part of the claim before ("among them" names their own group)
    ("Gunmen killed 50 people and seized more than 100 hostages, among them women and children.",
     [("50", "killed"), ("more than 100", None)]),
    ("According to Norland, more than 100 of its citizens, women and children among them, are thought "
     "to have been seized.", [("more than 100", None)]),
    # a count of sources after "from" is no comparison
    ("The toll stands at 1,500 when figures from two sources are added together.",
     [("1,500", "killed"), ("two", None)]),
    # magnitudes are no count of people
    ("More than 900 people died in the quakes, which measured 7.8 and 7.5 in magnitude.",
     [("More than 900", "killed"), ("7.8", None), ("7.5", None)]),
    # the toll crossing a mark is nobody crossing
    ("The death toll crossed 1,000 on Tuesday.", [("1,000", "killed")]),
])
def test_numbers_that_do_not_count_what_the_sentence_counts(nlp, text, found):
    assert metrics_of(parse(nlp, text)) == found


def test_a_multi_word_trigger_by_the_parse(nlp):
    lives = mention(nlp, "Officials said 312 people had lost their lives.", "312")
    assert ANALYZER.metrics.metric(lives) == ("killed", 1)
    assert [t.text for t in mention(nlp, "Rescuers counted 80 people dead.", "80").word_after_noun] == ["dead"]


def test_a_subject_only_trigger_with_the_figure_elsewhere(nlp):
    # "travel", "cross", "leave" count the figure only as their subject
    assert metrics_of(parse(nlp, "The minister travelled to Ostrel with 12 officials.")) == [("12", None)]
    assert metrics_of(parse(nlp, "Some 2,300 people travelled south on Monday.")) == [("Some 2,300", "refugees")]
