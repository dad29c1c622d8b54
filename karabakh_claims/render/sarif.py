"""`claims check --format sarif`: the new findings as a SARIF 2.1.0 log for GitHub code scanning.

The log has one run of the tool `claims` with a rule per kind of finding (conflict, stale) and a result
per point where a new finding is shown (`render.check.annotation_points`: each line of a checked article
where its figures stand), the results `--format github` annotates. Baselined findings are left out:
GitHub code scanning opens an alert for every result it receives, suppressed or not, so an accepted
finding would be an alert again; fixed baseline entries have no place in the articles to show.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path, PurePath
from typing import NamedTuple, get_args
from urllib.parse import quote

from karabakh_claims import __version__
from karabakh_claims.models import CheckReport, Finding, FindingKey, FindingKind
from karabakh_claims.render.check import KIND_TITLES, Point, annotation_points

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DISTRIBUTION = "karabakh-claims"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "claimsFinding/v1"
"""The partialFingerprints entry: see `fingerprint`."""
LEVEL = "warning"


class RuleText(NamedTuple):
    """What a kind of finding means and how to resolve it, for its SARIF rule."""

    short: str
    full: str
    fix: str


RULES = {
    "conflict": RuleText(
        short="A figure conflicts with another origin's figure for the same quantity",
        full=("The article gives a figure for a quantity (the metric, the group counted, its side, place and "
              "period) that cannot be reconciled with the figure another origin gave for it: a cumulative count "
              "below one given the same day or earlier, counts of two origins a day apart that jump further than "
              "the count grows, or figures of about the same day that do not meet."),
        fix=("Check the figure against its source and its date; if the article misreports it, fix the figure "
             "(or its attribution or date) in the article."),
    ),
    "stale": RuleText(
        short="A figure repeats an older count after its origin gave a higher one",
        full=("For a cumulative count (killed, refugees ...), the article gives a figure well below (stale_ratio, "
              "1.2 times by default) one the same origin gave a day or more earlier, or its own unattributed "
              "figure that far below an earlier one: an outdated count repeated as current."),
        fix="Update the figure to the origin's latest count, or say that it is an earlier count and as of when.",
    ),
}
"""The rules, by the kind of finding (`FindingKind`) that is their id."""

ACCEPT = ("If the figure stands as published (the sources do disagree), accept it into the baseline: "
          "`claims check PATH... --write-baseline claims-baseline.json` records every finding under PATH; commit "
          "the file and check with `--baseline claims-baseline.json`. A baseline entry is keyed by the quantity and "
          "the figures, never by file or line, so edits elsewhere keep it accepted.")


def check_sarif(report: CheckReport) -> str:
    """The SARIF log of the report, as JSON (no NaN or infinity)."""
    kinds = list(get_args(FindingKind))
    results = [result for finding in report.new for result in finding_results(finding, kinds.index(finding.key.kind))]
    run = {
        "tool": {"driver": driver(kinds)},
        "invocations": [{"executionSuccessful": True, "exitCode": report.exit_status}],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"articles": report.articles, "checked": report.checked, "new": len(report.new),
                       "baselined": len(report.baselined), "fixed": len(report.fixed)},
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2, allow_nan=False)


def driver(kinds: list[str]) -> dict:
    """The tool component `claims`: its version, home page when the package names one, its rules."""
    component = {"name": "claims", "version": __version__, "semanticVersion": __version__}
    if uri := information_uri():
        component["informationUri"] = uri
    component["rules"] = [rule(kind) for kind in kinds]
    return component


def information_uri() -> str | None:
    """The project's home page as the installed package's metadata gives it ([project.urls]), if any."""
    try:
        meta = metadata(DISTRIBUTION)
    except PackageNotFoundError:
        return None
    urls = [entry.split(",", 1)[1].strip() for entry in meta.get_all("Project-URL") or () if "," in entry]
    return meta.get("Home-page") or (urls[0] if urls else None)


def rule(kind: str) -> dict:
    """The rule of a kind of finding: what it means, what to do, its level."""
    text = RULES[kind]
    title = KIND_TITLES[kind]
    accept_text = ACCEPT.replace("`", "")
    return {
        "id": kind,
        "name": title.title().replace(" ", ""),
        "shortDescription": {"text": f"{text.short}."},
        "fullDescription": {"text": text.full},
        "help": {
            "text": f"{title.capitalize()}: {text.full}\n\nWhat to do: {text.fix}\n\n{accept_text}",
            "markdown": f"**{title.capitalize()}.** {text.full}\n\n**What to do.** {text.fix}\n\n{ACCEPT}",
        },
        "defaultConfiguration": {"level": LEVEL},
        "properties": {"tags": ["claims", "fact-check", kind]},
    }


def finding_results(finding: Finding, rule_index: int) -> list[dict]:
    """A result per point of the finding, each with a single location.

    GitHub code scanning shows an alert at its result's first location only, so a finding whose figures
    stand on several lines (a headline and the body, two articles of a conflict) is one result per
    line: each is shown where it is, and fixing one line closes its alert alone. The points of one
    finding in one article are told apart by their order, not their line (`fingerprint`).
    """
    seen: Counter[str] = Counter()
    results = []
    for point in annotation_points(finding):
        location = artifact_location(point.file)
        occurrence = seen[location["uri"]]
        seen[location["uri"]] += 1
        results.append({
            "ruleId": finding.key.kind,
            "ruleIndex": rule_index,
            "level": LEVEL,
            "message": {"text": f"{point.message} [{finding.key.quantity}]"},
            "locations": [{"physicalLocation": {"artifactLocation": location, "region": region(point)}}],
            "partialFingerprints": {FINGERPRINT: fingerprint(finding.key, location["uri"], occurrence)},
            "baselineState": "new",
            "properties": {"metric": finding.metric, "quantity": finding.key.quantity,
                           "figures": [f.model_dump(mode="json") for f in finding.key.figures]},
        })
    return results


def artifact_location(path: str) -> dict:
    """A path under the working directory as a URI relative to %SRCROOT% (the repository, when run at
    its root); another absolute path as a file URI."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(PurePath(path).as_posix(), safe="/"), "uriBaseId": SRCROOT}


def region(point: Point) -> dict:
    """The line, and the column where it is known (not in a text built from HTML or JSON)."""
    return {"startLine": point.line} | ({"startColumn": point.column} if point.column else {})


def fingerprint(key: FindingKey, uri: str, occurrence: int) -> str:
    """sha256 of the canonical JSON of the finding's baseline key (`FindingKey`: the quantity, the kind and
    each figure's publisher, text and value), the article's URI and which of the finding's points in that
    article this is (0 for the first line down): no line or column, so edits elsewhere keep it."""
    content = {"finding": key.model_dump(mode="json"), "uri": uri, "occurrence": occurrence}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
