"""The columns of `claims check`'s mentions: where each checked figure starts in its file line.

The ledger keeps a figure's offset into the file's text and its line, not its column. The check has
just read the files under its paths: a column is found in the texts of their articles, counted from
the last line break before the figure (a figure on the first line of an article that starts inside a
file keeps no column). The files of a check without paths were not read: those of the reported
mentions are read, one at a time. A mention whose file cannot be read (standard input, a file gone) or
no longer holds the figure at that offset and line keeps no column; so does one of a text built from
its file (HTML, JSON, JSON Lines), whose offsets are not into the file as written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from karabakh_claims.models import BUILT_FORMATS, CheckReport, Finding, Mention
from karabakh_claims.read.formats import format_of
from karabakh_claims.read.ingest import DEFAULT_MAX_BYTES, InputError, read_file_text
from karabakh_claims.read.walk import STDIN

Place = tuple[str, int]
"""A mention's file (as given) and offset into the file's text."""


def with_columns(report: CheckReport, texts: Mapping[str, list[tuple[int, str]]] | None = None, *,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> CheckReport:
    """The report with a column for each checked mention of its new and baselined findings; `texts`:
    the articles (offset, text) of each file this check read."""
    by_file: dict[str, list[Mention]] = defaultdict(list)
    for finding in (*report.new, *report.baselined):
        for mention in finding.checked_mentions:
            by_file[mention.file].append(mention)
    columns: dict[Place, int] = {}
    for path in sorted(by_file):
        if texts is not None and path in texts:
            columns.update(article_columns(path, by_file[path], texts[path]))
        else:
            columns.update(file_columns(path, by_file[path], max_bytes=max_bytes))
    if not columns:
        return report
    return report.model_copy(update={"new": placed(report.new, columns),
                                     "baselined": placed(report.baselined, columns)})


def file_columns(path: str, mentions: Iterable[Mention], *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[Place, int]:
    """The 1-based column of each mention that stands, as recorded, in the file at `path` now."""
    if path == STDIN or format_of(path) in BUILT_FORMATS:
        return {}
    try:
        text = read_file_text(path, max_bytes=max_bytes)
    except InputError:
        return {}
    found: dict[Place, int] = {}
    line, counted = 1, 0
    for mention in sorted(mentions, key=lambda m: m.start):
        line += text.count("\n", counted, mention.start)
        counted = mention.start
        if line == mention.line and text.startswith(mention.text, mention.start):
            found[(path, mention.start)] = mention.start - text.rfind("\n", 0, mention.start)
    return found


def article_columns(path: str, mentions: Iterable[Mention], articles: list[tuple[int, str]]) -> dict[Place, int]:
    """`file_columns` from the texts of the file's articles as this check read them."""
    if path == STDIN or format_of(path) in BUILT_FORMATS:
        return {}
    found: dict[Place, int] = {}
    for mention in mentions:
        for offset, text in articles:
            at = mention.start - offset
            if 0 <= at and text.startswith(mention.text, at):
                line_start = text.rfind("\n", 0, at)
                if line_start >= 0 or offset == 0:
                    found[(path, mention.start)] = at - line_start
                break
    return found


def placed(findings: tuple[Finding, ...], columns: dict[Place, int]) -> tuple[Finding, ...]:
    """The findings with the columns found for their mentions."""
    return tuple(
        finding.model_copy(update={"mentions": tuple(
            m.model_copy(update={"column": columns[(m.file, m.start)]}) if (m.file, m.start) in columns else m
            for m in finding.mentions)})
        for finding in findings)
