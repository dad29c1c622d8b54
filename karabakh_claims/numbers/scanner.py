"""The scanner: one regular expression for every number phrase (at a given position the earlier
alternatives win), and the reading of each match's core into a mention before its context is read."""

from __future__ import annotations

import re

from karabakh_claims.numbers.mention import Mention
from karabakh_claims.numbers.numerals import (
    THOUSANDS_SPACE,
    VULGAR_FRACTIONS,
    dotted_value,
    fraction_value,
    sci_value,
    vulgar_value,
)
from karabakh_claims.numbers.qualifiers import vague_bounds
from karabakh_claims.numbers.words import (
    NUM_OR_SCALE_WORD,
    NUM_WORD,
    ORDINAL_WORDS,
    SCALE_AHEAD,
    fold_value,
    fraction_word_value,
    ordinal_word_mention,
    ratio_value,
    words_mention,
)
from karabakh_claims.numbers.years import DAY, MONTH, YEAR

_WORDS_FIRST = "|".join((NUM_OR_SCALE_WORD, ORDINAL_WORDS, "half|several|tens|hundreds|dozens|scores"))
"""The words an alternative of letters can start with, besides "a"/"an": numbers, scales, ordinals, vague amounts."""


def _word_start(words: str) -> str:
    """A quick test at a word's start: its first two letters are those of one of `words`, or it is "a"/"an"
    before a space or a hyphen. Case-insensitive, as the alternatives are."""
    seconds: dict[str, set[str]] = {}
    for word in re.findall(r"[a-z]{2,}", words):
        seconds.setdefault(word[0], set()).add(word[1])
    pairs = "|".join(f"{first}[{''.join(sorted(after))}]" for first, after in sorted(seconds.items()))
    return rf"\b(?i:{pairs}|an?[\s-])"


WORD_START = _word_start(_WORDS_FIRST)
_MENTION_START = (
    rf"(?=[\d.{''.join(VULGAR_FRACTIONS)}]|{WORD_START}|[JFMASOND]|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)"
)
"""What every alternative of the scanner starts with: a digit, a point or a vulgar fraction, a word that
starts like a number word (`WORD_START`), or the start of a month name (the month alternatives have no
word boundary of their own). Only a quick rejection of the other positions (most of the text): the
scanner finds exactly the same matches as without it (a test compares them)."""

MENTION_PATTERN = re.compile(
    rf"""
    {_MENTION_START}
    (?:
    (?P<date>
        \d{{4}}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?)?(?!\d)
      | (?<![\d/])\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d\d)(?![\d/])
      | (?<![\d.,]){DAY}\s(?:of\s)?{MONTH}(?:,?\s{YEAR})?(?!\d)
      | {MONTH}\s{DAY}(?:\s?[-–]\s?{DAY})?(?![\d:])(?:,?\s{YEAR}(?!\d))?
      | {MONTH}\s(?:of\s)?{YEAR}(?!\d)
    )
  | (?P<time>
        (?<![\d.,:])\d{{1,2}}:\d\d(?::\d\d)?(?:\.\d+)?(?!\d)
            (?:\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]\.m\b|[ap]m\b|[AP]M\b))?
      | (?<![\d.,:])\d{{1,2}}(?:[.:]\d\d)?\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]\.m\b|[ap]m\b|[AP]M\b)
      | (?<![\d.,:])\d{{4}}\s?(?:GMT|UTC|BST|CET|CEST|[ECMP][SD]T)\b
    )
  | (?P<ordinal>(?<![\d.,])\d+(?:st|nd|rd|th)\b)
  | (?P<ratio>(?i:(?<![\d.,])\b(?:(?:{NUM_WORD})\s+(?:out\s+of|in)\s+(?:{NUM_WORD})
        |\d{{1,3}}\s+out\s+of\s+\d{{1,3}})\b)(?![\d.,]))
  | (?P<sci>(?<![\d.,])\d+(?:\.\d+)?\s?(?:×\s?10\s?\^?|[xX]\s?10\s?\^)\s?[-−⁻]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+
      | (?<![\d.,])\d+(?:\.\d+)?[eE][-+]?\d+(?![\w]))
  | (?P<vulgar>(?<![\d.,])(?:\d+\s?)?[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])
  | (?P<mixed>(?<![\d.,])\d{{1,3}}\s\d{{1,2}}\s?[/⁄]\s?\d{{1,3}}(?![\d/⁄]))
  | (?P<frac>(?<![\d.,/])\d{{1,3}}\s?[/⁄]\s?\d{{1,3}}(?![\d/⁄]))
  | (?P<indian>(?<![\d.,])\d{{1,2}},(?:\d\d,)+\d{{3}}(?:\.\d+)?(?![\d,]))
  | (?P<comma>(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d|,\d))
  | (?P<spaced>(?<![\d.,])\d{{1,3}}(?:{THOUSANDS_SPACE}\d{{3}})+(?![\d:]|[.,]\d))
  | (?P<dotted>(?<![\d.,])\d{{1,3}}(?:\.\d{{3}})+(?![\d.]|,\d))
  | (?P<plain>(?<![\d.,])(?:\d+(?:\.\d+)?|\.\d+)(?!\.\d))
  | (?P<fracword>(?i:\b(?:a|an|{NUM_WORD})[\s-]+(?:halves|thirds?|quarters?|fourths?|fifths?|sixths?|
        sevenths?|eighths?|ninths?|tenths?)\b))
  | (?P<fold>(?i:\b(?:{NUM_WORD}|\d+)-?fold\b))
  | (?P<vague>(?i:\b(?:(?:several|a\s+few)\s+(?:hundred|thousand|million|billion)(?!\w)
      | (?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)\b
      | dozens\b | scores(?=\s+of\b) | hundreds\b | thousands\b | millions\b | billions\b)))
  | (?P<words>(?i:(?:\b(?:a|an)\s+{SCALE_AHEAD})?(?:\bhalf\s+(?:a\s+|an\s+)?{SCALE_AHEAD})?
        \b{NUM_OR_SCALE_WORD}(?:(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|[ \t-]+)
        {NUM_OR_SCALE_WORD}\b)*\b))
  | (?P<half>(?i:\bhalf\b(?=\s+(?:of|the|a|an|its|their|his|her|our|all)\b)))
  | (?P<ordword>(?i:\b(?:{ORDINAL_WORDS})\b))
    )
    """,
    re.VERBOSE,
)
_FIRST_NUMBER = re.compile(rf"(?P<plain>[0-9]+)|(?P<words>(?i:{NUM_WORD}))")


def core_mention(match: re.Match[str], text: str) -> Mention | None:
    """Turn one scanner match into a mention (before its context is read), or None."""
    group = match.lastgroup or ""
    start, end, core = match.start(), match.end(), match.group()
    if group in ("date", "time"):
        first = re.search(r"[0-9]+", core)
        return Mention(start, end, group, float(first.group()) if first else 0.0)
    if group == "ordinal":
        return Mention(start, end, "ordinal", float(core[:-2]))
    if group == "ordword":
        return ordinal_word_mention(text, start, end, core)
    if group == "words":
        return words_mention(start, core)
    if group == "vague":
        bounds = vague_bounds(core)
        return Mention(start, end, "cardinal", bounds.low, vague=bounds)
    value = _CORE_READERS[group](core, text, end)
    if value is None:
        return _unreadable_core(group, match, text)
    mention = Mention(start, end, "cardinal", value, raw=value)
    if group == "plain" and "." not in core:
        mention.bare = True
        mention.tags.add("int")
    return mention


def _unreadable_core(group: str, match: re.Match[str], text: str) -> Mention | None:
    """'24/7' is a label, not a fraction; '5 in 5' still holds its first number."""
    if group == "frac":
        return Mention(match.start(), match.end(), "other", float(re.match(r"[0-9]+", match.group()).group()))
    if group == "ratio":
        first = _FIRST_NUMBER.match(text, match.start())
        return core_mention(first, text) if first else None
    return None


_CORE_READERS = {
    "sci": lambda core, text, end: sci_value(core),
    "vulgar": lambda core, text, end: vulgar_value(core),
    "mixed": lambda core, text, end: fraction_value(core),
    "frac": lambda core, text, end: fraction_value(core),
    "indian": lambda core, text, end: float(core.replace(",", "")),
    "comma": lambda core, text, end: float(core.replace(",", "")),
    "spaced": lambda core, text, end: float(re.sub(r"[^0-9]", "", core)),
    "dotted": dotted_value,
    "plain": lambda core, text, end: float(core),
    "ratio": lambda core, text, end: ratio_value(core),
    "fracword": lambda core, text, end: fraction_word_value(core, text[end : end + 12]),
    "fold": lambda core, text, end: fold_value(core),
    "half": lambda core, text, end: 0.5,
}
