"""Speed and memory of `claims extract` and `claims diff`, measured against raw spaCy (issue 7).

Usage: python bench/bench_extract.py [--articles N] [--big-factor K] [--repeats R]
                                     [--diff-claims M] [--json] [--no-record]
                                     [--skip-memory] [--skip-diff] [--no-quantulum]

(While iterating on `claims extract`: `--articles 100 --skip-memory --skip-diff --no-quantulum
--no-record` measures extract_vs_pipe, jobs2_vs_jobs1 and rerun_vs_first only; the skipped figures
are null.)

One run builds a corpus of N articles (and one of K·N for the memory figure) from the articles
in seeds/ and fixtures/articles/ only: each article takes one of them as its template, shuffles
and thins its sentences, borrows a few sentences from other templates and changes its figures,
all from a seeded random generator, so the corpus is the same on every machine. It measures, on
the same texts and within the same run (repeats alternate which side of a ratio runs first, and
a ratio is the median of the repeats' ratios, each of two runs made one right after the other, so
that the load of other processes cancels out as far as possible; the absolute times shown are the
best of each side):

- extract_vs_pipe: articles/s of `claims extract` (the CLI's run_extract: ingest from the files,
  the claims pipeline, claim records, ledger writes, JSON Lines output to /dev/null) divided by
  articles/s of raw `nlp.pipe` of the same trained pipeline (`load_english()`, the same components
  enabled: the claims components read tags, parses, lemmas and entities, so none is disabled) over
  the same article texts. Both in this process with the models loaded beforehand (model load
  excluded on both sides), timed in CPU time of this process, which other processes on a shared
  machine disturb far less than wall time. The corpus is taken in chunks of 10 articles, each
  piped raw and extracted one right after the other, so both sides meet the same load; each
  repeat gives the ratio of the summed times, and the figure is the median of the repeats'
  ratios (`extract_vs_pipe_best_of_each` is best time against best time, as recorded before
  2026-11-26 12:00; `extract_vs_pipe_wall` is the wall-time ratio);
  `extract_vs_pipe_cold` is the wall-time ratio of two fresh processes, model load and interpreter
  start included on both sides.
- jobs2_vs_jobs1: wall time of `claims extract --jobs 1` over that of `--jobs 2`, two fresh
  processes on fresh ledgers run one after the other, model load included on both sides: the
  median of the repeats' ratios (`jobs2_vs_jobs1_best_of_each` is best against best;
  `fixed_seconds` is what a process that only loads the model takes, for reading the figure at
  small N).
- rerun_vs_first: wall time of a second `claims extract` over the unchanged corpus on the same
  ledger, over that of the first.
- rss_10n_vs_n: peak resident memory (VmHWM, written by the process itself at exit) of
  `claims extract --jobs 1` over K·N articles, over that of the runs over N.
- diff_1m_seconds: wall time of `claims diff --metric refugees --format json > /dev/null`
  (interpreter start included) on a ledger of M synthetic claims (default 1,000,000) written
  straight into SQLite, asked again while the ledger's refugees claims are unchanged: the output
  saved in the ledger by the first such diff (also timed after a claim of another metric is added,
  which keeps it valid; the saved output is checked to be the reconciled one byte for byte).
- diff_1m_computed_seconds: the same diff reconciled from the claims (`--no-cache`), as the first
  diff after a claim of the metric changed runs; the in-process split (read, reconcile, render) is
  in the details.
- quantulum3_vs_extract: articles/s of quantulum3's `parser.parse` over the same texts divided by
  articles/s of `claims extract`, CPU time (null when quantulum3, the `bench` extra, is not
  installed).

It prints a table (`--json`: one JSON object) and, unless `--no-record`, appends the figures
with the date and the machine under "## Extract speed and memory" in bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = (REPO_ROOT / "seeds", REPO_ROOT / "fixtures" / "articles")
README = REPO_ROOT / "bench" / "README.md"
SECTION = "## Extract speed and memory"
CORPUS_SEED = 7
DIFF_METRIC = "refugees"
CHUNK_ARTICLES = 10

TARGETS = {
    "extract_vs_pipe": (">=", 0.85),
    "jobs2_vs_jobs1": (">=", 1.7),
    "rerun_vs_first": ("<=", 0.05),
    "rss_10n_vs_n": ("<=", 1.1),
    "diff_1m_seconds": ("<", 1.0),
    "diff_1m_computed_seconds": ("<", 1.0),
}
KEYS = ("extract_vs_pipe", "jobs2_vs_jobs1", "rerun_vs_first", "rss_10n_vs_n", "diff_1m_seconds",
        "diff_1m_computed_seconds", "quantulum3_vs_extract")

sys.path.insert(0, str(REPO_ROOT))


# --- the corpus --------------------------------------------------------------------------------

PUBLISHERS = ("Harbor Times", "Daily Ledger", "Coast Post", "Evening Star", "River Gazette",
              "Morning Herald", "North Report", "Relief Daily", "Caucasus Wire", "Valley Courier",
              "National Radio", "Lakeside Wire")
SENTENCE_BREAK = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"‘(])")
FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w,]\d)(?![A-Za-z])")


@dataclass(frozen=True)
class Template:
    title: str
    publisher: str | None
    published: dt.date
    sentences: tuple[str, ...]


def load_templates() -> list[Template]:
    """Every article of seeds/ and fixtures/articles/ (a digest gives several), split into sentences."""
    from karabakh_claims.config import load_config
    from karabakh_claims.models import Article
    from karabakh_claims.read.ingest import iter_articles, masked_text

    templates = []
    files = sorted(str(p) for folder in TEMPLATE_DIRS for p in folder.glob("*.txt"))
    for article in iter_articles(files, load_config()):
        if not isinstance(article, Article):
            continue
        lines = [line.strip() for line in masked_text(article).splitlines()]
        lines = [line for line in lines if line and line != (article.title or "").strip()]
        sentences = tuple(s.strip() for line in lines for s in SENTENCE_BREAK.split(line) if len(s.split()) >= 4)
        if sentences:
            templates.append(Template(article.title or sentences[0][:80], article.publisher,
                                      article.published or dt.date(2023, 9, 28), sentences))
    return templates


def change_figures(text: str, rng: random.Random) -> str:
    """The text with its figures changed (days of the month, small counts and years kept)."""

    def new_figure(match: re.Match) -> str:
        whole, decimals = match.group(1), match.group(2) or ""
        value = int(whole.replace(",", ""))
        if not decimals and (value <= 31 or 1900 <= value <= 2100):
            return match.group(0)
        scaled = float(whole.replace(",", "") + decimals) * rng.uniform(0.6, 1.6)
        if decimals:
            return f"{scaled:,.{len(decimals) - 1}f}" if "," in whole else f"{scaled:.{len(decimals) - 1}f}"
        zeros = len(whole.replace(",", "")) - len(whole.replace(",", "").rstrip("0"))
        number = max(32, int(round(scaled, -min(max(zeros - 1, 0), len(str(int(scaled))) - 1))))
        if 1900 <= number <= 2100:
            number += 200
        return f"{number:,}" if "," in whole else str(number)

    return FIGURE.sub(new_figure, text)


def make_article(i: int, templates: list[Template]) -> str:
    """The text of article `i` of the corpus: the same on every run and machine."""
    rng = random.Random(f"{CORPUS_SEED}:{i}")
    template = templates[rng.randrange(len(templates))]
    sentences = list(template.sentences)
    rng.shuffle(sentences)
    keep = max(min(3, len(sentences)), round(len(sentences) * rng.uniform(0.6, 1.0)))
    sentences = sentences[:keep]
    for _ in range(rng.randint(1, 3)):
        other = templates[rng.randrange(len(templates))]
        sentences.insert(rng.randint(0, len(sentences)), rng.choice(other.sentences))
    sentences = [change_figures(s, rng) for s in sentences]
    paragraphs, position = [], 0
    while position < len(sentences):
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[position:position + size]))
        position += size
    published = template.published + dt.timedelta(days=rng.randint(-3, 10))
    publisher = rng.choice((*PUBLISHERS, template.publisher or PUBLISHERS[0]))
    title = change_figures(template.title.replace("\n", " "), rng)
    return f"Title: {title}\nPublisher: {publisher}\nDate: {published.isoformat()}\n\n" + "\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, templates: list[Template]) -> Path:
    """`count` article files in `folder` (one article each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"{i:06d}.txt").write_text(make_article(i, templates), encoding="utf-8")
    return folder


def corpus_texts(folder: Path) -> list[str]:
    """The article texts `claims extract` parses for the corpus (what the baselines are given)."""
    from karabakh_claims.config import load_config
    from karabakh_claims.models import Article
    from karabakh_claims.read.ingest import iter_articles

    return [a.text for a in iter_articles([str(folder)], load_config()) if isinstance(a, Article)]


# --- timing helpers ----------------------------------------------------------------------------

@dataclass
class ProcessRun:
    seconds: float  # wall time
    cpu_seconds: float  # user + system time of the process and its worker processes
    main_cpu_seconds: float | None = None  # of the process alone (known for runs through `measured_args`)
    peak_rss_kb: int | None = None  # VmHWM of the process alone (known for runs through `measured_args`)


def run_process(args: list[str], stdout_path: str | os.PathLike = os.devnull, report: Path | None = None) -> ProcessRun:
    """Run a child process: its wall time, its CPU time and, when it writes `report` (see
    `measured_args`), its own peak resident memory and CPU time."""
    if report is not None:
        report.unlink(missing_ok=True)
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=child_env(), cwd=REPO_ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{err.read().decode(errors='replace')}")
    run = ProcessRun(seconds, usage.ru_utime + usage.ru_stime)
    if report is not None:
        measured = json.loads(report.read_text())
        run.main_cpu_seconds, run.peak_rss_kb = measured["main_cpu_seconds"], measured["peak_rss_kb"]
    return run


def measured_args(report: Path, claims_arguments: list[str]) -> list[str]:
    """`claims ARGS` run through this script, which writes the process's own peak resident memory
    (VmHWM) and CPU time to `report` at exit. (ru_maxrss of a child is no good here: Linux counts
    in it the memory of the parent it was forked from, and this process holds two models.)"""
    return [sys.executable, str(Path(__file__).resolve()), "--measured-child", str(report), "--", *claims_arguments]


def measured_child(report: str, claims_arguments: list[str]) -> None:
    import atexit
    import resource

    def write_report() -> None:
        with open("/proc/self/status") as f:
            peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        Path(report).write_text(json.dumps({"peak_rss_kb": peak, "main_cpu_seconds": usage.ru_utime + usage.ru_stime}))

    atexit.register(write_report)
    from karabakh_claims.cli import cli

    cli.main(claims_arguments, prog_name="claims")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["CI"] = "true"  # no progress bar
    env.pop("CLAIMS_DB", None)
    return env


def claims_args(*args: str | os.PathLike) -> list[str]:
    return [sys.executable, "-m", "karabakh_claims", *map(str, args)]


def extract_args(corpus: Path, db: Path, jobs: int = 1) -> list[str]:
    return ["extract", str(corpus), "--format", "jsonl", "--db", str(db), "--jobs", str(jobs)]


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the measurements --------------------------------------------------------------------------

def measure_in_process(corpus: Path, work: Path, repeats: int) -> dict:
    """`claims extract` (the CLI's run_extract) against raw nlp.pipe, both warm, in this process.

    The corpus is taken in chunks of CHUNK_ARTICLES files: each chunk is piped raw and extracted
    one right after the other (which goes first alternates), so that both sides meet the same load
    of the shared machine; a repeat sums each side's wall and CPU time over the chunks (extract
    writes every chunk into one ledger, as one run would)."""
    from unittest import mock

    from karabakh_claims.config import load_config
    from karabakh_claims.jobs.extract import extract as extract_job
    from karabakh_claims.ledger import Ledger
    from karabakh_claims.nlp import pipeline

    english = pipeline.load_english()
    config = load_config()
    claims_nlp = pipeline.load_nlp(config)
    assert [n for n in claims_nlp.pipe_names if not n.startswith("claims_")] == english.pipe_names
    chunks = chunk_folders(corpus, work / "chunks")
    chunk_texts = [corpus_texts(folder) for folder in chunks]

    def raw_pipe(texts: list[str]) -> tuple[float, float, int]:
        wall, cpu = time.perf_counter(), time.process_time()
        tokens = sum(len(doc) for doc in english.pipe(texts))
        return time.perf_counter() - wall, time.process_time() - cpu, tokens

    def extract(ledger: Ledger, folder: Path) -> tuple[float, float, int]:
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull), \
                mock.patch.object(pipeline, "load_nlp", lambda config: claims_nlp):
            wall, cpu = time.perf_counter(), time.process_time()
            stats = extract_job(ledger, (str(folder),), config, fmt="jsonl", out=sys.stdout, max_bytes=20_000_000,
                                on_skip=lambda skipped: None)
            return time.perf_counter() - wall, time.process_time() - cpu, stats.parsed

    with Ledger(fresh(work / "warmup.db")) as ledger:  # first calls fill caches on both sides
        raw_pipe(chunk_texts[0]), extract(ledger, chunks[0])
    times: dict[str, list[float]] = {"pipe_wall": [], "pipe_cpu": [], "extract_wall": [], "extract_cpu": []}
    for r in range(repeats):
        sums = dict.fromkeys(times, 0.0)
        tokens = parsed = 0
        with Ledger(fresh(work / f"inproc{r}.db")) as ledger:
            for i, (folder, texts) in enumerate(zip(chunks, chunk_texts)):
                for side in (("pipe", "extract") if (i + r) % 2 == 0 else ("extract", "pipe")):
                    if side == "pipe":
                        wall, cpu, count = raw_pipe(texts)
                        tokens += count
                    else:
                        wall, cpu, count = extract(ledger, folder)
                        parsed += count
                    sums[f"{side}_wall"] += wall
                    sums[f"{side}_cpu"] += cpu
        for name, seconds in sums.items():
            times[name].append(seconds)
        assert parsed == sum(map(len, chunk_texts)), (parsed, sum(map(len, chunk_texts)))
    return {"seconds": times, "tokens": tokens}


def chunk_folders(corpus: Path, into: Path) -> list[Path]:
    """The corpus's files in folders of CHUNK_ARTICLES (links to them), in order."""
    files = sorted(corpus.glob("*.txt"))
    folders = []
    for n, start in enumerate(range(0, len(files), CHUNK_ARTICLES)):
        folder = into / f"{n:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        for file in files[start:start + CHUNK_ARTICLES]:
            (folder / file.name).symlink_to(file)
        folders.append(folder)
    return folders


def pipe_child(texts_file: str) -> None:
    """The cold baseline: a fresh process that loads the trained pipeline and pipes the texts."""
    from karabakh_claims.nlp.pipeline import load_english

    nlp = load_english()
    with open(texts_file, encoding="utf-8") as f:
        texts = (json.loads(line) for line in f)
        tokens = sum(len(doc) for doc in nlp.pipe(texts))
    print(json.dumps({"tokens": tokens}))


def load_child() -> None:
    """The fixed cost of a process: interpreter start, imports and loading the claims pipeline."""
    from karabakh_claims.config import load_config
    from karabakh_claims.nlp.pipeline import load_nlp

    load_nlp(load_config())


def measure_processes(corpus: Path, texts_file: Path, work: Path, repeats: int, jobs: int) -> dict:
    """Fresh processes, alternating: --jobs 1 (then a rerun on its ledger), --jobs N, the cold
    raw nlp.pipe and a process that only loads the model."""
    script = str(Path(__file__).resolve())
    report = work / "report.json"
    runs: dict[str, list[ProcessRun]] = {"jobs1": [], "rerun": [], "jobsN": [], "pipe_cold": [], "load": []}
    outputs = {}
    for r in range(repeats):
        steps = ["jobs1", "jobsN", "pipe_cold", "load"]
        if r % 2:
            steps.reverse()
        for step in steps:
            if step == "jobs1":
                db = fresh(work / f"jobs1_{r}.db")
                args = measured_args(report, extract_args(corpus, db, 1))
                runs["jobs1"].append(run_process(args, work / "jobs1.jsonl", report))
                runs["rerun"].append(run_process(args, work / "rerun.jsonl", report))
                outputs["jobs1"], outputs["rerun"] = digest(work / "jobs1.jsonl"), digest(work / "rerun.jsonl")
            elif step == "jobsN":
                args = measured_args(report, extract_args(corpus, fresh(work / f"jobsN_{r}.db"), jobs))
                runs["jobsN"].append(run_process(args, work / "jobsN.jsonl", report))
                outputs["jobsN"] = digest(work / "jobsN.jsonl")
            elif step == "pipe_cold":
                runs["pipe_cold"].append(run_process([sys.executable, script, "--pipe-child", str(texts_file)]))
            else:
                runs["load"].append(run_process([sys.executable, script, "--load-child"]))
    return {
        "runs": runs,
        "jobsN_output_identical": outputs["jobsN"] == outputs["jobs1"],
        "rerun_output_identical": outputs["rerun"] == outputs["jobs1"],
    }


def measure_big(corpus: Path, work: Path) -> ProcessRun:
    """One `claims extract --jobs 1` over the big corpus, for its peak memory."""
    report = work / "report.json"
    return run_process(measured_args(report, extract_args(corpus, fresh(work / "big.db"), 1)), report=report)


def measure_quantulum(texts: list[str], repeats: int) -> list[float] | None:
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier dependencies not installed": 0.10.0 runs without
        try:
            from quantulum3 import parser
        except ImportError:
            return None
        logging.disable(logging.WARNING)
        parser.parse(texts[0])  # loads its tables
        times = []
        for _ in range(repeats):
            start = time.process_time()
            for text in texts:
                parser.parse(text)
            times.append(time.process_time() - start)
    logging.disable(logging.NOTSET)
    return times


# --- claims diff on a big ledger ---------------------------------------------------------------

def build_diff_ledger(db: Path, count: int, claims_per_article: int = 10) -> dict:
    """A ledger of `count` synthetic claims (a few metrics, many quantities), inserted directly."""
    from karabakh_claims import PIPELINE_VERSION
    from karabakh_claims.config import load_config
    from karabakh_claims.ledger import Ledger
    from karabakh_claims.ledger.rows import INSERT_CLAIM, UPSERT_ARTICLE

    metrics = sorted(load_config().metrics.metrics)
    money = {"aid", "military_spending"}
    subjects = {"people": ["people", "refugees", "civilians", "residents", "children", "soldiers", "servicemen",
                           "ethnic Armenians", "displaced persons", "families"],
                "money": ["humanitarian aid", "aid", "funding", "assistance"]}
    sides = [None, None, "Armenian", "Azerbaijani"]
    places = [None, None, None, "Goris", "Stepanakert", "Yerevan", "Lachin corridor", "Syunik"]
    sources = [None, None, "the government", "officials", "the UN", "the ministry", "local authorities"]
    qualifiers = ["exact", "exact", "exact", "about", "more_than", "at_least", "nearly", "up_to"]
    start_day = dt.date(2023, 9, 1)
    rng = random.Random(CORPUS_SEED)
    fresh(db)
    with Ledger(db) as ledger:
        conn = ledger.conn
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN")
        n_articles = -(-count // claims_per_article)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        article_rows, claim_rows = [], []
        for a in range(n_articles):
            article_id = f"{a:016x}"
            published = start_day + dt.timedelta(days=a % 400)
            publisher = f"Outlet {a % 200}"
            file = f"corpus/{a:07d}.txt"
            article_rows.append((article_id, file, f"Article {a}", publisher, published.isoformat(), None, None,
                                 f"{a:064x}", PIPELINE_VERSION, now))
            for c in range(min(claims_per_article, count - a * claims_per_article)):
                metric = metrics[rng.randrange(len(metrics))]
                unit = "USD" if metric in money else "people"
                value = float(rng.randrange(1, 200) * 10 ** rng.randrange(0, 4))
                qualifier = qualifiers[rng.randrange(len(qualifiers))]
                low = value if qualifier in ("exact", "at_least") else value * (0.9 if qualifier == "about" else 1.0)
                high = value if qualifier == "exact" else (None if qualifier in ("more_than", "at_least") else value * 1.1)
                as_of = published - dt.timedelta(days=rng.randrange(0, 3))
                text = f"{value:,.0f}"
                start = 100 + 80 * c
                claim_rows.append((
                    file, article_id, f"Article {a}", publisher, published.isoformat(), None,
                    text, value, low, high, qualifier, unit, None, start, start + len(text), 3 + c,
                    f"Officials said {text} {metric} were counted.", metric,
                    subjects["money" if metric in money else "people"][rng.randrange(10 if unit == "people" else 4)],
                    sides[rng.randrange(4)], places[rng.randrange(8)], source := sources[rng.randrange(7)],
                    source, source, "government", None, 0, as_of.isoformat(), 0, 0, f"{a:08x}{c:04x}", PIPELINE_VERSION, None,
                ))
            if len(claim_rows) >= 100_000:
                conn.executemany(UPSERT_ARTICLE, article_rows)
                conn.executemany(INSERT_CLAIM, claim_rows)
                article_rows, claim_rows = [], []
        conn.executemany(UPSERT_ARTICLE, article_rows)
        conn.executemany(INSERT_CLAIM, claim_rows)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        total = ledger.count_claims()
        selected = conn.execute("SELECT count(*) FROM claims WHERE metric = ?", (DIFF_METRIC,)).fetchone()[0]
    return {"claims": total, "articles": n_articles, "metric_claims": selected}


def measure_diff(db: Path, repeats: int) -> dict:
    """`claims diff --metric refugees --format json` as a process: reconciled from the claims
    (`--no-cache`), the first run (which also saves its output), then answered from the saved
    output, also after a claim of another metric was added; and the parts of a reconciled run in
    this process."""
    from karabakh_claims.cli import no_cycle_collection
    from karabakh_claims.config import load_config

    args = claims_args("diff", "--metric", DIFF_METRIC, "--format", "json", "--db", str(db))
    outputs = {name: db.with_name(f"{name}.json") for name in ("computed", "saved")}
    first = run_process(args, os.devnull).seconds  # nothing saved yet: reconciles and saves
    saved = [run_process(args, outputs["saved"]).seconds for _ in range(repeats)]
    add_claim_of_another_metric(db)
    after_other = run_process(args, outputs["saved"]).seconds
    computed = [run_process([*args, "--no-cache"], outputs["computed"]).seconds for _ in range(repeats)]
    identical = outputs["computed"].read_bytes() == outputs["saved"].read_bytes()
    startup = [run_process(claims_args("--version")).seconds for _ in range(repeats)]
    config = load_config()
    parts: dict[str, list[float]] = {"read": [], "reconcile": [], "render": []}
    groups_count = 0
    rows_only = [time_rows_only(db) for _ in range(repeats)]
    for _ in range(repeats):
        with no_cycle_collection():
            timings = time_diff_parts(db, config)
        for name, seconds in zip(parts, timings[:3]):
            parts[name].append(seconds)
        groups_count = timings[3]
    return {"computed_seconds": computed, "first_seconds": first, "saved_seconds": saved,
            "after_other_metric_seconds": after_other, "saved_output_identical": identical,
            "startup_seconds": startup, "groups": groups_count, "rows_only_seconds": rows_only,
            "output_bytes": outputs["computed"].stat().st_size,
            **{f"{name}_seconds": times for name, times in parts.items()}}


def add_claim_of_another_metric(db: Path) -> None:
    """One more claim, of another metric than DIFF_METRIC, as a new article would add it."""
    with sqlite3.connect(db) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(claims)") if row[1] != "id"]
        quoted = ", ".join(f'"{c}"' for c in columns)
        conn.execute(f"INSERT INTO claims ({quoted}) SELECT {quoted} FROM claims WHERE metric != ? LIMIT 1",
                     (DIFF_METRIC,))


def time_rows_only(db: Path) -> float:
    """Seconds to fetch the claims table rows of DIFF_METRIC with sqlite3 alone (no records, no
    reconciling): what any diff that reconciles from the claims pays at least."""
    from karabakh_claims.ledger.rows import SELECT_CLAIMS

    with contextlib.closing(sqlite3.connect(db)) as conn:
        started = time.perf_counter()
        conn.execute(f"{SELECT_CLAIMS} WHERE metric = ?", (DIFF_METRIC,)).fetchall()
        return time.perf_counter() - started


def time_diff_parts(db: Path, config) -> tuple[float, float, float, int]:
    """Read, reconcile and render seconds of one in-process `diff`, as the command runs them (no cyclic GC)."""
    from karabakh_claims.jobs.selection import select_groups
    from karabakh_claims.ledger import Ledger
    from karabakh_claims.reconcile import reconcile
    from karabakh_claims.render.diff import diff_text

    t0 = time.perf_counter()
    with Ledger(db, create=False) as ledger:
        claims, copies = list(ledger.iter_claims([DIFF_METRIC])), ledger.copies()
    t1 = time.perf_counter()
    settings = config.metrics.settings
    groups = reconcile(claims, rules=config.groups, cumulative_metrics=config.metrics.cumulative_metrics,
                       per_origin_metrics=config.metrics.per_origin_metrics, copies=copies, about_margin=settings.about_margin, stale_ratio=settings.stale_ratio,
                       neutral_kinds=settings.neutral_kinds, prefer_neutral=settings.prefer_neutral, jump_factor=settings.jump_factor)
    groups = select_groups(groups, rules=config.groups, metrics=(DIFF_METRIC,))
    t2 = time.perf_counter()
    diff_text(groups, "json")
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, len(groups)


# --- the run -----------------------------------------------------------------------------------

def machine() -> dict:
    mem_kb = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as f:
        mem_kb = next((int(line.split()[1]) for line in f if line.startswith("MemTotal:")), 0)
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"nproc": os.cpu_count(), "ram_gb": round(mem_kb / 2**20, 1), "cpu": cpu,
            "python": platform.python_version(), "load_avg_1m_at_start": load}


def run(args: argparse.Namespace) -> dict:
    import spacy

    os.environ["CI"] = "true"  # no progress bar from the in-process extract runs

    from karabakh_claims.nlp.pipeline import load_english

    started = time.perf_counter()
    n, big_n = args.articles, args.articles * args.big_factor
    work = Path(args.workdir or tempfile.mkdtemp(prefix="claims-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result: dict = {"machine": machine()}
    try:
        log(f"corpus: {n} and {big_n} articles in {work}")
        templates = load_templates()
        corpus = write_corpus(work / "corpus", n, templates)
        texts = corpus_texts(corpus)
        assert len(texts) == n, f"the corpus of {n} files reads as {len(texts)} articles"
        texts_file = work / "texts.jsonl"
        texts_file.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
        chars = sum(map(len, texts))

        log("extract vs nlp.pipe, in this process")
        inproc = measure_in_process(corpus, work, args.repeats)
        tokens = inproc["tokens"]
        log(f"processes: --jobs 1, rerun, --jobs {args.jobs}, cold nlp.pipe, model load")
        procs = measure_processes(corpus, texts_file, work, args.repeats, args.jobs)
        big = ledger_info = diff = None
        if not args.skip_memory:
            log(f"peak memory over {big_n} articles")
            big_corpus = write_corpus(work / "big", big_n, templates)
            big = measure_big(big_corpus, work)
            shutil.rmtree(big_corpus)
        quantulum = None
        if not args.no_quantulum:
            log("quantulum3")
            quantulum = measure_quantulum(texts, args.repeats)
        if not args.skip_diff:
            log(f"claims diff on {args.diff_claims:,} claims")
            ledger_info = build_diff_ledger(work / "diff.db", args.diff_claims)
            diff = measure_diff(work / "diff.db", args.repeats)
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    t = inproc["seconds"]
    pipe_cpu, extract_cpu = min(t["pipe_cpu"]), min(t["extract_cpu"])
    pipe_wall, extract_wall = min(t["pipe_wall"]), min(t["extract_wall"])
    paired = sorted(p / e for p, e in zip(t["pipe_cpu"], t["extract_cpu"]))
    runs = procs["runs"]
    paired_jobs = sorted(one.seconds / many.seconds for one, many in zip(runs["jobs1"], runs["jobsN"]))
    wall = {name: min(run.seconds for run in items) for name, items in runs.items()}
    cpu = {name: min(run.cpu_seconds for run in items) for name, items in runs.items()}
    main_cpu_n = min(run.main_cpu_seconds for run in runs["jobsN"])
    peak_n = max(run.peak_rss_kb for run in runs["jobs1"])
    figures = {
        "extract_vs_pipe": statistics.median(paired),
        "jobs2_vs_jobs1": statistics.median(paired_jobs),
        "rerun_vs_first": wall["rerun"] / wall["jobs1"],
        "rss_10n_vs_n": big.peak_rss_kb / peak_n if big else None,
        "diff_1m_seconds": min(diff["saved_seconds"]) if diff else None,
        "diff_1m_computed_seconds": min(diff["computed_seconds"]) if diff else None,
        "quantulum3_vs_extract": extract_cpu / min(quantulum) if quantulum else None,
    }
    fixed = wall["load"]
    details = {
        "articles": n, "big_articles": big_n, "tokens": tokens, "chars": chars, "repeats": args.repeats,
        "jobs": args.jobs, "spacy": spacy.__version__, "model": load_english().meta.get("name"),
        "pipe_articles_per_s": n / pipe_cpu, "pipe_tokens_per_s": tokens / pipe_cpu,
        "extract_articles_per_s": n / extract_cpu, "extract_tokens_per_s": tokens / extract_cpu,
        "extract_vs_pipe_repeats": paired,
        "extract_vs_pipe_best_of_each": pipe_cpu / extract_cpu,
        "extract_vs_pipe_wall": pipe_wall / extract_wall,
        "extract_vs_pipe_cold": wall["pipe_cold"] / wall["jobs1"],
        "fixed_seconds": fixed,
        "jobs2_vs_jobs1_repeats": paired_jobs,
        "jobs2_vs_jobs1_best_of_each": wall["jobs1"] / wall["jobsN"],
        "jobs2_vs_jobs1_without_fixed": (wall["jobs1"] - fixed) / max(wall["jobsN"] - fixed, 1e-9),
        "jobsN_cpu_vs_jobs1": cpu["jobsN"] / cpu["jobs1"],
        "jobsN_main_cpu_seconds": main_cpu_n,
        # what --jobs N could reach on an otherwise idle machine: the main process (ingest, claims,
        # ledger, output, doc transfer) and the workers' share of the total CPU time, whichever is longer
        "jobs2_vs_jobs1_idle_bound": cpu["jobs1"] / max(main_cpu_n, cpu["jobsN"] / min(args.jobs, os.cpu_count() or 1)),
        "jobsN_output_identical": procs["jobsN_output_identical"],
        "rerun_cpu_vs_first": cpu["rerun"] / cpu["jobs1"],
        "rerun_output_identical": procs["rerun_output_identical"],
        "peak_rss_mb_n": peak_n / 1024, "peak_rss_mb_10n": big.peak_rss_kb / 1024 if big else None,
        "big_seconds": big.seconds if big else None,
        "big_articles_per_s": big_n / max(big.cpu_seconds - cpu["load"], 1e-9) if big else None,
        "diff_ledger": ledger_info,
        "diff_startup_seconds": min(diff["startup_seconds"]) if diff else None,
        "diff_read_seconds": min(diff["read_seconds"]) if diff else None,
        "diff_reconcile_seconds": min(diff["reconcile_seconds"]) if diff else None,
        "diff_render_seconds": min(diff["render_seconds"]) if diff else None,
        "diff_groups": diff["groups"] if diff else None,
        "diff_rows_only_seconds": min(diff["rows_only_seconds"]) if diff else None,
        "diff_output_mb": diff["output_bytes"] / 1e6 if diff else None,
        "diff_first_seconds": diff["first_seconds"] if diff else None,
        "diff_after_other_metric_seconds": diff["after_other_metric_seconds"] if diff else None,
        "diff_saved_output_identical": diff["saved_output_identical"] if diff else None,
        "quantulum3_articles_per_s": n / min(quantulum) if quantulum else None,
        "wall_seconds": {**{f"{k}_inproc": v for k, v in t.items() if k.endswith("wall")},
                         **{name: [run.seconds for run in items] for name, items in runs.items()},
                         "big": big.seconds if big else None,
                         "diff_computed": diff["computed_seconds"] if diff else None,
                         "diff_saved": diff["saved_seconds"] if diff else None},
        "cpu_seconds": {**{f"{k}_inproc": v for k, v in t.items() if k.endswith("cpu")},
                        **{name: [run.cpu_seconds for run in items] for name, items in runs.items()},
                        "big": big.cpu_seconds if big else None, "quantulum3": quantulum},
        "bench_seconds": time.perf_counter() - started,
    }
    result.update(figures)
    result["details"] = details
    return result


def verdict(key: str, value: float | None) -> str:
    if key not in TARGETS or value is None:
        return ""
    op, target = TARGETS[key]
    ok = {">=": value >= target, "<=": value <= target, "<": value < target}[op]
    return f"{op} {target:g}: {'met' if ok else 'NOT met'}"


def table(result: dict) -> str:
    d = result["details"]
    w = {k: min(v) for k, v in d["wall_seconds"].items() if isinstance(v, list)}
    q = d["quantulum3_articles_per_s"]
    rows = [
        ("extract_vs_pipe", result["extract_vs_pipe"],
         f"CPU time, warm, one process, chunks of {CHUNK_ARTICLES} articles alternating; median of the repeats' ratios "
         f"({', '.join(f'{x:.2f}' for x in d['extract_vs_pipe_repeats'])}; best of each side "
         f"{d['extract_vs_pipe_best_of_each']:.2f}): extract {d['extract_articles_per_s']:.1f} art/s, "
         f"{d['extract_tokens_per_s']:,.0f} tok/s; nlp.pipe {d['pipe_articles_per_s']:.1f} art/s, "
         f"{d['pipe_tokens_per_s']:,.0f} tok/s. Wall time: {d['extract_vs_pipe_wall']:.2f}; "
         f"fresh processes, model load included: {d['extract_vs_pipe_cold']:.2f}"),
        ("jobs2_vs_jobs1", result["jobs2_vs_jobs1"],
         f"wall, median of the repeats' ratios ({', '.join(f'{x:.2f}' for x in d['jobs2_vs_jobs1_repeats'])}; "
         f"best of each side {d['jobs2_vs_jobs1_best_of_each']:.2f}): --jobs 1 {w['jobs1']:.2f} s, "
         f"--jobs {d['jobs']} {w['jobsN']:.2f} s, of which model load "
         f"{d['fixed_seconds']:.2f} s (without it {d['jobs2_vs_jobs1_without_fixed']:.2f}); CPU of --jobs {d['jobs']} "
         f"{d['jobsN_cpu_vs_jobs1']:.2f}x that of --jobs 1, its main process {d['jobsN_main_cpu_seconds']:.2f} s; "
         f"bound on an idle machine {d['jobs2_vs_jobs1_idle_bound']:.2f}; same output: {d['jobsN_output_identical']}"),
        ("rerun_vs_first", result["rerun_vs_first"],
         f"wall: rerun {w['rerun']:.2f} s vs first {w['jobs1']:.2f} s (CPU {d['rerun_cpu_vs_first']:.3f}); "
         f"same output: {d['rerun_output_identical']}"),
        ("rss_10n_vs_n", result["rss_10n_vs_n"],
         f"peak RSS {d['peak_rss_mb_10n']:.0f} MB at {d['big_articles']} articles vs {d['peak_rss_mb_n']:.0f} MB "
         f"at {d['articles']} ({d['big_articles_per_s']:.1f} art/s of CPU over the big run, model load excluded)"
         if d["big_seconds"] is not None else "skipped (--skip-memory)"),
        ("diff_1m_seconds", result["diff_1m_seconds"],
         f"the saved output (the ledger's {DIFF_METRIC} claims unchanged since the same diff): "
         f"{d['diff_ledger']['claims']:,} claims, {d['diff_ledger']['metric_claims']:,} of {DIFF_METRIC}, "
         f"{d['diff_groups']:,} quantities; {d['diff_after_other_metric_seconds']:.2f} s after a claim of another "
         f"metric was added; same output as reconciled: {d['diff_saved_output_identical']}"
         if d["diff_ledger"] is not None else "skipped (--skip-diff)"),
        ("diff_1m_computed_seconds", result["diff_1m_computed_seconds"],
         f"reconciled from the claims (`--no-cache`; the first diff after a claim of the metric changed, "
         f"which also saves its output, took {d['diff_first_seconds']:.2f} s): start {d['diff_startup_seconds']:.2f} s "
         f"+ read {d['diff_read_seconds']:.2f} s + reconcile {d['diff_reconcile_seconds']:.2f} s "
         f"+ render {d['diff_render_seconds']:.2f} s; the rows alone, fetched by sqlite3 without records, "
         f"{d['diff_rows_only_seconds']:.2f} s; output {d['diff_output_mb']:.1f} MB"
         if d["diff_ledger"] is not None else "skipped (--skip-diff)"),
        ("quantulum3_vs_extract", result["quantulum3_vs_extract"],
         f"CPU time: quantulum3 {q:.1f} art/s" if q else "quantulum3 not installed (pip install -e '.[bench]')"),
    ]
    lines = ["| figure | value | target | detail |", "| --- | --- | --- | --- |"]
    for key, value, detail in rows:
        shown = "n/a" if value is None else f"{value:.2f} s" if key.endswith("_seconds") else f"{value:.3f}"
        lines.append(f"| `{key}` | {shown} | {verdict(key, value)} | {detail} |")
    return "\n".join(lines)


def record(result: dict, command: str, readme: Path = README) -> None:
    """Append the run's figures to the "## Extract speed and memory" section of bench/README.md,
    at the end of that section (another section after it stays where it is)."""
    m, d = result["machine"], result["details"]
    entry = (
        f"\n### {dt.date.today().isoformat()}: {d['articles']} articles "
        + (f"(memory at {d['big_articles']}), " if d["big_seconds"] is not None else "(memory skipped), ")
        + (f"{d['diff_ledger']['claims']:,} claims for diff" if d["diff_ledger"] else "diff skipped") + "\n\n"
        f"`{command}` on {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"spaCy {d['spacy']} ({d['model']}); load average {m['load_avg_1m_at_start']:.2f} at the start; "
        f"{d['repeats']} repeats (a ratio is the median of paired repeats, a time the best); {d['tokens']:,} tokens; the bench took {d['bench_seconds']:.0f} s.\n\n"
        f"{table(result)}\n"
    )
    append_to_section(readme, SECTION, "bench/bench_extract.py", entry)


def append_to_section(readme: Path, section: str, script: str, entry: str) -> None:
    """Append `entry` at the end of `section` of bench/README.md (the section is made when missing)."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    if section not in text:
        text = text.rstrip("\n") + f"\n\n{section}\n\nFigures of `{script}`, newest last.\n"
    start = text.index(section) + len(section)
    following = re.search(r"^## ", text[start:], flags=re.M)
    end = start + following.start() if following else len(text)
    text = text[:end].rstrip("\n") + "\n" + entry + ("\n" + text[end:] if following else "")
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="N, the corpus size (default 300)")
    parser.add_argument("--big-factor", type=int, default=10, help="the memory run reads N times this (default 10)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each timing (default 3): a ratio is the median of the repeats' paired ratios, a time the best")
    parser.add_argument("--jobs", type=int, default=2, help="the --jobs compared with --jobs 1 (default 2)")
    parser.add_argument("--diff-claims", type=int, default=1_000_000, help="claims in the diff ledger (default 1,000,000)")
    parser.add_argument("--no-quantulum", action="store_true", help="skip quantulum3 even when it is installed")
    parser.add_argument("--skip-memory", action="store_true", help="skip the memory run over K·N articles (rss_10n_vs_n)")
    parser.add_argument("--skip-diff", action="store_true", help="skip building the diff ledger and timing claims diff")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--no-record", action="store_true", help="do not append the figures to bench/README.md")
    parser.add_argument("--workdir", help="keep the corpora and ledgers in this folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--pipe-child", help=argparse.SUPPRESS)
    parser.add_argument("--load-child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--measured-child"]:
        measured_child(argv[1], argv[3:])
        return 0
    args = parser.parse_args(argv)
    if args.pipe_child:
        pipe_child(args.pipe_child)
        return 0
    if args.load_child:
        load_child()
        return 0
    if args.articles < 1 or args.big_factor < 1 or args.repeats < 1 or args.diff_claims < 1 or args.jobs < 1:
        parser.error("--articles, --big-factor, --repeats, --jobs and --diff-claims must be positive")
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(table(result))
    if not args.no_record:
        command = "python bench/bench_extract.py " + " ".join(argv)
        record(result, command.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
