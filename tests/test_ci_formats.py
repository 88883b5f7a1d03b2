"""CI formats: SARIF (validated against the official schema), GitHub workflow commands, JUnit XML,
and `--output-file`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from click.testing import CliRunner

from lint.cli import cli
from lint.formatters import FORMATTERS
from lint.formatters.github import escape_data, escape_property
from lint.rules.loader import load_registry

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"

HEADER = "关于2023年度部门整体支出绩效自评报告\n\n一、基本情况\n"
WRONG_LINE = "档案征集工作经费预算批复64万元，决算支出59万元，控制率为96.88%。"
WRONG = HEADER + WRONG_LINE + "\n"
CONSISTENT = HEADER + "2023年“三公”经费预算安排48.70万元，实际支出20.95万元，“三公”经费控制率为43.02%。\n"
# warning only: 92% fails only when 3万元 is read at the report's usual precision (3.00万元)
WARNING = (
    "本单位年初预算为540.20万元，实际支出503.11万元。\n公务用车运行维护费预算为3万元，实际支出2.69万元，控制率为92%。\n"
)
SUPPRESSED = (
    HEADER + "<!-- jxlint: disable-next-line RAT001 -- 含年中追加资金，已与财务科核实 -->\n" + WRONG_LINE + "\n"
)


def invoke(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Relative paths (the way CI passes them), one Chinese file name, one unreadable file."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "reports/ok.txt", CONSISTENT)
    write(tmp_path, "reports/部门 自评报告.md", WRONG)
    write(tmp_path, "reports/warn.txt", WARNING)
    write(tmp_path, "reports/suppressed.md", SUPPRESSED)
    return [
        "reports/ok.txt",
        "reports/部门 自评报告.md",
        "reports/warn.txt",
        "reports/suppressed.md",
        "reports/nope.txt",
    ]


def test_every_check_format_is_registered() -> None:
    assert list(FORMATTERS) >= ["concise", "full", "json"]
    assert {"sarif", "github", "junit"} <= set(FORMATTERS)
    help_text = invoke(["check", "--help"]).stdout
    for name in FORMATTERS:
        assert name in help_text


# --- SARIF ----------------------------------------------------------------------------------------------


def _sarif_and_json(paths: list[str]) -> tuple[dict, dict, int]:  # type: ignore[type-arg]
    sarif = invoke(["check", "--format", "sarif", *paths])
    data = invoke(["check", "--format", "json", *paths])
    assert sarif.exit_code == data.exit_code
    return json.loads(sarif.stdout), json.loads(data.stdout), sarif.exit_code


def test_sarif_is_valid_against_the_official_schema(reports: list[str]) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"no SARIF schema at {SCHEMA}")
    log, _, _ = _sarif_and_json(reports)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    checker = jsonschema.FormatChecker()
    assert not checker.conforms(
        "reports/部门 自评报告.md", "uri-reference"
    )  # rfc3986-validator is installed: URIs are checked
    validator = validator_class(schema, format_checker=checker)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0"


def test_sarif_carries_every_finding(reports: list[str]) -> None:
    log, data, exit_code = _sarif_and_json(reports)
    [run] = log["runs"]
    results = run["results"]
    want = sorted(
        (f["path"], d["code"], d["location"]["line"], d["location"]["column"], d["fingerprint"])
        for f in data["files"]
        for d in f["diagnostics"] + f["suppressed"]
    )
    got = sorted(
        (
            unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["partialFingerprints"]["jxlintFingerprint/v1"],
        )
        for r in results
    )
    assert got == want
    assert {"RAT001"} <= {r["ruleId"] for r in results}
    # the suppressed finding is there, marked as suppressed in source with its reason
    [suppressed] = [r for r in results if "suppressions" in r]
    assert suppressed["suppressions"][0]["kind"] == "inSource"
    assert suppressed["suppressions"][0]["justification"] == "含年中追加资金，已与财务科核实"
    # the unreadable file is a notification, and the exit code is the run's
    [invocation] = run["invocations"]
    assert exit_code == 2
    assert invocation["exitCode"] == 2 and invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reports/nope.txt"


def test_sarif_locations_and_rules(reports: list[str]) -> None:
    log, data, _ = _sarif_and_json(reports[1:2])
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    registry = load_registry()
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(registry.rules)
    [result] = run["results"]
    [diag] = data["files"][0]["diagnostics"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "RAT001"
    assert result["level"] == "error"
    assert result["message"]["text"] == diag["message"]
    location = result["locations"][0]["physicalLocation"]
    # relative and percent-encoded (a space and Chinese characters in the name)
    assert location["artifactLocation"]["uri"] == "reports/%E9%83%A8%E9%97%A8%20%E8%87%AA%E8%AF%84%E6%8A%A5%E5%91%8A.md"
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    column = WRONG_LINE.index("96.88%") + 1
    assert location["region"] == {"startLine": 4, "startColumn": column, "endLine": 4, "endColumn": column + 6}
    assert [r["message"]["text"] for r in result["relatedLocations"]] == [r["message"] for r in diag["related"]]
    assert result["partialFingerprints"] == {"jxlintFingerprint/v1": diag["fingerprint"]}
    rat001 = rules[result["ruleIndex"]]
    spec = registry.get("RAT001").spec
    assert rat001["name"] == "rate-mismatch"
    assert rat001["shortDescription"]["text"] == spec.title
    assert rat001["fullDescription"]["text"] == " ".join(spec.docs.what.split())
    assert rat001["defaultConfiguration"]["level"] == "error"
    page = invoke(["explain", "RAT001"]).stdout
    assert rat001["help"]["markdown"] == page and rat001["help"]["text"] == page
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["UNT001"] == "note"  # info → note


def test_sarif_absolute_path_outside_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "elsewhere", "报告.txt", WRONG)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    log = json.loads(invoke(["check", "--format", "sarif", str(path)]).stdout)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == path.resolve().as_uri()
    assert uri.isascii()


# --- GitHub workflow commands ----------------------------------------------------------------------------


def test_github_escaping_follows_actions_toolkit() -> None:
    assert escape_data("100% a\r\nb:c,d") == "100%25 a%0D%0Ab:c,d"
    assert escape_property("100% a\r\nb:c,d") == "100%25 a%0D%0Ab%3Ac%2Cd"


def test_github_annotations(reports: list[str]) -> None:
    result = invoke(["check", "--format", "github", *reports])
    assert result.exit_code == 2
    column = WRONG_LINE.index("96.88%") + 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"::error file=reports/部门 自评报告.md,line=4,endLine=4,col={column},endColumn={column + 6},title=RAT001::"
        "比率写为 96.88%25，按 59万元 ÷ 64万元 × 100%25 计算应为 92.19%25"
    )
    warn_column = WARNING.split("\n")[1].index("92%") + 1
    assert lines[1].startswith(
        f"::warning file=reports/warn.txt,line=2,endLine=2,col={warn_column},endColumn={warn_column + 3},title=RAT001::"
    )
    assert lines[2].startswith("::error file=reports/nope.txt,title=jxlint::")
    assert len(lines) == 3  # the suppressed finding is not annotated


def test_github_info_is_a_notice(tmp_path: Path) -> None:
    rule = load_registry().get("UNT001")
    [text] = [e.text for e in rule.spec.examples if e.expect]
    path = write(tmp_path, "slip.txt", text)
    out = invoke(["check", "--format", "github", str(path)]).stdout
    assert out.startswith(f"::notice file={escape_property(str(path))},line=1,")
    assert ",title=UNT001::" in out


# --- JUnit ------------------------------------------------------------------------------------------------


def test_junit(reports: list[str]) -> None:
    result = invoke(["check", "--format", "junit", *reports])
    assert result.exit_code == 2
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    [suite] = root.findall("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == reports
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "1", "1")
    assert list(cases["reports/ok.txt"]) == []
    assert list(cases["reports/suppressed.md"]) == []
    [failure] = list(cases["reports/部门 自评报告.md"])
    assert failure.tag == "failure" and failure.get("message") == "1 个问题"
    concise = invoke(["check", "reports/部门 自评报告.md"]).stdout.strip()
    assert failure.text == concise
    # a warning does not fail the run (fail_on error), so it does not fail the test case either
    [out] = list(cases["reports/warn.txt"])
    assert out.tag == "system-out" and out.text and out.text.startswith("reports/warn.txt:2:")
    [error] = list(cases["reports/nope.txt"])
    assert error.tag == "error" and "文件不存在" in (error.text or "")
    failing = invoke(["check", "--format", "junit", "--fail-on", "warning", "reports/warn.txt"])
    assert failing.exit_code == 1
    assert "<failure" in failing.stdout


# --- --output-file ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif", "github", "junit"])
def test_output_file(reports: list[str], tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out" / f"report.{fmt}"
    target.parent.mkdir()
    result = invoke(["check", "--format", fmt, "--output-file", str(target), *reports[:2]])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert target.read_bytes().decode("utf-8") == invoke(["check", "--format", fmt, *reports[:2]]).stdout


def test_output_file_defaults_to_concise_and_keeps_statistics(reports: list[str], tmp_path: Path) -> None:
    target = tmp_path / "findings.txt"
    result = invoke(["check", "--statistics", "--output-file", str(target), reports[1]])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("reports/部门 自评报告.md:4:")
    assert "覆盖率" in result.stderr


def test_output_file_that_cannot_be_written_exits_2(reports: list[str], tmp_path: Path) -> None:
    result = invoke(["check", "--output-file", str(tmp_path / "missing-dir" / "x.txt"), reports[1]])
    assert result.exit_code == 2
    assert result.stderr.startswith("jxlint:") and "x.txt" in result.stderr
