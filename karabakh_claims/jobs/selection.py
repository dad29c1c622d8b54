"""What `claims diff` shows of the reconciled quantities: by metric, group and first day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from karabakh_claims.config_schema import GroupRules
from karabakh_claims.models import FINDING_VERDICTS, QuantityGroup, Verdict

NOTEWORTHY = FINDING_VERDICTS | {Verdict.correction, Verdict.retracted}
"""What a diff without --metric shows: quantities where figures disagree, were revised or withdrawn."""
"""The verdicts that make a quantity worth showing when no metric is asked for."""


def select_groups(
    groups: Iterable[QuantityGroup],
    *,
    metrics: Collection[str] = (),
    subject: str | None = None,
    since: dt.date | None = None,
    rules: GroupRules,
) -> list[QuantityGroup]:
    """The quantities to show: of the given metrics, or else those with a conflict, stale, corrected or
    retracted figure.

    `subject` keeps the quantities whose class it names or whose figures' subjects contain it;
    `since` keeps the figures as of (or, undated, published) that day or later.
    """
    chosen = []
    for group in groups:
        if metrics and group.metric not in metrics:
            continue
        if subject and not _about_subject(group, subject, rules):
            continue
        if since:
            group = _since(group, since)
        if not group.claims or (not metrics and not any(rc.verdict in NOTEWORTHY for rc in group.claims)):
            continue
        chosen.append(group)
    return chosen


def _about_subject(group: QuantityGroup, subject: str, rules: GroupRules) -> bool:
    wanted = " ".join(subject.lower().split())
    named = {name for name, pattern in rules.class_patterns if pattern.search(wanted)}
    if wanted == group.subject or group.subject in named:
        return True
    return any(wanted in (rc.claim.subject or "").lower() for rc in group.claims)


def _since(group: QuantityGroup, since: dt.date) -> QuantityGroup:
    kept = tuple(rc for rc in group.claims if (rc.claim.as_of or rc.claim.published or dt.date.min) >= since)
    history = tuple(step for step in group.history if step.day >= since)
    return group.model_copy(update={"claims": kept, "history": history})
