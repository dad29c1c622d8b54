"""`claims diff --plot`: each quantity's figures over time, one colour per source, conflicts marked.

FILE.html is a self-contained page of inline SVG, with no dependency; FILE.png needs
matplotlib (`pip install 'karabakh-claims[plot]'`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from karabakh_claims.models import QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.numbers.writing import fmt_number

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79")
CONFLICT_COLOUR = "#d62728"
WIDTH, HEIGHT = 760, 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 80, 180, 30, 40


class PlotError(Exception):
    """A plot that cannot be drawn, with a message for the user."""


@dataclass(frozen=True)
class Mark:
    """One dated figure on a plot."""

    day: dt.date
    value: float
    low: float | None
    high: float | None
    source: str
    verdict: Verdict
    label: str


def marks(group: QuantityGroup) -> list[Mark]:
    """The dated figures of a quantity (undated ones have no place on a time axis)."""
    return [_mark(rc) for rc in group.claims if rc.claim.as_of is not None]


def _mark(rc: ReconciledClaim) -> Mark:
    c = rc.claim
    source = c.publisher or Path(c.file).name
    label = f"{source}: {c.text} ({c.as_of.isoformat()}) — {rc.verdict.value}"
    return Mark(c.as_of, c.value, rc.low, rc.high, source, rc.verdict, label)


def source_colours(groups: Sequence[QuantityGroup]) -> dict[str, str]:
    """A colour per source, the same on every plot."""
    names = sorted({m.source for g in groups for m in marks(g)})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def plot_groups(groups: Sequence[QuantityGroup], path: str | Path) -> None:
    """Write the plot; the file's extension picks the format. A file that cannot be written (no such
    folder, no permission, a read-only file system) is a PlotError, one line."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".png"):
        raise PlotError(f"cannot plot to {path}: use a .png or .html file")
    try:
        if suffix == ".png":
            write_png(groups, path)
        else:
            path.write_text(html_page(groups), encoding="utf-8")
    except OSError as err:
        raise PlotError(f"cannot write the plot to {path}: {err.strerror or err}") from err


# --- HTML: inline SVG --------------------------------------------------------------------


def html_page(groups: Sequence[QuantityGroup]) -> str:
    colours = source_colours(groups)
    sections = "\n".join(f"<section>{svg_plot(g, colours)}</section>" for g in groups) or "<p>No quantity to plot.</p>"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>claims diff</title>"
        "<style>body{font-family:sans-serif;margin:2em}section{margin-bottom:2em}text{font-size:11px}</style>"
        f"</head><body><h1>claims diff</h1>\n{sections}\n</body></html>\n"
    )


@dataclass(frozen=True)
class Scale:
    """Maps days and values to SVG coordinates."""

    first: dt.date
    last: dt.date
    top: float

    def x(self, day: dt.date) -> float:
        span = max((self.last - self.first).days, 1)
        return MARGIN_LEFT + (day - self.first).days / span * (WIDTH - MARGIN_LEFT - MARGIN_RIGHT)

    def y(self, value: float) -> float:
        return HEIGHT - MARGIN_BOTTOM - min(value, self.top) / self.top * (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)


def scale_for(points: Sequence[Mark]) -> Scale:
    days = [m.day for m in points]
    tops = [max(m.value, m.low or 0, m.high or 0) for m in points]
    return Scale(min(days) - dt.timedelta(days=1), max(days) + dt.timedelta(days=1), max(tops) * 1.1 or 1.0)


def svg_plot(group: QuantityGroup, colours: dict[str, str]) -> str:
    points = marks(group)
    undated = len(group.claims) - len(points)
    title = f"{escape(group.key)}" + (f" — {undated} undated figure(s) not shown" if undated else "")
    if not points:
        return f"<h2>{title}</h2><p>No dated figure.</p>"
    scale = scale_for(points)
    body = _axes(scale) + "".join(_svg_mark(m, scale, colours[m.source]) for m in points) + _legend(points, colours)
    return (
        f"<h2>{title}</h2><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" "
        f"viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\">{body}</svg>"
    )


def _axes(scale: Scale) -> str:
    left, bottom, right = MARGIN_LEFT, HEIGHT - MARGIN_BOTTOM, WIDTH - MARGIN_RIGHT
    parts = [f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>',
             f'<line x1="{left}" y1="{MARGIN_TOP}" x2="{left}" y2="{bottom}" stroke="#333"/>']
    for i in range(5):
        value = scale.top * i / 4
        y = scale.y(value)
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{fmt_number(round(value))}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#eee"/>')
    for day in _day_ticks(scale.first, scale.last):
        x = scale.x(day)
        parts.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{day.isoformat()}</text>')
    return "".join(parts)


def _day_ticks(first: dt.date, last: dt.date, count: int = 5) -> list[dt.date]:
    span = (last - first).days
    step = max(span // (count - 1), 1)
    return [first + dt.timedelta(days=d) for d in range(0, span + 1, step)]


def _svg_mark(m: Mark, scale: Scale, colour: str) -> str:
    x, y = scale.x(m.day), scale.y(m.value)
    parts = []
    low, high = m.low if m.low is not None else 0.0, m.high if m.high is not None else scale.top
    if low != high:
        dash = ' stroke-dasharray="3,3"' if m.high is None else ""
        parts.append(f'<line x1="{x:.1f}" y1="{scale.y(low):.1f}" x2="{x:.1f}" y2="{scale.y(high):.1f}" stroke="{colour}"{dash}/>')
    fill = "none" if m.verdict in (Verdict.stale, Verdict.vague, Verdict.projection) else colour
    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{fill}" stroke="{colour}" stroke-width="2"><title>{escape(m.label)}</title></circle>')
    if m.verdict is Verdict.conflict:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="{CONFLICT_COLOUR}" stroke-width="2"/>')
    return "".join(parts)


def _legend(points: Sequence[Mark], colours: dict[str, str]) -> str:
    x = WIDTH - MARGIN_RIGHT + 16
    names = sorted({m.source for m in points})
    rows = [f'<circle cx="{x}" cy="{MARGIN_TOP + 14 * i}" r="4" fill="{colours[n]}"/>'
            f'<text x="{x + 8}" y="{MARGIN_TOP + 14 * i + 4}">{escape(n)}</text>' for i, n in enumerate(names)]
    y = MARGIN_TOP + 14 * len(names) + 8
    rows.append(f'<circle cx="{x}" cy="{y}" r="7" fill="none" stroke="{CONFLICT_COLOUR}" stroke-width="2"/>'
                f'<text x="{x + 12}" y="{y + 4}">conflict</text>')
    rows.append(f'<circle cx="{x}" cy="{y + 16}" r="4" fill="none" stroke="#333"/><text x="{x + 12}" y="{y + 20}">stale / vague</text>')
    return "".join(rows)


# --- PNG: matplotlib ---------------------------------------------------------------------


def write_png(groups: Sequence[QuantityGroup], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise PlotError("PNG plots need matplotlib: pip install 'karabakh-claims[plot]' (or plot to a .html file)") from err
    shown = [g for g in groups if marks(g)] or list(groups[:1])
    colours = source_colours(shown)
    figure, axes = plt.subplots(max(len(shown), 1), 1, figsize=(9, 3.2 * max(len(shown), 1)), squeeze=False)
    for ax, group in zip(axes[:, 0], shown):
        _png_axes(ax, group, colours)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _png_axes(ax, group: QuantityGroup, colours: dict[str, str]) -> None:
    from matplotlib.dates import DateFormatter, DayLocator
    from matplotlib.ticker import FuncFormatter

    ax.set_title(group.key, fontsize=9, loc="left")
    points = marks(group)
    if points:
        first, last = min(m.day for m in points), max(m.day for m in points)
        ax.set_xlim(first - dt.timedelta(days=1), last + dt.timedelta(days=1))
        ax.xaxis.set_major_locator(DayLocator(interval=max((last - first).days // 6, 1)))
        ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt_number(value)))
    for m in points:
        colour = colours[m.source]
        if m.low is not None and m.high is not None and m.low != m.high:
            ax.vlines(m.day, m.low, m.high, colors=colour, linewidth=1)
        hollow = m.verdict in (Verdict.stale, Verdict.vague)
        ax.plot(m.day, m.value, "o", color=colour, markerfacecolor="none" if hollow else colour, label=m.source)
        if m.verdict is Verdict.conflict:
            ax.plot(m.day, m.value, "o", markersize=14, markerfacecolor="none", markeredgecolor=CONFLICT_COLOUR)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    if unique:
        ax.legend(unique.values(), unique.keys(), fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.tick_params(axis="x", labelrotation=30, labelsize=7)
