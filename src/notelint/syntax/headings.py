"""Headings, and the year headings a reader sees, however they are written."""

from __future__ import annotations

import re

from notelint.syntax.lazy import lazy_re
from notelint.syntax.parse import Node
from notelint.syntax.records import Record
from notelint.syntax.source import Source

# Heading text a reader takes for a year, what is wrong with it if anything, and the
# characters such a text starts with when only some can (the others' patterns need not
# compile for a file without them).
_YEAR_FORMS: list[tuple[re.Pattern[str], str, str]] = [
    (lazy_re(r"^(\d{4})$"), "", ""),
    (lazy_re(r"^(\d{4})\s*年$"), "has a suffix after the year", ""),
    (lazy_re(r"^[\[【(（](\d{4})[\]】)）]$"), "wraps the year in brackets", "[【(（"),
    (lazy_re(r"^(?:\*\*|__)(\d{4})(?:\*\*|__)$"), "is bold inside the heading", "*_"),
]
_BOLD_YEAR = lazy_re(r"^[ ]{0,3}(?:\*\*|__)(\d{4})(?:\*\*|__)[ \t]*$")
_NOSPACE_YEAR = lazy_re(r"^[ ]{0,3}(#{1,6})(\d{4})[ \t]*$")
_CANONICAL = lazy_re(r"^(#{1,6}) (\d{4})$")


class Heading(Record):
    """A heading, or a line written as a year heading that Markdown does not make one."""

    __slots__ = ("end", "level", "line", "node", "problem", "start", "text", "year")

    def __init__(
        self,
        node: Node | None,
        level: int | None,  # None for a bold line such as **2023**
        text: str,
        line: int,
        start: int,
        end: int,
        year: int | None = None,
        problem: str = "",  # what is wrong with a year heading's form, "" when nothing
    ) -> None:
        self.node = node
        self.level = level
        self.text = text
        self.line = line
        self.start = start
        self.end = end
        self.year = year
        self.problem = problem


def find_headings(source: Source, nodes: list[Node]) -> list[Heading]:
    """The document's top-level headings, and lines written as year headings that are not."""
    found: list[Heading] = []
    for node in nodes:
        line_text = source.line(node.line)
        end = source.line_ends[node.line]
        if node.type == "heading":
            text = str(node.token.get("text", "")).strip()
            heading = Heading(node, node.attrs["level"], text, node.line, node.start, end)
            if node.token.get("style") == "atx":
                _classify_year(heading, line_text)
            found.append(heading)
        elif node.type == "paragraph" and node.line == node.end_line:
            bold = _BOLD_YEAR.match(line_text)
            nospace = _NOSPACE_YEAR.match(line_text)
            if bold:
                found.append(
                    Heading(
                        node,
                        None,
                        bold.group(1),
                        node.line,
                        node.start,
                        end,
                        int(bold.group(1)),
                        "is bold text, not a heading",
                    )
                )
            elif nospace:
                found.append(
                    Heading(
                        node,
                        len(nospace.group(1)),
                        nospace.group(2),
                        node.line,
                        node.start,
                        end,
                        int(nospace.group(2)),
                        "has no space after '#', so it is not a heading",
                    )
                )
    return found


def _classify_year(heading: Heading, line: str) -> None:
    for pattern, problem, first in _YEAR_FORMS:
        if first and heading.text[:1] not in first:
            continue
        m = pattern.match(heading.text)
        if m:
            heading.year = int(m.group(1))
            if not problem and not _CANONICAL.match(line):
                problem = "has extra spaces or closing '#'s"
            heading.problem = problem
            return
