"""`sum`: totals against their parts — 其中 lists, named components, shares, table 合计 rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction

from lint.claims.model import Claim
from lint.rules.kinds.base import Context, Finding, cap_for, fmt_value, judge, related_to
from lint.rules.loader import Rule
from lint.rules.spec import (
    SumRule,
)
from lint.tolerance import Interval, operand_interval, round_half_up, written_interval

SUM_LEVELS = ("strict", "document")


def _check_sum(total: Claim, parts: list[Claim], ctx: Context, rule: SumRule, source: str) -> Finding | None:
    assigned = total.kind in ("score", "weight")  # scores are given, not measured and rounded

    def compute(level: str) -> Interval:
        acc = Interval.point(Fraction(0))
        for p in parts:
            acc = acc + (
                Interval.point(p.quantity.in_base()) if assigned else operand_interval(p.quantity, level, ctx.precision)
            )
        return acc

    # parts are rounded one by one, so a drift of a unit in the last place (尾差) is normal: no exact level
    level = judge(total.quantity, compute, SUM_LEVELS, ctx.opts(rule.code))
    ctx.checked.update([total.id, *(p.id for p in parts)])
    if level is None:
        return None
    exact = compute("exact").mid
    stated = total.quantity.in_base()
    if (
        source == "breakdown"
        and exact < stated
        and (stated - exact) > stated * Fraction(rule.near_miss).limit_denominator(1000)
    ):
        return None  # far short of the total: most likely the list names only some parts
    return Finding(
        rule.code,
        total.start,
        total.end,
        {
            "stated": total.quantity.raw,
            "expected": fmt_value(
                exact, replace(total.quantity, decimals=max(x.quantity.decimals for x in [total, *parts]))
            ),
            "operands": " + ".join(p.quantity.raw for p in parts),
        },
        [(p.start, p.end, p.label[-16:] + " " + p.quantity.raw) for p in parts],
        cap=cap_for(level, None),
    )


def run_sum(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: SumRule = rule.spec
    if spec.source == "breakdown":
        yield from _breakdown_sums(spec, ctx)
    elif spec.source == "shares":
        yield from _share_sums(spec, ctx)
    elif spec.source == "table":
        for bd in ctx.index.breakdowns:
            total = ctx.index.claims[bd.total]
            if bd.source == "table" and total.kind in spec.claim_kinds:
                finding = _check_sum(total, [ctx.index.claims[i] for i in bd.parts], ctx, spec, "table")
                if finding:
                    yield finding
    else:
        yield from _component_sums(spec, ctx)


def _share_sums(spec: SumRule, ctx: Context) -> Iterator[Finding]:
    """The shares stated for every part of one 其中 list add up to 100%. Shares that have their own
    amounts are checked one by one (RAT002); this catches lists of shares written without amounts."""
    claims = ctx.index.claims
    for bd in ctx.index.breakdowns:
        shares = [claims[i] for i in bd.shares]
        if len(shares) < 2 or (bd.parts and len(shares) != len(bd.parts)):
            continue
        if all("part" in c.links for c in shares):
            continue

        def total(level: str, shares: list[Claim] = shares) -> Interval:
            acc = Interval.point(Fraction(0))
            for c in shares:
                acc = acc + written_interval(c.quantity)
            return acc

        ctx.checked.update(c.id for c in shares)
        if total("strict").meets(Interval.point(Fraction(100))):
            continue
        last = shares[-1]
        yield Finding(
            spec.code,
            last.start,
            last.end,
            {
                "stated": " + ".join(c.quantity.raw for c in shares),
                "expected": f"{round_half_up(total('exact').mid, max(c.quantity.decimals for c in shares))}%",
                "operands": last.quantity.raw,
            },
            related_to(*shares[:-1]),
        )


def _budget_or_actual(c: Claim) -> str | None:
    """The basis that matters when parts are grouped: a budget or an actual figure (结转结余 is neither)."""
    return c.basis if c.basis == "actual" or (c.basis or "").startswith("budget") else None


def _breakdown_sums(spec: SumRule, ctx: Context) -> Iterator[Finding]:
    """其中 lists; a list that mixes budget and actual figures is checked per basis."""
    claims = ctx.index.claims
    for bd in ctx.index.breakdowns:
        total = claims[bd.total]
        parts = [claims[i] for i in bd.parts]
        if bd.source != "list" or not parts or total.quantity.approx:
            continue
        # 决算 line items without a basis (结余分配, 年末结转和结余) go with whatever the list is about
        bases = {_budget_or_actual(p) for p in parts if not (p.item is not None and _budget_or_actual(p) is None)}
        if len(bases) <= 1:
            if _budget_or_actual(total) not in bases and None not in bases and total.basis is not None:
                continue
            groups = [(total, parts)]
        else:
            groups = []
            for basis in bases - {None}:
                group = [p for p in parts if _budget_or_actual(p) == basis]
                same = [
                    c
                    for c in reversed(ctx.index.in_block(total.block))
                    if c.id <= bd.total
                    and c.kind == "amount"
                    and c.basis == basis
                    and c.subject == total.subject
                    and c.list_id is None
                ]
                if same and len(group) >= 2:
                    groups.append((same[0], group))
        for tot, group in groups:
            named = [p.subject for p in group if p.subject_explicit and p.subject != tot.subject]
            if len(named) != len(set(named)):
                continue  # the same item twice: not a list of parts
            restating = [p for p in group if p.quantity.in_base() == tot.quantity.in_base()]
            if len(restating) == 1 and len(group) > 2:
                group = [p for p in group if p is not restating[0]]
            finding = _check_sum(tot, group, ctx, spec, "breakdown")
            if finding:
                yield finding


def named(c: Claim, name: str) -> bool:
    return c.subject == name or c.item == name


def _component_sums(spec: SumRule, ctx: Context) -> Iterator[Finding]:
    """A named total (“三公”经费, 收入总计 …) against its named parts: parts listed under it (其中), or
    stated in the same paragraph with the same basis (the same sentence when neither names a basis)."""
    listed_under: dict[int, set[int]] = {}
    for bd in ctx.index.breakdowns:
        listed_under.setdefault(bd.total, set()).update(bd.parts)
    mentions: dict[int, Counter[str | None]] = {}  # block → how often each 决算 line item is stated
    for total in ctx.index.claims:
        if total.kind != "amount" or not named(total, spec.total or "") or total.list_id is not None:
            continue
        listed = listed_under.get(total.id, set())
        if total.block not in mentions:
            mentions[total.block] = Counter(x.item for x in ctx.index.in_block(total.block) if x.kind == "amount")
        block = ctx.index.around(total.block, total.id)

        def fits(c: Claim, name: str, total: Claim = total, listed: set[int] = listed) -> bool:
            if c.kind != "amount" or c.id == total.id or c.period != total.period or c.quantity.approx:
                return False
            if total.cell is not None and (c.cell is None or c.cell[1] != total.cell[1]):
                return False
            if c.id in listed:
                return _budget_or_actual(c) in (None, _budget_or_actual(total))
            if total.item is not None and total.item == spec.total:
                # 决算 line items are all final figures: the one mention of the item in this paragraph
                return mentions[total.block][name] == 1
            return c.basis == total.basis and c.basis is not None

        parts: list[Claim] = []
        complete = True
        for name in [*spec.parts, *spec.optional_parts]:
            match = next((c for c in block if named(c, name) and fits(c, name)), None)
            if match is not None:
                parts.append(match)
            elif name in spec.parts:
                complete = False
                break
        if complete and parts:
            finding = _check_sum(total, parts, ctx, spec, "components")
            if finding:
                yield finding
