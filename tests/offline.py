"""Tests that install or fetch packages (pre-commit's hook environment, the wheel build) skip when
the machine is offline, and fail on any other error."""

from __future__ import annotations

import pytest

OFFLINE_HINTS = (
    "No matching distribution",
    "Could not find a version",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
)


def fail_unless_offline(log: str, what: str) -> None:
    """Skip when `log` shows the package index could not be reached, else fail showing its end."""
    if any(hint in log for hint in OFFLINE_HINTS):
        pytest.skip(f"{what}: the package index cannot be reached (offline?)")
    pytest.fail(f"{what} failed:\n{log[-4000:]}")
