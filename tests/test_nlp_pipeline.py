"""The spaCy stage on real text: which numbers are claims, and what each one counts."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from conftest import FIXTURES, KARABAKH, SEEDS, parse

from karabakh_claims.config import load_config
from karabakh_claims.jobs.intake import Extractor
from karabakh_claims.models import Article
from karabakh_claims.nlp.components import SPANS_KEY
from karabakh_claims.nlp.pipeline import make_doc
from karabakh_claims.nlp.records import claims_from_doc

CONFIG = load_config()

D = dt.date


@pytest.fixture(scope="module")
def seed_claims():
    return list(Extractor(config=KARABAKH).run([str(SEEDS)]))


@pytest.fixture(scope="module")
def fixture_claims():
    return list(Extractor(config=KARABAKH).run([str(FIXTURES / "articles")]))


def find(claims, text, line=None):
    """The one claim whose figure is written `text` (on `line`, when given)."""
    found = [c for c in claims if c.text == text and (line is None or c.line == line)]
    assert len(found) == 1, f"{text!r}: {len(found)} claims"
    return found[0]


# text, line, metric, subject, side, place, source, as_of, historical
SEED_CASES = [
    ("More than 50,000", 3, "refugees", "people", None, None, "the government in Yerevan", D(2023, 9, 27), False),
    ("28,000", 3, "refugees", "people", None, None, "the government in Yerevan", D(2023, 9, 26), False),
    ("120,000", 3, "population", "Armenians", None, None, "Local officials", None, False),
    ("192", 13, "killed", "servicemen", "Azerbaijani", None, "The Defense Ministry in Baku", D(2023, 9, 27), False),
    ("511", 13, "wounded", "troops", "Azerbaijani", None, "The Defense Ministry in Baku", D(2023, 9, 27), False),
    ("Tens of thousands", 15, "killed", "people", None, None, None, None, True),
    ("more than a million", 15, "refugees", None, None, None, None, None, True),
    ("20,000", 4, "refugees", "refugees", None, "Goris", None, None, False),
    ("thousands", 6, "refugees", "Armenians", None, None, None, D(2023, 9, 25), False),
    ("$11.5 million", 6, "aid", None, None, None, "Power", D(2023, 9, 25), False),
    ("estimated 100,000", 11, "population", "residents", None, None, "the envoy", None, False),
    ("more than 100,000", 25, "refugees", "people", None, None, "the Armenian government", D(2023, 10, 4), False),
    ("nearly 30,000", 46, "refugees", "refugees", None, None, "the Armenian government", D(2023, 10, 4), False),
    ("About 120,000", 46, "population", "ethnic Armenians", None, None, None, None, False),
    ("at least a hundred thousand", 59, "refugees", "Armenians", None, None, None, D(2023, 10, 4), False),
    ("more than 200", 91, "killed", "Armenian separatists", "Armenian", None, "Azerbaijani sources", D(2023, 9, 20), False),
    ("400 to 700", 91, "wounded", None, "Armenian", None, "Azerbaijani sources", D(2023, 9, 20), False),
    ("191", 91, "killed", "soldiers and militias", "Azerbaijani", None, None, D(2023, 10, 4), False),
    ("100 thousand", 91, "refugees", "people", None, None, "Armenia", D(2023, 10, 4), False),
    ("over 300.000", 97, "refugees", "Azeries", None, None, None, None, True),
    ("over 2.000", 97, "missing", None, None, None, None, None, True),
    ("5,000", 101, "military_strength", "Russian contingent", "Russian", None, None, D(2023, 10, 4), False),
    ("almost $3 billion", 107, "military_spending", None, "Azerbaijani", None, None, None, False),
    ("$0.5 billion", 107, "military_spending", None, "Georgian", None, None, D(2023, 10, 4), False),
    ("2.000", 109, "military_strength", "contingent", "Russian", None, None, D(2023, 10, 4), False),
    ("100,632", 147, "refugees", "forcibly displaced persons", None, None,
     "the prime minister’s spokesperson Nazeli Baghdasaryan", D(2023, 10, 4), False),
    ("324", 155, "hospitalized", "forcibly displaced persons", None, None, "the healthcare ministry", D(2023, 10, 4), False),
    ("114", 155, "hospitalized", "forcibly displaced persons in serious condition", None, None,
     "the healthcare ministry", D(2023, 10, 4), False),
    ("8", 155, "hospitalized", "children in intensive care", None, None, "the healthcare ministry", D(2023, 10, 4), False),
]


@pytest.mark.parametrize("text,line,metric,subject,side,place,source,as_of,historical", SEED_CASES)
def test_seed_claim(seed_claims, text, line, metric, subject, side, place, source, as_of, historical):
    claim = find(seed_claims, text, line)
    assert (claim.metric, claim.subject, claim.side, claim.place) == (metric, subject, side, place)
    assert (claim.source, claim.as_of, claim.historical) == (source, as_of, historical)


def test_every_figure_points_at_its_text(seed_claims):
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.iterdir()}
    for claim in seed_claims:
        text = texts[Path(claim.file).name]
        assert text[claim.start : claim.end] == claim.text
        assert text.count("\n", 0, claim.start) + 1 == claim.line
        assert claim.text in claim.sentence


def test_headline_and_body_are_one_claim(seed_claims):
    headline, body = [c for c in seed_claims if c.text == "100,632"]
    assert headline.claim_id == body.claim_id
    assert (headline.line, body.line) == (147, 151)
    others = {c.claim_id for c in seed_claims if c.text != "100,632"}
    assert headline.claim_id not in others


def test_numbers_that_are_not_claims_are_dropped(seed_claims):
    texts = {c.text for c in seed_claims}
    for not_a_claim in ("2020", "14:36", "97%", "14", "two", "44", "1980’s", "3"):
        assert not_a_claim not in texts


def test_no_claims_in_an_article_without_figures(seed_claims):
    assert not [c for c in seed_claims if Path(c.file).name.startswith("004_")]


FIXTURE_CASES = [
    ("87", 1, "killed", None, None, "the Health Ministry", D(2023, 10, 9)),
    ("87", 6, "killed", None, None, "the Health Ministry", D(2023, 10, 9)),
    ("At least 240", 7, "wounded", "people", None, "officials", D(2023, 10, 10)),
    ("35", 7, "wounded", "children", None, "officials", D(2023, 10, 10)),
    ("4,500", 8, "refugees", "people", None, "the regional governor", D(2023, 10, 10)),
    ("Twelve", 9, "missing", "soldiers", None, None, D(2023, 10, 10)),
    ("About 1,200", 10, "population", "residents", "Jermuk", None, None),
    ("Between 3,000 and 4,000", 7, "refugees", "families", None, "the International Organization for Migration",
     D(2023, 10, 12)),
    ("€5m", 8, "aid", None, None, "The European Union", D(2023, 10, 12)),
]


@pytest.mark.parametrize("text,line,metric,subject,place,source,as_of", FIXTURE_CASES)
def test_fixture_claim(fixture_claims, text, line, metric, subject, place, source, as_of):
    claim = find(fixture_claims, text, line)
    assert (claim.metric, claim.subject, claim.place, claim.source, claim.as_of) == (
        metric, subject, place, source, as_of)


def test_fixture_values_and_units(fixture_claims):
    appeal = find(fixture_claims, "$97 million", 6)
    assert (appeal.value, appeal.unit, appeal.metric) == (97_000_000, "USD", "aid")
    euros = find(fixture_claims, "€5m")
    assert (euros.value, euros.unit) == (5_000_000, "EUR")
    families = find(fixture_claims, "Between 3,000 and 4,000")
    assert (families.low, families.value, families.high, families.qualifier) == (3000, 3500, 4000, "range")
    assert families.unit == "people"
    dropped = {c.text for c in fixture_claims}
    assert {"06:30", "two", "40", "More than 60 percent"}.isdisjoint(dropped)


def test_spans_and_extensions_on_the_doc(nlp):
    article = Article(id="a1", file="x.txt", offset=0, published=D(2023, 10, 4),
                      text="According to the ministry, 1,500 people fled the city of Lachin on Monday.")
    doc = nlp(make_doc(nlp, article))
    (span,) = doc.spans[SPANS_KEY]
    assert (span.text, span._.metric, span._.place, span._.source) == ("1,500", "refugees", "Lachin", "the ministry")
    assert span._.as_of == D(2023, 10, 2)
    (claim,) = claims_from_doc(doc, article)
    assert (claim.start, claim.end, claim.line) == (27, 32, 1)


def test_another_crisis_is_a_config_file_away(tmp_path):
    config = tmp_path / "cholera.toml"
    config.write_text(
        '[metrics.cases]\nunit = "people"\ncumulative = true\ntriggers = ["case", "infect", "sicken"]\n'
        '[people]\nnouns = ["case", "people", "patient"]\n',
        encoding="utf-8",
    )
    article = tmp_path / "outbreak.txt"
    article.write_text("Title: Outbreak spreads\nDate: 2024-03-02\n\n"
                       "Health officials said 1,240 cases were confirmed in the port city.\n", encoding="utf-8")
    (claim,) = Extractor(config=load_config(config)).run([str(article)])
    assert (claim.metric, claim.value, claim.source, claim.as_of) == ("cases", 1240, "Health officials", D(2024, 3, 2))
    assert list(load_config(config).metrics.metrics) == ["cases"]
    assert "say" in load_config(config).metrics.attribution.reporting_verbs


def test_factories_are_registered_for_spacy_users(tmp_path, nlp):
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"claims_line_breaks", "claims_quantities", "claims_semantics"} <= names
    nlp.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")
    assert reloaded.pipe_names[-2:] == ["claims_quantities", "claims_semantics"]
    doc = reloaded("About 2,000 people were evacuated on Friday.")
    assert [(s.text, s._.metric) for s in doc.spans[SPANS_KEY]] == [("About 2,000", "refugees")]


@pytest.mark.parametrize(("text", "starts"), [
    ("Headline here\nBody one. Body two.", ["Headline", "Body"]),
    ("Title: A\n\nFirst line\n \nSecond line\n", ["Title", "First", "Second"]),
    ("No break at all", ["No"]),
    ("Ends with a break\n", ["Ends"]),
])
def test_line_breaks_start_sentences_in_a_blank_pipeline(text, starts):
    """`claims_line_breaks` alone (no parser): the token after each line break starts a sentence, and
    only that token (with the first) is marked."""
    blank = spacy.blank("en")
    blank.add_pipe("claims_line_breaks")
    doc = blank(text)
    assert [t.text for t in doc if t.is_sent_start] == starts


def test_sidecar_metadata_fills_what_the_file_lacks(seed_claims, tmp_path):
    bloomberg = find(seed_claims, "192")
    assert (bloomberg.publisher, bloomberg.published) == ("Bloomberg", D(2023, 9, 27))
    article = tmp_path / "note.txt"
    article.write_text("Officials said 300 families were evacuated on Monday.\n", encoding="utf-8")
    (tmp_path / "note.meta.toml").write_text('date = 2024-05-08\npublisher = "Local Paper"\n', encoding="utf-8")
    (claim,) = Extractor(config=CONFIG).run([str(tmp_path)])
    assert (claim.publisher, claim.published, claim.as_of) == ("Local Paper", D(2024, 5, 8), D(2024, 5, 6))


# Phrasings the seeds lack, in articles written for these tests (fixtures/articles/).
# file, text, line, metric, subject, side, place, source, as_of
PHRASING_CASES = [
    ("phrasings.txt", "At least 5", 5, "killed", "people", None, None, "regional governor Oleh Syniehubov", D(2024, 2, 13)),
    ("phrasings.txt", "12", 5, "wounded", None, None, None, "regional governor Oleh Syniehubov", D(2024, 2, 13)),
    ("phrasings.txt", "3,200", 6, "refugees", "residents", None, None, None, D(2024, 2, 14)),
    ("phrasings.txt", "1.2 million", 7, "refugees", "people", None, None, "The United Nations refugee agency", D(2024, 2, 14)),
    ("phrasings.txt", "$500 million", 9, "aid", "loan", None, None, "The World Bank", D(2024, 2, 14)),
    ("phrasings.txt", "2,300", 11, "killed", None, None, None, "Officials", D(2024, 2, 14)),
    ("phrasings.txt", "more than 700,000", 12, "refugees", "people", None, None, "UN Office for the Coordination of Humanitarian Affairs", D(2024, 2, 14)),
    ("phrasings.txt", "10,000", 14, "military_strength", "troops", None, None, None, D(2024, 2, 14)),
    ("phrasings.txt", "41", 17, "killed", None, None, None, None, D(2024, 2, 14)),
    ("phrasings.txt", "9", 17, "killed", "children", None, None, None, D(2024, 2, 14)),
    ("phrasings.txt", "Two", 18, "killed", "soldiers", None, None, None, D(2024, 2, 14)),
    ("phrasings.txt", "2.5 billion drams", 20, "aid", None, None, None, "The government", D(2024, 2, 14)),
    ("phrasings.txt", "15,000", 21, "refugees", "registered refugees", None, None, None, D(2024, 2, 11)),
    # "Monday's explosion" dates the blast, not the toll reported on Friday
    ("wire_exodus.txt", "68", 6, "killed", None, "Armenian", None, "the region's ethnic Armenian authorities", D(2023, 9, 29)),
    ("wire_exodus.txt", "105", 6, "missing", "people", "Armenian", None, "the region's ethnic Armenian authorities",
     D(2023, 9, 29)),
    # "N people, including M civilians": the part counts what the whole counts
    ("wire_exodus.txt", "200", 8, "killed", "people", None, None, "Karabakh officials", D(2023, 9, 29)),
    ("wire_exodus.txt", "10", 8, "killed", "civilians", None, None, "Karabakh officials", D(2023, 9, 29)),
    # "192 of its soldiers": the speaker's own side
    ("wire_exodus.txt", "192", 9, "killed", "soldiers", "Azerbaijani", None, "Azerbaijan", D(2023, 9, 29)),
    # a coordinated "X said it would give" reports its own clause only
    ("wire_exodus.txt", "5 million euros", 10, "aid", None, None, None, "The European Union", D(2023, 9, 27)),
    ("wire_exodus.txt", "About 2,000", 11, "military_strength", "Russian peacekeepers", "Russian", None, None, D(2023, 9, 29)),
    ("wire_exodus.txt", "Around 120,000", 12, "population", "ethnic Armenians", None, None, None, None),
    ("wire_exodus.txt", "20", 13, "hospitalized", "people in critical condition", None, None, "Armenia's health ministry",
     D(2023, 9, 29)),
    ("wire_exodus.txt", "84,770", 14, "refugees", "people", None, None, "the Armenian government", D(2023, 9, 29)),
    ("wire_un_update.txt", "100,417", 6, "refugees", "refugees", None, None, "The United Nations refugee agency, UNHCR", D(2023, 10, 1)),
    # "21,000 of them were children": a part of the figure before
    ("wire_un_update.txt", "21,000", 7, "refugees", "children", None, None, "Armenia's government", D(2023, 10, 2)),
    # "said on Saturday that 213 people had been killed": the reporting verb's day
    ("wire_un_update.txt", "213", 8, "killed", "people", None, None, "Karabakh's separatist government", D(2023, 9, 30)),
    ("wire_un_update.txt", "10", 8, "killed", "civilians", None, None, "Karabakh's separatist government", D(2023, 9, 30)),
    ("wire_un_update.txt", "more than 400", 8, "wounded", None, None, None, "Karabakh's separatist government",
     D(2023, 9, 30)),
    # "an explosion ... on Sept. 25 killed 170": the toll holds for the report, not the blast
    ("wire_un_update.txt", "170", 9, "killed", "people", None, None, "the Karabakh health ministry", D(2023, 10, 2)),
    ("wire_un_update.txt", "$5 million", 10, "aid", None, None, None, "The World Food Programme", D(2023, 10, 2)),
    ("wire_un_update.txt", "192", 11, "killed", None, "Azerbaijani", None, "Azerbaijan's defence ministry", D(2023, 10, 2)),
    ("wire_un_update.txt", "511", 11, "wounded", None, "Azerbaijani", None, "Azerbaijan's defence ministry", D(2023, 10, 2)),
    ("wire_un_update.txt", "2,000", 14, "military_strength", "peacekeeping force", "Russian", None, None, D(2023, 10, 2)),
    # "Armenia struggles to house ...": the verb struggle does not make a figure historical
    ("wire_shelters.txt", "90,000", 1, "refugees", "refugees", None, None, None, D(2023, 9, 27)),
    ("wire_shelters.txt", "90,640", 6, "refugees", "displaced people", None, None, "Armenian authorities", D(2023, 9, 27)),
    ("wire_shelters.txt", "42,500", 8, "refugees", "refugees", None, None, "the interior ministry", D(2023, 9, 26)),
    ("wire_shelters.txt", "Some 6,000", 9, "refugees", "people", None, "Kornidzor", None, D(2023, 9, 27)),
    ("wire_shelters.txt", "$11.5 million", 10, "aid", None, None, None, "US Agency for International Development chief Samantha Power", D(2023, 9, 27)),
    ("wire_shelters.txt", "500,000 euros", 11, "aid", None, None, None, "The European Commission", D(2023, 9, 27)),
    # "Azerbaijan says its forces lost 192 servicemen"
    ("wire_shelters.txt", "192", 12, "killed", "servicemen", "Azerbaijani", None, "Azerbaijan", D(2023, 9, 27)),
    ("wire_depot_toll.txt", "218", 5, "killed", None, None, None, "Armenia's human rights ombudsman", D(2023, 10, 2)),
    ("wire_depot_toll.txt", "120", 5, "missing", "people", None, None, "Armenia's human rights ombudsman", D(2023, 10, 2)),
    ("wire_depot_toll.txt", "192", 6, "killed", "servicemen", "Azerbaijani", None, "the Ministry of Defense of Azerbaijan",
     D(2023, 10, 2)),
    # "... and 511 were injured": the verb right after the number, whatever the parser attached it to
    ("wire_depot_toll.txt", "511", 6, "wounded", None, "Azerbaijani", None, "the Ministry of Defense of Azerbaijan",
     D(2023, 10, 2)),
    ("wire_depot_toll.txt", "100,514", 7, "refugees", "forcibly displaced persons", None, None, "the Armenian government",
     D(2023, 10, 1)),
    ("wire_depot_toll.txt", "At least five", 9, "killed", "Russian peacekeepers", "Russian", None, None, D(2023, 10, 2)),
    ("wire_depot_toll.txt", "Two", 10, "killed", "police officers", "Azerbaijani", None, None, D(2023, 10, 2)),
    ("wire_depot_toll.txt", "four", 10, "wounded", None, "Azerbaijani", None, None, D(2023, 10, 2)),
    ("wire_depot_toll.txt", "$2.5 million", 11, "aid", None, None, None, "The United Nations", D(2023, 10, 2)),
    ("wire_depot_toll.txt", "3,200", 13, "refugees", "people", None, None, None, D(2023, 10, 2)),
    # a figure in the headline and the body is one claim
    ("wire_headline_total.txt", "7,000", 1, "refugees", "refugees", None, None,
     "government spokeswoman Nazeli Baghdasaryan", D(2023, 9, 30)),
    ("wire_headline_total.txt", "Some 7,000", 5, "refugees", "refugees", None, None,
     "government spokeswoman Nazeli Baghdasaryan", D(2023, 9, 30)),
    # "bringing the total to 97,700" carries the count of the claim before it on
    ("wire_headline_total.txt", "97,700", 5, "refugees", "refugees", None, None,
     "government spokeswoman Nazeli Baghdasaryan", D(2023, 9, 30)),
    ("wire_headline_total.txt", "97,735", 6, "refugees", "forcibly displaced people", None, None, "government spokeswoman Nazeli Baghdasaryan",
     D(2023, 9, 30)),
    ("wire_headline_total.txt", "12.5 million euros", 11, "aid", None, None, None, "Foreign Minister Catherine Colonna",
     D(2023, 9, 30)),
    ("wire_headline_total.txt", "120,000", 14, "population", None, None, None, None, None),
    ("wire_blast_headline.txt", "25", 1, "killed", None, None, None, "the region's health ministry", D(2023, 9, 26)),
    ("wire_blast_headline.txt", "290", 5, "wounded", None, None, None, "the region's health ministry", D(2023, 9, 26)),
    ("wire_blast_headline.txt", "13", 6, "killed", "deaths", None, None, "Local authorities", D(2023, 9, 26)),
    ("wire_blast_headline.txt", "19,000", 7, "refugees", "people", None, None, "the Armenian government", D(2023, 9, 26)),
    # "Azerbaijan deployed a force of 3,000 soldiers": the actor's side
    ("wire_blast_headline.txt", "3,000", 8, "military_strength", "soldiers", "Azerbaijani", None, None, D(2023, 9, 26)),
    ("wire_blast_headline.txt", "At least 32", 9, "killed", "Armenian servicemen", "Armenian", None,
     "the separatist authorities", D(2023, 9, 26)),
    ("wire_blast_headline.txt", "more than 6,500", 10, "refugees", "people", None, None, None, D(2023, 9, 26)),
    ("wire_blast_headline.txt", "4,850", 11, "refugees", "Armenians", None, None, None, D(2023, 9, 26)),
    ("wire_blast_headline.txt", "27", 12, "killed", None, None, None, None, D(2023, 9, 26)),
    ("wire_blast_headline.txt", "1 billion drams", 13, "aid", None, None, None, "the Armenian government", D(2023, 9, 26)),
    ("wire_officials_put.txt", "100,625", 5, "refugees", None, None, None, "Armenian officials", D(2023, 10, 3)),
    ("wire_officials_put.txt", "98,000", 6, "refugees", "people", None, None, "A spokesman for Armenia's foreign ministry",
     D(2023, 10, 2)),
    # "It was reported that ...": no one named
    ("wire_officials_put.txt", "5,000", 7, "refugees", "people", None, None, None, D(2023, 10, 3)),
    ("wire_officials_put.txt", "At least 400", 8, "killed", "people", None, None, "the Karabakh health official",
     D(2023, 10, 3)),
    ("wire_officials_put.txt", "more than 5,000", 11, "refugees", "civilians", None, None, "The Russian defence ministry",
     D(2023, 10, 3)),
    # "In Goris, a town of ...": a fronted place the recognizer takes for a person; "since Sunday"
    # starts a period; the refugees who registered are not their own source
    ("wire_goris_places.txt", "more than 40,000", 5, "refugees", "refugees", None, "Goris", "the mayor", D(2023, 9, 28)),
    ("wire_goris_places.txt", "About 2,600", 6, "hospitalized", "people", None, None, "the health ministry", D(2023, 9, 27)),
    ("wire_goris_places.txt", "65,036", 7, "refugees", "forcibly displaced persons", None, None,
     "the government's press service", D(2023, 9, 28)),
    ("wire_goris_places.txt", "Some 800", 8, "refugees", "refugees", None, "Kornidzor", None, D(2023, 9, 28)),
    # "In Vayots Dzor province": the name before a place noun
    ("wire_goris_places.txt", "3,500", 10, "refugees", "refugees", None, "Vayots Dzor", None, D(2023, 9, 28)),
    ("wire_goris_places.txt", "192", 11, "killed", "troops", "Azerbaijani", None, "Azerbaijan's Health Ministry",
     D(2023, 9, 28)),
    ("wire_goris_places.txt", "at least 5", 12, "killed", "civilians", None, None, "Armenia's ombudsman", D(2023, 9, 28)),
    ("wire_goris_places.txt", "2", 12, "killed", "children", None, None, "Armenia's ombudsman", D(2023, 9, 28)),
]


def test_mentions_with_other_hedges_are_other_claims(fixture_claims):
    article = [c for c in fixture_claims if Path(c.file).name == "wire_officials_put.txt"]
    assert find(article, "5,000").claim_id != find(article, "more than 5,000").claim_id
    assert find(article, "100,625", 1).claim_id == find(article, "100,625", 5).claim_id


def test_a_conflict_that_claimed_lives_is_a_toll_not_a_source(fixture_claims):
    lives = find([c for c in fixture_claims if Path(c.file).name == "wire_headline_total.txt"], "some 35,000")
    assert (lives.metric, lives.value, lives.source, lives.historical, lives.as_of) == ("killed", 35000, None, True, None)


def test_headline_and_body_mentions_share_a_claim_id(fixture_claims):
    article = [c for c in fixture_claims if Path(c.file).name == "wire_headline_total.txt"]
    headline, body = find(article, "7,000", 1), find(article, "Some 7,000", 5)
    assert headline.claim_id == body.claim_id != find(article, "97,700").claim_id


def test_ages_vehicles_tonnes_and_distances_are_not_claims(fixture_claims):
    texts = {c.text for c in fixture_claims if Path(c.file).name == "wire_headline_total.txt"}
    assert {"65", "10", "Around 30", "90", "3", "roughly 30%"}.isdisjoint(texts)


def test_vehicles_and_costs_are_not_claims(fixture_claims):
    texts = {c.text for c in fixture_claims if Path(c.file).name == "wire_depot_toll.txt"}
    assert {"Over 21,000", "$300 million", "Some 1,500"}.isdisjoint(texts)


@pytest.mark.parametrize("name,text,line,metric,subject,side,place,source,as_of", PHRASING_CASES)
def test_phrasing_claim(fixture_claims, name, text, line, metric, subject, side, place, source, as_of):
    claim = find([c for c in fixture_claims if Path(c.file).name == name], text, line)
    assert (claim.metric, claim.subject, claim.side, claim.place) == (metric, subject, side, place)
    assert (claim.source, claim.as_of, claim.historical) == (source, as_of, False)


def test_historical_figures_in_a_wire_story(fixture_claims):
    wire = [c for c in fixture_claims if Path(c.file).name == "wire_un_update.txt" and c.historical]
    assert [(c.text, c.metric, c.as_of) for c in wire] == [("some 30,000", "killed", None),
                                                           ("hundreds of thousands", "refugees", None)]


def test_a_part_of_the_figure_before_keeps_its_metric(fixture_claims):
    housed = find([c for c in fixture_claims if Path(c.file).name == "wire_shelters.txt"], "about 30,000", 7)
    assert (housed.metric, housed.subject, housed.value, housed.qualifier) == ("refugees", "displaced people", 30000, "about")


def test_a_part_of_speech_trigger_does_not_match_another_part_of_speech(tmp_path):
    article = tmp_path / "floods.txt"
    article.write_text("Title: Floods\nDate: 2024-04-02\n\nFloodwaters forced 3,000 families from their homes.\n"
                       "The army sent a force of 500 soldiers.\n", encoding="utf-8")
    claims = list(Extractor(config=CONFIG).run([str(article)]))
    # "forced" is no military force; "forced from their homes" is displacement ("from home")
    assert [(c.text, c.metric, c.subject) for c in claims] == [("3,000", "refugees", "families"),
                                                                ("500", "military_strength", "soldiers")]


def test_an_analysis_full_of_numbers_keeps_only_its_claims(fixture_claims):
    article = [c for c in fixture_claims if Path(c.file).name == "analysis_many_numbers.txt"]
    # "the 1994 ceasefire left ...", "the 2020 war ... killed ...": the event's year makes a toll historical
    assert [(c.text, c.metric, c.historical, c.as_of) for c in article if c.historical] == [
        ("some 30,000", "killed", True, None), ("more than 6,500", "killed", True, None)]
    # "according to the 2020 agreement" names a source, not the period of the figure
    peacekeepers = find(article, "some 2,000")
    assert (peacekeepers.metric, peacekeepers.historical, peacekeepers.as_of) == ("military_strength", False, D(2023, 10, 5))
    spending = find(article, "$3.1 billion")
    assert (spending.metric, spending.side, spending.source, spending.unit) == ("military_spending", "Azerbaijani", "SIPRI", "USD")
    # "leaving 120,000 people short of food": people left behind, not people who left
    texts = {c.text for c in article}
    assert {"120,000", "12.6%", "60", "22", "30", "48", "about 100", "44", "5"}.isdisjoint(texts)


def test_another_configuration_reads_stored_articles_again(tmp_path):
    from karabakh_claims.ledger import Ledger

    article = tmp_path / "note.txt"
    article.write_text("Title: Note\nDate: 2024-05-08\n\nOfficials said 300 families were evacuated.\n", encoding="utf-8")
    config = tmp_path / "mine.toml"
    config.write_text('[settings]\nabout_margin = 0.2\n', encoding="utf-8")
    with Ledger(tmp_path / "claims.db") as ledger:
        runs = [Extractor(ledger=ledger, config=load_config(path)) for path in (None, None, str(config), str(config))]
        for extractor in runs:
            list(extractor.run([str(article)]))
        assert [(e.stats.parsed, e.stats.reused) for e in runs] == [(1, 0), (0, 1), (1, 0), (0, 1)]
        assert {a.pipeline_version for a in ledger.articles()} == {load_config(config).pipeline_version}
    assert load_config().pipeline_version != load_config(config).pipeline_version


def test_a_headline_claim_keeps_its_sentence_without_the_header_key(fixture_claims):
    headline = find([c for c in fixture_claims if Path(c.file).name == "wire_headline_total.txt"], "7,000", 1)
    assert headline.sentence == "7,000 more refugees arrive overnight as Armenia counts the cost"


def test_docs_keep_their_claims_through_to_bytes(nlp):
    """Users may run our components with nlp.pipe(n_process=N), which sends docs between processes
    with Doc.to_bytes: the dates and quantities on the span extensions survive the trip."""
    from spacy.tokens import Doc

    article = Article(file="x.txt", id="x", offset=0, text="On Monday, officials said 1,200 refugees had arrived in Goris.",
                      published=D(2023, 9, 28))
    doc = nlp(make_doc(nlp, article))
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    before, after = doc.spans[SPANS_KEY], copy.spans[SPANS_KEY]
    assert len(after) == len(before) >= 1
    assert claims_from_doc(copy, article, all_mentions=True) == claims_from_doc(doc, article, all_mentions=True)
    assert copy._.published == D(2023, 9, 28)


def test_a_revised_toll_is_two_claims_the_earlier_one_undated(nlp):
    doc = parse(nlp, "The health ministry on Friday revised the death toll from 1,400 to 1,200 people killed.",
                published=dt.date(2031, 5, 6))
    claims = [(s.text, s._.metric, s._.transition, s._.source) for s in doc.spans[SPANS_KEY] if s._.metric]
    assert claims == [("1,400", "killed", "from", "The health ministry"), ("1,200", "killed", "to", "The health ministry")]
    assert [s._.as_of for s in doc.spans[SPANS_KEY] if s._.metric] == [None, dt.date(2031, 5, 2)]
