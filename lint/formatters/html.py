"""One self-contained HTML page: summary table, and each report's text with its findings marked in place.

The page loads nothing from anywhere (inline CSS and JS, system fonts, no network), so it can be
mailed or opened offline. Report text is untrusted: every piece of it goes through `html.escape`,
and a Content-Security-Policy allows only this page's own script and style (by hash) — an escaping
slip could not run a script or fetch a resource.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from html import escape

from lint import __version__
from lint.diagnostics import Diagnostic, FileReport, RunReport
from lint.reportmeta import ReportMeta
from lint.summary import (
    SourceText,
    labels,
    metas_from_sources,
    rule_counts,
    rule_titles,
    severity_label,
    summary_rows,
)

_CSS = """
:root{--err:#c62828;--err-bg:#fde2e1;--warn:#a15c00;--warn-bg:#fff0bf;--info:#1e5fb4;--info-bg:#e3efff}
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",
sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem 12rem;color:#222;line-height:1.6}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.2rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.k,th{white-space:nowrap}td.p{word-break:break-all}td.hot{color:var(--err);font-weight:bold}
tr.unreadable td{background:#f6f6f6;color:#555}
.tot{font-weight:bold}.muted{color:#666;font-size:.9em}
mark.f{border-bottom:2px solid;padding:0 1px;cursor:pointer;color:inherit}
mark.sev-error{background:var(--err-bg);border-color:var(--err)}
mark.sev-warning{background:var(--warn-bg);border-color:var(--warn)}
mark.sev-info{background:var(--info-bg);border-color:var(--info)}
mark.f.active,mark.f:focus{outline:2px solid #333;outline-offset:1px}
.badge{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;font-size:.85em}
.badge.sev-error{background:var(--err)}.badge.sev-warning{background:var(--warn)}.badge.sev-info{background:var(--info)}
.src{border:1px solid #ddd;background:#fcfcfc;font-size:.95rem}
.l{display:grid;grid-template-columns:3.5em 1fr}.l:target{background:#fffbd6}
.no{color:#999;text-align:right;padding-right:.8em;user-select:none;font-variant-numeric:tabular-nums}
.t{white-space:pre-wrap;word-break:break-word}
ol.list{padding-left:1.5rem}ol.list a{color:inherit;text-decoration:none;cursor:pointer}
ol.list a:hover{text-decoration:underline}
.proof{position:fixed;right:1rem;bottom:1rem;width:min(36rem,calc(100vw - 2rem));max-height:60vh;overflow:auto;
background:#fff;border:1px solid #999;border-radius:6px;box-shadow:0 4px 18px rgba(0,0,0,.25);padding:.6rem 1rem;
z-index:10}
.proof h3{margin:.2rem 0 .4rem;font-size:1rem}.proof dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;
margin:.4rem 0}.proof dt{color:#555}.proof dd{margin:0}
.proof button{float:right}
input.filter{width:20rem;padding:.2rem .4rem}
@media print{.proof{position:static;display:block!important;box-shadow:none;width:auto;max-height:none}
.proof button,input.filter{display:none}}
"""

# Click a mark (or a finding in the list) to open its proof; Esc or the button closes it.
_JS = """
(function(){
var open=null,active=null;
function show(id,mark){
 if(open){open.hidden=true;}
 if(active){active.classList.remove('active');}
 var p=document.getElementById(id);if(!p){return;}
 p.hidden=false;open=p;active=mark;if(mark){mark.classList.add('active');}
}
function close(){if(open){open.hidden=true;open=null;}if(active){active.classList.remove('active');active=null;}}
document.addEventListener('click',function(e){
 var t=e.target.closest('[data-proof]');
 if(t){e.preventDefault();var m=document.getElementById(t.getAttribute('data-mark'));
  show(t.getAttribute('data-proof'),m);if(t!==m&&m){m.scrollIntoView({block:'center'});}return;}
 if(e.target.closest('.proof button')){close();}
});
document.addEventListener('keydown',function(e){
 if(e.key==='Escape'){close();return;}
 var t=e.target;if((e.key==='Enter'||e.key===' ')&&t.matches&&t.matches('mark[data-proof]')){
  e.preventDefault();show(t.getAttribute('data-proof'),t);}
});
var box=document.getElementById('filter');
if(box){box.addEventListener('input',function(){
 var q=box.value.trim().toLowerCase();
 document.querySelectorAll('#summary tbody tr').forEach(function(r){
  r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});});}
})();
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# Without JavaScript the proofs are shown under the text instead.
_NOSCRIPT_CSS = ".proof{display:block;position:static;box-shadow:none;width:auto}"
_CSP = (
    "default-src 'none'; img-src data:; "
    f"style-src '{_sha256(_CSS)}' '{_sha256(_NOSCRIPT_CSS)}'; script-src '{_sha256(_JS)}'; "
    "base-uri 'none'; form-action 'none'"
)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _cell(value: object, cls: str = "") -> str:
    """A table cell; cls: n = number (right-aligned), k = keep on one line, hot = a non-zero error count."""
    text = "-" if value is None or value == "" else value
    return f'<td class="{cls}">{_e(text)}</td>' if cls else f"<td>{_e(text)}</td>"


def _coverage(total: int, checked: int) -> str:
    return f"{100 * checked / total:.0f}%" if total else "-"


def _section_id(i: int) -> str:
    return f"r{i}"


def _mark_spans(line: str, spans: list[tuple[int, int, str, str]]) -> str:
    """A line with marks; spans are (start, end, open tag, close tag) in code points of `line`.

    Overlapping spans are clipped to nest inside the one that started first, so each finding is
    exactly one element even when two findings share characters.
    """
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    nested: list[tuple[int, int, str, str]] = []
    stack: list[int] = []  # ends of the open spans
    for start, end, open_tag, close_tag in ordered:
        while stack and stack[-1] <= start:
            stack.pop()
        if stack and end > stack[-1]:
            end = stack[-1]
        nested.append((start, end, open_tag, close_tag))
        stack.append(end)
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for start, end, open_tag, close_tag in nested:
        opens.setdefault(start, []).append(open_tag)
        closes.setdefault(end, []).insert(0, close_tag)  # inner spans close first
    out: list[str] = []
    for i in range(len(line) + 1):
        out.extend(closes.get(i, []))
        out.extend(opens.get(i, []))
        if i < len(line):
            out.append(_e(line[i]))
    return "".join(out).replace("\r", "")


def _source_block(fi: int, f: FileReport, lines: list[str]) -> str:
    text = SourceText(lines)
    per_line: dict[int, list[tuple[int, int, str, str]]] = {}
    for di, d in enumerate(f.diagnostics):
        start, end = text.span(d)
        line = text.line_of(start)
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        col0 = start - text.starts[line - 1] if lines else 0
        # A value that continues on the next line is marked up to the end of its first line.
        col1 = min(end - text.starts[line - 1], len(line_text.rstrip("\r"))) if lines else 0
        if col1 <= col0:
            col1 = min(col0 + 1, len(line_text))
        fid = f"{fi}-{di}"
        open_tag = (
            f'<mark class="f sev-{_e(d.severity)}" id="m-{fid}" data-finding="{fid}" data-code="{_e(d.code)}" '
            f'data-proof="p-{fid}" data-mark="m-{fid}" tabindex="0" title="{_e(d.code + " " + d.message)}">'
        )
        per_line.setdefault(line, []).append((col0, col1, open_tag, "</mark>"))
    rows = []
    for n, line_text in enumerate(lines, 1):
        body = _mark_spans(line_text, per_line.get(n, []))
        rows.append(f'<div class="l" id="L{fi}-{n}"><span class="no">{n}</span><span class="t">{body}</span></div>')
    return '<div class="src">' + "".join(rows) + "</div>"


_WHERE = {
    "zh": {
        "page": "第 {} 页",
        "page_line": "页内第 {} 行",
        "paragraph": "第 {} 段",
        "table": "表 {}",
        "row": "第 {} 行",
        "cell": "第 {} 格",
    },
    "en": {
        "page": "page {}",
        "page_line": "line {} of the page",
        "paragraph": "paragraph {}",
        "table": "table {}",
        "row": "row {}",
        "cell": "cell {}",
    },
}


def _where(d: Diagnostic, lang: str) -> str:
    """Page / paragraph / table cell of a docx or pdf finding (line and column count the extracted text)."""
    names = _WHERE.get(lang, _WHERE["zh"])
    extra = d.location.place()
    parts = [names[k].format(v) for k, v in extra.items() if k in names]
    return ("（" + "，".join(parts) + "）") if parts else ""


def _proof(fi: int, di: int, d: Diagnostic, titles: Mapping[str, str], lang: str) -> str:
    lab = labels(lang)
    fid = f"{fi}-{di}"
    at = lab["at"].format(line=d.location.line, column=d.location.column)
    where = _where(d, lang)
    items = [(lab["location"], f'<a href="#L{fi}-{d.location.line}">{_e(at)}</a>{_e(where)}')]
    for key, label in (("stated", lab["stated"]), ("expected", lab["expected"]), ("operands", lab["operands"])):
        if d.args.get(key):
            items.append((label, _e(d.args[key])))
    for key, value in d.args.items():
        if key not in ("stated", "expected", "operands") and value:
            items.append((key, _e(value)))
    if d.related:
        related = "<br>".join(
            f'<a href="#L{fi}-{r.location.line}">{_e(lab["at"].format(line=r.location.line, column=r.location.column))}'
            f"</a>：{_e(r.message)}"
            for r in d.related
        )
        items.append((lab["related"], related))
    if d.hint:
        items.append((lab["hint"], _e(d.hint)))
    items.append((lab["fingerprint"], f'<span class="muted">{_e(d.fingerprint)}</span>'))
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items)
    title = titles.get(d.code, d.name)
    return (
        f'<aside class="proof" id="p-{fid}" data-finding="{fid}" hidden>'
        f'<button type="button">{_e(lab["close"])}</button>'
        f'<h3><span class="badge sev-{_e(d.severity)}">{_e(severity_label(d.severity, lang))}</span> '
        f"{_e(d.code)} {_e(title)}</h3><p>{_e(d.message)}</p><dl>{dl}</dl></aside>"
    )


def _finding_item(fi: int, di: int, d: Diagnostic, lang: str) -> str:
    lab = labels(lang)
    fid = f"{fi}-{di}"
    at = lab["at"].format(line=d.location.line, column=d.location.column)
    return (
        f'<li><a href="#m-{fid}" data-proof="p-{fid}" data-mark="m-{fid}">'
        f'<span class="badge sev-{_e(d.severity)}">{_e(severity_label(d.severity, lang))}</span> '
        f"{_e(d.code)} {_e(at)}：{_e(d.message)}</a></li>"
    )


def render_html(
    report: RunReport,
    sources: Mapping[str, list[str]],
    lang: str = "zh",
    metas: Mapping[str, ReportMeta] | None = None,
    *,
    audit: bool = False,
    note: str = "",
) -> str:
    """The page for one report (`check --format html`) or many (`audit --html`), ranked like the summary."""
    lab = labels(lang)
    metas = metas if metas is not None else metas_from_sources(report, sources)
    titles = rule_titles(lang)
    rows = summary_rows(report, metas)
    order = {f.path: i for i, f in enumerate(report.files)}
    title = lab["audit_title"] if audit else lab["page_title"]
    if not audit and len(report.files) == 1:
        unit = metas.get(report.files[0].path, ReportMeta()).unit
        title = f"{title}：{unit or report.files[0].path}"
    s = report.summary
    unreadable = sum(1 for f in report.files if f.errors)
    totals = lab["totals"].format(files=s.files, unreadable=unreadable, error=s.error, warning=s.warning, info=s.info)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="icon" href="data:,">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="tot">{_e(totals)}</p>',
    ]
    if note:
        out.append(f'<p class="muted">{_e(note)}</p>')
    if len(report.files) > 1:
        out.append(f'<p><input class="filter" id="filter" type="search" placeholder="{_e(lab["filter"])}"></p>')
    heads = ["file", "unit", "year", "score", "grade", "error", "warning", "info", "coverage", "status"]
    out.append('<table id="summary"><thead><tr>' + "".join(f"<th>{_e(lab[h])}</th>" for h in heads) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        fi = order[row.path]
        out.append(
            ('<tr class="unreadable">' if row.unreadable else "<tr>")
            + f'<td class="p"><a href="#{_section_id(fi)}">{_e(row.path)}</a></td>'
            + _cell(row.unit, "k")
            + _cell(row.year, "k")
            + _cell(row.score, "n")
            + _cell(row.grade, "k")
            + _cell(row.error, "n hot" if row.error else "n")
            + _cell(row.warning, "n")
            + _cell(row.info, "n")
            + _cell(_coverage(row.claims_total, row.claims_checked), "n")
            + _cell(f"{lab['unreadable']}：{row.unreadable}" if row.unreadable else "")
            + "</tr>"
        )
    out.append("</tbody></table>")
    counts = rule_counts(report, titles)
    if counts:
        out.append(f"<h2>{_e(lab['rules'])}</h2><table><thead><tr>")
        out.append("".join(f"<th>{_e(lab[h])}</th>" for h in ("code", "title", "count", "files")))
        out.append("</tr></thead><tbody>")
        for rc in counts:
            out.append(f"<tr>{_cell(rc.code, 'k')}{_cell(rc.title)}{_cell(rc.count, 'n')}{_cell(rc.files, 'n')}</tr>")
        out.append("</tbody></table>")
    for row in rows:
        fi = order[row.path]
        f = report.files[fi]
        heading = f"{row.unit} — {f.path}" if row.unit else f.path
        out.append(f'<section class="report" id="{_section_id(fi)}"><h2>{_e(heading)}</h2>')
        if f.errors:
            out.append(f"<p>{_e(lab['unreadable'])}：{_e('；'.join(f.errors))}</p></section>")
            continue
        if not f.diagnostics:
            out.append(f"<p>{_e(lab['no_findings'])}</p>")
        else:
            out.append('<ol class="list">')
            out.extend(_finding_item(fi, di, d, lang) for di, d in enumerate(f.diagnostics))
            out.append("</ol>")
        lines = list(sources.get(f.path, []))
        if lines:
            block = _source_block(fi, f, lines)
            if f.diagnostics:
                out.append(block)
            else:  # nothing to see in a clean report's text: keep it, folded
                out.append(f"<details><summary>{_e(lab['text'])}</summary>{block}</details>")
        out.extend(_proof(fi, di, d, titles, lang) for di, d in enumerate(f.diagnostics))
        out.append("</section>")
    out.append(f'<p class="muted">jxlint {_e(__version__)}</p>')
    out.append(f"<noscript><style>{_NOSCRIPT_CSS}</style></noscript>")
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out) + "\n"


def html(report: RunReport, sources: dict[str, list[str]], lang: str) -> str:
    """`check --format html`: the accountant's page."""
    return render_html(report, sources, lang)
