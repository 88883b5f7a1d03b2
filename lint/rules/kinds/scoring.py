"""Scores: grade bands, one figure bounded by another (得分 ≤ 分值), full marks on a missed target."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from lint.claims.model import Claim
from lint.rules.kinds.base import Context, Finding, describe
from lint.rules.kinds.sums import named
from lint.rules.loader import Rule
from lint.rules.spec import (
    BandsRule,
    BoundRule,
)
from lint.tolerance import written_interval


def run_bands(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: BandsRule = rule.spec
    bands = ctx.opts(spec.code).bands or spec.bands
    ordered = sorted(bands, key=lambda b: -b.min)
    for g in ctx.index.grades:
        if g.score is None:
            continue
        score = ctx.claim(g.score).quantity
        ctx.checked.add(g.score)
        value = Fraction(score.value)
        expected = next((b.grade for b in ordered if value >= Fraction(str(b.min))), ordered[-1].grade)
        if expected != g.grade:
            yield Finding(
                spec.code,
                g.start,
                g.end,
                {"stated": g.raw, "expected": expected, "operands": score.raw},
                [(score.start, score.end, score.raw)],
            )


def run_bound(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: BoundRule = rule.spec
    claims = ctx.index.claims
    pairs: list[tuple[Claim, Claim]] = []
    for small in claims:
        if small.quantity.approx:
            continue
        if small.cell is not None and small.kind == spec.lesser:
            big = next(
                (
                    c
                    for c in ctx.index.in_block(small.block)
                    if c.kind == spec.greater and c.cell and c.cell[0] == small.cell[0]
                ),
                None,
            )
        elif small.kind == "amount" and named(small, spec.lesser):
            big = next(
                (
                    c
                    for c in ctx.index.in_block(small.block)
                    if c.kind == "amount"
                    and named(c, spec.greater)
                    and c.period == small.period
                    and c.cell == small.cell
                ),
                None,
            )
        else:
            continue
        if big is not None and not big.quantity.approx:
            pairs.append((small, big))
    for small, big in pairs:
        ctx.checked.update([small.id, big.id])
        a, b = small.quantity, big.quantity
        # rounding to the same places never reverses an order, so equal precision compares the written values
        same = a.unit == b.unit and a.decimals == b.decimals
        if (a.value > b.value) if same else written_interval(a).lo > written_interval(b).hi:
            yield Finding(
                spec.code,
                small.start,
                small.end,
                {"stated": small.quantity.raw, "expected": big.quantity.raw, "operands": big.label},
                [(big.start, big.end, describe(big))],
            )


_MISSES = {
    "≥": lambda got, want: got < want,
    ">": lambda got, want: got <= want,
    "≤": lambda got, want: got > want,
    "<": lambda got, want: got >= want,
    "=": lambda got, want: got != want,
}


def run_target(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """A row of the indicator table: target, achieved value, weight and score."""
    for achieved in ctx.index.claims:
        if achieved.kind != "achieved" or achieved.cell is None or achieved.quantity.approx:
            continue
        row = [c for c in ctx.index.in_block(achieved.block) if c.cell and c.cell[0] == achieved.cell[0]]
        by_kind = {c.kind: c for c in row}
        target, weight, score = by_kind.get("target"), by_kind.get("weight"), by_kind.get("score")
        if target is None or weight is None or score is None or target.quantity.unit != achieved.quantity.unit:
            continue
        ctx.checked.update([achieved.id, target.id, weight.id, score.id])
        missed = _MISSES[target.comparator or "="](achieved.quantity.value, target.quantity.value)
        if missed and score.quantity.value >= weight.quantity.value:
            yield Finding(
                rule.spec.code,
                score.start,
                score.end,
                {
                    "stated": score.quantity.raw,
                    "expected": f"{target.comparator if target.comparator != '=' else ''}{target.quantity.raw}",
                    "operands": achieved.quantity.raw,
                },
                [(target.start, target.end, describe(target)), (achieved.start, achieved.end, describe(achieved))],
            )
