"""The notes structure of a document (SPEC §1), computed once per file; rules only read it.

Everything here is recognised from the parse, not from fixed line layouts: year headings
(and the malformed ones a reader would take for year headings), year sections and
groups, entries with their title, meta lines, code links and notes blocks, every link
and image with exact spans, and link sections.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from functools import cached_property

from notelint.model.labels import Departure, departures
from notelint.model.paper_lists import PaperList
from notelint.model.prose import Prose, find_prose, fold_typography
from notelint.model.sections import (
    DetailsBalance,
    Entry,
    LinkSection,
    YearGroup,
    YearSection,
    normalize_space,
)
from notelint.syntax.anchors import Anchors, HtmlLink, html_links, page_anchors
from notelint.syntax.headings import Heading
from notelint.syntax.html_tags import HtmlTag, balanced_tags, unmatched_tags
from notelint.syntax.lazy import lazy_re
from notelint.syntax.links import (
    SPACED_CODE_LINK,
    Link,
    is_code_text,
)
from notelint.syntax.notes import HtmlImage, NotesBlock
from notelint.syntax.parse import Node
from notelint.syntax.records import Record
from notelint.syntax.source import Source

# Raw-HTML blocks that only end at their closing text (CommonMark HTML block kinds 1-5),
# each with that text; without it they run to the end of their container.
# The markers around a table of contents that a tool writes: its opening ones, then the
# closing ones.
_TOC_MARKER = lazy_re(
    r"<!--[ \t]*(?:(?P<open>START doctoc\b|TOC[ \t]*-->|toc[ \t]*-->|vim-markdown-toc[ \t]+\w)"
    r"|(?P<close>END doctoc\b|/TOC[ \t]*-->|tocstop[ \t]*-->|vim-markdown-toc[ \t]*-->))"
)

_HTML_RUNS_TO = [
    (re.compile(r"<(pre|script|style|textarea)[\s>]|<(pre|script|style|textarea)$", re.I), None),
    (re.compile(r"<!--"), "-->"),
    (re.compile(r"<\?"), "?>"),
    (re.compile(r"<!\[CDATA\["), "]]>"),
    (re.compile(r"<![A-Za-z]"), ">"),
]


def _runs_on(source: Source, node: Node) -> bool:
    """Whether a fenced code or raw-HTML block is left open: blank lines after it are its own."""
    text = source.text[node.start : source.line_ends[node.end_line]]
    if node.type == "block_code":
        marker = str(node.token.get("marker", ""))
        if node.token.get("style") != "fenced" or not marker:
            return False
        last = source.line(node.end_line).strip()
        closed = node.end_line > node.line and last.startswith(marker) and not last.strip(marker[0])
        return not closed
    for opener, closer in _HTML_RUNS_TO:
        m = opener.match(text)
        if m:
            if closer is None:
                closer = f"</{(m.group(1) or m.group(2)).lower()}>"
                return closer not in text.lower()
            return closer not in text[m.end() :]
    return False


class Document(Record):
    def __init__(
        self,
        source: Source,
        nodes: list[Node],
        headings: list[Heading] | None = None,
        groups: list[YearGroup] | None = None,
        links: list[Link] | None = None,
        images: list[HtmlImage] | None = None,
        link_sections: list[LinkSection] | None = None,
        paper_lists: list[PaperList] | None = None,
        # List items with nothing in them (`- `), which are no entries: in year sections and
        # paper lists.
        empty_items: list[Node] | None = None,
    ) -> None:
        self.source = source
        self.nodes = nodes
        self.headings = [] if headings is None else headings
        self.groups = [] if groups is None else groups
        self.links = [] if links is None else links
        self.images = [] if images is None else images
        self.link_sections = [] if link_sections is None else link_sections
        self.paper_lists = [] if paper_lists is None else paper_lists
        self.empty_items = [] if empty_items is None else empty_items

    @property
    def year_headings(self) -> list[Heading]:
        return [h for h in self.headings if h.year is not None]

    @property
    def sections(self) -> list[YearSection]:
        return [s for g in self.groups for s in g.sections]

    @cached_property
    def entries(self) -> list[Entry]:
        """Every entry in source order: those of year sections, then of paper lists.

        Worked out once, on the first reading after the build (rules read it dozens of times
        a file), as are the notes blocks."""
        found = [e for s in self.sections for e in s.entries]
        if self.paper_lists:
            found += [e for p in self.paper_lists for e in p.entries]
            found.sort(key=lambda e: e.item.start)
        return found

    @cached_property
    def _paper_list_index(self) -> dict[int, int]:
        return {id(e.item): id(p) for p in self.paper_lists for e in p.entries}

    def paper_list_of(self, entry: Entry) -> int:
        """The identity of the paper list holding ``entry``; 0 for an entry of a year section."""
        return self._paper_list_index.get(id(entry.item), 0)

    @cached_property
    def notes_blocks(self) -> list[NotesBlock]:
        return [b for e in self.entries for b in e.notes]

    @cached_property
    def blocks(self) -> list[Node]:
        """Every block node, nested ones included, in source order."""
        return [node for top in self.nodes for node in top.walk()]

    @cached_property
    def html_marks(self) -> bytes:
        """A byte for each line, not 0 for a line inside a raw-HTML block (read as
        ``html_marks[line]``): a set of such lines takes 50 times the memory."""
        marks = bytearray(self.source.line_count)
        for node in self.blocks:
            if node.type == "block_html":
                lines = len(range(node.line, node.end_line + 1))
                marks[node.line : node.line + lines] = b"\x01" * lines
        return bytes(marks)

    @cached_property
    def generated_lines(self) -> frozenset[int]:
        """Lines of a table of contents a tool writes between its markers (doctoc,
        markdown-toc, vim-markdown-toc, VS Code's Markdown All in One): their layout is
        the tool's."""
        if "<!--" not in self.source.text:
            return frozenset()  # every marker is a comment: no pattern to compile
        lines: set[int] = set()
        opened: int | None = None
        for m in _TOC_MARKER.finditer(self.source.text):
            line = self.source.line_index(m.start())
            if m.group("open"):
                opened = line if opened is None else opened
            elif opened is not None:
                lines.update(range(opened, line + 1))
                opened = None
        return frozenset(lines)

    @cached_property
    def front_matter_lines(self) -> range:
        """The lines of YAML front matter (``---`` on the first line to ``---`` or ``...``).

        The parser does not know front matter (it reads a rule and a heading), so rules that
        judge layout skip these lines. An empty range when there is none.
        """
        source = self.source
        if source.line_count < 2 or source.line(0).rstrip(" \t") != "---":
            return range(0)
        for index in range(1, source.line_count):
            if source.line(index).rstrip(" \t") in ("---", "..."):
                return range(index + 1)
        return range(0)

    @cached_property
    def code_lines(self) -> frozenset[int]:
        """Lines of fenced or indented code blocks, fences included.

        A fence never closed runs to the end of its container, blank lines and all.
        """
        lines: set[int] = set()
        for node in self.blocks:
            if node.type == "block_code":
                lines.update(self._verbatim_range(node))
        return frozenset(lines)

    @cached_property
    def verbatim_lines(self) -> frozenset[int]:
        """Lines whose text is not Markdown to reflow: code, front matter, raw HTML.

        Notes blocks are raw HTML too, but notelint owns their layout, so they are left out.
        """
        lines = set(self.code_lines)
        lines.update(self.front_matter_lines)
        notes = {i for b in self.notes_blocks for i in range(b.open_line, b.last_line + 1)}
        for node in self.blocks:
            if node.type == "block_html":
                lines.update(i for i in self._verbatim_range(node) if i not in notes)
        return frozenset(lines)

    def _verbatim_range(self, node: Node) -> range:
        """The lines of a code or HTML block, and the blank lines after it if it is unclosed."""
        end = node.end_line
        if _runs_on(self.source, node):
            while end + 1 < self.source.line_count and not self.source.line(end + 1).strip(" \t"):
                end += 1
        return range(node.line, end + 1)

    @cached_property
    def code_spans(self) -> list[tuple[int, int]]:
        """The spans of code blocks and code spans, sorted: text there is not Markdown."""
        spans: list[tuple[int, int]] = []
        for node in self.blocks:
            if node.type == "block_code":
                spans.append((node.start, node.end))
            spans.extend((i.start, i.end) for i in node.inlines if i.type == "codespan")
        return sorted(spans)

    def in_code(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a code block or a code span."""
        spans = self.code_spans
        at = bisect_right(spans, (offset, len(self.source.text) + 1)) - 1
        return at >= 0 and spans[at][0] <= offset < spans[at][1]

    @cached_property
    def prose(self) -> Prose:
        """Where the document holds prose, for the typography rules."""
        return find_prose(self.source, self.blocks, frozenset(self.front_matter_lines))

    @cached_property
    def label_departures(self) -> list[Departure]:
        """Label colons whose width departs from the file's habit for that label."""
        return departures(self.source, lambda: self.prose)

    @cached_property
    def _links_by_node(self) -> dict[int, Link]:
        return {id(link.node): link for link in self.links}

    def links_in(self, node: Node) -> list[Link]:
        """The links and images of one block node (not of its children)."""
        by_node = self._links_by_node
        return [by_node[id(i)] for i in node.inlines if id(i) in by_node]

    @cached_property
    def html_tags(self) -> list[HtmlTag]:
        """``details``, ``summary``, ``p`` and ``div`` tags of raw HTML, in source order."""
        tags: list[HtmlTag] = []
        for node in self.blocks:
            if node.type == "block_html":
                tags.extend(balanced_tags(self.source, node.start, node.end))
            for inline in node.inlines:
                if inline.type == "inline_html":
                    tags.extend(balanced_tags(self.source, inline.start, inline.end))
        return sorted(tags, key=lambda t: t.start)

    @cached_property
    def html_links(self) -> list[HtmlLink]:
        """The ``<a href>`` tags of raw HTML, block and inline, in source order."""
        found: list[HtmlLink] = []
        for node in self.blocks:
            if node.type == "block_html":
                found.extend(html_links(self.source, node.start, node.end))
            for inline in node.inlines:
                if inline.type == "inline_html":
                    found.extend(html_links(self.source, inline.start, inline.end))
        return sorted(found, key=lambda link: link.start)

    @cached_property
    def anchors(self) -> Anchors:
        """The fragments this page answers to: its headings' anchors and raw-HTML ids."""
        return page_anchors(self.source, self.blocks)

    @cached_property
    def entry_details(self) -> DetailsBalance:
        """How the ``<details>`` tags of entries match, each entry on its own."""
        tags = [t for t in self.html_tags if t.name == "details"]
        starts = [t.start for t in tags]
        balance = DetailsBalance()
        inside: set[int] = set()
        for entry in self.entries:
            low = bisect_left(starts, entry.item.start)
            high = bisect_left(starts, self.source.line_ends[entry.item.end_line])
            inside.update(range(low, high))
            opened, closed = unmatched_tags(tags[low:high])
            balance.unclosed.extend(opened)
            balance.stray.extend(closed)
        for tag in balance.unclosed:
            at = bisect_left(starts, tag.start) + 1
            if at < len(tags) and tags[at].closing and at not in inside:
                balance.closed_late[tag.start] = tags[at]
        # A fold-out opened outside every entry (a `<details>` before a list) may be
        # closed from inside the list's last item: browsers close it there.
        for tag in list(balance.stray):
            at = bisect_left(starts, tag.start) - 1
            if at >= 0 and not tags[at].closing and at not in inside:
                balance.stray.remove(tag)
                balance.owned.add(tags[at].start)
        balance.owned.update(tags[i].start for i in inside)
        balance.owned.update(t.start for t in balance.closed_late.values())
        return balance

    def _link_words(self, link: Link, images: list[HtmlImage]) -> str:
        """A link's text as a title reads it: without the images in it, and nothing for a
        code link (what is left once its images are gone decides)."""
        words = link.text
        for image in images:
            if link.start <= image.start < link.end:
                words = words.replace(self.source.text[image.start : image.end], "", 1)
        return "" if link.kind == "link" and is_code_text(words) else words

    def title_text(self, entry: Entry) -> str:
        """An entry's title as the content check compares it: its words, not its links.

        Links are replaced by their text and code links left out, without brackets, so a
        fix that rewrites a URL (checked as a URL) or a code link's form keeps the title.
        `[[code]] (u)` is text, not a link, until NL201 closes the gap: it is left out too.
        Images are left out as well: their paths are content of their own, which fixes
        rewrite (a backslash) or remove (an empty one) on purpose.
        """
        text = self.source.text
        low, high = entry.title_start, entry.title_end
        at = bisect_left(self.images, low, key=lambda image: image.start)
        images = []
        for image in self.images[at:]:
            if image.start >= high:
                break
            images.append(image)
        parts = []
        for link in entry.links:
            words = self._link_words(link, images)
            start, end = link.start, link.end
            if not words and text[start - 1 : start] == "[" and text[end : end + 1] == "]":
                start, end = start - 1, end + 1  # `[[code](u)]`: its brackets go with it
            parts.append((start, end, words))
        # Nothing in an image's place: `多模<img>态` reads `多模态` once the image is gone.
        parts += [(image.start, image.end, "") for image in images]
        out: list[str] = []
        pos = low
        for start, end, words in sorted(parts):
            if not low <= start < high or start < pos:
                continue
            out.append(text[pos:start])
            out.append(words)
            pos = end
        out.append(text[pos : max(pos, high)])
        # Left out as a code link is: nothing in its place, whichever way it is written.
        words = SPACED_CODE_LINK.sub("", "".join(out))
        return normalize_space(words.replace("[", " ").replace("]", " "))

    def inventory(self, key: Callable[[str], str] | None = None) -> Counter[tuple[str, str]]:
        """The content a fix must never lose: titles, link URLs, notes, image paths.

        Titles and notes are kept as ``key`` (default ``content_key``) gives them.
        """
        key = key or content_key
        have: Counter[tuple[str, str]] = Counter()
        for entry in self.entries:
            if entry.title.strip():
                have[("title", key(self.title_text(entry)))] += 1
            for block in entry.notes:
                for note in block.notes:
                    if note.text.strip():
                        have[("note", key(note.text))] += 1
        for link in self.links:
            if link.url and link.kind != "image":
                have[("url", link.url)] += 1
        for image in self.images:
            if image.src:
                have[("image", image.src)] += 1
        return have


def content_key(text: str) -> str:
    """A title or note as the content check compares it: whitespace normalised, and read
    across the spacing and width fixes of the typography rules (which lose no word)."""
    return fold_typography(normalize_space(text))


# -- entries -------------------------------------------------------------------------------


# -- link sections ---------------------------------------------------------------------------
