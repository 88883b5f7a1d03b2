"""Checks shared by the reader tests (test_docx.py, test_pdf.py): a file that cannot be read is refused
with a one-line reason, and a damaged file is read or refused, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import strategies as st

from lint.errors import InputError
from lint.readers import read_document

# How to damage a file: where to cut it (a fraction of its length; 0.98 and above keeps it whole) ...
CUTS = st.floats(0, 1)
# ... and which bytes to overwrite (a fraction of the length, the new value).
FLIPS = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8)


def damage(data: bytes, cut: float, flips: list[tuple[float, int]]) -> bytes:
    damaged = bytearray(data)
    for where, value in flips:
        damaged[int(where * (len(damaged) - 1))] = value
    return bytes(damaged[: max(1, int(cut * len(damaged)))] if cut < 0.98 else damaged)


def assert_reads_or_says_why(path: Path, fmt: str) -> None:
    """`path` is read as a `fmt` document or refused with a one-line InputError."""
    try:
        doc = read_document(path)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert doc.format == fmt


def assert_refused(path: Path, words: list[str]) -> None:
    """Reading `path` fails with a one-line InputError that contains each of `words`."""
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message, message
