"""The mistune adapter: block and inline nodes with exact source spans.

mistune 3 tokens carry no positions; ``hooks.py`` records them while mistune parses, and
this module turns the tagged tokens into ``Node``s with source offsets. The tests in
``tests/test_parse.py`` check every span against the source text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from mistune.inline_parser import InlineParser

from notelint.syntax.hooks import PosBlockParser, PosBlockState, PosInlineParser, Token
from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Record
from notelint.syntax.source import Source

_INLINE_STRIP = " \r\n\t\f"
# Inline tokens whose spans rules use; text and emphasis are rebuilt by mistune after
# parsing and carry no position.
INLINE_TYPES = frozenset({"link", "image", "inline_html", "codespan"})
_NEWLINE = lazy_re("\n")
_BLANKS = lazy_re(r"[ \t]*")
# Every element in INLINE_TYPES starts with one of these.
_INLINE_START = lazy_re(r"[\[<`]")
# Containers end with their last child: the parser returns the end of whatever block
# interrupted them.
_CONTAINERS = frozenset({"list", "list_item", "block_quote"})
_PARAGRAPHS = ("paragraph", "block_text")


class Node(Record):
    """A parsed block or inline element and the span of source text it came from.

    ``start`` is the offset of the element's first significant character (a list item's
    marker, a heading's ``#``); for blocks ``end`` is the end of the last line's content,
    for inline elements the exact end. ``line`` and ``end_line`` are 0-based.
    """

    __slots__ = ("children", "end", "end_line", "inlines", "line", "start", "token", "type")

    def __init__(
        self,
        type: str,
        start: int,
        end: int,
        line: int,
        end_line: int,
        token: Token,
        # Empty ones are one shared tuple: most nodes have neither, and a file has many nodes.
        children: Sequence[Node] = (),
        # Positioned inline elements of a text block, nested ones included, in source order.
        inlines: Sequence[Node] = (),
    ) -> None:
        self.type = type
        self.start = start
        self.end = end
        self.line = line
        self.end_line = end_line
        self.token = token
        self.children = children
        self.inlines = inlines

    @property
    def attrs(self) -> dict[str, Any]:
        attrs: dict[str, Any] = self.token.get("attrs", {})
        return attrs

    def walk(self) -> list[Node]:
        """This node and every block below it, in source order."""
        out: list[Node] = []
        stack = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out


# -- from tokens to nodes ------------------------------------------------------------


class _Converter:
    """Turn (state, offset) pairs recorded during parsing into source offsets."""

    def __init__(self, source: Source, inline: InlineParser, env: Any, *, slim: bool) -> None:
        self.source = source
        self.inline = inline
        self.env = env
        self.dropped = (_DROPPED, _DROPPED_FROM_HEADINGS) if slim else ((), ())
        self.dropped_inline = _DROPPED_FROM_INLINES if slim else ()
        # Read for every node: kept here, not looked up through the source each time.
        self.text = source.text
        self.starts = source.line_starts
        self.ends = source.line_ends
        self.line_len = [e - s for s, e in zip(self.starts, self.ends, strict=True)]
        self.last_line = len(self.line_len) - 1

    def root(self, state: Any, offset: int) -> tuple[int, int]:
        """The (root line, column) of ``offset`` in ``state``; None-based states -> (-1, 0)."""
        if state.line_base is None:
            return -1, 0
        local, line_end = state.local_line(offset)
        line = min(state.line_base + local, self.last_line)
        column = self.line_len[line] - (line_end - offset)
        return line, max(column, 0)

    def root_line(self, state: Any, offset: int) -> int:
        """``root(state, offset)[0]``, without the column."""
        base: int | None = state.line_base
        if base is None:
            return -1
        newlines: list[int] | None = state._newlines
        if newlines is None:
            local: int = state.local_line(offset)[0]
        else:
            local = bisect_right(newlines, offset - 1)
        return min(base + local, self.last_line)

    def offset(self, line: int, column: int) -> int:
        return self.starts[line] + min(column, self.line_len[line])

    def skip_blank(self, line: int, column: int) -> int:
        if column >= self.line_len[line]:
            return column
        start = self.starts[line]
        # Spaces and tabs stop at the line's end: no line ending is one of them.
        found = _BLANKS.match(self.text, start + column)
        return found.end() - start if found else column

    def block(self, tok: Token) -> Node | None:
        kind = tok["type"]
        if kind == "blank_line":
            for key in self.dropped[False]:  # its parser state too, or the state outlives us
                tok.pop(key, None)
            return None
        children = []
        if "children" in tok:
            for child in tok["children"]:
                node = self.block(child)
                if node is not None:
                    children.append(node)
        line_len = self.line_len
        if "_m" in tok:  # list item: the marker
            line, from_end = tok["_m"]
            column = max(line_len[line] - from_end, 0)
        elif "_p" in tok:
            line, column = self.root(*tok["_p"])
            if line < 0:
                line, column = (children[0].line, 0) if children else (0, 0)
            column = self.skip_blank(line, column)
        elif children:
            line = children[0].line
            column = children[0].start - self.starts[line]
        else:
            line, column = 0, 0
        end_line = self._end_line(tok, kind, line, children)
        node = Node(
            kind,
            self.starts[line] + min(column, line_len[line]),
            self.ends[end_line],
            line,
            end_line,
            tok,
            children or (),
        )
        if "text" in tok:
            node.inlines = self.inlines(tok) or ()
        # Drop the parser states (they hold every child's text and form cycles), and what
        # the nodes now hold: the children, and copies of the source text. A heading keeps
        # its text. On a large file this is a fifth of the memory.
        for key in self.dropped[kind == "heading"]:
            if key in tok:  # a test, not a call: most tokens hold few of these
                del tok[key]
        if len(tok) == 1:  # nothing but the type is left: share one such token per type
            node.token = _BARE.setdefault(kind, {"type": kind})
        return node

    def _end_line(self, tok: Token, kind: str, line: int, children: list[Node]) -> int:
        if children:
            last_child = max([c.end_line for c in children])
            end_line = last_child
        else:
            last_child = -1
            end_line = line
        if kind in _CONTAINERS:
            pass
        elif kind in _PARAGRAPHS and "_p" in tok and "_e" not in tok:
            state, start = tok["_p"]
            end_line = self.root_line(state, start + len(tok["text"].rstrip("\n")))
        else:
            found = tok.get("_e")
            if found and found[1]:
                state, end = found
                end_line = self.root_line(state, max(end - 1, 0))
        if end_line < last_child:
            end_line = last_child
        if end_line <= line:
            return line
        # A block ends at its last non-blank line. (A line whose first character is no
        # space is not blank: only then is the line copied to be sure.)
        text, starts, ends = self.text, self.starts, self.ends
        while end_line > line:
            first, stop = starts[end_line], ends[end_line]
            if first != stop and not (text[first].isspace() and text[first:stop].isspace()):
                break
            end_line -= 1
        return end_line

    def inlines(self, tok: Token) -> list[Node]:
        text: str = tok["text"]
        if not _INLINE_START.search(text):
            # Nothing a positioned element starts with: only text, emphasis and breaks,
            # which rules read from the source lines.
            tok["children"] = [{"type": "text", "raw": text.strip(_INLINE_STRIP)}]
            return []
        stripped = text.strip(_INLINE_STRIP)
        origin = tok.get("_t") or tok.get("_p")
        lead = len(text) - len(text.lstrip(_INLINE_STRIP)) if "_t" not in tok else 0
        simple = None if self.env.get("ref_links") else simple_inline(stripped)
        tokens = simple if simple is not None else self.inline(stripped, self.env)
        tok["children"] = tokens
        out: list[Node] = []
        if origin is None:
            return out
        state, base = origin
        stack = list(reversed(tokens))
        while stack:
            t = stack.pop()
            stack.extend(reversed(t.get("children", ())))
            if t["type"] in INLINE_TYPES and "_i" in t:
                s, e = t["_i"]
                line, column = self.root(state, base + lead + s)
                end_line, end_column = self.root(state, base + lead + e)
                if line >= 0:
                    out.append(
                        Node(
                            t["type"],
                            self.offset(line, column),
                            self.offset(end_line, end_column),
                            line,
                            end_line,
                            t,
                        )
                    )
                # What the node now holds (its span; nested elements are nodes of their
                # own): a file has tens of thousands of links.
                for key in self.dropped_inline:
                    t.pop(key, None)
        return out


# Text whose only syntax is plain inline links: no brackets outside them, no code spans,
# HTML, autolinks, escapes or images. In such text (and with no reference definitions in
# the document) every link is `[text](url)` or `[[text]](url)`, so the links can be read
# off directly; tests/test_parse.py checks this against the full inline parser.
_PLAIN = r"(?:[^\[\]<>`\\!]|!(?!\[))"  # one character at a time: no nested repetition
_SIMPLE_LINK = lazy_re(r"\[(?:[^\[\]<>`\\]*|\[[^\[\]<>`\\]*\])\]\((?P<url>[^\s()<>\\]*)\)")
_SIMPLE_TEXT = lazy_re(rf"(?:{_PLAIN}|{_SIMPLE_LINK.pattern})*")


def simple_inline(text: str) -> list[Token] | None:
    """The tokens of ``text`` when it holds nothing but plain links; None otherwise."""
    if not _SIMPLE_TEXT.fullmatch(text):
        return None
    tokens: list[Token] = []
    for m in _SIMPLE_LINK.finditer(text):
        label = m.group()[1 : m.start("url") - m.start() - 2]
        tokens.append(
            {
                "type": "link",
                "children": [{"type": "text", "raw": label}],
                "attrs": {"url": m.group("url")},
                "_i": (m.start(), m.end()),
            }
        )
    return tokens


_DROPPED_FROM_HEADINGS = ("_p", "_e", "_t", "_m", "children")
_DROPPED = (*_DROPPED_FROM_HEADINGS, "text", "raw")
_DROPPED_FROM_INLINES = ("_i", "children")
# Tokens that hold nothing but their type, one per type; nothing writes to a node's token.
_BARE: dict[str, Token] = {}

_BLOCK = PosBlockParser()
_INLINE = PosInlineParser()


def parse(source: Source, *, slim: bool = True) -> list[Node]:
    """Parse ``source`` into top-level block nodes with exact spans.

    ``slim=False`` keeps what the nodes' tokens held besides what rules read (their text,
    children and parser states), for tests that hold the spans to the parser's text.
    """
    text = source.normalized()
    if not text.endswith("\n"):
        text += "\n"
    state = PosBlockState()
    state.process(text)
    _BLOCK.parse(state)
    converter = _Converter(source, _INLINE, state.env, slim=slim)
    nodes = [converter.block(tok) for tok in state.tokens]
    found = [n for n in nodes if n is not None]
    # mistune may emit a block quote after the list that ended it: order by position.
    found.sort(key=lambda n: n.start)
    return found
