"""Findings as the contract describes them (DESIGN.md “JSON”): pydantic, frozen, strict."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from lint import __version__
from lint.rules.spec import SEVERITY_RANK


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(Model):
    line: int  # for docx/pdf: a line of the extracted text
    column: int
    # docx/pdf only, left out of the JSON when absent (text files keep exactly `line`/`column`)
    page: int | None = None
    page_line: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        data: dict[str, object] = handler(self)
        return {k: v for k, v in data.items() if v is not None}


class Related(Model):
    location: Location
    message: str


class Diagnostic(Model):
    code: str
    name: str
    severity: str
    message: str
    hint: str
    location: Location
    end_location: Location
    args: dict[str, str]
    related: list[Related] = []
    fingerprint: str


class Suppression(Model):
    """Why a finding is not shown: an inline directive or a waiver in the configuration."""

    kind: str  # "directive" | "waiver"
    reason: str
    source: str  # where it is written, `path:line`
    reviewer: str | None = None
    until: str | None = None  # ISO date (waivers)


class SuppressedDiagnostic(Diagnostic):
    suppression: Suppression


class FileReport(Model):
    path: str
    format: str
    diagnostics: list[Diagnostic] = []
    claims_total: int = 0
    claims_checked: int = 0
    claims_unattributed: int = 0  # amounts, rates and scores the extractor could not tie to anything
    errors: list[str] = []
    suppressed: list[SuppressedDiagnostic] = []  # added after jxlint-report/1 shipped: an extra key only
    fail_on: str = Field(default="error", exclude=True)  # this file's threshold (its configuration); not in JSON


class Tool(Model):
    name: str = "jxlint"
    version: str = __version__


class Summary(Model):
    files: int
    error: int
    warning: int
    info: int


class RunReport(Model):
    schema_: str = "jxlint-report/1"
    tool: Tool = Tool()
    files: list[FileReport]

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
        data = self.model_dump(mode="json")
        data["schema"] = data.pop("schema_")
        data["summary"] = self.summary.model_dump()
        ordered = {k: data[k] for k in ("schema", "tool", "files", "summary")}
        return ordered
