"""The audit's HTML page in real headless Chromium: every finding marked once, proofs on click, no console errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lint.api import check_paths
from lint.cli import cli
from tests.audit_corpus import INJECTION_NAME, build_corpus

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="Debian packages chromium and chromium-driver"),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    base = tmp_path_factory.mktemp("browser")
    root = base / "报告"
    build_corpus(root)
    html, report = base / "审核.html", base / "审核.json"
    result = CliRunner().invoke(
        cli, ["audit", str(root), "--html", str(html), "--json", str(report)], catch_exceptions=False
    )
    assert result.exit_code == 1, result.output
    return html, json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # an explicit driver path: Selenium Manager would otherwise try to download one
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def _source_slice(lines: list[str], d: dict[str, Any]) -> str:
    start, end = d["location"], d["end_location"]
    line = lines[start["line"] - 1]
    stop = end["column"] - 1 if end["line"] == start["line"] else len(line)
    return line[start["column"] - 1 : stop]


def test_every_finding_marked_once_with_proof_on_click(driver, page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    html, report = page
    driver.get(html.as_uri())
    assert driver.title == "jxlint 审核汇总"
    total = 0
    for fi, f in enumerate(report["files"]):
        # the text the page shows: the file itself, or what the docx/pdf reader extracted
        _, sources, _ = check_paths([Path(f["path"])])
        lines = sources.get(f["path"], [])
        for di, d in enumerate(f["diagnostics"]):
            marks = driver.find_elements(By.CSS_SELECTOR, f'mark[data-finding="{fi}-{di}"]')
            assert len(marks) == 1, (f["path"], d["code"], len(marks))
            assert marks[0].get_attribute("data-code") == d["code"]
            assert f"sev-{d['severity']}" in marks[0].get_attribute("class")
            assert marks[0].get_attribute("textContent") == _source_slice(lines, d)  # exactly the written value
            total += 1
    assert total == sum(len(f["diagnostics"]) for f in report["files"]) >= 15
    formats = {f["format"] for f in report["files"] if f["diagnostics"]}
    assert {"text", "markdown"} <= formats  # plus docx and pdf once this checkout reads them
    assert len(driver.find_elements(By.CSS_SELECTOR, "mark.f")) == total

    # clicking a mark opens its proof: message, stated, expected, operands, related lines, hint
    fi, f = next((i, f) for i, f in enumerate(report["files"]) if f["path"].endswith("sample-report.md"))
    d = f["diagnostics"][0]
    assert d["code"] == "RAT001"
    proof = driver.find_element(By.ID, f"p-{fi}-0")
    assert not proof.is_displayed()
    mark = driver.find_element(By.ID, f"m-{fi}-0")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    assert proof.is_displayed()
    text = proof.text
    for part in (d["message"], d["args"]["stated"], d["args"]["expected"], d["args"]["operands"], d["hint"]):
        assert part in text
    assert f"第 {d['related'][0]['location']['line']} 行" in text
    assert "active" in mark.get_attribute("class")
    # another finding from the list replaces it; Esc closes
    other = driver.find_element(By.CSS_SELECTOR, f'ol.list a[data-proof="p-{fi}-1"]')
    other.click()
    assert driver.find_element(By.ID, f"p-{fi}-1").is_displayed() and not proof.is_displayed()
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    assert not driver.find_element(By.ID, f"p-{fi}-1").is_displayed()
    # keyboard: Enter on a focused mark opens it too
    mark.send_keys(Keys.ENTER)
    assert proof.is_displayed()
    proof.find_element(By.TAG_NAME, "button").click()
    assert not proof.is_displayed()

    # the filter box narrows the summary table
    box = driver.find_element(By.ID, "filter")
    box.send_keys("市档案馆")
    visible = [r for r in driver.find_elements(By.CSS_SELECTOR, "#summary tbody tr") if r.is_displayed()]
    assert len(visible) == 1 and "市档案馆" in visible[0].text

    # markup in a report is text: nothing ran, no element was created from it
    assert driver.execute_script("return window.__pwned === undefined")
    assert driver.find_elements(By.CSS_SELECTOR, "img") == []
    section = next(i for i, f in enumerate(report["files"]) if f["path"].endswith(INJECTION_NAME))
    assert "<script>window.__pwned = 1;</script>" in driver.find_element(By.ID, f"r{section}").text

    # no errors in the console (CSP violations, script errors, failed loads)
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []


def test_check_page_for_one_report(driver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    sample = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "sample-report.md"
    result = CliRunner().invoke(cli, ["check", "--format", "html", str(sample)], catch_exceptions=False)
    page = tmp_path / "报告.html"
    page.write_bytes(result.stdout_bytes)
    driver.get(page.as_uri())
    assert driver.title == "jxlint 检查结果：青川县档案馆"
    marks = driver.find_elements(By.CSS_SELECTOR, "mark.f")
    assert [(m.get_attribute("data-code"), m.text) for m in marks] == [("RAT001", "92.50%"), ("SCR001", "优")]
    marks[1].click()
    assert driver.find_element(By.ID, "p-0-1").is_displayed()
    assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")] == []
