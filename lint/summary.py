"""The reviewer's view of a run, shared by the terminal summary, the exports and the HTML page.

One `SummaryRow` per report, ranked; counts per rule; one `FindingRow` per finding with the
sentence it stands in. Labels are Chinese by default (`lang="en"` for English).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from lint.diagnostics import Diagnostic, FileReport, RunReport
from lint.reportmeta import ReportMeta, unit_and_year

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "file": "文件",
        "unit": "单位",
        "year": "年度",
        "score": "自评得分",
        "grade": "等级",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "coverage": "覆盖率",
        "claims_total": "读到的数字",
        "claims_checked": "参与检查",
        "status": "说明",
        "unreadable": "无法读取",
        "line": "行",
        "column": "列",
        "location": "位置",
        "code": "规则",
        "title": "规则名称",
        "severity": "级别",
        "message": "问题描述",
        "stated": "填写值",
        "expected": "应为",
        "sentence": "原文",
        "operands": "计算式",
        "related": "相关数字",
        "hint": "建议",
        "count": "问题数",
        "files": "涉及文件",
        "fingerprint": "指纹",
        "reports": "报告",
        "rules": "按规则统计",
        "summary": "汇总",
        "findings": "问题清单",
        "no_findings": "未发现问题",
        "close": "关闭",
        "filter": "筛选（单位、文件名……）",
        "page_title": "jxlint 检查结果",
        "audit_title": "jxlint 审核汇总",
        "totals": "共 {files} 个文件（{unreadable} 个无法读取）：{error} 个错误，{warning} 个警告，{info} 个提示",
        "hidden": "基线 {baseline} 中已有的 {hidden} 个问题未显示",
        "at": "第 {line} 行第 {column} 列",
        "text": "报告原文",
        "other": "其他",
    },
    "en": {
        "file": "file",
        "unit": "unit",
        "year": "year",
        "score": "score",
        "grade": "grade",
        "error": "errors",
        "warning": "warnings",
        "info": "info",
        "coverage": "coverage",
        "claims_total": "numbers read",
        "claims_checked": "checked",
        "status": "note",
        "unreadable": "unreadable",
        "line": "line",
        "column": "column",
        "location": "location",
        "code": "code",
        "title": "rule",
        "severity": "severity",
        "message": "message",
        "stated": "stated",
        "expected": "expected",
        "sentence": "sentence",
        "operands": "computation",
        "related": "related",
        "hint": "hint",
        "count": "findings",
        "files": "files",
        "fingerprint": "fingerprint",
        "reports": "reports",
        "rules": "by rule",
        "summary": "summary",
        "findings": "findings",
        "no_findings": "no findings",
        "close": "close",
        "filter": "filter (unit, file name …)",
        "page_title": "jxlint results",
        "audit_title": "jxlint audit",
        "totals": "{files} file(s) ({unreadable} unreadable): {error} error(s), {warning} warning(s), {info} info",
        "hidden": "{hidden} finding(s) already in baseline {baseline} not shown",
        "at": "line {line}, column {column}",
        "text": "report text",
        "other": "other",
    },
}
SEVERITY_LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["zh"])


def severity_label(severity: str, lang: str) -> str:
    return SEVERITY_LABELS.get(lang, SEVERITY_LABELS["zh"]).get(severity, severity)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    path: str
    format: str
    unit: str | None
    year: str | None
    score: str | None
    grade: str | None
    error: int
    warning: int
    info: int
    claims_total: int
    claims_checked: int
    unreadable: str | None  # the reason, for a file that could not be checked

    @property
    def coverage(self) -> float | None:
        return self.claims_checked / self.claims_total if self.claims_total else None


@dataclass(frozen=True, slots=True)
class RuleCount:
    code: str
    title: str
    count: int
    files: int


@dataclass(frozen=True, slots=True)
class FindingRow:
    file: str
    unit: str
    line: int | None
    column: int | None
    code: str
    title: str
    severity: str  # the label in the run's language
    message: str
    stated: str
    expected: str
    sentence: str


def rank_key(row: SummaryRow) -> tuple[int, int, int, int, str]:
    # Unreadable files first: they are the reports the audit could not vouch for at all.
    return (0 if row.unreadable else 1, -row.error, -row.warning, -row.info, row.path)


def summary_rows(report: RunReport, metas: Mapping[str, ReportMeta]) -> list[SummaryRow]:
    rows = []
    for f in report.files:
        meta = metas.get(f.path, ReportMeta())
        counts = {"error": 0, "warning": 0, "info": 0}
        for d in f.diagnostics:
            counts[d.severity] = counts.get(d.severity, 0) + 1
        rows.append(
            SummaryRow(
                path=f.path,
                format=f.format,
                unit=meta.unit,
                year=meta.year,
                score=meta.score,
                grade=meta.grade,
                error=counts["error"],
                warning=counts["warning"],
                info=counts["info"],
                claims_total=f.claims_total,
                claims_checked=f.claims_checked,
                unreadable="；".join(f.errors) if f.errors else None,
            )
        )
    return sorted(rows, key=rank_key)


def rule_titles(lang: str) -> dict[str, str]:
    """Code → title from the rule pack; empty if it cannot be loaded (titles are a nicety here)."""
    from lint.errors import JxlintError
    from lint.rules.loader import load_registry

    try:
        registry = load_registry()
    except JxlintError:
        return {}
    return {r.code: (r.spec.title if lang == "zh" else r.spec.name) for r in registry}


def rule_counts(report: RunReport, titles: Mapping[str, str]) -> list[RuleCount]:
    counts: dict[str, int] = {}
    files: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for f in report.files:
        for d in f.diagnostics:
            counts[d.code] = counts.get(d.code, 0) + 1
            files.setdefault(d.code, set()).add(f.path)
            names.setdefault(d.code, d.name)
    return sorted(
        (RuleCount(code, titles.get(code, names[code]), n, len(files[code])) for code, n in counts.items()),
        key=lambda r: (-r.count, r.code),
    )


def metas_from_sources(report: RunReport, sources: Mapping[str, list[str]]) -> dict[str, ReportMeta]:
    """Unit and year from the text alone (formatters have no claim index, so no score/grade)."""
    out = {}
    for f in report.files:
        lines = sources.get(f.path)
        if lines is not None:
            unit, year = unit_and_year("\n".join(lines))
            out[f.path] = ReportMeta(unit=unit, year=year)
    return out


class SourceText:
    """A report's original text with line/column ↔ offset conversion (columns in code points)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.text = "\n".join(lines)
        self.starts = [0]
        for line in lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def offset(self, line: int, column: int) -> int:
        if not self.lines:
            return 0
        line = min(max(line, 1), len(self.lines))
        return self.starts[line - 1] + min(max(column - 1, 0), len(self.lines[line - 1]))

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def span(self, d: Diagnostic) -> tuple[int, int]:
        start = self.offset(d.location.line, d.location.column)
        end = self.offset(d.end_location.line, d.end_location.column)
        return start, max(start, end)

    def sentence(self, d: Diagnostic) -> str:
        """The sentence around the written value: from the previous 。；！？ or line break to the next."""
        start, end = self.span(d)
        text = self.text
        lo = max(text.rfind(ch, 0, start) for ch in "。；！？\n") + 1
        stops = [i for i in (text.find(ch, end) for ch in "。；！？\n") if i >= 0]
        hi = min(stops) if stops else len(text)
        if hi < len(text) and text[hi] in "。；！？":
            hi += 1  # keep the full stop: the sentence reads as written
        return text[lo:hi].strip()


def finding_rows(
    report: RunReport,
    sources: Mapping[str, list[str]],
    metas: Mapping[str, ReportMeta],
    titles: Mapping[str, str],
    lang: str,
) -> list[FindingRow]:
    """One row per finding in report order, then one row per unreadable file (so none is lost)."""
    rows: list[FindingRow] = []
    unreadable: list[FileReport] = []
    for f in report.files:
        if f.errors:
            unreadable.append(f)
            continue
        unit = metas.get(f.path, ReportMeta()).unit or ""
        text = SourceText(sources.get(f.path, []))
        for d in f.diagnostics:
            rows.append(
                FindingRow(
                    file=f.path,
                    unit=unit,
                    line=d.location.line,
                    column=d.location.column,
                    code=d.code,
                    title=titles.get(d.code, d.name),
                    severity=severity_label(d.severity, lang),
                    message=d.message,
                    stated=d.args.get("stated", ""),
                    expected=d.args.get("expected", ""),
                    sentence=text.sentence(d),
                )
            )
    for f in unreadable:
        rows.append(
            FindingRow(
                file=f.path,
                unit="",
                line=None,
                column=None,
                code="",
                title="",
                severity=labels(lang)["unreadable"],
                message="；".join(f.errors),
                stated="",
                expected="",
                sentence="",
            )
        )
    return rows
