"""Labels: small numbers that name something, and house numbers."""

from __future__ import annotations

import pytest

from karabakh_claims.numbers.labels import mark_labels
from karabakh_claims.numbers.mention import Mention


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [("won Game 5 easily", "5", "other"), ("the S&P 500 fell", "500", "other"), ("at 12 Baker Street", "12", "other"),
     ("Apollo 11 landed", "11", "other"), ("The 5 men", "5", "cardinal"), ("in May 5 men", "5", "cardinal"),
     ("Game 50000", "50000", "cardinal")],
)
def test_mark_labels(text, number, kind):
    start = text.index(number)
    mention = Mention(start, start + len(number), "cardinal", float(number), bare=True, tags={"int"})
    mark_labels([mention], text)
    assert mention.kind == kind
