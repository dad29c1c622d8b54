"""The number layer: read number phrases out of text with regular expressions only (no spaCy).

Two entry points, both pure and total (they never raise on any ``str``):

* ``parse_quantity(text)`` reads ONE number phrase ("more than 50,000", "$11.5 million",
  "400 to 700", "tens of thousands") into a ``Quantity``, or returns None.
* ``find_quantities(text)`` scans free text and returns every numeric mention as a
  ``QuantitySpan``: non-overlapping, sorted by start, and always
  ``text[span.start:span.end] == span.quantity.text``.

Kinds. ``money`` (unit = ISO 4217 code, "BTC" for bitcoin), ``percent`` (unit "%"),
``time`` ("14:36", "3 p.m.", "0915 GMT"), ``date`` ("September 19", "4 October 2023",
"09/28/2023", "Sept. 20, 2023", "September 22-25", "March of 2016"), ``year`` (a bare
4-digit 1800-2099, or 1000-1799 after "in", "since", "A.D." ...; "1990s", "1980's"),
``ordinal`` ("19th", "first", "third"; "second" only after "the"/a possessive),
``other`` (labels, scores and addresses: "Game 5", "S&P 500", "Apollo 11", "2-1",
"12 Baker Street"), ``cardinal`` otherwise. Dates, times and years are returned so
that the caller can drop them. For date and time spans the value is nominal (the first
number written). Numbers glued to letters on their left ("COVID-19", "S23", "XR-40")
are parts of names and are not returned, unless the letters are a currency ("RM45",
"USD20m") or the number carries a thousands separator or a scale suffix.

Separators. Commas ("100,632"), Indian grouping ("1,00,417"), a space, no-break space,
thin or narrow no-break space ("84 770"). A dot is a thousands separator when it is
followed by exactly three digits and the number has no decimal sense: "300.000" and
"2.000" are 300000 and 2000, and so is "1.000.000"; but a single dot group is a decimal
point when the integer part is 0 ("0.534"), or when a percent or a scale word follows
("1.500 percent", "1.250 billion", "3.125bn"). A decimal comma ("3,5") is not read.

Qualifiers keep the stated value and set bounds: more_than/at_least -> low = value;
less_than/nearly/up_to -> high = value; about -> value x (1 -/+ about_margin); exact ->
low = high = value. Ranges ("400 to 700", "400-700", "between 400 and 700", "from 400 to
700", "3 to 5 million") have qualifier range, value = midpoint; a scale or unit written
only on the upper end applies to both ends when the lower end is the smaller number.

Vague words (qualifier vague, value = low): a plural of a base B means "at least two B,
fewer than ten B", i.e. [2B, 10B - 1] (see ``VAGUE_BOUNDS``): hundreds 200-999,
thousands 2,000-9,999, tens of thousands 20,000-99,999, hundreds of thousands
200,000-999,999, millions 2,000,000-9,999,999, and so on; "several"/"a few" with a scale
word read the same as the plural. Dozens (base 12) and scores (base 20) stop at 99.
"a few", "several", "a couple" and "a pair" alone are not read.

Changes: a number right after "rose", "fell", "increased by", "declined" ... is read with
``change`` up/down; "up"/"down", "gained", "lost", "added", "cut" and "shed" only mark
percentages, money, points, cents or a number after "by". A signed percentage
("+0.4%", "-2.1%") is a change too, unless it is the upper end of a range ("-5 to -10
per cent" is a range of negative values), and "X, or Y%" restates the change of X.
``written_range`` gives a range's ends in the order written and the hedge on its first end.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from karabakh_claims.models import Change, NumberKind, Qualifier, Quantity, QuantitySpan

ABOUT_MARGIN = 0.1
"""Default relative margin of "about"/"around": bounds are value x (1 -/+ margin)."""


class Bounds(NamedTuple):
    """The bounds a vague number word stands for, and the base it counts in."""

    low: float
    high: float
    base: float


def _plural_bounds(base: float, cap: float | None = None) -> Bounds:
    """The documented reading of a plural count word: at least two bases, fewer than ten."""
    return Bounds(2 * base, cap if cap is not None else 10 * base - 1, base)


VAGUE_BOUNDS: dict[str, Bounds] = {
    "dozens": _plural_bounds(12, cap=99),
    "scores": _plural_bounds(20, cap=99),
    "hundreds": _plural_bounds(1e2),
    "thousands": _plural_bounds(1e3),
    "tens of thousands": _plural_bounds(1e4),
    "hundreds of thousands": _plural_bounds(1e5),
    "millions": _plural_bounds(1e6),
    "tens of millions": _plural_bounds(1e7),
    "hundreds of millions": _plural_bounds(1e8),
    "billions": _plural_bounds(1e9),
    "tens of billions": _plural_bounds(1e10),
    "hundreds of billions": _plural_bounds(1e11),
}
"""Bounds of the vague words, keyed by their normalised plural form."""

NUMERIC_KINDS: frozenset[str] = frozenset({"cardinal", "money", "percent"})
"""The kinds that state an amount (dates, times, years, ordinals and labels do not)."""

# ---------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------

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
_SCALE_WORDS = {
    "thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6, "crore": 1e7, "crores": 1e7,
    "billion": 1e9, "trillion": 1e12,
}
_SCALE_SUFFIXES = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9,
    "tn": 1e12, "trn": 1e12,
}
_FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
_VULGAR_FRACTIONS = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
    "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8,
    "⅞": 7 / 8,
}
_ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "thirtieth|fortieth|fiftieth|hundredth|thousandth|millionth"
)
_ORDINAL_VALUES = {word: i + 1 for i, word in enumerate(_ORDINAL_WORDS.split("|")[:20])} | {
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100, "thousandth": 1e3,
    "millionth": 1e6,
}
_CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "u.s$": "USD", "usd$": "USD", "$us": "USD",
    "a$": "AUD", "$a": "AUD", "au$": "AUD", "$au": "AUD", "aud$": "AUD",
    "c$": "CAD", "ca$": "CAD", "$c": "CAD", "cad$": "CAD",
    "nz$": "NZD", "$nz": "NZD", "nzd$": "NZD", "hk$": "HKD", "$hk": "HKD", "s$": "SGD",
    "r$": "BRL", "mex$": "MXN", "mxn$": "MXN", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
    "₽": "RUB", "֏": "AMD", "₿": "BTC", "元": "CNY", "₾": "GEL", "₺": "TRY", "₩": "KRW",
    "₪": "ILS", "rm": "MYR", "rs": "INR", "rs.": "INR", "nis": "ILS", "rmb": "CNY",
    "dollar": "USD", "dollars": "USD",
}
_ISO_CODES = (
    "USD|EUR|GBP|JPY|AUD|CAD|CHF|CNY|RMB|INR|AMD|AZN|RUB|TRY|GEL|NZD|HKD|SGD|MYR|ILS|BTC|"
    "MXN|BRL|ZAR|SEK|NOK|DKK|KRW|IRR|UAH|KZT"
)
_CURRENCY_WORDS = {
    "dollar": "USD", "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD",
    "australian dollar": "AUD", "canadian dollar": "CAD", "new zealand dollar": "NZD",
    "hong kong dollar": "HKD", "singapore dollar": "SGD", "taiwan dollar": "TWD",
    "euro": "EUR", "pound sterling": "GBP", "sterling": "GBP", "yen": "JPY",
    "japanese yen": "JPY", "yuan": "CNY", "chinese yuan": "CNY", "renminbi": "CNY",
    "rupee": "INR", "indian rupee": "INR", "rouble": "RUB", "ruble": "RUB",
    "russian rouble": "RUB", "russian ruble": "RUB", "dram": "AMD", "armenian dram": "AMD",
    "manat": "AZN", "azerbaijani manat": "AZN", "lari": "GEL", "georgian lari": "GEL",
    "shekel": "ILS", "swiss franc": "CHF", "franc": "CHF", "danish crown": "DKK",
    "danish krone": "DKK", "swedish krona": "SEK", "swedish kronor": "SEK",
    "norwegian krone": "NOK", "ringgit": "MYR", "rand": "ZAR", "baht": "THB",
    "lira": "TRY", "turkish lira": "TRY", "mexican peso": "MXN", "peseta": "ESP",
    "markka": "FIM", "finnish markka": "FIM", "guilder": "NLG", "dutch guilder": "NLG",
    "hryvnia": "UAH", "tenge": "KZT", "rial": "IRR", "iranian rial": "IRR", "bitcoin": "BTC",
}
_MONTHS_TITLE = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH = (
    rf"(?:(?:{_MONTHS_TITLE}|{_MONTHS_TITLE.upper()})\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
    r"|(?:january|february|april|june|july|september|october|november|december)\b"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]|20)\d\d"
_NUM_WORD = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|"
    "fifty|sixty|seventy|eighty|ninety"
)
_NUM_OR_SCALE_WORD = rf"(?:{_NUM_WORD}|hundred|thousand|million|billion|trillion|lakhs?|crores?|dozen)"
_SCALE_AHEAD = r"(?=(?:hundred|thousand|million|billion|trillion|lakh|crore|dozen)\b)"
_THOUSANDS_SPACE = "[ \u00a0\u2009\u202f]"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−", "0123456789--")

# ---------------------------------------------------------------------------------------
# The scanner: one alternation; at a given position the earlier alternatives win.
# ---------------------------------------------------------------------------------------

_MENTION_START = (
    rf"(?=[\d.{''.join(_VULGAR_FRACTIONS)}]|\b\w|[JFMASOND]|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)"
)
"""What every alternative of the scanner starts with: a digit, a point or a vulgar fraction, the start of
a word, or the start of a month name (the month alternatives have no word boundary of their own). Only a
quick rejection of the other positions (most of the text): the scanner finds exactly the same matches."""

_MENTION = re.compile(
    rf"""
    {_MENTION_START}
    (?:
    (?P<date>
        \d{{4}}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?)?(?!\d)
      | (?<![\d/])\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d\d)(?![\d/])
      | (?<![\d.,]){_DAY}\s(?:of\s)?{_MONTH}(?:,?\s{_YEAR})?(?!\d)
      | {_MONTH}\s{_DAY}(?:\s?[-–]\s?{_DAY})?(?![\d:])(?:,?\s{_YEAR}(?!\d))?
      | {_MONTH}\s(?:of\s)?{_YEAR}(?!\d)
    )
  | (?P<time>
        (?<![\d.,:])\d{{1,2}}:\d\d(?::\d\d)?(?:\.\d+)?(?!\d)
            (?:\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]\.m\b|[ap]m\b|[AP]M\b))?
      | (?<![\d.,:])\d{{1,2}}(?:[.:]\d\d)?\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]\.m\b|[ap]m\b|[AP]M\b)
      | (?<![\d.,:])\d{{4}}\s?(?:GMT|UTC|BST|CET|CEST|[ECMP][SD]T)\b
    )
  | (?P<ordinal>(?<![\d.,])\d+(?:st|nd|rd|th)\b)
  | (?P<ratio>(?i:(?<![\d.,])\b(?:(?:{_NUM_WORD})\s+(?:out\s+of|in)\s+(?:{_NUM_WORD})
        |\d{{1,3}}\s+out\s+of\s+\d{{1,3}})\b)(?![\d.,]))
  | (?P<sci>(?<![\d.,])\d+(?:\.\d+)?\s?(?:×\s?10\s?\^?|[xX]\s?10\s?\^)\s?[-−⁻]?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+
      | (?<![\d.,])\d+(?:\.\d+)?[eE][-+]?\d+(?![\w]))
  | (?P<vulgar>(?<![\d.,])(?:\d+\s?)?[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])
  | (?P<mixed>(?<![\d.,])\d{{1,3}}\s\d{{1,2}}\s?[/⁄]\s?\d{{1,3}}(?![\d/⁄]))
  | (?P<frac>(?<![\d.,/])\d{{1,3}}\s?[/⁄]\s?\d{{1,3}}(?![\d/⁄]))
  | (?P<indian>(?<![\d.,])\d{{1,2}},(?:\d\d,)+\d{{3}}(?:\.\d+)?(?![\d,]))
  | (?P<comma>(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d|,\d))
  | (?P<spaced>(?<![\d.,])\d{{1,3}}(?:{_THOUSANDS_SPACE}\d{{3}})+(?![\d:]|[.,]\d))
  | (?P<dotted>(?<![\d.,])\d{{1,3}}(?:\.\d{{3}})+(?![\d.]|,\d))
  | (?P<plain>(?<![\d.,])(?:\d+(?:\.\d+)?|\.\d+)(?!\.\d))
  | (?P<fracword>(?i:\b(?:a|an|{_NUM_WORD})[\s-]+(?:halves|thirds?|quarters?|fourths?|fifths?|sixths?|
        sevenths?|eighths?|ninths?|tenths?)\b))
  | (?P<fold>(?i:\b(?:{_NUM_WORD}|\d+)-?fold\b))
  | (?P<vague>(?i:\b(?:(?:several|a\s+few)\s+(?:hundred|thousand|million|billion)(?!\w)
      | (?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)\b
      | dozens\b | scores(?=\s+of\b) | hundreds\b | thousands\b | millions\b | billions\b)))
  | (?P<words>(?i:(?:\b(?:a|an)\s+{_SCALE_AHEAD})?(?:\bhalf\s+(?:a\s+|an\s+)?{_SCALE_AHEAD})?
        \b{_NUM_OR_SCALE_WORD}(?:(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|[ \t-]+)
        {_NUM_OR_SCALE_WORD}\b)*\b))
  | (?P<half>(?i:\bhalf\b(?=\s+(?:of|the|a|an|its|their|his|her|our|all)\b)))
  | (?P<ordword>(?i:\b(?:{_ORDINAL_WORDS})\b))
    )
    """,
    re.VERBOSE,
)

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
_PERCENT_AFTER = re.compile(
    r"\s?%|\s?(?i:percentage\s+points?|percent|per\s?cent|pct)\b|pc\b"
)
_CURRENCY_WORD_AFTER = re.compile(
    r"\s(?i:(?:"
    + "|".join(re.escape(k) for k in sorted(_CURRENCY_WORDS, key=len, reverse=True))
    + r")(?:s|es)?)\b"
)
_POUNDS_AFTER = re.compile(r"\s(?i:pounds?)(?:\s(?i:sterling))?\b")
_CURRENCY_CODE_AFTER = re.compile(rf"\s?(?:{_ISO_CODES})\b|\s(?i:usd|eur|gbp|rmb|btc)\b")
_CURRENCY_SIGN_AFTER = re.compile(r"\s?[€$£¥₹₽֏₾元₺₩₪]")
_CURRENCY_BEFORE = re.compile(
    r"""(?:
        \b(?i:u\.?s\.?|usd|au|aud|nz|nzd|hk|c|ca|cad|mex|mxn)\s?\$
      | (?<![A-Za-z])[SAR]\s?\$
      | \$\s?(?:US|AU|NZ|HK|A|C)
      | [$€£¥₹₽֏₿元₾₺₩₪]
      | (?<![A-Za-z])(?:""" + _ISO_CODES + r"""|RM|Rs\.?|NIS)
      | \b(?i:usd|eur|gbp|rmb|dollars?)\s
    )\s?\Z""",
    re.VERBOSE,
)
_SIGN_BEFORE = re.compile(r"(?:(?<=[\s(\[:;=/$€£¥₹₽])|^)(?P<sign>[-−+])\Z")
_MINUS_WORD_BEFORE = re.compile(r"(?<![\w])(?i:minus)[\s-]\Z")
_QUALIFIER_BEFORE = re.compile(
    r"""(?<![\w])(?i:
        (?P<more_than>more\s+than|over\s+than|well\s+over|just\s+over|over|above|in\s+excess\s+of
            |upwards?\s+of|greater\s+than|exceeding|north\s+of)
      | (?P<at_least>at\s+least|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than
            |a\s+minimum\s+of|minimum\s+of)
      | (?P<up_to>up\s+to|as\s+(?:many|much)\s+as|at\s+most|no\s+more\s+than|not\s+more\s+than
            |a\s+maximum\s+of|maximum\s+of)
      | (?P<nearly>nearly|almost|close\s+to|just\s+(?:under|below|shy\s+of|short\s+of))
      | (?P<less_than>less\s+than|fewer\s+than|under|below|lower\s+than)
      | (?P<about>about|around|approximately|approx\.?|roughly|some|an\s+estimated|estimated
            |circa|ca\.)
    )\s+\Z
    | (?P<sym_more_than>>)\s?\Z | (?P<sym_at_least>≥|>=)\s?\Z | (?P<sym_up_to>≤|<=)\s?\Z
    | (?P<sym_less_than>(?<![\w])(?i:sub)-|<)\s?\Z | (?P<sym_about>~|≈)\s?\Z
    """,
    re.VERBOSE,
)
_STRONG_UP = (
    r"rose|ris(?:e|es|en|ing)|increas(?:e|ed|es|ing)|jump(?:ed|s|ing)?|climb(?:ed|s|ing)?"
    r"|advanc(?:e|ed|es|ing)|surg(?:e|ed|es|ing)|soar(?:ed|s|ing)?|rall(?:y|ied|ies|ying)"
    r"|edged\s+up|inch(?:ed|es)\s+up|spik(?:ed|es)|rebound(?:ed|s)?|higher\s+by"
)
_STRONG_DOWN = (
    r"fell|f[ae]ll(?:s|en|ing)|drop(?:ped|s|ping)?|declin(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)"
    r"|slid(?:e|es|ing)?|slip(?:ped|s|ping)?|plung(?:e|ed|es|ing)|plummet(?:ed|s|ing)?"
    r"|tumbl(?:e|ed|es|ing)|eas(?:ed|es|ing)|sank|s[iu]nk(?:s|ing)?|dipp(?:ed|ing)|dips?"
    r"|slump(?:ed|s)?|shr[iau]nk(?:s|ing)?|edged\s+down|lower\s+by|retreat(?:ed|s)"
    r"|skid(?:ded|s)?|tank(?:ed|s)"
)
_WEAK_UP = r"up|gain(?:ed|s|ing)?|added|adds|gr[eo]w(?:s|n|ing)?|grew|boost(?:ed|s)?"
_WEAK_DOWN = r"down|lost|los(?:e|es|ing)|cut|shed"
_CHANGE_BEFORE = re.compile(
    rf"""(?<![\w])(?i:
        (?P<up>{_STRONG_UP})|(?P<down>{_STRONG_DOWN})|(?P<weak_up>{_WEAK_UP})|(?P<weak_down>{_WEAK_DOWN})
    )(?P<by>\s+by)?
    (?:\s+(?i:just|only|a\s+further|another|sharply|slightly|marginally))?\s+\Z""",
    re.VERBOSE,
)
_VERB_THEN_BY = re.compile(
    rf"""(?<![\w])(?i:(?P<up>{_STRONG_UP}|{_WEAK_UP})|(?P<down>{_STRONG_DOWN}|{_WEAK_DOWN}))
    (?:\s+[\w'’-]+){{1,3}}\s+(?i:by)\s+\Z""",
    re.VERBOSE,
)
_BARE_BY_BEFORE = re.compile(r"(?<![\w])(?i:by)\s+\Z")
_POINTS_AFTER = re.compile(
    r"\s?(?i:points?|pts|basis\s+points?|bps|cents?|pence|sen)\b|\s?p\b"
)
_RESTATED_AFTER_OR = re.compile(r"\s*(?:[A-Za-z]+\s*)?,?\s*or\s+(?i:about\s+|nearly\s+)?")
_RESTATED_IN_BRACKETS = re.compile(r"[^()\d]{0,24}\(\s*|\s*[A-Za-z]{0,12}\s*/\s*")
_RANGE_JOIN = re.compile(
    r"""(?P<unit>\s?(?!(?:to|and)\b)[A-Za-z][\w/.]*(?:\s(?!(?:to|and)\b)[A-Za-z][\w/.]*){0,2})?
    (?:\s*[-–—]\s*|\s*-to-\s*|\s+(?P<word>to|and)(?:\s+|-))""",
    re.VERBOSE,
)
_NAME_THEN_BRACKET = re.compile(r"[A-Z][\w'’-]* \(\Z")
_PLURAL_OF_A_NAME = re.compile(r"(?:s|es|ers)\b")
_HYPHEN_JOIN = re.compile(r"[A-Za-z]{0,12}\s*[-–—]\s*")
_BETWEEN_BEFORE = re.compile(r"(?<![\w])(?P<word>(?i:between|from))\s+\Z")
_CAPITALISED_WORD_BEFORE = re.compile(r"(?<![\w&/.'’-])(?P<word>[\w&/.'’-]*[A-Z][\w&/.'’-]*) \Z")
_ADDRESS_AFTER = re.compile(
    r"(?:\s*[-–]\s*\d+)?(?:\s+[A-Z0-9][\w.]*){0,3}\s+(?:Road|Rd|Street|St|Avenue|Ave|Way|Lane|Drive|Boulevard"
    r"|Blvd|Place|Court|Square|Terrace)\b"
)
_YEAR_CONTEXT_BEFORE = re.compile(
    r"(?<![\w])(?i:in|since|until|till|by|before|after|during|circa|between|A\.?D\.?|B\.?C\.?)\s\Z"
)
_YEAR_LIST_JOIN = re.compile(r"\s*[-–,]\s*|\s+(?:and|or|to)\s+")
_YEAR_SUFFIX = re.compile(r"s\b|['’′]s\b")
_CODE_LETTERS_AFTER = re.compile(r"(?![A-Za-z]{1,2}[23]\b)[A-Za-z]+\d")
_FIRST_NUMBER = re.compile(rf"(?P<plain>[0-9]+)|(?P<words>(?i:{_NUM_WORD}))")
_MONTH_WORD = re.compile(_MONTH)
_OF_OR_SCALE_AHEAD = re.compile(r"\s+(?i:of|million|billion|thousand|trillion)\b")
_WORD_BEFORE = re.compile(r"(?P<word>[A-Za-z]+)\s+\Z")
_DETERMINER_AND_WORD_BEFORE = re.compile(r"(?<![\w])(?P<word>[A-Za-z]+)\s+[A-Za-z]+\s+\Z")
_DETERMINERS_OF_ONE = frozenset(
    "the this that each every any no which same last only another one such what".split()
)
_NOT_ONE_AFTER = re.compile(r"\s+another\b|-(?:off|on-one)\b|['’]s\b")
_HALF_BLOCKERS = frozenset("first second this that the each one".split())
_SECOND_DETERMINERS = frozenset("the its his her their our my your".split())
_LABEL_STOPWORDS = frozenset(
    """a an the and or of in on at by for from to with since until after before between over
    under above below about around some nearly almost roughly approximately estimated just
    only top total all another each every these those its their his her our my your than
    least more less fewer up down plus minus no not per i we they he she it you who while
    when as if but so than then there here what which where why how was were is are be has
    have had will would may might can could should did do does also just even still""".split()
)

_QUALIFIER_SYMBOL_GROUPS = {
    "sym_more_than": Qualifier.more_than, "sym_at_least": Qualifier.at_least,
    "sym_up_to": Qualifier.up_to, "sym_less_than": Qualifier.less_than,
    "sym_about": Qualifier.about,
}


# ---------------------------------------------------------------------------------------
# The mention being built
# ---------------------------------------------------------------------------------------


@dataclass
class _Mention:
    """A number phrase while it is being read; becomes a QuantitySpan at the end."""

    start: int
    end: int
    kind: str
    value: float
    bare: bool = False
    scale: float = 1.0
    raw: float | None = None
    unit: str | None = None
    qualifier: Qualifier = Qualifier.exact
    change: Change | None = None
    low: float | None = None
    high: float | None = None
    vague: Bounds | None = None
    weak_change: Change | None = None
    by_before: bool = False
    tags: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------------------------
# Reading the cores
# ---------------------------------------------------------------------------------------


def _dotted_value(digits: str, text: str, end: int) -> float:
    """Read "300.000" as 300000, except when the dot has a decimal sense (see module doc)."""
    groups = digits.split(".")
    after = text[end : end + 12]
    decimal_sense = len(groups) == 2 and (
        groups[0] == "0" or _PERCENT_AFTER.match(after) or _SCALE_AFTER.match(after)
    )
    return float(digits) if decimal_sense else float(digits.replace(".", ""))


def _sci_value(text: str) -> float:
    """Read "2.998×10−8", "1.2 x 10^5" or "1E-3"."""
    flat = text.translate(_SUPERSCRIPTS).replace(" ", "")
    parts = re.split(r"[×xX]", flat, maxsplit=1)
    if len(parts) == 1:
        return float(flat)
    mantissa, power = parts
    return float(mantissa) * 10.0 ** int(power.removeprefix("10").lstrip("^"))


def _fraction_value(text: str) -> float | None:
    """Read "1/16" or "7 3/4"; None when it is not a proper fraction (e.g. "24/7")."""
    parts = re.split(r"\s+", text.replace("⁄", "/").replace(" /", "/").replace("/ ", "/"))
    whole = float(parts[0]) if len(parts) == 2 else 0.0
    numerator, denominator = (float(p) for p in parts[-1].split("/"))
    if denominator == 0 or numerator >= denominator:
        return None
    return whole + numerator / denominator


def _vulgar_value(text: str) -> float:
    """Read "½" or "1½"."""
    whole = text[:-1].strip()
    return (float(whole) if whole else 0.0) + _VULGAR_FRACTIONS[text[-1]]


def _small_number(word: str) -> float | None:
    """Read one number word or a short digit string."""
    word = word.lower()
    if word.isdigit():
        return float(word)
    for table in (_UNIT_WORDS, _TEEN_WORDS, _TENS_WORDS):
        if word in table:
            return float(table[word])
    return None


def _ratio_value(text: str) -> float | None:
    """Read "one in three" / "2 out of 5" as a fraction; None unless the first is smaller."""
    first, *_, last = text.split()
    numerator, denominator = _small_number(first), _small_number(last)
    if numerator is None or not denominator or numerator >= denominator:
        return None
    return numerator / denominator


def _fraction_word_value(text: str, after: str) -> float | None:
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


def _fold_value(text: str) -> float | None:
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
    if word in _SCALE_WORDS:
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
            scale = _SCALE_WORDS[word]
            total, current = total + (current or 1.0) * scale, 0.0
        last, used = kind, token.end()
    if last in (None, "a", "half"):
        return None
    return (total + current) * factor, scale, used


def _one_is_a_pronoun(text: str, start: int, end: int) -> bool:
    """'the one', 'each one', 'one another', "one's": the word one that counts nothing."""
    window = (text, max(0, start - 30), start)
    for pattern in (_WORD_BEFORE, _DETERMINER_AND_WORD_BEFORE):
        before = pattern.search(*window)
        if before and before.group("word").lower() in _DETERMINERS_OF_ONE:
            return True
    return bool(_NOT_ONE_AFTER.match(text, end))


def _core_mention(match: re.Match[str], text: str) -> _Mention | None:
    """Turn one scanner match into a mention (before its context is read), or None."""
    group = match.lastgroup or ""
    start, end, core = match.start(), match.end(), match.group()
    if group in ("date", "time"):
        first = re.search(r"[0-9]+", core)
        return _Mention(start, end, group, float(first.group()) if first else 0.0)
    if group == "ordinal":
        return _Mention(start, end, "ordinal", float(core[:-2]))
    if group == "ordword":
        return _ordinal_word_mention(text, start, end, core)
    if group == "words":
        return _words_mention(start, core)
    if group == "vague":
        bounds = _vague_bounds(core)
        return _Mention(start, end, "cardinal", bounds.low, vague=bounds)
    value = _CORE_READERS[group](core, text, end)
    if value is None:
        return _unreadable_core(group, match, text)
    mention = _Mention(start, end, "cardinal", value, raw=value)
    if group == "plain" and "." not in core:
        mention.bare = True
        mention.tags.add("int")
    return mention


def _unreadable_core(group: str, match: re.Match[str], text: str) -> _Mention | None:
    """'24/7' is a label, not a fraction; '5 in 5' still holds its first number."""
    if group == "frac":
        return _Mention(match.start(), match.end(), "other", float(re.match(r"[0-9]+", match.group()).group()))
    if group == "ratio":
        first = _FIRST_NUMBER.match(text, match.start())
        return _core_mention(first, text) if first else None
    return None


def _words_mention(start: int, core: str) -> _Mention | None:
    """A mention read from number words ("twenty-five", "a hundred thousand")."""
    read = _words_value(core)
    if read is None:
        return None
    value, scale, used = read
    mention = _Mention(start, start + used, "cardinal", value, raw=value / scale, scale=scale)
    mention.tags.add("word")
    if core[:used].lower() == "one":
        mention.tags.add("one")
    return mention


def _ordinal_word_mention(text: str, start: int, end: int, word: str) -> _Mention | None:
    """An ordinal word; "second" counts only after a determiner (it is also a unit of time)."""
    if word.lower() == "second":
        before = _WORD_BEFORE.search(text, max(0, start - 20), start)
        if not before or before.group("word").lower() not in _SECOND_DETERMINERS:
            return None
    return _Mention(start, end, "ordinal", float(_ORDINAL_VALUES[word.lower()]))


def _vague_bounds(phrase: str) -> Bounds:
    """The bounds of a vague phrase ("tens of thousands", "several hundred")."""
    words = phrase.lower().split()
    if words[0] in ("several", "a"):
        return VAGUE_BOUNDS[words[-1] + "s"]
    return VAGUE_BOUNDS[" ".join(words)]


_CORE_READERS = {
    "sci": lambda core, text, end: _sci_value(core),
    "vulgar": lambda core, text, end: _vulgar_value(core),
    "mixed": lambda core, text, end: _fraction_value(core),
    "frac": lambda core, text, end: _fraction_value(core),
    "indian": lambda core, text, end: float(core.replace(",", "")),
    "comma": lambda core, text, end: float(core.replace(",", "")),
    "spaced": lambda core, text, end: float(re.sub(r"[^0-9]", "", core)),
    "dotted": _dotted_value,
    "plain": lambda core, text, end: float(core),
    "ratio": lambda core, text, end: _ratio_value(core),
    "fracword": lambda core, text, end: _fraction_word_value(core, text[end : end + 12]),
    "fold": lambda core, text, end: _fold_value(core),
    "half": lambda core, text, end: 0.5,
}


# ---------------------------------------------------------------------------------------
# Reading the context of a core: right (scale, percent, currency), then left
# ---------------------------------------------------------------------------------------


def _read_scale(mention: _Mention, text: str, has_currency: bool) -> None:
    """Extend over a scale word or suffix ("million", "bn", "m") and multiply."""
    match = _SCALE_AFTER.match(text, mention.end)
    if not match or mention.vague:
        return
    written = match.group().strip(" \u00a0-").lower()
    if match.lastgroup == "word":
        factor = math.prod(
            100.0 if w == "hundred" else _SCALE_WORDS[w] for w in re.split(r"[ -]", written)
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


def _read_unit_after(mention: _Mention, text: str) -> None:
    """Extend over a percent sign/word or a currency written after the number."""
    end = mention.end
    if match := _PERCENT_AFTER.match(text, end):
        mention.kind, mention.unit, mention.end = "percent", "%", match.end()
    elif match := _CURRENCY_SIGN_AFTER.match(text, end):
        mention.kind, mention.end = "money", match.end()
        mention.unit = _CURRENCY_SYMBOLS.get(match.group().strip(), "USD")
    elif match := _CURRENCY_CODE_AFTER.match(text, end):
        mention.kind, mention.end = "money", match.end()
        mention.unit = _iso_code(match.group().strip())
    elif match := _CURRENCY_WORD_AFTER.match(text, end):
        mention.kind, mention.end = "money", match.end()
        mention.unit = _currency_word_code(match.group().strip())
    elif (match := _POUNDS_AFTER.match(text, end)) and (
        mention.scale > 1 or "sterling" in match.group().lower()
    ):
        mention.kind, mention.unit, mention.end = "money", "GBP", match.end()
    else:
        return
    mention.bare = False


def _iso_code(code: str) -> str:
    code = code.upper()
    return "CNY" if code == "RMB" else code


def _currency_word_code(words: str) -> str:
    """ISO code of a currency name as written ("Australian dollars" -> AUD)."""
    key = re.sub(r"\s+", " ", words.lower())
    for candidate in (key, key.removesuffix("es"), key.removesuffix("s")):
        if candidate in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[candidate]
    return "USD"


def _read_prefix(mention: _Mention, text: str, floor: int) -> bool:
    """Extend left over sign, currency, qualifier and change; False if the number is a code."""
    start = mention.start
    signed = mention.vague is None and "word" not in mention.tags
    if signed and (sign := _SIGN_BEFORE.search(text, max(floor, start - 1), start)):
        start = _apply_sign(mention, sign.group("sign"), sign.start())
    if currency := _CURRENCY_BEFORE.search(text, max(floor, start - 6), start):
        mention.kind = "money"
        mention.unit = _currency_prefix_code(currency.group())
        mention.bare = False
        start = currency.start()
        if signed and (sign := _SIGN_BEFORE.search(text, max(floor, start - 1), start)):
            start = _apply_sign(mention, sign.group("sign"), sign.start())
    else:
        start = _start_after_letters(mention, text, start, floor)
        if start is None:
            return False
    if mention.vague is None and (minus := _MINUS_WORD_BEFORE.search(text, max(floor, start - 6), start)):
        start = _apply_sign(mention, "-", minus.start())
    mention.start = _read_qualifier(mention, text, floor, start)
    _read_change(mention, text, floor, mention.start)
    return True


def _apply_sign(mention: _Mention, sign: str, sign_start: int) -> int:
    if sign in "-−":
        mention.value = -mention.value
        mention.raw = -(mention.raw or 0.0)
        mention.tags.add("minus")
    else:
        mention.tags.add("plus")
    mention.bare = False
    return sign_start


def _currency_prefix_code(written: str) -> str:
    """ISO code of a currency written before the number ("US$", "€", "RM", "USD")."""
    key = re.sub(r"\s+", "", written).lower()
    if key in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[key]
    return _iso_code(key)


def _start_after_letters(mention: _Mention, text: str, start: int, floor: int = 0) -> int | None:
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


def _reads_as_amount(mention: _Mention) -> bool:
    """Codes never carry a thousands separator or a scale suffix; amounts may."""
    return mention.scale > 1 or (mention.raw is not None and not mention.bare and mention.raw >= 1000)


def _read_qualifier(mention: _Mention, text: str, floor: int, start: int) -> int:
    """Extend left over a hedge ("more than", "about", "~", "sub-"); returns the new start."""
    match = _QUALIFIER_BEFORE.search(text, max(floor, start - 24), start)
    if not match:
        return start
    name = match.lastgroup
    mention.qualifier = _QUALIFIER_SYMBOL_GROUPS.get(name) or Qualifier(name)
    mention.bare = False
    return match.start()


def _read_change(mention: _Mention, text: str, floor: int, start: int) -> None:
    """Read a change verb right before the phrase ("rose 3%", "fell by $2 billion")."""
    match = _CHANGE_BEFORE.search(text, max(floor, start - 40), start)
    if not match:
        _read_change_before_by(mention, text, floor, start)
        return
    direction = Change.up if match.group("up") or match.group("weak_up") else Change.down
    mention.by_before = bool(match.group("by"))
    if match.group("up") or match.group("down"):
        mention.change = direction
    else:
        mention.weak_change = direction


def _read_change_before_by(mention: _Mention, text: str, floor: int, start: int) -> None:
    """'grow sales by 35%': a change verb a few words before 'by'."""
    if not _BARE_BY_BEFORE.search(text, max(floor, start - 4), start):
        return
    mention.by_before = True
    if match := _VERB_THEN_BY.search(text, max(floor, start - 60), start):
        mention.change = Change.up if match.group("up") else Change.down


# ---------------------------------------------------------------------------------------
# Rules over the whole list of mentions
# ---------------------------------------------------------------------------------------


def _settle_weak_changes(mentions: list[_Mention], text: str) -> None:
    """'up', 'lost', 'gained' mark a change only for percentages, money, points or after 'by'."""
    for mention in mentions:
        if mention.weak_change and (
            mention.kind in ("percent", "money")
            or mention.by_before
            or _POINTS_AFTER.match(text, mention.end)
        ):
            mention.change = mention.weak_change
        if mention.change is None and mention.kind == "percent" and mention.tags & {"plus", "minus"}:
            mention.change = Change.up if "plus" in mention.tags else Change.down
            mention.tags.add("sign_change")


def _inherit_changes(mentions: list[_Mention], text: str) -> None:
    """A restatement carries the hedge and change on: 'lost 85 points, or 0.4%',
    'more than 250 kilometres (155 miles)', 'bread fell 2%, rice by 3%'."""
    for previous, mention in zip(mentions, mentions[1:]):
        if mention.kind not in NUMERIC_KINDS or previous.kind not in NUMERIC_KINDS:
            continue
        if mention.change or previous.vague:
            continue
        between = (text, previous.end, mention.start)
        if _RESTATED_IN_BRACKETS.fullmatch(*between):
            mention.change = previous.change
            if mention.qualifier is Qualifier.exact:
                mention.qualifier = _restated_qualifier(previous)
        elif mention.qualifier is Qualifier.exact and _RESTATED_AFTER_OR.fullmatch(*between) or (
            mention.by_before and "." not in text[previous.end : mention.start]
        ):
            mention.change = previous.change


def _restated_qualifier(previous: _Mention) -> Qualifier:
    return Qualifier.exact if previous.qualifier is Qualifier.range else previous.qualifier


def _is_year(mention: _Mention, text: str, after_year: bool) -> bool:
    """A bare 4-digit number read as a year (see module doc)."""
    if not (mention.bare and mention.kind == "cardinal" and mention.end - mention.start == 4):
        return False
    if not 1000 <= mention.value <= 2199:
        return False
    if 1800 <= mention.value < 2100:
        return True
    return after_year or bool(
        _YEAR_CONTEXT_BEFORE.search(text, max(0, mention.start - 10), mention.start)
    )


def _mark_years(mentions: list[_Mention], text: str) -> None:
    """Mark years ("1990s"/"1980's" extend over their suffix); 'A.D. 1100 and 1350' are both."""
    previous: _Mention | None = None
    for mention in mentions:
        after_year = bool(
            previous
            and previous.kind == "year"
            and _YEAR_LIST_JOIN.fullmatch(text, previous.end, mention.start)
        )
        if _is_year(mention, text, after_year):
            mention.kind = "year"
            if suffix := _YEAR_SUFFIX.match(text, mention.end):
                mention.end = suffix.end()
        previous = mention


def _is_label(mention: _Mention, text: str) -> bool:
    """'Game 5', 'S&P 500', 'Apollo 11', 'Channel Four': a small number naming something."""
    if mention.kind != "cardinal" or mention.scale > 1 or mention.qualifier is not Qualifier.exact:
        return False
    if "int" in mention.tags:
        glued = text[mention.end : mention.end + 1].isalpha()
        if abs(mention.value) >= 10000 or (glued and not _PLURAL_OF_A_NAME.match(text, mention.end)):
            return False
        if text[mention.end : mention.end + 1] == ")" and _NAME_THEN_BRACKET.search(
            text, max(0, mention.start - 30), mention.start
        ):
            return True
    elif not ("word" in mention.tags and text[mention.start].isupper()):
        return False
    before = _CAPITALISED_WORD_BEFORE.search(text, max(0, mention.start - 30), mention.start)
    if not before:
        return False
    word = before.group("word")
    if word.lower() in _LABEL_STOPWORDS or re.search(r"['’]s\Z", word):
        return False
    return not _MONTH_WORD.fullmatch(word)


def _is_address(mention: _Mention, text: str) -> bool:
    return mention.bare and bool(_ADDRESS_AFTER.match(text, mention.end))


def _mark_labels(mentions: list[_Mention], text: str) -> None:
    for mention in mentions:
        if _is_label(mention, text) or _is_address(mention, text):
            mention.kind = "other"


# ---------------------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------------------


def _can_join(first: _Mention, second: _Mention) -> bool:
    """Both ends state amounts in the same unit; neither is already a range, vague or hedged."""
    for mention in (first, second):
        if mention.kind not in NUMERIC_KINDS or mention.vague or "range" in mention.tags:
            return False
    if second.qualifier is not Qualifier.exact or (second.change and "sign_change" not in second.tags):
        return False
    return first.unit is None or first.unit == second.unit


def _unit_repeated(unit: str, text: str, end: int) -> bool:
    """Whether the unit word written after the lower end is written again after the upper."""
    start = end + (text[end : end + 1] == " ")
    after = start + len(unit)
    return text.startswith(unit, start) and not text[after : after + 1].isalnum()


def _joined_as_range(first: _Mention, second: _Mention, text: str) -> _Mention | None:
    """Merge "400 to 700", "between 400 and 700", "3 to 5 million" into one range mention."""
    if not _can_join(first, second):
        return None
    join = _RANGE_JOIN.fullmatch(text, first.end, second.start)
    if not join:
        return None
    word, unit = join.group("word"), (join.group("unit") or "").strip()
    opener = _BETWEEN_BEFORE.search(text, max(0, first.start - 9), first.start)
    opener_word = opener.group("word").lower() if opener else ""
    if word == "and" and opener_word != "between":
        return None
    if unit and not _unit_repeated(unit, text, second.end) and (word != "to" or opener_word != "from"):
        return None
    if first.qualifier not in (Qualifier.exact, Qualifier.about):
        return None
    if first.change and (first.unit != second.unit or first.scale > 1):
        return None
    low, high = _range_ends(first, second)
    if word is None and low >= high and first.bare and second.bare:
        return _Mention(first.start, second.end, "other", first.value, tags={"score"})
    return _range_mention(first, second, opener.start() if opener else first.start, low, high)


def _range_ends(first: _Mention, second: _Mention) -> tuple[float, float]:
    """The two ends; a scale written only on the upper end applies to the lower one too."""
    low = first.value
    if second.scale > 1 and first.scale == 1 and first.raw is not None and second.raw is not None:
        if abs(first.raw) < abs(second.raw):
            low = first.raw * second.scale
    return low, second.value


def _range_mention(first: _Mention, second: _Mention, start: int, a: float, b: float) -> _Mention:
    low, high = min(a, b), max(a, b)
    mention = _Mention(start, second.end, second.kind, (low + high) / 2, unit=second.unit)
    mention.qualifier, mention.low, mention.high = Qualifier.range, low, high
    mention.change = first.change
    mention.tags.add("range")
    if first.kind == "year" or second.kind == "year":
        mention.kind = "year"
    return mention


def _join_ranges(mentions: list[_Mention], text: str) -> list[_Mention]:
    """Merge neighbouring mentions that form ranges, hyphenated ones first."""
    for hyphen_pass in (True, False):
        joined: list[_Mention] = []
        for mention in mentions:
            previous = joined[-1] if joined else None
            if previous and hyphen_pass == bool(_HYPHEN_JOIN.fullmatch(text, previous.end, mention.start)):
                merged = _joined_as_range(previous, mention, text) or _continued_label(previous, mention, text)
                if merged:
                    joined[-1] = merged
                    continue
            joined.append(mention)
        mentions = joined
    return mentions


def _continued_label(previous: _Mention, mention: _Mention, text: str) -> _Mention | None:
    """'ISO 9001-4', 'Leeds 3-1': a number hyphenated to a label belongs to it."""
    if previous.kind != "other" or "int" not in mention.tags:
        return None
    if not re.fullmatch(r"[-–]", text[previous.end : mention.start]):
        return None
    return replace(previous, end=mention.end)


def _year_range(first: _Mention, second: _Mention, text: str) -> _Mention | None:
    """'2014-15', '1990-1995', 'between 1600 and 1900': a span of years."""
    if first.kind != "year" or not second.bare:
        return None
    between = text[first.end : second.start]
    if re.fullmatch(r"[-–]", between) and second.end - second.start == 2:
        return _Mention(first.start, second.end, "year", first.value)
    opener = _BETWEEN_BEFORE.search(text, max(0, first.start - 9), first.start)
    joins = r"\s*[-–]\s*|\s+(?:to|and)\s+" if opener else r"\s*[-–]\s*|\s+to\s+"
    if second.kind == "year" and re.fullmatch(joins, between):
        return _Mention(opener.start() if opener else first.start, second.end, "year", first.value)
    return None


def _join_year_ranges(mentions: list[_Mention], text: str) -> list[_Mention]:
    """Merge spans of years; a year-like number ranged with a plain count is a count."""
    joined: list[_Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if previous and previous.kind == "cardinal" and previous.bare and mention.kind == "year":
            if re.fullmatch(r"\s*[-–]\s*|\s+to\s+", text[previous.end : mention.start]):
                mention.kind = "cardinal"
        merged = _year_range(previous, mention, text) if previous else None
        if merged:
            joined[-1] = merged
        else:
            joined.append(mention)
    return joined


# ---------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------


def _scan(text: str) -> list[_Mention]:
    """Every number phrase of the text, with its context read, before the list-wide rules."""
    mentions: list[_Mention] = []
    floor = 0
    for match in _MENTION.finditer(text):
        if match.start() < floor:
            continue
        mention = _read_mention(match, text, floor)
        if mention is None:
            continue
        mentions.append(mention)
        floor = mention.end
    return mentions


def _read_mention(match: re.Match[str], text: str, floor: int) -> _Mention | None:
    """Read one scanner match with its context; None when it is not a numeric mention."""
    try:
        mention = _core_mention(match, text)
        if mention is None or mention.kind in ("date", "time", "ordinal", "other"):
            return mention
        return _read_context(mention, text, floor, match.lastgroup or "")
    except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError):
        return None


def _read_context(mention: _Mention, text: str, floor: int, group: str) -> _Mention | None:
    """Read scale, unit, sign, currency, qualifier and change around a core."""
    if "one" in mention.tags and _one_is_a_pronoun(text, mention.start, mention.end):
        return None
    if group == "half" and _half_is_not_a_share(text, mention.start):
        return None
    if _CODE_LETTERS_AFTER.match(text, mention.end):
        return None
    has_currency = bool(_CURRENCY_BEFORE.search(text, max(floor, mention.start - 6), mention.start))
    _read_scale(mention, text, has_currency)
    _read_unit_after(mention, text)
    return mention if _read_prefix(mention, text, floor) else None


def _half_is_not_a_share(text: str, start: int) -> bool:
    """'the second half', 'this half': a part of a match or a year, not the share 0.5."""
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(before) and before.group("word").lower() in _HALF_BLOCKERS


def _bounds(mention: _Mention, about_margin: float) -> tuple[float | None, float | None]:
    """Bounds of a mention from its qualifier (see module doc)."""
    value, qualifier = mention.value, mention.qualifier
    if qualifier is Qualifier.range:
        return mention.low, mention.high
    if mention.vague:
        return mention.vague.low, mention.vague.high
    if qualifier is Qualifier.exact:
        return value, value
    if qualifier is Qualifier.about:
        ends = (value * (1 - about_margin), value * (1 + about_margin))
        return min(ends), max(ends)
    if qualifier in (Qualifier.more_than, Qualifier.at_least):
        return value, None
    return None, value


def _to_span(mention: _Mention, text: str, about_margin: float) -> QuantitySpan | None:
    if not math.isfinite(mention.value):
        return None
    low, high = _bounds(mention, about_margin)
    qualifier = Qualifier.vague if mention.vague else mention.qualifier
    if mention.vague and mention.qualifier is not Qualifier.exact:
        qualifier = mention.qualifier
        low, high = _bounds(replace(mention, vague=None), about_margin)
    quantity = Quantity(
        value=mention.value, low=low, high=high, qualifier=qualifier, unit=mention.unit,
        text=text[mention.start : mention.end], change=mention.change,
    )
    kind: NumberKind = mention.kind  # type: ignore[assignment]
    return QuantitySpan(start=mention.start, end=mention.end, kind=kind, quantity=quantity)


def find_quantities(text: str, *, about_margin: float = ABOUT_MARGIN) -> list[QuantitySpan]:
    """Every numeric mention of the text: non-overlapping, sorted, with exact offsets."""
    if not isinstance(text, str) or not text:
        return []
    mentions = _scan(text)
    _settle_weak_changes(mentions, text)
    _mark_years(mentions, text)
    _mark_labels(mentions, text)
    mentions = _join_year_ranges(mentions, text)
    mentions = _join_ranges(mentions, text)
    _inherit_changes(mentions, text)
    spans = (_to_span(mention, text, about_margin) for mention in mentions)
    return [span for span in spans if span is not None]


def parse_quantity(text: str, *, about_margin: float = ABOUT_MARGIN) -> Quantity | None:
    """Read ONE number phrase ("more than 50,000", "$11.5 million"); None if it is not one."""
    if not isinstance(text, str):
        return None
    spans = find_quantities(text, about_margin=about_margin)
    if len(spans) != 1 or spans[0].kind not in NUMERIC_KINDS | {"year", "ordinal"}:
        return None
    return spans[0].quantity


def vague_base(quantity: Quantity) -> float | None:
    """The base a vague quantity counts in ("tens of thousands" -> 10,000), else None."""
    if quantity.qualifier is not Qualifier.vague or quantity.low is None:
        return None
    return quantity.low / 2


class WrittenRange(NamedTuple):
    """A range as the text writes it: first end, second end, and the hedge on the first end."""

    first: float
    second: float
    hedge: Qualifier


def written_range(quantity: Quantity) -> WrittenRange | None:
    """The ends of a range in the order the text writes them, and its hedge; else None.

    ``low``/``high`` are always ordered, so a falling range ("from 4.2 to 3.9") reads
    (4.2, 3.9) here. A hedge written before the first end ("about 2,000-2,500", "~25-40")
    applies to the whole range; ``hedge`` is ``exact`` when there is none."""
    if quantity.qualifier is not Qualifier.range or quantity.low is None or quantity.high is None:
        return None
    low, high = quantity.low, quantity.high
    first = next((m for m in _scan(quantity.text) if m.kind in NUMERIC_KINDS), None)
    hedge = first.qualifier if first is not None else Qualifier.exact
    if first is not None and low != high and math.isclose(first.value, high) and not math.isclose(first.value, low):
        return WrittenRange(high, low, hedge)
    return WrittenRange(low, high, hedge)
