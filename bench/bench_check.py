"""`claims check` of 2 new articles against a big ledger (issue 18: the gate's cost follows the new
articles, not the ledger).

Builds the synthetic ledgers of bench_extract.py (1,000,000 and 10,000 claims), gives their claims
their scopes once (the first check after an upgrade to schema 5 does it; timed on its own), then times
`claims check DIR` as a fresh process, model load included, where DIR holds 2 seed articles made new
for each run (a line naming the run is added, so that they are read and stored as new articles).
The 1M and 10k checks alternate; the figures are the medians.

    python bench/bench_check.py --repeats 5 [--json]
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
sys.path.insert(0, str(ROOT / "bench"))

from bench_extract import build_diff_ledger  # noqa: E402

ARTICLES = ("seeds/001_21b2102d4012c38e.txt", "seeds/002_74d98d7179d29802.txt")
SIZES = {"1m": 1_000_000, "10k": 10_000}


def new_articles(folder: Path, run: str) -> Path:
    """The two seed articles, each with a line naming the run at its end: new to the ledger."""
    folder.mkdir(parents=True)
    for name in ARTICLES:
        text = (ROOT / name).read_text(encoding="utf-8")
        (folder / Path(name).name).write_text(f"{text.rstrip()}\n\nUpdated in run {run}.\n", encoding="utf-8")
    return folder


def timed_check(db: Path, folder: Path) -> tuple[float, int]:
    """Wall seconds and exit status of `claims check FOLDER --db DB` (1: it found conflicts)."""
    env = {**os.environ, "CI": "true"}
    env.pop("CLAIMS_DB", None)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "karabakh_claims", "check", str(folder), "--db", str(db)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"claims check failed ({done.returncode}): {done.stderr}")
    return seconds, done.returncode


def measure(work: Path, repeats: int) -> dict:
    dbs = {name: work / f"{name}.db" for name in SIZES}
    built = {name: build_diff_ledger(db, SIZES[name]) for name, db in dbs.items()}
    first = {name: timed_check(db, new_articles(work / f"first-{name}", f"first-{name}"))[0] for name, db in dbs.items()}
    times: dict[str, list[float]] = {name: [] for name in SIZES}
    for k in range(repeats):
        for name, db in dbs.items():
            times[name].append(timed_check(db, new_articles(work / f"run-{k}-{name}", f"{k}-{name}"))[0])
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        "ledgers": {name: info["claims"] for name, info in built.items()},
        "first_check_seconds": first,
        "check_seconds": times,
        "check_2_of_1m_seconds": medians["1m"],
        "check_2_of_10k_seconds": medians["10k"],
        "check_1m_vs_10k": medians["1m"] / medians["10k"],
        "load_avg_1m": os.getloadavg()[0],
    }


def bench_main(argv: list[str] | None, doc: str, measure, prefix: str, shown: tuple[str, ...]) -> dict:
    """The command line of a bench: `--repeats`, `--json`; `measure(work, repeats)` in a temporary folder."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix=prefix) as work:
        result = measure(Path(work), args.repeats)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key in shown:
            print(f"{key}: {result[key]}")
    return result


def main(argv: list[str] | None = None) -> int:
    bench_main(argv, __doc__, measure, "bench-check-", ("check_2_of_1m_seconds", "check_2_of_10k_seconds", "check_1m_vs_10k"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
