"""Rule selectors as users write them: a code (RAT001), a family (RAT) or a rule name (rate-mismatch).

One resolver for the command line, the configuration file and inline directives, so the three
accept the same spellings and refuse the same typos.
"""

from __future__ import annotations

import re

from lint.rules.loader import FAMILIES, Registry

_SPLIT = re.compile(r"[\s,，、]+")


def split_list(text: str) -> list[str]:
    """`RAT001, SUM` / `RAT001 SUM` → ["RAT001", "SUM"]."""
    return [t for t in _SPLIT.split(text.strip()) if t]


def resolve(token: str, registry: Registry) -> str | None:
    """The code or family prefix that `token` stands for, or None when it names nothing known."""
    if token in registry.rules or token in FAMILIES:
        return token
    for rule in registry.rules.values():
        if token in (rule.spec.name, *rule.spec.aliases):
            return rule.code
    return None


def what_is_accepted() -> str:
    """A short reminder of what may be written, for error messages."""
    return "规则代码（RAT001）、规则族（" + "、".join(FAMILIES) + "）或规则名（rate-mismatch）"
