"""Numerals: digits, thousands separators, fractions, scales and signs.

Separators. Commas ("100,632"), Indian grouping ("1,00,417"), a space, no-break space,
thin or narrow no-break space ("84 770"). A dot is a thousands separator when it is
followed by exactly three digits and the number has no decimal sense: "300.000" and
"2.000" are 300000 and 2000, and so is "1.000.000"; but a single dot group is a decimal
point when the integer part is 0 ("0.534"), or when a percent or a scale word follows
("1.500 percent", "1.250 billion", "3.125bn"). A decimal comma ("3,5") is not read.

Scales. A scale word or suffix after the number multiplies it ("3 million", "$11.5bn",
"€5m"; "hundred thousand"); a lowercase "m" with no currency before it, followed by a
hyphen, a bracket or "long", "high" ... is a metre. Numbers glued to letters on their left ("COVID-19", "S23", "XR-40") are parts
of names, unless the number carries a thousands separator or a scale suffix."""

from __future__ import annotations

import math
import re

from karabakh_claims.numbers.mention import Mention

SCALE_WORDS = {
    "thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6, "crore": 1e7, "crores": 1e7,
    "billion": 1e9, "trillion": 1e12,
}
_SCALE_SUFFIXES = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9,
    "tn": 1e12, "trn": 1e12,
}
VULGAR_FRACTIONS = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
    "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8,
    "⅞": 7 / 8,
}
THOUSANDS_SPACE = "[ \u00a0\u2009\u202f]"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−", "0123456789--")
_SCALE_AFTER = re.compile(
    r"""
    (?P<word>[ \u00a0-]?(?i:hundred(?:[ -](?:thousand|million|billion|trillion))?
        |thousand|million|billion|trillion|lakhs?|crores?)\b)
  | (?P<suffix>(?:k|K|mn|mln|mil|bn|bln|b|B|tn|trn|M|m)(?![A-Za-z0-9]))
  | (?P<spaced>\ (?:mn|bn|bln|mln|tn|B)(?![A-Za-z0-9]))
    """,
    re.VERBOSE,
)
_METRE_AHEAD = re.compile(r"-|\s\(|\s(?:long|high|tall|wide|deep|away)\b")
PERCENT_AFTER = re.compile(
    r"\s?%|\s?(?i:percentage\s+points?|percent|per\s?cent|pct)\b|pc\b"
)
SIGN_BEFORE = re.compile(r"(?:(?<=[\s(\[:;=/$€£¥₹₽])|^)(?P<sign>[-−+])\Z")
MINUS_WORD_BEFORE = re.compile(r"(?<![\w])(?i:minus)[\s-]\Z")
CODE_LETTERS_AFTER = re.compile(r"(?![A-Za-z]{1,2}[23]\b)[A-Za-z]+\d")


def dotted_value(digits: str, text: str, end: int) -> float:
    """Read "300.000" as 300000, except when the dot has a decimal sense (see module doc)."""
    groups = digits.split(".")
    after = text[end : end + 12]
    decimal_sense = len(groups) == 2 and (
        groups[0] == "0" or PERCENT_AFTER.match(after) or _SCALE_AFTER.match(after)
    )
    return float(digits) if decimal_sense else float(digits.replace(".", ""))


def sci_value(text: str) -> float:
    """Read "2.998×10−8", "1.2 x 10^5" or "1E-3"."""
    flat = text.translate(_SUPERSCRIPTS).replace(" ", "")
    parts = re.split(r"[×xX]", flat, maxsplit=1)
    if len(parts) == 1:
        return float(flat)
    mantissa, power = parts
    return float(mantissa) * 10.0 ** int(power.removeprefix("10").lstrip("^"))


def fraction_value(text: str) -> float | None:
    """Read "1/16" or "7 3/4"; None when it is not a proper fraction (e.g. "24/7")."""
    parts = re.split(r"\s+", text.replace("⁄", "/").replace(" /", "/").replace("/ ", "/"))
    whole = float(parts[0]) if len(parts) == 2 else 0.0
    numerator, denominator = (float(p) for p in parts[-1].split("/"))
    if denominator == 0 or numerator >= denominator:
        return None
    return whole + numerator / denominator


def vulgar_value(text: str) -> float:
    """Read "½" or "1½"."""
    whole = text[:-1].strip()
    return (float(whole) if whole else 0.0) + VULGAR_FRACTIONS[text[-1]]


def read_scale(mention: Mention, text: str, has_currency: bool) -> None:
    """Extend over a scale word or suffix ("million", "bn", "m") and multiply."""
    match = _SCALE_AFTER.match(text, mention.end)
    if not match or mention.vague:
        return
    written = match.group().strip(" \u00a0-").lower()
    if match.lastgroup == "word":
        factor = math.prod(
            100.0 if w == "hundred" else SCALE_WORDS[w] for w in re.split(r"[ -]", written)
        )
    else:
        if written == "m" and match.group() == "m" and not has_currency:
            if _METRE_AHEAD.match(text, match.end()):
                return
        factor = _SCALE_SUFFIXES[written]
    mention.value *= factor
    mention.scale = factor
    mention.end = match.end()
    mention.bare = False


def apply_sign(mention: Mention, sign: str, sign_start: int) -> int:
    """Negate the mention for a minus (tag it "plus" otherwise); returns the sign's start."""
    if sign in "-−":
        mention.value = -mention.value
        mention.raw = -(mention.raw or 0.0)
        mention.tags.add("minus")
    else:
        mention.tags.add("plus")
    mention.bare = False
    return sign_start


def start_after_letters(mention: Mention, text: str, start: int, floor: int = 0) -> int | None:
    """A number stuck to letters ("S23", "COVID-19", "XR-40") is part of a name: None.

    An amount stuck to letters ("PS4.1m", "XY21,700") keeps them in its phrase, but never
    letters that end the previous mention (``floor``): "0B¼K" is "0B" and "¼K"."""
    before = text[start - 1] if start else ""
    if before.isalpha():
        if "word" in mention.tags or not _reads_as_amount(mention):
            return None
        letters = re.search(r"[A-Za-z]{1,4}\Z", text[max(floor, start - 4) : start])
        return start - len(letters.group()) if letters else start
    if before == "-" and start >= 2 and text[start - 2].isalpha():
        word = re.search(r"[A-Za-z]+\Z", text[max(0, start - 20) : start - 1])
        if "word" in mention.tags or (word and not word.group().islower()):
            return None
    return start


def _reads_as_amount(mention: Mention) -> bool:
    """Codes never carry a thousands separator or a scale suffix; amounts may."""
    return mention.scale > 1 or (mention.raw is not None and not mention.bare and mention.raw >= 1000)
