"""Score the number reader on NewsQuant, the CQE authors' quantity test set (issue 8).

Usage: python bench/newsquant.py [--data PATH] [--currency PATH] [--json] [--misses] [--peer FILE]...

The data are read from outside the repository (never copy them in): by default
../shared/peer-data/newsquant/NewsQuant.json beside the repository root, and
other_test_sets/currency-model.json next to it. "## NewsQuant" in bench/README.md gives
the scoring rule, the command and the figures.

The rule is the authors' (satya77/CQE_Evaluation, evaluate_models.py), made one-to-one:
micro P/R/F1 over all sentences (P = hits / predictions, R = hits / gold quantities);
within a sentence each gold quantity, in file order, takes the first prediction not yet
taken, in text order, whose value is close to it (numpy.isclose: |g - p| <= 1e-8 + 1e-5 |p|);
a gold range "a-b" is matched only by a predicted pair whose ends are close position by
position (a with the first end, b with the second), never by a single number; a
value+change hit is a value hit whose change symbols agree. The lenient variant counts
gold ranges as their midpoint (the authors' rule for quantulum3); our own ranges are then
counted as their midpoint too, since a pair can never match a number.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from karabakh_claims.models import Qualifier, QuantitySpan
from karabakh_claims.numbers import NUMERIC_KINDS, find_quantities, vague_base, written_range

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "peer-data" / "newsquant" / "NewsQuant.json"
CURRENCY_FILE = Path("other_test_sets") / "currency-model.json"
CQE_PREDICTIONS = Path("peer_predictions") / "CQE.NewsQuant.json"
RTOL, ATOL = 1e-5, 1e-8

CQE_PUBLISHED = {"value_f1": 0.920, "value_change_f1": 0.881, "currency_value_f1": 0.842}
"""CQE's published F1 (EMNLP 2023; published_results.tsv and evaluation_output/currency-model.csv)."""

Value = float | tuple[float, float]

CHANGE_SYMBOLS = {
    Qualifier.exact: "=", Qualifier.range: "=", Qualifier.vague: "=", Qualifier.about: "~",
    Qualifier.more_than: ">", Qualifier.at_least: ">", Qualifier.nearly: "<",
    Qualifier.up_to: "<", Qualifier.less_than: "<",
}
"""Our qualifier -> their change symbol (exact '=', about '~', more than/at least '>',
nearly/almost/up to/under '<'); a change verb (rose 'up', fell 'down') is read separately."""


@dataclass(frozen=True)
class Item:
    """One gold or predicted quantity: its value (a pair for a range) and change symbol."""

    value: Value
    change: str = "="
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


# ---------------------------------------------------------------------------------------
# Gold and predictions
# ---------------------------------------------------------------------------------------


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
    """Our value: a range is its two ends as written; a vague plural ("thousands") is the
    pair [base, 10 x base] the gold uses for it; anything else is its number."""
    quantity = span.quantity
    if (written := written_range(quantity)) is not None:
        return written.first, written.second
    base = vague_base(quantity)
    if base is not None:
        return base, 10 * base
    return quantity.value


def change_symbol(span: QuantitySpan) -> str:
    """Their change label: a lower bound ("more than") first, then a change, then the hedge
    (for a range, the hedge written on its first end: "about 2,000-2,500" is '~')."""
    quantity = span.quantity
    qualifier = quantity.qualifier
    if (written := written_range(quantity)) is not None:
        qualifier = written.hedge
    if qualifier in (Qualifier.more_than, Qualifier.at_least):
        return ">"
    if quantity.change is not None:
        return quantity.change.value
    return CHANGE_SYMBOLS[qualifier]


def our_items(sentence: str) -> list[Item]:
    """Our predictions: the spans that state amounts (dates, times, years, ordinals and labels do not)."""
    spans = [s for s in find_quantities(sentence) if s.kind in NUMERIC_KINDS]
    return [Item(predicted_value(s), change_symbol(s), s.quantity.text) for s in spans]


def quantulum3_predictor() -> Callable[[str], list[Item]] | None:
    """quantulum3's parser as the authors' tagger runs it (value only), or None when absent."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import classifier, parser
    except ImportError:
        return None
    classifier.USE_CLF = False  # the unit classifier is optional and changes units, not values

    def predict(sentence: str) -> list[Item]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = parser.parse(sentence)
            except Exception:  # noqa: BLE001 - a peer tool's crash on one sentence counts as no output
                return []
        return [Item(float(q.value), "=", q.surface) for q in found]

    return predict


def stored_predictor(path: Path) -> tuple[Callable[[str], list[Item]], bool]:
    """A peer's stored outputs (peer_predictions/*.json: {"text", "tags": [{"value", "change"?}]}),
    and whether they state changes at all."""
    table, has_change = {}, False
    for row in load(path):
        table[row["text"]] = [
            Item(tuple(t["value"]["range"]) if isinstance(t["value"], dict) else float(t["value"]), t.get("change", "="))
            for t in row["tags"]
        ]
        has_change = has_change or any("change" in t for t in row["tags"])
    return (lambda sentence: table.get(sentence, [])), has_change


# ---------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------


def close(gold: float, predicted: float) -> bool:
    """numpy.isclose(gold, predicted, rtol=1e-5, atol=1e-8), as the authors call it."""
    return abs(gold - predicted) <= ATOL + RTOL * abs(predicted)


def midpoint(value: Value) -> float:
    return (value[0] + value[1]) / 2 if isinstance(value, tuple) else value


def values_match(gold: Value, predicted: Value, lenient: bool = False) -> bool:
    """Close numbers; a range only matches a range, end by end in written order."""
    if lenient:
        gold, predicted = midpoint(gold), midpoint(predicted)
    if isinstance(gold, tuple) and isinstance(predicted, tuple):
        return close(gold[0], predicted[0]) and close(gold[1], predicted[1])
    if isinstance(gold, tuple) or isinstance(predicted, tuple):
        return False
    return close(gold, predicted)


def match_sentence(
    gold: list[Item], predicted: list[Item], lenient: bool = False
) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """One-to-one: each gold item, in order, takes the first free prediction with a close value.
    Returns the matched (gold, predicted) pairs and the gold and predictions left over."""
    pairs, gold_left, predicted_left = [], [], list(predicted)
    for g in gold:
        hit = next((p for p in predicted_left if values_match(g.value, p.value, lenient)), None)
        if hit is None:
            gold_left.append(g)
        else:
            predicted_left.remove(hit)
            pairs.append((g, hit))
    return pairs, gold_left, predicted_left


def score_rows(
    rows: list[dict], predict: Callable[[str], list[Item]], lenient: bool = False, misses: list | None = None
) -> Score:
    """Score a predictor on rows of {"text", "quantities"}; append to misses, per sentence with
    a miss, (text, gold missed, predictions spurious, (gold, predicted) pairs whose change differs)."""
    score = Score()
    for row in rows:
        gold, predicted = gold_items(row), predict(row["text"])
        pairs, gold_left, predicted_left = match_sentence(gold, predicted, lenient)
        wrong_change = [(g, p) for g, p in pairs if g.change != p.change]
        score.gold += len(gold)
        score.predicted += len(predicted)
        score.value_hits += len(pairs)
        score.change_hits += len(pairs) - len(wrong_change)
        if misses is not None and (gold_left or predicted_left or wrong_change):
            misses.append((row["text"], gold_left, predicted_left, wrong_change))
    return score


def figures_of(score: Score, prefix: str = "", change: bool = True) -> dict:
    names = [("value", score.value_hits)] + ([("value_change", score.change_hits)] if change else [])
    figures = {}
    for name, hits in names:
        for key, x in zip("prf", score.prf(hits)):
            figures[f"{prefix}{name}_{key if key != 'f' else 'f1'}"] = round(x, 4)
    return figures


# ---------------------------------------------------------------------------------------
# Running it
# ---------------------------------------------------------------------------------------


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def measure(rows: list[dict], currency_rows: list[dict] | None, misses: list | None = None) -> dict:
    """Every figure of the bench: ours strict and lenient, currency, quantulum3 when installed.

    Keys are fractions (0-1): value_p/r/f1 and value_change_p/r/f1 (strict rule), the same
    with lenient_; currency_value_*; quantulum3_value_* (lenient, the authors' rule for it),
    quantulum3_strict_value_* and quantulum3_currency_value_* when quantulum3 is installed."""

    def value_only(data: list[dict], predict: Callable[[str], list[Item]], prefix: str, lenient: bool) -> dict:
        return figures_of(score_rows(data, predict, lenient=lenient), prefix, change=False)

    started = time.perf_counter()
    strict = score_rows(rows, our_items, lenient=False, misses=misses)
    elapsed = time.perf_counter() - started
    figures = figures_of(strict) | figures_of(score_rows(rows, our_items, lenient=True), "lenient_")
    figures |= {"sentences": len(rows), "gold_quantities": strict.gold,
                "ms_per_sentence": round(1000 * elapsed / max(len(rows), 1), 3)}
    if currency_rows is not None:
        figures |= value_only(currency_rows, our_items, "currency_", lenient=False)
        figures |= value_only(currency_rows, our_items, "currency_lenient_", lenient=True)
    if (quantulum3 := quantulum3_predictor()) is not None:
        figures |= value_only(rows, quantulum3, "quantulum3_", lenient=True)
        figures |= value_only(rows, quantulum3, "quantulum3_strict_", lenient=False)
        if currency_rows is not None:
            figures |= value_only(currency_rows, quantulum3, "quantulum3_currency_", lenient=True)
    return figures


def show(value: Value) -> str:
    return f"{value[0]:g}-{value[1]:g}" if isinstance(value, tuple) else f"{value:g}"


def peer_values(data: Path) -> dict[str, str]:
    """CQE's stored predictions per sentence (peer_predictions/), when they are beside the data."""
    path = data.parent / CQE_PREDICTIONS
    if not path.is_file():
        return {}
    shown = {}
    for row in load(path):
        values = [(t.get("change", "="), t["value"]) for t in row["tags"]]
        shown[row["text"]] = " ".join(
            f"{change}{show(tuple(v['range']) if isinstance(v, dict) else v)}" for change, v in values
        )
    return shown


def print_misses(misses: Iterable, peer: dict[str, str], out) -> None:
    for sentence, gold_left, predicted_left, wrong_change in misses:
        print(sentence, file=out)
        for item in gold_left:
            print(f"    missed    {item.change} {show(item.value)}  [{item.text}]", file=out)
        for item in predicted_left:
            print(f"    spurious  {item.change} {show(item.value)}  [{item.text}]", file=out)
        for g, p in wrong_change:
            print(f"    change    gold {g.change}, ours {p.change}: {show(p.value)}  [{p.text}]", file=out)
        if sentence in peer:
            print(f"    CQE read  {peer[sentence] or '-'}", file=out)


def print_table(figures: dict) -> None:
    def prf(prefix: str) -> str:
        return "".join(f"{100 * figures[f'{prefix}value_{key}']:7.1f}" for key in ("p", "r", "f1"))

    print(f"{'NewsQuant (value)':<34}{'P':>7}{'R':>7}{'F1':>7}   value+change F1")
    rows = [
        ("ours, strict", "", True), ("ours, lenient", "lenient_", True),
        ("quantulum3, lenient", "quantulum3_", False), ("quantulum3, strict", "quantulum3_strict_", False),
    ]
    for label, prefix, change in rows:
        if f"{prefix}value_f1" in figures:
            tail = f"   {100 * figures[f'{prefix}value_change_f1']:.1f}" if change else ""
            print(f"{label:<34}{prf(prefix)}{tail}")
    peers = sorted({key[5:-len("_value_f1")] for key in figures if key.startswith("peer_") and key.endswith("_value_f1")})
    for name in peers:
        label = f"{name.removesuffix('_lenient')} (stored), {'lenient' if name.endswith('_lenient') else 'strict'}"
        change = figures.get(f"peer_{name}_value_change_f1")
        print(f"{label:<34}{prf(f'peer_{name}_')}" + (f"   {100 * change:.1f}" if change is not None else ""))
    print(f"{'CQE, published':<34}{'':14}{100 * CQE_PUBLISHED['value_f1']:7.1f}"
          f"   {100 * CQE_PUBLISHED['value_change_f1']:.1f}")
    print(f"{figures['sentences']} sentences, {figures['gold_quantities']} gold quantities, "
          f"{figures['ms_per_sentence']} ms/sentence")
    if "currency_value_f1" in figures:
        print(f"\n{'currency-model (value)':<34}{'P':>7}{'R':>7}{'F1':>7}")
        for label, prefix in (("ours, strict", "currency_"), ("ours, lenient", "currency_lenient_"),
                              ("quantulum3, lenient", "quantulum3_currency_")):
            if f"{prefix}value_f1" in figures:
                print(f"{label:<34}{prf(prefix)}")
        print(f"{'CQE, published':<34}{'':14}{100 * CQE_PUBLISHED['currency_value_f1']:7.1f}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.data.is_file():
        print(f"newsquant: NewsQuant data not found at {args.data} (pass --data PATH)", file=sys.stderr)
        return 2
    currency = args.currency or args.data.parent / CURRENCY_FILE
    if not currency.is_file():
        print(f"newsquant: currency set not found at {currency}; not scored", file=sys.stderr)
        if args.currency is not None:
            return 2
    try:
        rows = load(args.data)
        currency_rows = load(currency) if currency.is_file() else None
    except (OSError, ValueError, UnicodeDecodeError) as error:
        print(f"newsquant: cannot read the data: {error}", file=sys.stderr)
        return 2
    misses: list | None = [] if args.misses else None
    figures = measure(rows, currency_rows, misses)
    for path in args.peer:
        name = path.name.split(".")[0].lower()
        try:
            predict, has_change = stored_predictor(path)
        except (OSError, ValueError, KeyError, TypeError) as error:
            print(f"newsquant: cannot read peer predictions {path}: {error}", file=sys.stderr)
            return 2
        figures |= figures_of(score_rows(rows, predict), f"peer_{name}_", change=has_change)
        figures |= figures_of(score_rows(rows, predict, lenient=True), f"peer_{name}_lenient_", change=has_change)
    if misses is not None:
        print_misses(misses, peer_values(args.data), sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    else:
        print_table(figures)
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsQuant.json (default: %(default)s)")
    parser.add_argument("--currency", type=Path, default=None,
                        help="currency-model.json (default: other_test_sets/ beside --data)")
    parser.add_argument("--json", action="store_true", help="print one JSON object of figures (0-1)")
    parser.add_argument("--peer", type=Path, action="append", default=[], metavar="FILE",
                        help="also score a peer's stored predictions (peer_predictions/*.json) with the same rule")
    parser.add_argument("--misses", "-v", action="store_true",
                        help="print our misses per sentence, with CQE's reading when peer_predictions/ is there")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
