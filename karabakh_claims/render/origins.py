"""`claims diff --by origin`: each quantity's figures grouped by who produced them, with their revisions.

Origin names, figures, publishers, kinds and sides come from the articles: in a table they are drawn
as text, never as markup; in JSON only JSON escapes them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from karabakh_claims.models import OriginFigures, QuantityGroup, ReconciledClaim, Revision
from karabakh_claims.reconcile.by_origin import by_origin
from karabakh_claims.render.cells import finite_or_none, plain
from karabakh_claims.render.diff import VERDICT_STYLES, claim_record, group_record, interval_text
from karabakh_claims.render.titles import NO_LABELS, quantity_titles


def origin_heading(block: OriginFigures) -> Text:
    """The origin's name, then its kind and side when known."""
    text = Text(block.origin, style="bold")
    for part in (block.kind, f"side {block.side}" if block.side else None):
        if part:
            text.append(" · " + part, style="")
    return text


def origin_table(block: OriginFigures) -> Table:
    """One origin's figures in as-of order, with the outlet that carried each and its verdict."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name, justify in (("as of", "left"), ("figure", "left"), ("interval", "right"), ("publisher", "left"),
                          ("verdict", "left")):
        table.add_column(name, justify=justify, overflow="fold", no_wrap=name in {"as of", "interval", "verdict"})
    for rc in block.figures:
        c = rc.claim
        table.add_row(c.as_of.isoformat() if c.as_of else "undated", plain(c.text), interval_text(rc.low, rc.high),
                      plain(c.publisher or c.file), rc.verdict.value, style=VERDICT_STYLES.get(rc.verdict))
    return table


def revision_text(revision: Revision) -> Text:
    """`revised X → Y on DATE`, the figures as written."""
    text = Text("  revised ", style="bold")
    text.append(revision.before.claim.text)
    text.append(" → ")
    text.append(revision.after.claim.text)
    text.append(f" on {revision.day.isoformat() if revision.day else 'an unknown day'}")
    return text


def quantity_origins(group: QuantityGroup, title: str) -> Group:
    """A quantity's title and key, then a block per origin: heading, figures, revisions."""
    parts: list = [Text(title, style="table.title"), Text(group.key, style="table.caption")]
    for block in by_origin(group):
        parts += [Text(), origin_heading(block), Padding(origin_table(block), (0, 0, 0, 2), expand=False)]
        parts += [revision_text(r) for r in block.revisions]
    return Group(*parts)


def print_origin_tables(groups: Sequence[QuantityGroup], console: Console, labels: Mapping[str, str] = NO_LABELS,
                        titles: Mapping[str, str] | None = None) -> None:
    titles = titles or quantity_titles(groups, labels)
    for group in groups:
        console.print(quantity_origins(group, titles[group.key]))
        console.print()


def figure_record(rc: ReconciledClaim) -> dict:
    """`claims diff --format json`'s record of a figure, numbers finite or null."""
    record = claim_record(rc)
    for name in ("value", "low", "high"):
        record[name] = finite_or_none(record[name])
    return record


def revision_record(revision: Revision) -> dict:
    before, after = revision.before.claim, revision.after.claim
    return {"from": before.text, "from_value": finite_or_none(before.value), "to": after.text,
            "to_value": finite_or_none(after.value), "on": revision.day.isoformat() if revision.day else None}


def origins_record(group: QuantityGroup) -> dict:
    """A quantity as `claims diff --format json` gives it, its figures as a list of origins."""
    record = group_record(group, with_claims=False)
    record["origins"] = [
        {"origin": block.origin, "kind": block.kind, "side": block.side,
         "figures": [figure_record(rc) for rc in block.figures],
         "revisions": [revision_record(r) for r in block.revisions]}
        for block in by_origin(group)
    ]
    return record


def origins_json(group: QuantityGroup) -> str:
    return json.dumps(origins_record(group), ensure_ascii=False, allow_nan=False)
