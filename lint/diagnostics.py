"""Findings as the contract describes them (DESIGN.md “JSON”).

Slotted dataclasses rather than pydantic models: they are built on every run (tens of thousands for a
damaged file), and building a first pydantic model class alone costs more than the rest of a warm
`jxlint check`. Only jxlint constructs them, so validation would check nothing; `to_json` writes
exactly the jxlint-report/1 shape. Not frozen (a frozen init costs 4× as much); code that needs a
changed finding or report builds a copy with `replace`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from lint import __version__
from lint.rules.spec import SEVERITY_RANK

__all__ = [
    "Diagnostic",
    "FileReport",
    "Location",
    "Related",
    "RunReport",
    "Summary",
    "SuppressedDiagnostic",
    "Suppression",
    "replace",
]

_OPTIONAL_PLACE = ("page", "page_line", "paragraph", "table", "row", "cell")


@dataclass(slots=True)
class Location:
    line: int  # for docx/pdf: a line of the extracted text
    column: int
    # docx/pdf only, left out of the JSON when absent (text files keep exactly `line`/`column`)
    page: int | None = None
    page_line: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def place(self) -> dict[str, int]:
        """Where in a docx or pdf, beyond the line and column: only the parts that are known."""
        return {k: v for k in _OPTIONAL_PLACE if (v := getattr(self, k)) is not None}

    def to_json(self) -> dict[str, int]:
        return {"line": self.line, "column": self.column, **self.place()}


@dataclass(slots=True)
class Related:
    location: Location
    message: str

    def to_json(self) -> dict[str, object]:
        return {"location": self.location.to_json(), "message": self.message}


@dataclass(slots=True)
class Diagnostic:
    code: str
    name: str
    severity: str
    message: str
    hint: str
    location: Location
    end_location: Location
    args: dict[str, str]
    fingerprint: str
    related: list[Related] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "location": self.location.to_json(),
            "end_location": self.end_location.to_json(),
            "args": dict(self.args),
            "related": [r.to_json() for r in self.related],
            "fingerprint": self.fingerprint,
        }


@dataclass(slots=True)
class Suppression:
    """Why a finding is not shown: an inline directive or a waiver in the configuration."""

    kind: str  # "directive" | "waiver"
    reason: str
    source: str  # where it is written, `path:line`
    reviewer: str | None = None
    until: str | None = None  # ISO date (waivers)

    def to_json(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(slots=True)
class SuppressedDiagnostic(Diagnostic):
    suppression: Suppression = field(kw_only=True)

    @classmethod
    def of(cls, d: Diagnostic, how: Suppression) -> SuppressedDiagnostic:
        return cls(**{f.name: getattr(d, f.name) for f in fields(Diagnostic)}, suppression=how)

    def to_json(self) -> dict[str, object]:
        return {**Diagnostic.to_json(self), "suppression": self.suppression.to_json()}


@dataclass(slots=True)
class FileReport:
    path: str
    format: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    claims_total: int = 0
    claims_checked: int = 0
    claims_unattributed: int = 0  # amounts, rates and scores the extractor could not tie to anything
    errors: list[str] = field(default_factory=list)
    suppressed: list[SuppressedDiagnostic] = field(default_factory=list)  # an extra key to jxlint-report/1
    fail_on: str = "error"  # this file's threshold (its configuration); not in JSON

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "format": self.format,
            "diagnostics": [d.to_json() for d in self.diagnostics],
            "claims_total": self.claims_total,
            "claims_checked": self.claims_checked,
            "claims_unattributed": self.claims_unattributed,
            "errors": list(self.errors),
            "suppressed": [d.to_json() for d in self.suppressed],
        }


@dataclass(slots=True)
class Summary:
    files: int
    error: int
    warning: int
    info: int

    def to_json(self) -> dict[str, int]:
        return {"files": self.files, "error": self.error, "warning": self.warning, "info": self.info}


@dataclass(slots=True)
class RunReport:
    files: list[FileReport]
    schema: str = "jxlint-report/1"
    tool_name: str = "jxlint"
    tool_version: str = __version__

    @property
    def summary(self) -> Summary:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.files:
            for d in f.diagnostics:
                counts[d.severity] += 1
        return Summary(files=len(self.files), **counts)

    def exit_code(self) -> int:
        """2 if a file could not be checked, 1 if a finding reaches its file's `fail_on`, else 0."""
        if any(f.errors for f in self.files):
            return 2
        failing = any(SEVERITY_RANK[d.severity] >= SEVERITY_RANK[f.fail_on] for f in self.files for d in f.diagnostics)
        return 1 if failing else 0

    def to_json_dict(self) -> dict[str, object]:
        return {
            "schema": self.schema,
            "tool": {"name": self.tool_name, "version": self.tool_version},
            "files": [f.to_json() for f in self.files],
            "summary": self.summary.to_json(),
        }
