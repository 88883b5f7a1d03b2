"""Numbers as written: `Decimal` value from the original digits, unit, decimals and approximation.

Only Arabic digits are read everywhere; Chinese numerals are read only where they carry an amount
(百分之九十八点五, 三万元), because 一/二 inside words (统一, 一般) are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

MONEY_SCALE = {"元": 1, "千元": 1000, "万元": 10_000, "亿元": 100_000_000}
COUNT_UNITS = [
    "人次",
    "场次",
    "批次",
    "户次",
    "万人",
    "人",
    "名",
    "个",
    "次",
    "项",
    "件",
    "份",
    "辆",
    "台",
    "套",
    "篇",
    "场",
    "批",
    "家",
    "所",
    "条",
    "户",
    "期",
    "座",
    "处",
    "间",
    "本",
    "册",
    "幅",
    "张",
    "天",
    "小时",
    "公里",
    "平方米",
    "亩",
    "吨",
    "届",
    "年度",
    "年",
    "月",
    "日",
    "号",
    "岁",
    "周",
]
_UNIT_ALTS = sorted(
    ["亿元", "万元", "千元", "元", "个百分点", "百分点", "%", "‰", "分", *COUNT_UNITS], key=len, reverse=True
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = rf"[{_CN_DIGITS}十][{_CN_DIGITS}十百千万亿点]*?"  # starts with a digit: 万元 alone is a unit
TOKEN = re.compile(
    rf"(?P<pre>近|约|超过|逾|不足|大约|将近)?"
    rf"(?P<sign>[-−]|负)?"
    rf"(?:(?P<pct_cn>百分之)(?P<cn_pct>{_CN_NUMERAL})(?![{_CN_DIGITS}十百千万亿点])"
    rf"|(?<![\dA-Za-z.])(?P<num>{_NUMBER})(?![\d])"
    rf"|(?<![{_CN_DIGITS}十百千])(?P<cn>{_CN_NUMERAL})(?=万元|亿元|元))"
    rf"(?:\s?(?P<mult>万|亿)(?!元))?"
    rf"(?P<post>余|多)?"
    rf"(?:\s?(?P<unit>{'|'.join(map(re.escape, _UNIT_ALTS))}))?"
    rf"(?P<post2>以上|左右|余|多)?"
)
_CN_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}


def chinese_to_decimal(text: str) -> Decimal | None:
    """一千二百四十八点六 → 1248.6; 一亿二千万 → 120000000; None when it is not a numeral."""
    integer, _, fraction = text.partition("点")
    above_yi = 0  # everything already multiplied by 亿
    wan = 0  # the part multiplied by 万 (below 亿)
    section = 0  # below 万
    digit: int | None = None
    for ch in integer:
        if ch in _CN_VALUE:
            digit = _CN_VALUE[ch]
        elif ch in _CN_SMALL_UNIT:
            section += (1 if digit is None else digit) * _CN_SMALL_UNIT[ch]
            digit = None
        elif ch == "万":
            wan = (section + (digit or 0)) * 10_000
            section, digit = 0, None
        elif ch == "亿":
            above_yi = (above_yi + wan + section + (digit or 0)) * 100_000_000
            wan, section, digit = 0, 0, None
        else:
            return None
    value = Decimal(above_yi + wan + section + (digit or 0))
    if fraction:
        digits = "".join(str(_CN_VALUE[ch]) for ch in fraction if ch in _CN_VALUE)
        if len(digits) != len(fraction):
            return None
        value += Decimal("0." + digits)
    return value


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number in the text. `value` is in the written unit (64.50 for “64.50 万元”)."""

    value: Decimal
    unit: str  # 元 万元 亿元 % pp ‰ 分, a count unit, or "" (bare number)
    decimals: int  # digits after the decimal point as written
    raw: str  # the written number and unit, as they stand in the text
    approx: bool  # 余/近/约/多/以上: never used for strict checks
    start: int  # span of the number and its unit in Document.text
    end: int
    exact_digits: bool = True  # False for Chinese numerals and 万/亿 multipliers of bare numbers

    @property
    def dimension(self) -> str:
        if self.unit in MONEY_SCALE:
            return "money"
        if self.unit == "%":
            return "percent"
        if self.unit == "pp":
            return "points"
        if self.unit == "分":
            return "score"
        if self.unit in ("年", "年度", "月", "日", "号"):
            return "date"
        if self.unit:
            return "count"
        return "none"

    @property
    def scale(self) -> int:
        return MONEY_SCALE.get(self.unit, 1)

    def in_base(self) -> Fraction:
        """Value in the base unit (元 for money), exact."""
        return Fraction(self.value) * self.scale

    def half_unit(self, decimals: int | None = None) -> Fraction:
        """Half of the last written digit, in the written unit: the 四舍五入 radius."""
        d = self.decimals if decimals is None else decimals
        return Fraction(1, 2 * 10**d)

    def __str__(self) -> str:
        return self.raw


def _decimals(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


def _unit(raw_unit: str | None) -> str:
    if raw_unit in ("个百分点", "百分点"):
        return "pp"
    return raw_unit or ""


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """All quantities in `text[start:end]`, with spans in `text` coordinates."""
    out: list[Quantity] = []
    stop = len(text) if end is None else end
    for m in TOKEN.finditer(text, start, stop):
        num, cn, cn_pct = m.group("num"), m.group("cn"), m.group("cn_pct")
        if not (num or cn or cn_pct):
            continue
        unit = _unit(m.group("unit"))
        exact = True
        if num:
            value = Decimal(num.replace(",", ""))
            decimals = _decimals(num)
            num_start = m.start("num")
        else:
            parsed = chinese_to_decimal(cn or cn_pct)
            if parsed is None:
                continue
            value = parsed
            decimals = _decimals(str(parsed))
            exact = False
            num_start = m.start("cn") if cn else m.start("pct_cn")
            if cn_pct:
                unit = "%"
        mult = m.group("mult")
        if mult:
            if unit in ("", *COUNT_UNITS):
                # 356万余次, 1.5万篇: a count scaled by 万/亿; keep it out of strict checks
                value *= 10_000 if mult == "万" else 100_000_000
                exact = False
            else:
                continue
        sign = m.group("sign")
        if sign:
            value = -value
            num_start = m.start("sign")
        approx = bool(m.group("pre") or m.group("post") or m.group("post2"))
        begin = num_start
        finish = (
            m.end("unit")
            if m.group("unit")
            else (m.end("mult") if mult else m.end("num" if num else "cn" if cn else "cn_pct"))
        )
        out.append(
            Quantity(
                value=value,
                unit=unit,
                decimals=decimals,
                raw=text[begin:finish],
                approx=approx,
                start=begin,
                end=finish,
                exact_digits=exact,
            )
        )
    return out
