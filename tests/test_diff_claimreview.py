"""`claims diff --format claimreview`: a schema.org ClaimReview (JSON-LD) per judged figure.

Every item is checked against tests/schemas/claimreview.schema.json, the fields Google's fact check
markup documentation requires (claimReviewed, reviewRating with alternateName, url) and the shape of
those it recommends; the real executable on the seeds, the builder on hand-made figures."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import KARABAKH_METRICS, ROOT
from jsonschema import Draft202012Validator

from karabakh_claims.cli import cli
from karabakh_claims.models import Claim, Estimate, Qualifier, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.render.claimreview import Reviewer, claim_reviews, file_reference, review_lines, review_url

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "claimreview.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
REVIEW = ("--format", "claimreview", "--reviewer", "Seeds Desk", "--review-url", "https://checks.example.org/refugees",
          "--review-date", "2024-02-01")


def problems(item: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(item)]


def run(exe: str, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run([exe, *args, "--metrics", str(KARABAKH_METRICS)], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def seeds_env(tmp_path_factory, claims_exe) -> dict[str, str]:
    env = dict(os.environ, CLAIMS_DB=str(tmp_path_factory.mktemp("ledger") / "claims.db"), CI="true")
    run(claims_exe, "extract", "seeds/", "--format", "jsonl", env=env)
    return env


def test_the_schema_is_a_valid_json_schema_that_refuses_a_review_without_a_rating_name():
    Draft202012Validator.check_schema(SCHEMA)
    assert any("'alternateName' is a required property" in p for p in problems(
        {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x", "url": "#a",
         "reviewRating": {"@type": "Rating", "ratingValue": 1}}))


# --- the real executable on the seeds ---------------------------------------------------------


def test_every_figure_of_the_diff_is_one_valid_review(claims_exe, seeds_env):
    quantities = json.loads(run(claims_exe, "diff", "--format", "json", env=seeds_env))
    out = run(claims_exe, "diff", *REVIEW, env=seeds_env)
    reviews = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the output"))
    assert len(reviews) == sum(len(q["claims"]) for q in quantities) > 0
    assert [problems(r) for r in reviews] == [[] for _ in reviews]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == [c["verdict"] for q in quantities for c in q["claims"]]
    assert [r["itemReviewed"]["about"]["name"] for r in reviews] == [c["text"] for q in quantities for c in q["claims"]]
    for review in reviews:
        assert review["author"] == {"@type": "Organization", "name": "Seeds Desk"}
        assert review["datePublished"] == "2024-02-01"
        assert review["url"].startswith("https://checks.example.org/refugees#claim-")
        assert {"author", "appearance", "about"} <= set(review["itemReviewed"])
    assert len({r["url"] for r in reviews}) == len(reviews)


def test_the_jerusalem_post_refugees_figure_is_reviewed_stale_with_its_article_and_origin(claims_exe, seeds_env):
    reviews = json.loads(run(claims_exe, "diff", "--metric", "refugees", *REVIEW, env=seeds_env))
    (stale,) = [r for r in reviews if r["reviewRating"]["alternateName"] == "stale"]
    assert stale["claimReviewed"] == ("According to the Armenian government, nearly 30,000\u00a0refugees have crossed "
                                      "into the country\u00a0since local forces surrendered to Azerbaijan.")
    assert stale["itemReviewed"]["author"] == {"@type": "Organization", "name": "Government of Armenia"}
    assert stale["itemReviewed"]["datePublished"] == "2023-10-04"
    assert stale["itemReviewed"]["appearance"] == "https://www.jpost.com/israel-news/article-761691"
    assert stale["reviewRating"]["ratingExplanation"].startswith(
        'outdated: Jerusalem Post "nearly 30,000" (2023-10-04, per the Armenian government) is below Bloomberg '
        '"More than 50,000" (2023-09-27, per the government in Yerevan), reported a day or more earlier')
    figure = stale["itemReviewed"]["about"]
    assert (figure["name"], figure["value"], figure["minValue"], figure["maxValue"], figure["unitText"]) == (
        "nearly 30,000", 30_000, 27_000, 30_000, "people")
    assert figure["additionalProperty"] == [
        {"@type": "PropertyValue", "name": "quantity", "value": "refugees|people|-|-|current"},
        {"@type": "PropertyValue", "name": "asOf", "value": "2023-10-04"}]
    bloomberg = next(r for r in reviews if r["itemReviewed"]["about"]["name"] == "28,000")
    assert bloomberg["itemReviewed"]["appearance"]["url"] == "seeds/000_d08bcaf33cd278f6.txt"
    assert bloomberg["reviewRating"]["alternateName"] == "progression"


def test_another_reviewer_is_never_answered_from_the_saved_output(claims_exe, seeds_env):
    first = json.loads(run(claims_exe, "diff", "--metric", "killed", *REVIEW, env=seeds_env))
    again = json.loads(run(claims_exe, "diff", "--metric", "killed", *REVIEW[:2], "--reviewer", "Other Desk",
                           "--review-date", "2024-03-01", env=seeds_env))
    assert {r["author"]["name"] for r in first} == {"Seeds Desk"}
    assert {(r["author"]["name"], r["datePublished"]) for r in again} == {("Other Desk", "2024-03-01")}
    assert {r["url"].split("#")[0] for r in again} == {""}


# --- usage --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "claimreview"], "--format claimreview needs --reviewer NAME: who publishes the reviews"),
    (["--format", "claimreview", "--reviewer", "  "], "--format claimreview needs --reviewer NAME"),
    (["--reviewer", "Desk"], "--reviewer, --review-url and --review-date go with --format claimreview"),
    (["--format", "json", "--review-date", "2024-01-01"], "--reviewer, --review-url and --review-date go with"),
    (["--format", "claimreview", "--reviewer", "Desk", "--by", "origin"], "give it without --by origin"),
    (["--format", "claimreview", "--reviewer", "Desk", "--review-url", "checks.example.org"],
     "--review-url must be an absolute http(s) URL, not 'checks.example.org'"),
])
def test_claimreview_options_are_checked_before_the_ledger_is_opened(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["diff", "--db", str(tmp_path / "none.db"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "none.db").exists()


# --- the builder --------------------------------------------------------------------------------


def figure(**fields) -> ReconciledClaim:
    base = dict(file="/data/in box/a.txt", article_id="a1", title="Camp </script><b>full</b>", publisher="[red]Wire[/]",
                text="about 300", value=300, low=270, high=330, qualifier=Qualifier.about, unit="people", start=7,
                end=16, line=2, sentence='Officials said "about 300" [link=https://x.example]fled[/link] </script>.',
                metric="refugees", source="Officials & co", as_of=dt.date(2031, 5, 2))
    claim = Claim(**{**base, **fields})
    return ReconciledClaim(claim=claim, low=claim.low, high=math.inf, verdict=Verdict.single, explanation="only <one>")


def quantity(*figures: ReconciledClaim) -> QuantityGroup:
    return QuantityGroup(key="refugees|people|-|-|current", metric="refugees", subject="people",
                         estimate=Estimate(rule="r"), claims=figures)


def test_article_text_is_kept_as_written_and_the_json_is_safe_inside_a_script_element():
    reviewer = Reviewer("Desk & <Co>", dt.date(2031, 6, 1))
    line = next(review_lines([quantity(figure())], reviewer))
    assert "<" not in line and ">" not in line and "&" not in line
    review = json.loads(line)
    assert review == claim_reviews([quantity(figure())], reviewer)[0]
    assert problems(review) == []
    assert review["claimReviewed"] == 'Officials said "about 300" [link=https://x.example]fled[/link] </script>.'
    assert review["author"] == {"@type": "Organization", "name": "Desk & <Co>"}
    assert review["url"] == "#claim-a1-7"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "single", "ratingExplanation": "only <one>"}
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Officials & co"}
    assert "datePublished" not in item
    assert item["appearance"] == {"@type": "CreativeWork", "url": "file:///data/in%20box/a.txt",
                                  "name": "Camp </script><b>full</b>"}
    assert "maxValue" not in item["about"] and item["about"]["minValue"] == 270


def test_a_person_origin_is_a_person_and_an_article_url_is_the_appearance():
    (review,) = claim_reviews([quantity(figure(origin="Dr. Jane Roe", origin_kind="person", url="https://news.example/a",
                                               published=dt.date(2031, 5, 3)))], Reviewer("Desk", dt.date(2031, 6, 1)))
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Dr. Jane Roe"}
    assert (item["datePublished"], item["appearance"]) == ("2031-05-03", "https://news.example/a")
    (review,) = claim_reviews([quantity(figure(origin="UNHCR", origin_kind="un_agency"))], Reviewer("D", dt.date(2031, 6, 1)))
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "UNHCR"}


def test_urls_of_reviews_and_files():
    assert review_url("https://checks.example.org/p?q=1#old", "claim-a-1") == "https://checks.example.org/p?q=1#claim-a-1"
    assert review_url(None, "claim-a-1") == "#claim-a-1"
    assert file_reference("seeds/a b.txt") == "seeds/a%20b.txt"
    assert file_reference("/srv/news/a.txt") == "file:///srv/news/a.txt"
