"""NL502: runs of blank lines, judged against the file's own habit where it has one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from notelint.model.document import Document
from notelint.model.lines import blank_lines, per_document
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.habits import HABIT_SHARE, habit
from notelint.syntax.parse import Node
from notelint.syntax.source import BOM


def is_blank(line: str) -> bool:
    return not line.strip(" \t")


def ends_in_empty_item(node: Node | None) -> bool:
    """Whether ``node`` is a list whose last item is empty.

    The parser reads such a list as loose when a blank line follows it and tight when
    not, so blank lines after it are not layout.
    """
    return node is not None and node.type == "list" and not node.children[-1].children


@per_document
def inner_paragraph_lines(doc: Document) -> frozenset[int]:
    """Lines between the first and last line of a paragraph.

    A line of only whitespace there is not blank to the parser when it is indented like
    code (five spaces or more): it continues the paragraph, so it is left alone.
    """
    lines: set[int] = set()
    for node in doc.blocks:
        if node.type in ("paragraph", "block_text") and node.end_line > node.line + 1:
            lines.update(range(node.line + 1, node.end_line))
    return frozenset(lines)


@per_document
def blank_runs(doc: Document) -> list[tuple[int, int]]:
    """Maximal runs of blank lines outside verbatim text, as (first, last) line indexes."""
    runs: list[tuple[int, int]] = []
    for index in sorted(blank_lines(doc) - doc.verbatim_lines - inner_paragraph_lines(doc)):
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _starts(doc: Document) -> dict[int, str]:
    """The first line of each heading and list item, with its kind."""
    starts: dict[int, str] = {}
    for node in doc.blocks:
        if node.type == "heading":
            starts[node.line] = "heading"
        elif node.type == "list_item":
            starts.setdefault(node.line, "item")
    return starts


# The share of its headings a file sets apart with more blank lines, to be doing it on purpose.
_SECTIONS_SET_APART = 0.2
# A habit of more than one blank line needs this many places to show it.
_SHOWN = 3


def _usual(counted: Counter[int]) -> int:
    """How many blank lines the file keeps at places of one kind: its habit there when
    that is more than one, shown often enough; else one."""
    usual = habit(counted)
    if usual is None or counted[usual] < _SHOWN:
        return 1
    return usual


def _before_headings(middle: list[tuple[int, int, str]]) -> int | None:
    """The blank lines a file sets before its sections, where its runs of more than one
    stand (three quarters of them, and at least two) before headings, and before a
    fifth of its headings or more; else None."""
    runs = [(end - first + 1, place) for first, end, place in middle if end > first]
    lengths = Counter(length for length, place in runs if place == "heading")
    shown = sum(lengths.values())
    headings = sum(1 for _, _, place in middle if place == "heading")
    if shown < 2 or shown < HABIT_SHARE * len(runs) or shown < _SECTIONS_SET_APART * headings:
        return None
    return habit(lengths) or max(lengths)


@per_document
def blank_line_plan(doc: Document) -> list[tuple[int, int, int]]:
    """Each run of blank lines NL502 shortens, as (first, last, how many to keep).

    A run is judged by what it stands before (a heading, a list item, other text): where
    the file puts the same number of blank lines before three quarters of its headings
    (or items, or other blocks), and at three places or more, that number is its habit
    there, and only longer runs are shortened to it; elsewhere runs are shortened to one
    blank line. A file whose longer runs stand (three quarters of them, two or more)
    before a fifth of its headings or more sets its sections apart on purpose: runs that
    long are kept there.
    Blank lines that open the file are always removed, and those that end it are NL503's.
    """
    source = doc.source
    last = source.line_count - 1
    runs = [(first, end) for first, end in blank_runs(doc) if end < last]
    starts = _starts(doc)
    middle = [(first, end, starts.get(end + 1, "other")) for first, end in runs if first > 0]
    counts: dict[str, Counter[int]] = {}
    for first, end, place in middle:
        counts.setdefault(place, Counter())[end - first + 1] += 1
    usual = {place: _usual(counted) for place, counted in counts.items()}
    before_headings = _before_headings(middle)
    if before_headings is not None:
        usual["heading"] = before_headings
    plan = [(first, end, 0) for first, end in runs if first == 0]
    for first, end, place in middle:
        keep = usual[place]
        if end - first + 1 > keep:
            plan.append((first, end, keep))
    return plan


@per_document
def removed_blank_lines(doc: Document) -> frozenset[int]:
    """The blank lines NL502 and NL503 remove."""
    removed: set[int] = set()
    for first, end, keep in blank_line_plan(doc):
        removed.update(range(first + keep, end + 1))
    last = doc.source.line_count - 1
    for first, end in blank_runs(doc):
        if end == last:
            removed.update(range(first, end + 1))
    return frozenset(removed)


@register
class BlankLines(Rule):
    """Remove blank lines at the start of the file, and runs longer than the file's habit.

    Why: one blank line separates blocks; more say nothing Markdown can show, and a file
    that starts with blank lines looks broken in a diff or an editor. A file may have its
    own habit, such as two blank lines before every section heading or between entries:
    where three quarters of the places of one kind (before a heading, before a list item,
    before other text), and at least three, have the same number of blank lines, that
    number is kept there and only longer runs are reported. So is a file's habit of
    setting its sections apart: where three quarters of its runs of several blank lines
    stand before headings, they are kept there. Blank lines in code,
    front matter and raw HTML outside notes blocks are left alone; those at the end of
    the file are NL503's. Blank lines before a U+FEFF that would then open the file are
    reported but kept: it would read as a byte order mark.

    **Anti-pattern**

    ```markdown
    # Paper


    ### 2023

    - GLM: General Language Model Pretraining
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM: General Language Model Pretraining
    ```
    """

    code = "NL502"
    name = "blank-lines"
    level = "warning"
    fix = "safe"
    generic = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        source = ctx.source
        for first, end, keep in blank_line_plan(ctx.doc):
            stop = source.line_starts[end + 1]
            count = end - first + 1
            if first == 0:
                lines = "a blank line" if count == 1 else f"{count} blank lines"
                message = f"the file starts with {lines}"
                # A U+FEFF that would open the file would read as a byte order mark, and
                # the line it starts as something else, the next time.
                fix = None if source.text.startswith(BOM, stop) else Fix.replace(0, stop, "")
                yield self.violation(0, stop, message, fix)
            else:
                at = source.line_starts[first + keep]
                usual = "one is enough" if keep == 1 else f"the file's habit here is {keep}"
                message = f"{count} blank lines in a row; {usual}"
                yield self.violation(at, stop, message, Fix.replace(at, stop, ""))
