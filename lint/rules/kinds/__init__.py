"""The engine kinds. Each takes a rule and the file's context and yields findings that say only
what and where; the engine stamps code, severity and message. One module per kind."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lint.rules.kinds.base import Context, Finding, RuleOptions, judge
from lint.rules.kinds.change import run_change
from lint.rules.kinds.consistency import run_consistency
from lint.rules.kinds.difference import run_difference
from lint.rules.kinds.formula import run_formula
from lint.rules.kinds.scoring import run_bands, run_bound, run_target
from lint.rules.kinds.sums import run_sum
from lint.rules.kinds.text import review_year, run_dates, run_pattern
from lint.rules.loader import Rule


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

__all__ = ["KINDS", "Context", "Finding", "RuleOptions", "judge", "review_year"]
