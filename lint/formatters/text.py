"""Human output: one line per finding (concise), or the source line with a caret (full)."""

from __future__ import annotations

import unicodedata

from lint.diagnostics import Diagnostic, RunReport

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


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def full(report: RunReport, sources: dict[str, list[str]], lang: str) -> str:
    labels = LABELS.get(lang, LABELS["zh"])
    out: list[str] = []
    for f in report.files:
        lines = sources.get(f.path, [])
        for d in f.diagnostics:
            out.append(f"{f.path}:{d.location.line}:{d.location.column}: {labels[d.severity]} {d.code} [{d.name}]")
            out.append(f"  {d.message}")
            line_no = d.location.line
            if 0 < line_no <= len(lines):
                text = lines[line_no - 1]
                start = d.location.column - 1
                end = d.end_location.column - 1 if d.end_location.line == line_no else len(text)
                lo = max(0, start - 30)
                hi = min(len(text), max(end, start + 1) + 30)
                shown = ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")
                pad = _width("…" if lo else "") + _width(text[lo:start])
                out.append(f"  {line_no:>5} | {shown}")
                out.append(f"  {'':>5} | {' ' * pad}{'^' * max(1, _width(text[start:end]))}")
            for r in d.related:
                out.append(
                    f"  {labels['related']}: 第 {r.location.line} 行 {r.message}"
                    if lang == "zh"
                    else f"  {labels['related']}: line {r.location.line} {r.message}"
                )
            out.append(f"  {labels['hint']}: {d.hint}")
            out.append("")
    out.append(labels["summary"].format(**report.summary.model_dump()))
    return "\n".join(out) + "\n"
