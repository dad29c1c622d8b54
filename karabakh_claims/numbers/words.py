"""Number words: spelled-out numbers ("twenty-five", "a hundred thousand", "half a million"),
fractions and ratios in words ("two-thirds", "one in three"), "sixfold", ordinal words
("third"; "second" only after "the"/a possessive), and when "one" or "half" count nothing."""

from __future__ import annotations

import re

from karabakh_claims.numbers.mention import Mention
from karabakh_claims.numbers.numerals import SCALE_WORDS

_UNIT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}
_TEEN_WORDS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "thirtieth|fortieth|fiftieth|hundredth|thousandth|millionth"
)
_ORDINAL_VALUES = {word: i + 1 for i, word in enumerate(ORDINAL_WORDS.split("|")[:20])} | {
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100, "thousandth": 1e3,
    "millionth": 1e6,
}
NUM_WORD = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|"
    "fifty|sixty|seventy|eighty|ninety"
)
NUM_OR_SCALE_WORD = rf"(?:{NUM_WORD}|hundred|thousand|million|billion|trillion|lakhs?|crores?|dozen)"
SCALE_AHEAD = r"(?=(?:hundred|thousand|million|billion|trillion|lakh|crore|dozen)\b)"
_OF_OR_SCALE_AHEAD = re.compile(r"\s+(?i:of|million|billion|thousand|trillion)\b")
_WORD_BEFORE = re.compile(r"(?P<word>[A-Za-z]+)\s+\Z")
_DETERMINER_AND_WORD_BEFORE = re.compile(r"(?<![\w])(?P<word>[A-Za-z]+)\s+[A-Za-z]+\s+\Z")
_DETERMINERS_OF_ONE = frozenset(
    "the this that each every any no which same last only another one such what".split()
)
_NOT_ONE_AFTER = re.compile(r"\s+another\b|-(?:off|on-one)\b|['’]s\b")
_HALF_BLOCKERS = frozenset("first second this that the each one".split())
_SECOND_DETERMINERS = frozenset("the its his her their our my your".split())


def _small_number(word: str) -> float | None:
    """Read one number word or a short digit string."""
    word = word.lower()
    if word.isdigit():
        return float(word)
    for table in (_UNIT_WORDS, _TEEN_WORDS, _TENS_WORDS):
        if word in table:
            return float(table[word])
    return None


def ratio_value(text: str) -> float | None:
    """Read "one in three" / "2 out of 5" as a fraction; None unless the first is smaller."""
    first, *_, last = text.split()
    numerator, denominator = _small_number(first), _small_number(last)
    if numerator is None or not denominator or numerator >= denominator:
        return None
    return numerator / denominator


def fraction_word_value(text: str, after: str) -> float | None:
    """Read "two-thirds", "three quarters", "a third of", "one fourth of"."""
    first, last = re.split(r"[\s-]+", text.lower())
    count = 1.0 if first in ("a", "an") else _small_number(first)
    if count is None:
        return None
    plural = last.endswith("s")
    if count == 1 and (plural or not _OF_OR_SCALE_AHEAD.match(after)):
        return None
    if count > 1 and not plural:
        return None
    return count / _FRACTION_WORDS[last]


def fold_value(text: str) -> float | None:
    """Read "sixfold" or "3-fold"."""
    return _small_number(text.lower().removesuffix("fold").rstrip("-"))


_WORD_CLASSES = (
    (_UNIT_WORDS, "unit"), (_TEEN_WORDS, "teen"), (_TENS_WORDS, "tens"),
)
_WORD_NEXT = {
    None: {"unit", "teen", "tens", "a", "half"},
    "a": {"hundred", "scale", "dozen"},
    "half": {"a", "hundred", "scale", "dozen"},
    "unit": {"hundred", "scale", "dozen"},
    "teen": {"hundred", "scale", "dozen"},
    "tens": {"unit", "scale", "dozen", "hundred"},
    "hundred": {"unit", "teen", "tens", "scale"},
    "scale": {"unit", "teen", "tens", "scale"},
    "dozen": set(),
}


def _word_class(word: str) -> str | None:
    """Which class of number word this is: unit, teen, tens, hundred, scale, dozen, a, half."""
    for table, name in _WORD_CLASSES:
        if word in table:
            return name
    if word in SCALE_WORDS:
        return "scale"
    return {"hundred": "hundred", "dozen": "dozen", "a": "a", "an": "a", "half": "half"}.get(word)


def _words_value(text: str) -> tuple[float, float, int] | None:
    """Read a run of number words: (value, trailing scale, characters read), or None."""
    total, current, factor, last, used, scale = 0.0, 0.0, 1.0, None, 0, 1.0
    for token in re.finditer(r"[A-Za-z]+", text):
        word = token.group().lower()
        if word == "and" and last in ("hundred", "scale"):
            continue
        kind = _word_class(word)
        if kind is None or kind not in _WORD_NEXT[last]:
            break
        scale = 1.0
        if kind in ("unit", "teen", "tens"):
            current += _small_number(word)
        elif kind == "a":
            current = current or 1.0
        elif kind == "half":
            factor = 0.5
        elif kind == "hundred":
            current, scale = (current or 1.0) * 100, 100.0
        elif kind == "dozen":
            current, scale = (current or 1.0) * 12, 12.0
        else:
            scale = SCALE_WORDS[word]
            total, current = total + (current or 1.0) * scale, 0.0
        last, used = kind, token.end()
    if last in (None, "a", "half"):
        return None
    return (total + current) * factor, scale, used


def one_is_a_pronoun(text: str, start: int, end: int) -> bool:
    """'the one', 'each one', 'one another', "one's": the word one that counts nothing."""
    window = (text, max(0, start - 30), start)
    for pattern in (_WORD_BEFORE, _DETERMINER_AND_WORD_BEFORE):
        before = pattern.search(*window)
        if before and before.group("word").lower() in _DETERMINERS_OF_ONE:
            return True
    return bool(_NOT_ONE_AFTER.match(text, end))


def words_mention(start: int, core: str) -> Mention | None:
    """A mention read from number words ("twenty-five", "a hundred thousand")."""
    read = _words_value(core)
    if read is None:
        return None
    value, scale, used = read
    mention = Mention(start, start + used, "cardinal", value, raw=value / scale, scale=scale)
    mention.tags.add("word")
    if core[:used].lower() == "one":
        mention.tags.add("one")
    return mention


def ordinal_word_mention(text: str, start: int, end: int, word: str) -> Mention | None:
    """An ordinal word; "second" counts only after a determiner (it is also a unit of time)."""
    if word.lower() == "second":
        before = _WORD_BEFORE.search(text, max(0, start - 20), start)
        if not before or before.group("word").lower() not in _SECOND_DETERMINERS:
            return None
    return Mention(start, end, "ordinal", float(_ORDINAL_VALUES[word.lower()]))


def half_is_not_a_share(text: str, start: int) -> bool:
    """'the second half', 'this half': a part of a match or a year, not the share 0.5."""
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(before) and before.group("word").lower() in _HALF_BLOCKERS
