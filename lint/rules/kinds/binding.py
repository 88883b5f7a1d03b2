"""Which claims fill the variables of a formula rule: links, then the sentence, the paragraph, the report."""

from __future__ import annotations

from dataclasses import replace

from lint.claims.model import Claim
from lint.rules.kinds.base import Context
from lint.rules.spec import (
    FormulaRule,
    Selector,
)


def matches(c: Claim, sel: Selector) -> bool:
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


def claims_in_scope(anchor: Claim, sel: Selector, ctx: Context, scope: str) -> list[Claim]:
    """Claims that may fill a variable, nearest first (document scope: in report order)."""
    claims = ctx.index.claims
    if scope == "link":
        return [claims[anchor.links[sel.link]]] if sel.link and sel.link in anchor.links else []
    if scope == "document":
        return [c for c in _unit_figures(ctx) if c.id != anchor.id]
    if scope == "sentence_after":  # 在职人员控制率为96.15%，年末在职人员50人，编制数52人
        return [
            c
            for c in ctx.index.after(anchor.block, anchor.id)
            if c.sentence == anchor.sentence and (not sel.same_subject or c.subject == anchor.subject)
        ]
    out: list[Claim] = []
    for c in ctx.index.before(anchor.block, anchor.id):
        if scope == "sentence" and c.sentence != anchor.sentence:
            break  # nearest first: the sentences before it
        if sel.same_subject and c.subject != anchor.subject:
            continue
        if c.list_id is not None and not c.subject_explicit and (c.subject is None or c.subject != anchor.subject):
            continue  # a sub-item of a list, unless it is the very item the anchor names
        if (c.period == "prior" and "prior" not in sel.period) or (c.cell is not None and anchor.cell is None):
            continue
        out.append(c)
    return out


def _unit_figures(ctx: Context) -> list[Claim]:
    """The report's figures about the unit as a whole, in report order (the document scope)."""
    if ctx.unit_figures is None:
        ctx.unit_figures = [
            c
            for c in ctx.index.claims
            if c.subject is None and c.whole_unit and c.period != "prior" and c.cell is None and not _sub_item(c, ctx)
        ]
    return ctx.unit_figures


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
            pool = claims_in_scope(anchor, sel, ctx, scope)
            matching = [c for c in pool if matches(c, sel) and c.id not in taken]
            if scope == "document" and matching:
                matching = _unique_by_basis(matching, sel)
                if not matching:
                    return None  # the report states several different values: too ambiguous to check
                cap = "warning"
            if matching:
                found = _order(matching, sel, anchor, ctx.opts(rule.code).budget_base)
                break
        if not found and sel.fallback_flow:
            fallback = replace(sel, basis=(), flow=sel.fallback_flow)
            for scope in scopes:
                matching = [c for c in claims_in_scope(anchor, fallback, ctx, scope) if matches(c, fallback)]
                if scope == "document" and matching:
                    matching = _unique_by_basis(matching, fallback)
                    cap = "warning"
                if matching:
                    found = matching[:1]
                    break
        if not found and sel.fallback_unlabelled:
            found = [
                c
                for c in claims_in_scope(anchor, sel, ctx, "sentence")
                if c.kind in sel.kind
                and c.basis is None
                and c.flow is None
                and not c.quantity.approx
                and c.id not in taken
            ][:1]
        if not found:
            return None
        bound[var] = found
    if cap is not None:
        # figures from elsewhere in the report are about the unit as a whole; an operand found next to the
        # rate must be too, or the two are about different things (一项支出 against 收入总计)
        nearby = [cs[0] for var, cs in bound.items() if var != rule.check and cs[0].block == anchor.block]
        if any(not c.whole_unit for c in nearby):
            return None
    return bound, cap


def _scopes(rule: FormulaRule, anchor: Claim, ctx: Context) -> list[str]:
    """Where operands may come from for this anchor."""
    out: list[str] = []
    for scope in rule.scope:
        if scope == "paragraph" and not anchor.subject_explicit and not unit_wide_paragraph(anchor, ctx):
            continue  # an unnamed rate may be about anything in the paragraph
        if scope == "document" and anchor.subject is not None:
            continue  # whole-report figures are about the unit, not about one item
        out.append(scope)
    return out


def unit_wide_paragraph(anchor: Claim, ctx: Context) -> bool:
    """A rate about the unit as a whole, in a paragraph that names no item before it."""
    if anchor.subject is not None:
        return False
    return all(c.subject is None for c in ctx.index.before(anchor.block, anchor.id))


def _later_in_sentence(anchor: Claim, sel: Selector, ctx: Context) -> bool:
    return any(
        c.sentence == anchor.sentence and matches(c, sel) and c.subject == anchor.subject
        for c in ctx.index.after(anchor.block, anchor.id)
    )


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
