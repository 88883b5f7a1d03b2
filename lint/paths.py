"""Where the rule pack lives: inside the wheel (`lint/_pack`) or beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def rules_dir() -> Path:
    shipped = _PACKAGE / "_pack"
    if shipped.is_dir():
        return shipped
    return _PACKAGE.parent / "rules"
