"""Rule files as validated data: one frozen dataclass per engine kind, discriminated on `kind`.

Plain dataclasses, so that a warm start unpickles the cached rules without building a pydantic model;
the loader validates a rule file against them with a pydantic TypeAdapter (extra keys forbidden, the
validators below) only when the rule cache is rebuilt.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, fields
from typing import Literal, TypeVar, dataclass_transform

from pydantic import ConfigDict, field_validator

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# fields through which a rule names the `derived` codes it may emit instead of its own
DERIVED_CODE_FIELDS = (
    "other_base_code",
    "unit_slip_code",
    "fraction_slip_code",
    "direction_code",
    "wording_code",
    "points_code",
)
CODE = re.compile(r"^[A-Z]{3}\d{3}$")
_T = TypeVar("_T")


@dataclass_transform(frozen_default=True, kw_only_default=True)
def rule_data(cls: type[_T]) -> type[_T]:
    """Frozen keyword-only data; pydantic validating it refuses keys the class does not declare.

    `__eq__` and `__repr__` are shared functions rather than generated per class: every start
    defines these classes, and the code generation is most of their cost.
    """
    made = dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)(cls)
    made.__eq__ = _fields_eq  # type: ignore[method-assign]
    made.__hash__ = None  # type: ignore[assignment]
    made.__repr__ = _fields_repr  # type: ignore[method-assign]
    made.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return made


def _values(obj: object) -> tuple[object, ...]:
    return tuple(getattr(obj, f.name) for f in fields(obj))  # type: ignore[arg-type]


def _fields_eq(self: object, other: object) -> bool:
    return type(other) is type(self) and _values(self) == _values(other)


def _fields_repr(self: object) -> str:
    return f"{type(self).__name__}({', '.join(f'{f.name}={getattr(self, f.name)!r}' for f in fields(self))})"  # type: ignore[arg-type]


@rule_data
class Text:
    """A text in Chinese (default) and English; {placeholders} are plain names, nothing more."""

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _plain_placeholders(cls, v: str) -> str:
        # str.format_map would follow {stated.__class__} or {stated[0]}: only bare names are allowed
        try:
            fields = list(string.Formatter().parse(v))
        except ValueError as exc:
            raise ValueError(f"占位符写法有误：{exc}") from None
        for _, name, spec, conversion in fields:
            if name is not None and (not name.isidentifier() or spec or conversion):
                raise ValueError(
                    f"占位符只能是名称，如 {{stated}}，不允许 {{{name}{'!' + conversion if conversion else ''}"
                    f"{':' + spec if spec else ''}}}"
                )
        return v

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@rule_data
class Docs:
    what: str
    why: str
    basis: tuple[str, ...] = ()
    tolerance: str = ""
    notes: str = ""


@rule_data
class Expectation:
    code: str
    line: int


@rule_data
class Example:
    title: str
    text: str
    expect: tuple[Expectation, ...] = ()


@rule_data
class Selector:
    """Which claims may fill one variable of a formula."""

    kind: tuple[str, ...] = ("amount",)
    metric: tuple[str, ...] = ()
    basis: tuple[str | None, ...] = ()  # empty: any basis
    flow: tuple[str | None, ...] = ()  # empty: any flow
    link: str | None = None  # take the claim the sentence itself ties to the anchor (links[role])
    fallback_flow: tuple[str, ...] = ()  # when nothing matches `basis`, accept amounts of these flows instead
    fallback_unlabelled: bool = False  # then an amount of the same sentence that names no basis (资金240万元)
    same_subject: bool = True
    label_any: tuple[str, ...] = ()  # the words before the number must contain one of these (在职, 编制 …)
    label_none: tuple[str, ...] = ()  # … and none of these
    period: tuple[str | None, ...] = ()  # empty: any; ["prior"] for 上年 figures, [null] for the year under review


@rule_data
class RuleBase:
    code: str
    name: str
    title: str
    severity: Severity
    message: Text
    hint: Text
    docs: Docs
    examples: tuple[Example, ...]
    aliases: tuple[str, ...] = ()
    priority: int = 0  # when two rules flag the same written value, the higher priority speaks

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CODE.match(v):
            raise ValueError("code 应为三个大写字母加三位数字，如 RAT001")
        return v

    @field_validator("examples")
    @classmethod
    def _examples(cls, v: tuple[Example, ...]) -> tuple[Example, ...]:
        if len(v) < 2:
            raise ValueError("examples 至少要有两个（一个有问题，一个没有问题）")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", v):
            raise ValueError("name 应为 kebab-case 英文，如 rate-mismatch")
        return v


@rule_data
class FormulaRule(RuleBase):
    """`formula` over bound claims, checked at the anchor variable (the stated value)."""

    kind: Literal["formula"]
    formula: str
    check: str  # the variable whose written value is checked
    bind: dict[str, Selector] = field(default_factory=dict)
    source: Literal["claims", "written"] = "claims"  # written: A/B×100%=C as it stands in the text
    scope: tuple[Literal["link", "sentence", "sentence_after", "paragraph", "document"], ...] = (
        "link",
        "sentence",
        "paragraph",
    )
    show: str = ""  # how to print the recomputation, with {variable} placeholders
    other_base_code: str | None = None  # code to emit when only an undeclared base fits
    unit_slip_code: str | None = None  # code to emit when a 元/万元 slip explains the mismatch
    fraction_slip_code: str | None = None  # code to emit when the rate was written as a fraction (0.02% for 2%)


@rule_data
class SumRule(RuleBase):
    """A total and its parts: 其中 breakdowns, or named components of a named total."""

    kind: Literal["sum"]
    source: Literal["breakdown", "components", "shares", "table"]
    claim_kinds: tuple[str, ...] = ("amount", "count", "share")  # table: which columns (score, weight for 得分/分值)
    total: str | None = None  # subject or item id of the total (components)
    parts: tuple[str, ...] = ()  # subject or item ids of the parts that must all be stated (components)
    optional_parts: tuple[str, ...] = ()  # parts that count as 0 when the report does not state them
    near_miss: float = 0.02  # a breakdown short of its total by more than this share may be partial


@rule_data
class ChangeRule(RuleBase):
    """比上年增加/减少 X，增长/下降 Y%: amount, rate and direction against current and prior values."""

    kind: Literal["change"]
    direction_code: str | None = None  # code to emit when 增 and 减 contradict each other
    fraction_slip_code: str | None = None  # code to emit when the rate was written as a fraction
    points_code: str | None = None  # code to emit when 增长Y% gives the difference of two rates (百分点)


@rule_data
class DifferenceRule(RuleBase):
    """Actual against budget: 差值/比预算减少 X against the two amounts; 决算数小于预算数 and a completion
    rate against the same amounts or the difference written beside them."""

    kind: Literal["difference"]
    wording_code: str | None = None  # code to emit when the words (小于/大于/完成100%) contradict the numbers


@rule_data
class ConsistencyRule(RuleBase):
    """The same fact (metric, subject, basis) stated with different values."""

    kind: Literal["consistency"]
    metrics: tuple[str, ...]


@rule_data
class Band:
    grade: str
    min: float


@rule_data
class Profile:
    """A region profile (rules/profiles/<name>.yaml): grade bands and which budget a bare “预算” means."""

    title: str
    budget_base: Literal["budget.initial", "budget.adjusted"] = "budget.adjusted"
    bands: tuple[Band, ...]


@rule_data
class BandsRule(RuleBase):
    """A stated grade against the stated score."""

    kind: Literal["bands"]
    bands: tuple[Band, ...]


@rule_data
class PatternRule(RuleBase):
    """Text patterns (regular expressions) that must not appear, e.g. unfilled placeholders."""

    kind: Literal["pattern"]
    patterns: tuple[str, ...]

    @field_validator("patterns")
    @classmethod
    def _compile(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"正则表达式无效 {p!r}：{exc}") from None
        return v


@rule_data
class BoundRule(RuleBase):
    """One figure may not exceed another: 得分 ≤ 分值 in a table row, 小微企业 ≤ 中小企业 in a paragraph."""

    kind: Literal["bound"]
    lesser: str  # a claim kind of table cells (score) or a subject/item id
    greater: str


@rule_data
class TargetRule(RuleBase):
    """Full marks for an indicator whose 实际完成值 misses its 年度指标值."""

    kind: Literal["target"]


@rule_data
class DatesRule(RuleBase):
    """Years and dates against the year under review (评价年度) and the form's own dates."""

    kind: Literal["dates"]
    check: Literal["other-year", "signature-date"]


@rule_data
class DerivedRule(RuleBase):
    """A code emitted by another rule's evaluation (documented here, configured like any rule)."""

    kind: Literal["derived"]
    emitted_by: tuple[str, ...]


RuleSpec = (
    FormulaRule
    | SumRule
    | ChangeRule
    | DifferenceRule
    | ConsistencyRule
    | BandsRule
    | PatternRule
    | DatesRule
    | BoundRule
    | TargetRule
    | DerivedRule
)
