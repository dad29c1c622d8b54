"""Origins: who produced each figure (sources.toml), its kind and side, and retractions; real spaCy pipeline,
made-up sentences of several crises and constructions."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from conftest import CONFIG, ROOT, SEEDS

from karabakh_claims.config import ConfigError, load_config
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import Article
from karabakh_claims.nlp.origins import Origin, OriginRules
from karabakh_claims.nlp.pipeline import make_doc
from karabakh_claims.nlp.records import claims_from_doc

RULES = OriginRules(CONFIG.sources, CONFIG.metrics)
ARMENIA = RULES.state_of_word["armenia"]


def origins(nlp, text: str, publisher: str | None = "Daily Planet") -> dict[int, tuple]:
    """Each claim's value → (origin, kind, side, retracted)."""
    article = Article(id="t", file="t.txt", offset=0, text=text, publisher=publisher, published=dt.date(2024, 5, 8))
    claims = claims_from_doc(nlp(make_doc(nlp, article)), article)
    return {int(c.value): (c.origin, c.origin_kind, c.origin_side, c.retracted) for c in claims}


# --- names into origins (no parse) ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("the government in Yerevan", ("Government of Armenia", "government", "Armenian")),
    ("the Armenian government", ("Government of Armenia", "government", "Armenian")),
    ("Armenia", ("Government of Armenia", "government", "Armenian")),
    ("The Defense Ministry in Baku", ("Ministry of Defence of Azerbaijan", "government", "Azerbaijani")),
    ("UNHCR Syria representative Sivanka Dhanapala", ("UNHCR", "un_agency", None)),
    ("the UN refugee agency", ("UNHCR", "un_agency", None)),
    ("A United Nations official", ("United Nations", "un_agency", None)),
    ("the UN's cultural agency", ("UNESCO", "un_agency", None)),
    ("the U.S. National Security Council", ("Government of the United States", "government", "American")),
    ("Kenya's interior minister", ("Ministry of Interior of Kenya", "government", "Kenyan")),
    ("the Sudanese Red Crescent", ("Red Cross and Red Crescent Society of Sudan", "red_cross", None)),
    ("the Ukrainian army", ("Armed Forces of Ukraine", "military", "Ukrainian")),
    ("Doctors Without Borders", ("MSF", "ngo", None)),
    ("The state-run SANA news agency", ("SANA", "state_media", "Syrian")),
    ("the Gaza Ministry of Health", ("Ministry of Health of Gaza", "government", "Palestinian")),
    ("the Palestinian Ministry of Health in Ramallah", ("Ministry of Health of Palestine", "government", "Palestinian")),
    ("Azerbaijani sources", ("Azerbaijani sources", "unspecified", "Azerbaijani")),
    ("the governor of Hatay", ("Governor of Hatay", "local_authority", None)),
    ("Local officials", ("Local officials", "local_authority", None)),
])
def test_a_name_gives_its_origin(name, expected):
    origin = RULES.resolve(name)
    assert (origin.name, origin.kind, origin.side) == expected


def test_a_body_without_its_state_takes_the_one_its_context_names_unless_it_must_name_it():
    assert RULES.resolve("the healthcare ministry", [ARMENIA]).name == "Ministry of Health of Armenia"
    assert RULES.resolve("the prime minister’s spokesperson Nazeli Baghdasaryan", [ARMENIA]).name == "Government of Armenia"
    assert RULES.resolve("the healthcare ministry").name == "Healthcare ministry"
    assert RULES.resolve("the Red Cross", [ARMENIA]) == Origin("Red Cross", "red_cross", None, state=None)
    assert RULES.resolve("the embassy", [ARMENIA]).canonical is False


def test_a_territory_names_its_own_bodies():
    gaza = RULES.territories["Gaza"]
    assert RULES.resolve("the territory's health ministry", (), [gaza]).name == "Ministry of Health of Gaza"
    assert RULES.resolve("the Palestinian health ministry").name == "Ministry of Health of Palestine"


def test_the_outlet_is_the_origin_of_a_figure_attributed_to_no_one():
    assert RULES.outlet("Daily Planet", "a.txt") == Origin("Daily Planet", "media", None, canonical=True)
    assert RULES.outlet(None, "a.txt").name == "a.txt"
    assert RULES.outlet("The White Helmets (Syria Civil Defence)", "a.txt").name == "White Helmets"


# --- in articles ----------------------------------------------------------------------------------


def test_a_ministry_named_with_its_state_or_its_capital(nlp):
    found = origins(nlp, "Sudan's health ministry said 300 people were killed in the fighting. "
                         "At least 1,200 people have died, according to the Ministry of Health in Khartoum.")
    assert found == {300: ("Ministry of Health of Sudan", "government", "Sudanese", False),
                     1_200: ("Ministry of Health of Sudan", "government", "Sudanese", False)}


def test_a_territory_noun_takes_the_territory_the_article_names_after_it(nlp):
    found = origins(nlp, "The territory's health ministry said 30 people were killed overnight. "
                         "The strikes hit homes in the south of Gaza.")
    assert found == {30: ("Ministry of Health of Gaza", "government", "Palestinian", False)}


def test_a_person_speaks_for_their_body_by_surname_and_pronoun(nlp):
    found = origins(nlp, "Haiti's prime minister Ariel Henry said 2,200 people died in the quake.\n\n"
                         "Henry said that 12,000 were injured. He added that 30,000 houses were destroyed and "
                         "5,000 families were displaced.")
    assert found[2_200] == found[12_000] == ("Government of Haiti", "government", "Haitian", False)
    assert found[5_000] == ("Government of Haiti", "government", "Haitian", False)


def test_a_person_named_by_a_clause_on_them_speaks_for_that_body(nlp):
    found = origins(nlp, "\"As many as 60,000 people have fled to Chad,\" Jane Doe, who represents the UN "
                         "High Commissioner for Refugees in Sudan, told reporters.")
    assert found == {60_000: ("UNHCR", "un_agency", None, False)}


def test_aliases_of_one_agency_collapse_and_the_umbrella_stays_apart(nlp):
    found = origins(nlp, "The UN refugee agency said 50,000 people fled to Chad.\n\n"
                         "UNHCR said 60,000 refugees had arrived by Friday.\n\n"
                         "A United Nations official said 4,000 people were displaced in Darfur.")
    assert found[50_000][0] == found[60_000][0] == "UNHCR"
    assert found[4_000] == ("United Nations", "un_agency", None, False)


def test_a_military_takes_the_state_its_sentence_names(nlp):
    found = origins(nlp, "In Myanmar, the military said 30 soldiers were killed in the clashes.")
    assert found == {30: ("Armed Forces of Myanmar", "military", "Burmese", False)}


def test_the_state_of_those_who_did_it_is_not_the_counters(nlp):
    found = origins(nlp, "Israeli air strikes have killed 2,300 people, the health ministry said.")
    assert found[2_300][:3] == ("Health ministry", "government", None)
    found = origins(nlp, "Twenty people were killed by Russian missiles, the regional governor said.")
    assert found[20][:3] == ("Regional governor", "local_authority", None)


def test_distinct_bodies_of_one_side_stay_distinct(nlp):
    found = origins(nlp, "The health ministry in Gaza said 40 people were killed on Monday.\n\n"
                         "The government media office in Gaza said 52 people were killed.\n\n"
                         "The Palestinian health ministry in Ramallah put the toll at 45 people killed.")
    assert {found[f][0] for f in (40, 52, 45)} == {
        "Ministry of Health of Gaza", "Government Media Office of Gaza", "Ministry of Health of Palestine"}


def test_a_figure_attributed_to_no_one_is_the_outlets(nlp):
    assert origins(nlp, "Floods killed 80 people in the valley.") == {80: ("Daily Planet", "media", None, False)}
    assert origins(nlp, "Floods killed 80 people in the valley.", publisher=None)[80][0] == "t.txt"


def test_a_state_counting_its_own_losses(nlp):
    found = origins(nlp, "Russia has lost 300 soldiers in the battle for the town.")
    assert found == {300: ("Ministry of Defence of Russia", "government", "Russian", False)}


def test_figures_given_together_have_a_joint_origin(nlp):
    found = origins(nlp, "Figures from the Turkish health ministry and the World Bank show that 300 people died in the quake.")
    assert found == {300: ("Ministry of Health of Turkey and World Bank", "joint", None, False)}


def test_an_unknown_producer_is_kept_as_the_article_names_it(nlp):
    found = origins(nlp, "Local officials said 120 people were missing in the village of Tarn.")
    assert found == {120: ("Local officials", "local_authority", None, False)}


# --- retractions -----------------------------------------------------------------------------------


def test_a_figure_its_origin_withdrew_is_retracted(nlp):
    found = origins(nlp, "Sudan's health ministry said 1,500 people died. "
                         "The ministry later withdrew its estimate of 2,000 dead.")
    assert found[1_500] == ("Ministry of Health of Sudan", "government", "Sudanese", False)
    assert found[2_000] == ("Ministry of Health of Sudan", "government", "Sudanese", True)


def test_a_figure_its_holder_disowned_is_retracted(nlp):
    found = origins(nlp, "Kenya's interior ministry put the toll at 300 dead but later withdrew the figure.")
    assert found == {300: ("Ministry of Interior of Kenya", "government", "Kenyan", True)}
    found = origins(nlp, "The Sudanese Red Crescent, which had put the toll at 300 dead, later disowned the figure.")
    assert found == {300: ("Red Cross and Red Crescent Society of Sudan", "red_cross", None, True)}


def test_a_rival_denying_a_figure_does_not_retract_it(nlp):
    found = origins(nlp, "Ethiopia denied that 200 civilians died in the strike.")
    assert found == {200: ("Daily Planet", "media", None, False)}
    found = origins(nlp, "Ukraine's defence ministry denied the figure of 600 dead given by Russian state media.")
    assert found == {600: ("Russian state media", "state_media", "Russian", False)}


# --- the sources file -----------------------------------------------------------------------------

USER_SOURCES = """
[origins."Artsakh authorities"]
kind = "local_authority"
side = "Armenian"
aliases = ["separatist authorities", "authorities in Stepanakert", "Artsakh"]
"""


def test_a_user_file_adds_origins_over_the_packaged_ones(tmp_path):
    mine = tmp_path / "mine.sources.toml"
    mine.write_text(USER_SOURCES, encoding="utf-8")
    config = load_config(sources_path=mine).validated()
    rules = OriginRules(config.sources, config.metrics)
    assert rules.resolve("the separatist authorities").name == "Artsakh authorities"
    assert rules.resolve("UNHCR").name == "UNHCR"
    assert config.digest != load_config().digest
    assert config.sources_name == str(mine)


def test_a_bad_sources_file_is_one_line_naming_it(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[origins.X]\nkind = "ngo"\naliases = []\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(sources_path=bad).validated()
    assert str(raised.value).startswith(f"{bad}: ") and "\n" not in str(raised.value)
    with pytest.raises(ConfigError, match="nowhere.toml"):
        load_config(sources_path=tmp_path / "nowhere.toml")


def test_the_sources_option_through_the_claims_executable(tmp_path, claims_exe, cli_env):
    article = tmp_path / "a.txt"
    article.write_text("Title: Clashes\nPublisher: Daily Planet\nDate: 2023-09-21\n\n"
                       "The separatist authorities said 200 people were killed on Tuesday.\n", encoding="utf-8")
    mine = tmp_path / "mine.sources.toml"
    mine.write_text(USER_SOURCES, encoding="utf-8")

    def run(*args):
        return subprocess.run([claims_exe, "extract", str(article), "--format", "jsonl", *args],
                              capture_output=True, text=True, env=cli_env, cwd=ROOT)

    before, after = run(), run("--sources", str(mine))
    assert before.returncode == after.returncode == 0, after.stderr
    assert [json.loads(line)["origin"] for line in before.stdout.splitlines()] == ["Separatist authorities"]
    (record,) = [json.loads(line) for line in after.stdout.splitlines()]
    assert (record["origin"], record["origin_kind"], record["origin_side"], record["retracted"]) == (
        "Artsakh authorities", "local_authority", "Armenian", False)
    bad = tmp_path / "bad.toml"
    bad.write_text("[origins\n", encoding="utf-8")
    failed = run("--sources", str(bad))
    assert failed.returncode == 2 and failed.stdout == ""
    assert [line for line in failed.stderr.splitlines() if "bad.toml" in line] == [
        line for line in failed.stderr.splitlines() if line.startswith("Error:")]


def test_origins_go_in_the_ledger_and_come_back(tmp_path, nlp):
    text = "Kenya's interior ministry put the toll at 300 dead but later withdrew the figure."
    article = Article(id="k", file="k.txt", offset=0, text=text, publisher="Daily Planet")
    claims = claims_from_doc(nlp(make_doc(nlp, article)), article)
    with Ledger(tmp_path / "claims.db") as ledger:
        ledger.replace_article(article, claims, "v1")
        assert ledger.article_claims("k") == claims
    assert [(c.origin, c.origin_kind, c.origin_side, c.retracted) for c in claims] == [
        ("Ministry of Interior of Kenya", "government", "Kenyan", True)]


def test_the_seeds_refugee_figures_of_one_government_share_its_origin(tmp_path, claims_exe, cli_env):
    done = subprocess.run([claims_exe, "extract", str(SEEDS), "--format", "jsonl"], capture_output=True, text=True,
                          env=cli_env, cwd=ROOT)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    refugees = {(r["publisher"], r["value"], r["origin"], r["origin_kind"], r["origin_side"]) for r in records
                if r["metric"] == "refugees" and r["source"] and r["published"] == "2023-10-04"}
    assert refugees == {
        ("POLITICO", 100000, "Government of Armenia", "government", "Armenian"),
        ("Jerusalem Post", 30000, "Government of Armenia", "government", "Armenian"),
        ("TGP – The GeoPolitics", 100000, "Government of Armenia", "government", "Armenian"),
        ("ARMENPRESS", 100632, "Government of Armenia", "government", "Armenian"),
    }
    killed = {(r["value"], r["origin"]) for r in records if r["metric"] == "killed" and r["value"] in (191, 192)}
    assert killed == {(192, "Ministry of Defence of Azerbaijan"), (191, "Ministry of Defence of Azerbaijan")}
