"""The extraction vocabulary, loaded from `rules/vocab/*.yaml` (data, not code)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lint import yamlfile
from lint.errors import RuleError
from lint.paths import rules_dir


@dataclass(frozen=True)
class Metric:
    id: str
    title: str
    kind: str
    aliases: tuple[str, ...]
    needs_money_context: tuple[str, ...] = ()


@dataclass(frozen=True)
class AliasTable:
    """Alias → id lookup that finds the alias nearest to the end of a label (longest on ties)."""

    entries: tuple[tuple[str, str], ...]
    pattern: re.Pattern[str] = field(compare=False)

    @classmethod
    def build(cls, mapping: dict[str, list[str]]) -> AliasTable:
        entries = tuple(sorted(((a, k) for k, v in mapping.items() for a in v), key=lambda e: -len(e[0])))
        lookup = "|".join(re.escape(a) for a, _ in entries) or "(?!)"
        return cls(entries, re.compile(f"(?=({lookup}))"))

    def nearest(self, text: str) -> tuple[str, str, int] | None:
        """(id, alias, end offset) of the alias ending last in `text`; longest wins on equal ends."""
        best: tuple[str, str, int] | None = None
        ids = dict(self.entries)
        for m in self.pattern.finditer(text):
            alias = m.group(1)
            # the lookahead gives the longest alias starting here (entries are sorted longest first)
            end = m.start() + len(alias)
            if best is None or end > best[2] or (end == best[2] and len(alias) > len(best[1])):
                best = (ids[alias], alias, end)
        return best

    def find_all(self, text: str) -> list[tuple[str, str, int, int]]:
        ids = dict(self.entries)
        out = []
        for m in self.pattern.finditer(text):
            alias = m.group(1)
            out.append((ids[alias], alias, m.start(), m.start() + len(alias)))
        return out


@dataclass(frozen=True)
class Vocabulary:
    metrics: dict[str, Metric]
    metric_aliases: AliasTable
    bases: AliasTable
    flows: AliasTable
    neutral: tuple[str, ...]
    whole_unit: tuple[str, ...]
    subjects: AliasTable
    subject_titles: dict[str, str]
    items: AliasTable
    generic_subject: re.Pattern[str]
    generic_noise: tuple[str, ...]
    breakdown: tuple[str, ...]
    yoy_markers: tuple[str, ...]
    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    unchanged: tuple[str, ...]
    share: tuple[str, ...]
    grades: dict[str, str]  # written grade word → canonical grade
    score_words: tuple[str, ...]
    digest: str


def _load(path: Path) -> dict[str, Any]:
    try:
        data, _ = yamlfile.parse(path.read_text(encoding="utf-8"), str(path), RuleError)
    except OSError as exc:
        raise RuleError(f"无法读取词表：{exc.strerror}", path=str(path)) from None
    if not isinstance(data, dict):
        raise RuleError("词表应为映射（key: value）", path=str(path))
    return data


def _strings(data: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{key} 应为字符串列表", path=str(path))
    return tuple(value)


def load_vocabulary(directory: Path | None = None) -> Vocabulary:
    import hashlib

    base = directory or rules_dir() / "vocab"
    files = {name: base / f"{name}.yaml" for name in ("metrics", "bases", "subjects", "phrases", "items")}
    raw = {name: _load(path) for name, path in files.items()}
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files.values())).hexdigest()[:16]

    metrics: dict[str, Metric] = {}
    for mid, spec in (raw["metrics"].get("metrics") or {}).items():
        if not isinstance(spec, dict) or "aliases" not in spec:
            raise RuleError(f"指标 {mid} 缺少 aliases", path=str(files["metrics"]))
        metrics[mid] = Metric(
            id=mid,
            title=str(spec.get("title", mid)),
            kind=str(spec.get("kind", "other")),
            aliases=tuple(spec["aliases"]),
            needs_money_context=tuple(spec.get("needs_money_context", [])),
        )
    bases = raw["bases"]
    subjects = raw["subjects"]
    phrases = raw["phrases"]
    suffixes = _strings(subjects, "generic_suffixes", files["subjects"])
    generic = re.compile(
        r"([\u4e00-\u9fff（）()]{0,14}?(?:" + "|".join(map(re.escape, suffixes)) + "))" if suffixes else "(?!)"
    )
    grades = {word: grade for grade, words in (phrases.get("grades") or {}).items() for word in words}
    return Vocabulary(
        metrics=metrics,
        metric_aliases=AliasTable.build({m.id: list(m.aliases) for m in metrics.values()}),
        bases=AliasTable.build(bases.get("bases") or {}),
        flows=AliasTable.build(bases.get("flows") or {}),
        neutral=_strings(bases, "neutral", files["bases"]),
        whole_unit=_strings(bases, "whole_unit", files["bases"]),
        subjects=AliasTable.build(subjects.get("subjects") or {}),
        subject_titles={k: v[0] for k, v in (subjects.get("subjects") or {}).items()},
        items=AliasTable.build(raw["items"].get("items") or {}),
        generic_subject=generic,
        generic_noise=_strings(subjects, "generic_prefix_noise", files["subjects"]),
        breakdown=_strings(phrases, "breakdown", files["phrases"]),
        yoy_markers=_strings(phrases, "yoy_markers", files["phrases"]),
        increase=_strings(phrases, "increase", files["phrases"]),
        decrease=_strings(phrases, "decrease", files["phrases"]),
        unchanged=_strings(phrases, "unchanged", files["phrases"]),
        share=_strings(phrases, "share", files["phrases"]),
        grades=grades,
        score_words=_strings(phrases, "score_words", files["phrases"]),
        digest=digest,
    )


@cache
def vocabulary() -> Vocabulary:
    return load_vocabulary()
