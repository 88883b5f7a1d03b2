"""`difference`: actual against budget — 差值, 比预算减少, 决算数小于预算数, completion rates beside them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from fractions import Fraction

from lint.claims.model import Claim
from lint.rules.kinds.base import Context, Finding, fmt_value, judge, recomputed, related_to
from lint.rules.kinds.binding import unit_wide_paragraph
from lint.rules.loader import Rule
from lint.rules.spec import (
    DifferenceRule,
)
from lint.tolerance import Interval, operand_interval


def _nearest_amount(
    anchor_block: int,
    anchor_id: int,
    sentence: int,
    subject: str | None,
    ctx: Context,
    want: Callable[[Claim], bool],
    paragraph: bool,
) -> Claim | None:
    """The nearest amount before the anchor about the same thing: in its sentence, else in its paragraph."""
    for c in ctx.index.before(anchor_block, anchor_id):
        if c.kind != "amount" or c.subject != subject or c.quantity.approx:
            continue
        if c.period == "prior" or (c.list_id is not None and not c.subject_explicit and c.subject is None):
            continue
        if (c.sentence == sentence or paragraph) and want(c):
            return c
    return None


def _is_actual(c: Claim) -> bool:
    return c.basis == "actual"


def _is_budget(c: Claim) -> bool:
    return (c.basis or "").startswith("budget") and c.basis != "budget.change"


def _actual_and_budget(
    block: int, anchor_id: int, sentence: int, subject: str | None, ctx: Context, paragraph: bool
) -> tuple[Claim | None, Claim | None]:
    actual = _nearest_amount(block, anchor_id, sentence, subject, ctx, _is_actual, paragraph)
    if actual is None:  # 公务接待费69.2万元，年初预算为…: the item's own figure names no basis
        actual = _nearest_amount(
            block,
            anchor_id,
            sentence,
            subject,
            ctx,
            lambda c: c.basis is None and c.flow in (None, "expenditure"),
            False,
        )
    budget = _nearest_amount(block, anchor_id, sentence, subject, ctx, _is_budget, paragraph)
    return actual, budget


def _gap(actual: Claim, budget: Claim, level: str, ctx: Context) -> Interval:
    """actual − budget."""
    return operand_interval(actual.quantity, level, ctx.precision) - operand_interval(
        budget.quantity, level, ctx.precision
    )


def _magnitude(iv: Interval, direction: int) -> Interval:
    if direction > 0:
        return iv
    if direction < 0:
        return -iv
    if iv.lo >= 0:
        return iv
    if iv.hi <= 0:
        return -iv
    return Interval(Fraction(0), max(-iv.lo, iv.hi))


def _truth(gap: Interval, lang: str) -> str:
    """What the two amounts say: actual above, below or equal to the budget."""
    if gap.lo > 0:
        return "决算数大于预算数" if lang == "zh" else "actual above budget"
    if gap.hi < 0:
        return "决算数小于预算数" if lang == "zh" else "actual below budget"
    return "决算数与预算数相当" if lang == "zh" else "actual equal to budget"


def _pair(actual: Claim, budget: Claim, lang: str) -> str:
    if lang == "zh":
        return f"决算 {actual.quantity.raw}，预算 {budget.quantity.raw}"
    return f"actual {actual.quantity.raw}, budget {budget.quantity.raw}"


def run_difference(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: DifferenceRule = rule.spec
    wording = spec.wording_code or spec.code
    for d in ctx.index.claims:
        if d.kind != "difference" or d.quantity.approx:
            continue
        named = d.subject_explicit or unit_wide_paragraph(d, ctx)
        actual, budget = _actual_and_budget(d.block, d.id, d.sentence, d.subject, ctx, named)
        if actual is not None and budget is not None:
            ctx.checked.update([d.id, actual.id, budget.id])
            related = related_to(actual, budget)
            operands = f"{actual.quantity.raw} − {budget.quantity.raw}"
            gap = _gap(actual, budget, "strict", ctx)
            if d.direction and (
                gap.hi < 0 if d.direction > 0 else gap.lo > 0
            ):  # 超支 where it fell short, 减少 where it grew
                yield Finding(
                    wording,
                    d.start,
                    d.end,
                    {
                        "stated": d.label + d.quantity.raw,
                        "expected": _truth(gap, ctx.lang),
                        "operands": _pair(actual, budget, ctx.lang),
                    },
                    related,
                )
                continue

            def compute(level: str, actual: Claim = actual, budget: Claim = budget, d: Claim = d) -> Interval:
                return _magnitude(_gap(actual, budget, level, ctx), d.direction)

            level = judge(d.quantity, compute, opts=ctx.opts(spec.code))
            if level is not None:
                yield recomputed(spec.code, d, fmt_value(compute("exact").mid, d.quantity), operands, related, level)
            continue
        rate = next(
            (
                c
                for c in ctx.index.around(d.block, d.id)
                if c.sentence == d.sentence
                and c.kind == "rate"
                and c.metric == "rate.execution"
                and c.subject == d.subject
            ),
            None,
        )
        if actual is not None and rate is not None and d.direction:
            # 完成年初预算100%，决算数大于预算数55.93万元: the budget is the actual less the difference
            def implied(level: str, actual: Claim = actual, d: Claim = d) -> Interval:
                a = operand_interval(actual.quantity, level, ctx.precision)
                diff = operand_interval(d.quantity, level, ctx.precision)
                return a / (a - diff if d.direction > 0 else a + diff) * Interval.point(Fraction(100))

            ctx.checked.update([d.id, actual.id, rate.id])
            level = judge(rate.quantity, implied, opts=ctx.opts(spec.code))
            if level is not None:
                sign = "−" if d.direction > 0 else "+"
                yield recomputed(
                    wording,
                    rate,
                    fmt_value(implied("exact").mid, rate.quantity),
                    f"{actual.quantity.raw} ÷ ({actual.quantity.raw} {sign} {d.quantity.raw}) × 100%",
                    related_to(d, actual),
                    level,
                )
    for cmp in ctx.index.comparisons:
        if cmp.block < 0:
            continue
        block = ctx.index.in_block(cmp.block)
        ended = bisect_right(block, cmp.start, key=lambda c: c.end)  # the claims that end before the comparison
        anchor_id = block[ended - 1].id + 1 if ended else 0
        actual, budget = _actual_and_budget(cmp.block, anchor_id, cmp.sentence, cmp.subject, ctx, True)
        if actual is None or budget is None:
            continue
        gap = _gap(actual, budget, "strict", ctx)
        ctx.checked.update([actual.id, budget.id])
        contradicted = (
            (cmp.at_most and gap.lo > 0)
            or (not cmp.at_most and cmp.direction < 0 and gap.lo >= 0)
            or (not cmp.at_most and cmp.direction > 0 and gap.hi <= 0)
            or (not cmp.at_most and cmp.direction == 0 and not gap.contains_zero())
        )
        if contradicted:
            words = ctx.doc.text[cmp.start : cmp.end]
            yield Finding(
                wording,
                cmp.start,
                cmp.end,
                {
                    "stated": words,
                    "expected": _truth(gap, ctx.lang),
                    "operands": _pair(actual, budget, ctx.lang),
                },
                related_to(actual, budget),
            )
