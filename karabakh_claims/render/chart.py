"""The report's chart of one quantity, as a plotly.js figure (data and layout, plain JSON).

Each figure is a point coloured and shaped by its verdict, with its interval as an error bar; the
estimate is a band from low to high and a dashed line for best, in steps over time. Hovering a point
shows the figure, its verdict, publisher, source, day and sentence; what the articles wrote is
escaped, so plotly.js shows it as text (it reads a few tags in labels: `<b>`, `<br>`, `<a>` …).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from html import escape
from importlib import resources

from karabakh_claims.models import QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.numbers.writing import fmt_number
from karabakh_claims.render.palette import ESTIMATE_BAND, ESTIMATE_LINE, VERDICT_ORDER, VERDICT_STYLES
from karabakh_claims.render.series import Point, Step, bar, estimate_steps, points, span, top

DAY_MS = 86_400_000
MAX_TICKS = 12
SENTENCE_WIDTH = 72
SENTENCE_CHARS = 420
CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


class ChartLibraryMissing(Exception):
    """plotly (whose wheel carries plotly.js) is not installed: a message for the user."""


def plotly_js() -> str:
    """plotly.js, minified, as the plotly package ships it: the report inlines it, fetching nothing."""
    try:
        return resources.files("plotly").joinpath("package_data", "plotly.min.js").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as err:
        raise ChartLibraryMissing("HTML charts need plotly: pip install 'karabakh-claims[plot]'") from err


def row_id(group_index: int, number: int) -> str:
    """The id of a figure's table row, which a click on its point scrolls to."""
    return f"q{group_index}-f{number}"


def figure(group: QuantityGroup, rows: Sequence[tuple[int, ReconciledClaim]], group_index: int) -> dict | None:
    """The chart of the quantity's numbered figures: {"data", "layout", "config"}; None when none has a day."""
    shown = points(rows)
    if not shown:
        return None
    steps = estimate_steps(group, shown)
    ceiling = top(shown, steps)
    first, last = span(shown, group)
    data = _estimate_traces(steps) + [
        _verdict_trace(verdict, [p for p in shown if p.verdict is verdict], ceiling, group_index)
        for verdict in VERDICT_ORDER if any(p.verdict is verdict for p in shown)
    ]
    layout = {
        "height": 340,
        "margin": {"l": 64, "r": 16, "t": 8, "b": 40},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": _time_axis(first, last),
        "yaxis": {"range": [0, ceiling], "tickformat": ",~s", "title": {"text": group.unit or ""}},
        "paper_bgcolor": "white",
        "plot_bgcolor": "#fbfbfb",
    }
    return {"data": data, "layout": layout, "config": CONFIG}


def _time_axis(first: dt.date, last: dt.date) -> dict:
    """Days from `first` to `last`, at most MAX_TICKS labels; a label a day stands in the middle of its
    day, where the day's figures are."""
    days = max(1, math.ceil((last - first).days / MAX_TICKS))
    return {"type": "date", "range": [first.isoformat(), last.isoformat()], "tickformat": "%Y-%m-%d",
            "dtick": DAY_MS * days, "ticklabelmode": "period" if days == 1 else "instant"}


def _estimate_traces(steps: Sequence[Step]) -> list[dict]:
    """The band from low to high (two step lines, the second filled down to the first) and best."""
    if not steps:
        return []
    days = [s.day.isoformat() for s in steps]
    edge = {"shape": "hv", "width": 0}
    return [
        {"type": "scatter", "mode": "lines", "x": days, "y": [s.low for s in steps], "line": edge,
         "hoverinfo": "skip", "showlegend": False, "legendgroup": "estimate"},
        {"type": "scatter", "mode": "lines", "x": days, "y": [s.high for s in steps], "line": edge,
         "fill": "tonexty", "fillcolor": ESTIMATE_BAND, "name": "estimate: low–high", "legendgroup": "estimate",
         "hoverinfo": "skip"},
        {"type": "scatter", "mode": "lines", "x": days, "y": [s.best for s in steps], "name": "estimate: best",
         "line": {"shape": "hv", "dash": "dash", "width": 2, "color": ESTIMATE_LINE},
         "customdata": [_step_text(s) for s in steps], "hovertemplate": "%{customdata}<extra></extra>"},
    ]


def _step_text(step: Step) -> str:
    if step.best is None:
        return f"estimate from {step.day.isoformat()}: no figure left"
    return (f"estimate from {step.day.isoformat()}: best {fmt_number(step.best)}"
            f"<br>low {_number(step.low)} · high {_number(step.high)}")


def _number(value: float | None) -> str:
    return "open" if value is None else fmt_number(value)


def _verdict_trace(verdict: Verdict, shown: list[Point], ceiling: float, group_index: int) -> dict:
    """The figures of one verdict: markers, interval bars, hover text, and the rows they stand for."""
    style = VERDICT_STYLES[verdict]
    bars = [bar(p, ceiling) for p in shown]
    return {
        "type": "scatter", "mode": "markers", "name": verdict.value,
        "x": [p.at.isoformat(timespec="minutes") for p in shown],
        "y": [p.value for p in shown],
        "marker": {"color": style.colour, "size": 10, "line": {"width": 1.5, "color": style.colour},
                   "symbol": [f"{style.symbol}-open" if p.undated or style.hollow else style.symbol for p in shown]},
        "error_y": {"type": "data", "symmetric": False, "color": style.colour, "thickness": 1.5, "width": 3,
                    "array": [b[1] - p.value if b else 0 for p, b in zip(shown, bars)],
                    "arrayminus": [p.value - b[0] if b else 0 for p, b in zip(shown, bars)]},
        "customdata": [[row_id(group_index, p.number), hover_text(p)] for p in shown],
        "hovertemplate": "%{customdata[1]}<extra></extra>",
    }


def hover_text(point: Point) -> str:
    """What hovering a point shows, every article string escaped; lines joined by <br>."""
    rc = point.figure
    c = rc.claim
    when = f"undated, published {point.day.isoformat()}" if point.undated else f"as of {point.day.isoformat()}"
    said = f"said by {c.source}" if c.source else "the outlet's own figure"
    sentence = c.sentence if len(c.sentence) <= SENTENCE_CHARS else c.sentence[: SENTENCE_CHARS - 1] + "…"
    lines = [f"<b>#{point.number} {escape(c.text)}</b> — {rc.verdict.value}",
             f"{escape(c.publisher or c.file)} · {escape(said)}", when]
    lines += [escape(line) for line in textwrap.wrap(sentence, SENTENCE_WIDTH)]
    return "<br>".join(lines)
