"""The pieces of a notes document: entries, meta lines, year sections and groups, link sections."""

from __future__ import annotations

import weakref
from functools import cached_property
from operator import attrgetter

from notelint.syntax.headings import Heading
from notelint.syntax.html_tags import HtmlTag
from notelint.syntax.lazy import lazy_re
from notelint.syntax.links import (
    Link,
)
from notelint.syntax.notes import NotesBlock
from notelint.syntax.parse import Node
from notelint.syntax.records import Equal, Record

_WS = lazy_re(r"\s+")
_START = attrgetter("start")
# What may stand before and between the links of a meta line.
_FIELD_LABEL = lazy_re(r"^[\w .'&-]{1,30}[:：]$")
# `•` and `：` outside the class: ``re`` compiles a class of three runs or more that
# reaches past U+00FF into a table of the whole plane, slowly.
_LINK_GLUE = lazy_re(r"^(?:[\s\[\](),;|/·:-]|•|：)*$")


def normalize_space(text: str) -> str:
    return _WS.sub(" ", text).strip()


class MetaLine(Record):
    """A child item of an entry holding the venue and links: ``- ICLR [[code]](url)``."""

    __slots__ = (
        "_holds_links",
        "end",
        "item",
        "line",
        "links",
        "start",
        "text",
        "venue",
        "venue_end",
        "venue_start",
    )

    def __init__(
        self,
        item: Node,
        line: int,
        start: int,
        end: int,
        text: str,
        links: list[Link],
        venue: str | None,
        venue_start: int,
        venue_end: int,
    ) -> None:
        self.item = item
        self.line = line
        self.start = start
        self.end = end
        self.text = text
        self.links = links
        self.venue = venue
        self.venue_start = venue_start
        self.venue_end = venue_end
        self._holds_links: bool | None = None

    @property
    def holds_links(self) -> bool:
        """Whether the line is a label and links, not prose that mentions a link.

        `ICLR [[code]](u)`, `[[paper]](u) | [[code]](u)` and `Code: [Official](u)` hold
        links; `- builds on [code](u) of the baseline` is a note.
        """
        if self._holds_links is None:
            self._holds_links = self._read_holds_links()
        return self._holds_links

    def _read_holds_links(self) -> bool:
        links = sorted((k for k in self.links if k.end <= self.end), key=lambda k: k.start)
        if not links:
            return False
        label = self.text[: links[0].start - self.start].strip().rstrip("[").strip()
        if label and label != self.venue and not _FIELD_LABEL.match(label):
            return False
        ends = [k.end - self.start for k in links]
        starts = [k.start - self.start for k in links[1:]] + [len(self.text)]
        return all(_LINK_GLUE.match(self.text[a:b]) for a, b in zip(ends, starts, strict=True))


class Entry(Record):
    """A top-level list item inside a year section: one paper."""

    _fields = ("item", "title", "title_start", "title_end", "meta", "notes", "links")

    def __init__(
        self,
        item: Node,
        title: str,
        title_start: int,
        title_end: int,
        # Held weakly, as a section holds its entries (see ``YearSection``).
        _section: weakref.ref[YearSection] | None,
        meta: list[MetaLine] | None = None,
        notes: list[NotesBlock] | None = None,
        links: list[Link] | None = None,
    ) -> None:
        self.item = item
        self.title = title
        self.title_start = title_start
        self.title_end = title_end
        self._section = _section
        self.meta = [] if meta is None else meta
        self.notes = [] if notes is None else notes
        self.links = [] if links is None else links

    @property
    def section(self) -> YearSection | None:
        """The year section of the entry; None for one before the group's first year."""
        return self._section() if self._section is not None else None

    @property
    def line(self) -> int:
        return self.item.line

    @property
    def code_links(self) -> list[Link]:
        return [link for link in self.links if link.is_code]

    @property
    def looks_like_paper(self) -> bool:
        return bool(self.meta or self.notes)

    @cached_property
    def head_links(self) -> list[Link]:
        """The paper's own links: those of the title line and of meta lines that hold links.

        A child item that is prose mentioning a link (a note) does not count.
        """
        spans = [(self.item.start, self.title_end)]
        spans += [(m.start, m.end) for m in self.meta if m.holds_links]
        found = []
        for link in self.links:
            start = link.start
            for s, e in spans:
                if s <= start < e:
                    found.append(link)
                    break
        found.sort(key=_START)
        return found


class YearSection(Record):
    _fields = ("heading", "year", "end_line", "entries")

    def __init__(
        self,
        heading: Heading,
        year: int,
        end_line: int,  # exclusive
        # Held weakly: a group holds its sections, and a cycle would keep the whole model
        # alive until the cyclic collector runs, which it does not while a file is checked.
        _group: weakref.ref[YearGroup],
        entries: list[Entry] | None = None,
    ) -> None:
        self.heading = heading
        self.year = year
        self.end_line = end_line
        self._group = _group
        self.entries = [] if entries is None else entries

    @property
    def group(self) -> YearGroup:
        """The group this section belongs to."""
        group = self._group()
        assert group is not None, "a section outlived its document"
        return group


class YearGroup(Record):
    """Year headings sharing the nearest enclosing heading that is not a year."""

    def __init__(
        self,
        parent: Heading | None,
        sections: list[YearSection] | None = None,
        preamble: list[Entry] | None = None,
    ) -> None:
        self.parent = parent
        self.sections = [] if sections is None else sections
        self.preamble = [] if preamble is None else preamble


class LinkSection(Record):
    """A section whose body is a list of ``[title](url)`` items."""

    def __init__(self, heading: Heading, items: list[Node]) -> None:
        self.heading = heading
        self.items = items


class DetailsBalance(Equal):
    """How the ``<details>`` tags of entries match, each entry judged on its own."""

    def __init__(
        self,
        unclosed: list[HtmlTag] | None = None,  # not closed before the entry ends
        stray: list[HtmlTag] | None = None,  # closing tags that close nothing
        # An unclosed tag's ``</details>`` found after its entry ended, by the opening tag's start.
        closed_late: dict[int, HtmlTag] | None = None,
        # The starts of every tag judged here: in entries, or closing late.
        owned: set[int] | None = None,
    ) -> None:
        self.unclosed = [] if unclosed is None else unclosed
        self.stray = [] if stray is None else stray
        self.closed_late = {} if closed_late is None else closed_late
        self.owned = set() if owned is None else owned
