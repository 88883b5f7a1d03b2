"""What a reviewer needs to tell reports apart: the unit, the 评价年度, the stated score and grade.

Unit and year come from the text (a labelled field such as 评价单位：X wins over the title line);
score and grade from the claim index, so they are the values the SCR rules checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lint.claims.model import ClaimIndex

# Labels in order of preference: the evaluated unit first, the implementing unit last.
_UNIT_LABELS = (
    "评价单位",
    "单位名称",
    "部门（单位）名称",
    "部门(单位)名称",
    "部门名称",
    "预算单位",
    "填报单位",
    "实施单位",
    "项目单位",
)
_SEP = r"\s*(?:[：:|｜\t]\s*)+"
_LABELLED = re.compile(
    r"(?P<label>" + "|".join(re.escape(x) for x in _UNIT_LABELS) + r")" + _SEP + r"(?P<value>[^\s，,。；;|｜]+)"
)
_YEAR_LABELLED = re.compile(r"(?:评价年度|所属年度|预算年度|评价期间|年度)" + _SEP + r"(?P<year>20\d{2})\s*(?:年度?)?")
_TITLE_YEAR = re.compile(r"(?P<year>20\d{2})\s*年度?")
# Where the unit name ends in a title: the kind of report begins.
_KIND = re.compile(
    r"部门整体|单位整体|整体支出|部门决算|单位决算|部门预算|项目支出|项目绩效|绩效自评|绩效评价|财政支出|"
    r"[“\"]?三公[”\"]?经费|决算说明|预算执行|自评报告|自评表"
)
# The shortest prefix that ends like an organisation, for “X局Y项目…” titles.
_ORG = re.compile(
    r"^.*?(?:委员会|办公室|办事处|管理处|服务中心|中心|局|委|办|馆|院|所|站|队|厅|署|街道|镇|乡|学校|小学|中学|医院|公司)"
)
_TITLE_WORDS = ("报告", "说明", "自评", "评价", "绩效")
_PLACEHOLDER = re.compile(r"^[（(]?(?:单位名称|部门名称|XX+|xx+|××+|\*+)[)）]?$")
_TOTAL_LABEL = re.compile(r"总分|总得分|自评得分|综合得分|评价得分|最终得分")
_HEAD_LINES = 60  # labelled fields sit in the cover table or the first paragraphs


@dataclass(frozen=True, slots=True)
class ReportMeta:
    unit: str | None = None
    year: str | None = None
    score: str | None = None  # as written, without the unit: "94.5"
    grade: str | None = None  # canonical 优/良/中/差


def _clean(line: str) -> str:
    return line.strip().strip("#>").replace("**", "").replace("__", "").strip()


def _clean_value(value: str) -> str | None:
    value = value.strip().strip("*_：:").removesuffix("（盖章）").removesuffix("(盖章)").strip()
    if not value or _PLACEHOLDER.match(value):
        return None
    return value


def title_line(lines: list[str]) -> str | None:
    """The first line among the first few non-empty ones that reads like a report title."""
    seen = 0
    for raw in lines:
        line = _clean(raw)
        if not line:
            continue
        seen += 1
        if any(w in line for w in _TITLE_WORDS) and len(line) <= 80:
            return line
        if seen >= 5:
            break
    return None


def unit_from_title(title: str) -> str | None:
    title = title.strip().removeprefix("关于").strip()
    year = _TITLE_YEAR.search(title)
    if year:
        before = title[: year.start()].strip().removesuffix("的")
        if len(before) >= 2:
            cut = _KIND.search(before)
            return _clean_value(before[: cut.start()] if cut else before)
        rest = title[year.end() :]
    else:
        rest = title
    cut = _KIND.search(rest)
    candidate = (rest[: cut.start()] if cut else "").strip().removesuffix("的")
    project = "项目" in candidate or (cut is not None and cut.group(0).startswith("项目"))
    if project:  # “县农业农村局高标准农田建设项目”: the unit is the organisation before the project
        org = _ORG.match(candidate)
        candidate = org.group(0) if org else ""
    return _clean_value(candidate) if len(candidate) >= 2 else None


def unit_and_year(text: str) -> tuple[str | None, str | None]:
    """Unit name and 评价年度 as the report states them; None where it does not."""
    lines = text.split("\n")
    head = [_clean(x) for x in lines[:_HEAD_LINES]]
    unit: str | None = None
    best = len(_UNIT_LABELS)
    year: str | None = None
    for line in head:
        for m in _LABELLED.finditer(line):
            rank = _UNIT_LABELS.index(m.group("label"))
            value = _clean_value(m.group("value"))
            if value and rank < best:
                unit, best = value, rank
        if year is None and (y := _YEAR_LABELLED.search(line)):
            year = y.group("year")
    title = title_line(lines)
    if title is not None:
        if unit is None:
            unit = unit_from_title(title)
        if year is None and (y := _TITLE_YEAR.search(title)):
            year = y.group("year")
    return unit, year


def score_and_grade(index: ClaimIndex) -> tuple[str | None, str | None]:
    """The self-evaluation total and grade: a grade stated with its score first, else a 总分/自评得分."""
    for g in index.grades:
        if g.score is not None:
            return str(index.get(g.score).quantity.value), g.grade
    grade = index.grades[0].grade if index.grades else None
    totals = [c for c in index.of_kind("score") if _TOTAL_LABEL.search(c.label)]
    score = str(totals[-1].quantity.value) if totals else None
    return score, grade


def report_meta(text: str, index: ClaimIndex | None = None) -> ReportMeta:
    unit, year = unit_and_year(text)
    score, grade = score_and_grade(index) if index is not None else (None, None)
    return ReportMeta(unit=unit, year=year, score=score, grade=grade)
