"""What every kind shares: findings, the run context, per-rule options and the severity ladder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from lint.claims.model import Claim, ClaimIndex
from lint.claims.quantity import Quantity
from lint.document import Document
from lint.rules.spec import (
    Band,
)
from lint.tolerance import LEVELS, Interval, round_half_up, stated_interval

LEVEL_SEVERITY = {"strict": None, "document": "warning", "exact": "info"}  # None: the rule's own


@dataclass
class Finding:
    code: str
    start: int  # Document.text span of the written value that is wrong
    end: int
    args: dict[str, str]
    related: list[tuple[int, int, str]] = field(default_factory=list)
    cap: str | None = None  # the loudest severity this finding may have


@dataclass(frozen=True)
class RuleOptions:
    """Per-rule settings from a profile or the configuration file."""

    slack: int = 0  # extra units of the stated value's last digit that are still accepted
    truncation: bool = False  # also accept a stated value that was cut off rather than rounded (32.24 for 32.2497)
    budget_base: str | None = None  # which budget a rate means when the sentence does not say (年初 / 调整后)
    bands: tuple[Band, ...] | None = None  # score → grade bands


@dataclass
class Context:
    doc: Document
    index: ClaimIndex
    precision: dict[str, int]
    lang: str = "zh"
    checked: set[int] = field(default_factory=set)
    rule_options: dict[str, RuleOptions] = field(default_factory=dict)
    unit_figures: list[Claim] | None = None  # figures about the unit as a whole (binding.py), found once

    def claim(self, claim_id: int) -> Claim:
        return self.index.claims[claim_id]

    def opts(self, code: str) -> RuleOptions:
        return self.rule_options.get(code) or RuleOptions()


def judge(
    stated: Quantity,
    compute: Callable[[str], Interval],
    levels: tuple[str, ...] = LEVELS,
    opts: RuleOptions | None = None,
) -> str | None:
    """The first trust level at which `stated` is inconsistent with the recomputation, if any.

    A value that fits only when read as cut off rather than rounded (3.63% for 3.6379%) is a habit, not
    a contradiction: it is reported at the "exact" level (info) unless the rule allows truncation.
    """
    slack, truncation = (opts.slack, opts.truncation) if opts else (0, False)
    target = stated_interval(stated, slack, truncation)
    try:
        # the levels narrow one another (strict ⊇ document ⊇ exact): what fits the narrowest fits all,
        # and most written values do fit, so one evaluation usually settles it
        if compute(levels[-1]).meets(target):
            return None
    except ZeroDivisionError:
        return None
    for level in levels:
        try:
            if not compute(level).meets(target):
                if level != "exact" and compute(level).meets(stated_interval(stated, slack, True)):
                    return "exact" if "exact" in levels else None
                return level
        except ZeroDivisionError:
            return None
    return None


def written_as_fraction(stated: Quantity, compute: Callable[[str], Interval]) -> bool:
    """0.02% where 2.21% is due: the author wrote the ratio 0.0221, not the percentage."""
    if stated.dimension != "percent" or stated.value == 0:
        return False
    scaled = Interval(
        Fraction(stated.value) * 100 - Fraction(50, 10**stated.decimals),
        Fraction(stated.value) * 100 + Fraction(50, 10**stated.decimals),
    )
    try:
        # a due value under 1% would make a one-digit “slip” a coincidence, not evidence
        return compute("exact").mid >= 1 and compute("strict").meets(scaled)
    except ZeroDivisionError:
        return False


def fmt_value(value: Fraction, like: Quantity) -> str:
    """A recomputed value written the way the stated one is (same unit, same decimals, 四舍五入)."""
    scale = like.scale
    decimals = max(like.decimals, 2) if like.dimension == "percent" else like.decimals
    shown = round_half_up(value / scale, decimals)
    unit = {"pp": "个百分点"}.get(like.unit, like.unit)
    return f"{shown}{unit}"


def cap_for(level: str, scope_cap: str | None) -> str | None:
    caps = [c for c in (LEVEL_SEVERITY[level], scope_cap) if c]
    order = {"info": 0, "warning": 1, "error": 2}
    return min(caps, key=order.__getitem__) if caps else None


def describe(c: Claim) -> str:
    """How a related value is shown: the words before it and the value (“决算收入 83 万元”)."""
    return f"{c.label[-16:]} {c.quantity.raw}".strip()


def related_to(*claims: Claim) -> list[tuple[int, int, str]]:
    """Related locations for the operands of a finding, each described by its own words."""
    return [(c.start, c.end, describe(c)) for c in claims]


def recomputed(
    code: str, claim: Claim, expected: str, operands: str, related: list[tuple[int, int, str]], level: str
) -> Finding:
    """The usual finding: a written value, what its operands give instead, and how."""
    return Finding(
        code,
        claim.start,
        claim.end,
        {"stated": claim.quantity.raw, "expected": expected, "operands": operands},
        related,
        cap=cap_for(level, None),
    )
