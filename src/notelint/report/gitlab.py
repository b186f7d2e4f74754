"""GitLab Code Quality: a JSON array of issues for the merge request widget.

Each issue has the fields GitLab reads: ``description``, ``check_name``, ``fingerprint``,
``severity`` and ``location`` (``path`` and ``lines.begin``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from notelint.engine.results import FileResult, RunResult
    from notelint.model.violation import Violation
    from notelint.report import ReportOptions

SEVERITY = {"error": "major", "warning": "minor"}


def write(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    issues = []
    for file in result.files:
        seen: Counter[str] = Counter()
        for violation in file.violations:
            issues.append(issue(file, violation, seen))
    json.dump(issues, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def issue(file: FileResult, violation: Violation, seen: Counter[str]) -> dict[str, Any]:
    assert file.source is not None
    first = file.source.position(violation.start)
    last = file.source.position(violation.end)
    return {
        "description": f"{violation.code} {violation.message}",
        "check_name": violation.code,
        "fingerprint": fingerprint(file, violation, seen),
        "severity": SEVERITY[violation.level],
        "location": {"path": file.path, "lines": {"begin": first.line, "end": last.line}},
    }


def fingerprint(file: FileResult, violation: Violation, seen: Counter[str]) -> str:
    """A hash that stays the same while the finding does, even when lines above it move.

    It covers the path, the rule, the message and the text the finding points at, not
    the line number; repeats of the same finding in one file are told apart by count.
    """
    assert file.source is not None
    spanned = file.source.text[violation.start : violation.end]
    key = "\0".join((file.path, violation.code, violation.message, spanned))
    seen[key] += 1
    return hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()
