"""`claims diff --metric refugees` right after one new article is extracted into a big ledger (issue 18:
a diff judges again only the quantities whose claims changed).

Builds the synthetic 1,000,000-claim ledger of bench_extract.py, runs the diff once (every quantity of
the metric judged and stored: timed on its own), then, for each run, extracts one seed article made new
for the run (a line naming the run is added; not timed) and times `claims diff --metric refugees
--format json` as a fresh process, its output written to a file; then the same after a one-sentence
article whose figure counts in the metric's largest quantity. Each output is compared byte for byte
with `--no-cache`, which reconciles every claim. Also timed: the same diff again with nothing
changed, and the `--no-cache` diff. The figures are the medians.

    python bench/bench_diff_add.py --repeats 5 [--json]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import bench_main, new_articles  # noqa: E402
from bench_extract import build_diff_ledger  # noqa: E402

CLAIMS = 1_000_000
DIFF = ("diff", "--metric", "refugees", "--format", "json")


def claims(db: Path, *args: str, out: Path | None = None) -> float:
    """Wall seconds of `claims ARGS --db DB` as a fresh process (CI=true: no progress bar)."""
    env = {**os.environ, "CI": "true"}
    env.pop("CLAIMS_DB", None)
    with open(out or os.devnull, "w", encoding="utf-8") as sink:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "karabakh_claims", *args, "--db", str(db)], stdout=sink,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"claims {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return seconds


LARGEST = """Title: Arrivals, run {run}
Publisher: Border Desk
Date: 2023-10-06

Officials said on Friday that {figure} refugees had fled so far.
"""
"""An article whose one figure counts in the metric's largest quantity (`refugees|people|-|-|current`,
about 14,500 claims), which a diff then judges again whole."""


def one_run(work: Path, db: Path, run: str) -> dict:
    """Extract one new seed article, then time the diff; then one new article of the largest quantity,
    then time the diff again; each output against `--no-cache`'s."""
    folder = new_articles(work / f"run-{run}", run)
    for extra in sorted(folder.iterdir())[1:]:
        extra.unlink()
    timed = {"after_add": _added(work, db, folder, f"{run}-seed")}
    largest = work / f"largest-{run}" / "arrivals.txt"
    largest.parent.mkdir()
    largest.write_text(LARGEST.format(run=run, figure=f"{50_000 + int(run) * 1_000:,}"), encoding="utf-8")
    timed["after_add_largest"] = _added(work, db, largest.parent, f"{run}-largest")
    timed["again"] = claims(db, *DIFF)
    return timed


def _added(work: Path, db: Path, folder: Path, name: str) -> dict:
    """Extract `folder`, time the diff, and compare its output with `--no-cache`'s (timed too)."""
    claims(db, "extract", str(folder), "--format", "jsonl")
    stored, full = work / f"stored-{name}.json", work / f"full-{name}.json"
    seconds = claims(db, *DIFF, out=stored)
    no_cache = claims(db, *DIFF, "--no-cache", out=full)
    return {"seconds": seconds, "no_cache": no_cache, "same_output": stored.read_bytes() == full.read_bytes(),
            "bytes": stored.stat().st_size}


def measure(work: Path, repeats: int) -> dict:
    db = work / "1m.db"
    built = build_diff_ledger(db, CLAIMS)
    first = claims(db, *DIFF)
    runs = [one_run(work, db, str(k)) for k in range(repeats)]
    added = [r[name] for r in runs for name in ("after_add", "after_add_largest")]
    return {
        "ledger_claims": built["claims"],
        "first_diff_seconds": first,
        "runs": runs,
        "diff_after_add_seconds": statistics.median(r["after_add"]["seconds"] for r in runs),
        "diff_after_add_largest_seconds": statistics.median(r["after_add_largest"]["seconds"] for r in runs),
        "diff_again_seconds": statistics.median(r["again"] for r in runs),
        "diff_no_cache_seconds": statistics.median(a["no_cache"] for a in added),
        "same_output": all(a["same_output"] for a in added),
        "load_avg_1m": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    shown = ("diff_after_add_seconds", "diff_after_add_largest_seconds", "diff_again_seconds", "diff_no_cache_seconds",
             "same_output")
    result = bench_main(argv, __doc__, measure, "bench-diff-add-", shown)
    return 0 if result["same_output"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
