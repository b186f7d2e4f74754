"""mistune's list item parsing, reading runs of indented and blank lines in one match.

mistune collects a list item's lines one at a time in Python (find the line's end, test
it for blankness, count its indent column by column, append it to a string) and then
splits the collected text again to strip each line's indent; it also rebuilds the
pattern that tells which lines end the item for every item. On a notes file, where an
entry is a handful of list items over a dozen indented lines, that is most of the parse.

Here the lines that can neither end an item nor need their tabs expanded (blank lines,
and lines indented by at least the item's content column with spaces alone) are taken
a run at a time with one pattern, and their indent is stripped with one substitution;
every other line goes through mistune's own helpers, in mistune's order. The patterns
are built once per indent width. The result is the text mistune would build, so the
child parse and every token come out the same: ``tests/test_parse.py`` compares the two
parsers on generated documents with tabs, blank lines and lazy lines.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from mistune import list_parser as _lp
from mistune.util import strip_end


@cache
def _run_of_lines(width: int) -> re.Pattern[str]:
    """Blank lines, and lines whose indent is ``width`` spaces or more and has no tab."""
    return re.compile(rf"(?:[ \t\v\f]*\n| {{{width}}}(?! *\t)[^\n]*\n)*")


@cache
def _indent_of_run(width: int) -> re.Pattern[str]:
    """What mistune strips from each line of such a run: a blank line's whitespace, or
    the first ``width`` spaces."""
    return re.compile(rf"^(?:[ \t\v\f]*(?=\n)| {{{width}}})", re.M)


@cache
def _item_pattern(bullet: str, leading_width: int) -> re.Pattern[str]:
    return re.compile(_lp._compile_list_item_pattern(bullet, leading_width))


# Taken before anything replaces the module's global with a wrapper.
mistune_parse_list_item = _lp._parse_list_item


def _break_pattern(block: Any, leading_width: int) -> re.Pattern[str]:
    # Kept on the parser: the pattern is built from its rule table.
    found: dict[int, re.Pattern[str]] = block.__dict__.setdefault("_item_breaks", {})
    if leading_width not in found:
        found[leading_width] = _lp._compile_list_break_sc(block, leading_width)
    return found[leading_width]


def parse_list_item(
    block: Any, bullet: str, item: Any, token: dict[str, Any], state: Any, rules: list[str]
) -> Any:
    """Parse one list item into ``token``'s children; return the next item's marker.

    Behaves as ``mistune.list_parser._parse_list_item``.
    """
    leading_width = item.leading_width
    text, width = _lp._compile_continue_width(item.text, leading_width)
    if not text:
        # An item whose marker line is empty may begin with one blank line only; that
        # rare case keeps mistune's own reading.
        return mistune_parse_list_item(block, bullet, item, token, state, rules)
    body, next_item, loose, end_pos, token_index = _collect(
        block, _item_pattern(bullet, leading_width), _break_pattern(block, leading_width),
        state, width,
    )  # fmt: skip
    if loose:
        token["tight"] = False
    if end_pos is not None:
        token["_tok_index"] = token_index
        token["_end_pos"] = end_pos
    child = state.child_state(strip_end(text + body))
    block.parse(child, rules)
    if token["tight"] and _lp._is_loose_list(child.tokens):
        token["tight"] = False
    token["children"].append({"type": "list_item", "children": child.tokens})
    return next_item


def _clean(line: str, width: int) -> str:
    """One line of an item without its indent, as mistune cleans it."""
    if _lp._has_continuation_indent(line, width):
        return str(_lp._strip_continuation_indent(line, width))
    return str(_lp._expand_leading_tabs(line))


def _collect(
    block: Any, item_re: re.Pattern[str], break_sc: re.Pattern[str], state: Any, width: int
) -> tuple[str, Any, bool, int | None, int | None]:
    """The item's lines after its first, cleaned; then the next item's marker, whether a
    blank line came before it, and where a block that ended the item ends (with the
    index its token went in at)."""
    src: str = state.src
    run = _run_of_lines(width)
    strip = _indent_of_run(width)
    pieces: list[str] = []
    blank = False
    cursor = state.cursor
    limit = state.cursor_max
    while cursor < limit:
        found_run = run.match(src, cursor, limit)
        end = found_run.end() if found_run else cursor
        if end > cursor:
            cleaned = strip.sub("", src[cursor:end])
            pieces.append(cleaned)
            blank = cleaned == "\n" or cleaned.endswith("\n\n")
            cursor = end
            continue
        # A line that is neither blank nor indented with spaces alone: mistune's way.
        end = src.find("\n", cursor)
        end = limit if end < 0 else end + 1
        raw = src[cursor:end]
        if _lp._has_continuation_indent(raw, width):
            pieces.append(_clean(raw.rstrip("\n"), width) + raw[len(raw.rstrip("\n")) :])
            blank = False
            cursor = end
            continue
        state.cursor = cursor
        found = _lp._match_list_item_break(item_re, break_sc, state, _lp._expand_leading_tabs(raw))
        if found:
            kind, m = found
            if kind == "list_item":
                state.cursor = end
                return "".join(pieces), _lp._create_list_marker(m, "listitem"), blank, None, None
            if kind == "list":
                break
            index = len(state.tokens)
            end_pos = block.parse_method(m, state)
            if end_pos:
                return "".join(pieces), None, False, end_pos, index
        if blank:
            # The cursor stays where the break test left it, as in mistune.
            return "".join(pieces), None, False, None, None
        pieces.append(_clean(raw.rstrip("\n"), width) + raw[len(raw.rstrip("\n")) :])
        cursor = end
    state.cursor = cursor
    return "".join(pieces), None, False, None, None
