"""The text format with each problem's source line and a caret under its span."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, TextIO

from notelint.report import ReportOptions
from notelint.report.text import headline, write_summary

if TYPE_CHECKING:
    from notelint.engine.results import FileResult, RunResult
    from notelint.model.violation import Violation


def write(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    options = options or ReportOptions()
    for file, violation in result.violations():
        stream.write(headline(result, file, violation, options.color) + "\n")
        stream.write(snippet(file, violation) + "\n")
    if not options.quiet:
        write_summary(result, stream)


def snippet(file: FileResult, violation: Violation) -> str:
    """The violation's first line with a gutter, and carets under the part it spans."""
    source = file.source
    assert source is not None
    index = source.line_index(violation.start)
    line_start, line_end = source.line_span(index)
    line = source.line(index)
    column = min(violation.start, line_end) - line_start
    span = line[column : min(violation.end, line_end) - line_start]
    number = str(index + 1)
    gutter = " " * len(number)
    # Reuse the line's tabs so the carets land under the right characters.
    indent = "".join("\t" if c == "\t" else " " * _width(c) for c in line[:column])
    carets = "^" * max(1, sum(_width(c) for c in span))
    # The line is shown as it is, trailing spaces included: they may be the problem.
    text = f"{number} | {line}" if line else f"{number} |"
    return f"{gutter} |\n{text}\n{gutter} | {indent}{carets}\n"


def _width(char: str) -> int:
    """Columns a character takes in a terminal: 2 for wide CJK, 0 for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
