"""Move whole year sections: the unsafe fixes that reorder and merge them (NL103, NL104).

Sections move byte for byte. What a move may change is what follows a block: text placed
before a heading it was not before could be read into that heading (a lazy continuation,
a setext underline, an HTML block that runs to a blank line), so a blank line is added
where the new neighbour is not an ATX heading or a blank line, and no fix is offered when
a bold year line (a paragraph, not a heading) takes part or the document may end inside
a block nothing closes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from notelint.model.document import Document
from notelint.model.sections import YearGroup, YearSection
from notelint.model.violation import Edit, Fix
from notelint.syntax.headings import Heading
from notelint.syntax.lazy import lazy_re

# What may directly follow a block without changing it: an ATX heading, a blank line, the end.
_SAFE_NEXT = lazy_re(r"[ ]{0,3}(?:#{1,6}(?:[ \t]|\r|\n|\Z)|[ \t]*(?:\r\n|\r|\n|\Z))")
_BLANK_NEXT = lazy_re(r"[ \t]*(?:\r\n|\r|\n|\Z)")
_LIST_START = lazy_re(r"[ ]{0,3}(?:[-+*]|1[.)])[ \t]")
_FENCE = lazy_re(r"`{3,}|~{3,}")


# HTML blocks that run until an end marker rather than a blank line (CommonMark kinds 1-5).
@cache
def _html_ends() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    return [
        (
            re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
            re.compile(r"</(?:script|pre|style|textarea)>", re.I),
        ),
        (re.compile(r"<!--"), re.compile(r"-->")),
        (re.compile(r"<\?"), re.compile(r"\?>")),
        (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
        (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    ]


@cache
def _blank_end() -> re.Pattern[str]:
    return re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)\Z")


def is_real(heading: Heading) -> bool:
    """Whether Markdown makes the line a heading (a bold line or ``###2023`` it does not)."""
    return heading.node is not None and heading.node.type == "heading"


def _span(doc: Document, section: YearSection) -> tuple[int, int]:
    """A section's text: its heading line to the next section, trailing blank lines included."""
    src = doc.source
    end = src.line_starts[section.end_line] if section.end_line < src.line_count else len(src.text)
    return src.line_starts[section.heading.line], end


def _split_tail(text: str) -> tuple[str, str]:
    """``text`` without, and with only, the line breaks and blank lines that end it."""
    body = len(text.rstrip(" \t\r\n"))
    breaks = [i for i in (text.find("\r", body), text.find("\n", body)) if i >= 0]
    cut = min(breaks, default=len(text))
    return text[:cut], text[cut:]


def _ends_blank(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends in a blank line (``_blank_end()``), looking only at its end.

    Searching from the start of the text, as ``_blank_end().search(text, 0, end)`` does,
    took time growing with the square of the file for a year repeated thousands of times.
    """
    start = max(0, end - 2)  # the last line ending
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return _blank_end().search(text, max(0, start - 2), end) is not None


def _safe_before(text: str, pos: int) -> bool:
    return bool(_SAFE_NEXT.match(text, pos))


def _open_at_end(doc: Document) -> bool:
    """Whether the document ends inside a block that only the end of the text closes.

    A fence without its closing fence, or an HTML block of the kinds that end with a
    marker (``-->``, ``</pre>``, ...) that never comes, would swallow whatever is moved
    after it. HTML blocks that end at a blank line are closed by the one a move adds.
    """
    if not doc.nodes:
        return False
    last = doc.nodes[-1]
    text = doc.source.text[last.start : last.end]
    fence = _FENCE.match(text)
    if last.type == "block_code" and fence:
        closing = doc.source.line(last.end_line).strip()
        mark = fence.group()
        closed = last.end_line > last.line and closing.startswith(mark)
        return not closed or bool(closing.strip(mark[0]))
    if last.type == "block_html":
        for opening, closing_mark in _html_ends():
            if opening.match(text):
                return closing_mark.search(text, 1) is None
    return False


def reorder(doc: Document, group: YearGroup, descending: bool) -> Fix | None:
    """Sort a group's sections, moving each one's text unchanged into the sorted slots.

    Text between sections (another heading's part) stays where it is. A moved section
    that used to end the document gets the blank line that separated the others.
    """
    sections = group.sections
    if not all(is_real(s.heading) for s in sections):
        return None  # a bold year line could be read into the text moved before it
    text, newline = doc.source.text, doc.source.newline
    spans = [_span(doc, s) for s in sections]
    order = sorted(range(len(sections)), key=lambda i: sections[i].year * (-1 if descending else 1))
    parts: list[str] = []
    for slot, i in enumerate(order):
        piece = text[spans[i][0] : spans[i][1]]
        end = spans[slot][1]
        was_last = spans[i][1] == len(text)
        if end == len(text) and not was_last:
            # The document keeps its own ending (a final newline or not, blank lines).
            piece = _split_tail(piece)[0] + _split_tail(text)[1]
        elif end < len(text) and was_last:
            if _open_at_end(doc):
                return None
            piece = _split_tail(piece)[0] + newline * 2
        elif end < len(text) and not _safe_before(text, end) and not _blank_end().search(piece):
            piece += newline
        parts.append(piece)
        if slot + 1 < len(sections):
            parts.append(text[end : spans[slot + 1][0]])
    return Fix.replace(spans[0][0], spans[-1][1], "".join(parts), "unsafe")


def _body_lines(doc: Document, section: YearSection) -> tuple[int, int] | None:
    """The first and last non-blank lines after a section's heading, if any."""
    line = doc.source.line
    lines = range(section.heading.line + 1, section.end_line)
    first = next((n for n in lines if line(n).strip()), None)
    if first is None:
        return None
    return first, next(n for n in reversed(lines) if line(n).strip())


def merges(layout: Layout, group: YearGroup) -> dict[int, Fix | None]:
    """For each repeated year section (by index in the group): the fix merging it into the first."""
    if not all(is_real(s.heading) for s in group.sections):
        return {}
    doc = layout.doc
    by_year: dict[int, list[int]] = {}
    for index, section in enumerate(group.sections):
        by_year.setdefault(section.year, []).append(index)
    fixes: dict[int, Fix | None] = {}
    for first_index, *repeats in by_year.values():
        if not repeats:
            continue
        first = group.sections[first_index]
        have = _body_lines(doc, first)
        later = [group.sections[i] for i in repeats]
        # A year written many times is merged in one pass, so the fix loop settles.
        together = _merge_all(layout, first, have, later) if len(later) > 1 else None
        for index, section in zip(repeats, later, strict=True):
            fixes[index] = together or _merge(layout, first, have, section)
    return fixes


def _merge_all(
    layout: Layout, first: YearSection, have: tuple[int, int] | None, repeats: list[YearSection]
) -> Fix | None:
    """Every repeat moved after the first section's body, in order, as one fix.

    Each body follows the one moved before it as it would follow the first section's
    (a list it continues stays one list). None where one of them has no fix of its own,
    or takes the first section's place rather than moving (it directly follows it).
    """
    src = layout.doc.source
    contents: list[str] = []
    removals: list[Edit] = []
    before = have
    for section in repeats:
        fix = _merge(layout, first, have, section, after=before)
        body = _body_lines(layout.doc, section)
        if fix is None or (body is not None and len(fix.edits) == 1):
            return None
        *insert, removal = fix.edits
        if removals and removal.start < removals[-1].end:
            # A repeat ending the document takes the blank lines before it, which end the
            # repeat before it: the two go as one, as the document's ending would.
            removal = Edit(removals.pop().start, removal.end, removal.content)
        removals.append(removal)
        if insert:
            contents.append(insert[0].content)
            before = body
    if removals[-1].end == len(src.text):
        # Repeats that end the document go with the blank lines before them, as one does.
        while len(removals) > 1 and removals[-2].end == removals[-1].start:
            last = removals.pop()
            removals[-1] = Edit(removals[-1].start, last.end, last.content)
        line = src.line_index(removals[-1].start)
        while line > 0 and not src.line(line - 1).strip():
            line -= 1
        removals[-1] = Edit(src.line_starts[line], removals[-1].end, removals[-1].content)
    if not contents:
        return Fix(tuple(removals), "unsafe")
    at = src.line_starts[(have[1] if have else first.heading.line) + 1]
    if not _BLANK_NEXT.match(src.text, at):
        # Only the last body is followed by what follows the first section's.
        contents[:-1] = [c[: -len(src.newline)] for c in contents[:-1]]
    return Fix((Edit(at, at, "".join(contents)), *removals), "unsafe")


class Layout:
    """What a merge needs to know about the document's blocks, found once."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        lists = [n for n in doc.nodes if n.type == "list"]
        self.list_starts = {n.line for n in lists}
        self.list_ends = {n.end_line for n in lists}

    def joins_list(self, last_line: int, first_line: int) -> bool:
        """Whether a list ends on ``last_line`` and another starts on ``first_line``."""
        # Only a list that could interrupt a paragraph keeps its own items (``2.`` could not).
        starts = _LIST_START.match(self.doc.source.line(first_line))
        return bool(starts) and last_line in self.list_ends and first_line in self.list_starts


def _merge(
    layout: Layout,
    first: YearSection,
    have: tuple[int, int] | None,
    later: YearSection,
    after: tuple[int, int] | None = None,
) -> Fix | None:
    """Move the later section's body to the end of the first one's, and drop the later one.

    ``after`` is the body the moved one will directly follow, if not the first's.
    """
    doc = layout.doc
    src = doc.source
    text, newline = src.text, src.newline
    start, end = _span(doc, later)
    if end == len(text):
        # Ending the document: take the blank lines before it too.
        line = later.heading.line
        while line > 0 and not src.line(line - 1).strip():
            line -= 1
        start = src.line_starts[line]
    body = _body_lines(doc, later)
    if body is not None and end == len(text) and _open_at_end(doc):
        return None
    if body is not None and have and _indent(src.line(body[0])) > _indent(src.line(have[0])):
        # Indented deeper than the first section's entries, the moved ones would become
        # children of its last entry rather than entries of their own.
        return None
    # What came before the later heading will be followed by what came after its section.
    gap = "" if _ends_blank(text, start) or _safe_before(text, end) else newline
    if body is None:
        return Fix((Edit(start, end, gap),), "unsafe")
    at = src.line_starts[(have[1] if have else first.heading.line) + 1]
    if at == start:
        content = text[src.line_starts[body[0]] : end]  # what follows it stays the same
    else:
        content = text[src.line_starts[body[0]] : src.line_ends[body[1]]] + newline
        # The blank lines that ended the later section may have closed its last block.
        if not _BLANK_NEXT.match(text, at):
            content += newline
    follows = after if after is not None else have
    if follows and not layout.joins_list(follows[1], body[0]):
        content = newline + content
    if at == start:
        return Fix((Edit(start, end, content),), "unsafe")
    return Fix((Edit(at, at, content), Edit(start, end, gap)), "unsafe")


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def longest_run(keys: Sequence[int]) -> set[int]:
    """The indices of one longest strictly increasing subsequence of ``keys``."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(keys)
    for i, key in enumerate(keys):
        j = bisect_left(tails, key)
        if j == len(tails):
            tails.append(key)
            tail_index.append(i)
        else:
            tails[j] = key
            tail_index[j] = i
        previous[i] = tail_index[j - 1] if j else -1
    run: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        run.add(i)
        i = previous[i]
    return run


def first_of_each_year(group: YearGroup) -> list[YearSection]:
    """The group's sections without repeats (those are NL104's)."""
    seen: set[int] = set()
    firsts = []
    for section in group.sections:
        if section.year not in seen:
            seen.add(section.year)
            firsts.append(section)
    return firsts
