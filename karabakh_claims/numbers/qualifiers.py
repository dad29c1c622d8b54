"""Qualifiers: hedges ("about", "more than", "~"), ranges and vague amounts, and the bounds they set.

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
"a few", "several", "a couple" and "a pair" alone are not read."""

from __future__ import annotations

import re
from dataclasses import replace

from karabakh_claims.models import Qualifier, Quantity
from karabakh_claims.numbers.mention import NUMERIC_KINDS, Bounds, Mention

ABOUT_MARGIN = 0.1
"""Default relative margin of "about"/"around": bounds are value x (1 -/+ margin)."""


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
_RANGE_JOIN = re.compile(
    r"""(?P<unit>\s?(?!(?:to|and)\b)[A-Za-z][\w/.]*(?:\s(?!(?:to|and)\b)[A-Za-z][\w/.]*){0,2})?
    (?:\s*[-–—]\s*|\s*-to-\s*|\s+(?P<word>to|and)(?:\s+|-))""",
    re.VERBOSE,
)
_HYPHEN_JOIN = re.compile(r"[A-Za-z]{0,12}\s*[-–—]\s*")
BETWEEN_BEFORE = re.compile(r"(?<![\w])(?P<word>(?i:between|from))\s+\Z")
_QUALIFIER_SYMBOL_GROUPS = {
    "sym_more_than": Qualifier.more_than, "sym_at_least": Qualifier.at_least,
    "sym_up_to": Qualifier.up_to, "sym_less_than": Qualifier.less_than,
    "sym_about": Qualifier.about,
}


def vague_bounds(phrase: str) -> Bounds:
    """The bounds of a vague phrase ("tens of thousands", "several hundred")."""
    words = phrase.lower().split()
    if words[0] in ("several", "a"):
        return VAGUE_BOUNDS[words[-1] + "s"]
    return VAGUE_BOUNDS[" ".join(words)]


def read_qualifier(mention: Mention, text: str, floor: int, start: int) -> int:
    """Extend left over a hedge ("more than", "about", "~", "sub-"); returns the new start."""
    match = _QUALIFIER_BEFORE.search(text, max(floor, start - 24), start)
    if not match:
        return start
    name = match.lastgroup
    mention.qualifier = _QUALIFIER_SYMBOL_GROUPS.get(name) or Qualifier(name)
    mention.bare = False
    return match.start()


def _can_join(first: Mention, second: Mention) -> bool:
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


def _joined_as_range(first: Mention, second: Mention, text: str) -> Mention | None:
    """Merge "400 to 700", "between 400 and 700", "3 to 5 million" into one range mention."""
    if not _can_join(first, second):
        return None
    join = _RANGE_JOIN.fullmatch(text, first.end, second.start)
    if not join:
        return None
    word, unit = join.group("word"), (join.group("unit") or "").strip()
    opener = BETWEEN_BEFORE.search(text, max(0, first.start - 9), first.start)
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
        return Mention(first.start, second.end, "other", first.value, tags={"score"})
    return _range_mention(first, second, opener.start() if opener else first.start, low, high)


def _range_ends(first: Mention, second: Mention) -> tuple[float, float]:
    """The two ends; a scale written only on the upper end applies to the lower one too."""
    low = first.value
    if second.scale > 1 and first.scale == 1 and first.raw is not None and second.raw is not None:
        if abs(first.raw) < abs(second.raw):
            low = first.raw * second.scale
    return low, second.value


def _range_mention(first: Mention, second: Mention, start: int, a: float, b: float) -> Mention:
    """The range mention from start to the end of the second, over the ends a and b in any order."""
    low, high = min(a, b), max(a, b)
    mention = Mention(start, second.end, second.kind, (low + high) / 2, unit=second.unit)
    mention.qualifier, mention.low, mention.high = Qualifier.range, low, high
    mention.change = first.change
    mention.tags.add("range")
    if first.kind == "year" or second.kind == "year":
        mention.kind = "year"
    return mention


def join_ranges(mentions: list[Mention], text: str) -> list[Mention]:
    """Merge neighbouring mentions that form ranges, hyphenated ones first."""
    for hyphen_pass in (True, False):
        joined: list[Mention] = []
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


def _continued_label(previous: Mention, mention: Mention, text: str) -> Mention | None:
    """'ISO 9001-4', 'Leeds 3-1': a number hyphenated to a label belongs to it."""
    if previous.kind != "other" or "int" not in mention.tags:
        return None
    if not re.fullmatch(r"[-–]", text[previous.end : mention.start]):
        return None
    return replace(previous, end=mention.end)


def mention_bounds(mention: Mention, about_margin: float) -> tuple[float | None, float | None]:
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


def vague_base(quantity: Quantity) -> float | None:
    """The base a vague quantity counts in ("tens of thousands" -> 10,000), else None."""
    if quantity.qualifier is not Qualifier.vague or quantity.low is None:
        return None
    return quantity.low / 2
