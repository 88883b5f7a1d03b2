"""Errors that end a run (or one file) with exit code 2 and a one-line reason."""

from __future__ import annotations


class JxlintError(Exception):
    """A user-facing failure: bad input, bad config, bad rule file. Never shown as a traceback."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(JxlintError):
    """A report file that cannot be read as a report."""


class RuleError(JxlintError):
    """A rule or vocabulary file that does not validate."""


class ConfigError(JxlintError):
    """A configuration problem (unknown option, code or format)."""
