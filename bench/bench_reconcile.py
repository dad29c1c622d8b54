"""Reconcile on the million-claim ledger against an earlier revision of the code (issue 15: no reconcile
slower than 1.2x before origins).

Builds the synthetic ledger of bench_extract.py once with the baseline revision's code, copies it
for the current code (which migrates it), then times `reconcile` of one metric's claims in fresh
processes, the two revisions alternating, and reports the median of the paired ratios
(current / baseline). Both read the same rows, so the ratio is the cost of the rules alone.

    python bench/bench_reconcile.py --baseline 9f71fe1 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METRICS = ("refugees", "killed")

CHILD = """
import gc, json, sys, time
from karabakh_claims.config import load_config
from karabakh_claims.ledger import Ledger
from karabakh_claims.reconcile import reconcile
gc.disable()
config = load_config()
settings = config.metrics.settings
with Ledger(sys.argv[1], create=False) as ledger:
    claims, copies = list(ledger.iter_claims([sys.argv[2]])), ledger.copies()
options = dict(rules=config.groups, cumulative_metrics=config.metrics.cumulative_metrics, copies=copies,
               about_margin=settings.about_margin, stale_ratio=settings.stale_ratio)
for name in ("neutral_kinds", "prefer_neutral"):
    if hasattr(settings, name):
        options[name] = getattr(settings, name)
if hasattr(config.metrics, "per_origin_metrics"):
    options["per_origin_metrics"] = config.metrics.per_origin_metrics
started = time.process_time()
groups = reconcile(claims, **options)
print(json.dumps({"seconds": time.process_time() - started, "claims": len(claims), "quantities": len(groups)}))
"""

BUILD = """
import sys
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from bench_extract import build_diff_ledger
build_diff_ledger(Path(sys.argv[1]), int(sys.argv[2]))
"""


def checkout(revision: str, into: Path) -> Path:
    """The tree of `revision`, exported into a folder (no git worktree left behind)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def child(tree: Path, *args: str) -> dict:
    """Run CHILD with `tree`'s package first on the path; its one line of JSON."""
    env = {"PYTHONPATH": str(tree), "CI": "true", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def build(tree: Path, db: Path, claims: int) -> None:
    env = {"PYTHONPATH": str(tree), "CI": "true", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", BUILD, str(db), str(claims), str(tree / "bench")], env=env, check=True)


def measure(baseline: Path, db_old: Path, db_new: Path, repeats: int) -> dict:
    """Per metric: the paired ratios current / baseline of reconcile CPU seconds, and their median."""
    result = {}
    for metric in METRICS:
        pairs = []
        for _ in range(repeats):
            old = child(baseline, str(db_old), metric)
            new = child(ROOT, str(db_new), metric)
            pairs.append((old, new))
        ratios = [new["seconds"] / old["seconds"] for old, new in pairs]
        result[metric] = {
            "claims": pairs[0][1]["claims"], "quantities": pairs[0][1]["quantities"],
            "baseline_seconds": min(old["seconds"] for old, _ in pairs),
            "current_seconds": min(new["seconds"] for _, new in pairs),
            "ratio_median": round(statistics.median(ratios), 3), "ratios": [round(r, 3) for r in ratios],
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="9f71fe1", help="the revision to compare with (default 9f71fe1)")
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims in the ledger (default 1,000,000)")
    parser.add_argument("--repeats", type=int, default=3, help="paired runs per metric (default 3)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="claims-bench-reconcile-"))
    try:
        baseline = checkout(args.baseline, work / "baseline")
        db_old, db_new = work / "old.db", work / "new.db"
        build(baseline, db_old, args.claims)
        shutil.copy(db_old, db_new)
        print(json.dumps({"baseline": args.baseline, "metrics": measure(baseline, db_old, db_new, args.repeats)}, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
