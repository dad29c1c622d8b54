"""Scores extracted claims against a gold set (the rule of fixtures/gold/README.md).

A predicted claim matches a gold claim when the file names agree, the metric agrees, the value agrees
within 0.5% (or equals the gold low or high bound), and the predicted character span overlaps the gold
quote's place in the file; matching is one-to-one. Attribution and as-of accuracy are measured on
matched pairs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath

from karabakh_claims.config import Config
from karabakh_claims.config_schema import MetricsConfig
from karabakh_claims.jobs.intake import Extractor
from karabakh_claims.models import Claim, Evaluation, GoldClaim, Score, SkippedInput
from karabakh_claims.read.ingest import InputError, read_file_text

VALUE_TOLERANCE = 0.005
WORD = re.compile(r"[a-z0-9]+")
SOURCE_STOPWORDS = {"the", "a", "an", "of", "in", "s", "to", "by", "from", "and", "according", "said",
                    "provided", "data", "latest", "its", "their", "his", "her"}


def read_gold(path: str | Path) -> list[GoldClaim]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [GoldClaim.model_validate(json.loads(line)) for line in lines if line.strip()]


def quote_spans(gold: GoldClaim, file_texts: dict[str, str]) -> list[tuple[int, int]]:
    """Every place the gold quote stands in its file."""
    text = file_texts.get(gold.file, "")
    spans, start = [], text.find(gold.quote)
    while start >= 0:
        spans.append((start, start + len(gold.quote)))
        start = text.find(gold.quote, start + 1)
    return spans


def value_agrees(gold: GoldClaim, claim: Claim) -> bool:
    if abs(claim.value - gold.value) <= VALUE_TOLERANCE * abs(gold.value):
        return True
    return claim.value in {gold.low, gold.high}


def matches(gold: GoldClaim, claim: Claim, spans: list[tuple[int, int]]) -> bool:
    return (
        PurePath(claim.file).name == gold.file
        and claim.metric == gold.metric
        and value_agrees(gold, claim)
        and any(claim.start < end and start < claim.end for start, end in spans)
    )


def source_words(text: str, config: MetricsConfig) -> tuple[set[str], set[str]]:
    """Content words of a source phrase, and the sides it names."""
    words = set(WORD.findall(text.lower())) - SOURCE_STOPWORDS
    sides = {config.side_of_cue[w] for w in words if w in config.side_of_cue}
    return {w for w in words if w not in config.side_of_cue}, sides


def same_source(gold: str | None, predicted: str | None, config: MetricsConfig) -> bool:
    """Both unattributed, or sharing a content word (besides side names) with no contrary side."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    gold_words, gold_sides = source_words(gold, config)
    predicted_words, predicted_sides = source_words(predicted, config)
    if gold_sides and predicted_sides and not gold_sides & predicted_sides:
        return False
    return bool(gold_words & predicted_words) or (not gold_words and gold_sides == predicted_sides)


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


def evaluate(golds: list[GoldClaim], claims: Iterable[Claim], file_texts: dict[str, str],
             config: MetricsConfig) -> Evaluation:
    """Precision, recall and F1 by metric and overall; attribution and as-of accuracy."""
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
    wrong_attribution = [(g, c) for g, c in pairs if not same_source(g.attributed_to, c.source, config)]
    wrong_as_of = [(g, c) for g, c in pairs if g.as_of != c.as_of]
    n = len(pairs) or 1
    return Evaluation(
        overall=Score(matched=len(pairs), predicted=len(predicted), gold=len(golds)),
        by_metric=by_metric,
        attribution_accuracy=1 - len(wrong_attribution) / n,
        as_of_accuracy=1 - len(wrong_as_of) / n,
        pairs=pairs,
        misses=misses,
        extras=extras,
        wrong_attribution=wrong_attribution,
        wrong_as_of=wrong_as_of,
    )


def evaluate_paths(paths: Sequence[str], gold_path: str | Path, config: Config, *,
                   on_skip: Callable[[SkippedInput], None],
                   on_unscored: Callable[[str, InputError], None]) -> Evaluation:
    """Extract the claims of `paths` (nothing stored) and score them against the gold file; inputs that
    cannot be read go to `on_skip`, files that cannot be read again to locate the quotes to `on_unscored`."""
    claims = list(Extractor(config=config, on_skip=on_skip).run(paths))
    file_texts = {}
    for file in sorted({c.file for c in claims}):
        try:
            file_texts[Path(file).name] = read_file_text(file)
        except InputError as error:
            on_unscored(file, error)
    return evaluate(read_gold(gold_path), claims, file_texts, config.metrics)
