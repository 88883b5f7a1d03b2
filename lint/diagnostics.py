"""Findings as the contract describes them (DESIGN.md “JSON”): pydantic, frozen, strict."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from lint import __version__


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(Model):
    line: int
    column: int


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


class FileReport(Model):
    path: str
    format: str
    diagnostics: list[Diagnostic] = []
    claims_total: int = 0
    claims_checked: int = 0
    errors: list[str] = []


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

    def to_json_dict(self) -> dict[str, object]:
        data = self.model_dump(mode="json")
        data["schema"] = data.pop("schema_")
        data["summary"] = self.summary.model_dump()
        ordered = {k: data[k] for k in ("schema", "tool", "files", "summary")}
        return ordered
