"""Configuration files: discovery (nearest wins), validation with file and line, and what each key does."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import HEADER, invoke, json_report, run_module, write

from lint.config import ConfigResolver, Overrides, glob_matches
from lint.rules.loader import load_registry

WRONG_LINE = "档案征集工作经费预算批复64万元，决算支出59万元，控制率为96.88%。"
WRONG = HEADER + WRONG_LINE + "\n"
# 2.48 / 7.69 = 32.2497%: written 32.24% is a truncation (an info finding unless truncation is allowed)
TRUNCATED = "公务接待费预算安排76900.00元，实际支出24800.00元，控制率为32.24%。\n"
# 85 分 is 良 under the national bands, 优 under bands that start 优 at 80
GRADE = "经评分，本单位整体支出绩效自评得分为85分，等级：优。\n"
# 540.20 initial, 615.80 adjusted, 598.46 spent: the bare rate fits the adjusted budget only
TWO_BUDGETS = "本单位年初预算为540.20万元，调整后预算为615.80万元，实际支出598.46万元，预算执行率为97.18%。\n"


def codes(args: list[str]) -> list[tuple[str, str, str, int]]:
    return [
        (Path(f["path"]).name, d["code"], d["severity"], d["location"]["line"])
        for f in json_report(args)["files"]
        for d in f["diagnostics"]
    ]


# --- the acceptance case: a typo names the key, the file and the line ----------------------------------------


def test_typo_in_config_exits_2_naming_key_file_and_line(tmp_path: Path, cli_env: dict[str, str]) -> None:
    write(tmp_path / ".jxlint.yaml", "# 本仓库的检查设置\nfail_on: warning\nselekt: [RAT]\n")
    write(tmp_path / "reports" / "r.txt", WRONG)
    proc = run_module(["check", "reports/r.txt"], cli_env, tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "jxlint: .jxlint.yaml:3: 未知的配置项 selekt\n"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("select: [RAT]\nignore: [RAT999]\n", 2, "'RAT999'"),
        ("select:\n  - RAT\n  - rate-mismach\n", 3, "'rate-mismach'"),
        ("severity:\n  RAT001: warning\n  RAT999: info\n", 3, "'RAT999'"),
        ("severity:\n  RAT001: fatal\n", 2, "severity.RAT001"),
        ("rules:\n  RAT001:\n    slack: 1\n    bands: []\n", 4, "bands"),
        ("rules:\n  RAT001:\n    slak: 1\n", 3, "slak"),
        ("rules:\n  RAT001:\n    budget_base: yearly\n", 3, "budget_base"),
        ("per_file_ignores:\n  'old/*.md': [RAT, SUMM]\n", 2, "'SUMM'"),
        ("profile: shanghai\n", 1, "shanghai"),
        ("fail_on: never\n", 1, "fail_on"),
        (
            "waivers:\n  - path: r.txt\n    code: RAT001\n    fingerprint: '0123'\n    reason: '  '\n",
            5,
            "reason",
        ),
        ("waivers:\n  - path: r.txt\n    code: RAT\n    fingerprint: '0123'\n    reason: 核实\n", 3, "'RAT'"),
        ("waivers:\n  - path: r.txt\n    code: RAT001\n    reason: 核实\n", 2, "fingerprint"),
        ("select: [RAT\n", 2, "YAML"),
    ],
    ids=[
        "unknown-ignore",
        "misspelt-name",
        "unknown-severity-code",
        "bad-severity",
        "option-of-another-kind",
        "unknown-option",
        "bad-budget-base",
        "per-file-code",
        "unknown-profile",
        "bad-fail-on",
        "empty-reason",
        "waiver-family",
        "waiver-without-fingerprint",
        "yaml-syntax",
    ],
)
def test_bad_config_exits_2_with_file_and_line(tmp_path: Path, text: str, line: int, needle: str) -> None:
    config = write(tmp_path / ".jxlint.yaml", text)
    report = write(tmp_path / "r.txt", WRONG)
    result = invoke(["check", str(report)])
    assert result.exit_code == 2
    assert result.stdout == ""
    [message] = result.stderr.splitlines()
    assert message.startswith("jxlint: ")
    assert f".jxlint.yaml:{line}: " in message, message
    assert Path(message.split(":")[1].strip()).resolve() == config.resolve()
    assert needle in message


def test_unknown_key_in_pyproject(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "reports"\n\n[tool.jxlint]\nfail_on = "warning"\nselekt = ["RAT"]\n',
    )
    report = write(tmp_path / "r.txt", WRONG)
    result = invoke(["check", str(report)])
    assert result.exit_code == 2
    assert "pyproject.toml:6: 未知的配置项 selekt" in result.stderr


def test_unknown_selector_on_the_command_line_exits_2(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", WRONG)
    result = invoke(["check", "--select", "RAT,SUMM", str(report)])
    assert result.exit_code == 2
    assert result.stderr.startswith("jxlint: --select: 未知的规则 'SUMM'")
    assert invoke(["check", "--profile", "nowhere", str(report)]).exit_code == 2


def test_missing_forced_config_exits_2(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", WRONG)
    result = invoke(["check", "--config", str(tmp_path / "none.yaml"), str(report)])
    assert result.exit_code == 2
    assert "none.yaml" in result.stderr and "配置文件不存在" in result.stderr


# --- discovery ----------------------------------------------------------------------------------------------


def test_nearest_config_wins_per_file(tmp_path: Path) -> None:
    write(tmp_path / ".jxlint.yaml", "ignore: [RAT001]\n")
    write(tmp_path / "strict" / ".jxlint.yaml", "select: [RAT]\n")
    write(tmp_path / "a.txt", WRONG)
    write(tmp_path / "strict" / "deeper" / "b.txt", WRONG)
    write(tmp_path / "other" / "c.txt", WRONG)
    got = codes(
        [str(tmp_path / "a.txt"), str(tmp_path / "strict" / "deeper" / "b.txt"), str(tmp_path / "other" / "c.txt")]
    )
    assert got == [("b.txt", "RAT001", "error", 4)]


def test_pyproject_table_and_yaml_precedence(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.jxlint]\nignore = ["rate-mismatch"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.jxlint]: keep looking up
    write(tmp_path / "sub" / "r.txt", WRONG)
    assert codes([str(tmp_path / "sub" / "r.txt")]) == []
    write(tmp_path / "sub" / ".jxlint.yaml", "fail_on: error\n")  # nearer, and YAML: the pyproject no longer applies
    assert codes([str(tmp_path / "sub" / "r.txt")]) == [("r.txt", "RAT001", "error", 4)]


def test_forced_config_applies_to_every_file(tmp_path: Path) -> None:
    write(tmp_path / "a" / ".jxlint.yaml", "select: [SUM]\n")
    forced = write(tmp_path / "ci.yaml", "severity: {RAT001: warning}\n")
    report = write(tmp_path / "a" / "r.txt", WRONG)
    assert codes([str(report)]) == []
    assert codes(["--config", str(forced), str(report)]) == [("r.txt", "RAT001", "warning", 4)]


def test_empty_config_is_the_defaults(tmp_path: Path) -> None:
    write(tmp_path / ".jxlint.yaml", "# nothing yet\n")
    report = write(tmp_path / "r.txt", WRONG)
    assert codes([str(report)]) == [("r.txt", "RAT001", "error", 4)]


# --- what the keys do ---------------------------------------------------------------------------------------


def test_select_ignore_by_code_family_and_name(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", WRONG + GRADE)
    both = [("r.txt", "RAT001", "error", 4), ("r.txt", "SCR001", "error", 5)]
    assert codes([str(report)]) == both
    for config, expected in [
        ("select: [RAT]\n", both[:1]),
        ("select: [grade-band-mismatch]\n", both[1:]),
        ("ignore: [rate-mismatch, SCR001]\n", []),
        ("select: [RAT, SCR]\nignore: [SCR]\n", both[:1]),
    ]:
        write(tmp_path / ".jxlint.yaml", config)
        assert codes([str(report)]) == expected, config


def test_command_line_replaces_the_files_values(tmp_path: Path) -> None:
    write(tmp_path / ".jxlint.yaml", "select: [SCR]\nfail_on: info\n")
    report = write(tmp_path / "r.txt", WRONG + GRADE)
    assert codes([str(report)]) == [("r.txt", "SCR001", "error", 5)]
    assert codes(["--select", "RAT", str(report)]) == [("r.txt", "RAT001", "error", 4)]
    write(tmp_path / ".jxlint.yaml", "ignore: [RAT]\n")
    assert codes(["--ignore", "SCR", str(report)]) == [("r.txt", "RAT001", "error", 4)]


def test_severity_and_fail_on(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", WRONG)
    write(tmp_path / ".jxlint.yaml", "severity:\n  RAT001: warning\n")
    assert codes([str(report)]) == [("r.txt", "RAT001", "warning", 4)]
    assert invoke(["check", str(report)]).exit_code == 0
    write(tmp_path / ".jxlint.yaml", "severity:\n  rate-mismatch: warning\nfail_on: warning\n")
    assert invoke(["check", str(report)]).exit_code == 1
    assert invoke(["check", "--fail-on", "error", str(report)]).exit_code == 0


def test_fail_on_is_per_file(tmp_path: Path) -> None:
    write(tmp_path / "lenient" / ".jxlint.yaml", "severity: {RAT001: warning}\n")
    write(tmp_path / "strict" / ".jxlint.yaml", "severity: {RAT001: warning}\nfail_on: warning\n")
    lenient = write(tmp_path / "lenient" / "r.txt", WRONG)
    strict = write(tmp_path / "strict" / "r.txt", WRONG)
    assert invoke(["check", str(lenient)]).exit_code == 0
    assert invoke(["check", str(strict)]).exit_code == 1
    assert invoke(["check", str(lenient), str(strict)]).exit_code == 1


def test_rule_options(tmp_path: Path) -> None:
    report = write(tmp_path / "r.txt", TRUNCATED)
    assert codes([str(report)]) == [("r.txt", "RAT001", "info", 1)]
    write(tmp_path / ".jxlint.yaml", "rules:\n  RAT001: {truncation: true}\n")
    assert codes([str(report)]) == []

    grade = write(tmp_path / "g.txt", GRADE)
    assert codes([str(grade)]) == [("g.txt", "SCR001", "error", 1)]  # no bands configured: 85 is 良
    write(tmp_path / ".jxlint.yaml", "rules:\n  SCR001:\n    bands: [{grade: 优, min: 80}, {grade: 中, min: 60}]\n")
    assert codes([str(grade)]) == []
    write(
        tmp_path / ".jxlint.yaml",
        "rules: {grade-band-mismatch: {bands: [{grade: 优, min: 90}, {grade: 良, min: 80}]}}\n",
    )
    assert codes([str(grade)]) == [("g.txt", "SCR001", "error", 1)]

    budgets = write(tmp_path / "b.txt", TWO_BUDGETS)
    write(tmp_path / ".jxlint.yaml", "rules:\n  RAT001: {budget_base: adjusted}\n")
    assert codes([str(budgets)]) == []
    write(tmp_path / ".jxlint.yaml", "rules:\n  RAT001: {budget_base: initial}\n")
    assert codes([str(budgets)]) == [("b.txt", "CON002", "warning", 1)]
    write(tmp_path / ".jxlint.yaml", "profile: initial-budget\n")
    assert codes([str(budgets)]) == [("b.txt", "CON002", "warning", 1)]


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path / ".jxlint.yaml", "per_file_ignores:\n  'archive/**/*.txt': [RAT]\n  '草稿*.txt': [rate-mismatch]\n")
    old = write(tmp_path / "archive" / "2019" / "r.txt", WRONG)
    draft = write(tmp_path / "drafts" / "草稿1.txt", WRONG)
    current = write(tmp_path / "2024" / "r.txt", WRONG)
    assert codes([str(old), str(draft), str(current)]) == [("r.txt", "RAT001", "error", 4)]


@pytest.mark.parametrize(
    ("pattern", "path", "hit"),
    [
        ("*.md", "a/b/c.md", True),
        ("a/*.md", "a/c.md", True),
        ("a/*.md", "a/b/c.md", False),
        ("a/**/*.md", "a/c.md", True),
        ("a/**/*.md", "a/b/c/d.md", True),
        ("**/2019/*", "x/2019/r.txt", True),
        ("./a/?.md", "a/c.md", True),
        ("a/?.md", "a/cc.md", False),
        ("报告[1].md", "报告[1].md", True),
    ],
)
def test_glob(pattern: str, path: str, hit: bool) -> None:
    assert glob_matches(pattern, path) is hit


def test_resolver_gives_each_file_its_options(tmp_path: Path) -> None:
    write(tmp_path / "a" / ".jxlint.yaml", "select: [RAT]\nseverity: {rate-mismatch: info}\nfail_on: info\n")
    registry = load_registry()
    resolver = ConfigResolver(registry, Overrides(lang="en"))
    a = resolver.options_for(tmp_path / "a" / "r.txt")
    assert (a.select, a.severity, a.fail_on, a.lang) == ({"RAT"}, {"RAT001": "info"}, "info", "en")
    b = resolver.options_for(tmp_path / "b" / "r.txt")
    assert (b.select, b.severity, b.fail_on) == (None, {}, "error")


def test_the_documented_examples_load(tmp_path: Path) -> None:
    """docs/configuration.md's examples are valid configurations (so the page cannot drift)."""
    import re

    from lint.config import read_config

    page = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text(encoding="utf-8")
    [yaml_example] = re.findall(r"```yaml\n(# \.jxlint\.yaml.*?)```", page, re.S)
    [toml_example] = re.findall(r"```toml\n(.*?)```", page, re.S)
    registry = load_registry()
    loaded = read_config(write(tmp_path / ".jxlint.yaml", yaml_example), registry)
    assert loaded.model.fail_on == "warning" and len(loaded.model.waivers) == 1
    assert set(loaded.model.rules) == {"RAT001", "RAT002", "RAT005", "SCR001"}
    loaded = read_config(write(tmp_path / "pyproject.toml", toml_example), registry)
    assert loaded.model.rules["RAT001"].slack == 1 and len(loaded.model.waivers) == 1
