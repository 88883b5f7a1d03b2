"""Per-rule options and region profiles change what counts as consistent, and only that."""

from __future__ import annotations

import pytest

from lint.api import check_text
from lint.engine import Options
from lint.errors import ConfigError
from lint.rules.kinds import RuleOptions
from lint.rules.spec import Band

# 24800.00 / 76900.00 = 32.2497%: written 32.24% is a truncation, not a rounding (四舍五入 gives 32.25%);
# amounts to the 分 leave no rounding room, so only the truncation explains it
TRUNCATED = "公务接待费预算安排76900.00元，实际支出24800.00元，控制率为32.24%。"
# 613000.00 / 640000.00 = 95.78%: written 95.80% is off by two units of its last digit
OFF_BY_TWO = "档案征集工作经费预算安排640000.00元，实际支出613000.00元，控制率为95.80%。"
# 540.20 initial, 615.80 adjusted, 598.46 spent: 598.46/615.80 = 97.18%, 598.46/540.20 = 110.78%
TWO_BUDGETS = "本单位年初预算为540.20万元，调整后预算为615.80万元，实际支出598.46万元，预算执行率为97.18%。"


def codes(text: str, options: Options | None = None) -> list[tuple[str, str, int]]:
    return [(d.code, d.severity, d.location.line) for d in check_text(text, options).diagnostics]


def test_truncation_is_a_finding_by_default_and_accepted_when_allowed() -> None:
    assert codes(TRUNCATED) == [("RAT001", "info", 1)]
    lenient = Options(rule_options={"RAT001": RuleOptions(truncation=True)})
    assert codes(TRUNCATED, lenient) == []


def test_slack_widens_the_stated_value_by_whole_units_of_its_last_digit() -> None:
    assert codes(OFF_BY_TWO)[0][0] == "RAT001"
    assert codes(OFF_BY_TWO, Options(rule_options={"RAT001": RuleOptions(slack=1)})) != []
    assert codes(OFF_BY_TWO, Options(rule_options={"RAT001": RuleOptions(slack=2)})) == []


def test_budget_base_decides_which_budget_a_bare_rate_uses() -> None:
    assert codes(TWO_BUDGETS) == []  # adjusted budget first by default
    initial = Options(rule_options={"RAT001": RuleOptions(budget_base="budget.initial")})
    # against the initial budget the rate does not fit, but the adjusted one does: an undeclared-base warning
    assert codes(TWO_BUDGETS, initial) == [("CON002", "warning", 1)]
    assert codes(TWO_BUDGETS, Options(profile="initial-budget")) == [("CON002", "warning", 1)]


def test_grade_bands_from_options_and_profiles() -> None:
    text = "经评分，本单位整体支出绩效自评得分为85分，等级：优。"
    assert codes(text) == [("SCR001", "error", 1)]
    merged = (Band(grade="优", min=80), Band(grade="中", min=70), Band(grade="差", min=0))
    assert codes(text, Options(rule_options={"SCR001": RuleOptions(bands=merged)})) == []
    assert codes(text, Options(profile="national")) == [("SCR001", "error", 1)]


def test_unknown_profile_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="nowhere"):
        check_text("无", Options(profile="nowhere"))
