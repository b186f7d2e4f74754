"""SARIF 2.1.0, for code scanning: results, their fixes, and every rule's metadata."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from notelint.rules.base import REGISTRY, documentation
from notelint.version import __version__

if TYPE_CHECKING:
    from notelint.engine.results import FileResult, RunResult
    from notelint.model.violation import Fix, Violation
    from notelint.report import ReportOptions
    from notelint.rules.base import Rule
    from notelint.syntax.source import Source

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def write(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    json.dump(log(result), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def log(result: RunResult) -> dict[str, Any]:
    """The whole SARIF log of one run."""
    codes = sorted(REGISTRY)
    index = {code: i for i, code in enumerate(codes)}
    results = [
        _result(file, violation, index.get(violation.code, -1))
        for file, violation in result.violations()
    ]
    notifications = [
        {"level": "error", "message": {"text": file.error}} for file in result.files if file.error
    ]
    run = {
        "tool": {
            "driver": {
                "name": "notelint",
                "version": __version__,
                "rules": [rule_metadata(REGISTRY[code]) for code in codes],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        # Columns count code points, as everywhere in notelint; SARIF's default is UTF-16.
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def rule_metadata(rule: type[Rule]) -> dict[str, Any]:
    """A rule as a SARIF ``reportingDescriptor``."""
    doc = documentation(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": rule.level, "enabled": not rule.opt_in},
        "properties": {"fix": rule.fix, "opt-in": rule.opt_in},
    }


def _result(file: FileResult, violation: Violation, rule_index: int) -> dict[str, Any]:
    assert file.source is not None
    uri = artifact_uri(file.path)
    out: dict[str, Any] = {
        "ruleId": violation.code,
        "ruleIndex": rule_index,
        "level": violation.level,
        "message": {"text": violation.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(file.source, violation.start, violation.end),
                }
            }
        ],
    }
    if violation.fix is not None:
        out["fixes"] = [_fix(file.source, uri, violation.fix)]
    return out


def _fix(source: Source, uri: str, fix: Fix) -> dict[str, Any]:
    replacements = [
        {
            "deletedRegion": _region(source, edit.start, edit.end),
            "insertedContent": {"text": edit.content},
        }
        for edit in fix.edits
    ]
    return {
        "description": {"text": f"{fix.applicability} fix"},
        "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
    }


def _region(source: Source, start: int, end: int) -> dict[str, int]:
    first, last = source.position(start), source.position(end)
    return {
        "startLine": first.line,
        "startColumn": first.column,
        "endLine": last.line,
        "endColumn": last.column,
    }


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference (to the repository root); others as file:."""
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(Path(path).as_posix())
