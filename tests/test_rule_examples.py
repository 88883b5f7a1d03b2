"""Every example in every rule file is a test: its findings are exactly the ones it expects."""

from __future__ import annotations

from collections import Counter

import pytest

from lint.api import check_text
from lint.rules.loader import load_registry

_REGISTRY = load_registry()

# Examples the product currently gets wrong (strict: the mark must go once the product is fixed).
KNOWN_PRODUCT_BUGS = {}

CASES = [
    pytest.param(
        rule.code,
        index,
        example,
        id=f"{rule.code}-{index}",
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_PRODUCT_BUGS[f"{rule.code}-{index}"])]
        if f"{rule.code}-{index}" in KNOWN_PRODUCT_BUGS
        else [],
    )
    for rule in _REGISTRY
    for index, example in enumerate(rule.spec.examples)
]


def test_there_are_examples() -> None:
    assert len(_REGISTRY) >= 1
    assert len(CASES) >= 2 * len(_REGISTRY)


@pytest.mark.parametrize(("code", "index", "example"), CASES)
def test_example(code: str, index: int, example) -> None:  # type: ignore[no-untyped-def]
    report = check_text(example.text)
    got = Counter((d.code, d.location.line) for d in report.diagnostics)
    want = Counter((e.code, e.line) for e in example.expect)
    missed = sorted((want - got).elements())
    extra = sorted((got - want).elements())
    detail = "\n".join(f"  {d.code} {d.location.line}:{d.location.column} {d.message}" for d in report.diagnostics)
    assert not missed and not extra, (
        f"{code} example {index} “{example.title}”: missed {missed}, extra {extra}\nactual findings:\n{detail}"
    )
