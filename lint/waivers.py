"""`jxlint check --add-waivers`: write a waiver for each current finding into the nearest config file.

Reports are never modified (docx and pdf cannot carry comments anyway). The configuration file is
edited as text, so its comments and layout stay; the result is validated before it is kept.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from lint.config import PYPROJECT, ConfigResolver, read_config
from lint.diagnostics import RunReport
from lint.errors import ConfigError

NEW_CONFIG = ".jxlint.yaml"


@dataclass(frozen=True)
class Entry:
    path: str
    code: str
    fingerprint: str
    reason: str
    note: str  # where and what, written as a comment above the waiver (YAML only)


def default_reason(lang: str, today: date | None = None) -> str:
    day = (today or date.today()).isoformat()
    if lang == "en":
        return f"to be explained (added by jxlint check --add-waivers on {day})"
    return f"待说明（{day} 由 jxlint check --add-waivers 添加）"


def _relative(report: Path, root: Path) -> str:
    return PurePosixPath(Path(os.path.relpath(report.resolve(), root))).as_posix()


def plan(report: RunReport, resolver: ConfigResolver, reason: str) -> dict[Path, list[Entry]]:
    """Which config file gets which waivers: the report's nearest config, else a new `.jxlint.yaml` beside it."""
    out: dict[Path, list[Entry]] = {}
    for f in report.files:
        findings = [d for d in f.diagnostics if not d.code.startswith("LNT")]  # LNT findings are fixed, not waived
        if f.errors or not findings:
            continue
        config = resolver.config_for(Path(f.path))
        target = (
            config.path
            if config is not None and config.path is not None
            else Path(f.path).resolve().parent / NEW_CONFIG
        )
        entries = out.setdefault(target, [])
        rel = _relative(Path(f.path), target.parent)
        seen = {(e.path, e.code, e.fingerprint) for e in entries}
        for d in findings:
            key = (rel, d.code, d.fingerprint)
            if key in seen:
                continue
            seen.add(key)
            note = f"{rel}:{d.location.line}:{d.location.column} {d.code} {d.message}"
            entries.append(Entry(rel, d.code, d.fingerprint, reason, " ".join(note.split())))
    return out


def _q(text: str) -> str:
    """A double-quoted scalar, valid in YAML and TOML alike."""
    return json.dumps(text, ensure_ascii=False)


def _yaml_items(entries: list[Entry], indent: int) -> str:
    pad = " " * indent
    lines: list[str] = []
    for e in entries:
        lines.append(f"{pad}# {e.note}")
        lines.append(f"{pad}- path: {_q(e.path)}")
        for key, value in (("code", e.code), ("fingerprint", e.fingerprint), ("reason", e.reason)):
            lines.append(f"{pad}  {key}: {_q(value)}")
    return "\n".join(lines) + "\n"


def _waivers_node(text: str) -> tuple[Any, Any]:
    tree = yaml.compose(text)
    if not isinstance(tree, yaml.MappingNode):
        return tree, None
    return tree, next((v for k, v in tree.value if k.value == "waivers"), None)


def add_to_yaml(text: str, entries: list[Entry]) -> str:
    tree, node = _waivers_node(text)
    if tree is not None and not isinstance(tree, yaml.MappingNode):
        raise ConfigError("配置文件应为映射（key: value），无法追加豁免")
    if node is None:  # also a new, empty or comments-only file
        return text + ("" if not text or text.endswith("\n") else "\n") + "waivers:\n" + _yaml_items(entries, 2)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        indent = node.start_mark.column
        end = node.end_mark.index
        head = text[:end].rstrip()
        # keep a comment that stood on the last item's line
        line_end = text.find("\n", len(head))
        cut = len(text) if line_end < 0 else line_end + 1
        return text[:cut] + ("" if text[:cut].endswith("\n") else "\n") + _yaml_items(entries, indent) + text[cut:]
    if (isinstance(node, yaml.SequenceNode) and not node.value) or (
        isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"
    ):
        start, end = node.start_mark.index, node.end_mark.index
        rest = text[end:]
        return text[:start].rstrip(" ") + "\n" + _yaml_items(entries, 2) + rest.lstrip(" ").removeprefix("\n")
    raise ConfigError("配置文件中的 waivers 不是列表，无法追加豁免")


def add_to_pyproject(text: str, entries: list[Entry]) -> str:
    blocks = [
        "[[tool.jxlint.waivers]]\n"
        + "".join(
            f"{key} = {_q(value)}\n"
            for key, value in (("path", e.path), ("code", e.code), ("fingerprint", e.fingerprint), ("reason", e.reason))
        )
        for e in entries
    ]
    new = text + ("" if text.endswith("\n") else "\n") + "\n" + "\n".join(blocks)
    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        raise ConfigError(
            "pyproject.toml 中的 waivers 写成了行内数组，无法追加；请改用 [[tool.jxlint.waivers]] 或 .jxlint.yaml"
        ) from None
    return new


def write(target: Path, entries: list[Entry], resolver: ConfigResolver) -> None:
    old = target.read_text(encoding="utf-8") if target.is_file() else None
    if target.name == PYPROJECT:
        if old is None:
            raise ConfigError("pyproject.toml 不存在", path=str(target))
        new = add_to_pyproject(old, entries)
    else:
        new = add_to_yaml(old or "", entries)
    with target.open("w", encoding="utf-8", newline="") as fh:
        fh.write(new)
    try:
        read_config(target, resolver.registry)  # what we wrote must load, or nothing is changed
    except ConfigError:
        if old is None:
            target.unlink()
        else:
            with target.open("w", encoding="utf-8", newline="") as fh:
                fh.write(old)
        raise


def add_waivers(report: RunReport, resolver: ConfigResolver, reason: str) -> list[tuple[Path, int]]:
    """Append the waivers; returns each config file written and how many waivers it got."""
    written: list[tuple[Path, int]] = []
    for target, entries in plan(report, resolver, reason).items():
        write(target, entries, resolver)
        written.append((target, len(entries)))
    return written
