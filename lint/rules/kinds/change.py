"""`change`: 比上年增加/减少 X，增长/下降 Y% against the current and prior values."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from lint.claims.model import Claim
from lint.rules.kinds.base import (
    Context,
    Finding,
    fmt_value,
    judge,
    recomputed,
    related_to,
    written_as_fraction,
)
from lint.rules.loader import Rule
from lint.rules.spec import (
    ChangeRule,
)
from lint.tolerance import Interval, operand_interval


def _prior_interval(current: Claim, change: Claim, prior: Claim | None, level: str, ctx: Context) -> Interval:
    """The previous year's value: stated, or current ∓ change."""
    if prior is not None:
        return operand_interval(prior.quantity, level, ctx.precision)
    cur = operand_interval(current.quantity, level, ctx.precision)
    ch = operand_interval(change.quantity, level, ctx.precision)
    return cur - ch if change.direction > 0 else cur + ch


def _change_amount(code: str, change: Claim, current: Claim, prior: Claim, ctx: Context) -> Finding | None:
    """比上年增加/减少 X against the two years' values when both are written."""

    def amount(level: str) -> Interval:
        diff = operand_interval(current.quantity, level, ctx.precision) - operand_interval(
            prior.quantity, level, ctx.precision
        )
        return diff if change.direction > 0 else -diff

    level = judge(change.quantity, amount, opts=ctx.opts(code))
    ctx.checked.update([change.id, current.id, prior.id])
    if level is None:
        return None
    return recomputed(
        "",
        change,
        fmt_value(amount("exact").mid, change.quantity),
        f"{current.quantity.raw} − {prior.quantity.raw}",
        related_to(current, prior),
        level,
    )


def _change_rate(
    spec: ChangeRule, rate: Claim, change: Claim, current: Claim, prior: Claim | None, ctx: Context
) -> Finding | None:
    """增长/下降 Y% against 增减额 ÷ 上年数, and the direction words against each other."""
    code = spec.code
    ctx.checked.update([rate.id, change.id, current.id])
    if rate.direction != change.direction:
        return Finding(
            spec.direction_code or code,
            rate.start,
            rate.end,
            {
                "stated": rate.quantity.raw,
                "expected": "方向相反" if ctx.lang == "zh" else "opposite direction",
                "operands": f"{change.label[-4:]}{change.quantity.raw} / {rate.label[-4:]}{rate.quantity.raw}",
            },
            [(change.start, change.end, change.quantity.raw)],
        )

    def pct(level: str) -> Interval:
        ch = operand_interval(change.quantity, level, ctx.precision)
        return ch / _prior_interval(current, change, prior, level, ctx) * Interval.point(Fraction(100))

    level = judge(rate.quantity, pct, opts=ctx.opts(code))
    if level is None:
        return None
    sign = "−" if change.direction > 0 else "+"
    prior_text = prior.quantity.raw if prior else f"{current.quantity.raw} {sign} {change.quantity.raw}"
    if level == "strict" and spec.fraction_slip_code and written_as_fraction(rate.quantity, pct):
        code = spec.fraction_slip_code
    return recomputed(
        code,
        rate,
        fmt_value(pct("exact").mid, rate.quantity),
        f"{change.quantity.raw} ÷ ({prior_text}) × 100%",
        related_to(change, current),
        level,
    )


def run_change(rule: Rule, ctx: Context) -> Iterator[Finding]:
    claims = ctx.index.claims
    for change in claims:
        rate_based = {"current_rate", "prior_rate"} <= set(change.links) and "current" not in change.links
        if change.kind in ("change_points", "change_rate") and rate_based:
            rated = _rate_change(rule.spec, change, ctx)
            if rated is not None:
                yield rated
            continue
        if change.kind != "change" or "current" not in change.links:
            continue
        current = claims[change.links["current"]]
        if current.subject != change.subject or current.quantity.approx or change.quantity.approx:
            continue
        prior = claims[change.links["prior"]] if "prior" in change.links else None
        finding = _change_amount(rule.code, change, current, prior, ctx) if prior is not None else None
        if finding is None:
            rate = next(
                (
                    c
                    for c in ctx.index.after(change.block, change.id)
                    if c.sentence == change.sentence
                    and c.kind == "change_rate"
                    and c.subject == change.subject
                    and c.links.get("current") == current.id
                ),
                None,
            )
            finding = _change_rate(rule.spec, rate, change, current, prior, ctx) if rate is not None else None
        if finding is not None:
            finding.code = finding.code or rule.code
            yield finding


def _rate_change(spec: ChangeRule, change: Claim, ctx: Context) -> Finding | None:
    """A rate against last year's rate: 提高X个百分点 is the difference; 增长Y% is relative to last year
    (Y% where the difference in points is due is a 百分点 slip)."""
    claims = ctx.index.claims
    current, prior = claims[change.links["current_rate"]], claims[change.links["prior_rate"]]
    ctx.checked.update([change.id, current.id, prior.id])

    def points(level: str) -> Interval:
        diff = operand_interval(current.quantity, level, ctx.precision) - operand_interval(
            prior.quantity, level, ctx.precision
        )
        return diff if change.direction > 0 else -diff

    def relative(level: str) -> Interval:
        return points(level) / operand_interval(prior.quantity, level, ctx.precision) * Interval.point(Fraction(100))

    compute = points if change.kind == "change_points" else relative
    level = judge(change.quantity, compute, opts=ctx.opts(spec.code))
    if level is None:
        return None
    code = spec.code
    expected = fmt_value(compute("exact").mid, change.quantity)
    if change.kind == "change_rate" and spec.points_code and judge(change.quantity, points) is None:
        code, expected = spec.points_code, fmt_value(points("exact").mid, change.quantity).rstrip("%")
    return recomputed(
        code, change, expected, f"{current.quantity.raw} − {prior.quantity.raw}", related_to(current, prior), level
    )
