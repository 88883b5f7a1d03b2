"""Whether output goes to a person at a terminal (full output, progress bars) or to a tool."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def is_interactive(stream: TextIO | None = None) -> bool:
    """True for a terminal a person reads.

    pre-commit runs hooks in a pty (so `isatty()` is true) and sets PRE_COMMIT=1: its output is a
    log, so it gets the concise format and no progress bars.
    """
    if os.environ.get("PRE_COMMIT"):
        return False
    stream = stream if stream is not None else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False
