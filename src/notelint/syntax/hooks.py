"""Hooks into mistune's parsers that record where each token starts and ends.

mistune 3 tokens carry no positions, so this module recovers them while mistune parses.
The mechanism rests on one fact about mistune's block parser: a container (list item,
block quote) re-parses its content in a child state whose text is line-aligned 1:1 with
its parent's, and only each line's leading prefix (indent, marker, ``>``) is rewritten.
So every offset in a child state maps to a root line (the child's base line plus the
local line number) and a root column measured from the *end* of the line.

The hooks are:

- ``PosBlockState``: knows its base line; remembers where each paragraph starts.
- ``PosBlockParser``: tags the tokens each rule creates with the rule's match start and
  returned end, and gives a block quote's child state its base line.
- ``mistune.list_parser._parse_list_item`` (a module global that ``parse_list`` looks up
  at call time) is wrapped to record the item marker and the child's base line.
- ``PosInlineParser``: tags inline tokens with their offsets in the inline text; links
  and images are tagged in a wrapper of ``mistune._inline.links._close_bracket``.

These are private internals of mistune 3.4.0, which ``pyproject.toml`` pins; the tests in
``tests/test_parse.py`` check every span against the source text, so an upgrade that moves
them fails loudly rather than silently shifting positions.
"""

from __future__ import annotations

import string
from bisect import bisect_right
from typing import Any

from mistune import list_parser
from mistune._inline import links as _links
from mistune.block_parser import BlockParser
from mistune.core import BlockState, InlineState
from mistune.inline_parser import InlineParser

from notelint.syntax.lazy import lazy_re
from notelint.syntax.list_items import mistune_parse_list_item, parse_list_item

Token = dict[str, Any]
_NEWLINE = lazy_re("\n")


# -- block hooks -----------------------------------------------------------------


class PosBlockState(BlockState):
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


# A GFM table's delimiter row: `|---|:--:|`, `--- | ---`.
_CELL = r"[ \t]*:?-+:?[ \t]*"
_DELIMITER_ROW = lazy_re(rf"[ \t]*\|?(?:{_CELL}\|)+(?:{_CELL})?[ \t]*|{_CELL}")


def _is_table(text: str) -> bool:
    """Whether a paragraph's text opens as a GFM table: a row with ``|``, then a
    delimiter row."""
    lines = text.split("\n", 2)
    return len(lines) >= 2 and "|" in lines[0] and bool(_DELIMITER_ROW.fullmatch(lines[1]))


class PosBlockParser(BlockParser):
    state_cls = PosBlockState

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

    def parse_setex_heading(self, m: Any, state: Any) -> int | None:
        """mistune's, but a GFM table is not a heading's text: its ``---`` is a rule.

        mistune (with no table plugin) reads a table as a paragraph, so the ``---`` that
        often follows a table would make the whole table a level-2 heading; GitHub ends
        the table there and draws a horizontal rule.
        """
        last = state.last_token()
        if last is not None and last["type"] == "paragraph" and _is_table(last["text"]):
            found = self.compile_sc(["thematic_break"]).match(state.src, state.cursor)
            return self.parse_method(found, state) if found else None
        end: int | None = super().parse_setex_heading(m, state)
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


def _parse_list_item(
    block: Any, bullet: str, item: Any, token: Token, state: Any, rules: list[str]
) -> Any:
    if not isinstance(state, PosBlockState) or state.line_base is None:
        return mistune_parse_list_item(block, bullet, item, token, state, rules)
    # On entry the cursor is just past the marker line.
    probe = min(max(state.cursor - 1, 0), max(len(state.src) - 1, 0))
    root_line = state.line_base + state.local_line(probe)[0]
    saved = state._child_base
    # The item's child text starts on the marker line, or on the next one when the
    # marker line holds nothing else.
    state._child_base = root_line + (0 if item.text.strip() else 1)
    try:
        result = parse_list_item(block, bullet, item, token, state, rules)
    finally:
        state._child_base = saved
    token["children"][-1]["_m"] = (root_line, len(item.marker) + len(item.text))
    return result


list_parser._parse_list_item = _parse_list_item


# -- inline hooks ----------------------------------------------------------------


class PosInlineParser(InlineParser):
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
    if isinstance(inline, PosInlineParser) and len(state.tokens) == opener.token_index + 1:
        tok = state.tokens[-1]
        if tok["type"] in ("link", "image") and "_i" not in tok:
            tok["_i"] = (opener.start - (2 if opener.image else 1), end)
    return end


_links._close_bracket = _close_bracket
