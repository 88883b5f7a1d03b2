"""Audit exports for reviewers: CSV (UTF-8 with BOM), Excel workbook, JSON with an audit block.

Excel on Chinese Windows reads a CSV without BOM as GBK (mojibake), hence `utf-8-sig`. Report text
is untrusted and spreadsheets execute formulas: CSV cells that would start a formula get a leading
apostrophe, and workbook cells are always written as strings, never parsed.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lint.diagnostics import RunReport
from lint.errors import ConfigError
from lint.summary import FindingRow, RuleCount, SummaryRow, labels, severity_label

FINDING_FIELDS = ("file", "unit", "line", "column", "code", "severity", "message", "stated", "expected", "sentence")
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?%?$")


def neutralise(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (=, +, -, @ …); plain numbers pass."""
    if value and value[0] in "=+-@\t\r" and not _NUMBER.match(value):
        return "'" + value
    return value


def csv_rows(rows: Sequence[FindingRow], lang: str) -> list[list[str]]:
    """The CSV as lists of strings, header first (what a re-read of the file gives back)."""
    lab = labels(lang)
    out = [[lab[f] for f in FINDING_FIELDS]]
    for r in rows:
        values = [getattr(r, f) for f in FINDING_FIELDS]
        out.append([neutralise("" if v is None else str(v)) for v in values])
    return out


def write_csv(path: Path, rows: Sequence[FindingRow], lang: str) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(csv_rows(rows, lang))


def display_width(text: str) -> int:
    """Columns a spreadsheet needs: East-Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(header: Sequence[str], rows: Sequence[Sequence[object]], cap: int = 60) -> list[int]:
    widths = [display_width(h) for h in header]
    for row in rows:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], display_width("" if v is None else str(v)))
    return [min(cap, w) + 2 for w in widths]


def require_xlsxwriter() -> None:
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        raise ConfigError("导出 Excel 需要 XlsxWriter：pip install 'jxlint[xlsx]'") from None


def write_xlsx(
    path: Path,
    summary: Sequence[SummaryRow],
    findings: Sequence[FindingRow],
    rules: Sequence[RuleCount],
    lang: str,
) -> None:
    """汇总 (one row per report, ranked), 问题清单 (one row per finding), 规则统计 (per rule)."""
    import xlsxwriter

    lab = labels(lang)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        head = wb.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "valign": "top"})
        wrapped_fmt = wb.add_format({"text_wrap": True, "valign": "top"})
        top = wb.add_format({"valign": "top"})
        pct = wb.add_format({"num_format": "0%", "valign": "top"})
        sev_fmt = {
            severity_label(k, lang): wb.add_format({"font_color": c, "bold": True, "valign": "top"})
            for k, c in (("error", "#C62828"), ("warning", "#A15C00"), ("info", "#1E5FB4"))
        }
        sev_fmt[lab["unreadable"]] = wb.add_format({"font_color": "#555555", "bold": True, "valign": "top"})

        def sheet(
            name: str, header: list[str], rows: list[list[Any]], wrap: set[int], pct_col: int = -1, sev_col: int = -1
        ) -> None:
            ws = wb.add_worksheet(name)
            for c, w in enumerate(_widths(header, rows)):
                ws.set_column(c, c, w, wrapped_fmt if c in wrap else top)
            ws.write_row(0, 0, header, head)
            for r, row in enumerate(rows, 1):
                for c, v in enumerate(row):
                    if v is None or v == "":
                        ws.write_blank(r, c, None)
                    elif isinstance(v, int | float):
                        ws.write_number(r, c, v, pct if c == pct_col else top)
                    else:  # text from the report: a string, never a formula
                        fmt = sev_fmt.get(str(v)) if c == sev_col else None
                        ws.write_string(r, c, str(v), fmt or (wrapped_fmt if c in wrap else top))
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(1, len(rows)), len(header) - 1)

        s_head = [lab[k] for k in ("file", "unit", "year", "score", "grade", "error", "warning", "info", "coverage")]
        s_head += [lab["claims_total"], lab["claims_checked"], lab["status"]]
        s_rows: list[list[Any]] = [
            [
                row.path,
                row.unit,
                row.year,
                float(row.score) if row.score else None,
                row.grade,
                row.error,
                row.warning,
                row.info,
                row.coverage,
                row.claims_total,
                row.claims_checked,
                f"{lab['unreadable']}：{row.unreadable}" if row.unreadable else None,
            ]
            for row in summary
        ]
        sheet(lab["summary"], s_head, s_rows, {len(s_head) - 1}, pct_col=s_head.index(lab["coverage"]))

        f_keys = ("file", "unit", "line", "column", "code", "title", "severity", "message", "stated", "expected")
        f_head = [lab[k] for k in (*f_keys, "sentence")]
        f_rows: list[list[Any]] = [[getattr(r, k) for k in (*f_keys, "sentence")] for r in findings]
        wrapped = {f_head.index(lab["message"]), f_head.index(lab["sentence"])}
        sheet(lab["findings"], f_head, f_rows, wrapped, sev_col=f_head.index(lab["severity"]))

        r_head = [lab[k] for k in ("code", "title", "count", "files")]
        sheet(lab["rules"], r_head, [[r.code, r.title, r.count, r.files] for r in rules], set())
    finally:
        wb.close()


def audit_json(
    report: RunReport,
    summary: Sequence[SummaryRow],
    rules: Sequence[RuleCount],
    hidden: int,
    baseline: Path | None,
) -> dict[str, object]:
    """jxlint-report/1 plus an `audit` block (ranked rows, per-rule counts, baseline)."""
    data = report.to_json_dict()
    data["audit"] = {
        "reports": [
            {
                "path": r.path,
                "format": r.format,
                "unit": r.unit,
                "year": r.year,
                "score": r.score,
                "grade": r.grade,
                "error": r.error,
                "warning": r.warning,
                "info": r.info,
                "claims_total": r.claims_total,
                "claims_checked": r.claims_checked,
                "coverage": None if r.coverage is None else round(r.coverage, 4),
                "unreadable": r.unreadable,
            }
            for r in summary
        ],
        "rules": [{"code": r.code, "title": r.title, "count": r.count, "files": r.files} for r in rules],
        "unreadable": sum(1 for r in summary if r.unreadable),
        "baseline": None if baseline is None else {"path": str(baseline), "hidden": hidden},
    }
    return data


def write_json(path: Path, data: dict[str, object]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
