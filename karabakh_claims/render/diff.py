"""Output of `claims diff`: rich tables, JSON and CSV of reconciled quantities (ClaimReview JSON-LD in
`claimreview.py`, the view by origin in `origins.py`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from karabakh_claims.models import Estimate, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.numbers.writing import fmt_number
from karabakh_claims.render.cells import FORMULA_STARTS, finite_or_none, plain, spreadsheet_row
from karabakh_claims.render.titles import NO_LABELS, current_named, quantity_title, quantity_titles

if TYPE_CHECKING:
    from karabakh_claims.render.claimreview import Reviewer

VERDICT_STYLES = {
    Verdict.conflict: "bold red",
    Verdict.stale: "yellow",
    Verdict.correction: "magenta",
    Verdict.subscope: "cyan",
    Verdict.historical: "dim",
    Verdict.vague: "dim",
    Verdict.projection: "dim italic",
}

TABLE_ROWS = 40
"""At most this many figures per quantity in a table: conflicts, stale figures and corrections first."""
STANDOUT = (Verdict.conflict, Verdict.stale, Verdict.correction)

NO_WRAP = frozenset({"#", "as of", "interval", "verdict"})

CSV_COLUMNS = (
    "quantity", "metric", "unit", "subject", "side", "place", "historical",
    "estimate_low", "estimate_best", "estimate_high", "estimate_as_of",
    "as_of", "text", "value", "low", "high", "qualifier", "publisher", "source", "published",
    "verdict", "explanation", "file", "line", "article_id", "claim_id", "url",
)
CSV_QUANTITY_TEXT = frozenset({"quantity", "metric", "unit", "subject", "side", "place"})
CSV_CLAIM_TEXT = ("text", "publisher", "source", "explanation", "subject", "file", "url")
"""The CSV columns of free text, which a spreadsheet must not read as formulas (`cells.spreadsheet_text`);
the others are numbers, dates, flags, verdicts and hashes."""


# --- records shared by JSON and CSV ----------------------------------------------------------


def claim_record(rc: ReconciledClaim) -> dict:
    """One figure with its verdict; low/high are the interval compared (None = unbounded)."""
    c = rc.claim
    return {
        "as_of": _iso(c.as_of),
        "text": c.text,
        "value": c.value,
        "low": rc.low,
        "high": rc.high,
        "qualifier": c.qualifier.value,
        "publisher": c.publisher,
        "source": c.source,
        "origin": c.origin_name,
        "origin_kind": c.origin_kind,
        "origin_side": c.origin_side,
        "published": _iso(c.published),
        "verdict": rc.verdict.value,
        "explanation": rc.explanation,
        "subject": c.subject,
        "file": c.file,
        "line": c.line,
        "article_id": c.article_id,
        "claim_id": c.claim_id,
        "url": c.url,
    }


@lru_cache(maxsize=65536)
def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def group_record(group: QuantityGroup, with_claims: bool = True) -> dict:
    """One quantity: what it counts, its estimate with the rule used, and its figures (the last member)."""
    est = group.estimate
    record = {
        "key": group.key,
        "metric": group.metric,
        "unit": group.unit,
        "subject": group.subject,
        "subset": group.subset,
        "side": group.side,
        "place": group.place,
        "historical": group.historical,
        "cumulative": group.cumulative,
        "parent": group.parent,
        "estimate": {
            "low": finite_or_none(est.low),
            "best": finite_or_none(est.best),
            "high": finite_or_none(est.high),
            "as_of": est.as_of.isoformat() if est.as_of else None,
            "best_from": est.best_from,
            "sources": est.sources,
            "origins": list(est.origins),
            "single_origin": est.single_origin,
            "rule": est.rule,
        },
    }
    if with_claims:
        record["claims"] = [claim_record(rc) for rc in group.claims]
    return record


def _group_json(group: QuantityGroup) -> str:
    """`json.dumps(group_record(group), ensure_ascii=False)`, written without building the records of
    the figures: their members go straight into a template (`_claim_json`)."""
    record = group_record(group, with_claims=False)
    head = json.dumps(record, ensure_ascii=False)
    return f'{head[:-1]}, "claims": [{", ".join(map(_claim_json, group.claims))}]}}'


CLAIM_JSON = "{" + ", ".join(f'"{name}": %s' for name in (
    "as_of", "text", "value", "low", "high", "qualifier", "publisher", "source", "origin", "origin_kind",
    "origin_side", "published", "verdict",
    "explanation", "subject", "file", "line", "article_id", "claim_id", "url",
)) + "}"
"""`claim_record` as JSON, its members in the same order."""


def _claim_json(rc: ReconciledClaim) -> str:
    c = rc.claim
    return CLAIM_JSON % (
        _date_json(c.as_of), encode_basestring(c.text), _number_json(c.value), _number_json(rc.low),
        _number_json(rc.high), encode_basestring(c.qualifier.value), _optional_json(c.publisher),
        _optional_json(c.source), encode_basestring(c.origin_name), _optional_json(c.origin_kind),
        _optional_json(c.origin_side), _date_json(c.published), encode_basestring(rc.verdict.value),
        encode_basestring(rc.explanation), _optional_json(c.subject), encode_basestring(c.file), c.line,
        encode_basestring(c.article_id), _optional_json(c.claim_id), _optional_json(c.url),
    )


def _optional_json(text: str | None) -> str:
    return "null" if text is None else encode_basestring(text)


@lru_cache(maxsize=65536, typed=True)
def _number_json(value: float | None) -> str:
    """A number (or None) as json.dumps writes it, infinity and NaN as null; figures repeat a lot."""
    return json.dumps(finite_or_none(value))


@lru_cache(maxsize=65536)
def _date_json(day: dt.date | None) -> str:
    return json.dumps(day.isoformat() if day else None)


def _csv_rows(groups: Sequence[QuantityGroup], with_header: bool) -> str:
    """One row per figure, with its quantity and the quantity's estimate repeated on each row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    if with_header:
        writer.writeheader()
    for group in groups:
        quantity = spreadsheet_row(_csv_quantity(group), CSV_QUANTITY_TEXT)
        for rc in group.claims:
            row = {**quantity, **claim_record(rc)}
            for name in CSV_CLAIM_TEXT:
                text = row[name]
                if text and text[0] in FORMULA_STARTS:
                    row[name] = "'" + text
            writer.writerow(row)
    return out.getvalue()


def _csv_quantity(group: QuantityGroup) -> dict:
    est = group.estimate
    return {
        "quantity": group.key,
        "metric": group.metric,
        "unit": group.unit,
        "subject": group.subject,
        "side": group.side,
        "place": group.place,
        "historical": group.historical,
        "estimate_low": finite_or_none(est.low),
        "estimate_best": finite_or_none(est.best),
        "estimate_high": finite_or_none(est.high),
        "estimate_as_of": est.as_of.isoformat() if est.as_of else None,
    }


# --- rich tables -------------------------------------------------------------------------


def interval_text(low: float | None, high: float | None) -> str:
    """[low, high] for reading: a point, "≥ low", "≤ high" or "low – high"."""
    if low is None and high is None:
        return "any"
    if high is None:
        return f"≥ {fmt_number(low)}"
    if low is None:
        return f"≤ {fmt_number(high)}"
    if low == high:
        return fmt_number(low)
    return f"{fmt_number(low)} – {fmt_number(high)}"


def shown_rows(group: QuantityGroup, limit: int = TABLE_ROWS) -> list[tuple[int, ReconciledClaim]]:
    """The numbered figures a table shows, in as-of order: all of them, or `limit` with those that stand out first."""
    numbered = list(enumerate(group.claims, 1))
    if len(numbered) <= limit:
        return numbered
    first = [row for row in numbered if row[1].verdict in STANDOUT][:limit]
    rest = [row for row in numbered if row[1].verdict not in STANDOUT][: limit - len(first)]
    return sorted(first + rest, key=lambda row: row[0])


def quantity_table(group: QuantityGroup, rows: list[tuple[int, ReconciledClaim]], title: str) -> Table:
    """The figures of one quantity sorted by as-of date under its readable title, its key as the caption;
    conflicts and stale figures stand out. What the articles wrote (subjects, places, figures,
    publishers, sources) is drawn as text, never as markup."""
    hidden = len(group.claims) - len(rows)
    caption = group.key + (f" — {len(rows)} of {len(group.claims)} figures shown; --format json or csv lists all" if hidden else "")
    table = Table(title=Text(title, style="table.title"), title_justify="left",
                  caption=Text(caption, style="table.caption"), caption_justify="left")
    for name, justify in (("#", "right"), ("as of", "left"), ("figure", "left"), ("interval", "right"),
                          ("publisher", "left"), ("said by", "left"), ("verdict", "left")):
        table.add_column(name, justify=justify, overflow="fold", no_wrap=name in NO_WRAP)
    for n, rc in rows:
        c = rc.claim
        table.add_row(
            str(n),
            c.as_of.isoformat() if c.as_of else "undated",
            plain(c.text),
            interval_text(rc.low, rc.high),
            plain(c.publisher or c.file),
            plain(c.source or "(outlet)"),
            rc.verdict.value,
            style=VERDICT_STYLES.get(rc.verdict),
        )
    return table


def estimate_text(group: QuantityGroup) -> Text:
    est = group.estimate
    when = est.as_of.isoformat() if est.as_of else "undated"
    text = Text(f"estimate ({when}): low {fmt_number(est.low)} · best {fmt_number(est.best)} · high {fmt_number(est.high)}", style="bold")
    text.append(f"  {backing(est)}; best: {est.best_from}\n", style="")
    text.append(f"rule: {est.rule}", style="italic")
    return text


def backing(est: Estimate) -> str:
    """"4 outlets, 1 origin: Government of Armenia (single origin: provisional)"."""
    outlets = f"{est.sources} outlet{'s' if est.sources != 1 else ''}"
    origins = f"{len(est.origins)} origin{'s' if len(est.origins) != 1 else ''}: {'; '.join(est.origins)}"
    return f"{outlets}, {origins}" + (" (single origin: provisional)" if est.single_origin else "")


def explanations_text(rows: list[tuple[int, ReconciledClaim]]) -> Text:
    text = Text()
    for i, (n, rc) in enumerate(rows, 1):
        text.append(f"{n}. {rc.verdict.value}: ", style=VERDICT_STYLES.get(rc.verdict, "bold"))
        text.append(rc.explanation + ("\n" if i < len(rows) else ""))
    return text


def print_diff_tables(groups: Sequence[QuantityGroup], console: Console, labels: Mapping[str, str] = NO_LABELS,
                      titles: Mapping[str, str] | None = None) -> None:
    """Per quantity: its table, its low/best/high estimate, then the explanations (`titles` by key:
    default `quantity_titles` of these groups)."""
    titles = titles or quantity_titles(groups, labels)
    for group in groups:
        rows = shown_rows(group)
        console.print(Group(quantity_table(group, rows, titles[group.key]), estimate_text(group), explanations_text(rows)))
        console.print()


class DiffWriter:
    """The output of `claims diff` in one format, a batch of quantities at a time, so that a big
    ledger's is never whole in memory: `part(groups)` for each batch in key order (or `join` of their
    quantities' `piece`s), then `end()`.
    JSON is an array with a quantity per line (`by` "origin": its figures grouped by origin);
    `claimreview` an array with a ClaimReview per line, one per figure, for `reviewer`; CSV a row per
    figure; a table is drawn for `console`, by figure or by origin, each quantity under its readable
    title (the metrics' `labels`), and `empty` is its line when no quantity is shown."""

    def __init__(self, fmt: str, console: Console | None = None, empty: str = "", *, by: str = "figure",
                 reviewer: Reviewer | None = None, labels: Mapping[str, str] = NO_LABELS):
        self.fmt, self.console, self.empty, self.by, self.reviewer = fmt, console, empty, by, reviewer
        self.labels = labels
        self.started = False

    def part(self, groups: Sequence[QuantityGroup]) -> str:
        named = current_named(groups) if self.fmt == "table" else set()
        return self.join([self.piece(group, name_current=group.key in named) for group in groups])

    def join(self, pieces: Iterable[str]) -> str:
        """The next part of the output, made of the next quantities' `piece`s in key order."""
        return "".join(self.joined(pieces))

    def joined(self, pieces: Iterable[str]) -> Iterator[str]:
        """`join`, as the pieces with what goes between them, for writing one after the other."""
        shown = [text for text in pieces if text]
        if self.fmt == "csv" and not self.started:
            yield _csv_rows([], with_header=True)
        if not shown:
            self.started = self.started or self.fmt == "csv"
            return
        between = "" if self.fmt in ("table", "csv") else ",\n"
        yield between if self.started else ("" if between == "" else "[\n")
        self.started = True
        yield shown[0]
        for text in shown[1:]:
            yield between
            yield text

    def _print_tables(self, groups: Sequence[QuantityGroup], titles: Mapping[str, str] | None = None) -> None:
        if self.by == "origin":
            from karabakh_claims.render.origins import print_origin_tables

            print_origin_tables(groups, self.console, self.labels, titles)
        else:
            print_diff_tables(groups, self.console, self.labels, titles)

    def piece(self, group: QuantityGroup, *, name_current: bool = False) -> str:
        """One quantity's share of the output, without what joins it to the others (`join`): its
        table (titled "current" when `name_current`), its JSON members or its CSV rows."""
        if self.fmt == "csv":
            return _csv_rows([group], with_header=False)
        if self.fmt == "table":
            title = quantity_title(group, self.labels, name_current=name_current)
            with self.console.capture() as captured:
                self._print_tables([group], {group.key: title})
            return captured.get()
        return ",\n".join(self._json_items([group]))

    def _json_items(self, groups: Sequence[QuantityGroup]) -> Iterable[str]:
        """The members of the JSON array: a ClaimReview per figure, or a quantity by origin or by figure."""
        if self.fmt == "claimreview":
            from karabakh_claims.render.claimreview import review_lines

            return review_lines(groups, self.reviewer)
        if self.by == "origin":
            from karabakh_claims.render.origins import origins_json

            return map(origins_json, groups)
        return map(_group_json, groups)

    def end(self) -> str:
        if self.fmt in ("json", "claimreview"):
            return "\n]\n" if self.started else "[]\n"
        if self.fmt == "csv":
            return "" if self.started else _csv_rows([], with_header=True)
        return "" if self.started else self.empty + "\n"


def diff_text(groups: Sequence[QuantityGroup], fmt: str, console: Console | None = None, empty: str = "", *,
              by: str = "figure", reviewer: Reviewer | None = None) -> str:
    """The whole output of `claims diff` for these quantities (see `DiffWriter`)."""
    writer = DiffWriter(fmt, console, empty, by=by, reviewer=reviewer)
    return writer.part(groups) + writer.end()
