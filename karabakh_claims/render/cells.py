"""Article text made harmless in the places it is shown: rich tables and spreadsheets.

Titles, publishers, figures as written, subjects, sources and file names come from the articles, so
from anyone: in a rich table `[link=…]` or `[/]` is markup (or an error), and in a CSV cell opened in
a spreadsheet `=cmd|' /C calc'!A0` is a formula. Here each is only text.
"""

from __future__ import annotations

import math

from rich.text import Text

FORMULA_STARTS = frozenset("=+-@\t\r")
"""First characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection")."""


def plain(text: str | None) -> Text:
    """Text drawn as written: no rich markup, no emoji codes."""
    return Text(text or "")


def spreadsheet_text(value: object) -> object:
    """A CSV cell: text starting with = + - @, a tab or a carriage return gets a leading `'` so that
    a spreadsheet shows it rather than evaluates it; numbers and other text are left as they are."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def spreadsheet_row(row: dict, text_columns: frozenset[str]) -> dict:
    """A CSV row with its text columns made safe (`spreadsheet_text`)."""
    return {k: spreadsheet_text(v) if k in text_columns else v for k, v in row.items()}


def finite_or_none(value: float | None) -> float | None:
    """A number for JSON: infinity and NaN (which JSON cannot hold) are written as null, unbounded."""
    return value if value is None or math.isfinite(value) else None
