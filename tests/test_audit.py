"""`jxlint audit`: discovery, parallel run, ranked summary, exports (CSV/xlsx/JSON/HTML), baseline, exit codes."""

from __future__ import annotations

import codecs
import csv
import json
import multiprocessing
import os
import pty
import re
import select
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console

from lint import audit as audit_mod
from lint.api import check_paths
from lint.audit import discover, run_audit
from lint.audit_cli import summary_table
from lint.cli import cli
from lint.diagnostics import FileReport
from lint.engine import Options
from lint.exports import display_width, neutralise
from lint.formatters.html import render_html
from lint.reportmeta import unit_and_year, unit_from_title
from lint.summary import SummaryRow, labels, severity_label, summary_rows
from tests.audit_corpus import CORRUPT_NAME, INJECTION_NAME, build_corpus

LAB = labels("zh")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("audit") / "报告")


@pytest.fixture(scope="module")
def root(corpus: dict[str, Path]) -> Path:
    return corpus[CORRUPT_NAME].parent


@pytest.fixture(scope="module")
def expected(corpus: dict[str, Path]) -> dict[str, FileReport]:
    """What `check` says about each file on its own."""
    out = {}
    for path in corpus.values():
        report, _, _ = check_paths([path])
        [out[str(path)]] = report.files
    return out


def invoke(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


# --- report metadata -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "year"),
    [
        ("2023年度县教育局部门整体支出绩效自评报告\n\n正文", "县教育局", "2023"),
        ("# 区卫生健康局2024年度部门整体支出绩效自评报告\n", "区卫生健康局", "2024"),
        ("县农业农村局2024年度高标准农田建设项目支出绩效自评报告", "县农业农村局", "2024"),
        ("2024年度县农业农村局高标准农田建设项目支出绩效自评报告", "县农业农村局", "2024"),
        ("市公共资源交易中心2021年度部门决算说明", "市公共资源交易中心", "2021"),
        ("区市场监督管理局2023年度部门决算“三公”经费及机关运行经费情况说明", "区市场监督管理局", "2023"),
        ("关于2023年度部门整体支出绩效自评报告\n\n一、基本情况", None, "2023"),
        # a labelled field wins over the title; the label's year too
        ("2023年度部门整体支出绩效自评报告\n评价单位：市档案馆\n评价年度：2022 年\n", "市档案馆", "2022"),
        ("绩效自评报告\n部门名称：**县文化馆**（盖章）\n评价年度：2024年度", "县文化馆", "2024"),
        ("| 单位名称 | 城东街道办事处 |\n| 评价年度 | 2021 |\n", "城东街道办事处", "2021"),
        # 评价单位 is preferred over 实施单位 whatever the order
        ("实施单位：市图书馆数字资源部\n评价单位：市图书馆\n", "市图书馆", None),
        # an unfilled template field is not a unit name
        ("单位名称：（单位名称）\n2023年度县水利局部门整体支出绩效自评报告", "县水利局", "2023"),
        ("", None, None),
    ],
)
def test_unit_and_year(text: str, unit: str | None, year: str | None) -> None:
    assert unit_and_year(text) == (unit, year)


def test_unit_from_title_without_year() -> None:
    assert unit_from_title("县文化馆部门整体支出绩效自评报告") == "县文化馆"


def test_score_and_grade_of_fixtures(corpus: dict[str, Path]) -> None:
    result = run_audit([corpus[n] for n in ("r07_city_library_digital_2022_project.md", "sample-report.md")], _opts)
    metas = [result.metas[str(corpus[n])] for n in ("r07_city_library_digital_2022_project.md", "sample-report.md")]
    # r07 lists sub-scores first (9.71分 …); the total is the one stated with the grade
    assert [(m.unit, m.year, m.score, m.grade) for m in metas] == [
        ("市图书馆", "2022", "93.41", "优"),
        ("青川县档案馆", "2024", "88.5", "优"),
    ]


def _opts(path: Path) -> Options:
    return Options()


# --- discovery and the run ---------------------------------------------------------------------------


def test_discover_recurses_and_skips(corpus: dict[str, Path], root: Path) -> None:
    found = discover([root])
    assert sorted(map(str, found)) == sorted(map(str, corpus.values()))
    assert not any(".git" in p.parts or p.name.startswith("~$") or p.suffix == ".yaml" for p in found)
    # a file named directly is taken whatever its suffix; the same file twice counts once
    assert discover([root / "notes.yaml", root / "notes.yaml"]) == [root / "notes.yaml"]


def test_discover_missing_path(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="没有这个文件或目录"):
        discover([tmp_path / "nope"])


def _signature(f: FileReport) -> list[tuple[str, str, int, int, int, int, str, str]]:
    return [
        (
            d.code,
            d.severity,
            d.location.line,
            d.location.column,
            d.end_location.line,
            d.end_location.column,
            d.message,
            d.fingerprint,
        )
        for d in f.diagnostics
    ]


def test_audit_matches_check_per_file(corpus: dict[str, Path], root: Path, expected: dict[str, FileReport]) -> None:
    files = discover([root])
    result = run_audit(files, _opts, jobs=2)
    assert result.jobs == 2  # enough files to go parallel
    assert [f.path for f in result.report.files] == [str(p) for p in files]  # one row per file, in order
    for f in result.report.files:
        want = expected[f.path]
        assert _signature(f) == _signature(want), f.path
        assert (f.claims_total, f.claims_checked, f.errors) == (want.claims_total, want.claims_checked, want.errors)
    corrupt = next(f for f in result.report.files if f.path == str(corpus[CORRUPT_NAME]))
    assert corrupt.errors and corrupt.errors == expected[str(corpus[CORRUPT_NAME])].errors
    assert result.unreadable == [str(corpus[CORRUPT_NAME])]
    # mixed formats really were read when this checkout has their readers
    formats = {f.path.rsplit(".", 1)[-1]: f.format for f in result.report.files if not f.errors}
    assert formats["txt"] == "text" and formats["md"] == "markdown"
    if "r06_转为Word.docx" in corpus:
        assert formats["docx"] == "docx"
        docx_report = result.report.files[[str(p) for p in files].index(str(corpus["r06_转为Word.docx"]))]
        assert [d.code for d in docx_report.diagnostics] == [
            d.code for d in expected[str(corpus["r06_county_culture_center_2024_overall.txt"])].diagnostics
        ]
    if "sample_转为PDF.pdf" in corpus:
        assert formats["pdf"] == "pdf"
        pdf_report = result.report.files[[str(p) for p in files].index(str(corpus["sample_转为PDF.pdf"]))]
        assert [d.code for d in pdf_report.diagnostics] == ["RAT001", "SCR001"]  # as in sample-report.md


def test_serial_and_parallel_agree(root: Path) -> None:
    files = discover([root])
    serial = run_audit(files, _opts, jobs=1)
    parallel = run_audit(files, _opts, jobs=2)
    assert serial.jobs == 1
    assert serial.report.to_json_dict() == parallel.report.to_json_dict()
    assert serial.metas == parallel.metas and serial.sources == parallel.sources


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the fake crash is inherited by fork only")
def test_worker_crash_costs_only_that_file(root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    files = discover([root])
    crash = files[3]
    real = audit_mod._lint_one

    def crashing(path: Path, options: Options, encoding: str | None, max_size: int | None) -> audit_mod.Outcome:
        if path == crash:
            os._exit(3)  # what a native library's segfault looks like to the pool
        return real(path, options, encoding, max_size)

    monkeypatch.setattr(audit_mod, "_lint_one", crashing)
    result = run_audit(files, _opts, jobs=2)
    assert [f.path for f in result.report.files] == [str(p) for p in files]
    assert result.unreadable == sorted(
        [str(crash), *(f.path for f in result.report.files if f.errors and f.path != str(crash))],
        key=[str(p) for p in files].index,
    )
    [crashed] = [f for f in result.report.files if f.path == str(crash)]
    assert crashed.errors == ["读取时处理进程异常退出（文件可能已损坏）"]
    assert sum(1 for f in result.report.files if f.diagnostics) >= 5


# --- the terminal summary -------------------------------------------------------------------------------


def test_ranking() -> None:
    def row(path: str, e: int, w: int, i: int, bad: str | None = None) -> SummaryRow:
        return SummaryRow(path, "text", None, None, None, None, e, w, i, 0, 0, bad)

    rows = [row("a", 0, 5, 0), row("b", 2, 0, 0), row("c", 2, 1, 0), row("d", 0, 0, 0, "坏了"), row("e", 0, 5, 1)]
    from lint.summary import rank_key

    assert [r.path for r in sorted(rows, key=rank_key)] == ["d", "c", "b", "e", "a"]


def test_summary_table_columns_line_up_with_cjk(root: Path) -> None:
    result = run_audit(discover([root]), _opts, jobs=1)
    buf = StringIO()
    Console(file=buf, width=100, force_terminal=False, color_system=None).print(
        summary_table(summary_rows(result.report, result.metas), "zh")
    )
    lines = buf.getvalue().splitlines()
    assert len(lines) > len(result.report.files) + 3
    # every line is exactly 100 terminal columns (CJK = 2), and the | separators sit at the same columns
    assert {cell_len(line) for line in lines} == {100}

    def bars(line: str) -> list[int]:
        cols, out = 0, []
        for ch in line:
            if ch in "|+":
                out.append(cols)
            cols += cell_len(ch)
        return out

    assert bars(lines[0]) == bars(lines[-1]) == [0, 99]  # the outer border
    assert len({tuple(bars(line)) for line in lines[1:-1]}) == 1
    assert "市公共资源交易中心" in buf.getvalue()  # units are not truncated


def test_cli_audit_summary_and_exit(root: Path, corpus: dict[str, Path]) -> None:
    result = invoke(["audit", str(root), "--no-progress"])
    assert result.exit_code == 1  # errors among the findings; one unreadable file does not make it 2
    out = result.stdout
    for unit in ("市档案馆", "县文化馆", "青川县档案馆"):
        assert unit in out
    assert "无法读取" in out and "RAT001" in out
    files = len(corpus)
    assert re.search(rf"共 {files} 个文件（1 个无法读取）：\d+ 个错误，\d+ 个警告，\d+ 个提示", out)
    assert re.search(r"用时 \d+\.\d\d 秒", result.stderr)
    assert "━" not in result.stderr  # no progress bar when not on a terminal


def test_exit_codes(tmp_path: Path, corpus: dict[str, Path]) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "r01.txt").write_bytes(corpus["r01_county_education_2023_overall.txt"].read_bytes())
    assert invoke(["audit", str(clean)]).exit_code == 0
    # warnings only fail with --fail-on warning
    warn = tmp_path / "warn"
    warn.mkdir()
    (warn / "w.txt").write_text(
        "本单位年初预算为540.20万元，实际支出503.11万元。\n"
        "公务用车运行维护费预算为3万元，实际支出2.69万元，控制率为92%。\n",
        encoding="utf-8",
    )
    assert invoke(["audit", str(warn)]).exit_code == 0
    assert invoke(["audit", str(warn), "--fail-on", "warning"]).exit_code == 1
    # every file unreadable: the audit could not do its job
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.docx").write_bytes(b"nope")
    (bad / "b.txt").write_bytes(b"")
    result = invoke(["audit", str(bad)])
    assert result.exit_code == 2
    assert "共 2 个文件（2 个无法读取）" in result.stdout
    # clean reports plus an unreadable one: 0, with the unreadable count printed
    (clean / "c.docx").write_bytes(b"nope")
    result = invoke(["audit", str(clean)])
    assert result.exit_code == 0 and "1 个无法读取" in result.stdout
    # usage errors
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(["audit", str(empty)])
    assert result.exit_code == 2 and "没有找到报告文件" in result.stderr
    result = invoke(["audit", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "没有这个文件或目录" in result.stderr
    assert invoke(["audit", str(clean), "--select", "NOPE999"]).exit_code == 2


# --- progress bar ------------------------------------------------------------------------------------------


def _run_in_pty(args: list[str], env: dict[str, str]) -> str:
    """Run `python -m lint …` with stdout and stderr on a pseudo-terminal, as a person would."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lint", *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.slow  # four CLI processes
def test_progress_bar_only_for_a_person(root: Path, cli_env: dict[str, str]) -> None:
    env = {k: v for k, v in cli_env.items() if k != "PRE_COMMIT"}
    env.update(COLUMNS="120", TERM="xterm")
    shown = _run_in_pty(["audit", str(root)], env)
    assert "检查报告" in shown and "━" in shown and "市档案馆" in shown
    for extra_env, extra_args in (({"PRE_COMMIT": "1"}, []), ({}, ["--no-progress"])):
        quiet = _run_in_pty(["audit", str(root), *extra_args], {**env, **extra_env})
        assert "市档案馆" in quiet and "检查报告" not in quiet and "━" not in quiet
    piped = subprocess.run(
        [sys.executable, "-m", "lint", "audit", str(root)], capture_output=True, env=env, timeout=120
    )
    assert piped.returncode == 1 and b"\xe2\x94\x81" not in piped.stderr and "检查报告".encode() not in piped.stderr


# --- exports -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    paths = {k: out / f"审核结果.{k}" for k in ("csv", "xlsx", "json", "html")}
    result = invoke(["audit", str(root), *(x for k, p in paths.items() for x in (f"--{k}", str(p)))])
    assert result.exit_code == 1, result.output
    for p in paths.values():
        assert f"已写出 {p}" in result.stderr
    return paths


def _expected_rows(expected: dict[str, FileReport], root: Path) -> list[list[str]]:
    """The findings rows the exports must hold, built from `check` on each file (in audit order)."""
    rows = []
    unreadable = []
    for path in discover([root]):
        f = expected[str(path)]
        if f.errors:
            unreadable.append([f.path, "", "", "", "", LAB["unreadable"], "；".join(f.errors), "", "", ""])
            continue
        for d in f.diagnostics:
            rows.append(
                [
                    f.path,
                    d.location.line,
                    d.location.column,
                    d.code,
                    severity_label(d.severity, "zh"),
                    d.message,
                    d.args.get("stated", ""),
                    d.args.get("expected", ""),
                ]
            )
    return [[str(r[0]), "*", *map(str, r[1:]), "*"] for r in rows] + unreadable


def _matches(actual: list[str], want: list[str]) -> bool:
    return len(actual) == len(want) and all(w == "*" or a == w for a, w in zip(actual, want, strict=True))


def test_csv_export(exported: dict[str, Path], expected: dict[str, FileReport], root: Path) -> None:
    raw = exported["csv"].read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # Excel/WPS on Chinese Windows read it as UTF-8, not GBK
    with exported["csv"].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["文件", "单位", "行", "列", "规则", "级别", "问题描述", "填写值", "应为", "原文"]
    want = _expected_rows(expected, root)
    assert len(rows) - 1 == len(want)
    for actual, w in zip(rows[1:], want, strict=True):
        assert _matches(actual, w), (actual, w)
    # unit and sentence are filled for a known finding
    archives = next(r for r in rows if r[0].endswith("r02_city_archives_2022_overall.md") and r[4] == "RAT001")
    assert archives[1] == "市档案馆"
    assert archives[7] in archives[9] and archives[9].endswith("。")


def test_xlsx_export(exported: dict[str, Path], expected: dict[str, FileReport], root: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(exported["xlsx"])
    assert wb.sheetnames == ["汇总", "问题清单", "按规则统计"]
    summary, findings = wb["汇总"], wb["问题清单"]
    for ws in (summary, findings, wb["按规则统计"]):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
    header = [c.value for c in findings[1]]
    assert header == ["文件", "单位", "行", "列", "规则", "规则名称", "级别", "问题描述", "填写值", "应为", "原文"]
    want = _expected_rows(expected, root)
    got = []
    for row in findings.iter_rows(min_row=2, values_only=True):
        file, unit, line, col, code, _title, sev, msg, stated, exp, sentence = ("" if v is None else v for v in row)
        got.append([str(v) for v in (file, unit, line, col, code, sev, msg, stated, exp, sentence)])
    assert len(got) == len(want)
    for actual, w in zip(got, want, strict=True):
        assert _matches(actual, w), (actual, w)
    # line and column are numbers (sortable), text is never a formula
    first = next(findings.iter_rows(min_row=2, max_row=2))
    assert isinstance(first[2].value, int) and first[2].data_type == "n"
    assert all(c.data_type != "f" for row in findings.iter_rows(min_row=2) for c in row)
    # summary: one row per report, ranked (unreadable first, then errors descending)
    s_head = [c.value for c in summary[1]]
    assert s_head[:9] == ["文件", "单位", "年度", "自评得分", "等级", "错误", "警告", "提示", "覆盖率"]
    s_rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert len(s_rows) == len(expected)
    assert str(s_rows[0][11]).startswith("无法读取：")
    errors = [r[5] for r in s_rows[1:]]
    assert errors == sorted(errors, reverse=True)
    archives = next(r for r in s_rows if str(r[0]).endswith("r02_city_archives_2022_overall.md"))
    assert archives[1:5] == ("市档案馆", "2022", 88.6, "优")
    # widths fit CJK: the unit column is as wide as its widest name counted 2 per character
    # (the file stores XlsxWriter's width plus its ~0.71 character padding)
    unit_col = summary.column_dimensions["B"].width
    assert int(unit_col) == max(display_width(str(r[1] or "")) for r in s_rows) + 2


def test_json_export(exported: dict[str, Path], expected: dict[str, FileReport]) -> None:
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    assert data["schema"] == "jxlint-report/1"
    audit = data["audit"]
    assert len(audit["reports"]) == len(data["files"]) == len(expected)
    assert audit["unreadable"] == 1 and audit["reports"][0]["unreadable"]
    assert audit["baseline"] is None
    by_path = {r["path"]: r for r in audit["reports"]}
    for path, f in expected.items():
        row = by_path[path]
        assert (row["error"], row["warning"], row["info"]) == tuple(
            sum(1 for d in f.diagnostics if d.severity == s) for s in ("error", "warning", "info")
        )
    assert sum(r["count"] for r in audit["rules"]) == sum(len(f.diagnostics) for f in expected.values())


def test_neutralise_formulas() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("+86 10 1234") == "'+86 10 1234"
    assert neutralise("-5.20%") == "-5.20%" and neutralise("-1,234.5") == "-1,234.5"
    assert neutralise("预算执行率") == "预算执行率" and neutralise("") == ""


def test_xlsx_missing_is_a_usage_error(root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # import fails as if not installed
    result = invoke(["audit", str(root), "--xlsx", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "jxlint[xlsx]" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


# --- HTML (static checks; the browser test is in test_audit_browser.py) -------------------------------------

_REMOTE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import)""",
    re.I,
)


def test_html_has_no_remote_resources(exported: dict[str, Path]) -> None:
    page = exported["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not _REMOTE.search(page)
    # the report's own text mentions a URL: it is there as text only
    assert "https://example.invalid/track.png" in page


def test_html_escapes_report_text(exported: dict[str, Path]) -> None:
    page = exported["html"].read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1;&lt;/script&gt;" in page
    assert "<script>window.__pwned" not in page and "<img" not in page and "<b>测试" not in page
    assert page.count("<script>") == 1  # the page's own script only


def test_check_format_html(corpus: dict[str, Path]) -> None:
    path = corpus["sample-report.md"]
    result = CliRunner().invoke(cli, ["check", "--format", "html", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    page = result.stdout_bytes.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "青川县档案馆" in page
    assert page.count('<mark class="f ') == 2 and 'data-code="RAT001"' in page and 'data-code="SCR001"' in page
    assert not _REMOTE.search(page)


def test_overlapping_findings_stay_one_element_each() -> None:
    from lint.diagnostics import Diagnostic, Location, RunReport

    def diag(code: str, c0: int, c1: int) -> Diagnostic:
        return Diagnostic(
            code=code,
            name="x",
            severity="error",
            message=code,
            hint="",
            location=Location(line=1, column=c0),
            end_location=Location(line=1, column=c1),
            args={},
            fingerprint=code,
        )

    report = RunReport(
        files=[FileReport(path="a.txt", format="text", diagnostics=[diag("A", 1, 6), diag("B", 4, 9), diag("C", 2, 3)])]
    )
    page = render_html(report, {"a.txt": ["0123456789"]})
    body = re.search(r'<span class="t">(.*?)</span></div>', page, re.S)
    assert body is not None
    text = re.sub(r"<mark[^>]*data-code=\"(\w)\"[^>]*>", r"[\1", body.group(1)).replace("</mark>", "]")
    assert text == "[A0[C1]2[B34]]56789"  # B (columns 4-8) is clipped to nest inside A: well-formed, one element each


# --- baseline -------------------------------------------------------------------------------------------------


def test_baseline_hides_known_findings(tmp_path: Path, corpus: dict[str, Path]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for name in ("r02_city_archives_2022_overall.md", "r06_county_culture_center_2024_overall.txt"):
        (work / name).write_bytes(corpus[name].read_bytes())
    base = tmp_path / "base.json"
    first = invoke(["audit", str(work), "--json", str(base)])
    assert first.exit_code == 1
    known = sum(len(f["diagnostics"]) for f in json.loads(base.read_text(encoding="utf-8"))["files"])
    assert known > 0
    # a new mistake, and lines inserted above the old ones (fingerprints do not use line numbers)
    target = work / "r06_county_culture_center_2024_overall.txt"
    text = target.read_text(encoding="utf-8")
    new_line = "档案征集工作经费预算批复64万元，决算支出59万元，控制率为96.88%。"
    target.write_text("补充说明。\n\n" + new_line + "\n\n" + text, encoding="utf-8")
    out = tmp_path / "new.json"
    second = invoke(["audit", str(work), "--baseline", str(base), "--json", str(out)])
    assert second.exit_code == 1
    assert f"基线 {base} 中已有的 {known} 个问题未显示" in second.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    shown = [(f["path"], d["code"], d["location"]["line"]) for f in data["files"] for d in f["diagnostics"]]
    assert shown == [(str(target), "RAT001", 3)]
    assert data["audit"]["baseline"] == {"path": str(base), "hidden": known}
    # the same with `check`
    checked = invoke(["check", "--baseline", str(base), str(target)])
    assert checked.exit_code == 1 and checked.stdout.count("RAT001") == 1 and ":3:" in checked.stdout
    # a bad baseline is a usage error
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert invoke(["audit", str(work), "--baseline", str(tmp_path / "bad.json")]).exit_code == 2


def test_injection_report_row(exported: dict[str, Path]) -> None:
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    row = next(r for r in data["audit"]["reports"] if r["path"].endswith(INJECTION_NAME))
    assert row["unit"] == "<b>测试</b>单位" and row["error"] == 1


def test_each_report_gets_its_own_configuration(tmp_path: Path, corpus: dict[str, Path]) -> None:
    sample = corpus["sample-report.md"].read_text(encoding="utf-8")
    for sub in ("严格", "宽松"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "sample-report.md").write_text(sample, encoding="utf-8")
    (tmp_path / "宽松" / ".jxlint.yaml").write_text("ignore: [RAT001]\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert invoke(["audit", str(tmp_path), "--json", str(out)]).exit_code == 1
    codes = {
        Path(f["path"]).parent.name: [d["code"] for d in f["diagnostics"]] for f in json.loads(out.read_text())["files"]
    }
    assert codes == {"严格": ["RAT001", "SCR001"], "宽松": ["SCR001"]}
    # --config: one configuration for every report
    forced = tmp_path / "all.yaml"
    forced.write_text("ignore: [SCR001]\n", encoding="utf-8")
    assert invoke(["audit", str(tmp_path), "--config", str(forced), "--json", str(out)]).exit_code == 1
    codes = {
        Path(f["path"]).parent.name: [d["code"] for d in f["diagnostics"]] for f in json.loads(out.read_text())["files"]
    }
    assert codes == {"严格": ["RAT001"], "宽松": ["RAT001"]}
