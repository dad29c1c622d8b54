"""`claims report`: one self-contained HTML page of the reconciled quantities, to open from disk or an
email attachment (no network, no external script or font).

At the top a summary, a row per quantity: its latest low/best/high, outlets and origins behind it, its
conflicts and stale figures. Then per quantity its readable title, a chart (`chart.py`, drawn by the
inlined plotly.js) and a table of its figures: as written with the sentence, interval, publisher and
article (linked when its URL is http or https), who said it, as-of day, verdict and explanation. The
tables sort by a click on a header and filter by publisher and verdict (`assets/report.js`).

Every article-supplied string is escaped: `html.escape` in the page, and the JSON the script reads
has `<`, `>` and `&` written as `\\u003c`, `\\u003e`, `\\u0026`, so that no `</script>` or `<!--` in
a title or a sentence can end its `<script>` element.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from importlib import resources
from urllib.parse import urlsplit

from karabakh_claims import __version__
from karabakh_claims.models import Estimate, QuantityGroup, ReconciledClaim, Verdict
from karabakh_claims.numbers.writing import fmt_number
from karabakh_claims.render.chart import figure, plotly_js, row_id
from karabakh_claims.render.diff import backing, interval_text, shown_rows
from karabakh_claims.render.palette import VERDICT_ORDER, VERDICT_STYLES
from karabakh_claims.render.titles import NO_LABELS, quantity_titles

ROW_LIMIT = 1000
"""At most this many figures per quantity in a table and its chart: conflicts, stale figures and corrections first."""
COLUMNS = (("#", "number"), ("as of", "text"), ("figure as written", "number"), ("interval", "number"),
           ("publisher and article", "text"), ("said by", "text"), ("verdict", "text"), ("explanation", "text"))
SUMMARY_COLUMNS = (("quantity", "text"), ("figures", "number"), ("low", "number"), ("best", "number"),
                   ("high", "number"), ("as of", "text"), ("outlets", "number"), ("origins", "number"),
                   ("conflicts", "number"), ("stale", "number"))


def asset(name: str) -> str:
    """A file of `render/assets` (the page's style sheet and script)."""
    return resources.files("karabakh_claims.render").joinpath("assets", name).read_text("utf-8")


def script_json(value: object) -> str:
    """JSON to put inside a `<script>` element as it is: `<`, `>`, `&` escaped as JSON escapes them,
    so that no `</script>` or `<!--` it holds ends or bends the element; JSON.parse reads the same strings."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def inline_script(code: str) -> str:
    """A script's code made safe to inline: `</script` and `<!--` written so the HTML parser passes them by."""
    return code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")


def safe_url(url: str | None) -> str | None:
    """The article's URL when it is an http(s) address (no `javascript:` link), else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def report_page(groups: Sequence[QuantityGroup], labels: Mapping[str, str] = NO_LABELS, *,
                title: str = "claims report") -> str:
    """The whole page for these quantities (each with its figures in as-of order)."""
    titles = quantity_titles(groups, labels)
    rows = [shown_rows(g, ROW_LIMIT) for g in groups]
    charts = [{"id": f"chart-{i}", "figure": spec} for i, g in enumerate(groups)
              if (spec := figure(g, rows[i], i)) is not None]
    charted = {c["id"] for c in charts}
    sections = [_section(i, g, titles[g.key], rows[i], f"chart-{i}" in charted) for i, g in enumerate(groups)]
    figures = sum(len(r) for r in rows)
    body = [
        f"<header><h1>{escape(title)}</h1><p class=\"meta\">{len(groups)} quantit{'y' if len(groups) == 1 else 'ies'}, "
        f"{figures} figure{'' if figures == 1 else 's'} · claims {escape(__version__)}</p></header>",
        _summary(groups, titles) if groups else "<p class=\"empty\">No quantity to show.</p>",
        _filters(groups, rows) if groups else "",
        *sections,
        f"<script type=\"application/json\" id=\"report-data\">{script_json({'charts': charts})}</script>",
        f"<script>{inline_script(plotly_js())}</script>" if charts else "",
        f"<script>{inline_script(asset('report.js'))}</script>",
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)}</title><style>{asset('report.css')}{_verdict_css()}</style></head>\n<body>\n"
        + "\n".join(part for part in body if part) + "\n</body></html>\n"
    )


def _verdict_css() -> str:
    """Each verdict's badge in its colour, from the palette the charts use."""
    return "".join(f".v-{v.value}{{--verdict:{s.colour}}}" for v, s in VERDICT_STYLES.items())


def _head(columns: Sequence[tuple[str, str]]) -> str:
    cells = "".join(f"<th scope=\"col\" data-type=\"{kind}\" tabindex=\"0\">{escape(name)}</th>" for name, kind in columns)
    return f"<thead><tr>{cells}</tr></thead>"


def _cell(html: str, sort: object = None, css: str = "") -> str:
    """A table cell holding `html` (already escaped), sorted by `sort` (its text when None)."""
    key = "" if sort is None else f" data-sort=\"{escape(str(sort))}\""
    css = f" class=\"{css}\"" if css else ""
    return f"<td{key}{css}>{html}</td>"


def _number_cell(value: float | None) -> str:
    return _cell(fmt_number(value) if value is not None else "–", "" if value is None else value, "num")


# --- the summary ---------------------------------------------------------------------------------


def _summary(groups: Sequence[QuantityGroup], titles: Mapping[str, str]) -> str:
    rows = "\n".join(_summary_row(i, g, titles[g.key]) for i, g in enumerate(groups))
    return (f"<section id=\"summary\"><h2>Summary</h2><table class=\"summary sortable\">{_head(SUMMARY_COLUMNS)}"
            f"<tbody>\n{rows}\n</tbody></table></section>")


def _summary_row(index: int, group: QuantityGroup, title: str) -> str:
    est = group.estimate
    conflicts = sum(rc.verdict is Verdict.conflict for rc in group.claims)
    stale = sum(rc.verdict is Verdict.stale for rc in group.claims)
    origins = escape("; ".join(est.origins), quote=True)
    return (
        f"<tr class=\"quantity-row\" data-key=\"{escape(group.key, quote=True)}\">"
        + _cell(f"<a href=\"#q{index}\">{escape(title)}</a>", title)
        + _cell(str(len(group.claims)), len(group.claims), "num")
        + _number_cell(est.low) + _number_cell(est.best) + _number_cell(est.high)
        + _cell(est.as_of.isoformat() if est.as_of else "undated", est.as_of.isoformat() if est.as_of else "")
        + _cell(str(est.sources), est.sources, "num")
        + _cell(f"<span title=\"{origins}\">{len(est.origins)}</span>", len(est.origins), "num")
        + _cell(_count_badge(conflicts, Verdict.conflict), conflicts, "num")
        + _cell(_count_badge(stale, Verdict.stale), stale, "num")
        + "</tr>"
    )


def _count_badge(count: int, verdict: Verdict) -> str:
    return f"<span class=\"verdict v-{verdict.value}\">{count}</span>" if count else "0"


def _filters(groups: Sequence[QuantityGroup], rows: Sequence[list[tuple[int, ReconciledClaim]]]) -> str:
    """The publisher and verdict filters over every table."""
    shown = [rc for numbered in rows for _, rc in numbered]
    publishers = sorted({_publisher(rc) for rc in shown}, key=str.casefold)
    verdicts = [v for v in VERDICT_ORDER if any(rc.verdict is v for rc in shown)]

    def options(values: Sequence[str]) -> str:
        return "".join(f"<option value=\"{escape(v, quote=True)}\">{escape(v)}</option>" for v in values)

    return (
        "<nav class=\"filters\" aria-label=\"filter the figures\">"
        f"<label>Publisher <select id=\"filter-publisher\"><option value=\"\">all</option>{options(publishers)}</select></label>"
        f"<label>Verdict <select id=\"filter-verdict\"><option value=\"\">all</option>"
        f"{options([v.value for v in verdicts])}</select></label>"
        f"<span id=\"filter-count\">{len(shown)} of {len(shown)} figures</span></nav>"
    )


def _publisher(rc: ReconciledClaim) -> str:
    return rc.claim.publisher or rc.claim.file


# --- one quantity ----------------------------------------------------------------------------------


def _section(index: int, group: QuantityGroup, title: str, rows: list[tuple[int, ReconciledClaim]],
             charted: bool) -> str:
    hidden = len(group.claims) - len(rows)
    note = (f"<p class=\"note\">{len(rows)} of {len(group.claims)} figures shown; "
            "<code>claims diff --format csv</code> lists all.</p>") if hidden else ""
    chart = (f"<div class=\"chart\" id=\"chart-{index}\" role=\"img\" aria-label=\"{escape(title, quote=True)} over time\"></div>"
             if charted else "<p class=\"note\">No figure has a day to place it on a time axis.</p>")
    undated = sum(1 for _, rc in rows if rc.claim.as_of is None)
    placed = "<p class=\"note\">Figures without an as-of day are drawn hollow at their article's publication day.</p>"
    table = "\n".join(_figure_row(index, n, rc) for n, rc in rows)
    return (
        f"<section class=\"quantity\" id=\"q{index}\"><h2>{escape(title)}</h2>"
        f"<p class=\"key\"><code>{escape(group.key)}</code>{_parent(group)}</p>\n"
        f"{_estimate(group.estimate, group.unit)}\n{chart}{placed if charted and undated else ''}{note}\n"
        f"<table class=\"figures sortable\">{_head(COLUMNS)}<tbody>\n{table}\n</tbody></table></section>"
    )


def _parent(group: QuantityGroup) -> str:
    return f" · part of <code>{escape(group.parent)}</code>" if group.parent else ""


def _estimate(est: Estimate, unit: str | None) -> str:
    when = est.as_of.isoformat() if est.as_of else "undated"
    in_unit = f" {escape(unit)}" if unit not in (None, "people") else ""
    if est.best is None:
        return f"<div class=\"estimate\"><p>No estimate: {escape(est.rule)}</p></div>"
    return (
        f"<div class=\"estimate\"><p><strong>Estimate ({when}): best {fmt_number(est.best)}{in_unit}</strong>"
        f" · low {fmt_number(est.low)} · high {fmt_number(est.high)}</p>"
        f"<p>{escape(backing(est))}; best from {escape(est.best_from or '')}</p>"
        f"<details><summary>rule</summary><p>{escape(est.rule)}</p></details></div>"
    )


def _figure_row(index: int, number: int, rc: ReconciledClaim) -> str:
    c = rc.claim
    as_of = c.as_of.isoformat() if c.as_of else "undated"
    said = escape(c.source) if c.source else "<em>the outlet</em>"
    origin = f"<span class=\"origin\">{escape(c.origin_name)}</span>" if c.origin_name != c.source else ""
    return (
        f"<tr class=\"figure\" id=\"{row_id(index, number)}\" data-publisher=\"{escape(_publisher(rc), quote=True)}\" "
        f"data-verdict=\"{rc.verdict.value}\">"
        + _cell(str(number), number, "num")
        + _cell(as_of, c.as_of.isoformat() if c.as_of else "")
        + _cell(f"<strong>{escape(c.text)}</strong><q class=\"sentence\">{escape(c.sentence)}</q>", c.value)
        + _cell(escape(interval_text(rc.low, rc.high)), "" if rc.low is None else rc.low, "num")
        + _cell(_article(rc), _publisher(rc))
        + _cell(said + origin, c.source or "")
        + _cell(f"<span class=\"verdict v-{rc.verdict.value}\">{rc.verdict.value}</span>", rc.verdict.value)
        + _cell(escape(rc.explanation))
        + "</tr>"
    )


def _article(rc: ReconciledClaim) -> str:
    """The publisher, and the article's title linked to its URL when it is an http(s) address."""
    c = rc.claim
    name = escape(c.publisher or c.file)
    title = escape(c.title or c.file)
    url = safe_url(c.url)
    dated = f" <span class=\"published\">{c.published.isoformat()}</span>" if c.published else ""
    if url:
        link = f"<a href=\"{escape(url, quote=True)}\" rel=\"noopener noreferrer\" target=\"_blank\">{title}</a>"
    else:
        link = f"<span class=\"article-title\">{title}</span>"
    return f"{name}{dated}<br>{link}"
