"""`jxlint claims`: what the extractor understood, as a table or JSON."""

from __future__ import annotations

import json
from typing import Any

from lint.claims.extract import extract
from lint.document import Document

_QUIET = ("count", "other")


def claims_as_dicts(doc: Document, show_all: bool = False) -> list[dict[str, Any]]:
    index = extract(doc)
    rows = []
    for c in index.claims:
        if not show_all and c.kind in _QUIET:
            continue
        pos = doc.position(c.start)
        row: dict[str, Any] = {
            "id": c.id,
            "line": pos.line,
            "column": pos.column,
            "value": c.quantity.raw,
            "kind": c.kind,
            "metric": c.metric,
            "subject": c.subject,
            "item": c.item,
            "basis": c.basis,
            "flow": c.flow,
            "declared_basis": c.declared_basis,
            "period": c.period,
            "year": c.year,
            "direction": c.direction or None,
            "part_of": index.breakdowns[c.list_id].total if c.list_id is not None else None,
            "links": dict(c.links),
            "label": c.label,
        }
        rows.append({k: v for k, v in row.items() if v not in (None, {}, "")})
    return rows


def render_claims(doc: Document, fmt: str, show_all: bool = False) -> str:
    rows = claims_as_dicts(doc, show_all)
    if fmt == "json":
        return json.dumps({"path": doc.path, "claims": rows}, ensure_ascii=False, indent=2) + "\n"
    out = []
    for r in rows:
        facets = " ".join(
            f"{k}={r[k]}"
            for k in (
                "metric",
                "subject",
                "item",
                "basis",
                "flow",
                "declared_basis",
                "period",
                "direction",
                "part_of",
                "links",
            )
            if k in r
        )
        where = f"{r['line']:>5}:{r['column']:<4}"
        out.append(f"{where} #{r['id']:<4} {r['kind']:<11} {r['value']:<16} {facets}  ← {r.get('label', '')}")
    return "\n".join(out) + ("\n" if out else "")
