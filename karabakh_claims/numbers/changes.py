"""Changes: whether a number states a rise or a fall.

A number right after "rose", "fell", "increased by", "declined" ... is read with
``change`` up/down; "up"/"down", "gained", "lost", "added", "cut" and "shed" only mark
percentages, money, points, cents or a number after "by". A signed percentage
("+0.4%", "-2.1%") is a change too, unless it is the upper end of a range ("-5 to -10
per cent" is a range of negative values), and "X, or Y%" restates the change of X."""

from __future__ import annotations

import re

from karabakh_claims.models import Change, Qualifier
from karabakh_claims.numbers.mention import NUMERIC_KINDS, Mention

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


def read_change(mention: Mention, text: str, floor: int, start: int) -> None:
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


def _read_change_before_by(mention: Mention, text: str, floor: int, start: int) -> None:
    """'grow sales by 35%': a change verb a few words before 'by'."""
    if not _BARE_BY_BEFORE.search(text, max(floor, start - 4), start):
        return
    mention.by_before = True
    if match := _VERB_THEN_BY.search(text, max(floor, start - 60), start):
        mention.change = Change.up if match.group("up") else Change.down


def settle_weak_changes(mentions: list[Mention], text: str) -> None:
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


def inherit_changes(mentions: list[Mention], text: str) -> None:
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


def _restated_qualifier(previous: Mention) -> Qualifier:
    return Qualifier.exact if previous.qualifier is Qualifier.range else previous.qualifier
