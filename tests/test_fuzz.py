"""The fuzzer's short profile (fuzz/fuzz_jxlint.py --short): a few seconds of coverage-guided inputs
through the readers (.txt/.docx/.pdf bytes), claim extraction and the engine; no crash, no hang.
The long profile (100,000 inputs) is run by hand; see docs/performance.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_jxlint.py"


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(FUZZ), *args, "--artifacts", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


def _runs(output: str) -> int:
    match = re.search(r"Done (\d+) runs in (\d+) second", output)
    assert match, output[-2000:]
    return int(match.group(1))


def test_short_fuzz_profile_finds_nothing(tmp_path: Path) -> None:
    result = _run(["--short", "--seed", "1"], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert _runs(output) >= 300
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-"))]


def test_hypothesis_engine_runs_the_same_targets(tmp_path: Path) -> None:
    """The fallback for machines where atheris cannot be installed."""
    pytest.importorskip("hypothesis")
    result = _run(["--engine", "hypothesis", "--runs", "200", "--seed", "1"], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert _runs(output) >= 200


def test_replay_runs_saved_inputs(tmp_path: Path) -> None:
    saved = tmp_path / "crash-example"
    saved.write_bytes(b"\x00" + "本年预算100万元，执行90万元，执行率95%。".encode())  # target 0: text
    result = _run(["--replay", str(saved)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{saved}: no finding" in result.stdout
