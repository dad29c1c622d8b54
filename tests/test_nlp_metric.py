"""What a number counts: the metric and the level of the tree its trigger was found at."""

from __future__ import annotations

import pytest
from conftest import CONFIG, mention

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
