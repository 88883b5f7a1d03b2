"""Formatters: pure functions of the run report, in one registry."""

from __future__ import annotations

from collections.abc import Callable

from lint.diagnostics import RunReport
from lint.formatters.github import github
from lint.formatters.html import html
from lint.formatters.json import as_json
from lint.formatters.junit import junit
from lint.formatters.sarif import sarif
from lint.formatters.text import concise, full

Formatter = Callable[[RunReport, dict[str, list[str]], str], str]

FORMATTERS: dict[str, Formatter] = {
    "concise": concise,
    "full": full,
    "json": as_json,
    "html": html,
    "sarif": sarif,
    "github": github,
    "junit": junit,
}
