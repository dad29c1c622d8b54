"""`claims diff --metric refugees` right after one new article is extracted into a big ledger (issue 18:
a diff judges again only the quantities whose claims changed).

Builds the synthetic 1,000,000-claim ledger of bench_extract.py, runs the diff once (every quantity of
the metric judged and stored: timed on its own), then, for each run, extracts one seed article made new
for the run (a line naming the run is added; not timed) and times `claims diff --metric refugees
--format json` as a fresh process, its output written to a file. Each run's output is compared byte
for byte with `--no-cache`, which reconciles every claim. Also timed: the same diff again with nothing
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


def one_run(work: Path, db: Path, run: str) -> dict:
    """Extract one new article, then time the diff; its output against `--no-cache`'s."""
    folder = new_articles(work / f"run-{run}", run)
    for extra in sorted(folder.iterdir())[1:]:
        extra.unlink()
    claims(db, "extract", str(folder), "--format", "jsonl")
    stored, full = work / f"stored-{run}.json", work / f"full-{run}.json"
    seconds = claims(db, *DIFF, out=stored)
    again = claims(db, *DIFF)
    no_cache = claims(db, *DIFF, "--no-cache", out=full)
    return {"after_add": seconds, "again": again, "no_cache": no_cache,
            "same_output": stored.read_bytes() == full.read_bytes(), "bytes": stored.stat().st_size}


def measure(work: Path, repeats: int) -> dict:
    db = work / "1m.db"
    built = build_diff_ledger(db, CLAIMS)
    first = claims(db, *DIFF)
    runs = [one_run(work, db, str(k)) for k in range(repeats)]
    median = {name: statistics.median(r[name] for r in runs) for name in ("after_add", "again", "no_cache")}
    return {
        "ledger_claims": built["claims"],
        "first_diff_seconds": first,
        "runs": runs,
        "diff_after_add_seconds": median["after_add"],
        "diff_again_seconds": median["again"],
        "diff_no_cache_seconds": median["no_cache"],
        "same_output": all(r["same_output"] for r in runs),
        "load_avg_1m": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    shown = ("diff_after_add_seconds", "diff_again_seconds", "diff_no_cache_seconds", "same_output")
    result = bench_main(argv, __doc__, measure, "bench-diff-add-", shown)
    return 0 if result["same_output"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
