"""Exact interval arithmetic and the intervals that written numbers stand for."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest

from lint.api import check_text
from lint.claims.quantity import find_quantities
from lint.tolerance import Interval, document_precision, operand_interval, round_half_up, written_interval


def q(text: str):  # type: ignore[no-untyped-def]
    [found] = find_quantities(text)
    return found


# --- 四舍五入 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (F("2.675"), 2, "2.68"),  # float 2.675 is 2.67499…; round(2.675, 2) == 2.67
        (F(1, 8), 2, "0.13"),  # 0.125: banker's rounding would give 0.12
        (F("0.125"), 2, "0.13"),
        (F("0.5"), 0, "1"),
        (F("2.5"), 0, "3"),  # round(2.5) == 2
        (F("-2.675"), 2, "-2.68"),  # half away from zero
        (F("-0.125"), 2, "-0.13"),
        (F(1, 3), 2, "0.33"),
        (F(2, 3), 4, "0.6667"),
        (F("89.5"), 2, "89.50"),
        (F(179, 2), 1, "89.5"),
        (F(83, 89) * 100, 2, "93.26"),
    ],
)
def test_round_half_up(value: F, decimals: int, expected: str) -> None:
    result = round_half_up(value, decimals)
    assert isinstance(result, Decimal)
    assert str(result) == expected


def test_round_half_up_is_not_bankers() -> None:
    assert round(0.125, 2) == 0.12  # what the product must not do
    assert str(round_half_up(F(1, 8), 2)) == "0.13"


# --- written intervals --------------------------------------------------------------------------------


def test_round_half_up_is_exact_beyond_decimal_precision() -> None:
    # 40 significant digits: Decimal's default context keeps 28 and its quantize fails beyond them
    big = F(15961111111111111111111111111111111111115, 10)
    assert str(round_half_up(big, 0)) == "1596111111111111111111111111111111111112"
    assert str(round_half_up(-big, 2)) == "-1596111111111111111111111111111111111111.50"


def test_a_sum_of_huge_parts_is_reported_exactly() -> None:
    """A damaged report with a 40-digit part: the recomputed total is written out in full."""
    part = "1596111111111111111111111111111111111111.20万元"
    text = f"本年支出合计100.50万元，其中：基本支出{part}，项目支出200.30万元。\n"
    [d] = check_text(text).diagnostics
    assert (d.code, d.location.line, d.location.column) == ("SUM009", 1, 7)
    assert d.args["expected"] == "1596111111111111111111111111111111111311.50万元"


def test_written_interval_positive_is_half_open_above() -> None:
    iv = written_interval(q("98.5%"))
    assert (iv.lo, iv.hi) == (F("98.45"), F("98.55"))
    assert (iv.lo_open, iv.hi_open) == (False, True)


def test_written_interval_integer_and_money_scale() -> None:
    iv = written_interval(q("2万元"))
    assert (iv.lo, iv.hi) == (F(15000), F(25000))
    assert (iv.lo_open, iv.hi_open) == (False, True)
    iv = written_interval(q("1,248.60万元"))
    assert (iv.lo, iv.hi) == (F("12485950"), F("12486050"))


def test_written_interval_negative_is_half_open_below() -> None:
    iv = written_interval(q("-3.5%"))
    assert (iv.lo, iv.hi) == (F("-3.55"), F("-3.45"))
    assert (iv.lo_open, iv.hi_open) == (True, False)  # -3.55 rounds (half up, away from 0) to -3.6


def test_written_interval_zero_is_closed() -> None:
    iv = written_interval(q("0%"))
    assert (iv.lo, iv.hi, iv.lo_open, iv.hi_open) == (F("-0.5"), F("0.5"), False, False)


def test_written_interval_with_document_precision() -> None:
    two = q("2万元")
    iv = written_interval(two, 2)
    assert (iv.lo, iv.hi) == (F("19950"), F("20050"))
    assert operand_interval(two, "strict", {"万元": 2}) == written_interval(two)
    assert operand_interval(two, "document", {"万元": 2}) == iv
    assert operand_interval(two, "document", {}) == written_interval(two)
    assert operand_interval(two, "exact", {"万元": 2}) == Interval.point(F(20000))
    # more decimals than usual: document level does not widen or narrow it
    three = q("1.795万元")
    assert operand_interval(three, "document", {"万元": 2}) == written_interval(three)


def test_written_values_round_back_to_the_written_number() -> None:
    quantity = q("43.02%")
    iv = written_interval(quantity)
    assert round_half_up(iv.lo, 2) == Decimal("43.02")
    assert round_half_up(iv.hi, 2) == Decimal("43.03")  # the open end belongs to the next number
    assert round_half_up(iv.hi - F(1, 10**9), 2) == Decimal("43.02")


# --- meets ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "meets"),
    [
        (Interval(F(0), F(1)), Interval(F(1), F(2)), True),  # closed/closed touching
        (Interval(F(0), F(1), hi_open=True), Interval(F(1), F(2)), False),  # open/closed touching
        (Interval(F(0), F(1)), Interval(F(1), F(2), lo_open=True), False),  # closed/open touching
        (Interval(F(0), F(1), hi_open=True), Interval(F(1), F(2), lo_open=True), False),
        (Interval(F(0), F(2)), Interval(F(1), F(3)), True),  # overlap
        (Interval(F(0), F(1)), Interval(F(2), F(3)), False),  # apart
        (Interval(F(0), F(3)), Interval(F(1), F(2), True, True), True),  # contained
        (Interval.point(F(1)), Interval(F(0), F(1)), True),
        (Interval.point(F(1)), Interval(F(0), F(1), hi_open=True), False),
        (Interval.point(F(1)), Interval.point(F(1)), True),
    ],
)
def test_meets(a: Interval, b: Interval, meets: bool) -> None:
    assert a.meets(b) is meets
    assert b.meets(a) is meets  # symmetric


# --- arithmetic -----------------------------------------------------------------------------------------


def test_addition_and_subtraction() -> None:
    a = Interval(F(1), F(2), False, True)
    b = Interval(F(10), F(20))
    s = a + b
    assert (s.lo, s.hi, s.lo_open, s.hi_open) == (F(11), F(22), False, True)
    d = b - a
    assert (d.lo, d.hi, d.lo_open, d.hi_open) == (F(8), F(19), True, False)
    n = -a
    assert (n.lo, n.hi, n.lo_open, n.hi_open) == (F(-2), F(-1), True, False)


def test_multiplication_with_signs() -> None:
    p = Interval(F(-1), F(2)) * Interval(F(3), F(4))
    assert (p.lo, p.hi) == (F(-4), F(8))


def test_division() -> None:
    r = Interval(F(1), F(2)) / Interval(F(4), F(5))
    assert (r.lo, r.hi) == (F(1, 5), F(1, 2))
    # a rate: 59 / 64 × 100 with written intervals
    rate = written_interval(q("59万元")) / written_interval(q("64万元")) * Interval.point(F(100))
    assert rate.lo == F(585000, 645000) * 100
    assert rate.hi == F(595000, 635000) * 100
    assert rate.lo_open is True and rate.hi_open is True
    assert not rate.meets(written_interval(q("96.88%")))  # RAT001's example: inconsistent even at strict level
    assert rate.meets(written_interval(q("92.19%")))


def test_division_by_interval_containing_zero() -> None:
    with pytest.raises(ZeroDivisionError):
        Interval(F(1), F(2)) / Interval(F(-1), F(1))
    with pytest.raises(ZeroDivisionError):
        Interval(F(1), F(2)) / written_interval(q("0万元"))


def test_mid_and_format() -> None:
    iv = Interval(F("93.2"), F("93.3"))
    assert iv.mid == F("93.25")
    assert iv.format(1) == "[93.2, 93.3]"


# --- the worked example (SUM001's passing example) -----------------------------------------------------


def test_parts_meet_total_at_strict_level() -> None:
    parts = [q("86.27万元"), q("415.08万元"), q("747.26万元")]
    total = q("1,248.60万元")
    acc = Interval.point(F(0))
    for p in parts:
        acc = acc + written_interval(p)
    assert acc.lo == F("1248.595") * 10_000
    assert acc.hi == F("1248.625") * 10_000
    target = written_interval(total)
    assert target.lo == acc.lo == F("12485950")  # the intervals meet exactly at 1248.595 万元
    assert not acc.lo_open and not target.lo_open
    assert acc.meets(target)
    # the exact sum of the written parts (1248.61) is not the written total: only rounding reconciles them
    assert sum(p.in_base() for p in parts) == F("12486100") != total.in_base()
    # one cent lower and the intervals only touch at an open end: inconsistent
    assert not acc.meets(written_interval(q("2,105.83万元")))


def test_worked_example_lints_clean() -> None:
    from lint.api import check_text

    text = "2024年政府采购支出总额1,248.60万元，其中：货物支出86.27万元、工程支出415.08万元、服务支出747.26万元。\n"
    assert check_text(text).diagnostics == []
    wrong = text.replace("1,248.60万元", "1,248.57万元")
    found = [(d.code, d.location.line, d.location.column, d.args["stated"]) for d in check_text(wrong).diagnostics]
    # the named composition 政府采购 = 货物 + 工程 + 服务 speaks before the generic 其中 check
    assert found == [("SUM010", 1, text.index("1,248.60") + 1, "1,248.57万元")]


# --- document precision --------------------------------------------------------------------------------


def test_document_precision() -> None:
    quantities = find_quantities(
        "收入2.69万元、2.00万元、0.2万元、2万元、约3.15万元、约4.15万元、约5.15万元，"
        "合计1248.60元、5.1元、6.2元，执行率98.52%、12.345%，金额21.37亿元、21.4亿元，2023年。"
    )
    precision = document_precision(quantities)
    # 万元: two with 2 decimals, one with 1 (approx and integers ignored)
    # 元: tie 1×2 decimals vs 2×1 decimal → the most frequent, 1
    # 亿元: tie 1 vs 1 → more decimals
    assert precision == {"万元": 2, "元": 1, "亿元": 2}


def test_document_precision_empty() -> None:
    assert document_precision([]) == {}
    assert document_precision(find_quantities("执行率98.52%，2万元")) == {}
