"""Template placeholders (DOC001): one finding per run of placeholder text, each run bounded."""

from __future__ import annotations

from lint.api import check_text
from lint.rules.kinds.text import LONGEST_RUN


def _placeholders(text: str) -> list[tuple[int, int, str]]:
    report = check_text(text)
    return [(d.location.line, d.location.column, d.args["stated"]) for d in report.diagnostics if d.code == "DOC001"]


def test_touching_placeholders_are_one_finding() -> None:
    assert _placeholders("关于县档案馆2024年度XX××项目的说明。\n") == [(1, 13, "XX××")]


def test_separate_placeholders_are_separate_findings() -> None:
    text = "现将（单位名称）2024年度整体支出情况报告如下。\n项目负责人：××，联系电话：XX。\n"
    assert _placeholders(text) == [(1, 3, "（单位名称）"), (2, 7, "××"), (2, 15, "XX")]


def test_a_damaged_line_of_placeholders_is_cut_into_bounded_runs() -> None:
    line = "XX××" * 2_500  # 10,000 characters of placeholders in one line
    found = _placeholders(line + "\n")
    assert "".join(stated for _, _, stated in found) == line  # every character reported once
    assert all(len(stated) <= LONGEST_RUN for _, _, stated in found)
    assert len(found) == len(line) // LONGEST_RUN
