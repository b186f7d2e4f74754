"""Scan raw HTML that the parser leaves as text: notes blocks and ``<img>`` tags.

Inside a ``<details>`` block GitHub renders no Markdown, so the parser hands its lines
over as raw text (and splits the block at blank lines). This module reads those source
lines itself and finds the summary, the numbered notes with their ``<br>`` and the
images, each with exact offsets.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Sequence
from operator import attrgetter, le

from notelint.syntax.char_classes import RE_ONLY_SPACE, SPACE
from notelint.syntax.html_tags import trailing_comments
from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Record
from notelint.syntax.source import Source

# Tag patterns leave ``<`` out of unquoted text, as CommonMark's raw HTML does: a tag
# without its ``>`` then costs the characters up to the next ``<``, not to the end of the
# line, and a line of a thousand unclosed tags stays linear.
_IMG_START = lazy_re(r"<img", re.I)  # a cheap probe before the full tag pattern
IMG_TAG = lazy_re(r"<img\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", re.I)
# The value is the one of its three groups that matched (``lastgroup``).
_SRC_ATTR = lazy_re(
    rf"""(?<={SPACE})src{SPACE}*={SPACE}*"""
    rf"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>(?:[^\s"'=<>`]|[{RE_ONLY_SPACE}])+))""",
    re.I,
)
_ALT_ATTR = lazy_re(r"(?<=\s)alt(?:\s*=|\s|/?>)", re.I)
# On one line: notes blocks are read line by line (a tag broken over two is not one).
DETAILS_OPEN = lazy_re(r"<details\b[^<>\r\n]*>", re.I)
DETAILS_CLOSE = lazy_re(r"</details\s*>", re.I)
_SUMMARY_TAG = lazy_re(r"<summary\b[^<>]*>", re.I)
_SUMMARY_CLOSE = lazy_re(r"</summary\s*>", re.I)
_SUMMARY_OPEN = lazy_re(r"<summary\b", re.I)
# A note: a number with "." or ")" (or a bullet), its text, then maybe a break tag.
_NOTE_MARKER = (
    r"(?P<indent>[ \t]*)(?:(?P<num>\d{1,4})(?P<delim>[.)])|(?P<bullet>[-*+]))"
    # `2.<br>` is an empty note, as `2.  <br>` is: a break may follow the marker directly.
    r"(?P<gap>[ \t]+|$|(?=</?br\s*/?>[ \t]*$))"
)
# The whole line, the grammar ``_read_note`` reads (it finds the same groups from the
# line's end, where this pattern's lazy text tries each character in turn).
_NOTE = lazy_re(
    rf"^{_NOTE_MARKER}"
    r"(?P<text>(?:.*?[^ \t\n])??)(?P<brk>[ \t]*</?br\s*/?>)?[ \t]*$",
    re.I,
)
# The marker matched in place from a line's start (a match at an offset is anchored
# there already, and ``$`` holds at the end offset given).
_NOTE_START = lazy_re(_NOTE_MARKER, re.I)
_BREAK_TAG = lazy_re(r"</?br\s*/?>", re.I)
# Browsers read ``</br>`` as a line break too, so it counts as one (in a form to fix).
# (Only from the start of a run of spaces: a search then reads each run once.)
BREAK = lazy_re(r"(?<![ \t])[ \t]*</?br\s*/?>[ \t]*$", re.I)


class HtmlImage(Record):
    """An ``<img>`` tag, or a Markdown image, with its source path."""

    __slots__ = ("end", "has_alt", "line", "markdown", "src", "src_end", "src_start", "start")

    def __init__(
        self,
        start: int,
        end: int,
        src: str | None,  # None: no src attribute at all
        src_start: int,
        src_end: int,
        has_alt: bool,
        markdown: bool = False,
        line: int = 0,
    ) -> None:
        self.start = start
        self.end = end
        self.src = src
        self.src_start = src_start
        self.src_end = src_end
        self.has_alt = has_alt
        self.markdown = markdown
        self.line = line


class Note(Record):
    """One note line of a notes block, maybe wrapped onto continuation lines."""

    __slots__ = (
        "break_end",
        "break_start",
        "break_text",
        "delimiter",
        "end_line",
        "line",
        "marker_end",
        "marker_start",
        "number",
        "text",
        "text_end",
        "text_start",
    )

    def __init__(
        self,
        line: int,
        end_line: int,
        number: int | None,  # None for a bullet note
        delimiter: str,  # ".", ")" or the bullet
        marker_start: int,
        marker_end: int,
        text: str,
        text_start: int,
        text_end: int,
        # The break at the end of the note's last line: span and text, or None.
        break_start: int | None = None,
        break_end: int | None = None,
        break_text: str = "",
    ) -> None:
        self.line = line
        self.end_line = end_line
        self.number = number
        self.delimiter = delimiter
        self.marker_start = marker_start
        self.marker_end = marker_end
        self.text = text
        self.text_start = text_start
        self.text_end = text_end
        self.break_start = break_start
        self.break_end = break_end
        self.break_text = break_text


class Summary(Record):
    __slots__ = ("end", "line", "start", "text", "text_end", "text_start")

    def __init__(
        self, line: int, start: int, end: int, text: str, text_start: int, text_end: int
    ) -> None:
        self.line = line
        self.start = start
        self.end = end
        self.text = text
        self.text_start = text_start
        self.text_end = text_end


class NotesBlock(Record):
    """A ``<details>`` ... ``</details>`` block inside an entry."""

    __slots__ = (
        "close_line",
        "close_start",
        "images",
        "indent",
        "notes",
        "open_end",
        "open_line",
        "open_start",
        "summary",
        "summary_line",
    )

    def __init__(
        self,
        open_line: int,
        open_start: int,
        open_end: int,
        close_line: int | None,  # None: never closed before the entry ends
        close_start: int | None,
        indent: int,
        summary: Summary | None = None,
        summary_line: int | None = None,  # the first line after <details>, if any
        notes: list[Note] | None = None,
        images: list[HtmlImage] | None = None,
    ) -> None:
        self.open_line = open_line
        self.open_start = open_start
        self.open_end = open_end
        self.close_line = close_line
        self.close_start = close_start
        self.indent = indent
        self.summary = summary
        self.summary_line = summary_line
        self.notes = [] if notes is None else notes
        self.images = [] if images is None else images

    @property
    def last_line(self) -> int:
        return self.close_line if self.close_line is not None else self.open_line


def images_in(source: Source, start: int, end: int) -> list[HtmlImage]:
    """Every ``<img>`` tag between two offsets."""
    found = []
    for m in IMG_TAG.finditer(source.text, start, end):
        tag = m.group()
        src = _SRC_ATTR.search(tag)
        if src:
            v = src.lastgroup or "bare"  # one of the three always matched
            value, s, e = src.group(v), m.start() + src.start(v), m.start() + src.end(v)
        else:
            value, s, e = None, m.start(), m.start()
        found.append(
            HtmlImage(
                m.start(),
                m.end(),
                value,
                s,
                e,
                "alt" in tag.lower() and bool(_ALT_ATTR.search(tag)),
                line=source.line_index(m.start()),
            )
        )
    return found


def known_images(
    source: Source, start: int, end: int, known: Sequence[HtmlImage]
) -> list[HtmlImage]:
    """``images_in(source, start, end)``, taken from ``known`` (``<img>`` tags found by a
    scan of the text around) when that is sure to give the same: a tag read from its
    ``<img`` has one end whatever follows (the first ``>`` outside quotes), so the
    pattern finds the known tags when each ``<img`` here starts one that ends before the
    next one starts, and the last before ``end``."""
    opens = [m.start() for m in _IMG_START.finditer(source.text, start, end)]
    at = bisect_left(known, start, key=attrgetter("start"))
    found = list(known[at : at + len(opens)])
    ends = [image.start for image in found[1:]] + [end]
    if [i.start for i in found] == opens and all(map(le, [i.end for i in found], ends)):
        return found
    return images_in(source, start, end)


def scan_notes_block(
    source: Source, open_line: int, last_line: int, known: Sequence[HtmlImage] = ()
) -> NotesBlock:
    """Read a notes block from its ``<details>`` line up to ``last_line`` at most.

    ``known`` are ``<img>`` tags found already, in order (see ``known_images``)."""
    line_start = source.line_starts[open_line]
    m = DETAILS_OPEN.search(source.text, line_start, source.line_ends[open_line])
    assert m is not None
    block = NotesBlock(open_line, m.start(), m.end(), None, None, m.start() - line_start)
    rest_start = m.end()
    close = _closing_tag(source, open_line, rest_start, last_line)
    if close is not None:
        block.close_line, block.close_start = close
    for index in range(open_line, (close[0] if close else last_line) + 1):
        start = rest_start if index == open_line else source.line_starts[index]
        end = close[1] if close is not None and index == close[0] else source.line_ends[index]
        _read_line(source, block, index, start, end, known)
    return block


# Both tags as the block reads them line by line: neither can span a line break. (The
# shared ``<`` comes first, so the search skips to each ``<`` without trying the rest.)
_DETAILS_TAG = lazy_re(r"<(?:(?P<open>details\b[^<>\r\n]*>)|/details(?:(?![\r\n])\s)*>)", re.I)


def _closing_tag(
    source: Source, open_line: int, rest_start: int, last_line: int
) -> tuple[int, int] | None:
    """The line and offset of the ``</details>`` that closes a block, if one does.

    Line by line, as the block is read: each ``<details>`` on a line after the first
    opens one more level, then the line's first ``</details>`` closes one.
    """
    depth = 1
    line = -1
    next_line = 0  # where a tag is on a later line than ``line``
    opens = 0
    close: int | None = None
    for m in _DETAILS_TAG.finditer(source.text, rest_start, source.line_ends[last_line]):
        if m.start() >= next_line:  # the first tag of a line: settle the line before
            if close is not None and depth + opens == 1:
                return line, close
            depth += opens - (close is not None)
            line = source.line_index(m.start())
            next_line = source.line_ends[line] + 1
            opens, close = 0, None
        if m.group("open") is not None:
            opens += line != open_line
        elif close is None:
            close = m.start()
    return (line, close) if close is not None and depth + opens == 1 else None


# A line's first probe: whether it holds an image or a summary tag at all.
_IMG_OR_SUMMARY = lazy_re(r"<(?:img|summary\b)", re.I)


def _read_line(
    source: Source,
    block: NotesBlock,
    index: int,
    start: int,
    end: int,
    known: Sequence[HtmlImage],
) -> None:
    text = source.text
    if text.find("<!--", start, end) != -1:
        tail = trailing_comments(text, start, end)
        if tail is not None:
            end = tail
    if _IMG_OR_SUMMARY.search(text, start, end):
        segment = text[start:end]
        if _IMG_START.search(segment):
            block.images.extend(known_images(source, start, end, known))
        if _SUMMARY_OPEN.search(segment):
            _read_summary(block, index, start, segment)
            return
    m = _NOTE_START.match(text, start, end)
    if m is None:
        segment = text[start:end]
        if not segment or segment.isspace():
            return
    if block.summary_line is None and index != block.open_line:
        block.summary_line = index
    if m is not None:
        indent, num, _delim, bullet, gap = m.groups()
        if bullet and len(indent.expandtabs(4)) < block.indent - 1:
            # A bullet left of the `- ` before `<details>`: the entry's next item (a meta
            # line the page shows as Markdown), not a note of this block.
            return
        note = _read_note(text, m, end)
        if num or gap or note.break_text:
            note.line = note.end_line = index
            block.notes.append(note)
            return
    _continue_note(block, index, start, text[start:end])


def _read_note(text: str, marker: re.Match[str], end: int) -> Note:
    """The note whose marker ``marker`` matched, on a line (or its part) ending at ``end``.

    ``_NOTE``'s text is the shortest that leaves nothing after it but spaces, maybe
    around one break tag: so it ends before the spaces that end the line and before a
    break tag (the line's last ``<``) with the spaces in front of it.
    """
    _indent, num, delim, bullet, _gap = marker.groups()
    regs = marker.regs  # the groups' spans, in the order above (from 1)
    at = marker.end()
    content_end = at + len(text[at:end].rstrip(" \t"))
    tag_start = text.rfind("<", at, content_end)
    tag = _BREAK_TAG.fullmatch(text, tag_start, content_end) if tag_start >= 0 else None
    text_end = at + len(text[at:tag_start].rstrip(" \t")) if tag else content_end
    return Note(
        0,
        0,
        int(num) if num else None,
        delim or bullet,
        regs[2 if num else 4][0],
        regs[3 if num else 4][1],
        text[at:text_end],
        at,
        text_end,
        text_end if tag else None,
        content_end if tag else None,
        # One string per form of break: a large file has tens of thousands of them.
        sys.intern(text[text_end:content_end]) if tag else "",
    )


def _read_summary(block: NotesBlock, index: int, start: int, segment: str) -> None:
    if block.summary_line is None:
        block.summary_line = index
    opening = _SUMMARY_TAG.search(segment)
    closing = _SUMMARY_CLOSE.search(segment, opening.end()) if opening else None
    if opening and closing and block.summary is None:
        block.summary = Summary(
            index,
            start + opening.start(),
            start + closing.end(),
            segment[opening.end() : closing.start()],
            start + opening.end(),
            start + closing.start(),
        )


def _continue_note(block: NotesBlock, index: int, start: int, segment: str) -> None:
    stripped = segment.strip()
    last = block.notes[-1] if block.notes else None
    if last and not last.break_text and not stripped.startswith("<") and index > last.end_line:
        # A note wrapped onto the next line: the break belongs after the last part. (After
        # a break the note has ended: text there is a line of its own on the page.)
        note = last
        brk = BREAK.search(segment)
        note.end_line = index
        note.text = f"{note.text} {segment[: brk.start() if brk else len(segment)].strip()}"
        tag = brk.group().rstrip() if brk else ""
        note.break_start = start + brk.start() if brk else None
        note.break_end = start + brk.start() + len(tag) if brk else None
        note.break_text = tag
