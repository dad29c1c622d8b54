"""Transitions: "rose from 300 to 450", "revised the toll from 1,400 to 1,200" state two figures, the
one before and the one after, not a range of one.

A range written "from X to Y" is read as a transition when it falls (no range is written from its
high end) or when a verb of change or revision stands before it in its sentence ("cut the number of
people killed from 1,400 to 1,200"); each end becomes a mention of its own, `from` and `to`."""

from __future__ import annotations

import re
from typing import Literal

from karabakh_claims.models import Qualifier, QuantitySpan
from karabakh_claims.numbers.changes import _STRONG_DOWN, _STRONG_UP, _WEAK_DOWN, _WEAK_UP

Transition = Literal["from", "to"]

_FROM_TO = re.compile(r"(?i:from)\s+(?P<first>.+?)\s+(?i:to)\s+(?P<second>.+)", re.DOTALL)
_REVISION = r"revis(?:e|ed|es|ing)|lower(?:ed|s|ing)?|rais(?:e|ed|es|ing)|updat(?:e|ed|es|ing)|adjust(?:ed|s|ing)?" \
            r"|correct(?:ed|s|ing)?|reduc(?:e|ed|es|ing)|chang(?:e|ed|es|ing)|went\s+(?:up|down)"
_CHANGE_VERB = re.compile(rf"(?<![\w])(?i:{_STRONG_UP}|{_STRONG_DOWN}|{_WEAK_UP}|{_WEAK_DOWN}|{_REVISION})(?![\w])")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")
WINDOW = 160
"""How far before "from" a verb of change is looked for, within the sentence."""


def split_transition(found: QuantitySpan, text: str, reader) -> list[tuple[QuantitySpan, Transition]] | None:
    """The two ends of a transition written as one range mention, each with its offsets and its role;
    None when `found` is no transition. `reader` reads one number phrase (numbers.parse_quantity)."""
    quantity = found.quantity
    if quantity.qualifier is not Qualifier.range:
        return None
    match = _FROM_TO.fullmatch(text, found.start, found.end)
    if match is None:
        return None
    first, second = reader(match.group("first")), reader(match.group("second"))
    if first is None or second is None:
        return None
    if first.value <= second.value and not _change_before(text, found.start):
        return None
    return [
        (QuantitySpan(start=match.start("first"), end=match.end("first"), kind=found.kind, quantity=first), "from"),
        (QuantitySpan(start=match.start("second"), end=match.end("second"), kind=found.kind, quantity=second), "to"),
    ]


def _change_before(text: str, start: int) -> bool:
    """Whether a verb of change or revision stands before `start` in its sentence."""
    window = text[max(0, start - WINDOW) : start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    return _CHANGE_VERB.search(window) is not None
