"""Every fixture report with a `<name>.expected` file yields exactly the expected (code, line) findings.

`.expected` format: one finding per line, `CODE LINE  # comment`; blank lines and `#` lines ignored.
A line starting with `~` is a finding a careful reviewer makes that jxlint does not make yet (a known gap):
it must not be reported — so the gap shows up here the day it closes.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from lint.api import check_paths

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
SUFFIXES = (".txt", ".md")
_LINE = re.compile(r"^(?P<gap>~\s*)?(?P<code>[A-Z]{3}\d{3})\s+(?P<line>\d+)\s*(?:#.*)?$")


def _reports() -> list[Path]:
    if not REPORTS.is_dir():
        return []
    return sorted(p for p in REPORTS.iterdir() if p.suffix in SUFFIXES and p.is_file())


def _with_expectations() -> list[Path]:
    return [p for p in _reports() if p.with_suffix(".expected").is_file()]


def parse_expected(path: Path, gaps: bool = False) -> Counter[tuple[str, int]]:
    """The expected findings (or, with `gaps`, the known gaps marked `~`)."""
    out: Counter[tuple[str, int]] = Counter()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r} (want `CODE LINE  # comment`)")
        if bool(m["gap"]) == gaps:
            out[(m["code"], int(m["line"]))] += 1
    return out


def test_parse_expected(tmp_path: Path) -> None:
    path = tmp_path / "x.expected"
    path.write_text("# header\n\nRAT001 33  # 171.24/186.00\nDOC001 47\nRAT001 33 # twice\n", encoding="utf-8")
    assert parse_expected(path) == Counter({("RAT001", 33): 2, ("DOC001", 47): 1})
    path.write_text("RAT001 thirty-three\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"x\.expected:1"):
        parse_expected(path)


CASES = [pytest.param(p, id=p.name) for p in _with_expectations()]


@pytest.mark.parametrize("report", CASES)
def test_fixture_findings(report: Path) -> None:
    want = parse_expected(report.with_suffix(".expected"))
    run, sources, errors = check_paths([report])
    assert not errors, [str(e) for e in errors]
    [file] = run.files
    assert not file.errors, file.errors
    got = Counter((d.code, d.location.line) for d in file.diagnostics)
    closed = sorted(set(parse_expected(report.with_suffix(".expected"), gaps=True)) & set(got))
    assert not closed, f"known gaps now found, remove their `~` in the .expected file: {closed}"
    missed = sorted((want - got).elements(), key=lambda cl: (cl[1], cl[0]))
    extra = sorted((got - want).elements(), key=lambda cl: (cl[1], cl[0]))
    if missed or extra:
        lines = sources.get(file.path, [])

        def show(code: str, line: int) -> str:
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            msgs = [d.message for d in file.diagnostics if d.code == code and d.location.line == line]
            return f"    {code} {line}: {msgs[0] if msgs else text[:80]}"

        detail = [f"{report.name}: findings differ from {report.with_suffix('.expected').name}"]
        if missed:
            detail += ["  missed (expected, not reported):", *(show(c, n) for c, n in missed)]
        if extra:
            detail += ["  extra (reported, not expected):", *(show(c, n) for c, n in extra)]
        pytest.fail("\n".join(detail), pytrace=False)


def test_there_are_enough_fixture_reports() -> None:
    if not REPORTS.is_dir():
        pytest.skip("fixtures/reports does not exist yet")
    reports = _reports()
    assert len(reports) >= 10, f"only {len(reports)} fixture reports in {REPORTS}"
    without = [p.name for p in reports if not p.with_suffix(".expected").is_file()]
    assert not without, f"fixture reports without a .expected file: {without}"
