"""The fast paths of `claims diff` (issue 7) give what the plain ones give: records read back from the
ledger, quantities grouped once per distinct set of fields, and JSON written without json.dumps per figure."""

from __future__ import annotations

import datetime as dt
import json
import math

from conftest import FIXTURES

from karabakh_claims.config import load_config
from karabakh_claims.jobs.reconciling import reconcile_ledger
from karabakh_claims.ledger import Ledger
from karabakh_claims.ledger.rows import CLAIM_FIELDS, claim_from_row, claim_row
from karabakh_claims.models import Article, Change, Claim, Estimate, Qualifier, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.reconcile import key_parts, metric_batches, with_only_side
from karabakh_claims.reconcile import reconcile as reconcile_with
from karabakh_claims.render.diff import DiffWriter, diff_text, group_record

SEED_CLAIMS = FIXTURES / "corpora" / "seed_claims.jsonl"

CONFIG = load_config()


def reconcile(claims, **options):
    return reconcile_with(claims, rules=CONFIG.groups, **options)


def seed_claims() -> list[Claim]:
    return [Claim.model_validate_json(line) for line in SEED_CLAIMS.read_text(encoding="utf-8").splitlines() if line]


def odd_claim() -> Claim:
    return Claim(
        file='dir/"quoted" \\ file.txt', article_id="a1", title="Tït\u2028le", publisher="Żurnal «Ноябрь»",
        published=dt.date(2031, 3, 1), url=None, text="12,500", value=12500.0, low=12000.0, high=None,
        qualifier=Qualifier.at_least, unit="people", change=Change.up, start=3, end=9, line=2,
        sentence='He said "12,500"\tmore fled\n(up)', metric="refugees", subject="people", side="North",
        place="Goris", source="the UN", as_of=dt.date(2031, 3, 2), historical=True, claim_id="c\u00e9",
    )


def test_a_claim_read_back_from_its_row_is_the_claim_validated_again():
    for claim in [*seed_claims(), odd_claim()]:
        row = claim_row(claim, "v", None)[: len(CLAIM_FIELDS)]
        back = claim_from_row(row)
        assert back == claim
        assert back.model_dump() == claim.model_dump()
        assert back.model_fields_set == claim.model_fields_set | set(CLAIM_FIELDS)
        assert [type(v) for v in back.__dict__.values()] == [type(v) for v in claim.__dict__.values()]
        assert hash(back) == hash(claim)


def test_grouping_once_per_distinct_fields_gives_every_claim_its_own_key():
    claims = [*seed_claims(), odd_claim()]
    rules = CONFIG.groups
    expected = with_only_side([key_parts(c, rules) for c in claims if c.metric], rules)
    keys = {}
    for group in reconcile(claims, cumulative_metrics={"refugees", "killed"}):
        for rc in group.claims:
            keys.setdefault(id(rc.claim), group.key)
    assert [keys[id(c)] for c in claims if c.metric] == [p.key() for p in expected]


def test_diff_json_is_json_dumps_of_each_group_record():
    groups = reconcile([*seed_claims(), odd_claim()], cumulative_metrics={"refugees", "killed"})
    unbounded = QuantityGroup(
        key="k", metric="m", subject="s", estimate=Estimate(low=1.5, best=2.0, high=math.inf, rule="r"),
        claims=(ReconciledClaim(claim=odd_claim(), low=None, high=1e21, verdict=Verdict.vague, explanation="x\u0007y"),),
    )
    empty = QuantityGroup(key="e", metric="m", subject="s", estimate=Estimate(rule="none"), claims=())
    for chosen in (groups, [unbounded, empty], []):
        lines = [json.dumps(group_record(g), ensure_ascii=False) for g in chosen]
        assert diff_text(chosen, "json") == ("[\n" + ",\n".join(lines) + "\n]" if chosen else "[]") + "\n"


def test_metrics_whose_keys_can_interleave_are_reconciled_together():
    assert metric_batches(["refugees", "killed_civilians", "aid", "killed", "killed", "killedx"]) == [
        ["aid"], ["killed", "killed_civilians", "killedx"], ["refugees"]]
    assert metric_batches([]) == []


def ledger_of(claims: list[Claim], path) -> Ledger:
    """A real ledger file holding these claims, stored as `claims extract` stores them."""
    ledger = Ledger(path)
    articles = {c.article_id: Article(id=c.article_id, file=c.file, offset=0, text=c.sentence) for c in claims}
    ledger.replace_articles([(a, [c for c in claims if c.article_id == a.id]) for a in articles.values()], "v")
    return ledger


def test_reconciling_a_batch_of_metrics_at_a_time_gives_every_quantity_in_the_same_order(tmp_path):
    """Batches in key order together are `reconcile` of all the claims, even where one metric's name
    starts another's and their quantities' keys interleave (killed[USD]|… < killed_civilians|… < killed|…)."""
    claims = [*seed_claims(), odd_claim()]
    renamed = [c.model_copy(update={"metric": "killed_civilians"}) for c in claims if c.metric == "killed"]
    money = [c.model_copy(update={"unit": "USD", "subject": "funding"}) for c in claims if c.metric == "killed"]
    claims += renamed + money
    cumulative = CONFIG.metrics.cumulative_metrics
    with ledger_of(claims, tmp_path / "l.db") as ledger:
        batches = list(reconcile_ledger(ledger, ledger.metrics(), CONFIG))
        stored = ledger.claims()
    settings = CONFIG.metrics.settings
    whole = reconcile(stored, cumulative_metrics=cumulative, per_origin_metrics=CONFIG.metrics.per_origin_metrics,
                      neutral_kinds=settings.neutral_kinds, prefer_neutral=settings.prefer_neutral, jump_factor=settings.jump_factor)
    assert [g for batch in batches for g in batch] == whole
    assert len(batches) == len(metric_batches(c.metric for c in claims if c.metric)) < len({c.metric for c in claims if c.metric})
    keys = [g.key for g in whole]
    assert keys == sorted(keys)
    family = [k.split("|")[0] for k in keys if k.startswith("killed")]
    assert family[0] == "killed[USD]" and family[-1] == "killed" and "killed_civilians" in family


def test_a_diff_written_a_batch_at_a_time_is_the_diff_written_at_once():
    groups = reconcile([*seed_claims(), odd_claim()], cumulative_metrics={"refugees", "killed"})
    for fmt in ("json", "csv"):
        for cut in (0, 1, len(groups) // 2, len(groups)):
            writer = DiffWriter(fmt)
            parts = writer.part(groups[:cut]) + writer.part([]) + writer.part(groups[cut:]) + writer.end()
            assert parts == diff_text(groups, fmt)
        empty = DiffWriter(fmt)
        assert empty.part([]) + empty.end() == diff_text([], fmt)
