"""The wording of explanations: how a claim is cited and why a figure got its verdict."""

from __future__ import annotations

from test_reconcile_verdicts import claim, run, verdicts

from karabakh_claims.reconcile import cite
from karabakh_claims.reconcile.figures import make_figure
from karabakh_claims.reconcile.wording import agrees_text, conflict_text, single_text, undated_text


def test_cite_names_publisher_figure_date_and_source():
    assert cite(claim("about 1,000", 1000, qualifier="about", source="UNHCR")) == 'Harbor Times "about 1,000" (2031-03-02, per UNHCR)'


def test_cite_falls_back_to_the_file_and_undated():
    assert cite(claim("5", 5, as_of=None, publisher=None, article="wire-42")) == 'wire-42.txt "5" (undated)'


def test_conflict_and_agreement_texts():
    a = make_figure(claim("1,000", 1000, publisher="A"), 0.1, {})
    b = make_figure(claim("2,000", 2000, publisher="B"), 0.1, {})
    assert conflict_text(a, b, True) == 'conflict at the same date: A "1,000" (2031-03-02) vs B "2,000" (2031-03-02); origins: A vs B'
    assert conflict_text(a, b, False) == ('disagreement between estimates (not a change over time): A "1,000" (2031-03-02) '
                                          'vs B "2,000" (2031-03-02); origins: A vs B')
    assert agrees_text(b, a) == 'agrees with B "2,000" (2031-03-02); up from A "1,000" (2031-03-02)'
    assert undated_text(3) == "no as-of date: compared only with undated figures, and none matches; 3 dated figure(s) left aside"


def test_single_text_says_why_nothing_was_compared():
    a = make_figure(claim("1,000", 1000, publisher="A"), 0.1, {})
    copy = make_figure(claim("1,000", 1000, publisher="A", start=40), 0.1, {})
    assert single_text(a, [a]) == "the only figure for this quantity: nothing to compare"
    assert single_text(a, [a, copy]) == "repeated only within the same article or its copies: no independent figure to compare"


def test_a_progression_is_explained_by_the_figures_around_it():
    group = run(claim("100", 100, as_of="2031-03-01", publisher="A"), claim("200", 200, as_of="2031-03-05", publisher="B"))[0]
    assert verdicts(group) == [("100", "progression", "A"), ("200", "progression", "B")]
    assert [rc.explanation for rc in group.claims] == [
        'fits a count that grows over time: before B "200" (2031-03-05)',
        'fits a count that grows over time: after A "100" (2031-03-01)',
    ]
