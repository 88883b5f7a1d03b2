"""No regular expression in jxlint backtracks catastrophically, and no adversarial line stalls the pipeline.

Every pattern in lint/ (module-level patterns, literal patterns in `re.*` calls, the vocabulary's
alias tables) and every rule file's `patterns` is run, the way lint/ uses it (`match` or a scan), over
adversarial strings up to 100,000 characters: runs of digits, commas, spaces, CJK, `(`, `%`, `其中`,
`比上年`, nested parentheses, comment openers … Each must take under a second. Sizes grow 4× at a
time and a case stops as soon as its growth predicts a blow-up, so a quadratic or cubic pattern fails
in a second instead of hanging the suite.

Known offenders are strict xfails: fixing them turns the test into an XPASS failure, a reminder to
drop them from KNOWN_* below.
"""

from __future__ import annotations

import ast
import importlib
import math
import re
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from reportgen import generate

import lint
from lint.claims.extract import extract
from lint.claims.vocab import vocabulary
from lint.engine import lint_document
from lint.readers.text import build_document
from lint.rules.loader import load_registry

LIMIT = 1.0  # seconds, for 100,000 characters run through one pattern
PIPELINE_LIMIT = 2.0  # seconds, for 100,000 characters read, extracted and linted
SIZES = (250, 1_000, 4_000, 16_000, 64_000, 100_000)
SCANS = {"search", "finditer", "findall", "sub", "subn", "split"}

# family → one period of the string; repeated to the size wanted
FAMILIES: dict[str, str] = {
    "digits": "1",
    "commas": ",",
    "digit-commas": "1,",
    "grouped": "1,234",
    "decimals": "1.2",
    "dots": "1.",
    "digit-spaces": "1 ",
    "spaces": " ",
    "ideographic-spaces": "\u3000",
    "tabs": "\t",
    "cjk": "预",
    "wan-yuan": "万元",
    "parens": "(",
    "cjk-parens": "（",
    "percent": "%",
    "percents": "1%",
    "qizhong": "其中",
    "qizhong-colon": "其中：",
    "bishangnian": "比上年",
    "yoy-clause": "比上年增加1万元，增长",
    "dashes": "-",
    "pipes": "|",
    "pipe-dash": "|-",
    "stars": "*",
    "underscores": "_",
    "dollars": "$",
    "backslashes": "\\",
    "comment-openers": "<!--",
    "hashes": "#",
    "numerals": "一二三四五六七八九十",
    "baifenzhi": "百分之",
    "years": "2023年",
    "year-spaces": "2023 ",
    "colons": "：:",
    "sums": "1=1+",
    "ratios": "1×1/",
    "full-width": "１２３",
    "score": "得分",
    "grade": "等级为",
    "zhan": "占的",
    "mixed": "1,2 （其中：%比上年",
    "dates": "2023年1月",
    "placeholders": "XX××",
    # figures the rules pair up: many rates, budget–actual–rate clauses, named totals and paired lists
    "rates": "执行率1%",
    "rate-clauses": "预算1万元，支出1万元，执行率100%，",
    "named-totals": "收入总计1万元，支出总计1万元，",
    "paired-totals": "收支总计各为1万元，2万元各增加1万元，2万元",
}
NESTED = {"nested-parens": ("(", "1", ")"), "nested-cjk-parens": ("（", "1", "）")}
TAILS = ("", "x")  # a run, and a run that ends in a character that spoils a match at the very end


@cache
def adversarial(family: str, size: int, tail: str) -> str:
    if family in NESTED:
        left, mid, right = NESTED[family]
        return left * (size // 2) + mid + right * (size // 2) + tail
    period = FAMILIES[family]
    return (period * (size // len(period) + 1))[:size] + tail


ALL_FAMILIES = [*FAMILIES, *NESTED]


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def within_limit(run: Callable[[str], object], family: str, tail: str = "", limit: float = LIMIT) -> None:
    """`run` on the family's string at growing sizes; fails when a size takes over `limit` at 100,000
    characters' worth, or when the growth so far predicts that the next size would take 3× `limit`.
    A size that looks slow is timed once more and the faster run counts: a busy machine can stall
    one run, never two in a row the same way."""
    previous: tuple[int, float] | None = None
    for size in SIZES:
        text = adversarial(family, size, tail)
        seconds = _timed(lambda: run(text))  # noqa: B023
        if seconds > limit / 10:
            seconds = min(seconds, _timed(lambda: run(text)))  # noqa: B023
        assert seconds < limit, f"{family}{tail!r}: {seconds:.2f} s for {size} characters"
        if size == SIZES[-1]:
            return
        following = SIZES[SIZES.index(size) + 1]
        exponent = 1.0
        if previous is not None and seconds > 0.005 and previous[1] > 0.0005:
            exponent = max(1.0, math.log(seconds / previous[1]) / math.log(size / previous[0]))
        predicted = seconds * (following / size) ** exponent
        assert predicted < 3 * limit, (
            f"{family}{tail!r}: {seconds:.2f} s for {size} characters, growing as n^{exponent:.1f}: "
            f"~{predicted:.0f} s predicted for {following}"
        )
        previous = (size, seconds)


# --- the patterns ----------------------------------------------------------------------------------


def _modules() -> Iterator[str]:
    root = Path(lint.__file__).parent
    for f in sorted(root.rglob("*.py")):
        name = ".".join(("lint", *f.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        if not name.endswith("__main__"):
            yield name


def _uses() -> dict[str, set[str]]:
    """How lint/ calls each pattern: variable or attribute name → methods (`match`, `finditer` …)."""
    out: dict[str, set[str]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for node in ast.walk(ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                key = (
                    owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
                )
                out.setdefault(key, set()).add(node.func.attr)
    return out


def collect_patterns() -> dict[str, tuple[re.Pattern[str], set[str]]]:
    """id → (pattern, the methods lint/ applies to it)."""
    uses = _uses()
    found: dict[str, tuple[re.Pattern[str], set[str]]] = {}
    for name in _modules():
        for attr, value in vars(importlib.import_module(name)).items():
            if isinstance(value, re.Pattern) and value.pattern:
                found.setdefault(f"{name}.{attr}", (value, uses.get(attr, {"search"})))
    seen = {(p.pattern, p.flags) for p, _ in found.values()}
    for name in _modules():
        module = importlib.import_module(name)
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            func = node.func if isinstance(node, ast.Call) else None
            if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "re"):
                continue
            if not node.args or func.attr == "escape":  # type: ignore[union-attr]
                continue
            try:  # literal patterns and patterns built from module-level names; local ones are skipped
                value = eval(compile(ast.Expression(node.args[0]), name, "eval"), vars(module))  # type: ignore[union-attr]
            except Exception:
                continue
            if isinstance(value, str):
                value = re.compile(value)
            if isinstance(value, re.Pattern) and value.pattern and (value.pattern, value.flags) not in seen:
                seen.add((value.pattern, value.flags))
                mode = {"match", "fullmatch"} if func.attr in ("match", "fullmatch") else {"finditer"}
                found[f"{name}:{node.lineno}"] = (value, mode)  # type: ignore[union-attr]
    v = vocabulary()
    for attr in ("metric_aliases", "bases", "flows", "subjects", "items"):
        found[f"vocab.{attr}"] = (getattr(v, attr).pattern, {"finditer"})
    found["vocab.generic_subject"] = (v.generic_subject, uses.get("generic_subject", {"search"}))
    for rule in load_registry():
        for i, p in enumerate(getattr(rule.spec, "patterns", None) or []):
            found[f"{rule.code}.patterns[{i}]"] = (re.compile(p), {"finditer"})
    return found


PATTERNS = collect_patterns()

KNOWN_PATTERNS: dict[str, str] = {}  # pattern id → why it is still slow


def _apply(pattern: re.Pattern[str], methods: set[str]) -> Callable[[str], object]:
    def run(text: str) -> None:
        if methods & SCANS or not methods & {"match", "fullmatch"}:
            for _ in pattern.finditer(text):
                pass
        if methods & {"match", "fullmatch"}:
            pattern.match(text)
            pattern.fullmatch(text)

    return run


def _pattern_params() -> list[object]:
    params = []
    for key in sorted(PATTERNS):
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_PATTERNS[key])] if key in KNOWN_PATTERNS else []
        params.append(pytest.param(key, id=key, marks=marks))
    return params


def test_patterns_are_found() -> None:
    """The collector sees the patterns that matter (a refactor must not make this test vacuous)."""
    assert len(PATTERNS) > 60
    for key in ("lint.claims.quantity.TOKEN", "lint.readers.text._STARTS_BLOCK", "vocab.metric_aliases"):
        assert key in PATTERNS
    assert any(".patterns[" in key for key in PATTERNS)


@pytest.mark.parametrize("key", _pattern_params())
def test_pattern_is_linear(key: str) -> None:
    pattern, methods = PATTERNS[key]
    run = _apply(pattern, methods)
    for family in ALL_FAMILIES:
        for tail in TAILS:
            within_limit(run, family, tail)


# --- the whole pipeline ----------------------------------------------------------------------------

REGISTRY = load_registry()
REPORT = generate(3).text
KNOWN_PIPELINE: dict[str, str] = {}  # family → why the pipeline is still slow on it


def _pipeline(text: str) -> None:
    doc = build_document(REPORT + "\n" + text + "\n" + REPORT, "<adversarial>", "text", "utf-8")
    lint_document(doc, REGISTRY, None, extract(doc))


@pytest.mark.parametrize(
    "family",
    [
        pytest.param(f, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_PIPELINE[f])] if f in KNOWN_PIPELINE else [])
        for f in ALL_FAMILIES
    ],
)
def test_pipeline_on_adversarial_line(family: str) -> None:
    """One 100,000-character line amid a real report: read, extracted and linted in under PIPELINE_LIMIT
    (the rules' work grows with the figures, up to 20,000 of them on that one line)."""
    within_limit(_pipeline, family, limit=PIPELINE_LIMIT)


def test_long_report_is_linear() -> None:
    """A report 10× longer (its paragraphs repeated) takes at most ~12× the time (no quadratic step)."""
    one = "\n".join(generate(seed).text for seed in range(4))
    ten = "\n".join([one] * 10)

    def best(text: str) -> float:
        return min(_timed(lambda: _lint_text(text)) for _ in range(3))

    best(one)  # warm caches
    ratio = best(ten) / best(one)
    assert ratio < 15, f"10× the text took {ratio:.1f}× the time"


def _lint_text(text: str) -> None:
    doc = build_document(text, "<long>", "text", "utf-8")
    lint_document(doc, REGISTRY, None, extract(doc))
