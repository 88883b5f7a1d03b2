from __future__ import annotations

import json

from lint.diagnostics import RunReport


def as_json(report: RunReport, sources: dict[str, list[str]], lang: str) -> str:
    return json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
