"""The five real seed reports in ../shared/seeds, scored by the shared tool (when that folder exists)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
SCORER = SHARED / "tools" / "score_seeds.py"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir() or not SCORER.is_file(), reason="../shared/seeds is absent")


def _seed(prefix: str) -> Path:
    [path] = sorted(SEEDS.glob(f"{prefix}*.txt"))
    return path


def _lint(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lint", *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120
    )


def test_score_seeds(cli_env: dict[str, str]) -> None:
    cmd = f"{shlex.quote(sys.executable)} -m lint"
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--cmd", cmd],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "must found 7/7; false alarms on clean values 0/33" in proc.stdout, proc.stdout


def test_seed_002_has_findings(cli_env: dict[str, str]) -> None:
    # 002's two musts are an info (89.8% holds only if 2万元 were not exact) and a CON002 warning
    # (完成年初预算的100% fits only the adjusted budget); by design neither is an error.
    seed = _seed("002_")
    proc = _lint(["check", "--fail-on", "warning", str(seed)], cli_env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = {(line.split(":")[1], line.split(": ", 1)[1].split()[0]) for line in proc.stdout.splitlines()}
    assert ("121", "RAT001") in found
    assert ("132", "CON002") in found


def test_seed_003_is_clean(cli_env: dict[str, str]) -> None:
    seed = _seed("003_")
    proc = _lint(["check", str(seed)], cli_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    strict = _lint(["check", "--fail-on", "info", str(seed)], cli_env)
    assert strict.returncode == 0, strict.stdout
