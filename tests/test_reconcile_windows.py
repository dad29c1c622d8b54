"""Interval questions over the figures of a quantity: within one day's window and over time."""

from __future__ import annotations

from test_reconcile_verdicts import claim

from karabakh_claims.reconcile.figures import Figure, make_figure
from karabakh_claims.reconcile.timeline import Timeline, by_day, earlier_higher, later_lower
from karabakh_claims.reconcile.windows import WindowIndex, day_indexes, window_conflicts, window_days


def fig(text: str, value: float, **fields) -> Figure:
    return make_figure(claim(text, value, **fields), 0.1, {})


def texts(found: dict[int, Figure], figs: list[Figure]) -> list[tuple[str, str]]:
    """(figure, the figure found for it) for each figure that has one."""
    return [(f.claim.text, found[id(f)].claim.text) for f in figs if id(f) in found]


def test_a_window_finds_a_figure_above_below_and_meeting_another():
    low, about, high, same_origin = (fig("1,000", 1000, publisher="A"), fig("about 1,050", 1050, qualifier="about", publisher="B"),
                                     fig("3,000", 3000, publisher="C"), fig("1,020", 1020, publisher="A"))
    index = WindowIndex([low, about, high, same_origin])
    assert index.higher(low) is high and index.higher(high) is None
    assert index.lower(high) is same_origin and index.lower(low) is None
    assert index.matching(low) is about and index.matching(high) is None


def test_window_days_and_indexes():
    assert window_days(None, (-1, 0, 1)) == [None]
    assert window_days(10, (-1, 0, 1)) == [9, 10, 11]
    figs = [fig("5", 5, as_of="2031-03-01"), fig("9", 9, as_of="2031-03-02", publisher="B"), fig("7", 7, as_of=None)]
    assert sorted(day_indexes(figs), key=str) == [figs[0].day, figs[1].day, None]


def test_figures_a_day_apart_conflict_within_the_window():
    figs = [fig("5", 5, as_of="2031-03-01"), fig("9", 9, as_of="2031-03-02", publisher="B"), fig("20", 20, as_of="2031-03-04", publisher="C")]
    found = window_conflicts(figs, day_indexes(figs), (-1, 0, 1))
    assert texts(found, figs) == [("5", "9"), ("9", "5")]


def test_a_higher_figure_earlier_and_a_lower_one_later():
    figs = [fig("5,000", 5000, as_of="2031-03-01", publisher="A"), fig("4,000", 4000, as_of="2031-03-03", publisher="B"),
            fig("6,000", 6000, as_of="2031-03-05", publisher="C")]
    assert texts(earlier_higher(figs), figs) == [("4,000", "5,000")]
    assert texts(later_lower(figs), figs) == [("5,000", "4,000")]
    assert [[f.claim.text for f in day] for day in by_day(figs[::-1])] == [["5,000"], ["4,000"], ["6,000"]]


def test_a_timeline_tells_what_came_before_and_after_a_day():
    first, second, third = (fig("5,000", 5000, as_of="2031-03-01", publisher="A"), fig("5,500", 5500, as_of="2031-03-03", publisher="B"),
                            fig("6,000", 6000, as_of="2031-03-05", publisher="C"))
    timeline = Timeline([first, second, third])
    assert timeline.before(second.day) is first and timeline.after(second.day) is third
    assert timeline.before(first.day) is None and timeline.after(third.day) is None
    assert timeline.latest() is third
    assert timeline.has_other_day(first.day) and not Timeline([first]).has_other_day(first.day)
