"""The pre-commit hook: the manifest validates, and `pre-commit try-repo` runs the hook for real.

try-repo installs the hook from a commit: for a repository with uncommitted changes it makes a
shadow commit of HEAD plus staged files and tracked changes (`git add -u`, pre_commit/commands/try_repo.py),
so new untracked files would be missing (measured: a new .pre-commit-hooks.yaml gave InvalidManifestError).
The test therefore snapshots the working tree (tracked and untracked, minus ignored files) into a
temporary repository and commits it; on a clean CI clone that is the same as HEAD.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from offline import fail_unless_offline

from lint.terminal import is_interactive

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

BAD_LINE = "档案征集工作经费预算批复64万元，决算支出59万元，控制率为96.88%。"
BAD = "关于2023年度部门整体支出绩效自评报告\n\n一、基本情况\n" + BAD_LINE + "\n"
GOOD = (
    "关于2023年度部门整体支出绩效自评报告\n\n2023年“三公”经费预算安排48.70万元，实际支出20.95万元，控制率为43.02%。\n"
)


def test_manifest_is_valid() -> None:
    from pre_commit.clientlib import load_manifest

    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "jxlint"
    assert hook["entry"] == "jxlint check"
    assert hook["language"] == "python"
    assert hook["types"] == ["file"]
    files = re.compile(hook["files"])
    for name in ("a.txt", "b.md", "c.MARKDOWN", "报告.docx", "d.PDF"):
        assert files.search(name), name
    for name in ("a.doc", "b.yaml", "txt"):
        assert not files.search(name), name


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_pre_commit_is_not_interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    assert is_interactive(_Tty()) is True
    assert is_interactive(io.StringIO()) is False
    monkeypatch.setenv("PRE_COMMIT", "1")  # pre-commit runs hooks in a pty: isatty() is true there
    assert is_interactive(_Tty()) is False


def _git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120, check=True)
    return proc.stdout


def _snapshot(target: Path) -> Path:
    """The working tree as one commit in a fresh repository."""
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    _git("init", "-q", ".", cwd=target)
    _git("add", "-A", cwd=target)
    _git("commit", "-q", "-m", "snapshot", cwd=target)
    return target


@pytest.mark.slow
def test_try_repo_fails_on_the_broken_report_and_passes_on_the_consistent_one(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hook_repo = _snapshot(tmp_path / "jxlint")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "部门自评报告.md").write_text(BAD, encoding="utf-8")
    (reports / "ok.txt").write_text(GOOD, encoding="utf-8")
    _git("init", "-q", ".", cwd=reports)
    _git("add", "-A", cwd=reports)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    env.pop("PRE_COMMIT", None)
    env.pop("PYTHONPATH", None)  # the hook must run the package pre-commit installed, not this checkout

    def try_repo(name: str) -> subprocess.CompletedProcess[str]:
        # --color always: pre-commit then runs the hook in a pty, as it does in a terminal
        cmd = [*PRE_COMMIT, "try-repo", str(hook_repo), "jxlint", "--color", "always", "--files", name]
        proc = subprocess.run(cmd, cwd=reports, capture_output=True, text=True, env=env, timeout=900)
        log = proc.stdout + proc.stderr
        if proc.returncode not in (0, 1) or "An error has occurred" in log:
            fail_unless_offline(log, "pre-commit try-repo")
        return proc

    bad = try_repo("部门自评报告.md")
    out = ANSI.sub("", bad.stdout).replace("\r", "")
    assert bad.returncode == 1, out
    assert re.search(r"^jxlint \(performance report consistency\)\.+Failed$", out, re.M), out
    column = BAD_LINE.index("96.88%") + 1
    finding = f"部门自评报告.md:4:{column}: RAT001 比率写为 96.88%，按 59万元 ÷ 64万元 × 100% 计算应为 92.19%"
    # concise output (not `full`) although the hook ran in a pty
    assert [line for line in out.splitlines() if "RAT001" in line] == [finding], out

    good = try_repo("ok.txt")
    out = ANSI.sub("", good.stdout).replace("\r", "")
    assert good.returncode == 0, out
    assert re.search(r"^jxlint \(performance report consistency\)\.+Passed$", out, re.M), out
