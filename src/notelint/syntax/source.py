"""The text of one document: line index, offset <-> (line, column), line endings, BOM.

Every offset in notelint is an index into ``Source.text``: the decoded document with its
BOM removed and its own line endings kept (``\\r\\n`` stays two characters). Lines are
split on ``\\r\\n``, ``\\r`` and ``\\n`` only, the same rule the parser uses, never on the
wider set ``str.splitlines`` knows (U+2028 and friends are not line breaks in Markdown).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from functools import cached_property
from itertools import accumulate, islice, repeat
from operator import add, sub
from typing import Any

from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Equal, Frozen, set_field

BOM = "\ufeff"
# Byte order marks of the encodings people save notes in by mistake (UTF-32 first: its
# little-endian mark begins with UTF-16's).
_OTHER_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_LINE_BREAK = lazy_re(r"\r\n|\r|\n")


class DecodeError(ValueError):
    """The bytes of a file are not UTF-8 text notelint can check."""


class Position(Frozen):
    """A 1-based line and column; columns count Unicode code points."""

    line: int
    column: int

    def __init__(self, line: int, column: int) -> None:
        set_field(self, "line", line)
        set_field(self, "column", column)


class Source(Equal):
    """A document's text with an index of its lines."""

    _compared = ("text", "bom", "line_starts", "line_ends")
    # Machine integers: a large file has hundreds of thousands of lines.
    line_starts: array[int]
    line_ends: array[int]

    def __init__(self, text: str, bom: bool = False) -> None:
        self.text = text
        self.bom = bom
        self.__post_init__()

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        text = self.text
        if "\r" not in text:
            # The common case, in C loops: a line starts one past the end of the one before.
            lengths = map(len, text.split("\n"))
            first = array("q", [0])
            first.extend(map(add, accumulate(islice(lengths, text.count("\n"))), range(1, 1 << 62)))
            self.line_starts = first
            self.line_ends = array("q", map(sub, islice(first, 1, None), repeat(1)))
            self.line_ends.append(len(text))
            return
        starts = [0]
        ends = []
        for m in _LINE_BREAK.finditer(text):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(text))
        self.line_starts = array("q", starts)
        self.line_ends = array("q", ends)

    @classmethod
    def from_bytes(cls, data: bytes, indexed: bool = True) -> Source:
        """Decode UTF-8 strictly; a BOM is remembered and removed.

        ``indexed=False`` leaves the line index until something asks for it: a result
        read from the cache needs only its findings' positions (see ``positions``).
        """
        for mark, encoding in _OTHER_BOMS:
            if data.startswith(mark):
                raise DecodeError(f"{encoding} text (notelint reads UTF-8 only)")
        if b"\x00" in data:
            # Before decoding: a binary file is named as one, not by its first odd byte.
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            raise DecodeError(f"contains a NUL byte on line {line} (binary file?)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DecodeError(
                f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} on line {line})"
            ) from None
        return cls.from_text(text, indexed)

    @classmethod
    def from_text(cls, text: str, indexed: bool = True) -> Source:
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise DecodeError(f"contains a NUL byte on line {line} (binary file?)")
        make = cls if indexed else _Unindexed
        if text.startswith(BOM):
            return make(text[1:], bom=True)
        return make(text)

    def to_text(self, text: str | None = None) -> str:
        """Return ``text`` (default: this source) with the BOM restored."""
        body = self.text if text is None else text
        return BOM + body if self.bom else body

    # -- lines ---------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line(self, index: int) -> str:
        """The content of 0-based line ``index``, without its line ending."""
        return self.text[self.line_starts[index] : self.line_ends[index]]

    def line_ending(self, index: int) -> str:
        """The ending of 0-based line ``index`` ('' for the last line)."""
        if index + 1 < len(self.line_starts):
            return self.text[self.line_ends[index] : self.line_starts[index + 1]]
        return ""

    @cached_property
    def newline(self) -> str:
        """The file's usual line ending, for text that fixes insert (counted once)."""
        crlf = self.text.count("\r\n")
        lf = self.text.count("\n") - crlf
        cr = self.text.count("\r") - crlf
        if crlf > lf and crlf >= cr:
            return "\r\n"
        if cr > lf:
            return "\r"
        return "\n"

    def normalized(self) -> str:
        """The text with every line ending as ``\\n``, as the parser sees it."""
        if "\r" not in self.text:
            return self.text  # no copy: a large file's text is many megabytes
        return _LINE_BREAK.sub("\n", self.text)

    # -- offsets ---------------------------------------------------------------

    def line_index(self, offset: int) -> int:
        """The 0-based line holding ``offset`` (a line ending belongs to its line)."""
        return bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> Position:
        """The 1-based position of ``offset``."""
        index = self.line_index(offset)
        return Position(index + 1, offset - self.line_starts[index] + 1)

    def positions(self, offsets: list[int]) -> list[tuple[int, int]]:
        """The 1-based (line, column) of each of ``offsets``, in their order.

        Without a line index, in a text without a carriage return, the lines are counted
        between the offsets in order: far cheaper than indexing every line for a few.
        """
        if "line_starts" in self.__dict__ or "\r" in self.text:
            starts = self.line_starts
            found = []
            for offset in offsets:
                index = bisect_right(starts, offset) - 1
                found.append((index + 1, offset - starts[index] + 1))
            return found
        text = self.text
        count, rfind = text.count, text.rfind
        placed: list[tuple[int, int]] = [(0, 0)] * len(offsets)
        line, at = 1, 0
        for order in sorted(range(len(offsets)), key=offsets.__getitem__):
            offset = offsets[order]
            line += count("\n", at, offset)
            at = offset
            placed[order] = (line, offset - rfind("\n", 0, offset))
        return placed

    def offset(self, line: int, column: int) -> int:
        """The offset of 0-based ``line`` and 0-based ``column``."""
        return self.line_starts[line] + column

    def line_span(self, index: int) -> tuple[int, int]:
        """The offsets of 0-based line ``index``'s content, without its ending."""
        return self.line_starts[index], self.line_ends[index]

    def full_line_span(self, index: int) -> tuple[int, int]:
        """The offsets of 0-based line ``index`` including its ending."""
        end = self.line_starts[index + 1] if index + 1 < len(self.line_starts) else len(self.text)
        return self.line_starts[index], end


class _Unindexed(Source):
    """A source that makes its line index when first asked for it.

    A subclass, so that the common ``Source`` has no ``__getattr__``: with one, every
    attribute read of it would take the interpreter's slow path.
    """

    def __post_init__(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        if name in ("line_starts", "line_ends"):
            self._index()
            return self.__dict__[name]
        raise AttributeError(name)
