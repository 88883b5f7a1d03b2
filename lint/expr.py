"""Formulas in rule files: parsed behind an `ast` whitelist, solved with sympy at load time for
every variable, and compiled to small trees that are evaluated over exact intervals.

sympy's own parser evaluates code, so nothing reaches it before the whitelist has passed. The
compiled trees are plain tuples, so a warm start (rules read from the cache) never imports sympy.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from lint.tolerance import Interval

# ("var", name) | ("const", Fraction) | (op, left, right) with op in add sub mul div | ("neg", x)
Tree = tuple[Any, ...]

_BINOPS: dict[type[ast.operator], str] = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div"}


class FormulaError(ValueError):
    """A formula that is not allowed or cannot be solved; the message names the problem."""


MAX_FORMULA = 500  # characters; the longest formula in the pack is under 100


def parse(source: str, allowed: set[str] | None = None) -> Tree:
    """Parse an arithmetic expression over named variables into a tree, or raise FormulaError."""
    if len(source) > MAX_FORMULA:
        raise FormulaError(f"公式过长（{len(source)} 个字符，最多 {MAX_FORMULA} 个）：{source[:40]!r}…")
    try:
        node = ast.parse(source, mode="eval").body
        return _tree(node, source, allowed)
    except SyntaxError as exc:
        raise FormulaError(f"公式语法错误：{source!r}（{exc.msg}）") from None
    except (RecursionError, MemoryError):  # nesting deeper than Python's parser (or ours) goes
        raise FormulaError(f"公式嵌套过深：{source[:40]!r}") from None


def _tree(node: ast.AST, source: str, allowed: set[str] | None) -> Tree:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return (_BINOPS[type(node.op)], _tree(node.left, source, allowed), _tree(node.right, source, allowed))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _tree(node.operand, source, allowed)
        return ("neg", inner) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if isinstance(node.value, float) and not math.isfinite(node.value):
            raise FormulaError(f"公式中的数字超出范围：{source!r}")
        return ("const", Fraction(str(node.value)))
    if isinstance(node, ast.Name):
        if allowed is not None and node.id not in allowed:
            raise FormulaError(f"公式中的变量 {node.id} 未在 bind 中声明")
        return ("var", node.id)
    raise FormulaError(f"公式只能包含变量、数字和 + - * /，不允许 {type(node).__name__}：{source!r}")


def parse_equation(source: str, allowed: set[str]) -> tuple[Tree, Tree]:
    left, sep, right = source.partition("==")
    if not sep:
        raise FormulaError(f"公式应写成 “左边 == 右边”：{source!r}")
    return parse(left.strip(), allowed), parse(right.strip(), allowed)


def variables(tree: Tree) -> set[str]:
    if tree[0] == "var":
        return {tree[1]}
    if tree[0] == "const":
        return set()
    return set().union(*(variables(t) for t in tree[1:]))


def solve_all(source: str, allowed: set[str]) -> dict[str, Tree]:
    """Solve `left == right` for each variable with sympy; returns variable → expression tree."""
    left, right = parse_equation(source, allowed)
    import sympy

    names = sorted(variables(left) | variables(right))
    symbols = {n: sympy.Symbol(n, positive=True) for n in names}
    equation = sympy.Eq(_to_sympy(left, symbols), _to_sympy(right, symbols))
    solved: dict[str, Tree] = {}
    for name in names:
        solutions = sympy.solve(equation, symbols[name], dict=False)
        if len(solutions) != 1:
            raise FormulaError(f"公式无法对 {name} 求出唯一解：{source!r}")
        solved[name] = _from_sympy(sympy.simplify(solutions[0]))
    return solved


def _to_sympy(tree: Tree, symbols: Mapping[str, Any]) -> Any:
    import sympy

    op = tree[0]
    if op == "var":
        return symbols[tree[1]]
    if op == "const":
        return sympy.Rational(tree[1].numerator, tree[1].denominator)
    if op == "neg":
        return -_to_sympy(tree[1], symbols)
    a, b = _to_sympy(tree[1], symbols), _to_sympy(tree[2], symbols)
    return {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}[op]


def _from_sympy(expr: Any) -> Tree:
    import sympy

    if expr.is_Symbol:
        return ("var", str(expr))
    if expr.is_Rational:
        return ("const", Fraction(int(expr.p), int(expr.q)))
    if expr.is_Add:
        terms = [_from_sympy(a) for a in expr.args]
        out = terms[0]
        for t in terms[1:]:
            out = ("add", out, t)
        return out
    if expr.is_Mul:
        num, den = [], []
        for factor in expr.args:
            if factor.is_Pow and factor.exp.is_Integer and factor.exp < 0:
                den.append(_from_sympy(factor.base ** (-factor.exp)))
            elif factor.is_Rational and factor.p == -1:
                num.append(("const", Fraction(-1)))
            else:
                num.append(_from_sympy(factor))
        out = num[0] if num else ("const", Fraction(1))
        for t in num[1:]:
            out = ("mul", out, t)
        for t in den:
            out = ("div", out, t)
        return out
    if expr.is_Pow and expr.exp.is_Integer:
        base = _from_sympy(expr.base)
        if expr.exp < 0:
            return ("div", ("const", Fraction(1)), _from_sympy(expr.base ** (-expr.exp)))
        out = base
        for _ in range(int(expr.exp) - 1):
            out = ("mul", out, base)
        return out
    raise FormulaError(f"无法编译表达式 {sympy.sstr(expr)}")


def evaluate(tree: Tree, env: Mapping[str, Interval]) -> Interval:
    """Natural interval extension: wider than the exact range when a variable repeats, never narrower."""
    op = tree[0]
    if op == "var":
        return env[tree[1]]
    if op == "const":
        return Interval.point(tree[1])
    if op == "neg":
        return -evaluate(tree[1], env)
    left, right = evaluate(tree[1], env), evaluate(tree[2], env)
    fn: Callable[[Interval, Interval], Interval] = {
        "add": Interval.__add__,
        "sub": Interval.__sub__,
        "mul": Interval.__mul__,
        "div": Interval.__truediv__,
    }[op]
    return fn(left, right)
