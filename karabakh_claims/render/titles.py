"""Readable titles of quantities, shared by the diff tables, the report and the plots.

A quantity's key (`killed|combatants|Azerbaijani|-|current`) is for scripts; a reader gets "Killed,
Azerbaijani combatants": the metric's label (the metrics file's `label`, else its name capitalised),
its unit when not people, the group counted with its side and sub-group, the place, and the period.
"historical" is always named; "current" only where a historical quantity of the same metric, group,
side and place is shown beside it ("Refugees, people, current").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from karabakh_claims.models import QuantityGroup

NO_LABELS: Mapping[str, str] = {}


def metric_label(metric: str, labels: Mapping[str, str] = NO_LABELS) -> str:
    """"Military strength" for `military_strength`, unless the metrics file gives a label."""
    return labels.get(metric) or metric.replace("_", " ").strip().capitalize()


def counted(group: QuantityGroup) -> str:
    """Who is counted, as a phrase: "Azerbaijani combatants", "people (critical condition)"; "" for none."""
    subject = "" if group.subject in ("", "-") else group.subject
    words = subject.casefold().split()
    side = group.side if group.side and group.side.casefold() not in words else ""
    phrase = " ".join(part for part in (side, subject) if part)
    return f"{phrase} ({group.subset})" if group.subset else phrase


def quantity_title(group: QuantityGroup, labels: Mapping[str, str] = NO_LABELS, *, name_current: bool = False) -> str:
    """"Refugees, people", "Aid, USD", "Refugees, people, in Goris", "Killed, people, historical";
    ", current" when `name_current`."""
    parts = [metric_label(group.metric, labels)]
    parts += [group.unit] if group.unit not in (None, "people") else []
    parts += [phrase] if (phrase := counted(group)) else []
    parts += [f"in {group.place}"] if group.place else []
    parts += ["historical"] if group.historical else (["current"] if name_current else [])
    return ", ".join(parts)


def quantity_titles(groups: Iterable[QuantityGroup], labels: Mapping[str, str] = NO_LABELS) -> dict[str, str]:
    """The title of each quantity by key, "current" named where a historical twin is among `groups`."""
    groups = list(groups)
    named = current_named(groups)
    return {g.key: quantity_title(g, labels, name_current=g.key in named) for g in groups}


def current_named(groups: Iterable[QuantityGroup]) -> set[str]:
    """The keys of the current quantities whose historical twin is among `groups`: their title says "current"."""
    groups = list(groups)
    historical = {_scope(g) for g in groups if g.historical}
    return {g.key for g in groups if not g.historical and _scope(g) in historical}


def _scope(group: QuantityGroup) -> tuple:
    return group.metric, group.unit, group.subject, group.subset, group.side, group.place
