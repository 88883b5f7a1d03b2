"""JUnit XML for CI test-report views: one test case per report file.

A file fails when it has a finding at or above its `fail_on` (as the exit code does); the failure
lists the concise lines. Findings below that level are kept in `system-out`. Unreadable files are errors.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from lint.diagnostics import RunReport
from lint.formatters.text import _line
from lint.rules.spec import SEVERITY_RANK


def junit(report: RunReport, sources: dict[str, list[str]], lang: str) -> str:
    suites = ET.Element("testsuites", name="jxlint")
    suite = ET.SubElement(suites, "testsuite", name="jxlint")
    failures = errors = 0
    for f in report.files:
        case = ET.SubElement(suite, "testcase", name=f.path, classname="jxlint", file=f.path)
        if f.errors:
            errors += 1
            error = ET.SubElement(case, "error", message=f.errors[0], type="unreadable")
            error.text = "\n".join(f.errors)
            continue
        lines = "\n".join(_line(f.path, d) for d in f.diagnostics)
        failing = [d for d in f.diagnostics if SEVERITY_RANK[d.severity] >= SEVERITY_RANK[f.fail_on]]
        if failing:
            failures += 1
            n = len(f.diagnostics)
            message = f"{n} 个问题" if lang != "en" else f"{n} problem(s)"
            failure = ET.SubElement(
                case, "failure", message=message, type=max((d.severity for d in failing), key=SEVERITY_RANK.__getitem__)
            )
            failure.text = lines
        elif lines:
            ET.SubElement(case, "system-out").text = lines
    for element in (suites, suite):
        element.set("tests", str(len(report.files)))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    suite.set("skipped", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
