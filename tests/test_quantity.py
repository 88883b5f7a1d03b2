"""Numbers as written: exact Decimal value, unit, decimals, approximation, and the span they occupy."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from lint.claims.quantity import chinese_to_decimal, find_quantities

# text, value, unit, decimals, approx, raw
CASES = [
    ("1,248.60 万元", "1248.60", "万元", 2, False, "1,248.60 万元"),
    ("3,126.45万元", "3126.45", "万元", 2, False, "3,126.45万元"),
    ("21.37亿元", "21.37", "亿元", 2, False, "21.37亿元"),
    ("337.10万元", "337.10", "万元", 2, False, "337.10万元"),
    ("26.80元", "26.80", "元", 2, False, "26.80元"),
    ("98.5%", "98.5", "%", 1, False, "98.5%"),
    ("100.00%", "100.00", "%", 2, False, "100.00%"),
    ("3.5个百分点", "3.5", "pp", 1, False, "3.5个百分点"),
    ("2个百分点", "2", "pp", 0, False, "2个百分点"),
    ("100 分", "100", "分", 0, False, "100 分"),
    ("89.5分", "89.5", "分", 1, False, "89.5分"),
    ("近2000", "2000", "", 0, True, "2000"),
    ("500余次", "500", "次", 0, True, "500余次"),
    ("356万余次", "3560000", "次", 0, True, "356万余次"),
    ("约3.5万元", "3.5", "万元", 1, True, "3.5万元"),
    ("增长10%以上", "10", "%", 0, True, "10%"),
    ("百分之九十八点五", "98.5", "%", 1, False, "百分之九十八点五"),
    ("一千二百四十八点六万元", "1248.6", "万元", 1, False, "一千二百四十八点六万元"),
    ("负百分之四十", "-40", "%", 0, False, "负百分之四十"),
    ("-3.5%", "-3.5", "%", 1, False, "-3.5%"),
    ("三万元", "3", "万元", 0, False, "三万元"),
    ("十万元", "10", "万元", 0, False, "十万元"),
    ("12人", "12", "人", 0, False, "12人"),
]


@pytest.mark.parametrize(("text", "value", "unit", "decimals", "approx", "raw"), CASES, ids=[c[0] for c in CASES])
def test_single_quantity(text: str, value: str, unit: str, decimals: int, approx: bool, raw: str) -> None:
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert isinstance(q.value, Decimal)
    assert q.value == Decimal(value)
    assert str(q.value) == value  # the digits as written, trailing zeros kept
    assert q.unit == unit
    assert q.decimals == decimals
    assert q.approx is approx
    assert q.raw == raw
    assert text[q.start : q.end] == raw


def test_spans_in_a_sentence() -> None:
    text = "外事业务工作经费预算批复89万元，决算支出83万元，控制率为97.65%。"
    found = find_quantities(text)
    assert [(q.raw, q.start, q.end) for q in found] == [("89万元", 12, 16), ("83万元", 21, 25), ("97.65%", 30, 36)]
    assert [q.dimension for q in found] == ["money", "money", "percent"]


def test_money_in_base_unit_is_exact() -> None:
    [wan] = find_quantities("3,126.45万元")
    [yi] = find_quantities("21.37亿元")
    assert wan.in_base() == Fraction(31264500)
    assert yi.in_base() == Fraction(2137000000)
    assert wan.scale == 10_000
    assert wan.half_unit() == Fraction(1, 200)


def test_exact_digits_flag() -> None:
    assert find_quantities("98.5%")[0].exact_digits is True
    assert find_quantities("百分之九十八点五")[0].exact_digits is False
    assert find_quantities("356万余次")[0].exact_digits is False


@pytest.mark.parametrize("text", ["进一步统一规范一般性支出", "统一部署，一是加强管理，二是压减开支", ""])
def test_no_number(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize("text", ["单位：万元", "金额单位：亿元", "万元"])
def test_unit_word_alone_is_not_a_number(text: str) -> None:
    assert find_quantities(text) == []


def test_thousands_separator_is_not_two_numbers() -> None:
    assert [q.raw for q in find_quantities("支出2,063.59万元、收入1,248.60万元")] == ["2,063.59万元", "1,248.60万元"]


def test_dates_are_date_dimension() -> None:
    found = find_quantities("2023年3月16日")
    assert [(str(q.value), q.unit, q.dimension) for q in found] == [
        ("2023", "年", "date"),
        ("3", "月", "date"),
        ("16", "日", "date"),
    ]


def test_range_window() -> None:
    text = "甲10万元，乙20万元"
    found = find_quantities(text, start=text.index("乙"))
    assert [q.raw for q in found] == ["20万元"]
    assert found[0].start == text.index("20")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一千二百四十八点六", "1248.6"),
        ("九十八点五", "98.5"),
        ("十五", "15"),
        ("二十", "20"),
        ("一百零五", "105"),
        ("三万", "30000"),
        ("一万二千", "12000"),
        ("两千", "2000"),
        ("〇点五", "0.5"),
        ("零", "0"),
    ],
)
def test_chinese_to_decimal(numeral: str, value: str) -> None:
    assert chinese_to_decimal(numeral) == Decimal(value)


@pytest.mark.parametrize("numeral", ["abc", "三点x", "一千a"])
def test_chinese_to_decimal_rejects(numeral: str) -> None:
    assert chinese_to_decimal(numeral) is None


@pytest.mark.parametrize(("numeral", "value"), [("一亿二千万", "120000000"), ("三亿零五百万", "305000000")])
def test_chinese_to_decimal_yi_then_wan(numeral: str, value: str) -> None:
    assert chinese_to_decimal(numeral) == Decimal(value)
