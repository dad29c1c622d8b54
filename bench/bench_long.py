"""Time of `claims extract` on one line of numbers `0 1 2 … N` (issue 16, row 2): linear in the text.

Usage: python bench/bench_long.py [--repeats R] [--sizes 1000,10000,100000] [--json]

For each N, the line is written to a file and `claims extract FILE --db NEW.db --format jsonl >
/dev/null` runs in a fresh process (interpreter start and model load included); the time is the best
of R runs. `fixed_seconds` is the same on the line `0` (start and model load only). The same files
are also read in this process, the pipeline loaded once beforehand: `Extractor.run` without a
ledger, CPU time, best of R (`inproc_cpu_seconds`).

Figures:
- numbers_100k_seconds: wall time of the fresh process for N = 100,000 (589 KB on one line); target < 10 s.
- ratio_10k_1k: in-process CPU time for N = 10,000 over that for N = 1,000 (model load excluded on
  both sides); target <= 12 (10x the text). `ratio_10k_1k_wall` is the ratio of the fresh processes'
  wall times, model load included.
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
        inproc = in_process({n: files[n] for n in sizes}, repeats)
    result = {"fixed_seconds": times[0], "seconds": {str(n): times[n] for n in sizes},
              "inproc_cpu_seconds": {str(n): inproc[n] for n in sizes},
              "bytes": {str(n): len(numbers_line(n).encode()) for n in sizes}}
    if 100_000 in times:
        result["numbers_100k_seconds"] = times[100_000]
    if 1_000 in times and 10_000 in times:
        result["ratio_10k_1k"] = inproc[10_000] / inproc[1_000]
        result["ratio_10k_1k_wall"] = times[10_000] / times[1_000]
    return result


def in_process(files: dict[int, Path], repeats: int) -> dict[int, float]:
    """CPU seconds of `Extractor.run` over each file, the pipeline loaded beforehand, best of `repeats`."""
    from karabakh_claims.config import load_config
    from karabakh_claims.jobs.intake import Extractor
    from karabakh_claims.nlp.pipeline import load_nlp

    config = load_config()
    nlp = load_nlp(config)
    list(Extractor(config=config, _nlp=nlp).run([str(files[min(files)])]))  # warm up
    best: dict[int, float] = {}
    for _ in range(repeats):
        for n, path in files.items():
            started = time.process_time()
            list(Extractor(config=config, _nlp=nlp).run([str(path)]))
            best[n] = min(best.get(n, float("inf")), time.process_time() - started)
    return best


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
