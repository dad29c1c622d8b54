"""Changes: rises and falls read from the verb before a number, and carried on to restatements."""

from __future__ import annotations

from karabakh_claims.models import Change, Qualifier
from karabakh_claims.numbers.changes import inherit_changes, read_change, settle_weak_changes
from karabakh_claims.numbers.mention import Mention


def _read(text: str, number: str, kind: str = "cardinal") -> Mention:
    start = text.index(number)
    mention = Mention(start, start + len(number), kind, 3.0)
    read_change(mention, text, 0, start)
    return mention


def test_a_strong_verb_marks_a_change():
    assert _read("prices rose 3", "3").change is Change.up
    assert _read("exports fell by 3", "3").change is Change.down
    assert _read("exports fell by 3", "3").by_before


def test_a_weak_verb_waits_for_the_list_rules():
    mention = _read("the team lost 3", "3")
    assert (mention.change, mention.weak_change) == (None, Change.down)
    settle_weak_changes([mention], "the team lost 3")
    assert mention.change is None
    money = _read("the firm lost 3", "3", kind="money")
    settle_weak_changes([money], "the firm lost 3")
    assert money.change is Change.down


def test_a_verb_a_few_words_before_by():
    assert _read("to grow sales by 3", "3").change is Change.up


def test_a_signed_percentage_is_a_change():
    mention = Mention(0, 5, "percent", -2.1, unit="%", tags={"minus"})
    settle_weak_changes([mention], "-2.1%")
    assert mention.change is Change.down
    assert "sign_change" in mention.tags


def test_a_restatement_in_brackets_inherits_the_change_and_the_hedge():
    text = "rose more than 250 km (155 miles)"
    first = Mention(5, 18, "cardinal", 250.0, qualifier=Qualifier.more_than, change=Change.up)
    second = Mention(23, 26, "cardinal", 155.0)
    inherit_changes([first, second], text)
    assert (second.change, second.qualifier) == (Change.up, Qualifier.more_than)
