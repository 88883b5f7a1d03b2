"""`formula`: an equation among bound claims (or written out in the text), checked at its anchor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction

from lint.claims.model import Claim
from lint.claims.quantity import MONEY_SCALE, Quantity
from lint.expr import Tree, evaluate, parse
from lint.rules.kinds.base import Context, Finding, cap_for, fmt_value, judge, related_to, written_as_fraction
from lint.rules.kinds.binding import bind, claims_in_scope, matches
from lint.rules.loader import Rule
from lint.rules.spec import (
    FormulaRule,
)
from lint.tolerance import Interval, operand_interval


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
        if not matches(anchor, anchor_sel):
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
        related = related_to(*(c for var, c in primary.items() if var != spec.check))
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
                for c in claims_in_scope(anchor, sel, ctx, "document")
                if matches(c, sel) and c.basis != primary[var].basis and c.id not in taken
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
