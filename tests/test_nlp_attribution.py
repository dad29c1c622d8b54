"""Who said it: the source found for a figure in made-up sentences parsed by the real pipeline."""

from __future__ import annotations

import pytest
from conftest import CONFIG, mention

from karabakh_claims.nlp.attribution import AttributionRules

RULES = AttributionRules(CONFIG.metrics)


@pytest.mark.parametrize(("text", "figure", "source"), [
    ("Officials said 300 families were evacuated.", "300", "Officials"),
    ("According to the UN refugee agency, 5,000 people fled to Goris.", "5,000", "the UN refugee agency"),
    ("More than 2,000 refugees were registered, the ministry reported.", "More than 2,000", "the ministry"),
    ("The government said on Saturday that 213 people had been killed.", "213", "The government"),
    ("Azerbaijan said 192 of its soldiers were killed.", "192", "Azerbaijan"),
])
def test_the_source_of_a_figure(nlp, text, figure, source):
    assert RULES.source(mention(nlp, text, figure)) == source


def test_a_verb_that_counts_the_figure_does_not_report_it(nlp):
    assert RULES.source(mention(nlp, "Armenia has lost 191 soldiers and militias.", "191")) is None
