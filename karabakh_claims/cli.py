"""The command line: a thin click layer that parses options and calls the library stages.

Exit status: 0 done (inputs that could not be read are reported on standard error, one line
each, and skipped); 1 findings (`claims check`); 2 usage errors, nothing readable, or an empty ledger.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from karabakh_claims import __version__
from karabakh_claims.versions import LexiconError

if TYPE_CHECKING:
    from rich.console import Console

    from karabakh_claims.ledgerfile import LedgerFile
    from karabakh_claims.models import SkippedInput

FORMATS = ("table", "json", "jsonl", "csv")
EXIT_NOTHING_READ = 2


def stdout_console() -> Console:
    """Rich output on standard output; plain and wide enough for tables when piped."""
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


@contextmanager
def no_cycle_collection():
    """Cyclic garbage collection paused: reading, reconciling and rendering a large ledger make
    millions of objects without cycles, which the collector would otherwise scan again and again
    (half the time of `claims diff` on a million claims)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def warn(skipped: SkippedInput) -> None:
    click.echo(skipped.message(), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="claims")
def cli() -> None:
    """Extract numeric claims about a crisis from news articles and reconcile them across sources.

    \b
    claims extract seeds/                  claims of every article, stored in ./claims.db
    claims diff --metric refugees          one quantity across sources and over time
    claims check seeds/ --baseline B.json  fail on new conflicts or stale figures (CI)
    claims eval --gold GOLD.jsonl seeds/   precision/recall against a gold set
    """


metrics_option = click.option(
    "--metrics", "metrics_path", type=click.Path(dir_okay=False), default=None,
    help="TOML file of metrics, trigger words, sides and places (default: the packaged one).",
)


db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False), envvar="CLAIMS_DB", default=None,
    help="The SQLite ledger (default ./claims.db; env CLAIMS_DB).",
)


class LedgerProblem(click.ClickException):
    """The ledger cannot be used: exit status 2."""

    exit_code = 2


@contextmanager
def open_ledger(db_path: str | None, *, create: bool = True):
    from karabakh_claims.ledgerfile import LedgerError
    from karabakh_claims.store import Ledger

    try:
        with Ledger(db_path, create=create) as ledger:
            yield ledger
    except LedgerError as err:
        raise LedgerProblem(str(err)) from err


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output: a table per article, or one record per claim as JSON, JSONL or CSV.")
@db_option
@metrics_option
@click.option("--all-mentions", is_flag=True, help="List every numeric mention, not only claims (not stored).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Parser processes.")
@click.option("--max-bytes", type=click.IntRange(1), default=20_000_000, show_default=True,
              help="Skip files larger than this many bytes.")
def extract(paths: tuple[str, ...], fmt: str, db_path: str | None, metrics_path: str | None, all_mentions: bool,
            jobs: int, max_bytes: int) -> None:
    """Read articles and print their numeric claims; store them in the ledger.

    PATHS are files or folders (read recursively): .txt .md .html .json .jsonl, '-' for standard
    input. Articles already in the ledger, unchanged, are not parsed again.

    \b
    Exit status:
      0  every readable input was processed; inputs that could not be read
         (binary, empty, too large, no permission, broken link ...) are
         named on standard error, one line each, and skipped
      2  nothing could be read, wrong arguments, or the ledger is unusable
    """
    check_lexicon(metrics_path)
    with open_ledger(db_path) as ledger:
        stats = run_extract(ledger, paths, fmt, metrics_path, all_mentions, jobs, max_bytes)
    if stats.nothing_read:
        raise click.exceptions.Exit(EXIT_NOTHING_READ)


def run_extract(ledger, paths, fmt, metrics_path, all_mentions, jobs, max_bytes):
    """Extract, print and store; returns the run's statistics."""
    from karabakh_claims.extract import Extractor
    from karabakh_claims.progress import progress_steps
    from karabakh_claims.render_claims import print_tables, write_csv, write_json, write_jsonl
    from karabakh_claims.versions import pipeline_version

    run_id = ledger.start_run(pipeline_version(metrics_path), paths)
    with progress_steps() as step:
        extractor = Extractor(lexicon_path=metrics_path, ledger=ledger, run_id=run_id, all_mentions=all_mentions,
                              jobs=jobs, max_bytes=max_bytes, on_skip=warn, on_article=step("reading articles"))
        claims = extractor.run(paths)
        if fmt == "table":
            print_tables(stdout_console(), claims)
        else:
            {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}[fmt](claims, sys.stdout)
    stats = extractor.stats
    ledger.finish_run(run_id, {"articles": stats.articles, "parsed": stats.parsed, "reused": stats.reused,
                               "claims": stats.claims, "skipped": len(stats.skipped)})
    return stats


def check_lexicon(metrics_path: str | None) -> None:
    from karabakh_claims.lexicon import load_lexicon

    try:
        load_lexicon(metrics_path)
    except LexiconError as err:
        raise click.UsageError(str(err)) from err


@cli.command(name="eval")
@click.argument("paths", nargs=-1, required=True)
@click.option("--gold", "gold_path", type=click.Path(exists=True, dir_okay=False), required=True,
              help="Gold claims, one JSON object per line (see fixtures/gold/README.md).")
@metrics_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="List misses, extras and wrong attributions or dates.")
def evaluate_command(paths: tuple[str, ...], gold_path: str, metrics_path: str | None, fmt: str,
                     verbose: bool) -> None:
    """Score the claims extracted from PATHS against a gold set: P/R/F1, attribution, as-of."""
    from karabakh_claims.evaluate import evaluate, read_gold
    from karabakh_claims.extract import Extractor
    from karabakh_claims.lexicon import load_lexicon
    from karabakh_claims.render_claims import evaluation_json, evaluation_report

    check_lexicon(metrics_path)
    claims = list(Extractor(lexicon_path=metrics_path, on_skip=warn).run(paths))
    file_texts = read_file_texts({c.file for c in claims})
    result = evaluate(read_gold(gold_path), claims, file_texts, load_lexicon(metrics_path))
    if fmt == "json":
        click.echo(evaluation_json(result))
    else:
        evaluation_report(stdout_console(), result, verbose)


def read_file_texts(files: set[str]) -> dict[str, str]:
    """File name → decoded text, for locating gold quotes; a file that cannot be read again (standard input,
    a file gone since) is named on standard error and not scored."""
    from karabakh_claims.ingest import InputError, read_file_text

    texts = {}
    for file in sorted(files):
        try:
            texts[Path(file).name] = read_file_text(file)
        except InputError as error:
            click.echo(f"{file}: not scored: cannot read it again ({error})", err=True)
    return texts


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the Claim record."""
    from karabakh_claims.models import Claim

    click.echo(json.dumps(Claim.model_json_schema(), indent=2))


class EmptyLedger(click.ClickException):
    exit_code = EXIT_NOTHING_READ


@cli.command()
@click.option("--metric", "metrics", multiple=True,
              help="Metric to compare (repeatable); default: every quantity with a conflict or stale figure.")
@click.option("--subject", help="Only quantities of this group (a class such as combatants, or words of the subject).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only figures as of this day (YYYY-MM-DD) or later.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Also draw the figures over time: FILE.png or FILE.html.")
@click.option("--stale-ratio", type=click.FloatRange(1, min_open=True), default=None,
              help="A cumulative figure is stale below one this many times higher reported a day or more "
                   "earlier [default: settings.stale_ratio of the metrics file, 1.2].")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="CLAIMS_DB", show_envvar=True,
              help="The ledger [default: ./claims.db].")
@metrics_option
@click.option("--no-cache", "reuse", flag_value=False, default=True,
              help="Reconcile again even if this diff was saved for the ledger as it is now.")
def diff(metrics: tuple[str, ...], subject: str | None, since, fmt: str, plot_path: str | None,
         stale_ratio: float | None, db_path: str | None, metrics_path: str | None, reuse: bool) -> None:
    """Compare the stored figures of each quantity: agreements, conflicts, stale figures, estimates.

    The output is saved in the ledger (the last four): the same diff again, while the ledger's claims
    of those metrics have not changed, is printed as saved without reconciling again.
    """
    with no_cycle_collection():
        run_diff(metrics, subject, since.date() if since else None, fmt, plot_path, stale_ratio, db_path,
                 metrics_path, reuse, write=lambda text: click.echo(text, nl=False))


def run_diff(metrics: tuple[str, ...], subject: str | None, since: dt.date | None, fmt: str, plot_path: str | None,
             stale_ratio: float | None, db_path: str | None, metrics_path: str | None, reuse: bool,
             write: Callable[[str], None]) -> None:
    """`claims diff` (see `diff`): its output, saved or computed, given to `write` (and the plot drawn)."""
    from karabakh_claims.ledgerfile import LedgerError, LedgerFile, LedgerMissing

    console = stdout_console() if fmt == "table" else None
    key = diff_key(metrics, subject, since, fmt, stale_ratio, metrics_path, console)
    try:
        if reuse and not plot_path:
            with LedgerFile(db_path, create=False) as ledger:
                saved = not_empty(ledger).saved_output(key, ledger.stamp(metrics))
            if saved is not None:
                write(saved)
                return
        reconciled_diff(metrics, subject, since, fmt, plot_path, stale_ratio, db_path, metrics_path, console, key,
                        write)
    except LedgerMissing as err:
        raise EmptyLedger(str(err)) from err
    except LedgerError as err:
        raise LedgerProblem(str(err)) from err


def reconciled_diff(metrics: tuple[str, ...], subject: str | None, since: dt.date | None, fmt: str,
                    plot_path: str | None, stale_ratio: float | None, db_path: str | None,
                    metrics_path: str | None, console: Console | None, key: str, write: Callable[[str], None]) -> None:
    """Reconcile the ledger's claims a batch of metrics at a time, giving the output to `write` as it
    is rendered; save it under `key`; draw the plot."""
    from karabakh_claims.ledgerfile import PackedText
    from karabakh_claims.lexicon import load_lexicon
    from karabakh_claims.plot import PlotError, plot_groups
    from karabakh_claims.progress import progress_steps
    from karabakh_claims.reconcile import reconcile_stored, select_groups
    from karabakh_claims.render import DiffWriter
    from karabakh_claims.store import Ledger

    check_lexicon(metrics_path)
    lexicon = load_lexicon(metrics_path)
    empty = "no quantity to show" if metrics or subject or since else "no conflict or stale figure in the ledger"
    writer, body, plotted = DiffWriter(fmt, console, empty), PackedText(), []

    def emit(text: str) -> None:
        write(text)
        body.write(text)

    with Ledger(db_path, create=False) as ledger, progress_steps() as step:
        with not_empty(ledger).snapshot():
            stamp = ledger.stamp(metrics)
            batches = reconcile_stored(ledger, metrics or ledger.metrics(), cumulative_metrics=lexicon.cumulative_metrics,
                                       stale_ratio=stale_ratio or lexicon.settings.stale_ratio,
                                       about_margin=lexicon.settings.about_margin, step=step)
            for groups in batches:
                groups = select_groups(groups, metrics=metrics, subject=subject, since=since)
                emit(writer.part(groups))
                plotted += groups if plot_path else []
        emit(writer.end())
        ledger.save_output(key, stamp, body)
    if plot_path:
        try:
            plot_groups(plotted, plot_path)
        except PlotError as err:
            raise click.ClickException(str(err)) from err


def not_empty(ledger: LedgerFile) -> LedgerFile:
    """The ledger, unless it holds no article."""
    if ledger.is_empty():
        raise EmptyLedger(f"the ledger {ledger.path} is empty: run `claims extract PATH` first")
    return ledger


def diff_key(metrics: tuple[str, ...], subject: str | None, since: dt.date | None, fmt: str,
             stale_ratio: float | None, metrics_path: str | None, console: Console | None) -> str:
    """What a saved diff output depends on besides the ledger: the options, the configuration, the
    code, and for a table the terminal it is drawn for."""
    from karabakh_claims.versions import code_digest, lexicon_digest

    try:
        configuration = lexicon_digest(metrics_path)
    except LexiconError as err:
        raise click.UsageError(str(err)) from err
    terminal = (console.width, console.color_system, console.is_terminal) if console else None
    parts = ["diff", __version__, code_digest(), configuration, fmt, list(metrics), subject,
             since.isoformat() if since else None, stale_ratio, terminal]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


class CheckProblem(click.ClickException):
    """Unreadable input, a bad baseline, git failing: exit status 2."""

    exit_code = 2


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--baseline", "baseline_path", type=click.Path(exists=True, dir_okay=False),
              help="Findings known and accepted (written by --write-baseline): only others fail.")
@click.option("--write-baseline", "write_path", type=click.Path(dir_okay=False),
              help="Record today's findings in this file and exit 0.")
@click.option("--changed-since", metavar="REV",
              help="Only findings that involve articles changed since this git revision, or untracked.")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text", show_default=True,
              help="A line per finding, GitHub workflow annotations, or JSON.")
@db_option
@metrics_option
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Parser processes.")
def check(paths: tuple[str, ...], baseline_path: str | None, write_path: str | None, changed_since: str | None,
          fmt: str, db_path: str | None, metrics_path: str | None, jobs: int) -> None:
    """Gate new articles: fail when their figures conflict with the record or are stale.

    Reads PATHS into the ledger (only new or changed articles are parsed), reconciles every stored
    claim and reports the conflicts and stale figures that involve an article under PATHS. Without
    PATHS, every article in the ledger is checked. A baseline entry is keyed by the quantity and the
    figures (publisher, text, value), never by line, and matches until those change.

    \b
    Exit status:
      0  no new finding (baselined and fixed ones are only reported)
      1  new conflicts or stale figures
      2  usage error, unreadable input (one line each), bad baseline, git failed
    """
    from karabakh_claims.check import CheckError, check as run_check, baseline_of, read_baseline, write_baseline
    from karabakh_claims.progress import progress_steps
    from karabakh_claims.render_check import check_github, check_json, check_text

    if write_path and (baseline_path or changed_since):
        raise click.UsageError("--write-baseline records every finding under PATHS: give it without --baseline and --changed-since")
    if "-" in paths:
        raise click.UsageError("claims check reads files and folders, not standard input")
    check_lexicon(metrics_path)
    try:
        baseline = read_baseline(baseline_path) if baseline_path else None
        with open_ledger(db_path, create=bool(paths)) as ledger:
            with progress_steps() as step:
                report = run_check(ledger, paths, lexicon_path=metrics_path, baseline=baseline,
                                   changed_since=changed_since, jobs=jobs, step=step)
        if write_path:
            write_baseline(write_path, baseline_of(report.new))
    except CheckError as err:
        raise CheckProblem(str(err)) from err
    if write_path:
        click.echo(f"wrote {len(report.new)} finding(s) to {write_path}")
        return
    click.echo({"text": check_text, "github": check_github, "json": check_json}[fmt](report))
    raise click.exceptions.Exit(report.exit_status)


def main() -> None:
    cli()
