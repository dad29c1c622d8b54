"""What `claims eval` prints: the scores as a table, or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from karabakh_claims.models import Evaluation


def evaluation_report(console: Console, evaluation: Evaluation, verbose: bool) -> None:
    """Precision/recall/F1 by metric and overall, then attribution and as-of accuracy."""
    table = Table(title="claims eval", title_justify="left")
    for name in ("metric", "gold", "predicted", "matched", "precision", "recall", "F1"):
        table.add_column(name, justify="right" if name != "metric" else "left")
    rows = [*evaluation.by_metric.items(), ("overall", evaluation.overall)]
    for name, score in rows:
        table.add_row(name, str(score.gold), str(score.predicted), str(score.matched),
                      f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}")
    console.print(table)
    console.print(f"attribution accuracy: {evaluation.attribution_accuracy:.3f}")
    console.print(f"as-of accuracy: {evaluation.as_of_accuracy:.3f}")
    if verbose:
        for gold in evaluation.misses:
            console.print(f"miss  {gold.file} {gold.metric} {gold.value:g}: {gold.quote!r}", markup=False)
        for claim in evaluation.extras:
            console.print(f"extra {claim.file}:{claim.line} {claim.metric} {claim.text!r}: {claim.sentence[:90]!r}", markup=False)
        for gold, claim in evaluation.wrong_attribution:
            console.print(f"source {gold.file} {gold.value:g}: gold {gold.attributed_to!r}, got {claim.source!r}", markup=False)
        for gold, claim in evaluation.wrong_as_of:
            console.print(f"as-of {gold.file} {gold.value:g}: gold {gold.as_of}, got {claim.as_of}", markup=False)


def evaluation_json(evaluation: Evaluation) -> str:
    def score(s):
        return {"gold": s.gold, "predicted": s.predicted, "matched": s.matched,
                "precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}

    return json.dumps({
        "overall": score(evaluation.overall),
        "by_metric": {m: score(s) for m, s in evaluation.by_metric.items()},
        "attribution_accuracy": round(evaluation.attribution_accuracy, 4),
        "as_of_accuracy": round(evaluation.as_of_accuracy, 4),
    }, indent=2)
