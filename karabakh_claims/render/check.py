"""Output of `claims check`: a short text report, GitHub workflow annotations, or JSON."""

from __future__ import annotations

import json
import os
from typing import NamedTuple

from karabakh_claims.models import BaselineEntry, CheckReport, Finding

KIND_TITLES = {"conflict": "conflicting figure", "stale": "stale figure"}


def summary(report: CheckReport) -> str:
    """One line: what was checked and how many findings are new, known and fixed; a check that selected
    no article (`--changed-since` with none of them changed) says so instead of "passed"."""
    if not report.checked:
        return (f"claims check checked nothing: none of the {report.articles} article(s) read changed since "
                f"the revision; {len(report.fixed)} baseline entr(ies) fixed")
    checked = f"{report.checked} of {report.articles}" if report.checked != report.articles else f"{report.articles}"
    verdict = "FAILED" if report.exit_status else "passed"
    return (f"claims check {verdict}: {checked} article(s) checked; {len(report.new)} new conflict or stale "
            f"finding(s), {len(report.baselined)} in the baseline, {len(report.fixed)} fixed")


def check_text(report: CheckReport) -> str:
    """A line per new finding at each checked mention (file:line), a line per fixed entry, the summary."""
    lines = []
    for finding in report.new:
        for file, line, _, message in annotation_points(finding):
            lines.append(f"{file}:{line}: {finding.key.kind} [{finding.key.quantity}] {message}")
    for entry in report.fixed:
        lines.append(f"fixed: {entry.kind} [{entry.quantity}] {_figures(entry)}: no longer occurs{_since(entry)}; "
                     "drop it from the baseline")
    lines.append(summary(report))
    return "\n".join(lines)


def check_github(report: CheckReport) -> str:
    """A `::warning` workflow command per new finding at each checked mention, a `::notice` per fixed
    entry, then the summary line."""
    lines = []
    for finding in report.new:
        title = f"claims: {KIND_TITLES[finding.key.kind]} ({finding.metric})"
        for file, line, _, message in annotation_points(finding):
            props = f"file={escape_property(file)},line={line},title={escape_property(title)}"
            lines.append(f"::warning {props}::{escape_data(f'{message} [{finding.key.quantity}]')}")
    for entry in report.fixed:
        title = escape_property(f"claims: fixed {entry.kind}")
        note = f"{_figures(entry)} [{entry.quantity}] no longer occurs{_since(entry)}; drop it from the baseline"
        lines.append(f"::notice title={title}::{escape_data(note)}")
    lines.append(summary(report))
    return "\n".join(lines)


def check_json(report: CheckReport) -> str:
    """{"exit_status", "counts", "findings": {"new", "baselined", "fixed"}}."""
    data = {
        "exit_status": report.exit_status,
        "counts": {"articles": report.articles, "checked": report.checked, "new": len(report.new),
                   "baselined": len(report.baselined), "fixed": len(report.fixed)},
        "findings": {
            "new": [finding_record(f) for f in report.new],
            "baselined": [finding_record(f) for f in report.baselined],
            "fixed": [e.model_dump(mode="json") for e in report.fixed],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def finding_record(finding: Finding) -> dict:
    return {**finding.key.model_dump(mode="json"), "metric": finding.metric, "message": finding.message,
            "mentions": [m.model_dump(mode="json") for m in finding.mentions]}


class Point(NamedTuple):
    """Where a finding is shown: the article's path (`display_path`), line, column (None when unknown)
    and the message there."""

    file: str
    line: int
    column: int | None
    message: str


def annotation_points(finding: Finding) -> list[Point]:
    """A point for each line of a checked article where the finding's figures stand.

    The message is the explanation of a figure judged at that line (conflict or stale), else the
    finding's own (the line holds the figure it was judged against); the column is that figure's.
    """
    points: dict[tuple[str, int], Point] = {}
    for m in finding.checked_mentions:
        place = (display_path(m.file), m.line)
        if place not in points or (m.judged and points[place].message == finding.message):
            points[place] = Point(*place, m.column, m.explanation if m.judged else finding.message)
    return list(points.values())


def _figures(entry: BaselineEntry) -> str:
    return " vs ".join(f'{f.publisher} "{f.text}"' for f in entry.figures)


def _since(entry: BaselineEntry) -> str:
    """When the entry was accepted, where the baseline says so."""
    return f" (accepted {entry.accepted.isoformat()})" if entry.accepted else ""


def display_path(path: str) -> str:
    """A path under the current directory made relative to it (GitHub wants repository paths)."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(os.pardir):
            return relative
    return path


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


REPORTS = {"text": check_text, "github": check_github, "json": check_json}
"""The formats of `claims check --format` but SARIF (`render.sarif`, which builds on this module)."""
