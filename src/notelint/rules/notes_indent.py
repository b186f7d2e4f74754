"""NL3: the indentation of notes blocks (NL307).

Inside one raw-HTML block indentation shows nowhere, so re-indenting its lines changes
nothing on the page. A line that a fix moves into another block or list item takes the
text after it along, though: raw HTML runs on to the next blank line, and an ordered
number at the margin starts a list of its own. So a line is moved only where it stays
in its HTML block and list item, or where the whole block is raw HTML already.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from notelint.model.document import Document
from notelint.model.lines import lines_between
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.notes import raw_lines
from notelint.syntax.char_classes import DIGIT
from notelint.syntax.lazy import lazy_re
from notelint.syntax.notes import NotesBlock
from notelint.syntax.parse import Node

# What may stand before <details> for its column to be the block's indentation.
_BLOCK_PREFIX = lazy_re(r"^[ \t]*(?:(?:[-*+]|" + DIGIT + r"{1,9}[.)])[ \t]+)?$")


def _width(prefix: str) -> int:
    """The column ``prefix`` reaches, with tab stops every 4 columns as in CommonMark."""
    if "\t" not in prefix:
        return len(prefix)
    column = 0
    for char in prefix:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


@register
class NotesIndent(Rule):
    """Find lines of a notes block not at the column of its ``<details>``.

    Why: a line indented less than ``<details>`` leaves the list item and breaks the
    block apart; ragged indentation hides the structure. A note's continuation lines
    may hang deeper. The fix moves a line only where it stays in its HTML block and
    list item: not in a block left of its list item's text, nor, in a block that the
    page shows partly as Markdown, past the raw HTML that ``<details>`` opens (moving a
    line there would join the Markdown after it to the raw HTML), nor a line that
    starts inside an ``<img>`` tag broken over two lines.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
          <summary>Notes</summary>
        1. the idea
        </details>
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. the idea
        </details>
    ```
    """

    code = "NL307"
    name = "notes-indent"
    level = "warning"
    fix = "safe"
    # A line after a blank line moves between containers (back into its notes block).
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc, source = ctx.doc, ctx.source
        for block in doc.notes_blocks:
            prefix = source.text[source.line_starts[block.open_line] : block.open_start]
            if block.close_line is None or not _BLOCK_PREFIX.match(prefix):
                continue
            want = _width(prefix)
            hanging: set[int] | None = None  # found when a line is indented further
            movable: range | None = None  # found when a line needs moving
            lines = lines_between(source, block.open_line, block.close_line)
            for index in raw_lines(doc, block):
                line = lines[index - block.open_line]
                if index == block.open_line or not line.strip():
                    continue
                indent = line[: len(line) - len(line.lstrip(" \t"))]
                width = _width(indent)
                if width == want:
                    continue
                if width > want:
                    if hanging is None:
                        hanging = {
                            i for n in block.notes for i in range(n.line + 1, n.end_line + 1)
                        }
                    if index in hanging:
                        continue
                if movable is None:
                    movable = _movable_lines(doc, block, want)
                start = source.line_starts[index]
                fix = None
                if index in movable and not _inside_image(doc, start):
                    fix = Fix.replace(start, start + len(indent), " " * want)
                yield self.violation(
                    start,
                    source.line_ends[index],
                    f"line is indented {width} columns, its `<details>` {want}",
                    fix,
                )


def _movable_lines(doc: Document, block: NotesBlock, want: int) -> range:
    """The lines of ``block`` that can move to column ``want`` and stay where they are:
    in their list item, and in the raw HTML that ``<details>`` opens."""
    assert block.close_line is not None
    path = _nodes_holding(doc.nodes, block.open_line)
    items = [n for n in path if n.type == "list_item" and n.children]
    if items:
        first = items[-1].children[0]
        if want < first.start - doc.source.line_starts[first.line]:
            return range(0)  # left of the item's text: moved there, lines leave the entry
    lines = range(block.open_line + 1, block.close_line + 1)
    if all(doc.html_marks[i] or not doc.source.line(i).strip() for i in lines):
        return lines
    # Part of the block is Markdown on the page: a line of another block moved next to
    # the opening one would join it, and the Markdown after it, to the raw HTML.
    html = next((n for n in reversed(path) if n.type == "block_html"), None)
    return range(block.open_line + 1, html.end_line + 1) if html is not None else range(0)


def _nodes_holding(nodes: Sequence[Node], line: int) -> list[Node]:
    """The block nodes that hold ``line``, outermost first."""
    path: list[Node] = []
    while nodes:
        at = bisect_right(nodes, line, key=lambda n: n.line) - 1
        if at < 0 or nodes[at].end_line < line:
            break
        path.append(nodes[at])
        nodes = nodes[at].children
    return path


def _inside_image(doc: Document, offset: int) -> bool:
    """Whether ``offset`` lies inside an ``<img>`` tag broken over lines: spaces added
    there would land in an attribute, its path say."""
    images = doc.images
    at = bisect_right(images, offset, key=lambda image: image.start) - 1
    return at >= 0 and images[at].start < offset < images[at].end
