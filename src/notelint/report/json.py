"""A JSON array of problems, for editors and scripts; positions are 1-based code points."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from notelint.engine.results import FileResult, RunResult
    from notelint.model.violation import Fix, Violation
    from notelint.report import ReportOptions
    from notelint.syntax.source import Source


def write(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    items = [item(file, violation) for file, violation in result.violations()]
    json.dump(items, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def item(file: FileResult, violation: Violation) -> dict[str, Any]:
    assert file.source is not None
    return {
        "path": file.path,
        **_span(file.source, violation.start, violation.end),
        "code": violation.code,
        "name": violation.name,
        "level": violation.level,
        "message": violation.message,
        "fix": _fix(file.source, violation.fix),
    }


def _fix(source: Source, fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    edits = [{**_span(source, e.start, e.end), "content": e.content} for e in fix.edits]
    return {"applicability": fix.applicability, "edits": edits}


def _span(source: Source, start: int, end: int) -> dict[str, int]:
    first, last = source.position(start), source.position(end)
    return {
        "line": first.line,
        "column": first.column,
        "end_line": last.line,
        "end_column": last.column,
    }
