"""Claims as the user sees them: a rich table per article, or JSON, JSONL or CSV records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from karabakh_claims.models import Claim
from karabakh_claims.render.cells import finite_or_none, plain, spreadsheet_text

RECORD_FIELDS = list(Claim.model_fields)
NUMBER_FIELDS = ("value", "low", "high")


def record(claim: Claim) -> dict:
    """The JSON-ready record of a claim, fields in schema order; never infinity or NaN (null)."""
    data = claim.model_dump(mode="json")
    for name in NUMBER_FIELDS:
        data[name] = finite_or_none(data[name])
    return data


def write_jsonl(claims: Iterable[Claim], out: IO[str]) -> None:
    for claim in claims:
        out.write(json.dumps(record(claim), ensure_ascii=False) + "\n")


def write_json(claims: Iterable[Claim], out: IO[str]) -> None:
    json.dump([record(c) for c in claims], out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_csv(claims: Iterable[Claim], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=RECORD_FIELDS, lineterminator="\n")
    writer.writeheader()
    for claim in claims:
        writer.writerow({k: "" if v is None else spreadsheet_text(v) for k, v in record(claim).items()})


def figure(claim: Claim) -> str:
    """The interval a claim stands for, e.g. "[50,000, ∞)"."""
    low = "-∞" if claim.low is None else f"{claim.low:,.0f}"
    high = "∞" if claim.high is None else f"{claim.high:,.0f}"
    if claim.low is not None and claim.low == claim.high:
        return f"{claim.low:,.0f}"
    return f"[{low}, {high}]"


def claims_table(title: str, claims: list[Claim]) -> Table:
    """One article's claims, one row a mention; what the article wrote is drawn as text, never as markup."""
    table = Table(title=Text(title, style="table.title"), title_justify="left", show_lines=False, expand=False)
    for name in ("line", "as written", "value", "metric", "group", "side", "place", "source", "origin", "as of"):
        table.add_column(name, overflow="fold", no_wrap=name in {"line", "value", "metric", "side", "as of"})
    for c in claims:
        table.add_row(
            str(c.line), plain(c.text), figure(c) if c.metric else f"{c.value:g}", plain(c.metric or "-"),
            plain(c.subject), plain(c.side), plain(c.place), plain(c.source), origin_cell(c),
            ("historical" if c.historical else str(c.as_of or "")),
        )
    return table


def origin_cell(claim: Claim) -> Text:
    """The origin, and "retracted" when its origin withdrew the figure."""
    return plain((claim.origin or "") + (" (retracted)" if claim.retracted else ""))


def article_heading(claim: Claim) -> str:
    parts = [claim.file, claim.publisher or "unknown publisher", str(claim.published or "undated")]
    return " · ".join(parts) + (f"\n{claim.title}" if claim.title else "")


def print_tables(console: Console, claims: Iterable[Claim]) -> int:
    """Prints a table per article; returns how many claims were shown."""
    count = 0
    for article_claims in group_by_article(claims):
        console.print(claims_table(article_heading(article_claims[0]), article_claims))
        count += len(article_claims)
    return count


def group_by_article(claims: Iterable[Claim]) -> Iterator[list[Claim]]:
    current: list[Claim] = []
    for claim in claims:
        if current and claim.article_id != current[0].article_id:
            yield current
            current = []
        current.append(claim)
    if current:
        yield current


def to_string(writer, claims: Iterable[Claim]) -> str:
    buffer = io.StringIO()
    writer(claims, buffer)
    return buffer.getvalue()


WRITERS = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}
"""The record formats of `claims extract --format`, beside "table"."""


def write_claims(claims: Iterable[Claim], fmt: str, out: IO[str], console: Console | None = None) -> None:
    """Claims in one of the formats of `claims extract`: a table per article on `console`, or records to `out`."""
    if fmt == "table":
        print_tables(console, claims)
    else:
        WRITERS[fmt](claims, out)
