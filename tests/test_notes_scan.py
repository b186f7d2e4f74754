"""Notes blocks are read with patterns that skip work, and must read as the plain rules do.

``scan_notes_block`` finds a block's closing tag with one search over the block and reads
a note's text and break from the line's end; these tests hold both to the line-by-line
reading they stand for (``_NOTE`` is that grammar).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notelint.syntax.notes import (
    _NOTE,
    _NOTE_START,
    DETAILS_CLOSE,
    DETAILS_OPEN,
    _read_note,
    images_in,
    known_images,
    scan_notes_block,
)
from notelint.syntax.source import Source

_PIECES = [
    " ",
    "  ",
    "\t",
    "1.",
    "12)",
    "12345.",
    "-",
    "*",
    "+",
    "a",
    "模型",
    "<br>",
    "</br >",
    "<BR/>",
    "<br/ >",
    "<br\u3000>",
    "<b>",
    "<",
    ">",
    "\u3000",
    "x<br>y",
]
note_lines = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)


@settings(max_examples=3000, deadline=None)
@given(note_lines)
def test_a_note_reads_as_the_note_pattern_reads_it(line: str) -> None:
    full = _NOTE.match(line)
    marker = _NOTE_START.match(line, 0, len(line))
    assert (full is None) == (marker is None), line
    if full is None or marker is None:
        return
    note = _read_note(line, marker, len(line))
    brk = full.group("brk")
    assert (note.text, note.text_start, note.text_end) == (
        full.group("text"),
        full.start("text"),
        full.end("text"),
    ), line
    assert (note.break_text, note.break_start, note.break_end) == (
        brk or "",
        full.start("brk") if brk else None,
        full.end("brk") if brk else None,
    ), line


_BLOCK_LINES = [
    "<details>",
    "<details open>",
    "</details>",
    "</details >",
    "</DETAILS>",
    "a</details>b<details>",
    "<details><details>",
    "</details></details>",
    "<summary>s</summary>",
    "1. a  <br>",
    "text",
    "",
]


def _line_by_line_close(source: Source, open_line: int, last_line: int) -> tuple[int, int] | None:
    """Where a block closes, counting tags one line at a time."""
    opening = DETAILS_OPEN.search(source.line(open_line))
    assert opening is not None
    depth = 1
    for index in range(open_line, last_line + 1):
        start = source.line_starts[index] + (opening.end() if index == open_line else 0)
        segment = source.text[start : source.line_ends[index]]
        depth += len(DETAILS_OPEN.findall(segment)) if index != open_line else 0
        close = DETAILS_CLOSE.search(segment)
        if close:
            depth -= 1
            if depth == 0:
                return index, start + close.start()
    return None


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(_BLOCK_LINES), min_size=1, max_size=10),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_a_block_closes_where_a_line_by_line_count_closes_it(
    lines: list[str], newline: str
) -> None:
    source = Source("<details>" + newline + newline.join(lines))
    for last in range(source.line_count):
        block = scan_notes_block(source, 0, last)
        close = _line_by_line_close(source, 0, last)
        assert (block.close_line, block.close_start) == (close or (None, None)), (lines, last)


_TAG_PIECES = [
    "<img",
    "<IMG",
    "<imgs",
    " ",
    "\n",
    'src="a>b"',
    "src='<img x>'",
    '"',
    "'",
    ">",
    "<",
    "/>",
    "x",
]


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.sampled_from(_TAG_PIECES), max_size=14).map("".join),
    st.lists(st.integers(0, 60), min_size=4, max_size=4),
)
def test_known_tags_are_the_tags_a_scan_of_their_text_finds(text: str, cuts: list[int]) -> None:
    source = Source(text)
    size = len(source.text)
    # Tags found by scans of other ranges (as a document's blocks are), and a range to read.
    low, high, start, end = sorted(min(cut, size) for cut in cuts)
    known = sorted(
        images_in(source, 0, low) + images_in(source, low, high) + images_in(source, high, size),
        key=lambda image: image.start,
    )
    found = known_images(source, start, end, known)
    assert [repr(i) for i in found] == [repr(i) for i in images_in(source, start, end)]
