"""What the extractor understood: claims (numbers with facets) and the structures between them."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from lint.claims.quantity import Quantity


@dataclass(slots=True)
class Claim:
    """A number and what it refers to.

    kind: amount (money), rate (a named rate: 执行率, 控制率 …), share (占…的), change (比上年增减额),
    change_rate (增长/下降 …%), difference (比预算减少/差值), score (得分), weight (分值), count, other (a
    number we read but cannot attribute).
    """

    id: int
    quantity: Quantity
    kind: str
    block: int  # index of the paragraph or table in Document.blocks
    sentence: int  # global sentence index
    label: str  # the words before the number that were used to attribute it
    metric: str | None = None
    subject: str | None = None  # None: the unit as a whole
    basis: str | None = None  # budget.initial / budget.adjusted / budget / budget.change / actual
    flow: str | None = None  # income / expenditure / left
    item: str | None = None  # a 决算 line item (income.total, expenditure.basic, procurement.goods …)
    period: str | None = None  # "prior" for 上年 figures; None for the year under review
    declared_basis: str | None = None  # for rates: the base the sentence names (完成年初预算的 …)
    direction: int = 0  # for changes: +1 增, −1 减
    subject_explicit: bool = False  # the subject was named next to this number, not carried over
    year: str | None = None  # the year named earlier in the same sentence (2023年 …)
    whole_unit: bool = False  # the sentence names the unit as a whole (本部门, 本单位, 整体 …)
    in_paren: bool = False
    list_id: int | None = None  # the 其中 list this claim is a part of
    links: dict[str, int] = field(default_factory=dict)  # role → claim id, fixed by the sentence itself
    cell: tuple[int, int] | None = None  # (row, column) for table cells
    comparator: str | None = None  # for a target cell: ≥ ≤ > < =

    @property
    def start(self) -> int:
        return self.quantity.start

    @property
    def end(self) -> int:
        return self.quantity.end


@dataclass(slots=True)
class Breakdown:
    """`total，其中：part, part …` — parts that should add up to the total."""

    id: int
    total: int  # claim id
    parts: list[int]
    start: int  # text offset of 其中
    end: int
    shares: list[int] = field(default_factory=list)  # 占…% stated for the parts (or alone, without amounts)
    source: str = "list"  # "list": 其中 in the text; "table": a 合计 row and the rows above it


@dataclass(slots=True)
class WrittenFormula:
    """`A/B×100%=C` written out in the text: the operands and the stated result."""

    expression: str  # over variables v0, v1 … (the operands in order)
    operands: list[Quantity]
    result: Quantity
    block: int


@dataclass(slots=True)
class Comparison:
    """决算数小于预算数 (−1), 大于 (+1), 等于 (0); 未超出预算 is at_most (≤)."""

    direction: int
    at_most: bool
    start: int
    end: int
    block: int
    sentence: int
    subject: str | None


@dataclass(slots=True)
class GradeMention:
    grade: str  # canonical 优/良/中/差
    raw: str
    start: int
    end: int
    score: int | None  # claim id of the score stated with it


# Claims: how far from a figure, within its paragraph or table, the rules look for its operands. Real
# paragraphs hold a few dozen figures; without a bound, a damaged file with thousands in one paragraph
# costs time quadratic in them.
NEAR = 50


@dataclass(slots=True)
class ClaimIndex:
    claims: list[Claim] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    formulas: list[WrittenFormula] = field(default_factory=list)
    grades: list[GradeMention] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    numbers_read: int = 0
    unattributed: list[Quantity] = field(default_factory=list)
    _by_block: dict[int, list[Claim]] | None = field(default=None, repr=False)

    def in_block(self, block: int) -> list[Claim]:
        """The claims of one paragraph or table, in order (built once, on first use)."""
        if self._by_block is None:
            self._by_block = {}
            for c in self.claims:
                self._by_block.setdefault(c.block, []).append(c)
        return self._by_block.get(block, [])

    def _position(self, block: list[Claim], claim_id: int) -> int:
        """Where the claim `claim_id` is, or would be, in its paragraph's claims."""
        return bisect_left(block, claim_id, key=lambda c: c.id)

    def before(self, block: int, claim_id: int, reach: int = NEAR) -> list[Claim]:
        """The claims of a paragraph or table before `claim_id`, nearest first, at most `reach`."""
        claims = self.in_block(block)
        i = self._position(claims, claim_id)
        return claims[max(0, i - reach) : i][::-1]

    def after(self, block: int, claim_id: int, reach: int = NEAR) -> list[Claim]:
        """The claims of a paragraph or table after `claim_id`, in order, at most `reach`."""
        claims = self.in_block(block)
        i = self._position(claims, claim_id + 1)
        return claims[i : i + reach]

    def around(self, block: int, claim_id: int, reach: int = NEAR) -> list[Claim]:
        """The claims of a paragraph or table within `reach` of `claim_id` on either side, in order."""
        claims = self.in_block(block)
        i = self._position(claims, claim_id)
        return claims[max(0, i - reach) : i + 1 + reach]

    def get(self, claim_id: int) -> Claim:
        return self.claims[claim_id]

    def of_kind(self, *kinds: str) -> list[Claim]:
        return [c for c in self.claims if c.kind in kinds]
