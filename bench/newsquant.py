"""Score the number reader on NewsQuant, the CQE authors' quantity test set (issue 8).

Usage: python bench/newsquant.py [--data PATH] [--currency PATH] [--json] [--misses]

The data are read from outside the repository (never copy them in): by default
../shared/peer-data/newsquant/NewsQuant.json beside the repository root. See the
"NewsQuant" section of bench/README.md for the scoring rule and the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from karabakh_claims.models import Qualifier, QuantitySpan
from karabakh_claims.numbers import NUMERIC_KINDS, find_quantities, vague_base

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "peer-data" / "newsquant" / "NewsQuant.json"
CURRENCY_FILE = Path("other_test_sets") / "currency-model.json"
REL_TOL = 1e-5

Value = float | tuple[float, float]

CHANGE_SYMBOLS = {
    Qualifier.exact: "=", Qualifier.range: "=", Qualifier.vague: "=", Qualifier.about: "~",
    Qualifier.more_than: ">", Qualifier.at_least: ">", Qualifier.nearly: "<",
    Qualifier.up_to: "<", Qualifier.less_than: "<",
}


@dataclass(frozen=True)
class Item:
    """One gold or predicted quantity: its value (a pair for a range) and change symbol."""

    value: Value
    change: str
    text: str = ""


@dataclass
class Score:
    """Micro counts over a whole set."""

    predicted: int = 0
    gold: int = 0
    value_hits: int = 0
    change_hits: int = 0

    def prf(self, hits: int) -> tuple[float, float, float]:
        precision = hits / self.predicted if self.predicted else 0.0
        recall = hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def gold_value(written: str) -> Value:
    """A gold value as the authors decode it: "400-700" is a range, "-5" and "1E-3" are not."""
    written = written.strip()
    if "E" not in written and not written.startswith("-") and "-" in written:
        low, high = written.split("-", 1)
        return float(low), float(high)
    return float(written)


def gold_items(row: dict) -> list[Item]:
    return [Item(gold_value(q["value"]), q.get("change", "="), q.get("unit", "")) for q in row["quantities"]]


def predicted_value(span: QuantitySpan) -> Value:
    """Our value; ranges are pairs, vague words their order-of-magnitude pair [base, 10 base]."""
    quantity = span.quantity
    if quantity.qualifier is Qualifier.range and quantity.low is not None and quantity.high is not None:
        return quantity.low, quantity.high
    base = vague_base(quantity)
    if base is not None:
        return base, 10 * base
    return quantity.value


def change_symbol(span: QuantitySpan) -> str:
    """Their change label: a lower bound ("more than") first, then a change, then the hedge."""
    quantity = span.quantity
    if quantity.qualifier in (Qualifier.more_than, Qualifier.at_least):
        return ">"
    if quantity.change is not None:
        return quantity.change.value
    return CHANGE_SYMBOLS[quantity.qualifier]


def our_items(sentence: str) -> list[Item]:
    """Our predictions: the spans that state amounts (dates, times, years, ordinals and labels do not)."""
    spans = [s for s in find_quantities(sentence) if s.kind in NUMERIC_KINDS]
    return [Item(predicted_value(s), change_symbol(s), s.quantity.text) for s in spans]


def midpoint(value: Value) -> float:
    return (value[0] + value[1]) / 2 if isinstance(value, tuple) else value


def values_match(gold: Value, predicted: Value, lenient: bool) -> bool:
    """isclose on scalars; a range matches only a range with both ends close (either order)."""
    if lenient:
        gold, predicted = midpoint(gold), midpoint(predicted)
    if isinstance(gold, tuple) != isinstance(predicted, tuple):
        return False
    if isinstance(gold, tuple):
        return all(
            math.isclose(g, p, rel_tol=REL_TOL, abs_tol=1e-8) for g, p in zip(sorted(gold), sorted(predicted))
        )
    return math.isclose(gold, predicted, rel_tol=REL_TOL, abs_tol=1e-8)


def match_sentence(gold: list[Item], predicted: list[Item], lenient: bool) -> tuple[int, int, list[Item], list[Item]]:
    """One-to-one matching, value-and-change pairs first; returns hits and what is left over."""
    gold_left, predicted_left = list(gold), list(predicted)
    value_hits = change_hits = 0
    for need_change in (True, False):
        for g in list(gold_left):
            for p in predicted_left:
                if values_match(g.value, p.value, lenient) and (not need_change or g.change == p.change):
                    gold_left.remove(g)
                    predicted_left.remove(p)
                    value_hits += 1
                    change_hits += need_change
                    break
    return value_hits, change_hits, gold_left, predicted_left


def score_rows(
    rows: list[dict], predict: Callable[[str], list[Item]], lenient: bool, misses: list | None = None
) -> Score:
    score = Score()
    for row in rows:
        gold, predicted = gold_items(row), predict(row["text"])
        value_hits, change_hits, gold_left, predicted_left = match_sentence(gold, predicted, lenient)
        score.gold += len(gold)
        score.predicted += len(predicted)
        score.value_hits += value_hits
        score.change_hits += change_hits
        if misses is not None and (gold_left or predicted_left):
            misses.append((row["text"], gold_left, predicted_left))
    return score


def quantulum3_predictor() -> Callable[[str], list[Item]] | None:
    """quantulum3's parser as the authors ran it, or None when it is not installed."""
    try:
        import warnings

        warnings.filterwarnings("ignore")
        from quantulum3 import parser
    except ImportError:
        return None

    def predict(sentence: str) -> list[Item]:
        try:
            found = parser.parse(sentence)
        except Exception:  # noqa: BLE001 - a peer tool's crash on one sentence counts as no output
            return []
        return [Item(float(q.value), "=", q.surface) for q in found]

    return predict


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def measure(data: Path, currency: Path, want_misses: bool) -> tuple[dict, list]:
    """Every figure of the bench, and our misses on NewsQuant (strict rule)."""
    rows = load(data)
    misses: list = []
    started = time.perf_counter()
    strict = score_rows(rows, our_items, lenient=False, misses=misses if want_misses else None)
    elapsed = time.perf_counter() - started
    lenient = score_rows(rows, our_items, lenient=True)
    figures = figures_of(strict, "") | figures_of(lenient, "lenient_")
    figures["ms_per_sentence"] = round(1000 * elapsed / len(rows), 3)
    figures["sentences"], figures["gold_quantities"] = len(rows), strict.gold
    if currency.is_file():
        currency_score = score_rows(load(currency), our_items, lenient=False)
        figures["currency_value_p"], figures["currency_value_r"], figures["currency_value_f1"] = (
            round(x, 4) for x in currency_score.prf(currency_score.value_hits)
        )
    if (quantulum3 := quantulum3_predictor()) is not None:
        peer = score_rows(rows, quantulum3, lenient=True)
        figures["quantulum3_value_p"], figures["quantulum3_value_r"], figures["quantulum3_value_f1"] = (
            round(x, 4) for x in peer.prf(peer.value_hits)
        )
    return figures, misses


def figures_of(score: Score, prefix: str) -> dict:
    value_p, value_r, value_f1 = score.prf(score.value_hits)
    change_p, change_r, change_f1 = score.prf(score.change_hits)
    return {
        f"{prefix}value_p": round(value_p, 4), f"{prefix}value_r": round(value_r, 4),
        f"{prefix}value_f1": round(value_f1, 4), f"{prefix}value_change_p": round(change_p, 4),
        f"{prefix}value_change_r": round(change_r, 4), f"{prefix}value_change_f1": round(change_f1, 4),
    }


def show(value: Value) -> str:
    return f"{value[0]:g}-{value[1]:g}" if isinstance(value, tuple) else f"{value:g}"


def print_misses(misses: Iterable) -> None:
    for sentence, gold_left, predicted_left in misses:
        print(sentence)
        for item in gold_left:
            print(f"    missed    {item.change} {show(item.value)}  [{item.text}]")
        for item in predicted_left:
            print(f"    spurious  {item.change} {show(item.value)}  [{item.text}]")


def print_table(figures: dict) -> None:
    rows = [("ours, strict", ""), ("ours, lenient", "lenient_")]
    print(f"{'NewsQuant':<22}{'P':>7}{'R':>7}{'F1':>7}   value+change F1")
    for label, prefix in rows:
        p, r, f1 = (100 * figures[f"{prefix}value_{k}"] for k in ("p", "r", "f1"))
        print(f"{label:<22}{p:7.1f}{r:7.1f}{f1:7.1f}   {100 * figures[f'{prefix}value_change_f1']:.1f}")
    for label, prefix in (("quantulum3, lenient", "quantulum3_"), ("currency-model", "currency_")):
        if f"{prefix}value_f1" in figures:
            p, r, f1 = (100 * figures[f"{prefix}value_{k}"] for k in ("p", "r", "f1"))
            print(f"{label:<22}{p:7.1f}{r:7.1f}{f1:7.1f}")
    print(f"{figures['sentences']} sentences, {figures['gold_quantities']} gold quantities, "
          f"{figures['ms_per_sentence']} ms/sentence")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.data.is_file():
        print(f"NewsQuant data not found at {args.data}; pass --data PATH")
        return 2
    currency = args.currency or args.data.parent / CURRENCY_FILE
    figures, misses = measure(args.data, currency, args.misses)
    if args.misses:
        print_misses(misses)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    else:
        print_table(figures)
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsQuant.json")
    parser.add_argument("--currency", type=Path, default=None, help="currency-model.json")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--misses", "-v", action="store_true", help="print our misses per sentence")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
