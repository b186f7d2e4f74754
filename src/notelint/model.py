"""The notes structure of a document (SPEC §1), computed once per file; rules only read it.

Everything here is recognised from the parse, not from fixed line layouts: year headings
(and the malformed ones a reader would take for year headings), year sections and
groups, entries with their title, meta lines, code links and notes blocks, every link
and image with exact spans, and link sections.
"""

from __future__ import annotations

import gc
import re
import weakref
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from notelint.headings import Heading, find_headings
from notelint.links import (
    SPACED_CODE_LINK,
    Link,
    host_matches,
    is_code_text,
    markdown_image,
    normalize_url,
    read_link,
    url_host,
)
from notelint.notes import (
    DETAILS_OPEN,
    HtmlImage,
    HtmlTag,
    NotesBlock,
    balanced_tags,
    images_in,
    scan_notes_block,
    unmatched_tags,
)
from notelint.parse import Node, parse
from notelint.source import Source

# Rules read these from the model.
__all__ = [
    "SPACED_CODE_LINK",
    "Document",
    "Entry",
    "Heading",
    "Link",
    "MetaLine",
    "YearGroup",
    "YearSection",
    "build",
    "host_matches",
    "normalize_space",
    "normalize_url",
    "url_host",
]

_WS = re.compile(r"\s+")
# What may stand before and between the links of a meta line.
_FIELD_LABEL = re.compile(r"^[\w .'&-]{1,30}[:：]$")
_LINK_GLUE = re.compile(r"^[\s\[\](),;|/·•:：-]*$")
_VENUE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9&'.\-]*(?: [A-Za-z0-9&'.\-]+){0,4}$")


# Raw-HTML blocks that only end at their closing text (CommonMark HTML block kinds 1-5),
# each with that text; without it they run to the end of their container.
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


def normalize_space(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass(eq=False, slots=True)
class MetaLine:
    """A child item of an entry holding the venue and links: ``- ICLR [[code]](url)``."""

    item: Node
    line: int
    start: int
    end: int
    text: str
    links: list[Link]
    venue: str | None
    venue_start: int
    venue_end: int
    _holds_links: bool | None = field(default=None, init=False, repr=False)

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


@dataclass(eq=False)
class Entry:
    """A top-level list item inside a year section: one paper."""

    item: Node
    title: str
    title_start: int
    title_end: int
    # Held weakly, as a section holds its entries (see ``YearSection``).
    _section: weakref.ref[YearSection] | None = field(repr=False)
    meta: list[MetaLine] = field(default_factory=list)
    notes: list[NotesBlock] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

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
        found = [link for link in self.links if any(s <= link.start < e for s, e in spans)]
        return sorted(found, key=lambda link: link.start)


@dataclass(eq=False)
class YearSection:
    heading: Heading
    year: int
    end_line: int  # exclusive
    # Held weakly: a group holds its sections, and a cycle would keep the whole model
    # alive until the cyclic collector runs, which it does not while a file is checked.
    _group: weakref.ref[YearGroup] = field(repr=False)
    entries: list[Entry] = field(default_factory=list)

    @property
    def group(self) -> YearGroup:
        """The group this section belongs to."""
        group = self._group()
        assert group is not None, "a section outlived its document"
        return group


@dataclass(eq=False)
class YearGroup:
    """Year headings sharing the nearest enclosing heading that is not a year."""

    parent: Heading | None
    sections: list[YearSection] = field(default_factory=list)
    preamble: list[Entry] = field(default_factory=list)


@dataclass(eq=False)
class LinkSection:
    """A section whose body is a list of ``[title](url)`` items."""

    heading: Heading
    items: list[Node]


@dataclass
class DetailsBalance:
    """How the ``<details>`` tags of entries match, each entry judged on its own."""

    unclosed: list[HtmlTag] = field(default_factory=list)  # not closed before the entry ends
    stray: list[HtmlTag] = field(default_factory=list)  # closing tags that close nothing
    # An unclosed tag's ``</details>`` found after its entry ended, by the opening tag's start.
    closed_late: dict[int, HtmlTag] = field(default_factory=dict)
    # The starts of every tag judged here: in entries, or closing late.
    owned: set[int] = field(default_factory=set)


@dataclass(eq=False)
class Document:
    source: Source
    nodes: list[Node]
    headings: list[Heading] = field(default_factory=list)
    groups: list[YearGroup] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[HtmlImage] = field(default_factory=list)
    link_sections: list[LinkSection] = field(default_factory=list)

    @property
    def year_headings(self) -> list[Heading]:
        return [h for h in self.headings if h.year is not None]

    @property
    def sections(self) -> list[YearSection]:
        return [s for g in self.groups for s in g.sections]

    @property
    def entries(self) -> list[Entry]:
        return [e for s in self.sections for e in s.entries]

    @property
    def notes_blocks(self) -> list[NotesBlock]:
        return [b for e in self.entries for b in e.notes]

    @cached_property
    def blocks(self) -> list[Node]:
        """Every block node, nested ones included, in source order."""
        return [node for top in self.nodes for node in top.walk()]

    @cached_property
    def html_lines(self) -> frozenset[int]:
        """Lines inside raw-HTML blocks."""
        lines: set[int] = set()
        for node in self.blocks:
            if node.type == "block_html":
                lines.update(range(node.line, node.end_line + 1))
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

    def inventory(self) -> Counter[tuple[str, str]]:
        """The content a fix must never lose: titles, link URLs, notes, image paths."""
        have: Counter[tuple[str, str]] = Counter()
        for entry in self.entries:
            if entry.title.strip():
                have[("title", self.title_text(entry))] += 1
            for block in entry.notes:
                for note in block.notes:
                    if note.text.strip():
                        have[("note", normalize_space(note.text))] += 1
        for link in self.links:
            if link.url and link.kind != "image":
                have[("url", link.url)] += 1
        for image in self.images:
            if image.src:
                have[("image", image.src)] += 1
        return have


def build(source: Source) -> Document:
    """Parse ``source`` and recognise its notes structure."""
    # Parsing allocates hundreds of thousands of small objects that all live until the
    # end; the cyclic collector would rescan them over and over for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(source)
    finally:
        if collecting:
            gc.enable()


def _build(source: Source) -> Document:
    doc = Document(source, parse(source))
    for node in doc.blocks:
        for inline in node.inlines:
            if inline.type in ("link", "image"):
                doc.links.append(read_link(source, inline))
        if node.type == "block_html":
            doc.images.extend(images_in(source, node.start, node.end))
        for inline in node.inlines:
            if inline.type == "inline_html":
                doc.images.extend(images_in(source, inline.start, inline.end))
    doc.images.extend(markdown_image(link) for link in doc.links if link.kind == "image")
    doc.images.sort(key=lambda i: i.start)
    doc.headings = find_headings(source, doc.nodes)
    doc.groups = _year_groups(doc)
    doc.link_sections = _link_sections(doc)
    return doc


def _year_groups(doc: Document) -> list[YearGroup]:
    groups: dict[int, YearGroup] = {}
    order: list[YearGroup] = []
    stack: list[Heading] = []  # enclosing headings that are not years
    years: list[tuple[Heading, YearGroup]] = []
    for heading in doc.headings:
        if heading.year is None:
            while stack and (stack[-1].level or 0) >= (heading.level or 0):
                stack.pop()
            stack.append(heading)
            continue
        if heading.level is not None:
            while stack and (stack[-1].level or 0) >= heading.level:
                stack.pop()
        parent = stack[-1] if stack else None
        key = id(parent)
        if key not in groups:
            groups[key] = YearGroup(parent)
            order.append(groups[key])
        years.append((heading, groups[key]))
    heading_lines = [h.line for h in doc.headings]
    for heading, group in years:
        assert heading.year is not None
        group.sections.append(
            YearSection(
                heading, heading.year, _section_end(doc, heading, heading_lines), weakref.ref(group)
            )
        )
    items = _top_level_items(doc)
    lines = [item.line for item in items]

    def between(low: int, high: int) -> list[Node]:
        return items[bisect_right(lines, low) : bisect_left(lines, high)]

    for group in order:
        for section in group.sections:
            section.entries = [
                _entry(doc, item, section)
                for item in between(section.heading.line, section.end_line)
            ]
        first = group.sections[0].heading.line
        start = group.parent.line if group.parent else -1
        group.preamble = [_entry(doc, item, None) for item in between(start, first)]
    return order


def _section_end(doc: Document, heading: Heading, heading_lines: list[int]) -> int:
    """The line after a year section: the next year, or a heading at the same or a higher level.

    A bold year line has no level; any heading ends its section.
    """
    after = bisect_right(heading_lines, heading.line)
    for other in doc.headings[after:]:
        if other.year is not None:
            return other.line
        if heading.level is None or (other.level or 0) <= heading.level:
            return other.line
    return doc.source.line_count


def _top_level_items(doc: Document) -> list[Node]:
    return [item for node in doc.nodes if node.type == "list" for item in node.children]


# -- entries -------------------------------------------------------------------------------


def _entry(doc: Document, item: Node, year: YearSection | None) -> Entry:
    source = doc.source
    first = item.children[0] if item.children else None
    line_end = source.line_ends[item.line]
    section = weakref.ref(year) if year is not None else None
    if first is not None and first.line == item.line and first.type in ("paragraph", "block_text"):
        raw = source.text[first.start : line_end]
        title = raw.rstrip()
        entry = Entry(item, title, first.start, first.start + len(title), section)
    else:
        marker_end = item.start + 1
        entry = Entry(item, "", marker_end, marker_end, section)
    nodes = item.walk()
    entry.links = [link for node in nodes for link in doc.links_in(node) if link.kind != "image"]
    for child in item.children:
        if child.type != "list":
            continue
        for sub in child.children:
            meta = _meta_line(doc, sub)
            if meta is not None:
                entry.meta.append(meta)
    entry.notes = _notes_blocks(doc, item, nodes)
    return entry


def _meta_line(doc: Document, sub: Node) -> MetaLine | None:
    source = doc.source
    if not sub.children or sub.children[0].line != sub.line:
        return None
    first = sub.children[0]
    if first.type not in ("paragraph", "block_text"):
        return None
    line_end = source.line_ends[sub.line]
    text = source.text[first.start : line_end]
    if DETAILS_OPEN.search(text):
        return None
    links = [link for link in doc.links_in(first) if link.kind == "link"]
    stripped = text.strip()
    spaced = SPACED_CODE_LINK.search(text)
    if not links and not spaced and not _VENUE_LIKE.match(stripped):
        return None
    cut = min(
        [link.start for link in links]
        + ([first.start + spaced.start()] if spaced else [])
        + [line_end]
    )
    # A code link wrapped in brackets, `[[code](u)]`, starts one character earlier.
    if cut > first.start and source.text[cut - 1] == "[":
        cut -= 1
    label = source.text[first.start : cut]
    stripped_label = label.strip()
    venue_start = first.start + (len(label) - len(label.lstrip()))
    venue = stripped_label if _VENUE_LIKE.match(stripped_label) else None
    return MetaLine(
        sub,
        sub.line,
        first.start,
        line_end,
        text,
        links,
        venue,
        venue_start,
        venue_start + len(venue or ""),
    )


def _notes_blocks(doc: Document, item: Node, nodes: list[Node]) -> list[NotesBlock]:
    source = doc.source
    # Each opening tag's line, with the last line of the block that holds it.
    candidates: dict[int, int] = {}
    for node in nodes:
        if node.type == "block_html" and DETAILS_OPEN.match(source.text, node.start):
            candidates.setdefault(node.line, node.end_line)
        for inline in node.inlines:
            if inline.type == "inline_html" and DETAILS_OPEN.match(inline.token["raw"]):
                candidates.setdefault(inline.line, node.end_line)
    blocks: list[NotesBlock] = []
    for line in sorted(candidates):
        if blocks and line <= blocks[-1].last_line:
            continue
        block = scan_notes_block(source, line, item.end_line)
        if block.close_line is None and candidates[line] < item.end_line:
            # Never closed, the block is only the raw HTML its tag opens: what the page
            # shows as Markdown after it (the entry's next meta line, say) is no note.
            block = scan_notes_block(source, line, candidates[line])
        blocks.append(block)
    return blocks


# -- link sections ---------------------------------------------------------------------------


def _link_sections(doc: Document) -> list[LinkSection]:
    found: list[LinkSection] = []
    headings = [h for h in doc.headings if h.node is not None and h.node.type == "heading"]
    years = {h.line for h in doc.year_headings}
    for index, heading in enumerate(headings):
        if heading.year is not None:
            continue
        end = doc.source.line_count
        for other in headings[index + 1 :]:
            if (other.level or 0) <= (heading.level or 0):
                end = other.line
                break
        body = [n for n in doc.nodes if heading.line < n.line < end]
        if not body or any(n.type not in ("list", "heading") for n in body):
            continue
        if any(heading.line < y < end for y in years):
            continue
        if any(n.type == "heading" for n in body):
            continue
        items = [item for n in body for item in n.children]
        simple = sum(1 for item in items if _is_link_item(doc, item))
        if items and simple * 2 > len(items):
            found.append(LinkSection(heading, items))
    return found


def _is_link_item(doc: Document, item: Node) -> bool:
    if len(item.children) != 1 or item.children[0].type not in ("block_text", "paragraph"):
        return False
    block = item.children[0]
    links = [i for i in block.inlines if i.type == "link"]
    return (
        len(links) == 1
        and doc.source.text[block.start : block.end].strip()
        == doc.source.text[links[0].start : links[0].end]
    )
