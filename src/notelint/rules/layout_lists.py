"""NL505 and NL506: bullet markers and the indentation of nested lists.

Fixes are offered only where they keep the list structure the parser sees: a marker is
not changed where that would join two lists, and a nested list is moved only within its
parent item's content, with every line of it, when none of those lines is code or raw
HTML. The engine then proves the rendered HTML is unchanged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence

from notelint.model.document import Document
from notelint.model.lines import per_document
from notelint.model.violation import Edit, Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.blank_lines import is_blank
from notelint.rules.habits import habit
from notelint.syntax.lazy import lazy_re
from notelint.syntax.parse import Node
from notelint.syntax.records import Equal
from notelint.syntax.source import Source

_THEMATIC_BREAK = lazy_re(r"^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_BULLETS = "-*+"
_CONTAINERS = frozenset({"list", "list_item", "block_quote"})
_CONTENTS_ITEM = lazy_re(r"[ \t]*[-*+][ \t]+\[[^\]\n]*\]\(#[^)\s]*\)[ \t]*")


def _bullet_list(node: Node) -> bool:
    return node.type == "list" and not node.attrs.get("ordered")


@register
class ListMarker(Rule):
    """Write bullet lists with the file's usual marker.

    Why: `-`, `*` and `+` render the same, so a file that mixes them is only harder to
    read and to edit. The usual marker is the one at least three quarters of the file's
    list items use, counted apart for each depth of nesting (a file may nest with
    another marker on purpose); a file with no such habit gets nothing, and a table of
    contents (every item one link to a heading) is left as its tool wrote it. A list
    right next to another list keeps its marker: in Markdown a new marker starts a new
    list, so changing it would join the two.

    **Anti-pattern**

    ```markdown
    - GLM: General Language Model Pretraining
    - GLM-130B: An Open Bilingual Pre-trained Model
    - LLaMA: Open and Efficient Foundation Language Models

    ### 2022

    * Training language models to follow instructions
    ```

    **Best practice**

    ```markdown
    - GLM: General Language Model Pretraining
    - GLM-130B: An Open Bilingual Pre-trained Model
    - LLaMA: Open and Efficient Foundation Language Models

    ### 2022

    - Training language models to follow instructions
    ```
    """

    code = "NL505"
    name = "list-marker"
    level = "warning"
    fix = "safe"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        front = ctx.doc.generated_lines.union(ctx.doc.front_matter_lines)
        # Each list with its siblings and its place among them: whether a list stands
        # next to it is asked only of a list whose marker departs.
        lists: list[tuple[Node, int, Sequence[Node], int]] = []
        counts: dict[int, Counter[str]] = {}
        for siblings, nested in _siblings_at_depth(ctx.doc):
            for at, node in enumerate(siblings):
                if not _bullet_list(node) or node.line in front or _contents(ctx.source, node):
                    continue
                counted = counts.setdefault(nested, Counter())
                counted[str(node.token.get("bullet"))] += len(node.children)
                lists.append((node, nested, siblings, at))
        usual = {nested: habit(counted) for nested, counted in counts.items()}
        for node, nested, siblings, at in sorted(lists, key=lambda item: item[0].start):
            bullet = str(node.token.get("bullet"))
            if usual[nested] is None or bullet == usual[nested]:
                continue
            near = (siblings[i] for i in (at - 1, at + 1) if 0 <= i < len(siblings))
            if any(n.type == "list" for n in near):
                continue
            edits = _marker_edits(ctx.source, node, bullet, str(usual[nested]))
            if edits:
                first = node.children[0].start
                message = f"list marker `{bullet}` differs from the file's usual `{usual[nested]}`"
                yield self.violation(first, first + 1, message, Fix(tuple(edits)))


@per_document
def _siblings_at_depth(doc: Document) -> list[tuple[Sequence[Node], int]]:
    """Every run of sibling blocks (the document's, and each container's children) that
    holds a list, and how many list items it lies in. (The rules read lists only: a list's
    own items, and most runs, hold none.)"""
    found = []
    stack: list[tuple[Sequence[Node], int]] = [(doc.nodes, 0)]
    while stack:
        children, depth = stack.pop()
        holds_list = False
        for node in children:
            if node.type in _CONTAINERS:
                stack.append((node.children, depth + (node.type == "list_item")))
                holds_list = holds_list or node.type == "list"
        if holds_list:
            found.append((children, depth))
    return found


def _contents(source: Source, node: Node) -> bool:
    """Whether a list is a table of contents: every item one link to a heading."""
    for item in node.children:
        line = source.line(item.line)
        # A line without `](#` is no such item: most lists are told apart without the pattern.
        if "](#" not in line or not _CONTENTS_ITEM.fullmatch(line):
            return False
    return True


def _marker_edits(source: Source, node: Node, bullet: str, usual: str) -> list[Edit]:
    """The marker edits for every item, or none when one would change the structure.

    Empty items are left alone (`-` under a paragraph line can be read as an underline),
    and so is an item that the new marker would turn into a rule (`* - -` -> `- - -`).
    """
    edits = []
    for item in node.children:
        if source.text[item.start : item.start + 1] != bullet or not item.children:
            return []
        line = source.line(item.line)
        column = item.start - source.line_starts[item.line]
        if _THEMATIC_BREAK.match(line[:column] + usual + line[column + 1 :]):
            return []
        edits.append(Edit(item.start, item.start + 1, usual))
    return edits


class _Nesting(Equal):
    """A bullet item and a list nested in it, with the columns that place them."""

    def __init__(
        self,
        child: Node,
        parent_column: int,  # the parent's marker
        content_column: int,  # where the parent's content starts
        column: int,  # the nested items' markers
        # Whether the list ends its parent item: lines of the parent after it could join it
        # when it moves, so only a last list is moved.
        last: bool,
        # Whether a list (of another kind: `1.` then `-`) comes before it in the parent item:
        # moved further in, it would nest in that list's last item.
        after_list: bool = False,
    ) -> None:
        self.child = child
        self.parent_column = parent_column
        self.content_column = content_column
        self.column = column
        self.last = last
        self.after_list = after_list

    @property
    def step(self) -> int:
        return self.column - self.parent_column


def _indent(source: Source, node: Node) -> int | None:
    """The column of a node that starts its line after spaces only, else None."""
    start = source.line_starts[node.line]
    prefix = source.text[start : node.start]
    return len(prefix) if prefix.strip(" ") == "" else None


def _nestings(doc: Document) -> list[_Nesting]:
    """Every list nested in a bullet item, both starting their own lines."""
    source, front, generated = doc.source, doc.front_matter_lines, doc.generated_lines
    text, starts, ends = source.text, source.line_starts, source.line_ends
    found = []
    for siblings, _ in _siblings_at_depth(doc):
        for parents in siblings:
            if not _bullet_list(parents) or parents.line in front or parents.line in generated:
                continue
            for parent in parents.children:
                parent_column = _indent(source, parent)
                if parent_column is None:
                    continue
                after = text[starts[parent.line] + parent_column + 1 : ends[parent.line]]
                gap = len(after) - len(after.lstrip(" "))
                if after[gap : gap + 1] == "\t":
                    continue
                content = parent_column + (2 if gap == len(after) or gap > 4 else 1 + gap)
                for previous, child in zip((None, *parent.children), parent.children, strict=False):
                    if not _bullet_list(child) or child.line == parent.line:
                        continue
                    columns = {_indent(source, item) for item in child.children}
                    if len(columns) != 1:
                        continue
                    column = columns.pop()
                    if column is not None:
                        last = child is parent.children[-1]
                        after_list = previous is not None and previous.type == "list"
                        found.append(
                            _Nesting(child, parent_column, content, column, last, after_list)
                        )
    return found


@register
class ListIndent(Rule):
    """Indent nested bullet lists by the file's usual step.

    Why: a file that nests some lists by two spaces and others by four (or three) is
    hard to edit, and a step of four under `- ` looks like code to some editors. The
    usual step is the one at least three quarters of the nested lists under bullet items
    use; a file with no such habit gets nothing. A list
    is moved, with all its lines, only where it stays inside its parent item and ends
    it, and not when it holds code or raw HTML other than notes blocks or follows another
    list in its item (it would nest in that list); lists under numbered items are left
    alone (their step follows the number's width), and so is a table of contents a tool
    writes between its markers (`<!-- TOC -->`, doctoc's).

    **Anti-pattern**

    ```markdown
    - GLM: General Language Model Pretraining
      - ACL [[code]](https://github.com/THUDM/GLM)
    - LLaMA: Open and Efficient Foundation Language Models
      - arXiv [[code]](https://github.com/facebookresearch/llama)
    - Toolformer: Language Models Can Teach Themselves to Use Tools
      - NeurIPS [[code]](https://github.com/lucidrains/toolformer-pytorch)
    - GLM-130B: An Open Bilingual Pre-trained Model
        - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```

    **Best practice**

    ```markdown
    - GLM: General Language Model Pretraining
      - ACL [[code]](https://github.com/THUDM/GLM)
    - LLaMA: Open and Efficient Foundation Language Models
      - arXiv [[code]](https://github.com/facebookresearch/llama)
    - Toolformer: Language Models Can Teach Themselves to Use Tools
      - NeurIPS [[code]](https://github.com/lucidrains/toolformer-pytorch)
    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL506"
    name = "list-indent"
    level = "warning"
    fix = "safe"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        nestings = _nestings(ctx.doc)
        steps = Counter(n.step for n in nestings)
        if not steps:
            return
        usual = habit(steps)
        if usual is None:
            return
        notes: list[tuple[int, int]] | None = None  # (first, last) line of each notes block
        for nesting in nestings:
            column = nesting.parent_column + usual
            if (
                nesting.step == usual
                or not nesting.last
                or nesting.after_list
                or not nesting.content_column <= column <= nesting.content_column + 3
            ):
                continue
            if notes is None:
                notes = sorted((b.open_line, b.last_line) for b in ctx.doc.notes_blocks)
            delta = column - nesting.column
            edits = _shift(ctx.doc, nesting.child, nesting.column, delta, notes)
            if edits:
                at = nesting.child.start
                message = (
                    f"nested list indented {nesting.step} spaces from its parent item; "
                    f"the file's usual step is {usual}"
                )
                yield self.violation(at, at + 1, message, Fix(tuple(edits)))


def _shift(
    doc: Document, node: Node, column: int, delta: int, notes: list[tuple[int, int]]
) -> list[Edit]:
    """Edits moving every line of ``node`` by ``delta`` columns, or none if one cannot move.

    A line less indented than the list (a lazy continuation), indented with a tab, or
    part of code or raw HTML other than a notes block stops the move, and so does a
    notes block only partly inside the list.
    """
    source, verbatim = doc.source, doc.verbatim_lines
    # A notes block moves whole or not at all: the indentation inside it is NL307's.
    at = bisect_right(notes, (node.end_line, source.line_count)) - 1
    while at >= 0 and notes[at][1] >= node.line:
        if notes[at][0] < node.line or notes[at][1] > node.end_line:
            return []
        at -= 1
    edits = []
    for index in range(node.line, node.end_line + 1):
        line = source.line(index)
        if is_blank(line):
            continue
        lead = len(line) - len(line.lstrip(" "))
        if index in verbatim or lead < column or line[lead] == "\t":
            return []
        start = source.line_starts[index]
        if delta < 0:
            edits.append(Edit(start, start - delta, ""))
        else:
            edits.append(Edit(start, start, " " * delta))
    return edits
