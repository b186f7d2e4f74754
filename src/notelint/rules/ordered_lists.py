"""NL509: ordered lists whose typed numbers are not the ones the page shows."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from notelint.model.document import Document
from notelint.model.violation import Edit, Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.syntax.lazy import lazy_re
from notelint.syntax.parse import Node

_NUMBER = lazy_re(r"\d{1,9}(?=[.)])")


def _details_spans(doc: Document) -> list[list[int]]:
    """The lines from each ``<details>`` to its ``</details>`` (or to the end, never
    closed), as sorted disjoint [first, end) spans."""
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    for tag in doc.html_tags:
        if tag.name != "details":
            continue
        line = doc.source.line_index(tag.start)
        if not tag.closing:
            opened.append(line)
        elif opened:
            spans.append((opened.pop(), line + 1))
    spans += [(line, doc.source.line_count) for line in opened]
    # Spans, not a set of their lines: however the blocks nest or how many are never
    # closed, each line is counted once, and a large file's lines take no memory.
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _in_spans(spans: list[list[int]], starts: list[int], line: int) -> bool:
    at = bisect_right(starts, line) - 1
    return at >= 0 and line < spans[at][1]


@register
class OrderedListNumbers(Rule):
    """Number an ordered list as the page shows it: each item one more than the last.

    Why: Markdown takes only the first number of a list and counts on from it, so typed
    numbers that skip or repeat (`13.` then `15.`) are not what readers see, and a
    reference to "item 15" points at the wrong one. Writing `1.` for every item is a
    habit, not a finding, and a list may start at any number. A list that a blank line
    and a paragraph (or code) interrupt is a new list, and shows the number it starts
    with. Numbered notes inside `<details>` are NL304's. The fix writes the numbers the
    page shows, where that keeps every item's content in place.

    **Anti-pattern**

    ```markdown
    1. Attention Is All You Need
    2. BERT: Pre-training of Deep Bidirectional Transformers
    4. GPT-3: Language Models are Few-Shot Learners
    ```

    **Best practice**

    ```markdown
    1. Attention Is All You Need
    2. BERT: Pre-training of Deep Bidirectional Transformers
    3. GPT-3: Language Models are Few-Shot Learners
    ```
    """

    code = "NL509"
    name = "ordered-list-numbers"
    level = "warning"
    fix = "safe"
    # The page takes only a list's first number, which the fix never changes, so it shows
    # the same numbers; but the engine proves layout fixes item by item, and an item
    # rendered alone shows its own number. The fix's own guard is that no line moves.
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc = ctx.doc
        details = _details_spans(doc)
        starts = [start for start, _ in details]
        generated, front = doc.generated_lines, doc.front_matter_lines
        for node in doc.blocks:
            if node.type != "list" or not node.attrs.get("ordered"):
                continue
            line = node.line
            if line in generated or line in front or _in_spans(details, starts, line):
                continue
            yield from self._check_list(ctx, node)

    def _check_list(self, ctx: RuleContext, node: Node) -> Iterator[Violation]:
        text = ctx.source.text
        items: list[tuple[Node, int, int]] = []  # item, typed number, its end offset
        for item in node.children:
            m = _NUMBER.match(text, item.start)
            if m is None:
                return
            items.append((item, int(m.group()), m.end()))
        numbers = [n for _, n, _ in items]
        if len(set(numbers)) <= 1:
            return  # one number for every item: the page counts for the author
        first = numbers[0]
        wrong = [i for i, n in enumerate(numbers) if n != first + i]
        runs: list[list[int]] = []
        for i in wrong:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            item, typed, _ = items[run[0]]
            previous = numbers[run[0] - 1]
            shown = first + run[0]
            how = "repeats" if typed <= previous else "skips"
            message = (
                f"list item numbered {typed} after {previous} {how}: the page shows "
                f"{shown}, counting on from the list's first number {first}"
            )
            yield self.violation(
                item.start, items[run[0]][2], message, _renumber(items, run, first)
            )


def _renumber(items: list[tuple[Node, int, int]], run: list[int], first: int) -> Fix | None:
    """The typed numbers of a run made the shown ones, when no item's content moves."""
    edits = []
    for i in run:
        item, typed, end = items[i]
        new = str(first + i)
        if len(new) != len(str(typed)) and item.end_line != item.line:
            return None  # a wider number would move the lines under it out of the item
        edits.append(Edit(item.start, end, new))
    return Fix(tuple(edits))
