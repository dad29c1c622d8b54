"""The finder: puts the number layer together. Two entry points, both pure and total (they
never raise on any ``str``):

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

``written_range`` gives a range's ends in the order written and the hedge on its first end."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import NamedTuple

from karabakh_claims.models import NumberKind, Qualifier, Quantity, QuantitySpan
from karabakh_claims.numbers.ceiling import finite
from karabakh_claims.numbers.changes import inherit_changes, read_change, settle_weak_changes
from karabakh_claims.numbers.currency import CURRENCY_BEFORE, currency_prefix_code, read_unit_after
from karabakh_claims.numbers.labels import mark_labels
from karabakh_claims.numbers.mention import NUMERIC_KINDS, Mention
from karabakh_claims.numbers.numerals import (
    CODE_LETTERS_AFTER,
    MINUS_WORD_BEFORE,
    SIGN_BEFORE,
    apply_sign,
    read_scale,
    start_after_letters,
)
from karabakh_claims.numbers.qualifiers import (
    ABOUT_MARGIN,
    join_ranges,
    mention_bounds,
    read_qualifier,
)
from karabakh_claims.numbers.scanner import MENTION_PATTERN, core_mention
from karabakh_claims.numbers.words import half_is_not_a_share, one_is_a_pronoun
from karabakh_claims.numbers.years import join_year_ranges, mark_years


def _scan(text: str) -> list[Mention]:
    """Every number phrase of the text, with its context read, before the list-wide rules."""
    mentions: list[Mention] = []
    floor = 0
    for match in MENTION_PATTERN.finditer(text):
        if match.start() < floor:
            continue
        mention = _read_mention(match, text, floor)
        if mention is None:
            continue
        mentions.append(mention)
        floor = mention.end
    return mentions


def _read_mention(match: re.Match[str], text: str, floor: int) -> Mention | None:
    """Read one scanner match with its context; None when it is not a numeric mention."""
    try:
        mention = core_mention(match, text)
        if mention is None or mention.kind in ("date", "time", "ordinal", "other"):
            return mention
        return _read_context(mention, text, floor, match.lastgroup or "")
    except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError):
        return None


def _read_context(mention: Mention, text: str, floor: int, group: str) -> Mention | None:
    """Read scale, unit, sign, currency, qualifier and change around a core."""
    if "one" in mention.tags and one_is_a_pronoun(text, mention.start, mention.end):
        return None
    if group == "half" and half_is_not_a_share(text, mention.start):
        return None
    if CODE_LETTERS_AFTER.match(text, mention.end):
        return None
    has_currency = bool(CURRENCY_BEFORE.search(text, max(floor, mention.start - 6), mention.start))
    read_scale(mention, text, has_currency)
    read_unit_after(mention, text)
    return mention if _read_prefix(mention, text, floor) else None


def _read_prefix(mention: Mention, text: str, floor: int) -> bool:
    """Extend left over sign, currency, qualifier and change; False if the number is a code."""
    start = mention.start
    signed = mention.vague is None and "word" not in mention.tags
    if signed and (sign := SIGN_BEFORE.search(text, max(floor, start - 1), start)):
        start = apply_sign(mention, sign.group("sign"), sign.start())
    if currency := CURRENCY_BEFORE.search(text, max(floor, start - 6), start):
        mention.kind = "money"
        mention.unit = currency_prefix_code(currency.group())
        mention.bare = False
        start = currency.start()
        if signed and (sign := SIGN_BEFORE.search(text, max(floor, start - 1), start)):
            start = apply_sign(mention, sign.group("sign"), sign.start())
    else:
        start = start_after_letters(mention, text, start, floor)
        if start is None:
            return False
    if mention.vague is None and (minus := MINUS_WORD_BEFORE.search(text, max(floor, start - 6), start)):
        start = apply_sign(mention, "-", minus.start())
    mention.start = read_qualifier(mention, text, floor, start)
    read_change(mention, text, floor, mention.start)
    return True


def _to_span(mention: Mention, text: str, about_margin: float) -> QuantitySpan | None:
    """The finished span of a mention with its bounds; None when its value is not finite. A bound
    beyond the largest float ("about 1.7976931348623157e308") is the largest float, never infinity."""
    if not math.isfinite(mention.value):
        return None
    low, high = mention_bounds(mention, about_margin)
    qualifier = Qualifier.vague if mention.vague else mention.qualifier
    if mention.vague and mention.qualifier is not Qualifier.exact:
        qualifier = mention.qualifier
        low, high = mention_bounds(replace(mention, vague=None), about_margin)
    if (low is not None and math.isnan(low)) or (high is not None and math.isnan(high)):
        return None
    low = None if low is None else float(finite(low))
    high = None if high is None else float(finite(high))
    # built from values this module read and typed itself: constructed without a second validation
    # (a long table of figures is read per number)
    quantity = Quantity.model_construct(
        value=float(mention.value), low=low, high=high, qualifier=qualifier, unit=mention.unit,
        text=text[mention.start : mention.end], change=mention.change,
    )
    kind: NumberKind = mention.kind  # type: ignore[assignment]
    return QuantitySpan.model_construct(start=mention.start, end=mention.end, kind=kind, quantity=quantity)


def find_quantities(text: str, *, about_margin: float = ABOUT_MARGIN) -> list[QuantitySpan]:
    """Every numeric mention of the text: non-overlapping, sorted, with exact offsets."""
    if not isinstance(text, str) or not text:
        return []
    mentions = _scan(text)
    settle_weak_changes(mentions, text)
    mark_years(mentions, text)
    mark_labels(mentions, text)
    mentions = join_year_ranges(mentions, text)
    mentions = join_ranges(mentions, text)
    inherit_changes(mentions, text)
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
