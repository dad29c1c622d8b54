"""Years: bare four-digit numbers read as years, and spans of years."""

from __future__ import annotations

from karabakh_claims.numbers.mention import Mention
from karabakh_claims.numbers.years import MONTH_WORD, join_year_ranges, mark_years


def _bare(text: str, number: str, start: int = 0) -> Mention:
    start = text.index(number, start)
    return Mention(start, start + len(number), "cardinal", float(number), bare=True)


def test_mark_years():
    text = "in 1990s, A.D. 1100 and 1350, and 1500 people"
    mentions = [_bare(text, "1990"), _bare(text, "1100"), _bare(text, "1350"), _bare(text, "1500")]
    mark_years(mentions, text)
    assert [m.kind for m in mentions] == ["year", "year", "year", "cardinal"]
    assert text[mentions[0].start : mentions[0].end] == "1990s"


def test_join_year_ranges():
    text = "2014-15"
    first, second = _bare(text, "2014"), _bare(text, "15")
    first.kind = "year"
    (joined,) = join_year_ranges([first, second], text)
    assert (joined.kind, joined.start, joined.end, joined.value) == ("year", 0, 7, 2014.0)


def test_a_year_ranged_with_a_count_is_a_count():
    text = "500-2000 people"
    first, second = _bare(text, "500"), _bare(text, "2000")
    second.kind = "year"
    assert [m.kind for m in join_year_ranges([first, second], text)] == ["cardinal", "cardinal"]


def test_month_word():
    assert MONTH_WORD.fullmatch("Sept.")
    assert MONTH_WORD.fullmatch("SEPTEMBER")
    assert not MONTH_WORD.fullmatch("May.")
