"""Prove that layout fixes leave the rendered page as it was (SPEC §5).

A fix of a rule that does not declare ``changes_rendering`` is a layout fix. After each
pass of the fix loop, the text before the pass and the text after it are rendered to
HTML with plain mistune (``create_markdown(escape=False)``: raw HTML passes through, as
GitHub shows it) and compared after normalising whitespace as a browser does: a run of
whitespace counts as one space, and whitespace between two tags, or next to a line break
or a block's tag, as none; inside ``<pre>`` every character counts. When the pass also
applied fixes that change the page on purpose, "before" is the text with only those
applied, so the comparison sees the layout fixes alone.

Rendering a 20,000-line file takes about as long as parsing it, so only what the layout
fixes changed is rendered. The parses of the text before and after the pass (which the
fix loop makes anyway) show which top-level blocks kept their place and extent; HTML is
the blocks' HTML one after the other, so each stretch between two kept blocks that holds
a layout edit is rendered on its own: it starts and ends where the parser starts a fresh
block in both texts. A block that only purposeful fixes changed is the same before and
after the layout fixes, so it counts as kept. A list whose items alone hold layout edits
(same kind, tightness and length) is kept too, and its items are compared the same way,
so a trailing space in one entry of a 3,000-line year list renders that entry, not the
list. A reference link definition makes one block depend on another, so a text holding
one is rendered whole.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import mistune

from notelint.model.document import Document
from notelint.model.violation import Edit, Violation
from notelint.syntax.lazy import lazy_re
from notelint.syntax.parse import Node

_PRE = lazy_re(r"(<pre\b.*?</pre\s*>)", re.S | re.I)
_SPACE = lazy_re(r"\s+")
_BETWEEN_TAGS = lazy_re(r">\s+<")
# Whitespace next to a line break or a block's tag never shows in a browser.
_AROUND_BLOCK_TAG = lazy_re(
    r"\s*(</?(?:br|p|li|ul|ol|h[1-6]|blockquote|div|details|summary|table|thead|tbody|tr|td|th"
    r"|hr)\b[^>]*>)\s*",
    re.I,
)
_REFERENCE = lazy_re(r"^[ \t>*+\-\d.)]*\[[^\]\n]+\]:", re.M)
_MARKDOWN: list[mistune.Markdown] = []  # made on first use


def render_html(text: str) -> str:
    """The HTML plain mistune makes of ``text``."""
    if not _MARKDOWN:
        _MARKDOWN.append(mistune.create_markdown(escape=False))
    html = _MARKDOWN[0](text)
    return html if isinstance(html, str) else ""


def normalize_html(html: str) -> str:
    """HTML with whitespace as a browser shows it: runs as one space, none between tags
    or next to a line break or a block's tag; ``<pre>`` is kept exact."""
    parts = _PRE.split(html)
    for i in range(0, len(parts), 2):
        text = _AROUND_BLOCK_TAG.sub(r"\1", _SPACE.sub(" ", parts[i]))
        parts[i] = _BETWEEN_TAGS.sub("><", text)
    return "".join(parts).strip()


@dataclass(frozen=True)
class Stretch:
    """A changed part of the text: ``before[b0:b1]`` became ``after[a0:a1]``."""

    b0: int
    b1: int
    a0: int
    a1: int


class _Mapper:
    """Where offsets of the text before a pass went, and which spans the pass's edits touch."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = sorted(edits)
        self.starts = [e.start for e in self.edits]
        self.ends = [e.end for e in self.edits]
        self.shifts = [0]
        for e in self.edits:
            self.shifts.append(self.shifts[-1] + len(e.content) - (e.end - e.start))

    def shift(self, offset: int) -> int:
        """The offset after the pass of text at ``offset`` that no edit covers."""
        return offset + self.shifts[bisect_right(self.ends, offset)]

    def touches(self, start: int, end: int) -> bool:
        """Whether an edit changes text in ``[start, end)`` or inserts inside it."""
        at = bisect_right(self.starts, end) - 1
        while at >= 0 and self.ends[at] >= start:
            e = self.edits[at]
            if (e.start < end and e.end > start) or (e.start == e.end and start < e.start <= end):
                return True
            at -= 1
        return False

    def within(self, start: int, end: int) -> list[Edit]:
        """The edits wholly inside ``[start, end]``."""
        near = self.edits[bisect_left(self.starts, start) : bisect_right(self.starts, end)]
        return [e for e in near if e.end <= end]


def _span(doc: Document, node: Node) -> tuple[int, int]:
    """A block's span from the start of its first line to the end of its last."""
    return doc.source.line_starts[node.line], doc.source.line_ends[node.end_line]


def _list_shape(node: Node) -> tuple[object, ...]:
    tok = node.token
    return (tok.get("bullet"), tok.get("tight"), node.attrs.get("ordered"), len(node.children))


def changed_stretches(
    before: Document, after: Document, layout: Sequence[Edit], other: Sequence[Edit] = ()
) -> list[Stretch]:
    """The stretches of text that hold layout edits, each to be rendered on its own.

    ``other`` are the pass's other edits: they move text, but blocks they alone change
    are the same before and after the layout edits.
    """
    moves = _Mapper([*layout, *other])
    whole = Stretch(0, len(before.source.text), 0, len(after.source.text))
    if _REFERENCE.search(before.source.text) or _REFERENCE.search(after.source.text):
        return [whole]
    bounds = (whole.b0, whole.b1, whole.a0, whole.a1)
    return _stretches(before, after, moves, _Mapper(layout), before.nodes, after.nodes, bounds)


@dataclass
class _Unit:
    """A block of the text before the pass, and where it went (``twin``) if it kept its place."""

    node: Node
    b0: int
    b1: int
    twin: Node | None = None
    a0: int = 0
    a1: int = 0
    kept: bool = False  # no layout edit inside, or a list whose items alone have some
    touched: bool = False  # a layout edit inside


def _units(
    before: Document,
    after: Document,
    moves: _Mapper,
    layout: _Mapper,
    b_nodes: Sequence[Node],
    a_nodes: Sequence[Node],
) -> list[_Unit]:
    a_by_start = {_span(after, n)[0]: n for n in a_nodes}
    units = []
    for node in b_nodes:
        unit = _Unit(node, *_span(before, node))
        twin = a_by_start.get(moves.shift(unit.b0))
        if twin is not None and twin.type == node.type:
            a0, a1 = _span(after, twin)
            if a1 == moves.shift(unit.b1):
                unit.twin, unit.a0, unit.a1 = twin, a0, a1
                unit.touched = layout.touches(unit.b0, unit.b1)
                same_list = node.type == "list" and _list_shape(node) == _list_shape(twin)
                unit.kept = not unit.touched or same_list
        units.append(unit)
    return units


def _stretches(
    before: Document,
    after: Document,
    moves: _Mapper,
    layout: _Mapper,
    b_nodes: Sequence[Node],
    a_nodes: Sequence[Node],
    bounds: tuple[int, int, int, int],
) -> list[Stretch]:
    """The stretches between sibling blocks that kept their place and extent, within ``bounds``.

    A stretch runs from the end of one kept block to the start of the next, so in both
    texts it starts and ends where the parser starts a fresh block. A list whose items
    alone hold layout edits counts as kept, and its items are compared the same way.
    """
    lo_b, hi_b, lo_a, hi_a = bounds
    found: list[Stretch] = []
    start_b, start_a = lo_b, lo_a
    for unit in _units(before, after, moves, layout, b_nodes, a_nodes):
        if not unit.kept or unit.twin is None:
            continue
        if layout.within(start_b, unit.b0):
            found.append(Stretch(start_b, unit.b0, start_a, unit.a0))
        if unit.touched:
            inner = (unit.b0, unit.b1, unit.a0, unit.a1)
            children = (unit.node.children, unit.twin.children)
            found += _stretches(before, after, moves, layout, *children, inner)
        start_b, start_a = unit.b1, unit.a1
    if layout.within(start_b, hi_b):
        found.append(Stretch(start_b, hi_b, start_a, hi_a))
    return found


def layout_change(
    before: Document,
    after: Document,
    layout: Sequence[Violation],
    purposeful: Sequence[Violation],
) -> str | None:
    """Why the layout fixes of a pass change the rendered HTML, or None when they do not.

    ``before`` and ``after`` are the parses of the text before and after the pass;
    ``purposeful`` are the pass's fixes that change rendering on purpose, which the text
    before is taken with.
    """
    if not layout:
        return None
    layout_edits = [e for v in layout for e in _edits(v)]
    purpose_edits = [e for v in purposeful for e in _edits(v)]
    old, new = before.source.text, after.source.text
    purpose = _Mapper(purpose_edits)
    for s in changed_stretches(before, after, layout_edits, purpose_edits):
        base_edits = purpose.within(s.b0, s.b1)
        want = normalize_html(render_html(_apply(old, s.b0, s.b1, base_edits)))
        if normalize_html(render_html(new[s.a0 : s.a1])) != want:
            return _culprit(before, layout, base_edits, (s.b0, s.b1), want)
    return None


def _inside(edit: Edit, start: int, end: int) -> bool:
    return start <= edit.start and edit.end <= end


def _edits(violation: Violation) -> tuple[Edit, ...]:
    return violation.fix.edits if violation.fix is not None else ()


def _apply(text: str, start: int, end: int, edits: Sequence[Edit]) -> str:
    out, pos = [], start
    for e in sorted(edits):
        out += [text[pos : e.start], e.content]
        pos = e.end
    out.append(text[pos:end])
    return "".join(out)


def _culprit(
    before: Document,
    layout: Sequence[Violation],
    base_edits: list[Edit],
    span: tuple[int, int],
    want: str,
) -> str:
    """Name the rule whose fixes alone change the stretch's HTML, and show the change."""
    old = before.source.text
    b0, b1 = span
    here = [v for v in layout if any(_inside(e, b0, b1) for e in _edits(v))]
    names = {v.code: v.name for v in here}
    for code in sorted(names):
        edits = [e for v in here if v.code == code for e in _edits(v)]
        got = normalize_html(render_html(_apply(old, b0, b1, base_edits + edits)))
        if got != want:
            line = min(before.source.line_index(e.start) for e in edits) + 1
            return f"{code} ({names[code]}) would change the rendered HTML{_near(line)}: " + (
                _difference(want, got)
            )
    codes = ", ".join(f"{c} ({n})" for c, n in sorted(names.items()))
    line = before.source.line_index(b0) + 1
    return f"{codes} together would change the rendered HTML{_near(line)}"


def _near(line: int) -> str:
    return f" near line {line}"


def _difference(want: str, got: str) -> str:
    """The first place two renderings differ, a little of each."""
    pairs = enumerate(zip(want, got, strict=False))
    at = next((i for i, (a, b) in pairs if a != b), min(len(want), len(got)))
    lo = max(at - 30, 0)
    return f"{want[lo : at + 40]!r} would become {got[lo : at + 40]!r}"
