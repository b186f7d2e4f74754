"""JUnit XML for CI test reports: one test case per file, failing when it has problems."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from notelint.engine.results import FileResult, RunResult
    from notelint.report import ReportOptions


def write(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    files = result.files
    failures = sum(1 for f in files if f.violations)
    errors = sum(1 for f in files if f.error)
    counts = {"tests": str(len(files)), "failures": str(failures), "errors": str(errors)}
    suites = ET.Element("testsuites", {"name": "notelint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "notelint", **counts})
    for file in files:
        suite.append(_case(file))
    ET.indent(suites)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(suites, encoding="unicode"))
    stream.write("\n")


def _case(file: FileResult) -> ET.Element:
    case = ET.Element("testcase", {"name": file.path, "classname": "notelint"})
    if file.error:
        ET.SubElement(case, "error", {"message": file.error, "type": "error"})
    if file.violations:
        n = len(file.violations)
        failure = ET.SubElement(
            case,
            "failure",
            {"message": f"{n} problem" if n == 1 else f"{n} problems", "type": "notelint"},
        )
        failure.text = "".join(_line(file, i) + "\n" for i in range(n))
    return case


def _line(file: FileResult, i: int) -> str:
    assert file.source is not None
    violation = file.violations[i]
    pos = file.source.position(violation.start)
    return f"{file.path}:{pos.line}:{pos.column}: {violation.code} {violation.message}"
