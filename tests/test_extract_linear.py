"""Claim extraction stays linear in one long paragraph, and its shortcuts read what a plain rescan reads.

The extractor answers its questions about the sentence so far and the clause so far from state kept
per sentence or clause, finds where a 其中 list ends from a table built once per paragraph, and finds
written formulas with patterns that never reread a run of digits. Each shortcut is compared here with
the plain computation it replaces, on random text made of the pieces reports are made of; and a
paragraph that repeats one construction thousands of times must take time linear in its length.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterator

import pytest
from reportgen import generate

from lint.claims.extract import (
    _COMPLETE_BUDGET,
    _FORMULA,
    _SUM_FORMULA,
    _YEAR,
    _YOY_PATTERN,
    _budget_completed,
    _ClauseSubjects,
    _Extractor,
    _ListEnds,
    _SentenceSoFar,
    extract,
)
from lint.claims.vocab import vocabulary
from lint.readers.text import build_document

PIECES = [
    *("比上年", "较上年度", "同比", "与上年相比", "比2022年度决算数相比", "比 上年", "较 2023 年", "上年同期"),
    *("2023年", "2022 年度", "20", "年", "自评得分", "得分", "本单位", "整体支出", "部门整体", "完成", "完成年初预算"),
    *("预算数", "的", " ", "  ", "1", "12.5", "万元", "%", "、", "执行率", "占比", "公务用车运行维护费", "三公经费"),
    *("档案征集工作经费", "一般公共预算", "预算单位", "部门预算", "经费", "项目", "其中", "合计", "总额", "增加"),
]


def _texts(count: int, seed: int, pieces: list[str] = PIECES, longest: int = 14) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(pieces) for _ in range(rng.randint(1, longest)))


# --- the sentence and the clause so far -----------------------------------------------------------


def test_sentence_so_far_answers_as_a_rescan_of_the_prefix() -> None:
    v = vocabulary()
    for text in _texts(300, seed=1):
        text = "。前一句2021年比上年。" + text  # the sentence starts after the 。: nothing before it counts
        start = text.rindex("。") + 1
        so_far = _SentenceSoFar(text, start, len(text), v)
        for end in range(start, len(text) + 1):
            prefix = text[start:end]
            marks = [prefix.rfind(m) for m in v.yoy_markers] + [m.start() for m in _YOY_PATTERN.finditer(prefix)]
            latest = max((start + at for at in marks if at >= 0), default=None)
            years = _YEAR.findall(prefix)
            assert so_far.last_yoy_marker(end) == latest, (prefix, end)
            assert so_far.year(end) == (years[-1] if years else None), prefix
            assert so_far.names_score(end) == any(w in prefix for w in v.score_words), prefix
            assert so_far.names_whole_unit(end) == any(w in prefix for w in v.whole_unit), prefix


def test_budget_completed_is_found_as_in_the_whole_prefix() -> None:
    for text in _texts(300, seed=2, pieces=[*PIECES, "完成了调整后的财政预算数", "\n", "   ", "，"]):
        for end in range(len(text) + 1):
            plain = _COMPLETE_BUDGET.search(text[:end])
            found = _budget_completed(text, 0, end)
            assert (found and (found.span(), found.groupdict())) == (plain and (plain.span(), plain.groupdict()))


def test_clause_subjects_answer_as_the_stripped_clause_prefix() -> None:
    for text in _texts(200, seed=3):
        doc = build_document(text, "<clause>", "text", "utf-8")
        extractor = _Extractor(doc, vocabulary())
        clause = _ClauseSubjects(extractor, 0, len(doc.text))
        for end in range(1, len(doc.text) + 1):  # every end, inside a neutral word (一般公共预算) too
            plain = extractor.subject_of(extractor._strip_neutral(doc.text[:end]))
            assert clause.subject(end) == plain, doc.text[:end]


def _plain_list_end(para: str, begin: int) -> int:
    """Where a 其中 list that begins at `begin` ends, walking from ； to ；."""
    full_stop = para.find("。", begin)
    full_stop = len(para) if full_stop < 0 else full_stop
    pos = begin
    while True:
        semi = min([i for i in (para.find("；", pos), para.find(";", pos)) if i >= 0] or [full_stop])
        if semi >= full_stop:
            return full_stop
        number = re.search(r"\d", para[semi + 1 : full_stop])
        label = para[semi + 1 : semi + 1 + number.start()] if number else ""
        if not number or re.search(r"合计|总计|总额|小计|总支出|总收入|其中", label):
            return semi
        pos = semi + 1


def test_list_ends_are_where_a_walk_from_semicolon_to_semicolon_stops() -> None:
    pieces = ["；", ";", "。", "1", "万元", "合计", "总收入", "其中", "小", "计", "A", " "]
    for para in _texts(400, seed=4, pieces=pieces, longest=20):
        ends = _ListEnds(para)
        for begin in range(len(para) + 1):
            assert ends.after(begin) == _plain_list_end(para, begin), (para, begin)


# --- written formulas -----------------------------------------------------------------------------

# the straightforward patterns, which backtrack over long runs of digits: the oracle for short strings
PLAIN_FORMULA = re.compile(
    r"(?P<expr>[(（]?\s*\d[\d.,\s()（）+\-−/÷×*]*?[/÷][\d.,\s()（）+\-−/÷×*]*?\d\s*[)）]?)"
    r"\s*[×*]\s*100\s*%\s*=\s*(?P<res>-?\d[\d.,]*\s*%)"
)
PLAIN_SUM = re.compile(r"(?P<expr>\d[\d.,]*(?:\s*[+＋]\s*\d[\d.,]*)+)\s*=\s*(?P<res>\d[\d.,]*)(?![\d.])")
NUMBERS = ["1", "12", "3.5", "1,234.5", "0", "9.", ".5"]
SPACES = ["", "", " ", "  ", "\n"]


def _ratio(rng: random.Random) -> list[str]:
    parts = [rng.choice(["", "", "(", "（", "x", "+", "-", " ", "1 "]), rng.choice(SPACES), rng.choice(NUMBERS)]
    for _ in range(rng.randint(0, 4)):
        parts += [rng.choice(SPACES), rng.choice("+-−×*/÷()（）"), rng.choice(SPACES), rng.choice(NUMBERS)]
    parts += [rng.choice(SPACES), rng.choice(["", ")", "）"]), rng.choice(SPACES), rng.choice("×*/")]
    parts += [rng.choice(SPACES), rng.choice(["100", "100", "10"]), rng.choice(SPACES), rng.choice(["%", "%", ""])]
    parts += [rng.choice(SPACES), rng.choice(["=", "=", "-"]), rng.choice(SPACES), rng.choice(["", "-"])]
    return [*parts, rng.choice(NUMBERS), rng.choice(SPACES), rng.choice(["%", "", "%"]), rng.choice(["", "x", "1"])]


def _sum(rng: random.Random) -> list[str]:
    parts = [rng.choice(["", "x", "+", ".", ",", " ", "1 "]), rng.choice(NUMBERS)]
    for _ in range(rng.randint(0, 4)):
        parts += [rng.choice(SPACES), rng.choice(["+", "＋", "+", "-", " "]), rng.choice(SPACES), rng.choice(NUMBERS)]
    parts += [rng.choice(SPACES), rng.choice(["=", "=", "+"]), rng.choice(SPACES), rng.choice([*NUMBERS, ".", "x"])]
    return [*parts, rng.choice(["", ".", "x", "1", "。", ","])]


@pytest.mark.parametrize(
    ("pattern", "plain", "pieces"),
    [(_FORMULA, PLAIN_FORMULA, _ratio), (_SUM_FORMULA, PLAIN_SUM, _sum)],
    ids=["ratio", "sum"],
)
def test_formula_patterns_find_what_the_plain_ones_find(
    pattern: re.Pattern[str], plain: re.Pattern[str], pieces: Callable[[random.Random], list[str]]
) -> None:
    rng = random.Random(5)
    matched = 0
    for _ in range(4000):
        parts = pieces(rng) + (pieces(rng) if rng.random() < 0.3 else [])
        for _ in range(rng.randint(0, 3)):  # a piece dropped, doubled or swapped
            i = rng.randrange(len(parts))
            parts[i : i + 1] = rng.choice([[], [parts[i], parts[i]], [rng.choice(parts)]])
        text = "".join(parts)
        for start in (0, rng.randrange(len(text) + 1)):  # the extractor searches windows cut out of the text
            want, got = plain.search(text[start:]), pattern.search(text[start:])
            assert (got and (got.span("expr"), got.span("res"))) == (want and (want.span("expr"), want.span("res")))
            matched += want is not None
    assert matched > 150  # the strings do contain formulas


def test_formulas_are_still_read_from_a_report() -> None:
    doc = build_document("支出执行率=（95.00/100.00）×100%=95.00%，合计=1.50+2.50=4.00万元。", "<f>", "text", "utf-8")
    formulas = extract(doc).formulas
    assert [(f.expression, f.result.raw) for f in formulas] == [
        ("((v0/v1)) * 100", "95.00%"),
        ("v0+v1", "4.00"),
    ]


# --- linear time ----------------------------------------------------------------------------------

REPORT = generate(3).text
# constructions that used to take time quadratic in how often one paragraph repeats them
CONSTRUCTIONS = {
    "yoy markers and years": "2023年比上年增加1万元",
    "rates in one clause": "执行率1%",
    "a change named by its label": "收入合计比上年增加1万元",
    "last year's value inline": "较上年1增加1万元",
    "completed budget": "完成预算1万元的1%",
    "a share of a named whole": "1万元占支出的1%",
    "lists and semicolons": "包括1；",
    "approximate parts": "其中约1万元",
    "brackets after amounts": "1万元（",
    "paired totals": "收支总计各为1，2各增加1，2",
    "grades": "自评得分1分等级为优",
    "comparisons": "决算数小于预算数1",
}


def _extraction_seconds(period: str, size: int) -> float:
    line = (period * (size // len(period) + 1))[:size]
    doc = build_document(REPORT + "\n" + line + "\n" + REPORT, "<long>", "text", "utf-8")
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        extract(doc)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("construction", CONSTRUCTIONS)
def test_extraction_is_linear_in_one_long_paragraph(construction: str) -> None:
    """4× the paragraph takes about 4× the time (16× if each number rescanned the paragraph)."""
    period = CONSTRUCTIONS[construction]
    small, large = _extraction_seconds(period, 5_000), _extraction_seconds(period, 20_000)
    assert large < 8 * small + 0.02, f"{construction}: {small:.3f} s → {large:.3f} s for 4× the text"
