"""``--statistics``: how many problems of each rule, most frequent first, as ruff prints them."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

from notelint.report import ReportOptions
from notelint.report.text import write_summary

if TYPE_CHECKING:
    from notelint.engine.results import RunResult


def rows(result: RunResult) -> list[dict[str, Any]]:
    """One row per code: its count, name and how many of them ``--fix`` would fix."""
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    names: dict[str, str] = {}
    for file, violation in result.violations():
        counts[violation.code] += 1
        fixable[violation.code] += result.is_fixable(violation, file)
        names[violation.code] = violation.name
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    return [
        {"code": c, "name": names[c], "count": counts[c], "fixable": fixable[c]} for c in ordered
    ]


def write(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    """``count<TAB>code<TAB>[*] name`` lines: ``[*]`` all fixable, ``[-]`` some, ``[ ]`` none."""
    options = options or ReportOptions()
    table = rows(result)
    width = max((len(str(row["count"])) for row in table), default=0)
    for row in table:
        mark = "[*]" if row["fixable"] == row["count"] else "[-]" if row["fixable"] else "[ ]"
        stream.write(f"{row['count']:>{width}}\t{row['code']}\t{mark} {row['name']}\n")
    if not options.quiet:
        write_summary(result, stream)


def write_json(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    json.dump(rows(result), stream, indent=2)
    stream.write("\n")
