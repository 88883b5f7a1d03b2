"""SARIF 2.1.0 (GitHub code scanning and other SARIF viewers), valid against the OASIS schema.

Rule metadata comes from the registry, never from the findings, so every rule is described even
when it has no result. Columns count Unicode code points, as everywhere in jxlint.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from lint import __version__
from lint.diagnostics import Diagnostic, RunReport, SuppressedDiagnostic
from lint.rules.loader import Registry, Rule, load_registry

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "jxlintFingerprint/v1"
_PAGES: dict[tuple[str, str], str] = {}  # (registry digest, code) → rule page; pages run the examples


def _page(rule: Rule, registry: Registry) -> str:
    from lint.docs import rule_page

    key = (registry.digest, rule.code)
    if key not in _PAGES:
        _PAGES[key] = rule_page(rule, registry)
    return _PAGES[key]


def artifact_location(path: str) -> dict[str, str]:
    """A percent-encoded URI: relative to the working directory (%SRCROOT%) when it can be."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = Path(os.path.relpath(p, Path.cwd()))
        except ValueError:  # another drive on Windows
            return {"uri": p.as_uri()}
        if p.parts[:1] == ("..",):
            return {"uri": Path(path).resolve().as_uri()}
    return {"uri": quote(PurePath(p).as_posix(), safe="/-._~"), "uriBaseId": "%SRCROOT%"}


def _rule(rule: Rule, registry: Registry) -> dict[str, Any]:
    s = rule.spec
    page = _page(rule, registry)
    return {
        "id": s.code,
        "name": s.name,
        "shortDescription": {"text": s.title},
        "fullDescription": {"text": " ".join(s.docs.what.split())},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": LEVELS[s.severity]},
        "properties": {"tags": [s.code[:3], s.kind]},
    }


def _region(d: Diagnostic) -> dict[str, int]:
    return {
        "startLine": d.location.line,
        "startColumn": d.location.column,
        "endLine": d.end_location.line,
        "endColumn": d.end_location.column,
    }


def _result(path: str, d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    artifact = artifact_location(path)
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": _region(d)}}],
        "partialFingerprints": {FINGERPRINT_KEY: d.fingerprint},
        "properties": {"hint": d.hint, "args": dict(d.args)},
    }
    if d.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "message": {"text": r.message},
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": r.location.line, "startColumn": r.location.column},
                },
            }
            for i, r in enumerate(d.related)
        ]
    if isinstance(d, SuppressedDiagnostic):
        how = d.suppression
        result["suppressions"] = [
            {
                "kind": "inSource" if how.kind == "directive" else "external",
                "status": "accepted",
                "justification": how.reason,
                "properties": {k: v for k, v in how.to_json().items() if v is not None and k != "reason"},
            }
        ]
    return result


def sarif_log(report: RunReport, registry: Registry, lang: str = "zh") -> dict[str, Any]:
    rules = list(registry.rules.values())
    index = {r.code: i for i, r in enumerate(rules)}
    results = [
        _result(f.path, d, index)
        for f in report.files
        for d in [*f.diagnostics, *f.suppressed]
        if d.code in index  # a code from another rule pack cannot be described; never expected
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": error},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(f.path)}}],
        }
        for f in report.files
        for error in f.errors
    ]
    exit_code = report.exit_code()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jxlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(r, registry) for r in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": exit_code != 2,
                        "exitCode": exit_code,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "language": "en-US" if lang == "en" else "zh-CN",
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def sarif(report: RunReport, sources: dict[str, list[str]], lang: str) -> str:
    return json.dumps(sarif_log(report, load_registry(), lang), ensure_ascii=False, indent=2) + "\n"
