"""Text checks: template placeholders and dates against the year under review."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lint.document import Document
from lint.rules.kinds.base import Context, Finding
from lint.rules.loader import Rule
from lint.rules.spec import (
    DatesRule,
    PatternRule,
)

# characters: matches that touch are one finding up to this length (“XX××” is one placeholder, not two;
# a damaged line of 100,000 × stays a few thousand findings, not 50,000)
LONGEST_RUN = 40


def run_pattern(rule: Rule, ctx: Context) -> Iterator[Finding]:
    spec: PatternRule = rule.spec
    text = ctx.doc.text
    spans = sorted((m.start(), m.end()) for pattern in spec.patterns for m in re.finditer(pattern, text))
    runs: list[list[int]] = []
    for start, end in spans:
        if runs and start <= runs[-1][1] and max(end, runs[-1][1]) - runs[-1][0] <= LONGEST_RUN:
            runs[-1][1] = max(end, runs[-1][1])
        elif not runs or start >= runs[-1][1]:
            runs.append([start, end])
    for start, end in runs:
        yield Finding(spec.code, start, end, {"stated": text[start:end], "expected": "", "operands": ""})


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
