"""Scores extracted claims against a gold set (the rule of fixtures/gold/README.md).

A predicted claim matches a gold claim when the file names agree, the metric agrees, the value agrees
within 0.5% (or equals the gold low or high bound), and the predicted character span overlaps the gold
quote's place in the file; matching is one-to-one. On matched pairs: a source is right when it shares a
content word with the gold `attributed_to` (words of three letters or more, compared by their first five
letters, words such as "the", "said", "ministry" ignored; a gold of null is not scored), and an as-of
date is right when it equals the gold one (a gold of null is not scored; `--errors` lists a date given
where the gold has none all the same).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath

from karabakh_claims.config import Config
from karabakh_claims.jobs.intake import read_into_ledger
from karabakh_claims.jobs.jsonlines import read_records
from karabakh_claims.jobs.pairs import near, read_pairs, score_pairs
from karabakh_claims.jobs.reconciling import reconcile_ledger
from karabakh_claims.ledger import Ledger
from karabakh_claims.models import Claim, Evaluation, GoldClaim, GoldPair, PairScore, Score, SkippedInput
from karabakh_claims.read.ingest import InputError, read_file_text

WORD = re.compile(r"[a-z0-9]+")
MIN_WORD = 3
"""Attribution: words shorter than this are not compared."""
STEM = 5
"""Attribution: words are compared by their first this many letters ("ministry" ~ "ministries")."""
SOURCE_STOPWORDS = frozenset({"the", "and", "for", "from", "with", "said", "says", "told", "according",
                              "ministry", "office"})
"""Words that say nothing of who a source is (the project's attribution rule, README "Measured quality")."""


def read_gold(path: str | Path) -> list[GoldClaim]:
    """The gold claims of a JSON Lines file; a line that is not one is one error naming its line."""
    return read_records(path, GoldClaim, "a gold claim")


def quote_spans(gold: GoldClaim, file_texts: dict[str, str]) -> list[tuple[int, int]]:
    """Every place the gold quote stands in its file."""
    text = file_texts.get(gold.file, "")
    spans, start = [], text.find(gold.quote)
    while start >= 0:
        spans.append((start, start + len(gold.quote)))
        start = text.find(gold.quote, start + 1)
    return spans


def value_agrees(gold: GoldClaim, claim: Claim) -> bool:
    return near(claim.value, gold.value) or claim.value in {gold.low, gold.high}


def matches(gold: GoldClaim, claim: Claim, spans: list[tuple[int, int]]) -> bool:
    return (
        PurePath(claim.file).name == gold.file
        and claim.metric == gold.metric
        and value_agrees(gold, claim)
        and any(claim.start < end and start < claim.end for start, end in spans)
    )


def source_stems(text: str) -> set[str]:
    """The content words of a source phrase, by their first letters."""
    words = WORD.findall(text.lower())
    return {w[:STEM] for w in words if len(w) >= MIN_WORD and w not in SOURCE_STOPWORDS}


def source_is_right(gold: str | None, predicted: str | None) -> bool | None:
    """Whether the predicted source shares a content word with the gold one; None (not scored) when the
    gold names no source."""
    if gold is None:
        return None
    return predicted is not None and bool(source_stems(gold) & source_stems(predicted))


def wrong_metrics(misses: list[GoldClaim], extras: list[Claim],
                  file_texts: dict[str, str]) -> list[tuple[GoldClaim, Claim]]:
    """Missed gold claims whose figure was found at its place under another metric, each with that claim."""
    found, taken = [], set()
    for gold in misses:
        spans = quote_spans(gold, file_texts)
        for i, claim in enumerate(extras):
            if i not in taken and matches(gold, claim.model_copy(update={"metric": gold.metric}), spans):
                found.append((gold, claim))
                taken.add(i)
                break
    return found


def pair_up(golds: list[GoldClaim], claims: list[Claim], file_texts: dict[str, str]):
    """One-to-one matching, each gold claim taking the nearest unmatched prediction that fits."""
    taken: set[int] = set()
    pairs, misses = [], []
    for gold in golds:
        spans = quote_spans(gold, file_texts)
        fits = [i for i, c in enumerate(claims) if i not in taken and matches(gold, c, spans)]
        if not fits:
            misses.append(gold)
            continue
        best = min(fits, key=lambda i: min(abs(claims[i].start - s) for s, _ in spans))
        taken.add(best)
        pairs.append((gold, claims[best]))
    extras = [c for i, c in enumerate(claims) if i not in taken]
    return pairs, misses, extras


def evaluate(golds: list[GoldClaim], claims: Iterable[Claim], file_texts: dict[str, str]) -> Evaluation:
    """Precision, recall and F1 by metric and overall; attribution and as-of accuracy over the matched
    claims whose gold names a source or a date; the wrong ones by kind."""
    predicted = [c for c in claims if c.metric and PurePath(c.file).name in file_texts]
    pairs, misses, extras = pair_up(golds, predicted, file_texts)
    metrics = sorted({g.metric for g in golds} | {c.metric for c in predicted if c.metric})
    by_metric = {
        m: Score(
            matched=sum(1 for g, _ in pairs if g.metric == m),
            predicted=sum(1 for c in predicted if c.metric == m),
            gold=sum(1 for g in golds if g.metric == m),
        )
        for m in metrics
    }
    attributed = [(g, c) for g, c in pairs if g.attributed_to is not None]
    wrong_attribution = [(g, c) for g, c in attributed if not source_is_right(g.attributed_to, c.source)]
    dated = [(g, c) for g, c in pairs if g.as_of is not None]
    wrong_as_of = [(g, c) for g, c in pairs if g.as_of != c.as_of]
    relabelled = wrong_metrics(misses, extras, file_texts)
    return Evaluation(
        overall=Score(matched=len(pairs), predicted=len(predicted), gold=len(golds)),
        by_metric=by_metric,
        attribution_accuracy=1 - len(wrong_attribution) / (len(attributed) or 1),
        attribution_scored=len(attributed),
        as_of_accuracy=sum(g.as_of == c.as_of for g, c in dated) / (len(dated) or 1),
        as_of_scored=len(dated),
        pairs=pairs,
        misses=[g for g in misses if all(g is not m for m, _ in relabelled)],
        extras=[c for c in extras if all(c is not x for _, x in relabelled)],
        wrong_metric=relabelled,
        wrong_attribution=wrong_attribution,
        wrong_as_of=wrong_as_of,
    )


def evaluate_paths(paths: Sequence[str], gold_path: str | Path, config: Config, *,
                   pairs_path: str | Path | None = None, on_skip: Callable[[SkippedInput], None],
                   on_unscored: Callable[[str, InputError], None]) -> Evaluation:
    """Extract the claims of `paths` into a ledger in memory and score them against the gold file, and
    with `pairs_path` the reconciled quantities against its conflict pairs; inputs that cannot be read go
    to `on_skip`, files that cannot be read again to locate the quotes to `on_unscored`."""
    golds = read_gold(gold_path)
    pairs = read_pairs(pairs_path) if pairs_path else None
    with Ledger(":memory:") as ledger:
        claims, _ = read_into_ledger(ledger, paths, config, on_skip=on_skip, on_warn=on_skip)
        claims = list(claims)
        conflicts = score_conflicts(ledger, config, pairs) if pairs is not None else None
    file_texts = {}
    for file in sorted({c.file for c in claims}):
        try:
            file_texts[Path(file).name] = read_file_text(file)
        except InputError as error:
            on_unscored(file, error)
    evaluation = evaluate(golds, claims, file_texts)
    return evaluation.model_copy(update={"conflict_pairs": conflicts})


def score_conflicts(ledger: Ledger, config: Config, pairs: list[GoldPair]) -> PairScore:
    """The conflict pairs against every quantity of the ledger, reconciled."""
    groups = [group for batch in reconcile_ledger(ledger, ledger.metrics(), config) for group in batch]
    return score_pairs(pairs, groups)
