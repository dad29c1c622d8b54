"""Time expressions inside article text, resolved to the day a figure holds for.

`find_timexes(text)` finds day names, calendar dates, "yesterday"/"the previous day", weeks, years and
decades; `resolve` turns one into a date against a reference day (the publication date, or the day
the sentence already speaks of). Pure functions, no spaCy.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_PATTERNS: list[tuple[str, str]] = [
    ("date", rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:\s*[-–]\s*[0-3]?\d\b)?{_YEAR}"),
    ("date", rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}{_YEAR}"),
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("weekday", r"\b(?P<last>last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("yesterday", r"\b(?:yesterday|the (?:previous|prior|preceding) day|the day before|a day earlier)\b"),
    ("today", r"\b(?:today|tonight|overnight|this (?:morning|afternoon|evening))\b"),
    ("week", r"\b(?:last|this|past|previous) (?:week|month|weekend)\b"),
    ("period", r"\b(?:(?:over|in|during) the (?:last|past) (?:\w+ )?(?:years|decades)|per annum|a year|annually)\b"),
    ("decade", r"\b(?P<decade>(?:19|20)\d0)(?:['’]?s)\b"),
    ("year", r"\b(?:in|since|by|from|of|until) (?P<year>(?:19|20)\d\d)\b(?![-–/]\d)"),
]
_COMPILED = [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _PATTERNS]
_LOWERED = [(kind, re.compile(rx.removeprefix(r"\b")), rx.startswith(r"\b")) for kind, rx in _PATTERNS]
"""The same patterns (written in lower case) for a text in lower case, without their leading word
boundary, which is tested at each match instead: with literal first letters, Python's engine then skips
to the places they occur."""
_BOUNDARY = re.compile(r"\b")
_FOLD_TRAPS = "\u0130\u0131\u017f\u212a"
"""İ, ı, ſ and the Kelvin sign: the only characters that case-insensitive matching pairs with an ASCII
letter otherwise than `str.lower` does, or that `str.lower` turns into two characters or a letter of
another class. A text without them is matched the same in lower case."""
_AS_OF = re.compile(r"\bas of\b[\s\d:.,apm]*$", re.IGNORECASE)

Kind = Literal["date", "iso", "weekday", "yesterday", "today", "week", "period", "decade", "year"]


@dataclass(frozen=True)
class Timex:
    """A time expression: where it stands in the text, what kind it is, and its parts."""

    start: int
    end: int
    kind: Kind
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None
    as_of: bool = False
    strictly_before: bool = False
    """"last Tuesday": a day before the reference, never the reference itself."""

    @property
    def is_day(self) -> bool:
        """True when it names one day (given a reference)."""
        return self.kind in ("date", "iso", "weekday", "yesterday", "today")

    @property
    def is_relative(self) -> bool:
        return self.kind in ("yesterday", "today")


def _month_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return MONTHS.get(word.lower().rstrip(".")[:4]) or MONTHS.get(word.lower()[:3])


def _timex(kind: str, match: re.Match[str], text: str) -> Timex:
    groups = match.groupdict()
    year = groups.get("year") or groups.get("decade")
    before = text[max(0, match.start() - 24) : match.start()]
    return Timex(
        start=match.start(),
        end=match.end(),
        kind=kind,  # type: ignore[arg-type]
        month=_month_number(groups["month"]) if groups.get("month") else None,
        day=int(groups["day"]) if groups.get("day") else None,
        year=int(year) if year else None,
        weekday=WEEKDAYS[groups["weekday"].lower()] if groups.get("weekday") else None,
        as_of=bool(_AS_OF.search(before)),
        strictly_before=bool(groups.get("last")),
    )


def find_timexes(text: str) -> list[Timex]:
    """Every time expression in `text`, non-overlapping, in order."""
    found: list[Timex] = []
    taken: list[tuple[int, int]] = []  # in order; never overlapping, so their ends are in order too
    for kind, match in _matches(text):
        before = bisect.bisect_left(taken, (match.end(),)) - 1  # the last one starting before the end
        if before >= 0 and taken[before][1] > match.start():
            continue
        found.append(_timex(kind, match, text))
        bisect.insort(taken, (match.start(), match.end()))
    return sorted(found, key=lambda t: t.start)


def _matches(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Each pattern's matches in `text` (pattern by pattern, each in order), as `finditer` of the
    case-insensitive patterns gives them; found in the text in lower case where that is the same."""
    if any(trap in text for trap in _FOLD_TRAPS):
        for kind, rx in _COMPILED:
            for match in rx.finditer(text):
                yield kind, match
        return
    lowered = text.lower()
    for kind, rx, at_boundary in _LOWERED:
        position = 0
        while (match := rx.search(lowered, position)) is not None:
            if not at_boundary or _BOUNDARY.match(lowered, match.start()):  # the pattern's own leading \b
                yield kind, match
                position = max(match.end(), match.start() + 1)
            else:  # passed over: a match that starts further on may overlap it
                position = match.start() + 1


_DATELINE_PLACE = re.compile(r"^[ \t]*[A-Z][A-Z.'’/ -]{1,40}(?:,[ \t]*[A-Z][A-Za-z.'’ -]{1,40})?,[ \t]+", re.MULTILINE)
_DATELINE_END = re.compile(r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?(?:--|[-–—])")


def dateline(text: str, found: list[Timex] | None = None) -> Timex | None:
    """The date of a wire dateline at the start of a line ("KHARTOUM, April 20 (Reuters) -",
    "GAZA, Nov. 21 (Xinhua) --"): the day the article reports from (`found`: the text's timexes)."""
    timexes = {t.start: t for t in (find_timexes(text) if found is None else found) if t.kind in ("date", "iso")}
    for place in _DATELINE_PLACE.finditer(text):
        timex = timexes.get(place.end())
        if timex is not None and _DATELINE_END.match(text, timex.end):
            return timex
    return None


def resolve(timex: Timex, reference: dt.date | None) -> dt.date | None:
    """The day `timex` names, read against `reference` (the day the text is written or speaks of)."""
    if timex.kind in ("date", "iso"):
        year = timex.year or (reference.year if reference else None)
        if year is None or timex.month is None or timex.day is None:
            return None
        try:
            day = dt.date(year, timex.month, timex.day)
        except ValueError:
            return None
        if timex.year is None and reference and day > reference + dt.timedelta(days=31):
            day = day.replace(year=year - 1)
        return day
    if reference is None:
        return None
    if timex.kind == "weekday" and timex.weekday is not None:
        back = (reference.weekday() - timex.weekday) % 7
        return reference - dt.timedelta(days=back or (7 if timex.strictly_before else 0))
    if timex.kind == "yesterday":
        return reference - dt.timedelta(days=1)
    if timex.kind == "today":
        return reference
    return None
