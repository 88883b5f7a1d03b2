"""The wheel ships the rule pack, the shipped pack loads, and a warm `check` never imports sympy."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from offline import fail_unless_offline

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)]
    if importlib.util.find_spec("hatchling") is not None:
        cmd.insert(4, "--no-isolation")  # the backend is here already: no download needed
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        log = proc.stdout + proc.stderr
        fail_unless_offline(log, "wheel build")
    wheels = list(out.glob("jxlint-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_ships_every_rule_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = sorted(p.relative_to(RULES).as_posix() for p in RULES.rglob("*.yaml"))
    assert expected, "no rule files in the checkout?"
    missing = [rel for rel in expected if f"lint/_pack/{rel}" not in names]
    assert not missing, f"not in the wheel under lint/_pack/: {missing}"
    assert any(rel.startswith("vocab/") for rel in expected)
    assert "lint/__init__.py" in names and "lint/__main__.py" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "jxlint = lint.cli:main" in text


def test_shipped_pack_is_used_and_loads(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(target)
    env = dict(os.environ, PYTHONPATH=str(target), JXLINT_CACHE_DIR=str(tmp_path / "cache"))
    code = (
        "import lint.paths, lint.rules.loader as l; d = lint.paths.rules_dir(); "
        f"print(d.name, d.parent.parent == __import__('pathlib').Path(r'{target}')); "
        "print(' '.join(sorted(l.load_registry().rules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    first, second = proc.stdout.splitlines()
    assert first == "_pack True"
    from lint.rules.loader import load_registry

    assert second.split() == sorted(load_registry(RULES, use_cache=False).rules)


def test_warm_check_does_not_import_sympy(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("档案征集工作经费预算批复64万元，决算支出59万元，控制率为92.19%。\n", encoding="utf-8")
    env = dict(os.environ, JXLINT_CACHE_DIR=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    runs = []
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "lint", "check", str(report)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert proc.stdout == ""
        runs.append(proc.stderr)
    assert "import time:" in runs[1]  # -X importtime really reported
    assert "lint.engine" in runs[1]
    sympy_lines = [line for line in runs[1].splitlines() if "sympy" in line]
    assert not sympy_lines, "warm run imported sympy:\n" + "\n".join(sympy_lines[:10])
    assert list((tmp_path / "cache").glob("rules-*.pickle")), "the first run left no cache"
