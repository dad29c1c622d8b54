"""What `claims eval` prints: the scores as a table, or JSON, and with `--errors` the wrong ones by kind."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from karabakh_claims.models import Evaluation, Score
from karabakh_claims.render.cells import plain

ERROR_KINDS = ("missed", "extra", "wrong metric", "wrong source", "wrong date", "pair must", "pair must_not")


def error_lines(evaluation: Evaluation) -> list[tuple[str, str]]:
    """Each wrong one as (kind, what): missed and extra claims, matched ones with a wrong source or date, and
    figures found at their place under another metric."""
    lines = [("missed", f"{g.file} {g.metric} {g.value:g}: {g.quote!r}") for g in evaluation.misses]
    lines += [("extra", f"{c.file}:{c.line} {c.metric} {c.text!r}: {c.sentence[:90]!r}") for c in evaluation.extras]
    lines += [("wrong metric", f"{g.file} {g.value:g}: gold {g.metric}, got {c.metric} ({c.text!r})")
              for g, c in evaluation.wrong_metric]
    lines += [("wrong source", f"{g.file} {g.value:g}: gold {g.attributed_to!r}, got {c.source!r}")
              for g, c in evaluation.wrong_attribution]
    lines += [("wrong date", f"{g.file} {g.value:g}: gold {g.as_of}, got {c.as_of}") for g, c in evaluation.wrong_as_of]
    for pair in evaluation.conflict_pairs.wrong if evaluation.conflict_pairs else ():
        lines.append((f"pair {pair.kind}", f"{pair.a.file} {pair.a.metric} {pair.a.value:g} ~ {pair.b.file} "
                                           f"{pair.b.metric} {pair.b.value:g}: {pair.why}"))
    return lines


def evaluation_report(console: Console, evaluation: Evaluation, errors: bool) -> None:
    """Precision/recall/F1 by metric and overall, then attribution and as-of accuracy."""
    table = Table(title="claims eval", title_justify="left")
    for name in ("metric", "gold", "predicted", "matched", "precision", "recall", "F1"):
        table.add_column(name, justify="right" if name != "metric" else "left")
    rows = [*evaluation.by_metric.items(), ("overall", evaluation.overall)]
    for name, score in rows:
        table.add_row(plain(name), str(score.gold), str(score.predicted), str(score.matched),
                      f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}")
    console.print(table)
    console.print(f"attribution accuracy: {evaluation.attribution_accuracy:.3f} "
                  f"(of {evaluation.attribution_scored} matched claims whose gold names a source)")
    console.print(f"as-of accuracy: {evaluation.as_of_accuracy:.3f} (of {evaluation.as_of_scored} matched claims whose gold is dated)")
    pairs = evaluation.conflict_pairs
    if pairs is not None:
        console.print(f"conflict pairs: must {pairs.must_held}/{pairs.must} ({pairs.must_rate:.3f}), "
                      f"must not {pairs.must_not_held}/{pairs.must_not} ({pairs.must_not_rate:.3f})")
    if errors:
        for kind, what in error_lines(evaluation):
            console.print(f"{kind:<12} {what}", markup=False)


def score_record(score: Score) -> dict:
    return {"gold": score.gold, "predicted": score.predicted, "matched": score.matched,
            "precision": round(score.precision, 4), "recall": round(score.recall, 4), "f1": round(score.f1, 4)}


def evaluation_json(evaluation: Evaluation, errors: bool = False) -> str:
    record = {
        "overall": score_record(evaluation.overall),
        "by_metric": {m: score_record(s) for m, s in evaluation.by_metric.items()},
        "attribution_accuracy": round(evaluation.attribution_accuracy, 4),
        "attribution_scored": evaluation.attribution_scored,
        "as_of_accuracy": round(evaluation.as_of_accuracy, 4),
        "as_of_scored": evaluation.as_of_scored,
    }
    if evaluation.conflict_pairs is not None:
        pairs = evaluation.conflict_pairs
        record["conflict_pairs"] = {"must": pairs.must, "must_held": pairs.must_held, "must_not": pairs.must_not,
                                    "must_not_held": pairs.must_not_held}
    if errors:
        record["errors"] = [{"kind": kind, "what": what} for kind, what in error_lines(evaluation)]
    return json.dumps(record, indent=2)
