"""The command line: options and wiring only; each command's work is a job in `karabakh_claims.jobs`.

Exit status (README's table): 0 done (inputs that could not be read are reported on standard error,
one line each, and skipped); 1 findings (`claims check`) or a plot that could not be drawn; 2 usage
errors, nothing readable, an unusable or empty ledger, a report that cannot be written, a `--cluster`
that cannot be used, a bad line of a gold or pairs file, and for `check` any unreadable input, a bad
baseline, a revision that names no commit or git failing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from karabakh_claims import __version__
from karabakh_claims.config import Config, ConfigError, load_config
from karabakh_claims.jobs.memory import no_cycle_collection

if TYPE_CHECKING:
    from rich.console import Console

    from karabakh_claims.models import SkippedInput
    from karabakh_claims.render.claimreview import Reviewer

FORMATS = ("table", "json", "jsonl", "csv")
EXIT_FINDINGS = 1
EXIT_PROBLEM = 2


class Problem(click.ClickException):
    """Nothing readable, an unusable or empty ledger, unreadable input to check: exit status 2."""

    exit_code = EXIT_PROBLEM


class FiniteFloatRange(click.FloatRange):
    """A FloatRange that also refuses nan (which compares false with every bound) and infinity."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{number} is not in the range {self._describe_range()}.", param, ctx)
        return number


@contextmanager
def user_errors() -> Iterator[None]:
    """The library's errors as one line for the user, with README's exit status."""
    from karabakh_claims.jobs.errors import JobError, PlotFailed
    from karabakh_claims.ledger import LedgerError

    try:
        yield
    except ConfigError as err:
        raise click.UsageError(str(err)) from err
    except PlotFailed as err:
        raise click.ClickException(str(err)) from err
    except (LedgerError, JobError) as err:
        raise Problem(str(err)) from err


def stdout_console() -> Console:
    """Rich output on standard output; plain and wide enough for tables when piped."""
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def warn(skipped: SkippedInput) -> None:
    click.echo(skipped.message(), err=True)


def config_option(command: Callable) -> Callable:
    """`--metrics FILE`, `--sources FILE`: the command receives the loaded configuration as `config`."""

    @click.option("--metrics", "metrics_path", type=click.Path(dir_okay=False), default=None,
                  help="TOML file of metrics, trigger words, sides and places (default: the packaged one).")
    @click.option("--sources", "sources_path", type=click.Path(dir_okay=False), default=None,
                  help="TOML file of origins (producers of figures) over the packaged sources.toml.")
    @functools.wraps(command)
    def with_config(*args, metrics_path: str | None, sources_path: str | None, **kwargs):
        with user_errors():
            config = load_config(metrics_path, sources_path)
        return command(*args, config=config, **kwargs)

    return with_config


def db_option(command: Callable) -> Callable:
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="CLAIMS_DB", default=None,
                        help="The SQLite ledger (default ./claims.db; env CLAIMS_DB).")(command)


def jobs_option(command: Callable) -> Callable:
    return click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
                        help="Parser processes.")(command)


def cluster_address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """`--cluster`: a scheduler's address or local:N."""
    if value is None:
        return None
    try:
        from karabakh_claims.jobs.cluster import local_workers

        local_workers(value.strip())
    except ImportError:
        return value.strip()  # the job says which extra to install
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    return value.strip()


def validated(config: Config) -> Config:
    with user_errors():
        return config.validated()


@contextmanager
def opened_ledger(db_path: str | None, *, create: bool = True):
    from karabakh_claims.ledger import Ledger

    with user_errors(), Ledger(db_path, create=create) as ledger:
        yield ledger


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="claims")
def cli() -> None:
    """Extract numeric claims about a crisis from news articles and reconcile them across sources.

    \b
    claims extract seeds/                  claims of every article, stored in ./claims.db
    claims diff --metric refugees          one quantity across sources and over time
    claims report -o report.html           every quantity as one HTML page: charts and tables
    claims check seeds/ --baseline B.json  fail on new conflicts or stale figures (CI)
    claims eval --gold GOLD.jsonl seeds/   precision/recall against a gold set
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output: a table per article, or one record per claim as JSON, JSONL or CSV.")
@db_option
@config_option
@click.option("--all-mentions", is_flag=True, help="List every numeric mention, not only claims (not stored).")
@jobs_option
@click.option("--cluster", metavar="ADDRESS", callback=cluster_address,
              help="Parse on the workers of a Dask cluster: its scheduler's address (tcp://host:8786), or "
                   "local:N for N worker processes started here. The ledger and the output stay here.")
@click.option("--max-bytes", type=click.IntRange(1), default=20_000_000, show_default=True,
              help="Skip files larger than this many bytes.")
def extract(paths: tuple[str, ...], fmt: str, db_path: str | None, config: Config, all_mentions: bool,
            jobs: int, cluster: str | None, max_bytes: int) -> None:
    """Read articles and print their numeric claims; store them in the ledger.

    PATHS are files or folders (read recursively): .txt .md .html .json .jsonl, '-' for standard
    input. Articles already in the ledger, unchanged, are not parsed again.

    \b
    Example:
        claims extract seeds/ --format jsonl > claims.jsonl

    \b
    Exit status:
      0  every readable input was processed; inputs that could not be read
         (binary, empty, too large, no permission, broken link ...) are
         named on standard error, one line each, and skipped
      2  nothing could be read, wrong arguments, the ledger is unusable, or
         the --cluster cannot be reached, has no workers or is lost
    """
    from karabakh_claims.jobs.extract import extract as extract_job
    from karabakh_claims.render.progress import progress_steps

    if cluster is not None and jobs > 1:
        raise click.UsageError("--cluster parses on the cluster's workers: give it without --jobs")
    validated(config)
    with opened_ledger(db_path) as ledger, progress_steps() as step:
        stats = extract_job(ledger, paths, config, fmt=fmt, out=sys.stdout,
                            console=stdout_console() if fmt == "table" else None, all_mentions=all_mentions,
                            jobs=jobs, cluster=cluster, max_bytes=max_bytes, on_skip=warn, step=step)
    if stats.nothing_read:
        raise click.exceptions.Exit(EXIT_PROBLEM)


@cli.command(name="eval")
@click.argument("paths", nargs=-1, required=True)
@click.option("--gold", "gold_path", type=click.Path(exists=True, dir_okay=False), required=True,
              help="Gold claims, one JSON object per line (see fixtures/gold/README.md).")
@click.option("--pairs", "pairs_path", type=click.Path(exists=True, dir_okay=False),
              help="Also score the reconciler against conflict pairs (see fixtures/dev/README.md).")
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--errors", "-v", "--verbose", "errors", is_flag=True,
              help="List the wrong ones by kind: missed, extra, wrong metric, wrong source, wrong date.")
def evaluate_command(paths: tuple[str, ...], gold_path: str, pairs_path: str | None, config: Config, fmt: str,
                     errors: bool) -> None:
    """Score the claims extracted from PATHS against a gold set: P/R/F1, attribution, as-of.

    \b
    Example:
        claims eval --gold fixtures/gold/seeds.jsonl seeds/ --errors
        claims eval --gold fixtures/dev/quake/gold.jsonl --pairs fixtures/dev/quake/conflict_pairs.jsonl \
            fixtures/dev/quake/articles
    """
    from karabakh_claims.jobs.evaluate import evaluate_paths
    from karabakh_claims.render.evaluation import evaluation_json, evaluation_report

    def unscored(file: str, error: Exception) -> None:
        click.echo(f"{file}: not scored: cannot read it again ({error})", err=True)

    with user_errors():
        result = evaluate_paths(paths, gold_path, validated(config), pairs_path=pairs_path, on_skip=warn,
                                on_unscored=unscored)
    if fmt == "json":
        click.echo(evaluation_json(result, errors))
    else:
        evaluation_report(stdout_console(), result, errors)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the Claim record.

    \b
    Example:
        claims schema > claim.schema.json
    """
    from karabakh_claims.models import Claim

    click.echo(json.dumps(Claim.model_json_schema(), indent=2))


DIFF_FORMATS = ("table", "json", "csv", "claimreview")


def review_of(fmt: str, by: str, reviewer: str | None, url: str | None, day: dt.datetime | None) -> Reviewer | None:
    """Who publishes the ClaimReviews of `--format claimreview`, on which page and day (default today);
    the options that go with no other format, and `--by origin` with formats other than table and JSON,
    are usage errors."""
    from karabakh_claims.render.claimreview import Reviewer

    if fmt != "claimreview":
        if reviewer is not None or url is not None or day is not None:
            raise click.UsageError("--reviewer, --review-url and --review-date go with --format claimreview")
        if by == "origin" and fmt == "csv":
            raise click.UsageError("--by origin is a table or JSON (--format table or json)")
        return None
    if by == "origin":
        raise click.UsageError("--format claimreview reviews each figure: give it without --by origin")
    if not (reviewer or "").strip():
        raise click.UsageError("--format claimreview needs --reviewer NAME: who publishes the reviews")
    page = urlsplit(url) if url is not None else None
    if page is not None and (page.scheme not in ("http", "https") or not page.netloc):
        raise click.UsageError(f"--review-url must be an absolute http(s) URL, not {url!r}")
    return Reviewer(reviewer.strip(), day.date() if day else dt.date.today(), url)


@cli.command()
@click.option("--metric", "metrics", multiple=True,
              help="Metric to compare (repeatable); default: every quantity with a conflict, stale, corrected or retracted figure.")
@click.option("--subject", help="Only quantities of this group (a class such as combatants, or words of the subject).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only figures as of this day (YYYY-MM-DD) or later.")
@click.option("--by", type=click.Choice(["figure", "origin"]), default="figure", show_default=True,
              help="figure: each quantity's figures in as-of order; origin: grouped by who produced them, "
                   "with \"revised X → Y on DATE\" where one went down or was corrected (table or json).")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="table", show_default=True,
              help="A table per quantity, JSON, a CSV row per figure, or a schema.org ClaimReview (JSON-LD) "
                   "per figure.")
@click.option("--reviewer", metavar="NAME", help="With --format claimreview (required): the organization that "
                                                 "publishes the reviews, their author.")
@click.option("--review-url", metavar="URL", help="With --format claimreview: the page the reviews are published on; "
                                                  "each review's url is it with the figure's anchor "
                                                  "[default: the anchor alone, read against the page].")
@click.option("--review-date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="With --format claimreview: the reviews' datePublished (YYYY-MM-DD) [default: today].")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Also draw the figures over time: FILE.png or FILE.html.")
@click.option("--stale-ratio", type=FiniteFloatRange(1, min_open=True), default=None,
              help="A cumulative figure is stale below one this many times higher reported a day or more "
                   "earlier [default: settings.stale_ratio of the metrics file, 1.2].")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="CLAIMS_DB", show_envvar=True,
              help="The ledger [default: ./claims.db].")
@config_option
@click.option("--no-cache", "reuse", flag_value=False, default=True,
              help="Reconcile again even if this diff was saved for the ledger as it is now.")
def diff(metrics: tuple[str, ...], subject: str | None, since, by: str, fmt: str, reviewer: str | None,
         review_url: str | None, review_date, plot_path: str | None, stale_ratio: float | None, db_path: str | None,
         config: Config, reuse: bool) -> None:
    """Compare the stored figures of each quantity: agreements, conflicts, stale figures, estimates.

    The output is saved in the ledger (the last four): the same diff again, while the ledger's claims
    of those metrics have not changed, is printed as saved without reconciling again.

    \b
    Example:
        claims diff --metric refugees --since 2023-10-01 --format json
        claims diff --metric killed --by origin
        claims diff --metric refugees --format claimreview --reviewer "Example Desk" \\
            --review-url https://example.org/checks/refugees
    """
    from karabakh_claims.jobs.diff import DiffOptions
    from karabakh_claims.jobs.diff import diff as diff_job

    review = review_of(fmt, by, reviewer, review_url, review_date)
    options = DiffOptions(metrics, subject, since.date() if since else None, fmt, stale_ratio, plot_path, by, review)
    console = stdout_console() if fmt == "table" else None
    with no_cycle_collection(), opened_ledger(db_path, create=False) as ledger, user_errors():
        diff_job(ledger, config, options, lambda text: click.echo(text, nl=False), console=console, reuse=reuse)


@cli.command()
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), required=True,
              help="The HTML file to write (self-contained: it opens from disk or an email attachment).")
@click.option("--metric", "metrics", multiple=True, help="Metric to show (repeatable); default: every metric.")
@click.option("--subject", help="Only quantities of this group (a class such as combatants, or words of the subject).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only figures as of this day (YYYY-MM-DD) or later.")
@click.option("--title", default="claims report", show_default=True, help="The page's title.")
@click.option("--stale-ratio", type=FiniteFloatRange(1, min_open=True), default=None,
              help="As for claims diff [default: settings.stale_ratio of the metrics file, 1.2].")
@db_option
@config_option
def report(output: str, metrics: tuple[str, ...], subject: str | None, since, title: str, stale_ratio: float | None,
           db_path: str | None, config: Config) -> None:
    """Write the reconciled quantities as one HTML page: a summary, then per quantity a chart and a table.

    The summary gives each quantity's latest low/best/high, its outlets and origins, its conflicts and
    stale figures. Each chart shows the figures over time, coloured by verdict, with the estimate as a
    band; hovering a point shows its sentence and source. The tables sort by a click on a header and
    filter by publisher and verdict. Nothing is fetched when the page is opened.

    \b
    Example:
        claims report -o report.html
        claims report --metric refugees --metric killed --since 2023-09-19 -o report.html

    \b
    Exit status:
      0  the page was written
      2  usage error, an empty or unusable ledger, a file that cannot be
         written (one line), plotly not installed
    """
    from karabakh_claims.jobs.report import ReportOptions, write_report
    from karabakh_claims.render.progress import progress_steps

    options = ReportOptions(metrics, subject, since.date() if since else None, stale_ratio, title)
    with no_cycle_collection(), opened_ledger(db_path, create=False) as ledger, user_errors(), progress_steps() as step:
        written = write_report(ledger, config, options, output, step=step)
    click.echo(written.line())


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--baseline", "baseline_path", type=click.Path(exists=True, dir_okay=False),
              help="Findings known and accepted (written by --write-baseline): only others fail.")
@click.option("--write-baseline", "write_path", type=click.Path(dir_okay=False),
              help="Record today's findings in this file and exit 0; over an existing baseline (of this "
                   "version or an older one), its entries are kept and the new findings added.")
@click.option("--changed-since", metavar="REV",
              help="Only findings that involve articles changed since this git commit, or untracked.")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json", "sarif"]), default="text",
              show_default=True, help="A line per finding, GitHub workflow annotations, JSON, or SARIF 2.1.0 "
                                      "(GitHub code scanning).")
@db_option
@config_option
@jobs_option
def check(paths: tuple[str, ...], baseline_path: str | None, write_path: str | None, changed_since: str | None,
          fmt: str, db_path: str | None, config: Config, jobs: int) -> None:
    """Gate new articles: fail when their figures conflict with the record or are stale.

    Reads PATHS into the ledger (only new or changed articles are parsed), judges the quantities
    their figures count (and those of the baseline's entries) against every stored figure of them,
    and reports the conflicts and stale figures that involve an article under PATHS. Without
    PATHS, every article in the ledger is checked. A baseline entry is keyed by the quantity and the
    figures (publisher, text, value), never by line, and matches until those change. A baseline of
    an older version is refused (exit 2): write it again with --write-baseline over it.

    \b
    Example:
        claims check seeds/ --baseline claims-baseline.json --format github

    \b
    Exit status:
      0  no new finding (baselined and fixed ones are only reported), or no
         article selected by --changed-since (it says "checked nothing")
      1  new conflicts or stale figures
      2  usage error, unreadable input (one line each), bad baseline or one
         of another version, a --changed-since that names no commit, git
         failed
    """
    from karabakh_claims.jobs.baseline import read_baseline, read_old_baseline, rewritten, write_baseline
    from karabakh_claims.jobs.check import check as check_job
    from karabakh_claims.render.check import REPORTS
    from karabakh_claims.render.progress import progress_steps
    from karabakh_claims.render.sarif import check_sarif

    if write_path and (baseline_path or changed_since):
        raise click.UsageError("--write-baseline records every finding under PATHS: give it without --baseline and --changed-since")
    if "-" in paths:
        raise click.UsageError("claims check reads files and folders, not standard input")
    validated(config)
    with user_errors():
        if write_path:
            baseline = read_old_baseline(write_path)
        else:
            baseline = read_baseline(baseline_path) if baseline_path else None
        with opened_ledger(db_path, create=bool(paths)) as ledger, progress_steps() as step:
            report = check_job(ledger, paths, config, baseline=baseline, changed_since=changed_since, jobs=jobs,
                               step=step, on_warning=warn)
        if write_path:
            written = rewritten(baseline, report.new, report.fixed)
            write_baseline(write_path, written.baseline)
            click.echo(written.line(write_path))
            return
    click.echo({**REPORTS, "sarif": check_sarif}[fmt](report))
    raise click.exceptions.Exit(report.exit_status)


def main() -> None:
    cli()
