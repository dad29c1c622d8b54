"""`claims extract --cluster` on a local Dask cluster of 2 worker processes against `--jobs 1` (issue 18).

Usage: python bench/bench_cluster.py [--articles N] [--workers W] [--repeats R] [--json] [--no-record]

cluster_vs_local: on the corpus of bench/bench_extract.py (N articles, default 300), the wall time
of `claims extract --format jsonl --jobs 1` over that of `claims extract --format jsonl --cluster
ADDRESS`, each a fresh process on a fresh ledger, model load included on both sides (the workers
load it during the run). Before each cluster run a fresh LocalCluster of W single-threaded worker
processes (default 2) is started in this process, and closed after it: its start is not timed (a
real cluster is started once for many runs), its workers' imports and model load are. Repeats
alternate which side runs first; the figure is the median of the repeats' paired ratios. Both
outputs must be byte for byte the same (`same_output`). After each timed cluster run, the same
cluster extracts the corpus again into a fresh ledger, its workers warm with the pipeline loaded:
`cluster_warm_vs_local`, what a cluster kept for many runs gives. `--cluster local:W`, which starts
and stops its own cluster within the command, is timed once per repeat for reference
(`local_n_seconds`).
Before each repeat, `parallel_capacity` is the work of two busy processes at once over that of one
alone: 2.0 on an idle machine of 2 cores, less when other processes take their share; it bounds what
2 workers can gain in that repeat. `cluster_vs_local_idle_bound` is what an otherwise idle machine
would give: the CPU time of `--jobs 1` over the longer of the driver's CPU time and the workers' CPU
time divided among them (a median over the repeats).

It prints a table (`--json`: one JSON object) and, unless `--no-record`, appends the figures with
the date, the machine and its load under "## Extraction on a cluster" in bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_extract as be  # noqa: E402

SECTION = "## Extraction on a cluster"
TARGET = 1.5


def local_cluster(workers: int):
    """A LocalCluster of `workers` single-threaded worker processes, with all of them up."""
    from distributed import LocalCluster

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    cluster.wait_for_workers(workers)
    return cluster


def spin(seconds: float) -> int:
    """Loop iterations of a busy loop in `seconds` (wall time)."""
    end, count = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        count += 1
    return count


def parallel_capacity(seconds: float = 1.0) -> float:
    """Iterations of two busy processes at once over those of one alone: 2.0 where two cores are free,
    less where other processes take their share (the bound on what 2 workers can gain at that time)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        list(pool.map(spin, [0.01, 0.01]))  # both processes started
        one = pool.submit(spin, seconds).result()
        two = sum(pool.map(spin, [seconds, seconds]))
    return two / one


def workers_cpu_seconds(cluster) -> float:
    """CPU time of the cluster's worker processes since they started (imports and model load included)."""
    import resource

    from distributed import Client

    def usage() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        return own.ru_utime + own.ru_stime

    with Client(cluster, set_as_default=False) as client:
        return sum(client.run(usage).values())


def measure(corpus: Path, work: Path, repeats: int, workers: int) -> dict:
    """Paired runs of `--jobs 1` and `--cluster` (fresh cluster, fresh ledgers), alternating; after
    each cluster run, one more on the same cluster (its workers warm); and one `--cluster local:W` run
    per repeat."""
    report = work / "report.json"
    runs: dict[str, list[be.ProcessRun]] = {"local": [], "cluster": [], "cluster_warm": [], "local_n": []}
    startup: list[float] = []
    capacity: list[float] = []
    workers_cpu: list[float] = []
    digests: dict[str, set[str]] = {name: set() for name in runs}
    for r in range(repeats):
        capacity.append(parallel_capacity())
        steps = ["local", "cluster", "local_n"] if r % 2 == 0 else ["cluster", "local", "local_n"]
        for step in steps:
            db, out = be.fresh(work / f"{step}_{r}.db"), work / f"{step}.jsonl"
            args = ["extract", str(corpus), "--format", "jsonl", "--db", str(db)]
            if step == "local":
                runs[step].append(be.run_process(be.measured_args(report, [*args, "--jobs", "1"]), out, report))
            elif step == "local_n":
                runs[step].append(be.run_process(be.claims_args(*args, "--cluster", f"local:{workers}"), out))
            else:
                started = time.perf_counter()
                cluster = local_cluster(workers)
                startup.append(time.perf_counter() - started)
                try:
                    args += ["--cluster", cluster.scheduler_address]
                    runs[step].append(be.run_process(be.measured_args(report, args), out, report))
                    workers_cpu.append(workers_cpu_seconds(cluster))
                    # the same cluster again, on a fresh ledger: its workers have the pipeline loaded
                    args[args.index("--db") + 1] = str(be.fresh(work / f"warm_{r}.db"))
                    runs["cluster_warm"].append(be.run_process(be.claims_args(*args), work / "warm.jsonl"))
                    digests["cluster_warm"].add(be.digest(work / "warm.jsonl"))
                finally:
                    cluster.close()
            digests[step].add(be.digest(out))
            be.log(f"repeat {r + 1}/{repeats}: {step} {runs[step][-1].seconds:.2f} s")
    return {"runs": runs, "startup": startup, "capacity": capacity, "workers_cpu": workers_cpu,
            "same_output": len(set().union(*digests.values())) == 1}


def run(args: argparse.Namespace) -> dict:
    started = time.perf_counter()
    machine = be.machine()
    work = Path(tempfile.mkdtemp(prefix="claims-bench-cluster-"))
    try:
        corpus = be.write_corpus(work / "corpus", args.articles, be.load_templates())
        measured = measure(corpus, work, args.repeats, args.workers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    runs = measured["runs"]
    paired = sorted(one.seconds / many.seconds for one, many in zip(runs["local"], runs["cluster"]))
    best = {name: min(run.seconds for run in items) for name, items in runs.items()}
    machine["load_avg_1m_at_end"] = os.getloadavg()[0]
    return {
        "machine": machine,
        "cluster_vs_local": statistics.median(paired),
        "details": {
            "articles": args.articles, "workers": args.workers, "repeats": args.repeats,
            "cluster_vs_local_repeats": paired,
            "cluster_vs_local_best_of_each": best["local"] / best["cluster"],
            "local_seconds": [run.seconds for run in runs["local"]],
            "cluster_seconds": [run.seconds for run in runs["cluster"]],
            "cluster_warm_seconds": [run.seconds for run in runs["cluster_warm"]],
            "cluster_warm_vs_local": statistics.median(
                one.seconds / warm.seconds for one, warm in zip(runs["local"], runs["cluster_warm"])),
            "local_n_seconds": [run.seconds for run in runs["local_n"]],
            "local_cpu_seconds": [run.cpu_seconds for run in runs["local"]],
            "cluster_driver_cpu_seconds": [run.main_cpu_seconds for run in runs["cluster"]],
            "cluster_driver_peak_rss_mb": max(run.peak_rss_kb for run in runs["cluster"]) / 1024,
            "local_peak_rss_mb": max(run.peak_rss_kb for run in runs["local"]) / 1024,
            "cluster_workers_cpu_seconds": measured["workers_cpu"],
            # what --cluster could reach on an otherwise idle machine: the driver's CPU time and the
            # workers' share of theirs, whichever is longer, against the CPU time of --jobs 1
            "cluster_vs_local_idle_bound": statistics.median(
                local.cpu_seconds / max(cluster.main_cpu_seconds, workers_cpu / args.workers)
                for local, cluster, workers_cpu in zip(runs["local"], runs["cluster"], measured["workers_cpu"])),
            "cluster_startup_seconds": measured["startup"],
            "parallel_capacity": measured["capacity"],
            "same_output": measured["same_output"],
            "bench_seconds": time.perf_counter() - started,
        },
    }


def table(result: dict) -> str:
    d = result["details"]
    value = result["cluster_vs_local"]
    verdict = f">= {TARGET}: {'met' if value >= TARGET else 'NOT met'}"
    detail = (f"wall, median of the repeats' ratios ({', '.join(f'{x:.2f}' for x in d['cluster_vs_local_repeats'])}; "
              f"best of each side {d['cluster_vs_local_best_of_each']:.2f}): --jobs 1 {min(d['local_seconds']):.2f} s, "
              f"--cluster ({d['workers']} local workers, model load included) {min(d['cluster_seconds']):.2f} s; "
              f"the same cluster again, its workers warm (as a cluster kept for many runs): "
              f"{min(d['cluster_warm_seconds']):.2f} s, {d['cluster_warm_vs_local']:.2f} times as fast as --jobs 1; "
              f"CPU time: --jobs 1 {min(d['local_cpu_seconds']):.1f} s, the workers {min(d['cluster_workers_cpu_seconds']):.1f} s "
              f"(model load and imports included), the driver {min(d['cluster_driver_cpu_seconds']):.2f} s, so the bound "
              f"on an idle machine is {d['cluster_vs_local_idle_bound']:.2f} (peak RSS "
              f"{d['cluster_driver_peak_rss_mb']:.0f} MB; --jobs 1: {d['local_peak_rss_mb']:.0f} MB); "
              f"parallel capacity of the machine before each repeat (2 processes' work over 1's; 2.0 idle) "
              f"{', '.join(f'{x:.2f}' for x in d['parallel_capacity'])}; "
              f"--cluster local:{d['workers']} (cluster started within the command) {min(d['local_n_seconds']):.2f} s; "
              f"same output: {d['same_output']}")
    return ("| figure | value | target | detail |\n| --- | --- | --- | --- |\n"
            f"| `cluster_vs_local` | {value:.3f} | {verdict} | {detail} |")


def record(result: dict, command: str, readme: Path = be.README) -> None:
    """Append the run's figures at the end of the "## Extraction on a cluster" section of bench/README.md."""
    m, d = result["machine"], result["details"]
    started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=d["bench_seconds"])
    entry = (f"\n### {started:%Y-%m-%d %H:%M} UTC: {d['articles']} articles, {d['workers']} local workers\n\n"
             f"`{command}` on {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}; "
             f"load average {m['load_avg_1m_at_start']:.2f} at the start and {m['load_avg_1m_at_end']:.2f} at the end "
             f"(a shared machine: other sessions' jobs run beside the bench); {d['repeats']} repeats; "
             f"the bench took {d['bench_seconds']:.0f} s.\n\n{table(result)}\n")
    be.append_to_section(readme, SECTION, "bench/bench_cluster.py", entry)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="N, the corpus size (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster (default 2)")
    parser.add_argument("--repeats", type=int, default=3, help="paired repeats (default 3); the figure is their median")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--no-record", action="store_true", help="do not append the figures to bench/README.md")
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    if min(args.articles, args.workers, args.repeats) < 1:
        parser.error("--articles, --workers and --repeats must be positive")
    result = run(args)
    print(json.dumps(result, indent=2) if args.json else table(result))
    if not args.no_record:
        record(result, ("python bench/bench_cluster.py " + " ".join(argv)).strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
