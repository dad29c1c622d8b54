"""Who said it: the source of a figure (the fullest name the article gives) and the words of its
sentence (`source_text`), in made-up articles parsed by the real pipeline. One case per construction."""

from __future__ import annotations

import pytest
from conftest import CONFIG, parse

from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.read.ingest import split_articles


def attributed(nlp, text: str, figure: str) -> tuple[str | None, str | None]:
    """The source and the source's words of the last claim written `figure` in `text`."""
    doc = parse(nlp, text)
    (span, *_) = reversed([s for s in doc.spans[SPANS_KEY] if s.text == figure and s._.metric])
    return span._.source, span._.source_text


def attributed_in_file(nlp, text: str, figure: str) -> tuple[str | None, str | None]:
    """The same for a file with header lines ("Title:", "Date:"), read as the reader reads it."""
    from karabakh_claims.nlp.pipeline import make_doc

    (article,) = split_articles(text, "t.txt", CONFIG)
    doc = nlp(make_doc(nlp, article))
    (span, *_) = [s for s in doc.spans[SPANS_KEY] if s.text == figure and s._.metric]
    return span._.source, span._.source_text


@pytest.mark.parametrize(("text", "figure", "source"), [
    # the subject of a verb of saying, before or after the figure
    ("Officials said 300 families were evacuated.", "300", "Officials"),
    ("More than 2,000 refugees were registered, the ministry reported.", "More than 2,000", "the ministry"),
    ("The government said on Saturday that 213 people had been killed.", "213", "The government"),
    ("Sylvania said 192 of its soldiers were killed.", "192", "Sylvania"),
    # "according to X", an outlet cited by another, "citing X"
    ("According to the Sylvanian Red Crescent, 5,000 people fled to Tarn.", "5,000", "the Sylvanian Red Crescent"),
    ("According to Radio Sylvania, 40 people were killed.", "40", "Radio Sylvania"),
    ("AFP reported that 30 people were wounded in Tarn.", "30", "AFP"),
    ("Freedonian radio reported, citing local officials, that 30 people were wounded.", "30", "local officials"),
    # a verb of saying the parser leaves without a subject: the noun phrase just before it
    ("Speaking on Radio Tarn, the Sylvanian Defense Forces (SDF) said Sylvania has called up 300,000 reservists.",
     "300,000", "the Sylvanian Defense Forces (SDF)"),
])
def test_the_speaker_named_in_the_sentence(nlp, text, figure, source):
    assert attributed(nlp, text, figure) == (source, source)


@pytest.mark.parametrize(("text", "figure", "expected"), [
    # data speaks for its owner: "figures from X show", "by X's count", "a tally X put together", "X figures and Y"
    ("Figures from the Freedonian Health Ministry show that 600 people have been killed.", "600",
     ("the Freedonian Health Ministry", "the Freedonian Health Ministry")),
    ("By the governor's count, 40 people are missing.", "40", ("the governor", "the governor")),
    ("In a separate tally that Radio Tarn put together from local sources, at least 58 people have died.",
     "at least 58", ("Radio Tarn", "Radio Tarn")),
    ("Health ministry figures and a rescue group put the number of dead in Tarn at more than 3,500 people.",
     "more than 3,500", ("Health ministry and a rescue group", "Health ministry and a rescue group")),
    # money: the body that gives it or appeals for it
    ("A $5 million appeal was launched by the Freedonian Red Crescent on Monday.", "A $5 million",
     ("the Freedonian Red Crescent", "the Freedonian Red Crescent")),
    ("Sylvania pledged $10 million in humanitarian aid.", "$10 million", ("Sylvania", "Sylvania")),
    # a well-known acronym spelled out; the words as written kept beside it
    ("The U.N. announced the release of $25 million from its emergency fund.", "$25 million",
     ("The United Nations", "The U.N.")),
    # "..., it said": a named body earlier in the sentence
    ("Tarn will receive $85 million in aid from Freedonia, it said on Thursday.", "$85 million", ("Freedonia", "it")),
    # "I'm announcing" inside a quote: the speaker outside it
    ("Freedonian President Ana Vell visited Tarn on Monday.\n"
     "\"Today I am announcing $100 million in new aid,\" the president said.", "$100 million",
     ("Freedonian President Ana Vell", "the president")),
])
def test_the_source_behind_the_words(nlp, text, figure, expected):
    assert attributed(nlp, text, figure) == expected


@pytest.mark.parametrize(("text", "figure", "expected"), [
    # a short form resolves to the fullest earlier name with that noun
    ("Freedonia's Ministry of Health said on Monday that 40 people had been killed.\n"
     "The ministry said 120 people were wounded.", "120", ("Freedonia's Ministry of Health", "The ministry")),
    # a generic noun (organisation, agency, group) resolves to the body that last spoke
    ("The Sylvanian Relief Network said 50 people were missing.\n"
     "The organisation said 30 people were wounded.", "30", ("The Sylvanian Relief Network", "The organisation")),
    # "the Commission": the name inside a longer earlier mention
    ("Freedonian Commission President Ana Vell said the war was a tragedy.\n"
     "The Commission pledged $50 million in aid.", "$50 million", ("Freedonian Commission", "The Commission")),
    # an acronym the article defines
    ("The Sylvanian Office for Relief Affairs, or SORA, said 400,000 people were displaced.\n"
     "SORA said 23 aid workers were killed.", "23",
     ("The Sylvanian Office for Relief Affairs, or SORA", "SORA")),
    # a pronoun: the speaker of the paragraph that fits (it → a body, he → a person)
    ("The Freedonian Red Cross said 40 people died in Tarn. It added that 30 were wounded.", "30",
     ("The Freedonian Red Cross", "It")),
    ("Marek Osk, director of the Tarn hospital, said 12 people were killed. He added that 40 were wounded.", "40",
     ("Marek Osk, director of the Tarn hospital", "He")),
    # a surname: the person's full earlier mention
    ("Marek Osk, director of the Tarn hospital, said 12 people were killed.\nOsk said 40 people were wounded.", "40",
     ("Marek Osk, director of the Tarn hospital", "Osk")),
    # "she": the named subject of the clause hers depends on
    ("Ana Vell met refugees in Tarn, where she announced $11 million in new aid.", "$11 million", ("Ana Vell", "she")),
    # the report found: the data noun stands for its owner
    ("The Sylvanian Bank's damage report estimates that 1,200 people were killed.\n"
     "The report found that 300 people were wounded.", "300", ("The Sylvanian Bank", "The report")),
])
def test_the_chain_of_sources(nlp, text, figure, expected):
    assert attributed(nlp, text, figure) == expected


def test_a_paragraph_keeps_its_speaker_without_words_of_its_own(nlp):
    text = "The army said 15 soldiers were killed on Monday. Another 20 soldiers were wounded."
    assert attributed(nlp, text, "20") == ("The army", None)


def test_a_new_paragraph_does_not_keep_the_speaker(nlp):
    text = "The army said 15 soldiers were killed on Monday.\n\nAnother 20 soldiers were wounded in Tarn."
    assert attributed(nlp, text, "20") == (None, None)


def test_a_dateline_is_no_part_of_the_source(nlp):
    text = "TARN, Sept 27 (Reuters) - Sylvania's Defense Ministry said 150 soldiers were killed."
    assert attributed(nlp, text, "150") == ("Sylvania's Defense Ministry", "Sylvania's Defense Ministry")


def test_a_headline_figure_gets_the_headline_speaker_not_the_header_label(nlp):
    text = "Title: Sylvania says 150 soldiers killed\nDate: 2024-01-05\n\nFighting continued in Tarn on Friday.\n"
    assert attributed_in_file(nlp, text, "150") == ("Sylvania", "Sylvania")


def test_a_headline_colon_names_its_speaker(nlp):
    text = "Sylvanian health ministry: 40 killed in shelling\n\nThe shelling went on through the night."
    assert attributed(nlp, text, "40") == ("Sylvanian health ministry", "Sylvanian health ministry")


def test_a_verb_that_counts_the_figure_does_not_report_it(nlp):
    assert attributed(nlp, "Sylvania has lost 191 soldiers and militias.", "191") == (None, None)
