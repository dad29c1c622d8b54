"""The spaCy stage on real text: which numbers are claims, and what each one counts."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy

from karabakh_claims.extract import Extractor
from karabakh_claims.lexicon import load_lexicon
from karabakh_claims.models import Article
from karabakh_claims.pipeline import SPANS_KEY, claims_from_doc, make_doc

from conftest import FIXTURES, SEEDS

D = dt.date


@pytest.fixture(scope="module")
def seed_claims():
    return list(Extractor().run([str(SEEDS)]))


@pytest.fixture(scope="module")
def fixture_claims():
    return list(Extractor().run([str(FIXTURES / "articles")]))


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
    ("estimated 100,000", 11, "population", "residents", None, None, None, None, False),
    ("more than 100,000", 25, "refugees", "people", None, None, "the Armenian government", D(2023, 10, 4), False),
    ("nearly 30,000", 46, "refugees", "refugees", None, None, "the Armenian government", D(2023, 10, 4), False),
    ("About 120,000", 46, "population", "ethnic Armenians", None, None, None, None, False),
    ("at least a hundred thousand", 59, "refugees", "Armenians", None, None, None, D(2023, 10, 4), False),
    ("more than 200", 91, "killed", "Armenian separatists", "Armenian", None, "Azerbaijani sources", D(2023, 9, 20), False),
    ("400 to 700", 91, "wounded", None, "Armenian", None, "Azerbaijani sources", D(2023, 9, 20), False),
    ("191", 91, "killed", "soldiers and militias", "Azerbaijani", None, None, D(2023, 10, 4), False),
    ("100 thousand", 91, "refugees", "people", None, None, "the latest data provided by Armenia", D(2023, 10, 4), False),
    ("over 300.000", 97, "refugees", "Azeries", None, None, None, None, True),
    ("over 2.000", 97, "missing", None, None, None, None, None, True),
    ("5,000", 101, "military_strength", "Russian contingent", None, None, None, D(2023, 10, 4), False),
    ("almost $3 billion", 107, "military_spending", None, "Azerbaijani", None, None, None, False),
    ("$0.5 billion", 107, "military_spending", None, None, None, None, D(2023, 10, 4), False),
    ("2.000", 109, "military_strength", "contingent", None, None, None, D(2023, 10, 4), False),
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
    ("€5m", 8, "aid", None, None, None, D(2023, 10, 12)),
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
    (claim,) = Extractor(lexicon_path=str(config)).run([str(article)])
    assert (claim.metric, claim.value, claim.source, claim.as_of) == ("cases", 1240, "Health officials", D(2024, 3, 2))
    assert list(load_lexicon(config).metrics) == ["cases"]
    assert "say" in load_lexicon(config).attribution.reporting_verbs


def test_factories_are_registered_for_spacy_users(tmp_path, nlp):
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"claims_line_breaks", "claims_quantities", "claims_semantics"} <= names
    nlp.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")
    assert reloaded.pipe_names[-2:] == ["claims_quantities", "claims_semantics"]
    doc = reloaded("About 2,000 people were evacuated on Friday.")
    assert [(s.text, s._.metric) for s in doc.spans[SPANS_KEY]] == [("About 2,000", "refugees")]


def test_sidecar_metadata_fills_what_the_file_lacks(seed_claims, tmp_path):
    bloomberg = find(seed_claims, "192")
    assert (bloomberg.publisher, bloomberg.published) == ("Bloomberg", D(2023, 9, 27))
    article = tmp_path / "note.txt"
    article.write_text("Officials said 300 families were evacuated on Monday.\n", encoding="utf-8")
    (tmp_path / "note.meta.toml").write_text('date = 2024-05-08\npublisher = "Local Paper"\n', encoding="utf-8")
    (claim,) = Extractor().run([str(tmp_path)])
    assert (claim.publisher, claim.published, claim.as_of) == ("Local Paper", D(2024, 5, 8), D(2024, 5, 6))


def test_gold_scores_on_the_seeds(seed_claims):
    from karabakh_claims.evaluate import evaluate, read_gold
    from karabakh_claims.ingest import read_file_text

    texts = {p.name: read_file_text(p) for p in SEEDS.glob("*.txt")}
    result = evaluate(read_gold(FIXTURES / "gold" / "seeds.jsonl"), seed_claims, texts, load_lexicon())
    assert (result.overall.gold, result.overall.predicted, result.overall.matched) == (40, 40, 39)
    assert result.overall.f1 >= 0.95
    assert result.attribution_accuracy >= 0.85
    assert result.as_of_accuracy >= 0.90
    assert [(g.metric, g.value) for g in result.misses] == [("refugees", 500000)]
