"""The scanner: which alternative matches a phrase, and the core value read from it."""

from __future__ import annotations

import pytest

from karabakh_claims.numbers.scanner import MENTION_PATTERN, core_mention


@pytest.mark.parametrize(
    ("text", "group", "kind", "value"),
    [("100,632", "comma", "cardinal", 100632.0), ("1,00,417", "indian", "cardinal", 100417.0),
     ("84 770", "spaced", "cardinal", 84770.0), ("300.000", "dotted", "cardinal", 300000.0),
     ("7 3/4", "mixed", "cardinal", 7.75), ("24/7", "frac", "other", 24.0), ("19th", "ordinal", "ordinal", 19.0),
     ("14:36", "time", "time", 14.0), ("September 19", "date", "date", 19.0),
     ("tens of thousands", "vague", "cardinal", 20000.0), ("twenty-five", "words", "cardinal", 25.0),
     ("one in three", "ratio", "cardinal", 1 / 3)],
)
def test_core_mention(text, group, kind, value):
    match = MENTION_PATTERN.search(text)
    assert (match.lastgroup, match.group()) == (group, text)
    mention = core_mention(match, text)
    assert (mention.kind, mention.value, mention.end) == (kind, value, len(text))


def test_a_plain_integer_is_bare():
    mention = core_mention(MENTION_PATTERN.search("42"), "42")
    assert (mention.bare, mention.tags) == (True, {"int"})
    assert not core_mention(MENTION_PATTERN.search("4.2"), "4.2").bare
