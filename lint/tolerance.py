"""Exact interval arithmetic over `Fraction`, and the intervals that written numbers stand for.

A number written with d decimals stands for the values that round (四舍五入, half up) to it:
[v − ½·10⁻ᵈ, v + ½·10⁻ᵈ) for v > 0 — the upper end is open because v + ½·10⁻ᵈ rounds up. A check
fails only when the stated interval and the recomputed interval do not meet at all.

Operands are read at three levels of trust, and a finding's severity says which was needed:
- strict: the digits as written (an integer 2 stands for [1.5, 2.5));
- document: a figure written with fewer decimals than the document's usual precision for its unit
  had its trailing zeros dropped (3万元 in a report that writes 2.69万元 is 3.00);
- exact: figures written without decimals taken as exact (a budget of 2万元 is 2万元), the others at
  the document's precision — as a reviewer with a calculator would take them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from lint.claims.quantity import Quantity

LEVELS = ("strict", "document", "exact")


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Fraction
    hi: Fraction
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def point(cls, value: Fraction) -> Interval:
        return cls(value, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo, self.hi + other.hi, self.lo_open or other.lo_open, self.hi_open or other.hi_open
        )

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.hi_open, self.lo_open)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def __mul__(self, other: Interval) -> Interval:
        if 0 < self.lo < self.hi and 0 < other.lo < other.hi:
            # both strictly positive and not points (amounts, rates): the ends are lo·lo and hi·hi alone
            return Interval(
                self.lo * other.lo, self.hi * other.hi, self.lo_open or other.lo_open, self.hi_open or other.hi_open
            )
        ends = [
            (self.lo * other.lo, self.lo_open or other.lo_open),
            (self.lo * other.hi, self.lo_open or other.hi_open),
            (self.hi * other.lo, self.hi_open or other.lo_open),
            (self.hi * other.hi, self.hi_open or other.hi_open),
        ]
        lo = min(e[0] for e in ends)
        hi = max(e[0] for e in ends)
        return Interval(lo, hi, all(o for v, o in ends if v == lo), all(o for v, o in ends if v == hi))

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi

    def __truediv__(self, other: Interval) -> Interval:
        if other.contains_zero():
            raise ZeroDivisionError("interval divisor contains zero")
        inverse = Interval(1 / other.hi, 1 / other.lo, other.hi_open, other.lo_open)
        return self * inverse

    def meets(self, other: Interval) -> bool:
        """True when the two intervals share at least one value."""
        lo, lo_open = (self.lo, self.lo_open) if self.lo > other.lo else (other.lo, other.lo_open)
        if self.lo == other.lo:
            lo_open = self.lo_open or other.lo_open
        hi, hi_open = (self.hi, self.hi_open) if self.hi < other.hi else (other.hi, other.hi_open)
        if self.hi == other.hi:
            hi_open = self.hi_open or other.hi_open
        return lo < hi or (lo == hi and not lo_open and not hi_open)

    @property
    def mid(self) -> Fraction:
        return (self.lo + self.hi) / 2

    def format(self, decimals: int) -> str:
        return f"[{round_half_up(self.lo, decimals)}, {round_half_up(self.hi, decimals)}]"


def round_half_up(value: Fraction, decimals: int) -> Decimal:
    """四舍五入 of an exact value to `decimals` places (never Python's banker's `round`), half away from
    zero; exact at any size (Decimal arithmetic would round to its context's 28 digits, or fail)."""
    scaled = abs(value) * 10**decimals
    digits = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)  # ⌊scaled + ½⌋
    return Decimal(f"{'-' if value < 0 else ''}{digits}E{-decimals}")


def written_interval(q: Quantity, decimals: int | None = None) -> Interval:
    """The values that 四舍五入 to `q` as written (in base units for money)."""
    return _written_interval(q.value, q.half_unit(decimals), q.scale)


@lru_cache(maxsize=8192)
def _written_interval(value: Decimal, h: Fraction, scale: int) -> Interval:
    # the rules ask for the same operand's interval many times over, and Fraction arithmetic is slow
    v = Fraction(value)
    if v > 0:
        return Interval((v - h) * scale, (v + h) * scale, False, True)
    if v < 0:
        return Interval((v - h) * scale, (v + h) * scale, True, False)
    return Interval(-h * scale, h * scale)


def stated_interval(q: Quantity, slack: int = 0, truncation: bool = False) -> Interval:
    """The values a stated result may stand for: its rounding interval, widened by `slack` units of its
    last digit, and (with `truncation`) also the values that were cut rather than rounded to it."""
    base = written_interval(q)
    if not slack and not truncation:
        return base
    unit = Fraction(1, 10**q.decimals) * q.scale
    lo, hi = base.lo - slack * unit, base.hi + slack * unit
    if truncation:
        v = Fraction(q.value) * q.scale
        hi = max(hi, v + unit + slack * unit) if v >= 0 else hi
        lo = min(lo, v - unit - slack * unit) if v <= 0 else lo
    return Interval(lo, hi, base.lo_open, True)


def operand_interval(q: Quantity, level: str, precision: dict[str, int]) -> Interval:
    """An operand's interval at a trust level (see module docstring)."""
    if q.value == 0:
        return Interval.point(Fraction(0))  # “0万元” means nothing at all, not anything below 0.5万元
    if level == "exact" and q.decimals == 0:
        return Interval.point(q.in_base())
    if level in ("document", "exact"):
        usual = precision.get(q.unit)
        if usual is not None and usual > q.decimals:
            return written_interval(q, usual)
    return written_interval(q)


def document_precision(quantities: list[Quantity]) -> dict[str, int]:
    """The decimals most often written for each money unit (ties → more decimals)."""
    counts: dict[str, dict[int, int]] = {}
    for q in quantities:
        if q.dimension == "money" and q.decimals > 0 and not q.approx:
            counts.setdefault(q.unit, {}).setdefault(q.decimals, 0)
            counts[q.unit][q.decimals] += 1
    return {unit: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for unit, c in counts.items()}
