"""Rule pages (for `jxlint explain` and docs/rules/) and the rule list, rendered from the rule files."""

from __future__ import annotations

import json
from pathlib import Path

from lint.rules.loader import Registry, Rule, load_registry

KIND_TITLES = {
    "formula": "公式",
    "sum": "求和",
    "change": "增减",
    "consistency": "一致性",
    "bands": "分数段",
    "pattern": "文本模式",
    "derived": "派生",
}


def rules_table(fmt: str = "table", registry: Registry | None = None) -> str:
    registry = registry or load_registry()
    rows = [
        {"code": r.code, "name": r.spec.name, "severity": r.spec.severity, "kind": r.spec.kind, "title": r.spec.title}
        for r in registry
    ]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    return "".join(f"{r['code']}  {r['severity']:<7}  {r['kind']:<11}  {r['name']:<28}  {r['title']}\n" for r in rows)


def rule_page(rule: Rule, registry: Registry | None = None) -> str:
    """The rule's page in Markdown: what, why, basis, tolerance, examples with their real output."""
    from lint.api import check_text
    from lint.engine import Options

    s = rule.spec
    lines = [
        f"# {s.code} {s.name}",
        "",
        f"**{s.title}**",
        "",
        f"- 类型（kind）：{s.kind}（{KIND_TITLES.get(s.kind, s.kind)}）",
        f"- 默认级别：{s.severity}",
    ]
    if s.kind == "formula":
        lines.append(f"- 公式：`{s.formula}`")
    if s.kind == "derived" and s.emitted_by:
        lines.append(f"- 由以下规则产生：{', '.join(s.emitted_by)}")
    elif s.kind == "derived":
        lines.append("- 由 jxlint 在处理抑制指令和豁免时产生（见 docs/suppression.md）")
    lines += ["", "## 检查什么", "", s.docs.what.strip(), "", "## 为什么", "", s.docs.why.strip()]
    if s.docs.basis:
        lines += ["", "## 依据", ""] + [f"- {b}" for b in s.docs.basis]
    if s.docs.tolerance:
        lines += ["", "## 容差", "", s.docs.tolerance.strip()]
    if s.docs.notes:
        lines += ["", "## 说明", "", s.docs.notes.strip()]
    lines += ["", "## 示例", ""]
    for ex in s.examples:
        lines += [f"### {ex.title}", "", "```text", ex.text.rstrip(), "```", ""]
        report = check_text(ex.text, Options(), registry, path="example.txt")
        shown = [d for d in report.diagnostics if d.code == s.code] or []
        if shown:
            lines += ["输出：", "", "```text"]
            lines += [f"example.txt:{d.location.line}:{d.location.column}: {d.code} {d.message}" for d in shown]
            lines += ["```", ""]
        else:
            lines += ["输出：无问题。", ""]
    lines += ["## 消息", "", f"- 中文：{s.message.zh}", f"- English: {s.message.en}", ""]
    return "\n".join(lines)


def write_rule_pages(directory: Path, registry: Registry | None = None) -> list[Path]:
    """Write docs/rules/<CODE>.md and the index; returns the files written."""
    registry = registry or load_registry()
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    index = ["# 规则一览", "", "| 代码 | 名称 | 级别 | 类型 | 说明 |", "|---|---|---|---|---|"]
    for rule in registry:
        page = directory / f"{rule.code}.md"
        page.write_text(rule_page(rule, registry), encoding="utf-8")
        written.append(page)
        s = rule.spec
        index.append(f"| [{s.code}]({s.code}.md) | {s.name} | {s.severity} | {s.kind} | {s.title} |")
    (directory / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    written.append(directory / "index.md")
    return written


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/rules")
    for path in write_rule_pages(target):
        print(path)
