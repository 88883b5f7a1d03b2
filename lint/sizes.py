"""The size limit on what jxlint reads (`--max-size`), in bytes."""

from __future__ import annotations

MB = 1024 * 1024
# The largest text jxlint reads unless told otherwise: a long report is well under 1 MB, and 20 MB of
# text (some 7 million Chinese characters) already takes minutes and gigabytes of memory to lint.
DEFAULT_MAX_SIZE = 20 * MB
_UNITS = {"": MB, "k": 1024, "kb": 1024, "m": MB, "mb": MB, "g": 1024 * MB, "gb": 1024 * MB}


def format_size(size: int) -> str:
    """20 MB, 52.4 MB, 10 KB, 512 B."""
    for unit, name in ((MB, "MB"), (1024, "KB")):
        if size >= unit:
            return f"{size // unit} {name}" if size % unit == 0 else f"{size / unit:.1f} {name}"
    return f"{size} B"


def parse_size(text: str) -> int:
    """50MB, 50M, 50 (MB), 500KB, 1GB, 0 (no limit) → bytes; ValueError for anything else."""
    body = text.strip().lower()
    number = body.rstrip("kmgb")
    unit = body[len(number) :]
    if unit not in _UNITS or not number.strip():
        raise ValueError(text)
    value = float(number)
    if not 0 <= value < float("inf"):
        raise ValueError(text)
    return int(value * _UNITS[unit])
