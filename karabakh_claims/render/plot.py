"""`claims diff --plot`: each quantity's figures over time.

FILE.png is drawn with matplotlib (`pip install 'karabakh-claims[plot]'`): per quantity its readable
title, the figures coloured and shaped by verdict (the palette of the report) with their intervals as
bars, and the estimate as a band from low to high with best as a dashed step line. FILE.html is the
page of `claims report` for the quantities shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from karabakh_claims.models import QuantityGroup
from karabakh_claims.numbers.writing import fmt_number
from karabakh_claims.render.palette import ESTIMATE_BAND_RGBA, ESTIMATE_LINE, VERDICT_ORDER, VERDICT_STYLES
from karabakh_claims.render.series import Point, bar, estimate_steps, points, span, top
from karabakh_claims.render.titles import NO_LABELS, quantity_titles


class PlotError(Exception):
    """A plot that cannot be drawn, with a message for the user."""


def plot_groups(groups: Sequence[QuantityGroup], path: str | Path, labels: Mapping[str, str] = NO_LABELS) -> None:
    """Write the plot; the file's extension picks the format. A file that cannot be written (no such
    folder, no permission, a read-only file system) or a missing library is a PlotError, one line."""
    from karabakh_claims.render.chart import ChartLibraryMissing

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".png"):
        raise PlotError(f"cannot plot to {path}: use a .png or .html file")
    try:
        if suffix == ".png":
            write_png(groups, path, labels)
        else:
            from karabakh_claims.render.report import report_page

            path.write_text(report_page(groups, labels, title="claims diff"), encoding="utf-8")
    except ChartLibraryMissing as err:
        raise PlotError(f"{err} (or plot to a .png file)") from err
    except OSError as err:
        raise PlotError(f"cannot write the plot to {path}: {err.strerror or err}") from err


def write_png(groups: Sequence[QuantityGroup], path: Path, labels: Mapping[str, str] = NO_LABELS) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise PlotError("PNG plots need matplotlib: pip install 'karabakh-claims[plot]' (or plot to a .html file)") from err
    titles = quantity_titles(groups, labels)
    shown = [g for g in groups if points(list(enumerate(g.claims, 1)))] or list(groups[:1])
    figure, axes = plt.subplots(max(len(shown), 1), 1, figsize=(10, 3.4 * max(len(shown), 1)), squeeze=False)
    for ax, group in zip(axes[:, 0], shown):
        _png_axes(ax, group, titles[group.key])
    if not shown:
        axes[0, 0].set_title("No quantity to plot", fontsize=10, loc="left")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _png_axes(ax, group: QuantityGroup, title: str) -> None:
    from matplotlib.dates import DateFormatter, DayLocator
    from matplotlib.ticker import FuncFormatter

    ax.set_title(title, fontsize=10, loc="left", fontweight="bold")
    shown = points(list(enumerate(group.claims, 1)))
    undated = len(group.claims) - len(shown)
    if undated:
        ax.text(1.0, 1.01, f"{undated} figure(s) with no day not shown", transform=ax.transAxes, ha="right",
                va="bottom", fontsize=7, color="#5f6368")
    days = span(shown, group)
    if days is None:
        return
    ceiling = top(shown, estimate_steps(group, shown))
    ax.set_xlim(*days)
    ax.set_ylim(0, ceiling)
    ax.xaxis.set_major_locator(DayLocator(interval=max((days[1] - days[0]).days // 6, 1)))
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt_number(value)))
    ax.grid(color="#e8e8e8", linewidth=0.6)
    _png_estimate(ax, group, shown)
    for verdict in VERDICT_ORDER:
        _png_verdict(ax, [p for p in shown if p.verdict is verdict], ceiling)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.tick_params(axis="x", labelrotation=30, labelsize=7)
    ax.tick_params(axis="y", labelsize=7)


def _png_estimate(ax, group: QuantityGroup, shown: Sequence[Point]) -> None:
    """The estimate's band from low to high and its best, as steps over time."""
    steps = estimate_steps(group, shown)
    if not steps:
        return
    days = [s.day for s in steps]

    def values(name: str) -> list[float]:
        return [math.nan if getattr(s, name) is None else getattr(s, name) for s in steps]

    ax.fill_between(days, values("low"), values("high"), step="post", color=ESTIMATE_BAND_RGBA, linewidth=0,
                    label="estimate: low–high")
    ax.step(days, values("best"), where="post", color=ESTIMATE_LINE, linestyle="--", linewidth=1.4,
            label="estimate: best")


def _png_verdict(ax, shown: Sequence[Point], ceiling: float) -> None:
    """The figures of one verdict: interval bars and markers (hollow for a figure placed by its publication day)."""
    if not shown:
        return
    style = VERDICT_STYLES[shown[0].verdict]
    for p in shown:
        interval = bar(p, ceiling)
        if interval:
            ax.vlines(p.at, *interval, colors=style.colour, linewidth=1.2)
    label = shown[0].verdict.value
    for hollow in (False, True):
        placed = [p for p in shown if (p.undated or style.hollow) == hollow]
        if placed:
            ax.plot([p.at for p in placed], [p.value for p in placed], linestyle="none", marker=style.marker,
                    markersize=7, color=style.colour, markerfacecolor="none" if hollow else style.colour, label=label)
            label = None
