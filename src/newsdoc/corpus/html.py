"""The corpus report as one self-contained HTML page.

Everything is inline: the style, the charts (SVG) and a small script that
makes the tables sortable; nothing is fetched, so the page works offline
and as a CI artifact.  A Content-Security-Policy allows only that style and
that script (by hash), so even text that escaped escaping could not run.

Everything that comes from the corpus (file names, messages, source lines)
is untrusted: it is escaped, and its controls, invisible and bidi
characters are shown as labelled stand-ins (a bidi override could otherwise
reorder what a reviewer reads).  The page stays small: only the worst
files get a section, each with its first findings.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from html import escape
from typing import Final

from ..model.chars import C0_NAMES
from ..model.words import plural
from ..rules.registry import RULES_BY_CODE
from .stats import DISTRIBUTIONS, EXACT, FileRecord, Finding, Histogram, Stats
from .text import INVISIBLE

__all__ = ["render_html"]

_NONCHARACTERS: Final = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
_UNSAFE: Final = re.compile(f"{INVISIBLE.pattern}|[{_NONCHARACTERS}]")
"""What is never written as it is: invisible characters, and the noncharacters
that HTML forbids."""

STYLE: Final = """\
:root{--e:#c62828;--w:#a86400;--ok:#2e7d32;--fg:#1d1f23;--mu:#5f6670;--bg:#fff;--pn:#f3f5f8;\
--ln:#d9dee5;--bar:#4a6fa5;--em:#fbd5d5;--wm:#fbe6b6;color-scheme:light dark}
@media(prefers-color-scheme:dark){:root{--e:#f07070;--w:#e8b04a;--ok:#72c077;--fg:#e4e6ea;\
--mu:#9aa2ad;--bg:#15171b;--pn:#22262c;--ln:#393f48;--bar:#7ea6e0;--em:#5c2626;--wm:#574215}}
body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;\
max-width:70rem;padding:1.2rem 1.5rem}
h1{font-size:1.5rem;margin:0}h2{font-size:1.15rem;margin:1.8rem 0 .6rem;padding-bottom:.2rem;\
border-bottom:1px solid var(--ln)}a{color:var(--bar)}.note{color:var(--mu)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:.6rem;margin:0}
.cards div{background:var(--pn);border-radius:6px;padding:.5rem .8rem}
.cards dt{color:var(--mu);font-size:.85rem}.cards dd{margin:0;font-size:1.45rem;font-weight:600}
.cards dd.note{font-size:.85rem;font-weight:400}
.error{color:var(--e)}.warning{color:var(--w)}.ok{color:var(--ok)}
.health{display:block;margin:.8rem 0 0;height:1rem;width:100%}
.health .ok{fill:var(--ok)}.health .warning{fill:var(--w)}.health .error{fill:var(--e)}\
.health .unreadable{fill:var(--mu)}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:.3rem 0;font-size:.85rem}\
.legend i{display:inline-block;width:.7rem;height:.7rem;border-radius:2px;margin-right:.35rem}\
i.ok{background:var(--ok)}i.warning{background:var(--w)}i.error{background:var(--e)}\
i.unreadable{background:var(--mu)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .6rem;\
border-bottom:1px solid var(--ln);vertical-align:top}.n{text-align:right;\
font-variant-numeric:tabular-nums}td.path{font-family:ui-monospace,monospace;word-break:break-all}
th button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer}
th[aria-sort=ascending] button::after{content:" \\25B2"}\
th[aria-sort=descending] button::after{content:" \\25BC"}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(26rem,1fr));gap:1rem}
figure{margin:0;background:var(--pn);border-radius:6px;padding:.6rem .8rem}
figcaption{font-weight:600}figcaption span{display:block;font-weight:400;color:var(--mu);\
font-size:.85rem}svg.chart{width:100%;height:auto}svg text{font:11px system-ui,sans-serif;\
fill:var(--fg)}svg.chart rect{fill:var(--bar)}
section.file{margin:1.2rem 0}h3{font:600 .95rem ui-monospace,monospace;word-break:break-all;\
margin:0}ol{list-style:none;padding:0;margin:.3rem 0}li{margin:.5rem 0}
pre{margin:.15rem 0 0;padding:.3rem .6rem;background:var(--pn);border-radius:4px;\
overflow-x:auto;font:13px/1.45 ui-monospace,monospace}pre b{font-weight:400;color:var(--mu);\
margin-right:.8rem}mark{color:inherit;background:var(--wm);border-bottom:2px solid var(--w)}
li[data-severity=error] mark{background:var(--em);border-color:var(--e)}mark:empty{display:inline-block;\
width:0;height:1.1em;vertical-align:text-bottom;border:0;border-left:2px solid var(--w)}
li[data-severity=error] mark:empty{border-color:var(--e)}
.sev{font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.u{font-size:.75em;color:var(--mu);border:1px solid var(--mu);border-radius:3px;padding:0 .15em}
"""

SCRIPT: Final = """\
for(const t of document.querySelectorAll("table[data-sortable]")){
const h=[...t.tHead.rows[0].cells],b=t.tBodies[0];
const sort=(i,d)=>{const n=h[i].classList.contains("n"),k=r=>r.cells[i].dataset.v??\
r.cells[i].textContent;const rows=[...b.rows].sort((x,y)=>{const c=n?k(x)-k(y):\
k(x).localeCompare(k(y));return d==="ascending"?c:-c});b.append(...rows);
for(const c of h)c.removeAttribute("aria-sort");h[i].setAttribute("aria-sort",d)};
h.forEach((c,i)=>{const e=document.createElement("button");e.type="button";e.append(...c.childNodes);
c.append(e);e.addEventListener("click",()=>{const d=c.getAttribute("aria-sort")==="descending"||\
(!c.hasAttribute("aria-sort")&&!c.classList.contains("n"))?"ascending":"descending";sort(i,d);
history.replaceState(null,"","#"+t.id+"-"+i+"-"+d)})});
const m=location.hash.match(/^#([\\w-]+)-(\\d+)-(ascending|descending)$/);
if(m&&m[1]===t.id&&h[+m[2]])sort(+m[2],m[3]);t.dataset.sortable="ready"}
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _stand_in(char: str) -> str:
    code = ord(char)
    if char == "\t":
        return '<span class="u" title="tab">\u2192</span>'
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape keeps it
        return f'<span class="u" title="undecodable byte">\\x{code - 0xDC00:02X}</span>'
    if code < 0x20 or code == 0x7F:  # a C0 control or DEL: its short name
        name = "DEL" if code == 0x7F else C0_NAMES[code]
        return f'<span class="u" title="U+{code:04X}">{name}</span>'
    return f'<span class="u" title="U+{code:04X}">U+{code:04X}</span>'


def text(value: str) -> str:
    """Untrusted text as HTML: escaped, invisible and forbidden characters as stand-ins."""
    out = []
    last = 0
    for match in _UNSAFE.finditer(value):
        out.append(escape(value[last : match.start()]))
        out.append(_stand_in(match.group()))
        last = match.end()
    out.append(escape(value[last:]))
    return "".join(out)


def _n(count: int) -> str:
    return f"{count:,}"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


# --- sections ------------------------------------------------------------------------


def _totals(stats: Stats) -> str:
    checked = stats.checked
    cards = [
        ("Files", _n(stats.files), "", "files"),
        ("Valid", _n(stats.valid), f"{_percent(stats.valid, checked)} have no errors", "ok"),
        ("With errors", _n(stats.with_errors), _percent(stats.with_errors, checked), "error"),
        (
            "With warnings",
            _n(stats.with_warnings),
            _percent(stats.with_warnings, checked),
            "warning",
        ),
        ("Clean", _n(stats.clean), f"{_percent(stats.clean, checked)} have no findings", ""),
        ("Errors", _n(stats.errors), "findings", "error"),
        ("Warnings", _n(stats.warnings), "findings", "warning"),
    ]
    if stats.unreadable_count:
        cards.append(("Unreadable", _n(stats.unreadable_count), "could not be read", ""))
    if stats.hidden:
        cards.append(("Baseline", _n(stats.hidden), "findings hidden", ""))
    items = []
    for label, value, note, css in cards:
        key = label.lower().replace(" ", "-")
        items.append(f'<div><dt>{label}</dt><dd class="{css}" id="total-{key}">{value}</dd>')
        if note:
            items.append(f'<dd class="note">{note}</dd>')
        items.append("</div>")
    return (
        f'<section id="totals"><h2>Totals</h2><dl class="cards">{"".join(items)}</dl>'
        f"{_health(stats)}</section>"
    )


def _health(stats: Stats) -> str:
    """One stacked bar: clean, warnings only, errors, unreadable."""
    parts = [
        ("ok", stats.clean, "no findings"),
        ("warning", stats.valid - stats.clean, "warnings only"),
        ("error", stats.with_errors, "errors"),
        ("unreadable", stats.unreadable_count, "unreadable"),
    ]
    if not stats.files:
        return ""
    bars = []
    x = 0.0
    for css, count, label in parts:
        if not count:
            continue
        width = 1000 * count / stats.files
        bars.append(
            f'<rect class="{css}" x="{x:.1f}" y="0" width="{width:.1f}" height="16">'
            f"<title>{plural(count, 'file', thousands=True)}: {label}</title></rect>"
        )
        x += width
    summary = ", ".join(f"{count:,} {label}" for _, count, label in parts if count)
    legend = "".join(
        f'<span><i class="{css}"></i>{plural(count, "file", thousands=True)}: {label}</span>'
        for css, count, label in parts
        if count
    )
    return (
        f'<svg class="health" viewBox="0 0 1000 16" preserveAspectRatio="none" role="img" '
        f'aria-label="Files: {summary}">{"".join(bars)}</svg><p class="legend">{legend}</p>'
    )


def _rules(stats: Stats) -> str:
    rows = stats.rules.rows()
    if not rows:
        return '<section id="rules"><h2>Rules</h2><p class="note">No rule fired.</p></section>'
    body = "".join(
        f'<tr><td><a href="{escape(row.url)}">{row.code}</a></td><td>{row.name}</td>'
        f'<td class="{row.severity}">{row.severity}</td>'
        f'<td class="n" data-v="{row.count}">{_n(row.count)}</td>'
        f'<td class="n" data-v="{row.files}">{_n(row.files)}</td></tr>'
        for row in rows
    )
    return (
        f'<section id="rules"><h2>Rules</h2><table id="rules-table" data-sortable>'
        '<thead><tr><th>Code</th><th>Rule</th><th>Severity</th><th class="n">Findings</th>'
        f'<th class="n">Files</th></tr></thead><tbody>{body}</tbody></table></section>'
    )


def _duplicates(stats: Stats) -> str:
    """The duplicate clusters (only when the corpus rules compared the files)."""
    if not stats.compared:
        return ""
    if not stats.cluster_count:
        return (
            '<section id="duplicates"><h2>Duplicates</h2>'
            '<p class="note">No file repeats another\'s body.</p></section>'
        )
    items = []
    for cluster in stats.clusters:
        others = "".join(
            f"<li>{text(name)} ({'exact' if code == EXACT else f'about {estimate:.0%}'})</li>"
            for name, code, estimate in cluster.others
        )
        items.append(f'<li class="path">{text(cluster.first)}<ul>{others}</ul></li>')
    more = stats.cluster_count - len(stats.clusters)
    note = f'<p class="note">{plural(more, "more cluster", thousands=True)} not shown.</p>'
    return (
        f'<section id="duplicates"><h2>Duplicates ({plural(stats.cluster_count, "cluster", thousands=True)})</h2>'
        f"<ul>{''.join(items)}</ul>{note if more else ''}</section>"
    )


def _signals(stats: Stats) -> str:
    """The quality signals' summary (only with ``report --signals``)."""
    if stats.signals is None:
        return ""
    body = "".join(
        f'<tr><td>{name}</td><td class="n">{mean:.3f}</td><td class="n">{low:.3f}</td>'
        f'<td class="n">{high:.3f}</td></tr>'
        for name, mean, low, high in stats.signals.rows()
    )
    count = plural(stats.signals.count, "document", thousands=True)
    return (
        f'<section id="signals"><h2>Quality signals ({count})</h2><table>'
        '<thead><tr><th>Signal</th><th class="n">Mean</th><th class="n">Min</th>'
        f'<th class="n">Max</th></tr></thead><tbody>{body}</tbody></table></section>'
    )


def _worst(worst: Sequence[FileRecord], stats: Stats) -> str:
    if not worst:
        return ""
    body = "".join(
        f'<tr><td class="path"><a href="#f{index}">{text(record.name)}</a></td>'
        f'<td class="n{" error" if record.errors else ""}" data-v="{record.errors}">'
        f"{_n(record.errors)}</td>"
        f'<td class="n{" warning" if record.warnings else ""}" data-v="{record.warnings}">'
        f"{_n(record.warnings)}</td></tr>"
        for index, record in enumerate(worst, 1)
    )
    more = stats.with_findings - len(worst)
    note = (
        f'<p class="note">{plural(more, "other file", thousands=True)} with findings '
        f"{'is' if more == 1 else 'are'} not shown.</p>"
        if more
        else ""
    )
    return (
        f'<section id="worst"><h2>Worst files</h2><table id="worst-table" data-sortable>'
        '<thead><tr><th>File</th><th class="n">Errors</th><th class="n">Warnings</th></tr>'
        f"</thead><tbody>{body}</tbody></table>{note}</section>"
    )


def _chart(key: str, histogram: Histogram) -> str:
    title, unit, _ = DISTRIBUTIONS[key]
    bins = histogram.bins()
    peak = max(histogram.counts) or 1
    row, label_width, bar_width = 20, 80, 360
    bars = []
    for index, (low, high, count) in enumerate(bins):
        y = 4 + index * row
        label = Histogram.label(low, high)
        width = bar_width * count / peak
        bars.append(
            f'<text x="{label_width - 6}" y="{y + 11}" text-anchor="end">{label}</text>'
            f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="14">'
            f"<title>{label}: {plural(count, unit[:-1], thousands=True)}</title></rect>"
            f'<text x="{label_width + width + 4:.1f}" y="{y + 11}">{_n(count)}</text>'
        )
    height = 8 + len(bins) * row
    if histogram.count:
        about = (
            f"{plural(histogram.count, unit[:-1], thousands=True)}; min {_n(histogram.low or 0)}, "
            f"mean {histogram.mean or 0:,.1f}, max {_n(histogram.high or 0)}"
        )
    else:
        about = f"no {unit}"
    return (
        f'<figure id="{key}"><figcaption>{title}<span>{about}</span></figcaption>'
        f'<svg class="chart" viewBox="0 0 {label_width + bar_width + 60} {height}" role="img" '
        f'aria-label="{title}">{"".join(bars)}</svg></figure>'
    )


def _charts(stats: Stats) -> str:
    if not stats.parsed:
        return (
            '<section id="documents"><h2>Documents</h2>'
            '<p class="note">No file parses: no distributions.</p></section>'
        )
    charts = "".join(_chart(key, stats.distributions[key]) for key in DISTRIBUTIONS)
    return (
        f'<section id="documents"><h2>Documents</h2><p class="note">Over the '
        f"{plural(stats.parsed, 'file', thousands=True)} that parse.</p>"
        f'<div class="charts">{charts}</div></section>'
    )


def _source(finding: Finding) -> str:
    """The finding's source line with its span highlighted."""
    line = finding.excerpt
    before = "\u2026" if finding.cut_before else ""
    after = "\u2026" if finding.cut_after else ""
    return (
        f"<pre><b>{finding.line}</b>{before}{text(line[: finding.start])}"
        f"<mark>{text(line[finding.start : finding.end])}</mark>"
        f"{text(line[finding.end :])}{after}</pre>"
    )


def _file(index: int, record: FileRecord, urls: dict[str, str]) -> str:
    items = "".join(
        f'<li data-severity="{f.severity}"><a href="{escape(urls[f.code])}">{f.code}</a> '
        f'<span class="sev {f.severity}">{f.severity}</span> {text(f.message)} '
        f'<span class="note">line {f.line}, column {f.column}</span>{_source(f)}</li>'
        for f in record.findings
    )
    more = (
        f'<p class="note">{plural(record.omitted, "more finding", thousands=True)} in this file '
        f"{'is' if record.omitted == 1 else 'are'} not shown.</p>"
        if record.omitted
        else ""
    )
    errors = plural(record.errors, "error", thousands=True)
    counts = f"{errors}, {plural(record.warnings, 'warning', thousands=True)}"
    return (
        f'<section class="file" id="f{index}"><h3>{text(record.name)}</h3>'
        f'<span class="note">{counts}</span><ol>{items}</ol>{more}</section>'
    )


def _files(worst: Sequence[FileRecord], stats: Stats) -> str:
    if not worst:
        return ""
    urls = {code: rule.url for code, rule in RULES_BY_CODE.items()}
    sections = "".join(_file(index, record, urls) for index, record in enumerate(worst, 1))
    return f'<section id="files"><h2>Findings in the worst files</h2>{sections}</section>'


def _unreadable(stats: Stats) -> str:
    if not stats.unreadable_count:
        return ""
    items = "".join(
        f'<li><span class="path">{text(name)}</span>: {text(reason)}</li>'
        for name, reason in stats.unreadable
    )
    more = stats.unreadable_count - len(stats.unreadable)
    note = (
        f'<p class="note">{plural(more, "more file", thousands=True)} not shown.</p>'
        if more
        else ""
    )
    return f'<section id="unreadable"><h2>Could not be read</h2><ul>{items}</ul>{note}</section>'


def render_html(stats: Stats, *, inputs: Sequence[str] = (), version: str = "") -> str:
    """The report as one HTML page; ``inputs`` are the paths it covers (shown in the header)."""
    worst = stats.worst_files()
    shown = ", ".join(text(name) for name in inputs[:5])
    if len(inputs) > 5:
        shown += f" and {plural(len(inputs) - 5, 'more path', thousands=True)}"
    where = f" in {shown}" if shown else ""
    policy = (
        f"default-src 'none'; style-src '{_sha256(STYLE)}'; script-src '{_sha256(SCRIPT)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="newsdoc {escape(version)}">'
        f"<title>newsdoc report: {plural(stats.files, 'file', thousands=True)}</title>"
        f"<style>{STYLE}</style></head><body><header><h1>Corpus report</h1>"
        f'<p class="note">{plural(stats.files, "file", thousands=True)}{where}, checked by newsdoc '
        f"{escape(version)}.</p></header><main>"
        f"{_totals(stats)}{_charts(stats)}{_rules(stats)}{_duplicates(stats)}{_signals(stats)}"
        f"{_worst(worst, stats)}"
        f"{_files(worst, stats)}{_unreadable(stats)}</main>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
