"""The scanner: which alternative matches a phrase, and the core value read from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from karabakh_claims.numbers import scanner
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


_EVERY_WORD_START = re.compile(
    scanner.MENTION_PATTERN.pattern.replace(scanner.WORD_START, r"\b\w", 1), scanner.MENTION_PATTERN.flags)
"""The scanner without its quick test of a word's first letters: any word start may begin a match."""
ROOT = Path(__file__).resolve().parent.parent


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(text)]


def _word_phrases() -> list[str]:
    """Every word of the letter alternatives, alone and in the phrases they start, in three cases."""
    followed = {"half": "half the", "several": "several hundred", "tens": "tens of millions", "scores": "scores of"}
    words = [followed.get(word, word) for word in re.findall(r"[a-z]{2,}", scanner._WORDS_FIRST)]
    phrases = [*words, "a few hundred", "an eighth", "a-third", "a hundred", "half a million", "sixfold",
               "one in three", "two out of five", "tens of thousands", "scores of", "a dozen", "ſeven", "ſeveral thousand"]
    return [f"{phrase} {phrase.title()} {phrase.upper()}." for phrase in phrases]


@pytest.mark.parametrize("line", _word_phrases())
def test_the_word_start_test_admits_every_word_an_alternative_starts_with(line):
    found = _matches(scanner.MENTION_PATTERN, line)
    assert found == _matches(_EVERY_WORD_START, line)
    assert found[0][0] == 0


@pytest.mark.parametrize("folder", ["seeds", "fixtures/dev", "fixtures/articles", "fixtures/corpora"])
def test_the_word_start_test_changes_no_match_in_the_bundled_texts(folder):
    files = [p for p in sorted((ROOT / folder).rglob("*")) if p.is_file() and p.suffix in (".txt", ".json", ".jsonl", ".html")]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    assert len(texts) >= 3
    for path, text in zip(files, texts):
        assert _matches(scanner.MENTION_PATTERN, text) == _matches(_EVERY_WORD_START, text), path
