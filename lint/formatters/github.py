"""GitHub Actions workflow commands: one annotation per finding (`::error file=…,line=…::message`)."""

from __future__ import annotations

from lint.diagnostics import RunReport

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """actions/toolkit `escapeData`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """actions/toolkit `escapeProperty`: data escaping plus `:` and `,`, which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(report: RunReport, sources: dict[str, list[str]], lang: str) -> str:
    lines: list[str] = []
    for f in report.files:
        path = escape_property(f.path)
        for error in f.errors:
            lines.append(f"::error file={path},title=jxlint::{escape_data(error)}")
        for d in f.diagnostics:
            props = (
                f"file={path},line={d.location.line},endLine={d.end_location.line},"
                f"col={d.location.column},endColumn={d.end_location.column},title={escape_property(d.code)}"
            )
            lines.append(f"::{COMMANDS[d.severity]} {props}::{escape_data(d.message)}")
    return "".join(line + "\n" for line in lines)
