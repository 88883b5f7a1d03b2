"""Configuration: `.jxlint.yaml` or `[tool.jxlint]` in pyproject.toml, the nearest to each report wins.

Everything is validated strictly: an unknown key, rule code or option is a `ConfigError` (exit 2)
that names the key, the file and the line. Command-line options replace the file's values.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError, field_validator

from lint import yamlfile
from lint.engine import Options
from lint.errors import ConfigError
from lint.rules.kinds import RuleOptions
from lint.rules.loader import Registry
from lint.rules.spec import Band, Severity, rule_data
from lint.selectors import resolve, what_is_accepted
from lint.suppress import Waiver

if TYPE_CHECKING:
    from pydantic import TypeAdapter

CONFIG_NAMES = (".jxlint.yaml", ".jxlint.yml")
PYPROJECT = "pyproject.toml"
BUDGET_BASES = {"initial": "budget.initial", "adjusted": "budget.adjusted"}
# which per-rule options each engine kind reads (lint/rules/kinds/ `ctx.opts`)
KIND_OPTIONS: dict[str, set[str]] = {
    "formula": {"slack", "truncation", "budget_base"},
    "sum": {"slack", "truncation"},
    "change": {"slack", "truncation"},
    "bands": {"bands"},
}


# Plain dataclasses: validated (with pydantic) only when a configuration file exists, so that a run
# without one builds no pydantic schema at all.
@rule_data
class RuleConfig:
    slack: int | None = None
    truncation: bool | None = None
    budget_base: Literal["initial", "adjusted"] | None = None
    bands: tuple[Band, ...] | None = None

    @field_validator("slack")
    @classmethod
    def _slack(cls, v: int | None) -> int | None:
        if v is not None and v < 0:
            raise ValueError("slack 不能为负数")
        return v


@rule_data
class WaiverConfig:
    path: str
    code: str
    fingerprint: str
    reason: str
    reviewer: str | None = None
    until: date | None = None

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("reason 不能为空：豁免必须写明理由")
        return v.strip()


@rule_data
class ConfigModel:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: dict[str, RuleConfig] = field(default_factory=dict)
    profile: str | None = None
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: Severity | None = None
    waivers: tuple[WaiverConfig, ...] = ()


@cache
def _config_adapter() -> TypeAdapter[ConfigModel]:
    from pydantic import TypeAdapter

    return TypeAdapter(ConfigModel)


@dataclass(frozen=True)
class LoadedConfig:
    path: Path | None  # None: no configuration file, the defaults
    root: Path  # paths in the file (waivers, per-file globs) are relative to this directory
    model: ConfigModel
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)  # location → line, for waivers

    def line(self, *loc: Any) -> int | None:
        return self.lines.get(loc)

    def where(self, *loc: Any) -> str:
        line = self.line(*loc)
        name = _display(self.path) if self.path else "(默认配置)"
        return f"{name}:{line}" if line else name


@dataclass
class Overrides:
    """What the command line says; each given value replaces the configuration file's."""

    lang: str = "zh"
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: str | None = None
    profile: str | None = None


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


# --- reading one file --------------------------------------------------------------------------------------


def _toml_line(text: str, loc: tuple[Any, ...]) -> int | None:
    """Best effort for TOML (tomllib keeps no positions): the key's line inside the [tool.jxlint…] tables."""
    keys = [str(k) for k in loc if isinstance(k, str)]
    if not keys:
        return None
    in_table = False
    fallback: int | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped.strip("[]").strip()
            in_table = header == "tool.jxlint" or header.startswith("tool.jxlint.")
            if in_table and fallback is None and header.split(".")[-1].strip("\"'") in keys:
                fallback = number
            continue
        m = re.match(r"\s*[\"']?([^\"'=\s]+)[\"']?\s*=", line) if in_table else None
        if m and m.group(1) == keys[-1]:
            return number
        if m and fallback is None and m.group(1) in keys:
            fallback = number
    return fallback


def _jxlint_table(path: Path, text: str) -> Any:
    """[tool.jxlint] of a pyproject.toml, or None."""
    import tomllib  # only for a pyproject.toml: most runs read no configuration at all

    try:
        return tomllib.loads(text).get("tool", {}).get("jxlint")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"TOML 语法错误：{exc}", path=_display(path)) from None


def read_config(path: Path, registry: Registry) -> LoadedConfig:
    """Parse and validate one configuration file (`.jxlint.yaml` or a pyproject.toml with [tool.jxlint])."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件（{exc.strerror}）", path=_display(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("配置文件不是 UTF-8 编码", path=_display(path)) from None
    tree: Any = None
    if path.name == PYPROJECT:
        table = _jxlint_table(path, text)
        data: Any = {} if table is None else table
    else:
        data, tree = yamlfile.parse(text, _display(path), ConfigError, with_tree=True)
        data = {} if data is None else data

    def line(loc: tuple[Any, ...]) -> int | None:
        return yamlfile.line_of(tree, loc) if tree is not None else _toml_line(text, loc)

    def fail(message: str, loc: tuple[Any, ...]) -> ConfigError:
        return ConfigError(message, path=_display(path), line=line(loc))

    if not isinstance(data, dict):
        raise ConfigError("配置文件应为映射（key: value）", path=_display(path))
    try:
        model = _config_adapter().validate_python(data)
    except ValidationError as exc:
        message, loc = yamlfile.first_problem(exc, unknown="未知的配置项")
        raise fail(message, loc) from None

    def code_of(token: str, loc: tuple[Any, ...], *, exact: bool = False) -> str:
        target = resolve(token, registry)
        if target is None or (exact and target not in registry.rules):
            expected = "规则代码或规则名" if exact else what_is_accepted()
            raise fail(f"未知的规则 {token!r}（{'.'.join(str(p) for p in loc)}；应为{expected}）", loc)
        return target

    for key in ("select", "ignore"):
        for i, token in enumerate(getattr(model, key) or []):
            code_of(token, (key, i))
    for pattern, tokens in model.per_file_ignores.items():
        for i, token in enumerate(tokens):
            code_of(token, ("per_file_ignores", pattern, i))
    for token in model.severity:
        code_of(token, ("severity", token), exact=True)
    for token in model.rules:
        code = code_of(token, ("rules", token), exact=True)
        allowed = KIND_OPTIONS.get(registry.get(code).spec.kind, set())
        for name in data["rules"][token]:  # the options written (validation left them a mapping)
            if name not in allowed:
                what = "、".join(sorted(allowed)) or "无"
                raise fail(f"规则 {code} 没有选项 {name}（可用：{what}）", ("rules", token, name))
    if model.profile is not None:
        try:
            registry.profile(model.profile)
        except ConfigError as exc:
            raise fail(exc.message, ("profile",)) from None
    lines: dict[tuple[Any, ...], int] = {}
    for i, w in enumerate(model.waivers):
        code_of(w.code, ("waivers", i, "code"), exact=True)
        lines[("waivers", i)] = line(("waivers", i)) or 0
    return LoadedConfig(path=path.resolve(), root=path.resolve().parent, model=model, lines=lines)


# --- finding the file for a report -------------------------------------------------------------------------


def _pyproject_has_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "jxlint" not in text:
        return False
    return isinstance(_jxlint_table(path, text), dict)


def find_config(report: Path) -> Path | None:
    """The nearest `.jxlint.yaml` (or pyproject.toml with [tool.jxlint]) from the report's folder up."""
    for directory in report.resolve().parents:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        candidate = directory / PYPROJECT
        if candidate.is_file() and _pyproject_has_table(candidate):
            return candidate
    return None


# --- per-file options --------------------------------------------------------------------------------------


def glob_matches(pattern: str, relative: str) -> bool:
    """gitignore-like globs: `*` within a folder, `**` across folders; no `/` matches the file name."""
    pattern = pattern.strip().removeprefix("./")
    target = relative if "/" in pattern else PurePosixPath(relative).name
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(ch))
            i += 1
    return re.fullmatch("".join(out), target) is not None


def _relative(report: Path, root: Path) -> str:
    try:
        return PurePosixPath(Path(os.path.relpath(report.resolve(), root))).as_posix()
    except ValueError:
        return report.resolve().as_posix()


class ConfigResolver:
    """Options for each report: its nearest configuration (or the forced one), then the command line."""

    def __init__(self, registry: Registry, overrides: Overrides | None = None, forced: Path | None = None) -> None:
        self.registry = registry
        self.overrides = overrides or Overrides()
        self._loaded: dict[Path, LoadedConfig] = {}
        self._found: dict[Path, Path | None] = {}  # report folder → its nearest configuration file
        self._forced = self._load(forced) if forced is not None else None
        self._check_cli()

    def _check_cli(self) -> None:
        for option, tokens in (("--select", self.overrides.select), ("--ignore", self.overrides.ignore)):
            for token in tokens or []:
                if resolve(token, self.registry) is None:
                    raise ConfigError(f"{option}: 未知的规则 {token!r}（应为{what_is_accepted()}）")
        if self.overrides.profile is not None:
            try:
                self.registry.profile(self.overrides.profile)
            except ConfigError as exc:
                raise ConfigError(f"--profile: {exc.message}") from None

    def _load(self, path: Path) -> LoadedConfig:
        key = path.resolve()
        if key not in self._loaded:
            if not path.is_file():
                raise ConfigError("配置文件不存在", path=str(path))
            self._loaded[key] = read_config(path, self.registry)
        return self._loaded[key]

    def config_for(self, report: Path) -> LoadedConfig | None:
        if self._forced is not None:
            return self._forced
        folder = report.resolve().parent  # an audit of 500 reports in one folder walks up once, not 500 times
        if folder not in self._found:
            self._found[folder] = find_config(report)
        found = self._found[folder]
        return self._load(found) if found is not None else None

    def options_for(self, report: Path) -> Options:
        config = self.config_for(report)
        model = config.model if config else ConfigModel()
        o = self.overrides
        tokens = o.select if o.select is not None else model.select
        ignore_tokens = list(o.ignore if o.ignore is not None else model.ignore)
        waivers: list[Waiver] = []
        if config is not None:
            relative = _relative(report, config.root)
            for pattern, codes in model.per_file_ignores.items():
                if glob_matches(pattern, relative):
                    ignore_tokens.extend(codes)
            for i, w in enumerate(model.waivers):
                if posixpath.normpath(w.path.replace("\\", "/")) == relative:
                    waivers.append(
                        Waiver(
                            code=w.code,
                            fingerprint=w.fingerprint,
                            reason=w.reason,
                            source=config.where("waivers", i),
                            reviewer=w.reviewer,
                            until=w.until,
                        )
                    )
        return Options(
            lang=o.lang,
            select={self._code(t) for t in tokens} if tokens is not None else None,
            ignore={self._code(t) for t in ignore_tokens},
            severity={self._code(k): v for k, v in model.severity.items()},
            rule_options={self._code(k): _rule_options(v) for k, v in model.rules.items()},
            profile=o.profile if o.profile is not None else model.profile,
            fail_on=o.fail_on or model.fail_on or "error",
            waivers=waivers,
        )

    def _code(self, token: str) -> str:
        target = resolve(token, self.registry)
        assert target is not None  # validated when the file was read
        return target


def _rule_options(c: RuleConfig) -> RuleOptions:
    return RuleOptions(
        slack=c.slack or 0,
        truncation=bool(c.truncation),
        budget_base=BUDGET_BASES[c.budget_base] if c.budget_base else None,
        bands=tuple(c.bands) if c.bands else None,
    )
