"""The engine kinds. Each takes a rule and the file's context and yields findings that say only
what and where; the engine stamps code, severity and message."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from lint.claims.model import Claim, ClaimIndex
from lint.claims.quantity import MONEY_SCALE, Quantity
from lint.document import Document
from lint.expr import Tree, evaluate, parse
from lint.rules.loader import Rule
from lint.rules.spec import (
    Band,
    BandsRule,
    BoundRule,
    ChangeRule,
    ConsistencyRule,
    DatesRule,
    DifferenceRule,
    FormulaRule,
    PatternRule,
    Selector,
    SumRule,
)
from lint.tolerance import LEVELS, Interval, operand_interval, round_half_up, stated_interval, written_interval

SUM_LEVELS = ("strict", "document")
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

    def claim(self, claim_id: int) -> Claim:
        return self.index.claims[claim_id]

    def opts(self, code: str) -> RuleOptions:
        return self.rule_options.get(code) or RuleOptions()


# --- the severity ladder ------------------------------------------------------------------------


def judge(
    stated: Quantity,
    compute: Callable[[str], Interval],
    levels: tuple[str, ...] = LEVELS,
    opts: RuleOptions | None = None,
) -> str | None:
    """The first trust level at which `stated` is inconsistent with the recomputation, if any."""
    target = stated_interval(stated, opts.slack, opts.truncation) if opts else written_interval(stated)
    for level in levels:
        try:
            if not compute(level).meets(target):
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


# --- binding claims to formula variables ----------------------------------------------------------


def _matches(c: Claim, sel: Selector) -> bool:
    if c.kind not in sel.kind or c.quantity.approx:
        return False
    if sel.label_any and not any(word in c.label for word in sel.label_any):
        return False
    if any(word in c.label for word in sel.label_none):
        return False
    if sel.period and c.period not in sel.period:
        return False
    if sel.metric and c.metric not in sel.metric:
        return False
    if sel.basis and c.basis not in sel.basis:
        return False
    return not (sel.flow and c.flow not in sel.flow)


def _candidates(anchor: Claim, sel: Selector, ctx: Context, scope: str) -> list[Claim]:
    """Claims that may fill a variable, nearest first (document scope: in report order)."""
    claims = ctx.index.claims
    if scope == "link":
        return [claims[anchor.links[sel.link]]] if sel.link and sel.link in anchor.links else []
    if scope == "document":
        return [
            c
            for c in claims
            if c.id != anchor.id
            and c.subject is None
            and c.whole_unit
            and c.period != "prior"
            and c.cell is None
            and not _sub_item(c, ctx)
        ]
    out: list[Claim] = []
    if scope == "sentence_after":  # 在职人员控制率为96.15%，年末在职人员50人，编制数52人
        return [
            c
            for c in ctx.index.in_block(anchor.block)
            if c.id > anchor.id
            and c.sentence == anchor.sentence
            and (not sel.same_subject or c.subject == anchor.subject)
        ]
    for c in reversed(ctx.index.in_block(anchor.block)):
        if c.id >= anchor.id or (scope == "sentence" and c.sentence != anchor.sentence):
            continue
        if sel.same_subject and c.subject != anchor.subject:
            continue
        if c.list_id is not None and not c.subject_explicit:
            continue
        if (c.period == "prior" and "prior" not in sel.period) or (c.cell is not None and anchor.cell is None):
            continue
        out.append(c)
    return out


def _sub_item(c: Claim, ctx: Context) -> bool:
    """A part of a 其中 list that is the same kind of amount as its total (a sub-item, not a base)."""
    if c.list_id is None:
        return False
    total = ctx.index.claims[ctx.index.breakdowns[c.list_id].total]
    return (c.basis, c.flow) == (total.basis, total.flow) or c.basis is None


def bind(rule: FormulaRule, anchor: Claim, ctx: Context) -> tuple[dict[str, list[Claim]], str | None] | None:
    """Candidates for each variable (preferred first), and the severity cap the scope implies."""
    bound: dict[str, list[Claim]] = {rule.check: [anchor]}
    cap: str | None = None
    for var, sel in rule.bind.items():
        if var == rule.check:
            continue
        found: list[Claim] = []
        scopes = _scopes(rule, anchor, ctx)
        if set(scopes) & {"paragraph", "document"} and _later_in_sentence(anchor, sel, ctx):
            scopes = [s for s in scopes if s in ("link", "sentence", "sentence_after")]  # its own figures follow it
        taken = {c.id for cs in bound.values() for c in cs}
        for scope in scopes:
            pool = _candidates(anchor, sel, ctx, scope)
            matching = [c for c in pool if _matches(c, sel) and c.id not in taken]
            if scope == "document" and matching:
                matching = _unique_by_basis(matching, sel)
                if not matching:
                    return None  # the report states several different values: too ambiguous to check
                cap = "warning"
            if matching:
                found = _order(matching, sel, anchor, ctx.opts(rule.code).budget_base)
                break
        if not found and sel.fallback_flow:
            fallback = sel.model_copy(update={"basis": [], "flow": sel.fallback_flow})
            for scope in scopes:
                matching = [c for c in _candidates(anchor, fallback, ctx, scope) if _matches(c, fallback)]
                if scope == "document" and matching:
                    matching = _unique_by_basis(matching, fallback)
                    cap = "warning"
                if matching:
                    found = matching[:1]
                    break
        if not found and sel.fallback_unlabelled:
            found = [
                c
                for c in _candidates(anchor, sel, ctx, "sentence")
                if c.kind in sel.kind
                and c.basis is None
                and c.flow is None
                and not c.quantity.approx
                and c.id not in taken
            ][:1]
        if not found:
            return None
        bound[var] = found
    return bound, cap


def _scopes(rule: FormulaRule, anchor: Claim, ctx: Context) -> list[str]:
    """Where operands may come from for this anchor."""
    out: list[str] = []
    for scope in rule.scope:
        if scope == "paragraph" and not anchor.subject_explicit and not _unit_wide_paragraph(anchor, ctx):
            continue  # an unnamed rate may be about anything in the paragraph
        if scope == "document" and anchor.subject is not None:
            continue  # whole-report figures are about the unit, not about one item
        out.append(scope)
    return out


def _unit_wide_paragraph(anchor: Claim, ctx: Context) -> bool:
    """A rate about the unit as a whole, in a paragraph that names no item before it."""
    if anchor.subject is not None:
        return False
    return all(c.subject is None for c in ctx.index.in_block(anchor.block) if c.id < anchor.id)


def _later_in_sentence(anchor: Claim, sel: Selector, ctx: Context) -> bool:
    for c in ctx.index.in_block(anchor.block):
        if c.id <= anchor.id or c.sentence != anchor.sentence:
            continue
        if _matches(c, sel) and c.subject == anchor.subject:
            return True
    return False


def _unique_by_basis(claims: list[Claim], sel: Selector) -> list[Claim]:
    """One claim per basis, and only where every claim of that basis states the same value."""
    by_basis: dict[str | None, list[Claim]] = {}
    for c in claims:
        by_basis.setdefault(c.basis, []).append(c)
    out = []
    for group in by_basis.values():
        values = {c.quantity.in_base() for c in group}
        if len(values) == 1:
            out.append(group[0])
    return out


def _order(claims: list[Claim], sel: Selector, anchor: Claim, preferred: str | None = None) -> list[Claim]:
    """The basis the sentence declares first, then the configured budget base, then the selector's
    order of bases; nearest first within each."""
    rank = {b: i for i, b in enumerate(sel.basis)}
    wanted = anchor.declared_basis if anchor.declared_basis not in (None, "budget") else preferred

    def key(c: Claim) -> tuple[int, int]:
        declared = 0 if wanted and c.basis == wanted else 1
        return (declared, rank.get(c.basis, len(rank)))

    firsts: dict[str | None, Claim] = {}
    for c in claims:  # claims arrive nearest first
        firsts.setdefault(c.basis, c)
    return sorted(firsts.values(), key=key)


def _describe(c: Claim) -> str:
    """How a related value is shown: the words before it and the value (“决算收入 83 万元”)."""
    return f"{c.label[-16:]} {c.quantity.raw}".strip()


# --- formula ----------------------------------------------------------------------------------------


def _show(rule: FormulaRule, chosen: dict[str, Claim]) -> str:
    return rule.show.format_map({k: c.quantity.raw for k, c in chosen.items()}) if rule.show else ""


def _evaluate_choice(
    tree: Tree, chosen: dict[str, Claim], check: str, ctx: Context, scale: dict[str, int] | None = None
) -> Callable[[str], Interval]:
    def compute(level: str) -> Interval:
        env = {}
        for var, c in chosen.items():
            if var == check:
                continue
            iv = operand_interval(c.quantity, level, ctx.precision)
            if scale and var in scale:
                iv = iv * Interval.point(Fraction(scale[var]))
            env[var] = iv
        return evaluate(tree, env)

    return compute


def run_formula(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: FormulaRule = rule.spec
    if spec.source == "written":
        yield from _run_written(rule, ctx)
        return
    anchor_sel = spec.bind[spec.check]
    tree = rule.solved[spec.check]
    for anchor in ctx.index.claims:
        if not _matches(anchor, anchor_sel):
            continue
        result = bind(spec, anchor, ctx)
        if result is None:
            continue
        candidates, scope_cap = result
        primary = {var: cs[0] for var, cs in candidates.items()}
        compute = _evaluate_choice(tree, primary, spec.check, ctx)
        level = judge(anchor.quantity, compute, opts=ctx.opts(spec.code))
        ctx.checked.update(c.id for c in primary.values())
        if level is None:
            continue
        expected = compute("exact").mid
        args = {
            "stated": anchor.quantity.raw,
            "expected": fmt_value(expected, anchor.quantity),
            "operands": _show(spec, primary),
        }
        related = [(c.start, c.end, _describe(c)) for var, c in primary.items() if var != spec.check]
        if level == "strict":
            alt = _other_base(spec, tree, candidates, primary, anchor, ctx)
            if alt is not None and spec.other_base_code:
                args.update(alt)
                # another base reproduces the written rate, which confirms the operands; what is left to
                # decide is the base: contradicting a base the sentence names (年初) is provable, a
                # guess among unnamed bases is not
                named = anchor.declared_basis in ("budget.initial", "budget.adjusted")
                yield Finding(
                    spec.other_base_code, anchor.start, anchor.end, args, related, cap=None if named else "warning"
                )
                continue
            slip = _unit_slip(tree, primary, anchor, spec.check, ctx)
            if slip is not None and spec.unit_slip_code:
                _, claim, partner = slip
                yield Finding(
                    spec.unit_slip_code,
                    claim.start,
                    claim.end,
                    {
                        "stated": claim.quantity.raw,
                        "partner": partner.quantity.raw,
                        "rate": anchor.quantity.raw,
                        "operands": args["operands"],
                    },
                    [
                        (anchor.start, anchor.end, anchor.quantity.raw),
                        (partner.start, partner.end, partner.quantity.raw),
                    ],
                )
                continue
        code = spec.code
        if level == "strict" and spec.fraction_slip_code and written_as_fraction(anchor.quantity, compute):
            code = spec.fraction_slip_code
        yield Finding(code, anchor.start, anchor.end, args, related, cap=cap_for(level, scope_cap))


def _other_base(
    spec: FormulaRule,
    tree: Tree,
    candidates: dict[str, list[Claim]],
    primary: dict[str, Claim],
    anchor: Claim,
    ctx: Context,
) -> dict[str, str] | None:
    """If swapping one operand for another candidate base makes the rate fit, say which."""
    for var, options in candidates.items():
        alternatives = list(options[1:])
        sel = spec.bind.get(var)
        if sel is not None and len(sel.basis) > 1 and anchor.subject is None and "document" in spec.scope:
            # the unit's other budgets stated elsewhere in the report (年初 here, 调整后 there)
            taken = {c.id for c in options} | {c.quantity.in_base() for c in options}
            alternatives += [
                c
                for c in _candidates(anchor, sel, ctx, "document")
                if _matches(c, sel) and c.basis != primary[var].basis and c.id not in taken
            ]
        for alt in alternatives:
            trial = dict(primary, **{var: alt})
            if judge(anchor.quantity, _evaluate_choice(tree, trial, spec.check, ctx), opts=ctx.opts(spec.code)) is None:
                return {
                    "declared": primary[var].quantity.raw,
                    "declared_label": primary[var].label,
                    "fits": alt.quantity.raw,
                    "fits_label": alt.label,
                    "expected": fmt_value(
                        _evaluate_choice(tree, primary, spec.check, ctx)("exact").mid, anchor.quantity
                    ),
                }
    return None


def _unit_slip(
    tree: Tree, primary: dict[str, Claim], anchor: Claim, check: str, ctx: Context
) -> tuple[str, Claim, Claim] | None:
    """A money operand whose 元/万元/亿元 was mistyped: rescaling it alone makes the check pass."""
    money = {v: c for v, c in primary.items() if v != check and c.quantity.dimension == "money"}
    fixes: list[tuple[str, Claim]] = []
    for var, c in money.items():
        # only the telltale case: the same digits written with two different money units (26.80元 / 26.80万元)
        twins = [o for o in money.values() if o is not c and o.quantity.value == c.quantity.value != 0]
        if not any(o.quantity.unit != c.quantity.unit for o in twins):
            continue
        for factor in (10_000, Fraction(1, 10_000), 100_000_000, Fraction(1, 100_000_000)):
            compute = _evaluate_choice(tree, primary, check, ctx, scale={var: factor})  # type: ignore[dict-item]
            if judge(anchor.quantity, compute) != "strict":
                fixes.append((var, c))
                break
    if not fixes:
        return None
    usual = max(MONEY_SCALE, key=lambda u: sum(1 for x in ctx.index.claims if x.quantity.unit == u))
    fixes.sort(key=lambda vc: vc[1].quantity.unit == usual)
    var, claim = fixes[0]
    partner = next((c for v, c in money.items() if v != var), claim)
    return var, claim, partner


def _run_written(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: FormulaRule = rule.spec
    for f in ctx.index.formulas:
        try:
            tree = parse(f.expression, {f"v{i}" for i in range(len(f.operands))})
        except ValueError:
            continue

        def compute(level: str, tree: Tree = tree, operands: list[Quantity] = f.operands) -> Interval:
            env = {f"v{i}": operand_interval(q, level, ctx.precision) for i, q in enumerate(operands)}
            return evaluate(tree, env)

        level = judge(f.result, compute, opts=ctx.opts(spec.code))
        if level is None:
            continue
        shown = f.expression
        for i, q in reversed(list(enumerate(f.operands))):
            shown = shown.replace(f"v{i}", q.raw)
        yield Finding(
            spec.code,
            f.result.start,
            f.result.end,
            {"stated": f.result.raw, "expected": fmt_value(compute("exact").mid, f.result), "operands": shown},
            cap=cap_for(level, None),
        )


# --- sum ------------------------------------------------------------------------------------------


def _check_sum(total: Claim, parts: list[Claim], ctx: Context, rule: SumRule, source: str) -> Finding | None:
    def compute(level: str) -> Interval:
        acc = Interval.point(Fraction(0))
        for p in parts:
            acc = acc + operand_interval(p.quantity, level, ctx.precision)
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
            "expected": fmt_value(exact, total.quantity),
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
            [(c.start, c.end, _describe(c)) for c in shares[:-1]],
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
        bases = {_budget_or_actual(p) for p in parts}
        if len(bases) == 1:
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


def _named(c: Claim, name: str) -> bool:
    return c.subject == name or c.item == name


def _component_sums(spec: SumRule, ctx: Context) -> Iterator[Finding]:
    """A named total (“三公”经费, 收入总计 …) against its named parts: parts listed under it (其中), or
    stated in the same paragraph with the same basis (the same sentence when neither names a basis)."""
    for total in ctx.index.claims:
        if total.kind != "amount" or not _named(total, spec.total or "") or total.list_id is not None:
            continue
        listed = {p for bd in ctx.index.breakdowns if bd.total == total.id for p in bd.parts}

        block = ctx.index.in_block(total.block)

        def fits(
            c: Claim, name: str, total: Claim = total, listed: set[int] = listed, block: list[Claim] = block
        ) -> bool:
            if c.kind != "amount" or c.id == total.id or c.period != total.period or c.quantity.approx:
                return False
            if total.cell is not None and (c.cell is None or c.cell[1] != total.cell[1]):
                return False
            if c.id in listed:
                return c.basis in (None, total.basis)
            if total.item is not None and total.item == spec.total:
                # 决算 line items are all final figures: the one mention of the item in this paragraph
                return sum(1 for x in block if x.item == name and x.kind == "amount") == 1
            return c.basis == total.basis and c.basis is not None

        parts: list[Claim] = []
        complete = True
        for name in [*spec.parts, *spec.optional_parts]:
            match = next((c for c in block if _named(c, name) and fits(c, name)), None)
            if match is not None:
                parts.append(match)
            elif name in spec.parts:
                complete = False
                break
        if complete and parts:
            finding = _check_sum(total, parts, ctx, spec, "components")
            if finding:
                yield finding


# --- change (比上年) --------------------------------------------------------------------------------


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
    return Finding(
        "",
        change.start,
        change.end,
        {
            "stated": change.quantity.raw,
            "expected": fmt_value(amount("exact").mid, change.quantity),
            "operands": f"{current.quantity.raw} − {prior.quantity.raw}",
        },
        [(current.start, current.end, current.label), (prior.start, prior.end, prior.label)],
        cap=cap_for(level, None),
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
    return Finding(
        code,
        rate.start,
        rate.end,
        {
            "stated": rate.quantity.raw,
            "expected": fmt_value(pct("exact").mid, rate.quantity),
            "operands": f"{change.quantity.raw} ÷ ({prior_text}) × 100%",
        },
        [(change.start, change.end, change.label), (current.start, current.end, current.label)],
        cap=cap_for(level, None),
    )


def run_change(rule: Rule, ctx: Context) -> Iterator[Finding]:
    claims = ctx.index.claims
    for change in claims:
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
                    for c in ctx.index.in_block(change.block)
                    if c.id > change.id
                    and c.sentence == change.sentence
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


# --- difference (actual against budget) ---------------------------------------------------------------


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
    for c in reversed(ctx.index.in_block(anchor_block)):
        if c.id >= anchor_id or c.kind != "amount" or c.subject != subject or c.quantity.approx:
            continue
        if c.period == "prior" or (c.list_id is not None and not c.subject_explicit):
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
        named = d.subject_explicit or _unit_wide_paragraph(d, ctx)
        actual, budget = _actual_and_budget(d.block, d.id, d.sentence, d.subject, ctx, named)
        if actual is not None and budget is not None:
            ctx.checked.update([d.id, actual.id, budget.id])
            related = [(actual.start, actual.end, _describe(actual)), (budget.start, budget.end, _describe(budget))]
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
                yield Finding(
                    spec.code,
                    d.start,
                    d.end,
                    {
                        "stated": d.quantity.raw,
                        "expected": fmt_value(compute("exact").mid, d.quantity),
                        "operands": operands,
                    },
                    related,
                    cap=cap_for(level, None),
                )
            continue
        rate = next(
            (
                c
                for c in ctx.index.in_block(d.block)
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
                yield Finding(
                    wording,
                    rate.start,
                    rate.end,
                    {
                        "stated": rate.quantity.raw,
                        "expected": fmt_value(implied("exact").mid, rate.quantity),
                        "operands": f"{actual.quantity.raw} ÷ ({actual.quantity.raw} {sign} {d.quantity.raw}) × 100%",
                    },
                    [(d.start, d.end, _describe(d)), (actual.start, actual.end, _describe(actual))],
                    cap=cap_for(level, None),
                )
    for cmp in ctx.index.comparisons:
        if cmp.block < 0:
            continue
        anchor_id = max((c.id for c in ctx.index.in_block(cmp.block) if c.end <= cmp.start), default=-1) + 1
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
                [(actual.start, actual.end, _describe(actual)), (budget.start, budget.end, _describe(budget))],
            )


# --- consistency ----------------------------------------------------------------------------------


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


# --- bands (score → grade) --------------------------------------------------------------------------


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


# --- pattern ----------------------------------------------------------------------------------------


def run_pattern(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: PatternRule = rule.spec
    for pattern in spec.patterns:
        for m in re.finditer(pattern, ctx.doc.text):
            yield Finding(spec.code, m.start(), m.end(), {"stated": m.group(0), "expected": "", "operands": ""})


_DATE = r"(?P<y>20\d{2})\s*(?:年|[.\-/．])\s*(?P<m>\d{1,2})\s*(?:月|[.\-/．])\s*(?:(?P<d>\d{1,2})\s*日?)?"
_REVIEW_YEAR = re.compile(r"(?:评价|自评|考核|绩效)年度\s*[:：]\s*(20\d{2})")
_TITLE_YEAR = re.compile(r"(20\d{2})\s*年度?[^。\n]{0,40}?(?:自评|评价)报告")
_YEAR_END = re.compile(r"截[至止]\s*(20\d{2})\s*年\s*12\s*月\s*31\s*日|(20\d{2})\s*年\s*(?:年末|末|底)")
_FILLED = re.compile(r"填\s*报\s*日\s*期\s*[:：]\s*" + _DATE)


def review_year(doc: Document) -> str | None:
    """评价年度 as the report states it: the form field, else the year in the title."""
    head = doc.text[:2000]
    m = _REVIEW_YEAR.search(head) or _TITLE_YEAR.search(head)
    return m.group(1) if m else None


def run_dates(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: DatesRule = rule.spec
    text = ctx.doc.text
    if spec.check == "other-year":
        year = review_year(ctx.doc)
        if year is None:
            return
        for m in _YEAR_END.finditer(text):
            stated = m.group(1) or m.group(2)
            if stated != year:
                group = 1 if m.group(1) else 2
                yield Finding(
                    spec.code, m.start(group), m.end(group), {"stated": stated, "expected": year, "operands": ""}
                )
        return
    filled = _FILLED.search(text)
    if filled is None or not filled.group("d"):
        return
    signed = None
    for m in re.finditer(_DATE, text[-600:]):
        signed = m
    if signed is None or not signed.group("d"):
        return
    offset = len(text) - len(text[-600:])
    as_filled = tuple(int(filled.group(k)) for k in "ymd")
    as_signed = tuple(int(signed.group(k)) for k in "ymd")
    if as_signed != as_filled and offset + signed.start() > filled.end():
        yield Finding(
            spec.code,
            offset + signed.start(),
            offset + signed.end(),
            {
                "stated": signed.group(0).strip(),
                "expected": filled.group(0).split("：")[-1].split(":")[-1].strip(),
                "operands": "",
            },
            [(filled.start(), filled.end(), filled.group(0))],
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
        elif small.kind == "amount" and _named(small, spec.lesser):
            big = next(
                (
                    c
                    for c in ctx.index.in_block(small.block)
                    if c.kind == "amount"
                    and _named(c, spec.greater)
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
                [(big.start, big.end, _describe(big))],
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
                [(target.start, target.end, _describe(target)), (achieved.start, achieved.end, _describe(achieved))],
            )


def run_derived(rule: Rule, ctx: Context) -> Iterator[Finding]:
    return iter(())


KINDS: dict[str, Callable[[Rule, Context], Iterator[Finding]]] = {
    "formula": run_formula,
    "sum": run_sum,
    "change": run_change,
    "difference": run_difference,
    "consistency": run_consistency,
    "bands": run_bands,
    "pattern": run_pattern,
    "dates": run_dates,
    "bound": run_bound,
    "target": run_target,
    "derived": run_derived,
}

__all__ = ["KINDS", "ChangeRule", "Context", "Finding"]
