"""Synthetic performance reports (绩效自评报告) with known-consistent figures, for property tests and benchmarks.

Pure functions, standard library only. A report is described by a `ReportSpec` (unit, year, fact
paragraphs with their exact amounts, filler prose) and rendered by `render(spec)` into text plus a
list of `Fact` records — one per written number (and grade) — that say where each value is written,
which rule family checks it and how it may be perturbed.

    report = generate(seed)                      # random spec from a seed, then render
    fact = random.choice(report.perturbable())   # a value whose change is seen by exactly one check
    bad = perturb(report, fact, random.Random(1))  # beyond its rounding interval
    yuan = to_yuan(report.text)                  # 615.80万元 → 6158000.00元, rates unchanged

All amounts are written in 万元 with exactly 2 decimals; every rate is computed from the exact
amounts with `Decimal` and ROUND_HALF_UP (四舍五入) to exactly 2 decimals.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

CENT = Decimal("0.01")
HALF = Fraction(1, 200)  # half a unit in the last place of a 2-decimal figure

# --- vocabulary -----------------------------------------------------------------------------------

PLACES = [
    "临川区",
    "安宁市",
    "江北区",
    "青山县",
    "云溪区",
    "永安市",
    "南湖区",
    "东平县",
    "白沙县",
    "凤凰区",
    "长宁区",
    "西城县",
    "金水区",
    "龙泉市",
    "清河县",
]
UNITS = [
    "教育局",
    "卫生健康局",
    "档案馆",
    "水务局",
    "财政局",
    "自然资源局",
    "文化和旅游局",
    "市场监督管理局",
    "统计局",
    "农业农村局",
    "住房和城乡建设局",
    "交通运输局",
    "民政局",
    "司法局",
    "人力资源和社会保障局",
    "生态环境局",
    "应急管理局",
    "退役军人事务局",
    "医疗保障局",
    "机关事务管理局",
    "科学技术局",
    "体育局",
    "林业局",
    "地方志编纂办公室",
    "图书馆",
    "疾病预防控制中心",
    "融媒体中心",
]
YEARS = range(2018, 2025)
GRADES = [(Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差")]

# ordinary prose: no figures at all
PROSE = [
    "本单位坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级各项决策部署。",
    "全面加强预算绩效管理，切实提高财政资金使用效益。",
    "严格执行中央八项规定精神，厉行勤俭节约，从严控制一般性支出。",
    "进一步健全内部控制制度，规范资金审批程序，做到专款专用。",
    "各项目均按照年初计划有序推进，总体完成情况良好。",
    "资产管理制度健全，固定资产登记及时，账实相符。",
    "绩效目标设置较为合理，指标较为清晰，基本能够反映工作任务。",
    "部分项目前期论证不够充分，绩效指标的细化、量化程度有待提高。",
    "下一步，本单位将加强预算编制的科学性和准确性，提高预算执行的均衡性。",
    "政府采购严格按照规定程序执行，未发现违规采购行为。",
    "信息公开及时、完整，按规定在门户网站公开部门预算和决算。",
    "服务对象满意度调查结果显示，群众对本单位工作总体满意。",
]
# prose with harmless counts (meetings, trainings, people): numbers no rule computes with
COUNT_PROSE = [
    "全年共召开党组会议{n}次，专题研究预算管理工作{m}次。",
    "组织开展业务培训{n}期，参训人员{p}人次。",
    "全年开展专项督查{n}次，发现问题{m}个，已全部整改到位。",
    "本单位现有在职人员{p}人，内设机构{m}个。",
    "全年接待来访群众{p}人次，办结群众诉求{n}件。",
]
HEADINGS = ["部门基本情况", "绩效目标完成情况", "资金管理情况", "存在的问题", "下一步改进措施", "其他需要说明的情况"]
FAMILY_HEADINGS = {
    "execution": "预算执行情况",
    "control": "“三公”经费控制情况",
    "composition": "“三公”经费支出情况",
    "procurement": "政府采购情况",
    "yoy": "收入支出情况",
    "score": "自评结论",
}
LEADINS = [  # a sentence without figures that may open a fact paragraph
    "本年度严格按照预算批复执行。",
    "经核对财务账目，相关情况如下。",
    "根据部门决算报表，具体情况如下。",
]
CN_NUM = "一二三四五六七八九十"

FAMILIES = ("execution", "control", "composition", "procurement", "yoy", "score")


# --- specs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """One fact paragraph. `amounts` are integers in hundredths of 万元 (0.01万元); meaning by family:

    execution   (budget, actual)
    control     (budget, actual)                          三公 budget and spending
    composition (overseas, vehicles, reception)           三公 决算 and its three items
    procurement (goods, works, services[, sme])           政府采购 and optional 中小企业 share
    yoy         (current, change)  with `direction` ±1     本年数 and 比上年增减额
    score       (score in tenths of a point,)
    """

    family: str
    amounts: tuple[int, ...]
    direction: int = 1
    leadin: int | None = None  # index into LEADINS, or None


@dataclass(frozen=True)
class Filler:
    sentences: tuple[int, ...]  # indices into PROSE (>= 0) or COUNT_PROSE (encoded as -1 - i)
    counts: tuple[int, int, int] = (3, 5, 40)


@dataclass(frozen=True)
class ReportSpec:
    place: str
    unit: str
    year: int
    items: tuple[Para | Filler, ...]
    headings: bool = True
    blank_lines: bool = True


@dataclass(frozen=True)
class Fact:
    """A written value. `col`/`end_col` are 1-based code-point columns, `end_col` exclusive, like the
    linter's `location`/`end_location`."""

    line: int
    col: int
    end_col: int
    text: str  # as written, e.g. "93.83%", "615.80万元", "优"
    value: Decimal | None  # numeric value as written (None for a grade)
    role: str  # rate | share | yoy_rate | total | part | amount | score | grade
    family: str | None  # finding family a change to this value must produce (None: an operand)
    paragraph: int  # index of the fact paragraph in the report
    kind: str  # the paragraph's family
    # the consistent range at the linter's strict level: any written value whose rounding interval
    # meets [lo, hi] is consistent (rates/totals); for a grade, the expected grade
    lo: Fraction | None = None
    hi: Fraction | None = None
    expected: str | None = None
    # a total's listed parts; a rate's (numerator, denominator); a year-on-year rate's (current, change)
    operands: tuple[Decimal, ...] = ()
    near_miss: bool = False  # a breakdown total: a total far above its parts reads as "only some parts listed"
    independent: bool = True  # no other check reads this value

    @property
    def perturbable(self) -> bool:
        """A checked value that no other check reads and that can be moved beyond its rounding interval."""
        movable = self.role == "grade" or bool(_numeric_candidates(self))
        return self.family is not None and self.independent and movable


@dataclass(frozen=True)
class Report:
    spec: ReportSpec
    text: str
    facts: tuple[Fact, ...]

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def perturbable(self) -> list[Fact]:
        return [f for f in self.facts if f.perturbable]


@dataclass(frozen=True)
class Perturbation:
    text: str
    family: str  # RAT | SUM | YOY | SCR
    line: int
    col: int
    end_col: int
    old: str
    new: str
    fact: Fact = field(repr=False)


# --- numbers --------------------------------------------------------------------------------------


def money(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def round2(value: Fraction) -> Decimal:
    """四舍五入 of an exact value to 2 decimals."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def pct(part: int, whole: int) -> Decimal:
    return round2(Fraction(part * 100, whole))


def fmt_money(cents: int, grouping: bool = False) -> str:
    return f"{money(cents):,.2f}" if grouping else f"{money(cents):.2f}"


def grade_of(score: Decimal) -> str:
    return next(g for lo, g in GRADES if score >= lo)


def _iv(cents: int) -> tuple[Fraction, Fraction]:
    """Strict interval of a positive 2-decimal amount written from `cents` (in 万元)."""
    v = Fraction(cents, 100)
    return (v - HALF, v + HALF)


def _ratio_iv(num: tuple[Fraction, Fraction], den: tuple[Fraction, Fraction]) -> tuple[Fraction, Fraction]:
    """num / den × 100 with naive interval arithmetic, as the linter evaluates it (den > 0)."""
    ends = [n / d * 100 for n in num for d in den]
    return (min(ends), max(ends))


# --- rendering ------------------------------------------------------------------------------------


class _Line:
    """Builds one source line and records the columns of the values written into it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.width = 0
        self.spans: list[tuple[int, int, str, dict[str, object]]] = []

    def text(self, s: str) -> _Line:
        self.parts.append(s)
        self.width += len(s)
        return self

    def value(self, s: str, **meta: object) -> _Line:
        self.spans.append((self.width + 1, self.width + 1 + len(s), s, meta))
        return self.text(s)

    def done(self) -> str:
        return "".join(self.parts)


def _fill(i: int, counts: tuple[int, int, int]) -> str:
    n, m, p = counts
    return PROSE[i] if i >= 0 else COUNT_PROSE[-1 - i].format(n=n, m=m, p=p)


def _para_line(p: Para, year: int, grouping: bool) -> _Line:
    ln = _Line()
    if p.leadin is not None:
        ln.text(LEADINS[p.leadin])
    a = p.amounts
    M = lambda c: fmt_money(c, grouping) + "万元"  # noqa: E731
    if p.family in ("execution", "control"):
        budget, actual = a
        rate = pct(actual, budget)
        lo, hi = _ratio_iv(_iv(actual), _iv(budget))
        execution = p.family == "execution"
        ln.text(f"{year}年度全年预算数" if execution else f"{year}年“三公”经费预算安排")
        ln.value(M(budget), role="amount", value=money(budget))
        ln.text("，执行数" if execution else "，实际支出")
        ln.value(M(actual), role="amount", value=money(actual))
        ln.text("，完成预算的" if execution else "，“三公”经费控制率为")
        ln.value(
            f"{rate}%", role="rate", value=rate, family="RAT", lo=lo, hi=hi, operands=(money(actual), money(budget))
        )
        ln.text("。")
    elif p.family == "composition":
        parts = a
        total = sum(parts)
        lo = sum(_iv(c)[0] if c else -HALF for c in parts)
        hi = sum(_iv(c)[1] for c in parts)
        ln.text("“三公”经费支出决算为").value(
            M(total),
            role="total",
            value=money(total),
            family="SUM",
            lo=lo,
            hi=hi,
            operands=tuple(money(c) for c in parts),
        )
        labels = ("，其中：因公出国（境）费支出决算为", "，公务用车购置及运行费支出决算为", "，公务接待费支出决算为")
        for label, c in zip(labels, parts, strict=True):
            ln.text(label).value(M(c), role="part", value=money(c))
        ln.text("。")
    elif p.family == "procurement":
        parts, sme = a[:3], (a[3] if len(a) > 3 else None)
        total = sum(parts)
        lo = sum(_iv(c)[0] if c else -HALF for c in parts)
        hi = sum(_iv(c)[1] for c in parts)
        ln.text("政府采购支出总额").value(
            M(total),
            role="total",
            value=money(total),
            family="SUM",
            lo=lo,
            hi=hi,
            near_miss=True,
            independent=sme is None,
            operands=tuple(money(c) for c in parts),
        )
        labels = ("，其中：货物支出", "，工程支出", "，服务支出")
        for label, c in zip(labels, parts, strict=True):
            ln.text(label).value(M(c), role="part", value=money(c))
        ln.text("。")
        if sme is not None:
            share = pct(sme, total)
            slo, shi = _ratio_iv(_iv(sme) if sme else (-HALF, HALF), _iv(total))
            ln.text("授予中小企业合同金额").value(M(sme), role="amount", value=money(sme))
            ln.text("，占政府采购支出总额的")
            ln.value(
                f"{share}%",
                role="share",
                value=share,
                family="RAT",
                lo=slo,
                hi=shi,
                operands=(money(sme), money(total)),
            )
            ln.text("。")
    elif p.family == "yoy":
        current, change = a
        prior = current + change if p.direction < 0 else current - change
        rate = pct(change, prior)
        cur_iv, ch_iv = _iv(current), _iv(change)
        if p.direction < 0:  # prior = current + decrease
            base = (cur_iv[0] + ch_iv[0], cur_iv[1] + ch_iv[1])
        else:  # prior = current − increase
            base = (cur_iv[0] - ch_iv[1], cur_iv[1] - ch_iv[0])
        checkable = base[0] > 0  # a base that rounding could make zero cannot be checked
        lo, hi = _ratio_iv(ch_iv, base) if checkable else (None, None)
        ln.text("一般公共预算财政拨款收入").value(M(current), role="amount", value=money(current))
        ln.text("，比上年决算数减少" if p.direction < 0 else "，比上年决算数增加")
        ln.value(M(change), role="amount", value=money(change))
        ln.text("，下降" if p.direction < 0 else "，增长")
        ln.value(
            f"{rate}%",
            role="yoy_rate",
            value=rate,
            family="YOY" if checkable else None,
            lo=lo,
            hi=hi,
            operands=(money(current), money(change)),
        )
        ln.text("。")
    elif p.family == "score":
        (tenths,) = a
        score = Decimal(tenths) / 10
        written = f"{score:.0f}" if tenths % 10 == 0 else f"{score:.1f}"
        grade = grade_of(score)
        ln.text("经评分，本单位整体支出绩效自评得分为").value(f"{written}分", role="score", value=Decimal(written))
        ln.text("，等级：").value(grade, role="grade", value=None, family="SCR", expected=grade)
        ln.text("。")
    else:
        raise ValueError(f"unknown family {p.family!r}")
    return ln


def render(spec: ReportSpec, grouping: bool = False) -> Report:
    """The report text and its facts. `grouping` writes amounts with thousands separators (1,248.60万元)."""
    lines: list[str] = [f"{spec.place}{spec.unit}{spec.year}年度部门整体支出绩效自评报告"]
    facts: list[Fact] = []

    def add(line: str) -> int:
        if spec.blank_lines:
            lines.append("")
        lines.append(line)
        return len(lines)  # 1-based number of the line just added

    section = 0
    para_index = 0

    def heading(title: str) -> None:
        nonlocal section
        if spec.headings:
            add(f"{CN_NUM[section % 10]}、{title}")
            section += 1

    for item in spec.items:
        if isinstance(item, Filler):
            if item.sentences:
                heading(HEADINGS[(section + len(spec.unit)) % len(HEADINGS)])
                add("".join(_fill(i, item.counts) for i in item.sentences))
            continue
        heading(FAMILY_HEADINGS[item.family])
        ln = _para_line(item, spec.year, grouping)
        number = add(ln.done())
        for col, end, text, meta in ln.spans:
            facts.append(
                Fact(
                    line=number,
                    col=col,
                    end_col=end,
                    text=text,
                    value=meta.get("value"),
                    role=str(meta["role"]),
                    family=meta.get("family"),
                    paragraph=para_index,
                    kind=item.family,
                    lo=meta.get("lo"),
                    hi=meta.get("hi"),
                    expected=meta.get("expected"),
                    operands=tuple(meta.get("operands", ())),  # type: ignore[arg-type]
                    near_miss=bool(meta.get("near_miss", False)),
                    independent=bool(meta.get("independent", True)),
                )
            )
        para_index += 1
    return Report(spec=spec, text="\n".join(lines) + "\n", facts=tuple(facts))


# --- random specs ---------------------------------------------------------------------------------


def _amount(rng: random.Random, lo: float, hi: float) -> int:
    """Cents, log-uniform between lo and hi 万元."""
    return max(1, round(math.exp(rng.uniform(math.log(lo), math.log(hi))) * 100))


def random_para(rng: random.Random, family: str) -> Para:
    leadin = rng.randrange(len(LEADINS)) if rng.random() < 0.25 else None
    if family == "execution":
        budget = _amount(rng, 20, 50_000)
        actual = min(budget, round(budget * rng.uniform(0.6, 1.0))) if rng.random() < 0.9 else budget
        return Para(family, (budget, max(actual, 1)), leadin=leadin)
    if family == "control":
        budget = _amount(rng, 5, 300)
        actual = max(1, round(budget * rng.uniform(0.2, 1.0)))
        return Para(family, (budget, actual), leadin=leadin)
    if family == "composition":
        parts = [
            0 if rng.random() < 0.4 else _amount(rng, 0.5, 30),
            _amount(rng, 0.5, 80),
            0 if rng.random() < 0.2 else _amount(rng, 0.1, 20),
        ]
        return Para(family, tuple(parts), leadin=leadin)
    if family == "procurement":
        parts = [_amount(rng, 5, 3000), 0 if rng.random() < 0.3 else _amount(rng, 1, 5000), _amount(rng, 5, 5000)]
        total = sum(parts)
        amounts = tuple(parts)
        if rng.random() < 0.6:
            amounts += (round(total * rng.uniform(0.3, 1.0)),)
        return Para(family, amounts, leadin=leadin)
    if family == "yoy":
        current = _amount(rng, 50, 20_000)
        direction = rng.choice((1, -1))
        change = max(1, round(current * rng.uniform(0.01, 0.4)))
        if direction > 0 and change >= current:
            change = current // 2
        return Para(family, (current, change), direction, leadin=leadin)
    if family == "score":
        tenths = rng.randrange(450, 1001) if rng.random() < 0.5 else rng.randrange(45, 101) * 10
        return Para(family, (tenths,))
    raise ValueError(family)


def random_filler(rng: random.Random) -> Filler:
    k = rng.randrange(0, 4)
    picks = tuple(
        rng.randrange(len(PROSE)) if rng.random() < 0.7 else -1 - rng.randrange(len(COUNT_PROSE)) for _ in range(k)
    )
    return Filler(picks, (rng.randrange(2, 30), rng.randrange(2, 20), rng.randrange(10, 500)))


def random_spec(rng: random.Random) -> ReportSpec:
    families = [f for f in FAMILIES if rng.random() < 0.7] or [rng.choice(FAMILIES)]
    rng.shuffle(families)
    items: list[Para | Filler] = [random_filler(rng)]
    paras = [random_para(rng, f) for f in families]
    # realistic coupling: the 三公 spending in the control sentence is the 决算 total of the composition
    ctrl = next((i for i, p in enumerate(paras) if p.family == "control"), None)
    comp = next((i for i, p in enumerate(paras) if p.family == "composition"), None)
    if ctrl is not None and comp is not None and rng.random() < 0.5:
        total = sum(paras[comp].amounts)
        budget = max(total, round(total / rng.uniform(0.3, 1.0)))
        if total > 0:
            paras[ctrl] = replace(paras[ctrl], amounts=(budget, total))
    for p in paras:
        items.append(p)
        if rng.random() < 0.6:
            items.append(random_filler(rng))
    return ReportSpec(
        place=rng.choice(PLACES),
        unit=rng.choice(UNITS),
        year=rng.choice(list(YEARS)),
        items=tuple(items),
        headings=rng.random() < 0.7,
        blank_lines=rng.random() < 0.8,
    )


def generate(seed: int, grouping: bool | None = None) -> Report:
    """A random consistent report; `grouping=None` lets the seed decide on thousands separators."""
    rng = random.Random(seed)
    spec = random_spec(rng)
    if grouping is None:
        grouping = rng.random() < 0.2
    return render(spec, grouping)


# --- perturbation ---------------------------------------------------------------------------------


def _replace_span(text: str, line: int, col: int, end_col: int, new: str) -> str:
    lines = text.split("\n")
    s = lines[line - 1]
    lines[line - 1] = s[: col - 1] + new + s[end_col - 1 :]
    return "\n".join(lines)


def _outside(value: Fraction, lo: Fraction, hi: Fraction, margin: Fraction = Fraction(1, 100)) -> bool:
    """A written 2-decimal value whose rounding interval [v−½, v+½) stays clear of [lo, hi] by `margin`."""
    return value - HALF > hi + margin or value + HALF < lo - margin


def _numeric_candidates(fact: Fact, rng: random.Random | None = None) -> list[Decimal]:
    """Values beyond the rounding interval: a random step first (when `rng` is given), else just beyond."""
    if fact.value is None or fact.lo is None or fact.hi is None:
        return []
    value, lo, hi = fact.value, fact.lo, fact.hi
    is_money = fact.text.endswith("万元")
    lo_step, hi_step = (Decimal("0.10"), Decimal("5")) if is_money else (Decimal("0.5"), Decimal("5"))
    parts_sum = (lo + hi) / 2

    def acceptable(v: Decimal) -> bool:
        if v <= 0 or (fact.role in ("share", "yoy_rate") and v >= 100):
            return False
        if fact.role == "total" and v in fact.operands:
            return False  # a total equal to one of its parts reads as that part restating the total
        if fact.near_miss and v > value and (Fraction(v) - parts_sum) * 50 >= Fraction(v) * Fraction(9, 10):
            return False  # far above its parts: the linter reads the list as naming only some parts
        return _outside(Fraction(v), lo, hi)

    if rng is not None:
        for _ in range(50):
            step = (lo_step + (hi_step - lo_step) * Decimal(rng.random())).quantize(CENT)
            found = [v for v in (value + sign * step for sign in rng.sample((1, -1), 2)) if acceptable(v)]
            if found:
                return found
    for extra in (Fraction(2, 100), Fraction(3, 100), Fraction(7, 100)):  # operands so rounded that ±5 stays inside
        found = [v for v in (round2(lo - HALF - extra), round2(hi + HALF + extra)) if acceptable(v)]
        if found:
            return found
    return []


def perturb(report: Report, fact: Fact, rng: random.Random) -> Perturbation:
    """`report` with `fact`'s value moved beyond its rounding interval: a rate by ±0.5 to ±5 percentage
    points, a total by ±0.10 to ±5 万元 (further if the operands' rounding needs it), a grade to a wrong
    band. Raises ValueError for a fact that is not perturbable."""
    if fact.family is None:
        raise ValueError(f"{fact.text} is an operand, not a checked value")
    if fact.role == "grade":
        new = rng.choice([g for _, g in GRADES if g != fact.expected])
    else:
        assert fact.value is not None
        candidates = _numeric_candidates(fact, rng)
        if not candidates:
            raise ValueError(f"cannot perturb {fact.text} beyond [{fact.lo}, {fact.hi}]")
        v = candidates[0]
        if fact.text.endswith("万元"):
            grouped = "," in fact.text
            new = (f"{v:,.2f}" if grouped else f"{v:.2f}") + "万元"
        else:
            new = f"{v:.2f}%"
    text = _replace_span(report.text, fact.line, fact.col, fact.end_col, new)
    return Perturbation(
        text=text,
        family=fact.family,
        line=fact.line,
        col=fact.col,
        end_col=fact.col + len(new),
        old=fact.text,
        new=new,
        fact=fact,
    )


# --- 万元 → 元 ---------------------------------------------------------------------------------------

_WAN = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?万元")


def to_yuan(text: str) -> str:
    """Every amount in 万元 re-expressed in 元 with 2 decimals (615.80万元 → 6158000.00元); percentages,
    scores, counts and years unchanged. Thousands separators are kept if the amount had them."""

    def sub(m: re.Match[str]) -> str:
        grouped = "," in m.group(1)
        value = Decimal(m.group(1).replace(",", "") + (m.group(2) or "")) * 10_000
        return (f"{value:,.2f}" if grouped else f"{value:.2f}") + "元"

    return _WAN.sub(sub, text)
