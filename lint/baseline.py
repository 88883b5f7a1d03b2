"""`--baseline`: hide findings already present in a saved JSON report (matched by fingerprint).

Fingerprints are content-based (rule, written value, normalised sentence — engine.fingerprint), so
a finding stays hidden when lines are inserted above it or the file is renamed or moved, and
reappears as soon as its sentence or value changes.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from lint.diagnostics import RunReport, replace
from lint.errors import ConfigError


def load_baseline(path: Path) -> Counter[str]:
    """Fingerprints of a `--format json` / `--json` report, with how often each occurs."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"无法读取基线文件：{exc.strerror or exc}", path=str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"基线文件不是 JSON：{exc}", path=str(path)) from None
    if not isinstance(data, dict) or data.get("schema") != "jxlint-report/1" or not isinstance(data.get("files"), list):
        raise ConfigError("基线文件不是 jxlint 的 JSON 报告（需要 schema 为 jxlint-report/1）", path=str(path))
    found: Counter[str] = Counter()
    for f in data["files"]:
        for d in f.get("diagnostics", []) if isinstance(f, dict) else []:
            if isinstance(d, dict) and isinstance(d.get("fingerprint"), str):
                found[d["fingerprint"]] += 1
    return found


def apply_baseline(report: RunReport, baseline: Counter[str]) -> tuple[RunReport, int]:
    """The report without the baseline's findings, and how many were hidden.

    Each baseline entry hides one finding: if a sentence's mistake was there once and is now copied
    into a second report, the copy is new and is shown.
    """
    left = Counter(baseline)
    hidden = 0
    files = []
    for f in report.files:
        kept = []
        for d in f.diagnostics:
            if left[d.fingerprint] > 0:
                left[d.fingerprint] -= 1
                hidden += 1
            else:
                kept.append(d)
        files.append(replace(f, diagnostics=kept))
    return replace(report, files=files), hidden
