"""Suppression: inline directives, waivers in the configuration, `--add-waivers`, and the LNT findings
that keep them honest."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from clirun import HEADER, invoke, json_report, write

from lint.api import check_text

WRONG_A = "档案征集工作经费预算批复64万元，决算支出59万元，控制率为96.88%。"
WRONG_B = "会议费预算安排12.00万元，实际支出9.00万元，控制率为80.00%。"
RIGHT = "公务接待费预算安排8.00万元，实际支出6.00万元，控制率为75.00%。"
REASON = "含年中追加资金，已与财务科核实"


def shown(text: str, fmt: str = "markdown") -> list[tuple[str, int]]:
    return [(d.code, d.location.line) for d in check_text(text, fmt=fmt).diagnostics]


def hidden(text: str) -> list[tuple[str, int, str]]:
    return [(d.code, d.location.line, d.suppression.reason) for d in check_text(text, fmt="markdown").suppressed]


# --- inline directives ----------------------------------------------------------------------------------


def test_without_directives_both_findings_show() -> None:
    assert shown(f"{WRONG_A}\n{WRONG_B}\n") == [("RAT001", 1), ("RAT001", 2)]


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_disable_next_line(fmt: str) -> None:
    text = f"<!-- jxlint: disable-next-line RAT001 -- {REASON} -->\n{WRONG_A}\n{WRONG_B}\n"
    assert shown(text, fmt) == [("RAT001", 3)]
    report = check_text(text, fmt=fmt)
    [s] = report.suppressed
    assert (s.code, s.location.line, s.suppression.kind, s.suppression.reason) == ("RAT001", 2, "directive", REASON)
    assert s.suppression.source == "<text>:1"


def test_disable_next_line_skips_blank_lines_and_accepts_names_and_families() -> None:
    for codes in ("RAT001", "rate-mismatch", "RAT", "RAT, RAT001", "RAT001 rate-mismatch"):
        text = f"<!-- jxlint: disable-next-line {codes} -- {REASON} -->\n\n{WRONG_A}\n"
        assert shown(text) == [], codes
        assert hidden(text) == [("RAT001", 3, REASON)], codes
    # of two codes, the one that silenced nothing is reported
    [d] = check_text(f"<!-- jxlint: disable-next-line SUM001, RAT001 -- {REASON} -->\n{WRONG_A}\n").diagnostics
    assert (d.code, d.location.line, d.args["codes"]) == ("LNT001", 1, "SUM001")


def test_disable_line_on_the_same_line() -> None:
    text = f"{WRONG_A}<!-- jxlint: disable-line RAT001 -- {REASON} -->\n{WRONG_B}\n"
    assert shown(text) == [("RAT001", 2)]
    assert hidden(text) == [("RAT001", 1, REASON)]


def test_disable_enable_range() -> None:
    text = (
        f"{WRONG_B}\n<!-- jxlint: disable RAT001 -- 附表口径不同 -->\n{WRONG_A}\n\n{WRONG_B}\n"
        f"<!-- jxlint: enable RAT001 -->\n{WRONG_A}\n"
    )
    assert shown(text) == [("RAT001", 1), ("RAT001", 7)]
    assert hidden(text) == [("RAT001", 3, "附表口径不同"), ("RAT001", 5, "附表口径不同")]


def test_disable_without_enable_runs_to_the_end() -> None:
    text = f"{WRONG_B}\n<!-- jxlint: disable RAT -- 附表口径不同 -->\n{WRONG_A}\n\n{WRONG_B}\n"
    assert shown(text) == [("RAT001", 1)]


def test_disable_file() -> None:
    text = f"{WRONG_A}\n\n{WRONG_B}\n<!-- jxlint: disable-file RAT001 -- 本报告按旧口径编制 -->\n"
    assert shown(text) == []
    assert [h[:2] for h in hidden(text)] == [("RAT001", 1), ("RAT001", 3)]


def test_directive_for_another_rule_does_not_silence() -> None:
    text = f"<!-- jxlint: disable-next-line SUM001 -- {REASON} -->\n{WRONG_A}\n"
    assert shown(text) == [("LNT001", 1), ("RAT001", 2)]


def test_ordinary_comments_are_not_directives() -> None:
    assert shown(f"<!-- 作者：张三 -->\n{WRONG_A}\n") == [("RAT001", 2)]


# --- LNT findings about directives -----------------------------------------------------------------------


def test_unused_directive_is_LNT001_at_the_comment() -> None:
    text = f"{RIGHT}\n<!-- jxlint: disable-next-line RAT001 -- {REASON} -->\n{RIGHT}\n"
    [d] = check_text(text, fmt="markdown").diagnostics
    assert (d.code, d.severity, d.location.line, d.location.column) == ("LNT001", "warning", 2, 1)
    assert d.end_location.column == len(text.split("\n")[1]) + 1
    assert "RAT001" in d.message


def test_directive_for_a_rule_switched_off_is_not_unused() -> None:
    from lint.engine import Options

    text = f"<!-- jxlint: disable-next-line RAT001 -- {REASON} -->\n{RIGHT}\n"
    assert [d.code for d in check_text(text, Options(ignore={"RAT001"}), fmt="markdown").diagnostics] == []
    assert [d.code for d in check_text(text, Options(ignore={"LNT001"}), fmt="markdown").diagnostics] == []


def test_missing_reason_is_LNT004_and_silences_nothing() -> None:
    for directive in ("disable-next-line RAT001", "disable-next-line RAT001 --", "disable-next-line RAT001 --   "):
        text = f"<!-- jxlint: {directive} -->\n{WRONG_A}\n"
        assert shown(text) == [("LNT004", 1), ("RAT001", 2)], directive


def test_unknown_code_is_LNT003_and_known_codes_still_work() -> None:
    text = f"<!-- jxlint: disable-next-line RAT999, RAT001 -- {REASON} -->\n{WRONG_A}\n"
    assert shown(text) == [("LNT003", 1)]
    [d] = check_text(text, fmt="markdown").diagnostics
    assert d.args["token"] == "RAT999"
    assert shown(f"<!-- jxlint: disable-next-line -- {REASON} -->\n{WRONG_A}\n") == [("LNT003", 1), ("RAT001", 2)]


def test_until_on_a_directive() -> None:
    future = (date.today() + timedelta(days=1)).isoformat()
    past = (date.today() - timedelta(days=1)).isoformat()
    today = date.today().isoformat()
    for day, expected in ((future, []), (today, []), (past, [("LNT002", 1), ("RAT001", 2)])):
        text = f"<!-- jxlint: disable-next-line RAT001 until={day} -- {REASON} -->\n{WRONG_A}\n"
        assert shown(text) == expected, day


def test_suppressed_findings_in_json_and_summary(tmp_path: Path) -> None:
    path = write(tmp_path / "r.md", f"<!-- jxlint: disable-next-line RAT001 -- {REASON} -->\n{WRONG_A}\n{WRONG_B}\n")
    result = invoke(["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [f] = data["files"]
    assert list(f) == [
        "path",
        "format",
        "diagnostics",
        "claims_total",
        "claims_checked",
        "claims_unattributed",
        "errors",
        "suppressed",
    ]
    assert [d["location"]["line"] for d in f["diagnostics"]] == [3]
    [s] = f["suppressed"]
    assert s["location"]["line"] == 2 and s["code"] == "RAT001"
    assert s["suppression"] == {
        "kind": "directive",
        "reason": REASON,
        "source": f"{path}:1",
        "reviewer": None,
        "until": None,
    }
    assert data["summary"]["error"] == 1
    only = write(tmp_path / "only.md", f"<!-- jxlint: disable-next-line RAT001 -- {REASON} -->\n{WRONG_A}\n")
    assert invoke(["check", str(only)]).exit_code == 0


# --- waivers ------------------------------------------------------------------------------------------------


def _fingerprints(path: Path) -> list[tuple[int, str]]:
    [f] = json_report([str(path)])["files"]
    return [(d["location"]["line"], d["fingerprint"]) for d in f["diagnostics"]]


def _waiver(path: str, fingerprint: str, **extra: str) -> str:
    lines = [f"  - path: {path}", "    code: RAT001", f"    fingerprint: '{fingerprint}'", "    reason: 已核实"]
    lines += [f"    {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def test_waiver_silences_exactly_its_finding_and_survives_an_inserted_paragraph(tmp_path: Path) -> None:
    body = f"{WRONG_A}\n\n二、绩效目标完成情况\n{WRONG_B}\n"
    path = write(tmp_path / "reports" / "报告.txt", HEADER + body)
    [(line_a, fp_a), (line_b, fp_b)] = _fingerprints(path)
    assert (line_a, line_b) == (4, 7) and fp_a != fp_b
    write(tmp_path / ".jxlint.yaml", "fail_on: error\nwaivers:\n" + _waiver("reports/报告.txt", fp_b))

    [f] = json_report([str(path)])["files"]
    assert [(d["code"], d["location"]["line"]) for d in f["diagnostics"]] == [("RAT001", 4)]
    [s] = f["suppressed"]
    assert (s["location"]["line"], s["fingerprint"]) == (7, fp_b)
    assert s["suppression"]["kind"] == "waiver" and s["suppression"]["reason"] == "已核实"
    assert s["suppression"]["source"].endswith(".jxlint.yaml:3")

    # a paragraph inserted above moves the waived finding down two lines; the waiver still matches it
    write(path, HEADER + "本单位坚持厉行节约。\n\n" + body)
    [f] = json_report([str(path)])["files"]
    assert [(d["code"], d["location"]["line"]) for d in f["diagnostics"]] == [("RAT001", 6)]
    assert [(s["location"]["line"], s["fingerprint"]) for s in f["suppressed"]] == [(9, fp_b)]


def test_waiver_for_another_file_does_not_apply(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", WRONG_A + "\n")
    b = write(tmp_path / "sub" / "a.txt", WRONG_A + "\n")
    [(_, fp)] = _fingerprints(a)
    write(tmp_path / ".jxlint.yaml", "waivers:\n" + _waiver("a.txt", fp))
    files = json_report([str(a), str(b)])["files"]
    assert [len(f["diagnostics"]) for f in files] == [0, 1]
    assert [len(f["suppressed"]) for f in files] == [1, 0]


def test_unused_and_expired_waivers(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", f"{WRONG_A}\n{WRONG_B}\n")
    [(_, fp_a), (_, fp_b)] = _fingerprints(path)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    write(
        tmp_path / ".jxlint.yaml",
        "waivers:\n"
        + _waiver("r.txt", fp_a, until=yesterday, reviewer="张三")
        + _waiver("r.txt", "0000000000000000")
        + _waiver("r.txt", fp_b, until="2999-12-31"),
    )
    [f] = json_report([str(path)])["files"]
    got = [(d["code"], d["location"]["line"], d["location"]["column"]) for d in f["diagnostics"]]
    # the expired waiver stands at the finding it no longer silences; the unused one at the top of the file
    assert got == [("LNT001", 1, 1), ("LNT002", 1, 31), ("RAT001", 1, 31)]
    lnt001, lnt002 = f["diagnostics"][0], f["diagnostics"][1]
    assert ".jxlint.yaml:" in lnt001["message"] and "0000000000000000" in lnt001["message"]
    assert yesterday in lnt002["message"]
    assert [s["location"]["line"] for s in f["suppressed"]] == [2]
    assert f["suppressed"][0]["suppression"]["until"] == "2999-12-31"


def test_waivers_in_pyproject(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", f"{WRONG_A}\n")
    [(_, fp)] = _fingerprints(path)
    write(
        tmp_path / "pyproject.toml",
        f'[tool.jxlint]\nfail_on = "error"\n\n[[tool.jxlint.waivers]]\npath = "r.txt"\ncode = "RAT001"\n'
        f'fingerprint = "{fp}"\nreason = "已核实"\nuntil = 2999-01-01\n',
    )
    assert invoke(["check", str(path)]).exit_code == 0


# --- --add-waivers ------------------------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_add_waivers_creates_a_config_beside_the_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "reports" / "2023" / "报告.txt", f"{HEADER}{WRONG_A}\n{WRONG_B}\n")
    before = _digest(path)
    assert invoke(["check", str(path)]).exit_code == 1
    result = invoke(["check", "--add-waivers", "--reason", "年中追加，已核实", str(path)])
    assert result.exit_code == 0
    assert result.stdout == ""
    config = tmp_path / "reports" / "2023" / ".jxlint.yaml"
    assert result.stderr == f"已在 {Path('reports/2023/.jxlint.yaml')} 中追加 2 条豁免\n"
    assert _digest(path) == before  # the report itself is never touched
    waivers = yaml.safe_load(config.read_text(encoding="utf-8"))["waivers"]
    assert [(w["path"], w["code"], w["reason"]) for w in waivers] == [("报告.txt", "RAT001", "年中追加，已核实")] * 2
    assert "# 报告.txt:4:31 RAT001 " in config.read_text(encoding="utf-8")
    again = invoke(["check", "--format", "json", str(path)])
    assert again.exit_code == 0
    [f] = json.loads(again.stdout)["files"]
    assert f["diagnostics"] == [] and len(f["suppressed"]) == 2


def test_add_waivers_appends_to_the_nearest_config(tmp_path: Path) -> None:
    original = "# 本仓库的检查设置\nfail_on: error  # 只有错误才失败\n"
    config = write(tmp_path / ".jxlint.yaml", original)
    path = write(tmp_path / "a" / "r.txt", f"{WRONG_A}\n")
    assert invoke(["check", "--add-waivers", str(path)]).exit_code == 0
    text = config.read_text(encoding="utf-8")
    assert text.startswith(original)  # comments and layout kept
    [w] = yaml.safe_load(text)["waivers"]
    assert w["path"] == "a/r.txt" and w["reason"].startswith("待说明（")
    write(path, f"{WRONG_A}\n{WRONG_B}\n")
    assert invoke(["check", "--add-waivers", "--reason", "第二次", str(path)]).exit_code == 0
    waivers = yaml.safe_load(config.read_text(encoding="utf-8"))["waivers"]
    assert [w["reason"] for w in waivers][1:] == ["第二次"]
    assert invoke(["check", str(path)]).exit_code == 0
    assert not (tmp_path / "a" / ".jxlint.yaml").exists()


def test_add_waivers_into_pyproject(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[project]\nname = "reports"\n\n[tool.jxlint]\nfail_on = "error"\n')
    path = write(tmp_path / "r.txt", f"{WRONG_A}\n")
    assert invoke(["check", "--add-waivers", "--reason", "已核实", str(path)]).exit_code == 0
    assert pyproject.read_text(encoding="utf-8").count("[[tool.jxlint.waivers]]") == 1
    assert invoke(["check", str(path)]).exit_code == 0


def test_reason_needs_add_waivers(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", f"{WRONG_A}\n")
    result = invoke(["check", "--reason", "x", str(path)])
    assert result.exit_code == 2
    assert "--add-waivers" in result.stderr


def test_waiver_path_spellings_and_rules_switched_off(tmp_path: Path) -> None:
    path = write(tmp_path / "sub" / "r.txt", f"{WRONG_A}\n")
    [(_, fp)] = _fingerprints(path)
    write(tmp_path / ".jxlint.yaml", "waivers:\n" + _waiver("./sub/r.txt", fp))
    assert invoke(["check", str(path)]).exit_code == 0
    write(tmp_path / ".jxlint.yaml", "waivers:\n" + _waiver("sub/../sub/r.txt", fp))
    assert invoke(["check", str(path)]).exit_code == 0
    # with RAT001 not selected, its waiver silenced nothing, but could not have: no LNT001
    write(path, f"{RIGHT}\n")
    assert [d["code"] for d in json_report(["--fail-on", "info", str(path)])["files"][0]["diagnostics"]] == ["LNT001"]
    assert json_report(["--select", "SUM,LNT", str(path)])["files"][0]["diagnostics"] == []
