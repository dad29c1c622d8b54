"""Time of `claims extract` on one line of numbers `0 1 2 … N` (issue 16, row 2): linear in the text.

Usage: python bench/bench_long.py [--repeats R] [--sizes 1000,10000,100000] [--json]

For each N, the line is written to a file and `claims extract FILE --db NEW.db --format jsonl >
/dev/null` runs in a fresh process (interpreter start and model load included); the time is the best
of R runs. `fixed_seconds` is the same on the line `0` (start and model load only).

Figures:
- numbers_100k_seconds: wall time for N = 100,000 (589 KB on one line); target < 10 s.
- ratio_10k_1k: time for N = 10,000 over time for N = 1,000, the fixed cost taken off both
  (`(t10k - t0) / (t1k - t0)`); target <= 12 (10x the text). `ratio_10k_1k_wall` keeps the fixed cost.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLAIMS = str(Path(sys.executable).with_name("claims"))


def numbers_line(n: int) -> str:
    return " ".join(map(str, range(n + 1))) + "\n"


def timed_extract(path: Path, work: Path) -> float:
    db = work / f"{path.stem}-{time.monotonic_ns()}.db"
    env = {**os.environ, "CI": "true"}
    started = time.perf_counter()
    done = subprocess.run([CLAIMS, "extract", str(path), "--db", str(db), "--format", "jsonl"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"claims extract {path} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    db.unlink(missing_ok=True)
    return seconds


def measure(sizes: list[int], repeats: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="claims-long-") as tmp:
        work = Path(tmp)
        files = {n: work / f"numbers_{n}.txt" for n in [0, *sizes]}
        for n, path in files.items():
            path.write_text(numbers_line(n), encoding="utf-8")
        times = {n: min(timed_extract(path, work) for _ in range(repeats)) for n, path in files.items()}
    fixed = times[0]
    result = {"fixed_seconds": fixed, "seconds": {str(n): times[n] for n in sizes},
              "bytes": {str(n): len(numbers_line(n).encode()) for n in sizes}}
    if 100_000 in times:
        result["numbers_100k_seconds"] = times[100_000]
    if 1_000 in times and 10_000 in times:
        result["ratio_10k_1k"] = (times[10_000] - fixed) / max(times[1_000] - fixed, 1e-9)
        result["ratio_10k_1k_wall"] = times[10_000] / times[1_000]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated N (default 1000,10000,100000)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure([int(n) for n in args.sizes.split(",")], max(1, args.repeats))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
