"""The command line: exit codes, concise/JSON output, languages, selection, and clean input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from clirun import run_module

from lint.cli import cli
from lint.rules.loader import load_registry

HEADER = "关于2023年度部门整体支出绩效自评报告\n\n一、基本情况\n"
CONSISTENT = HEADER + "2023年“三公”经费预算安排48.70万元，实际支出20.95万元，“三公”经费控制率为43.02%。\n"
WRONG_LINE = "档案征集工作经费预算批复64万元，决算支出59万元，控制率为96.88%。"
WRONG = HEADER + WRONG_LINE + "\n二、结论\n本单位将继续加强预算管理。\n"
WRONG_COL = WRONG_LINE.index("96.88%") + 1


def _failing_example(code: str) -> str:
    """The rule's own failing example (test_rule_examples guarantees it yields exactly that code)."""
    rule = load_registry().get(code)
    [text] = [e.text for e in rule.spec.examples if [(x.code, x.line) for x in e.expect] == [(code, 1)]][:1]
    return text


# the rate fits only the budget the text did not name (CON002, a warning)
OTHER_BASE = _failing_example("CON002")
# warning only: 92% fails only when 3万元 is read at the report's usual precision (3.00万元)
WARNING = (
    "本单位年初预算为540.20万元，实际支出503.11万元。\n公务用车运行维护费预算为3万元，实际支出2.69万元，控制率为92%。\n"
)
# info only: a 元/万元 slip (UNT001)
UNIT_SLIP = _failing_example("UNT001")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


# --- exit codes through a real process ------------------------------------------------------------------


def test_consistent_report_exits_0_silently(tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = write(tmp_path, "ok.txt", CONSISTENT)
    proc = run_module(["check", path.name], cli_env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == ""


def test_wrong_rate_exits_1_with_concise_line(tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = write(tmp_path, "bad.txt", WRONG)
    proc = run_module(["check", path.name], cli_env, tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    assert WRONG_COL == 31
    assert lines[0].startswith(f"bad.txt:4:{WRONG_COL}: RAT001 ")
    assert "96.88%" in lines[0] and "92.19%" in lines[0]
    assert proc.stderr == ""


def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 8 + b"\x00" * 100)
    return path


BAD_INPUTS = {
    "missing": lambda d: d / "nope.txt",
    "empty": lambda d: write(d, "empty.txt", ""),
    "whitespace": lambda d: write(d, "blank.md", " \n\n\t\n"),
    "binary": _garbage,
    "doc": lambda d: write(d, "report.doc", CONSISTENT),
    "directory": lambda d: (d / "folder.txt").mkdir() or d / "folder.txt",
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line(tmp_path: Path, cli_env: dict[str, str], kind: str) -> None:
    path = BAD_INPUTS[kind](tmp_path)
    proc = run_module(["check", str(path)], cli_env, tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1, proc.stderr
    assert err[0].startswith("jxlint:")
    assert path.name in err[0]
    assert proc.stdout == ""


def test_bad_input_does_not_hide_findings_in_other_files(tmp_path: Path, cli_env: dict[str, str]) -> None:
    bad = write(tmp_path, "bad.txt", WRONG)
    proc = run_module(["check", "bad.txt", "nope.txt"], cli_env, tmp_path)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[0].startswith(f"{bad.name}:4:{WRONG_COL}: RAT001 ")
    assert proc.stderr.strip().startswith("jxlint:") and "nope.txt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_undecodable_with_explicit_encoding_exits_2(tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(WRONG.encode("gbk"))
    proc = run_module(["check", "--encoding", "utf-8", path.name], cli_env, tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("jxlint:") and "Traceback" not in proc.stderr
    ok = run_module(["check", "--encoding", "gbk", path.name], cli_env, tmp_path)
    assert ok.returncode == 1
    assert ok.stdout.startswith(f"gbk.txt:4:{WRONG_COL}: RAT001 ")


def test_usage_error_exits_2(tmp_path: Path, cli_env: dict[str, str]) -> None:
    proc = run_module(["check"], cli_env, tmp_path)
    assert proc.returncode == 2
    proc = run_module(["check", "--fail-on", "never", "x.txt"], cli_env, tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


# --- output formats (in process) ------------------------------------------------------------------------


def test_json_report(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", WRONG)
    result = invoke(["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == "jxlint-report/1"
    assert data["tool"]["name"] == "jxlint"
    assert data["tool"]["version"]
    assert list(data) == ["schema", "tool", "files", "summary"]
    [file] = data["files"]
    assert file["path"] == str(path)
    assert file["format"] == "text"
    assert file["errors"] == []
    assert file["claims_total"] >= 3 and file["claims_checked"] >= 3
    [diag] = file["diagnostics"]
    for key in ("code", "name", "severity", "message", "hint", "location", "end_location", "args", "fingerprint"):
        assert key in diag, key
    assert diag["code"] == "RAT001"
    assert diag["name"] == "rate-mismatch"
    assert diag["severity"] == "error"
    assert diag["args"]["stated"] == "96.88%"
    assert diag["args"]["expected"] == "92.19%"
    assert diag["location"] == {"line": 4, "column": WRONG_COL}
    assert diag["end_location"] == {"line": 4, "column": WRONG_COL + len("96.88%")}
    line = WRONG.split("\n")[3]
    assert line[diag["location"]["column"] - 1 : diag["end_location"]["column"] - 1] == "96.88%"
    assert "96.88%" in diag["message"] and "92.19%" in diag["message"]
    assert isinstance(diag["fingerprint"], str) and len(diag["fingerprint"]) >= 8
    related_lines = {r["location"]["line"] for r in diag.get("related", [])}
    assert related_lines <= {4}
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in data["files"]:
        for d in f["diagnostics"]:
            counts[d["severity"]] += 1
    assert data["summary"] == {"files": 1, **counts}
    assert data["summary"]["error"] == 1


def test_json_report_clean_and_multiple_files(tmp_path: Path) -> None:
    ok = write(tmp_path, "ok.txt", CONSISTENT)
    bad = write(tmp_path, "bad.txt", WRONG)
    slip = write(tmp_path, "slip.txt", UNIT_SLIP)
    result = invoke(["check", "--format", "json", str(ok), str(bad), str(slip)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["path"] for f in data["files"]] == [str(ok), str(bad), str(slip)]
    assert data["files"][0]["diagnostics"] == []
    assert data["summary"] == {"files": 3, "error": 1, "warning": 0, "info": 1}


def test_fingerprint_ignores_line_number(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", WRONG)
    b = write(tmp_path, "b.txt", "前言。\n\n" + WRONG)
    fa = json.loads(invoke(["check", "--format", "json", str(a)]).stdout)["files"][0]["diagnostics"][0]
    fb = json.loads(invoke(["check", "--format", "json", str(b)]).stdout)["files"][0]["diagnostics"][0]
    assert fb["location"]["line"] == fa["location"]["line"] + 2
    assert fa["fingerprint"] == fb["fingerprint"]


def test_lang_en(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", WRONG)
    result = invoke(["check", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:4:{WRONG_COL}: RAT001 rate stated as 96.88%; 59万元 ÷ 64万元 × 100% gives 92.19%\n"
    )
    zh = invoke(["check", str(path)])
    assert zh.stdout.startswith(f"{path}:4:{WRONG_COL}: RAT001 比率写为 96.88%")
    data = json.loads(invoke(["check", "--lang", "en", "--format", "json", str(path)]).stdout)
    diag = data["files"][0]["diagnostics"][0]
    assert diag["message"].startswith("rate stated as 96.88%")
    assert diag["hint"] == "check the rate, or whether the actual or budget amount is mistyped"


def test_full_format_shows_source_and_caret(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", WRONG)
    result = invoke(["check", "--format", "full", str(path)])
    assert result.exit_code == 1
    out = result.stdout
    assert f"{path}:4:{WRONG_COL}: 错误 RAT001 [rate-mismatch]" in out
    assert "96.88%" in out
    assert "^^^^^^" in out
    assert "共 1 个文件：1 个错误，0 个警告，0 个提示" in out


# --- --fail-on, --select, --ignore ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        (WARNING, "error", 0),
        (WARNING, "warning", 1),
        (WARNING, "info", 1),
        (UNIT_SLIP, "error", 0),
        (UNIT_SLIP, "warning", 0),
        (UNIT_SLIP, "info", 1),
        (WRONG, "error", 1),
        (WRONG, "warning", 1),
        (CONSISTENT, "info", 0),
    ],
    ids=[
        "warning@error",
        "warning@warning",
        "warning@info",
        "info@error",
        "info@warning",
        "info@info",
        "error@error",
        "error@warning",
        "clean@info",
    ],
)
def test_fail_on(tmp_path: Path, text: str, fail_on: str, code: int) -> None:
    path = write(tmp_path, "r.txt", text)
    result = invoke(["check", "--fail-on", fail_on, str(path)])
    assert result.exit_code == code, result.output


def test_warning_is_reported_even_when_exit_is_0(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", WARNING)
    column = WARNING.split("\n")[1].index("92%") + 1
    result = invoke(["check", str(path)])
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{path}:2:{column}: RAT001 ")
    data = json.loads(invoke(["check", "--format", "json", str(path)]).stdout)
    [diag] = data["files"][0]["diagnostics"]
    assert diag["severity"] == "warning"
    assert diag["location"] == {"line": 2, "column": column}
    assert diag["end_location"] == {"line": 2, "column": column + len("92%")}
    assert diag["args"]["stated"] == "92%"
    assert diag["args"]["expected"] == "89.67%"
    assert data["summary"] == {"files": 1, "error": 0, "warning": 1, "info": 0}


def test_rate_contradicting_its_named_base_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", OTHER_BASE)
    result = invoke(["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [diag] = data["files"][0]["diagnostics"]
    assert diag["code"] == "CON002"
    assert diag["severity"] == "error"
    stated = diag["args"]["stated"]
    column = diag["location"]["column"]
    assert OTHER_BASE.split("\n")[0][column - 1 : diag["end_location"]["column"] - 1] == stated
    for key in ("declared", "fits", "fits_label", "expected"):
        assert diag["args"].get(key), key
    assert diag["args"]["declared"] in OTHER_BASE and diag["args"]["fits"] in OTHER_BASE
    assert diag["args"]["declared"] != diag["args"]["fits"]
    assert invoke(["check", "--ignore", "CON002", str(path)]).exit_code == 0


def test_rate_fitting_only_an_unnamed_other_base_is_a_warning(tmp_path: Path) -> None:
    text = "本单位年度调整后预算为615.80万元。\n\n年初预算为540.20万元，实际支出615.80万元，预算执行率为100%。\n"
    path = write(tmp_path, "r.txt", text)
    data = json.loads(invoke(["check", "--format", "json", str(path)]).stdout)
    [diag] = data["files"][0]["diagnostics"]
    assert (diag["code"], diag["severity"], diag["location"]["line"]) == ("CON002", "warning", 3)
    assert diag["args"]["declared"] == "540.20万元" and diag["args"]["fits"] == "615.80万元"
    assert invoke(["check", str(path)]).exit_code == 0
    assert invoke(["check", "--fail-on", "warning", str(path)]).exit_code == 1


def test_rate_against_budget_in_previous_sentence(tmp_path: Path) -> None:
    text = (
        "年初预算为540.20万元，年中追加75.60万元，调整后预算为615.80万元。实际支出615.80万元，完成调整后预算的80%。\n"
    )
    path = write(tmp_path, "r.txt", text)
    result = invoke(["check", str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:1:{text.index('80%') + 1}: RAT001 比率写为 80%，按 615.80万元 ÷ 615.80万元 × 100% 计算应为 100.00%\n"
    )


def test_fail_on_via_subprocess(tmp_path: Path, cli_env: dict[str, str]) -> None:
    write(tmp_path, "r.txt", WARNING)
    assert run_module(["check", "r.txt"], cli_env, tmp_path).returncode == 0
    assert run_module(["check", "--fail-on", "warning", "r.txt"], cli_env, tmp_path).returncode == 1


@pytest.mark.parametrize(
    ("args", "code", "lines"),
    [
        ([], 1, 1),
        (["--select", "RAT"], 1, 1),
        (["--select", "RAT001"], 1, 1),
        (["--select", "SUM,YOY"], 0, 0),
        (["--ignore", "RAT001"], 0, 0),
        (["--ignore", "RAT"], 0, 0),
        (["--ignore", "SUM"], 1, 1),
        (["--select", "RAT", "--ignore", "RAT001"], 0, 0),
        (["--select", "SUM, RAT001 "], 1, 1),
    ],
    ids=[
        "none",
        "select-family",
        "select-code",
        "select-other",
        "ignore-code",
        "ignore-family",
        "ignore-other",
        "select-and-ignore",
        "list-with-spaces",
    ],
)
def test_select_and_ignore(tmp_path: Path, args: list[str], code: int, lines: int) -> None:
    path = write(tmp_path, "bad.txt", WRONG)
    result = invoke(["check", *args, str(path)])
    assert result.exit_code == code
    assert len(result.stdout.splitlines()) == lines


def test_ignore_derived_code(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", UNIT_SLIP)
    assert invoke(["check", "--fail-on", "info", str(path)]).exit_code == 1
    assert invoke(["check", "--fail-on", "info", "--ignore", "UNT001", str(path)]).exit_code == 0
    assert invoke(["check", "--fail-on", "info", "--select", "UNT", str(path)]).exit_code == 1
    assert invoke(["check", "--fail-on", "info", "--select", "RAT", str(path)]).exit_code == 0


# --- rules, explain, claims -------------------------------------------------------------------------------


def test_rules_lists_every_code() -> None:
    registry = load_registry()
    result = invoke(["rules"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert sorted(listed) == sorted(registry.rules)
    data = json.loads(invoke(["rules", "--format", "json"]).stdout)
    assert sorted(r["code"] for r in data) == sorted(registry.rules)
    row = next(r for r in data if r["code"] == "RAT001")
    assert row == {
        "code": "RAT001",
        "name": "rate-mismatch",
        "severity": "error",
        "kind": "formula",
        "title": registry.get("RAT001").spec.title,
    }


def test_explain_shows_page_with_examples_and_real_output() -> None:
    from lint.api import check_text

    rule = load_registry().get("RAT001")
    result = invoke(["explain", "RAT001"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# RAT001 rate-mismatch")
    assert f"`{rule.spec.formula}`" in out
    assert rule.spec.title in out
    failing = [e for e in rule.spec.examples if e.expect]
    passing = [e for e in rule.spec.examples if not e.expect]
    assert failing and passing
    for example in rule.spec.examples:
        assert example.text.rstrip() in out
    for example in failing:
        diags = [d for d in check_text(example.text).diagnostics if d.code == "RAT001"]
        assert diags, example.title
        for d in diags:
            line = f"example.txt:{d.location.line}:{d.location.column}: RAT001 {d.message}"
            assert line in out
            assert d.args["stated"] in line and d.args["expected"] in line
    assert out.count("输出：无问题。") == len(passing)
    assert invoke(["explain", "rat001"]).stdout == out


def test_explain_every_rule() -> None:
    registry = load_registry()
    for code, rule in registry.rules.items():
        result = invoke(["explain", code])
        assert result.exit_code == 0, code
        assert result.stdout.startswith(f"# {code} {rule.spec.name}")
        for example in rule.spec.examples:
            assert example.text.rstrip() in result.stdout


def test_explain_unknown_code_exits_2(tmp_path: Path, cli_env: dict[str, str]) -> None:
    result = invoke(["explain", "NOPE"])
    assert result.exit_code == 2
    assert result.stderr.startswith("jxlint:")
    assert "NOPE" in result.stderr
    proc = run_module(["explain", "NOPE"], cli_env, tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("jxlint:") and "Traceback" not in proc.stderr


def test_claims_json(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", WRONG)
    result = invoke(["claims", str(path), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["path"] == str(path)
    claims = data["claims"]
    assert all({"line", "column", "kind", "value"} <= set(c) for c in claims)
    got = [(c["line"], c["column"], c["value"], c["kind"]) for c in claims]
    assert got == [
        (4, WRONG_LINE.index("64万元") + 1, "64万元", "amount"),
        (4, WRONG_LINE.index("59万元") + 1, "59万元", "amount"),
        (4, WRONG_COL, "96.88%", "rate"),
    ]
    rate = claims[2]
    assert rate["metric"] == "rate.control"
    assert [c.get("basis") for c in claims[:2]] == ["budget", "actual"]


def test_claims_table_and_bad_input(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", WRONG)
    result = invoke(["claims", str(path)])
    assert result.exit_code == 0
    assert "96.88%" in result.stdout and "rate" in result.stdout
    missing = invoke(["claims", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("jxlint:")


def test_version() -> None:
    from lint import __version__

    result = invoke(["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout
