"""Generated rule pages must match the rule files (regenerate with `python -m lint.docs docs/rules`)."""

from __future__ import annotations

from pathlib import Path

from lint.docs import write_rule_pages

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def test_rule_pages_are_fresh(tmp_path: Path) -> None:
    fresh = {p.name: p.read_text(encoding="utf-8") for p in write_rule_pages(tmp_path)}
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in fresh if committed.get(name) != fresh[name])
    extra = sorted(set(committed) - set(fresh))
    assert not stale and not extra, (
        f"stale pages {stale}, pages without a rule {extra}: run `python -m lint.docs docs/rules`"
    )
