"""Load and validate the rule pack; compile formulas once and cache them by the files' hash.

A warm start unpickles the compiled registry and never imports sympy.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_type_hints

from lint import __version__, yamlfile
from lint.errors import ConfigError, RuleError
from lint.expr import FormulaError, Tree, parse, solve_all
from lint.paths import rules_dir
from lint.rules.spec import DERIVED_CODE_FIELDS, FormulaRule, Profile, RuleSpec

if TYPE_CHECKING:
    from pydantic import TypeAdapter

FAMILIES = ("RAT", "SUM", "YOY", "CON", "UNT", "SCR", "DOC", "EXT", "LNT")


@dataclass
class Rule:
    spec: Any  # one of the RuleSpec models
    path: str
    solved: dict[str, Tree] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return str(self.spec.code)


@dataclass
class Registry:
    rules: dict[str, Rule]
    profiles: dict[str, Profile]
    digest: str

    def get(self, code: str) -> Rule:
        return self.rules[code]

    def profile(self, name: str) -> Profile:
        if name not in self.profiles:
            raise ConfigError(f"没有地区配置 {name!r}（可用：{', '.join(sorted(self.profiles))}）")
        return self.profiles[name]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)


def rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.yaml") if p.parent.name not in ("vocab", "profiles"))


def profile_files(directory: Path) -> list[Path]:
    return sorted((directory / "profiles").glob("*.yaml"))


def _kind_tags() -> frozenset[str]:
    """The `kind` values: pydantic puts the one it tried into an error's location."""
    return frozenset(tag for cls in get_args(RuleSpec) for tag in get_args(get_type_hints(cls)["kind"]))


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    """Built only when the cache is rebuilt: building one costs more than a whole warm `check`."""
    from pydantic import Field, TypeAdapter

    if kind == "profile":
        return TypeAdapter(Profile)
    return TypeAdapter(Annotated[RuleSpec, Field(discriminator="kind")])


def _validated(path: Path, kind: str) -> tuple[Any, Any]:
    """A rule or profile file as data, and its YAML tree; any problem names the file and the line."""
    from pydantic import ValidationError

    data, tree = yamlfile.parse(path.read_text(encoding="utf-8"), str(path), RuleError, with_tree=True)
    if not isinstance(data, dict):
        raise RuleError("文件内容应为映射（key: value）", path=str(path))
    try:
        return _adapter(kind).validate_python(data), tree
    except ValidationError as exc:
        message, loc = yamlfile.first_problem(exc, tags=_kind_tags() if kind == "rule" else frozenset())
        raise RuleError(message, path=str(path), line=yamlfile.line_of(tree, loc)) from None


def load_rule(path: Path) -> Rule:
    spec, tree = _validated(path, "rule")
    expected = f"{spec.code}-{spec.name}.yaml"
    if path.name != expected:
        raise RuleError(f"文件名应为 {expected}（与 code 和 name 一致）", path=str(path))
    if path.parent.name.upper() != spec.code[:3] or spec.code[:3] not in FAMILIES:
        raise RuleError(f"规则 {spec.code} 应放在 rules/{spec.code[:3].lower()}/ 目录", path=str(path))
    rule = Rule(spec=spec, path=str(path))
    if isinstance(spec, FormulaRule):
        allowed = set(spec.bind) if spec.source == "claims" else {"result", "expression"}
        try:
            if spec.source == "claims":
                if spec.check not in allowed:
                    raise FormulaError(f"check 变量 {spec.check} 未在 bind 中声明")
                rule.solved = solve_all(spec.formula, allowed)
            else:
                parse(spec.formula.partition("==")[2].strip() or "0", allowed)
        except FormulaError as exc:
            raise RuleError(str(exc), path=str(path), line=yamlfile.line_of(tree, ("formula",))) from None
    return rule


def _check_derived(rules: dict[str, Rule]) -> None:
    """Every derived code a rule may emit exists, is of kind `derived`, and lists that rule."""
    for rule in rules.values():
        for attr in DERIVED_CODE_FIELDS:
            target = getattr(rule.spec, attr, None)
            if target is None:
                continue
            derived = rules.get(target)
            if derived is None or derived.spec.kind != "derived" or rule.code not in derived.spec.emitted_by:
                raise RuleError(
                    f"{attr}: {target} 应为 kind: derived 的规则，且其 emitted_by 含 {rule.code}", path=rule.path
                )


_PICKLED_CODE = ("spec.py", "loader.py", "../expr.py")  # the classes and trees a cached registry holds


def _digest(files: list[Path]) -> str:
    """Rule files, vocabulary and the code whose objects the cache pickles: any change rebuilds it."""
    h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    here = Path(__file__).resolve().parent
    for name in _PICKLED_CODE:
        h.update((here / name).read_bytes())
    for p in files:
        h.update(str(p.relative_to(p.parents[1])).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:20]


def cache_dir() -> Path:
    env = os.environ.get("JXLINT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jxlint"


def load_registry(directory: Path | None = None, use_cache: bool = True) -> Registry:
    root = directory or rules_dir()
    files = rule_files(root)
    if not files:
        raise RuleError("没有找到任何规则文件", path=str(root))
    profiles = profile_files(root)
    digest = _digest(files + profiles + sorted((root / "vocab").glob("*.yaml")))
    cached = cache_dir() / f"rules-{digest}.pickle"
    if use_cache and cached.is_file():
        try:
            with cached.open("rb") as fh:
                registry = pickle.load(fh)
            if isinstance(registry, Registry) and registry.digest == digest:
                return registry
        except Exception:  # a stale or damaged cache is rebuilt, never trusted
            pass
    rules: dict[str, Rule] = {}
    for path in files:
        rule = load_rule(path)
        if rule.code in rules:
            raise RuleError(f"规则代码 {rule.code} 重复（另见 {rules[rule.code].path}）", path=str(path))
        rules[rule.code] = rule
    _check_derived(rules)
    registry = Registry(rules=rules, profiles={p.stem: _validated(p, "profile")[0] for p in profiles}, digest=digest)
    if use_cache:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(registry, fh)
            tmp.replace(cached)
        except OSError:
            pass  # a read-only home still lints, only more slowly
    return registry
