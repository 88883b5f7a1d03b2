"""Human output: one line per finding (concise), or the source line with a caret (full)."""

from __future__ import annotations

import unicodedata

from lint.diagnostics import Diagnostic, Location, RunReport

LABELS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "hint": "建议",
        "related": "相关",
        "summary": "共 {files} 个文件：{error} 个错误，{warning} 个警告，{info} 个提示",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "hint": "hint",
        "related": "related",
        "summary": "{files} file(s): {error} error(s), {warning} warning(s), {info} info",
    },
}


def _line(path: str, d: Diagnostic) -> str:
    return f"{path}:{d.location.line}:{d.location.column}: {d.code} {d.message}"


def concise(report: RunReport, sources: dict[str, list[str]], lang: str) -> str:
    lines = [_line(f.path, d) for f in report.files for d in f.diagnostics]
    return "\n".join(lines) + ("\n" if lines else "")


def where(loc: Location, lang: str) -> str:
    """Where a location stands in a .docx/.pdf (第 3 页第 12 行 / 第 12 段 / 表 2 第 3 行第 4 列); "" for text files."""
    zh = lang == "zh"
    if loc.table is not None:
        row = f"第 {loc.row} 行" if zh else f", row {loc.row}"
        cell = (f"第 {loc.cell} 列" if zh else f", cell {loc.cell}") if loc.cell is not None else ""
        return f"表 {loc.table} {row}{cell}" if zh else f"table {loc.table}{row}{cell}"
    if loc.paragraph is not None:
        return f"第 {loc.paragraph} 段" if zh else f"paragraph {loc.paragraph}"
    if loc.page is not None:
        line = (f"第 {loc.page_line} 行" if zh else f", line {loc.page_line}") if loc.page_line is not None else ""
        return f"第 {loc.page} 页{line}" if zh else f"page {loc.page}{line}"
    return ""


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def full(report: RunReport, sources: dict[str, list[str]], lang: str) -> str:
    labels = LABELS.get(lang, LABELS["zh"])
    out: list[str] = []
    for f in report.files:
        lines = sources.get(f.path, [])
        for d in f.diagnostics:
            place = where(d.location, lang)
            out.append(
                f"{f.path}:{d.location.line}:{d.location.column}: {labels[d.severity]} {d.code} [{d.name}]"
                + (f"  {place}" if place else "")
            )
            out.append(f"  {d.message}")
            line_no = d.location.line
            if 0 < line_no <= len(lines):
                text = lines[line_no - 1]
                if f.format in ("docx", "pdf"):
                    text = text.replace("\t", " ")  # an extracted table row: keep the caret aligned
                start = d.location.column - 1
                end = d.end_location.column - 1 if d.end_location.line == line_no else len(text)
                lo = max(0, start - 30)
                hi = min(len(text), max(end, start + 1) + 30)
                shown = ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")
                pad = _width("…" if lo else "") + _width(text[lo:start])
                out.append(f"  {line_no:>5} | {shown}")
                out.append(f"  {'':>5} | {' ' * pad}{'^' * max(1, _width(text[start:end]))}")
            for r in d.related:
                at = where(r.location, lang) or (
                    f"第 {r.location.line} 行" if lang == "zh" else f"line {r.location.line}"
                )
                out.append(f"  {labels['related']}: {at} {r.message}")
            out.append(f"  {labels['hint']}: {d.hint}")
            out.append("")
    out.append(labels["summary"].format(**report.summary.to_json()))
    return "\n".join(out) + "\n"
