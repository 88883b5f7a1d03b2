"""Region profiles (rules/profiles/<name>.yaml): grade bands and which budget a bare “预算” means."""

from __future__ import annotations

from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from lint.errors import ConfigError
from lint.paths import rules_dir
from lint.rules.spec import Band


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    budget_base: Literal["budget.initial", "budget.adjusted"] = "budget.adjusted"
    bands: tuple[Band, ...]


def profile_names() -> list[str]:
    return sorted(p.stem for p in (rules_dir() / "profiles").glob("*.yaml"))


@cache
def load_profile(name: str) -> Profile:
    path = rules_dir() / "profiles" / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(f"没有地区配置 {name!r}（可用：{', '.join(profile_names())}）")
    try:
        return Profile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"地区配置无效：{exc}", path=str(path)) from None
