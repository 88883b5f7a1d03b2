"""`consistency`: the same fact stated twice with different values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.claims.model import Claim
from lint.rules.kinds.base import Context, Finding
from lint.rules.loader import Rule
from lint.rules.spec import (
    ConsistencyRule,
)
from lint.tolerance import written_interval


def run_consistency(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: ConsistencyRule = rule.spec
    first: dict[tuple[Any, ...], Claim] = {}
    for c in ctx.index.claims:
        if c.quantity.approx or c.period == "prior" or c.list_id is not None:
            continue
        if c.kind == "rate" and c.metric in spec.metrics and (c.subject_explicit or c.whole_unit):
            initial = c.declared_basis == "budget.initial"  # 年初 versus any later budget
            key: tuple[Any, ...] = ("rate", c.metric, c.subject, initial, c.year)
        elif (
            c.kind == "amount"
            and c.subject_explicit
            and c.subject
            and not c.subject.startswith(("item:", "row:"))
            and c.basis in ("actual", "budget", "budget.initial", "budget.adjusted")
            and c.cell is None
        ):
            key = ("amount", c.subject, c.item, c.basis, c.year)
        else:
            continue
        seen = first.get(key)
        if seen is None:
            first[key] = c
            continue
        ctx.checked.update([seen.id, c.id])
        if written_interval(seen.quantity).meets(written_interval(c.quantity)):
            continue
        yield Finding(
            spec.code,
            c.start,
            c.end,
            {"stated": c.quantity.raw, "expected": seen.quantity.raw, "operands": c.label[-12:]},
            [(seen.start, seen.end, ("first stated " if ctx.lang == "en" else "首次出现 ") + seen.quantity.raw)],
        )
