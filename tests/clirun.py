"""`jxlint` run on small reports, in-process or as `python -m lint`, for the CLI, configuration and
suppression tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from lint.cli import cli

# The opening lines of a report: a title and a first heading before the sentence under test.
HEADER = "关于2023年度部门整体支出绩效自评报告\n\n一、基本情况\n"


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def run_module(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m lint ARGS` in a fresh process (exit codes, stdout and stderr as a user sees them)."""
    return subprocess.run(
        [sys.executable, "-m", "lint", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=60,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def json_report(args: list[str]) -> dict[str, Any]:
    """The JSON report of `jxlint check ARGS`, which must exit 0 or 1 (findings are not an error here)."""
    result = invoke(["check", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data
