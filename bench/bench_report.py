"""`claims report` on the seeds after extract (issue 17: under 2 s).

Reads the seeds into a fresh ledger once (`claims extract seeds/ --metrics examples/karabakh.metrics.toml`),
then times, in fresh processes and alternating, `claims report -o FILE` and `claims diff --format json
--no-cache` (the same reading and reconciling, without the page) on that ledger: wall time of the whole
command, as a user waits for it. Reports the median of each and the median of the paired ratios
report / diff, which the machine's noise moves less than the seconds.

    python bench/bench_report.py --repeats 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = Path(sys.executable).with_name("claims")
CONFIG = ["--metrics", str(ROOT / "examples" / "karabakh.metrics.toml")]
TARGET_SECONDS = 2.0


def timed(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([str(CLAIMS), *args], check=True, capture_output=True, env=env, cwd=ROOT, timeout=300)
    return time.perf_counter() - started


def bench(repeats: int, workdir: Path) -> dict:
    env = dict(os.environ, CLAIMS_DB=str(workdir / "claims.db"), CI="true")
    timed(["extract", "seeds/", *CONFIG, "--format", "jsonl"], env)
    page = workdir / "report.html"
    report_args = ["report", *CONFIG, "-o", str(page)]
    diff_args = ["diff", *CONFIG, "--format", "json", "--no-cache"]
    timed(report_args, env)  # warm the file cache once
    reports, diffs = [], []
    for _ in range(repeats):
        reports.append(timed(report_args, env))
        diffs.append(timed(diff_args, env))
    ratios = [r / d for r, d in zip(reports, diffs)]
    median = statistics.median(reports)
    return {
        "report_seconds": [round(s, 3) for s in reports],
        "diff_seconds": [round(s, 3) for s in diffs],
        "report_median": round(median, 3),
        "diff_median": round(statistics.median(diffs), 3),
        "ratio_median": round(statistics.median(ratios), 3),
        "page_bytes": page.stat().st_size,
        "met": median < TARGET_SECONDS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result = bench(args.repeats, Path(folder))
    if args.json:
        print(json.dumps(result))
        return
    print(f"claims report: median {result['report_median']:.3f} s of {result['report_seconds']} "
          f"(target < {TARGET_SECONDS} s: {'met' if result['met'] else 'NOT met'})")
    print(f"claims diff --format json --no-cache: median {result['diff_median']:.3f} s of {result['diff_seconds']}")
    print(f"report / diff, median of paired ratios: {result['ratio_median']:.3f}; page {result['page_bytes']:,} bytes")


if __name__ == "__main__":
    main()
