"""NL501, NL503, NL507: whitespace that changes nothing on the page, only the file.

These rules never touch verbatim text (code, front matter, raw HTML outside notes blocks,
see ``Document.verbatim_lines``), and their fixes must leave the rendered HTML as it was:
the engine checks that for every fix of a rule that does not declare ``changes_rendering``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from notelint.model.document import Document
from notelint.model.lines import blank_ended_lines, lines_holding
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.blank_lines import (
    ends_in_empty_item,
    inner_paragraph_lines,
    is_blank,
    removed_blank_lines,
)
from notelint.syntax.lazy import lazy_re

_LEADING = lazy_re(r"[ \t]*")
_CLOSES_DETAILS = lazy_re(r"[ \t]*</details\s*>", re.I)
TAB_STOP = 4


def break_lines(doc: Document) -> set[int]:
    """Lines followed by another line of the same paragraph: two spaces there are a line break."""
    lines: set[int] = set()
    for node in doc.blocks:
        if node.type in ("paragraph", "block_text"):
            lines.update(range(node.line, node.end_line))
        elif node.type == "heading" and node.token.get("style") == "setext":
            lines.update(range(node.line, node.end_line - 1))
    return lines


@register
class TrailingWhitespace(Rule):
    """Remove spaces and tabs at the end of lines.

    Why: trailing whitespace is invisible, noisy in diffs, and the editor of the next
    person strips it anyway. Two spaces or more ending a line that the same paragraph
    continues are a Markdown line break: they are content and stay. After a backslash
    that the paragraph continues, the blanks are reported but kept, since without them
    the backslash would break the line. Code, front matter and raw HTML outside notes
    blocks are left alone, and blank lines that NL502/NL503 remove are theirs.

    **Anti-pattern**

    ```markdown
    # Paper\t

    - GLM: General Language Model Pretraining
    ```

    **Best practice**

    ```markdown
    # Paper

    - GLM: General Language Model Pretraining
    ```
    """

    code = "NL501"
    name = "trailing-whitespace"
    level = "warning"
    fix = "safe"
    generic = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc, source = ctx.doc, ctx.source
        skip = doc.verbatim_lines
        removed: frozenset[int] | None = None
        breaks: set[int] | None = None
        starts = source.line_starts
        for index in blank_ended_lines(source):
            if index in skip:
                continue
            line = source.line(index)
            start, end = starts[index] + len(line.rstrip(" \t")), starts[index] + len(line)
            if start == source.line_starts[index]:  # a blank line holding whitespace
                if removed is None:
                    removed = removed_blank_lines(doc) | inner_paragraph_lines(doc)
                if index in removed:
                    continue
                if _CLOSES_DETAILS.match(
                    source.line(index + 1) if index + 1 < source.line_count else ""
                ):
                    continue  # renders nothing, and is as the author's template left it
                if (
                    index > 0
                    and source.line_ending(index - 1) == "\r"
                    and (source.text.startswith("\n", end))
                ):
                    # Emptied, the line would vanish: its "\r" and "\n" become one CRLF.
                    yield self.violation(start, end, "trailing whitespace")
                    continue
            else:
                if breaks is None:
                    breaks = break_lines(doc)
                if index in breaks and line.endswith("  "):
                    continue  # two spaces or more: a line break, as the author meant
                if index in breaks and _escapes_the_break(source.text, start):
                    # Removed, the blanks would leave a backslash at the line's end: a break.
                    yield self.violation(start, end, "trailing whitespace")
                    continue
            yield self.violation(start, end, "trailing whitespace", Fix.replace(start, end, ""))


def _escapes_the_break(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends in an odd run of backslashes (a hard break at a line end)."""
    run = end
    while run > 0 and text[run - 1] == "\\":
        run -= 1
    return (end - run) % 2 == 1


@register
class FinalNewline(Rule):
    """End the file with exactly one newline.

    Why: without a final newline tools show "No newline at end of file" and the next
    line someone appends joins the last one; blank lines at the end are noise. A file that
    ends inside an unclosed code or HTML block keeps its last lines: they are content.

    **Anti-pattern**

    ```markdown
    # Paper

    - GLM: General Language Model Pretraining


    ```

    **Best practice**

    ```markdown
    # Paper

    - GLM: General Language Model Pretraining
    ```
    """

    code = "NL503"
    name = "final-newline"
    level = "warning"
    fix = "safe"
    generic = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc, source = ctx.doc, ctx.source
        text = source.text
        last = source.line_count - 1
        if not text or (last in doc.verbatim_lines and is_blank(source.line(last))):
            return
        content = last
        while content >= 0 and is_blank(source.line(content)):
            content -= 1
        if content < 0:
            fix = Fix.replace(0, len(text), "")
            yield self.violation(0, len(text), "the file holds only blank lines", fix)
            return
        end = source.line_ends[content]
        tail = text[end:]
        last_block = doc.nodes[-1] if doc.nodes else None
        if tail not in ("\n", "\r\n", "\r") and ends_in_empty_item(last_block):
            return
        if not tail:
            fix = Fix.replace(end, end, source.newline)
            yield self.violation(end, end, "no newline at the end of the file", fix)
        elif tail not in ("\n", "\r\n", "\r"):
            at = source.line_starts[content + 1]
            fix = Fix.replace(end, len(text), source.line_ending(content))
            yield self.violation(at, len(text), "blank lines at the end of the file", fix)


@register
class HardTab(Rule):
    """Indent with spaces, not tabs.

    Why: a tab is as wide as each editor likes, while Markdown counts it as reaching the
    next multiple of four columns, so tab-indented lists and notes look nested one way
    and render another. The fix writes the same columns as spaces, so the structure stays.
    Code (where a tab may be content), front matter and raw HTML outside notes blocks are
    left alone.

    **Anti-pattern**

    ```markdown
    - GLM: General Language Model Pretraining
    \t- ACL [[code]](https://github.com/THUDM/GLM)
    ```

    **Best practice**

    ```markdown
    - GLM: General Language Model Pretraining
      - ACL [[code]](https://github.com/THUDM/GLM)
    ```
    """

    code = "NL507"
    name = "hard-tab"
    level = "warning"
    fix = "safe"
    generic = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc, source = ctx.doc, ctx.source
        if "\t" not in source.text:
            return
        skip = doc.verbatim_lines
        for index, line in lines_holding(source, "\t"):
            indent = _LEADING.match(line)
            assert indent is not None
            lead = indent.group()
            if "\t" not in lead or index in skip or len(lead) == len(line):
                continue
            start = source.line_starts[index]
            at = start + lead.index("\t")
            fix = Fix.replace(start, start + len(lead), " " * expanded_width(lead))
            yield self.violation(at, at + 1, "tab in indentation", fix)


def expanded_width(lead: str) -> int:
    """The column that leading spaces and tabs reach, tabs stopping at multiples of four."""
    column = 0
    for char in lead:
        column = column + TAB_STOP - column % TAB_STOP if char == "\t" else column + 1
    return column
