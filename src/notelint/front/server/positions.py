"""Translate text offsets to LSP positions and back, in the encoding the client chose.

LSP counts a position's ``character`` in UTF-16 code units unless client and server
agreed on UTF-8 or UTF-32 at start-up. notelint counts code points, so a CJK character
is one unit in both UTF-16 and UTF-32 but three in UTF-8, and an emoji outside the
Basic Multilingual Plane is one code point but two UTF-16 units. Lines break at
``\\r\\n``, ``\\r`` and ``\\n`` only, as in LSP and in notelint's own ``Source``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def code_points(line: str, count: int, encoding: str) -> int:
    """How many code points of ``line`` its first ``count`` units of ``encoding`` hold.

    A count that ends inside a character (half of a surrogate pair) stops before it.
    """
    if encoding == UTF32 or (encoding == UTF16 and line.isascii()):
        return min(count, len(line))
    seen = 0
    for at, ch in enumerate(line):
        step = units(ch, encoding)
        if seen + step > count:
            return at
        seen += step
    return len(line)


@dataclass(frozen=True)
class Place:
    """A zero-based line and a character in the client's units, as LSP wants them."""

    line: int
    character: int


class LineIndex:
    """The lines of one text, to turn offsets into ``Place``s and back."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        starts = [0]
        ends = []
        for m in _LINE_BREAK.finditer(text):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(text))
        self.starts = starts
        self.ends = ends

    def place(self, offset: int) -> Place:
        """The place of the code point offset ``offset`` (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        # An offset inside a line break belongs to the end of its line.
        offset = min(offset, self.ends[line])
        return Place(line, units(self.text[start:offset], self.encoding))

    def offset(self, place: Place) -> int:
        """The code point offset of ``place``; past a line's end is its end."""
        if place.line < 0:
            return 0
        if place.line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[place.line], self.ends[place.line]
        return start + code_points(self.text[start:end], place.character, self.encoding)

    def line_text(self, line: int) -> str:
        """Line ``line`` without its line break."""
        return self.text[self.starts[line] : self.ends[line]]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, max(0, min(offset, len(self.text)))) - 1

    def line_end(self, line: int) -> int:
        return self.ends[line]

    def line_start(self, line: int) -> int:
        return self.starts[line]
