"""Shared test setup: a private rule cache, the `slow` marker, and small helpers."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "rules"

# Helper modules that assert on behalf of tests: failures show the compared values, as in a test.
pytest.register_assert_rewrite("clirun", "offline", "readerchecks")

_saved_cache_env: list[str | None] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than ~5 s (still run by default)")
    # Every test, collection included (rule examples are parametrised from the registry), and every
    # subprocess started without an explicit env uses a throw-away rule cache, never ~/.cache.
    _saved_cache_env.append(os.environ.get("JXLINT_CACHE_DIR"))
    os.environ["JXLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="jxlint-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    ours = os.environ.get("JXLINT_CACHE_DIR")
    if ours and Path(ours).name.startswith("jxlint-test-cache-"):
        shutil.rmtree(ours, ignore_errors=True)
    old = _saved_cache_env.pop() if _saved_cache_env else None
    if old is None:
        os.environ.pop("JXLINT_CACHE_DIR", None)
    else:
        os.environ["JXLINT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One rule cache shared by the CLI subprocesses of a run (cold once, then warm)."""
    return tmp_path_factory.mktemp("cli-cache")


@pytest.fixture
def cli_env(cli_cache: Path) -> dict[str, str]:
    """Environment for `python -m lint` subprocesses: a private cache dir, UTF-8 I/O."""
    env = dict(os.environ)
    env["JXLINT_CACHE_DIR"] = str(cli_cache)
    env["PYTHONIOENCODING"] = "utf-8"
    return env
