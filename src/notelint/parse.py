"""The mistune adapter: block and inline nodes with exact source spans.

mistune 3 tokens carry no positions, so this module recovers them while mistune parses.
The mechanism rests on one fact about mistune's block parser: a container (list item,
block quote) re-parses its content in a child state whose text is line-aligned 1:1 with
its parent's, and only each line's leading prefix (indent, marker, ``>``) is rewritten.
So every offset in a child state maps to a root line (the child's base line plus the
local line number) and a root column measured from the *end* of the line.

The hooks are:

- ``_PosBlockState``: knows its base line; remembers where each paragraph starts.
- ``_PosBlockParser``: tags the tokens each rule creates with the rule's match start and
  returned end, and gives a block quote's child state its base line.
- ``mistune.list_parser._parse_list_item`` (a module global that ``parse_list`` looks up
  at call time) is wrapped to record the item marker and the child's base line.
- ``_PosInlineParser``: tags inline tokens with their offsets in the inline text; links
  and images are tagged in a wrapper of ``mistune._inline.links._close_bracket``.

These are private internals of mistune 3.4.0, which ``pyproject.toml`` pins; the tests in
``tests/test_parse.py`` check every span against the source text, so an upgrade that moves
them fails loudly rather than silently shifting positions.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mistune import list_parser
from mistune._inline import links as _links
from mistune.block_parser import BlockParser
from mistune.core import BlockState, InlineState
from mistune.inline_parser import InlineParser

from notelint.source import Source

Token = dict[str, Any]
_INLINE_STRIP = " \r\n\t\f"
# Inline tokens whose spans rules use; text and emphasis are rebuilt by mistune after
# parsing and carry no position.
INLINE_TYPES = frozenset({"link", "image", "inline_html", "codespan"})
_NEWLINE = re.compile("\n")
# Every element in INLINE_TYPES starts with one of these.
_INLINE_START = re.compile(r"[\[<`]")
# Containers end with their last child: the parser returns the end of whatever block
# interrupted them.
_CONTAINERS = frozenset({"list", "list_item", "block_quote"})


@dataclass(eq=False, slots=True)
class Node:
    """A parsed block or inline element and the span of source text it came from.

    ``start`` is the offset of the element's first significant character (a list item's
    marker, a heading's ``#``); for blocks ``end`` is the end of the last line's content,
    for inline elements the exact end. ``line`` and ``end_line`` are 0-based.
    """

    type: str
    start: int
    end: int
    line: int
    end_line: int
    token: Token
    # Empty ones are one shared tuple: most nodes have neither, and a file has many nodes.
    children: Sequence[Node] = ()
    # Positioned inline elements of a text block, nested ones included, in source order.
    inlines: Sequence[Node] = ()

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


# -- block hooks -----------------------------------------------------------------


class _PosBlockState(BlockState):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # Root line of this state's line 0; None for a state nothing told us about.
        self.line_base: int | None = 0 if parent is None else parent._child_base
        self._child_base: int | None = None
        self._newlines: list[int] | None = None

    def local_line(self, offset: int) -> tuple[int, int]:
        """The local line index holding ``offset`` and that line's end offset."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.src)]
        index = bisect_right(self._newlines, offset - 1)
        end = self._newlines[index] if index < len(self._newlines) else len(self.src)
        return index, end

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        if last and last["type"] == "paragraph":
            last["text"] += text
        else:
            self.tokens.append({"type": "paragraph", "text": text, "_p": (self, self.cursor)})


class _PosBlockParser(BlockParser):
    state_cls = _PosBlockState

    def parse_method(self, m: Any, state: Any) -> int | None:
        saved = state._child_base
        if m.lastgroup == "block_quote" and state.line_base is not None:
            state._child_base = state.line_base + state.local_line(m.start())[0]
        before = len(state.tokens)
        last = state.tokens[-1] if state.tokens else None
        try:
            end: int | None = super().parse_method(m, state)
        finally:
            state._child_base = saved
        for tok in state.tokens[before:]:
            if "_p" not in tok:
                tok["_p"] = (state, m.start())
                tok["_e"] = (state, end)
                if m.lastgroup == "atx_heading":
                    text = m.group("atx_2")
                    lead = len(text) - len(text.lstrip(string.whitespace))
                    tok["_t"] = (state, m.start("atx_2") + lead)
        if m.lastgroup == "setex_heading" and last is not None and last["type"] == "heading":
            last["_e"] = (state, end)
        return end

    def parse_atx_heading(self, m: Any, state: Any) -> int:
        """mistune's, but trimming the closing ``#``s in linear time.

        mistune trims them with ``(\\s+|^)#+\\s*$``, which the regex engine runs in time
        quadratic in a run of spaces inside the heading, in one C call that no alarm can
        interrupt: a 1 MB heading line would take hours.
        """
        level = len(m.group("atx_1"))
        text = _trim_closing_hashes(m.group("atx_2").strip(string.whitespace))
        token = {"type": "heading", "text": text, "attrs": {"level": level}, "style": "atx"}
        state.append_token(token)
        return int(m.end()) + 1

    def _parse_indent_code_fast(self, state: Any) -> int | None:
        before = len(state.tokens)
        start = state.cursor
        end: int | None = super()._parse_indent_code_fast(state)
        for tok in state.tokens[before:]:
            tok["_p"] = (state, start)
            tok["_e"] = (state, end)
        return end


def _trim_closing_hashes(text: str) -> str:
    """``re.sub(r"(\\s+|^)#+\\s*$", "", text)`` for ``text`` without outer whitespace."""
    end = text.rstrip()
    body = end.rstrip("#")
    if len(body) == len(end):
        return text
    if not body:
        return ""
    kept = body.rstrip()
    return kept if len(kept) < len(body) else text


_original_parse_list_item = list_parser._parse_list_item


def _parse_list_item(
    block: Any, bullet: str, item: Any, token: Token, state: Any, rules: list[str]
) -> Any:
    if not isinstance(state, _PosBlockState) or state.line_base is None:
        return _original_parse_list_item(block, bullet, item, token, state, rules)
    # On entry the cursor is just past the marker line.
    probe = min(max(state.cursor - 1, 0), max(len(state.src) - 1, 0))
    root_line = state.line_base + state.local_line(probe)[0]
    saved = state._child_base
    # The item's child text starts on the marker line, or on the next one when the
    # marker line holds nothing else.
    state._child_base = root_line + (0 if item.text.strip() else 1)
    try:
        result = _original_parse_list_item(block, bullet, item, token, state, rules)
    finally:
        state._child_base = saved
    token["children"][-1]["_m"] = (root_line, len(item.marker) + len(item.text))
    return result


list_parser._parse_list_item = _parse_list_item


# -- inline hooks ----------------------------------------------------------------


class _PosInlineParser(InlineParser):
    def parse_method(self, m: Any, state: Any) -> int | None:
        before = len(state.tokens)
        end: int | None = super().parse_method(m, state)
        if end and m.lastgroup != "link_close":
            for tok in state.tokens[before:]:
                if tok["type"] != "text" and "_i" not in tok:
                    tok["_i"] = (m.start(), end)
        return end


_original_close_bracket = _links._close_bracket


def _close_bracket(inline: Any, state: InlineState, close: int) -> int:
    opener = state.brackets[-1]
    end: int = _original_close_bracket(inline, state, close)
    if isinstance(inline, _PosInlineParser) and len(state.tokens) == opener.token_index + 1:
        tok = state.tokens[-1]
        if tok["type"] in ("link", "image") and "_i" not in tok:
            tok["_i"] = (opener.start - (2 if opener.image else 1), end)
    return end


_links._close_bracket = _close_bracket


# -- from tokens to nodes ------------------------------------------------------------


class _Converter:
    """Turn (state, offset) pairs recorded during parsing into source offsets."""

    def __init__(self, source: Source, inline: InlineParser, env: Any, *, slim: bool) -> None:
        self.source = source
        self.inline = inline
        self.env = env
        self.dropped = (_DROPPED, _DROPPED_FROM_HEADINGS) if slim else ((), ())
        self.line_len = [e - s for s, e in zip(source.line_starts, source.line_ends, strict=True)]
        self.last_line = len(self.line_len) - 1

    def root(self, state: Any, offset: int) -> tuple[int, int]:
        """The (root line, column) of ``offset`` in ``state``; None-based states -> (-1, 0)."""
        if state.line_base is None:
            return -1, 0
        local, line_end = state.local_line(offset)
        line = min(state.line_base + local, self.last_line)
        column = self.line_len[line] - (line_end - offset)
        return line, max(column, 0)

    def offset(self, line: int, column: int) -> int:
        return self.source.line_starts[line] + min(column, self.line_len[line])

    def skip_blank(self, line: int, column: int) -> int:
        text = self.source.line(line)
        while column < len(text) and text[column] in " \t":
            column += 1
        return column

    def block(self, tok: Token) -> Node | None:
        kind = tok["type"]
        if kind == "blank_line":
            for key in self.dropped[False]:  # its parser state too, or the state outlives us
                tok.pop(key, None)
            return None
        children = [n for n in (self.block(c) for c in tok.get("children", ())) if n]
        if "_m" in tok:  # list item: the marker
            line, from_end = tok["_m"]
            column = max(self.line_len[line] - from_end, 0)
        elif "_p" in tok:
            line, column = self.root(*tok["_p"])
            if line < 0:
                line, column = (children[0].line, 0) if children else (0, 0)
            column = self.skip_blank(line, column)
        elif children:
            line, column = children[0].line, self.source.line_starts[0]
            column = children[0].start - self.source.line_starts[children[0].line]
        else:
            line, column = 0, 0
        end_line = self._end_line(tok, line, children)
        node = Node(
            kind,
            self.offset(line, column),
            self.source.line_ends[end_line],
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
            tok.pop(key, None)
        if len(tok) == 1:  # nothing but the type is left: share one such token per type
            node.token = _BARE.setdefault(kind, {"type": kind})
        return node

    def _end_line(self, tok: Token, line: int, children: list[Node]) -> int:
        if tok["type"] in ("paragraph", "block_text") and "_p" in tok and "_e" not in tok:
            state, start = tok["_p"]
            end_line = self.root(state, start + len(tok["text"].rstrip("\n")))[0]
        elif tok["type"] in _CONTAINERS:
            end_line = max((c.end_line for c in children), default=line)
        elif tok.get("_e") and tok["_e"][1]:
            state, end = tok["_e"]
            end_line = self.root(state, max(end - 1, 0))[0]
        elif children:
            end_line = max(c.end_line for c in children)
        else:
            end_line = line
        if children:
            end_line = max(end_line, max(c.end_line for c in children))
        # A block ends at its last non-blank line.
        while end_line > line and not self.source.line(end_line).strip():
            end_line -= 1
        return max(end_line, line)

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
            stack.extend(reversed(t.get("children", ())))
        return out


# Text whose only syntax is plain inline links: no brackets outside them, no code spans,
# HTML, autolinks, escapes or images. In such text (and with no reference definitions in
# the document) every link is `[text](url)` or `[[text]](url)`, so the links can be read
# off directly; tests/test_parse.py checks this against the full inline parser.
_PLAIN = r"(?:[^\[\]<>`\\!]|!(?!\[))"  # one character at a time: no nested repetition
_SIMPLE_LINK = re.compile(r"\[(?:[^\[\]<>`\\]*|\[[^\[\]<>`\\]*\])\]\((?P<url>[^\s()<>\\]*)\)")
_SIMPLE_TEXT = re.compile(rf"(?:{_PLAIN}|{_SIMPLE_LINK.pattern})*")


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
# Tokens that hold nothing but their type, one per type; nothing writes to a node's token.
_BARE: dict[str, Token] = {}

_BLOCK = _PosBlockParser()
_INLINE = _PosInlineParser()


def parse(source: Source, *, slim: bool = True) -> list[Node]:
    """Parse ``source`` into top-level block nodes with exact spans.

    ``slim=False`` keeps what the nodes' tokens held besides what rules read (their text,
    children and parser states), for tests that hold the spans to the parser's text.
    """
    text = source.normalized()
    if not text.endswith("\n"):
        text += "\n"
    state = _PosBlockState()
    state.process(text)
    _BLOCK.parse(state)
    converter = _Converter(source, _INLINE, state.env, slim=slim)
    nodes = [converter.block(tok) for tok in state.tokens]
    found = [n for n in nodes if n is not None]
    # mistune may emit a block quote after the list that ended it: order by position.
    found.sort(key=lambda n: n.start)
    return found
