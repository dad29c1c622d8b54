"""Number words: spelled-out numbers, fractions and ratios in words, ordinal words, "one" and "half"."""

from __future__ import annotations

import pytest

from karabakh_claims.numbers.words import (
    fold_value,
    fraction_word_value,
    half_is_not_a_share,
    one_is_a_pronoun,
    ordinal_word_mention,
    ratio_value,
    words_mention,
)


@pytest.mark.parametrize(
    ("words", "value", "scale", "end"),
    [("twenty-five", 25.0, 1.0, 11), ("a hundred thousand", 1e5, 1e3, 18), ("half a million", 5e5, 1e6, 14),
     ("two dozen", 24.0, 12.0, 9), ("one hundred and six", 106.0, 1.0, 19)],
)
def test_words_mention(words, value, scale, end):
    mention = words_mention(0, words)
    assert (mention.value, mention.scale, mention.end, mention.tags) == (value, scale, end, {"word"})


def test_words_mention_reads_no_number_from_a_lone_article():
    assert words_mention(0, "a") is None
    assert words_mention(0, "one").tags == {"word", "one"}


def test_ratio_fraction_and_fold_words():
    assert ratio_value("one in three") == 1 / 3
    assert ratio_value("2 out of 5") == 0.4
    assert ratio_value("5 in 5") is None
    assert fraction_word_value("two-thirds", "") == 2 / 3
    assert fraction_word_value("a third", " of the") == 1 / 3
    assert fraction_word_value("a third", " party") is None
    assert (fold_value("sixfold"), fold_value("3-fold")) == (6.0, 3.0)


def test_one_and_half_that_count_nothing():
    assert one_is_a_pronoun("the one that", 4, 7)
    assert one_is_a_pronoun("help one another", 5, 8)
    assert not one_is_a_pronoun("one dead", 0, 3)
    assert half_is_not_a_share("the second half of", 11)
    assert not half_is_not_a_share("half of them", 0)


def test_second_is_an_ordinal_only_after_a_determiner():
    assert ordinal_word_mention("the second day", 4, 10, "second").value == 2.0
    assert ordinal_word_mention("a second", 2, 8, "second") is None
    assert ordinal_word_mention("Third", 0, 5, "Third").value == 3.0
