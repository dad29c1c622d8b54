"""Publication dates: read a date line or a metadata value ("Oct 4 2023", "09/28/2023", "2023-10-04") into a date.

`parse_date` is strict: the whole text must be one date, optionally with a time, a weekday, a time zone and
a word such as "Published" or "Updated"; a sentence that merely mentions a date is not a date line. A text
that gives only a year ("©2023") has no publication date.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

DATE_PATTERNS = (
    re.compile(rf"(?<!\d){_YEAR}(?P<iso_sep>[-/.])(?P<month_num>\d{{1,2}})(?P=iso_sep){_DAY}(?=$|[^\d])", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})\b"),
)

FILLER = re.compile(
    r"""
    \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?   # a time of day
    | \b(?:GMT|UTC)\s?[+-]\d{1,2}(?::?\d{2})?\b           # a zone with its offset (GMT+3)
    | [+-]\d{2}:?\d{2}\b | Z\b | \bT(?=\d)                # a UTC offset, the ISO time mark
    | \b(?-i:[A-Z]{2,4}T|UTC)\b                              # a time zone name
    | \b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\b\.?
    | \b(?:published|updated|posted|modified|date|dated|on|at|last)\b
    | [\s,.:;|/()\[\]\-–—·•]+
    """,
    re.I | re.X,
)

YEARS = range(1900, 2101)


def parse_date(text: str) -> dt.date | None:
    """The date that `text` consists of, or None when it holds no full date or more than a date."""
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        rest = text[: match.start()] + " " + text[match.end():]
        if FILLER.sub("", rest):
            return None
        return _date_from(match)
    return None


def date_from_value(value: object) -> dt.date | None:
    """A date from a metadata value: a date, a datetime, an ISO timestamp or a date text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value.strip())
    return None


def _date_from(match: re.Match[str]) -> dt.date | None:
    """The calendar date a pattern match names, or None when it is not a valid date."""
    parts = match.groupdict()
    year = int(parts["year"])
    if parts.get("first"):
        month, day = _month_day_numeric(int(parts["first"]), int(parts["second"]), parts["sep"])
    else:
        month = int(parts["month_num"]) if parts.get("month_num") else MONTHS[parts["month"].lower()]
        day = int(parts["day"])
    if year not in YEARS:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_day_numeric(first: int, second: int, separator: str) -> tuple[int, int]:
    """Month and day of "a/b/yyyy" (US order unless the first part cannot be a month) or "d.m.yyyy"."""
    if separator == "." or first > 12:
        return second, first
    return first, second
