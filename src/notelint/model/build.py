"""Build a document's notes structure from the parse, once per file."""

from __future__ import annotations

import gc
import re
import weakref
from bisect import bisect_left, bisect_right

from notelint.model.document import Document
from notelint.model.paper_lists import find_paper_lists, is_empty_item, is_toc_item
from notelint.model.sections import Entry, LinkSection, MetaLine, YearGroup, YearSection
from notelint.syntax.headings import Heading, find_headings
from notelint.syntax.lazy import lazy_re
from notelint.syntax.links import (
    SPACED_CODE_LINK,
    markdown_image,
    read_link,
)
from notelint.syntax.notes import (
    DETAILS_OPEN,
    HtmlImage,
    NotesBlock,
    images_in,
    scan_notes_block,
)
from notelint.syntax.parse import Node, parse
from notelint.syntax.source import Source

# A raw-HTML heading, `<h1>Datasets</h1>`: it ends a section as a Markdown heading does.
_HTML_HEADING = lazy_re(r"\s*<h([1-6])\b[^>]*>", re.I)
_TAG = lazy_re(r"<[^<>]*>")
# Either `<details` tag (found as `/` or nothing), its case ignored in ASCII letters
# alone: as the lowered text shows them, since no other character lowers into one.
_DETAILS_TAGS = lazy_re(r"<(/?)details", re.I | re.A)
_VENUE_LIKE = lazy_re(r"^[A-Za-z][A-Za-z0-9&'.\-]*(?: [A-Za-z0-9&'.\-]+){0,4}$")


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
    html_headings = _html_headings(doc)
    empty: list[Node] = []
    # The `<img>` tags found above, which notes blocks hold again.
    tags = [image for image in doc.images if not image.markdown]
    doc.groups = _year_groups(doc, sorted(h.line for h in html_headings), empty, tags)
    taken = {id(e.item) for g in doc.groups for e in g.preamble}
    # The entries so far, all of year sections: ``doc.entries`` is kept once the build is done.
    taken.update(id(e.item) for s in doc.sections for e in s.entries)
    taken.update(id(item) for item in empty)
    doc.paper_lists = find_paper_lists(
        source,
        sorted([h for h in doc.headings if h.year is None] + html_headings, key=lambda h: h.line),
        _top_level_items(doc),
        taken,
        doc.generated_lines,
        _folded_lines(doc),
        lambda item: _entry(doc, item, None, tags),
        [node.line for node in doc.nodes if node.type == "thematic_break"],
    )
    empty += [item for p in doc.paper_lists for item in p.empty_items]
    doc.empty_items = sorted(empty, key=lambda item: item.start)
    doc.link_sections = _link_sections(doc)
    return doc


def _html_headings(doc: Document) -> list[Heading]:
    """Top-level raw-HTML headings (`<h1>Datasets</h1>`): each starts a new section."""
    found: list[Heading] = []
    for node in doc.nodes:
        if node.type != "block_html":
            continue
        raw = doc.source.text[node.start : node.end]
        m = _HTML_HEADING.match(raw)
        if m is not None:
            text = " ".join(_TAG.sub(" ", raw).split())
            end = doc.source.line_ends[node.line]
            found.append(Heading(node, int(m.group(1)), text, node.line, node.start, end))
    return found


def _year_groups(
    doc: Document, breaks: list[int], empty: list[Node], tags: list[HtmlImage]
) -> list[YearGroup]:
    """The year groups and their sections; ``breaks`` are lines that end a section too
    (raw-HTML headings), and items with nothing in them go to ``empty``, not entries.
    ``tags`` are the document's `<img>` tags, in order."""
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
                heading,
                heading.year,
                _section_end(doc, heading, heading_lines, breaks),
                weakref.ref(group),
            )
        )
    items = _top_level_items(doc)
    lines = [item.line for item in items]

    def between(low: int, high: int) -> list[Node]:
        return items[bisect_right(lines, low) : bisect_left(lines, high)]

    for group in order:
        for section in group.sections:
            members = between(section.heading.line, section.end_line)
            empty += [item for item in members if is_empty_item(doc.source, item)]
            members = [item for item in members if not is_empty_item(doc.source, item)]
            if members and all(is_toc_item(doc.source, item) for item in members):
                continue  # a table of contents under a year heading lists no papers
            section.entries = [_entry(doc, item, section, tags) for item in members]
        first = group.sections[0].heading.line
        start = group.parent.line if group.parent else -1
        # Items under a subsection of the parent (`### Survey` above `### 2022`) are that
        # subsection's, not entries outside a year.
        low = bisect_right(heading_lines, start)
        if low < len(heading_lines) and heading_lines[low] < first:
            first = heading_lines[low]
        group.preamble = [_entry(doc, item, None, tags) for item in between(start, first)]
    return order


def _section_end(
    doc: Document, heading: Heading, heading_lines: list[int], breaks: list[int]
) -> int:
    """The line after a year section: the next year, a heading at the same or a higher
    level, or a raw-HTML heading.

    A bold year line has no level; any heading ends its section.
    """
    end = doc.source.line_count
    headings = doc.headings
    # Indexed, not sliced, and the breaks bisected: a file of thousands of years must not
    # copy or scan everything after each of them.
    for at in range(bisect_right(heading_lines, heading.line), len(headings)):
        other = headings[at]
        if other.year is not None or heading.level is None:
            end = other.line
            break
        if (other.level or 0) <= heading.level:
            end = other.line
            break
    at = bisect_right(breaks, heading.line)
    return breaks[at] if at < len(breaks) and breaks[at] < end else end


def _top_level_items(doc: Document) -> list[Node]:
    return [item for node in doc.nodes if node.type == "list" for item in node.children]


def _entry(doc: Document, item: Node, year: YearSection | None, tags: list[HtmlImage]) -> Entry:
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
    entry.links = [
        link
        for node in nodes
        if node.inlines  # most of an entry's blocks hold no link
        for link in doc.links_in(node)
        if link.kind != "image"
    ]
    for child in item.children:
        if child.type != "list":
            continue
        for sub in child.children:
            meta = _meta_line(doc, sub)
            if meta is not None:
                entry.meta.append(meta)
    entry.notes = _notes_blocks(doc, item, nodes, tags)
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


def _notes_blocks(
    doc: Document, item: Node, nodes: list[Node], tags: list[HtmlImage]
) -> list[NotesBlock]:
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
        block = scan_notes_block(source, line, item.end_line, tags)
        if block.close_line is None and candidates[line] < item.end_line:
            # Never closed, the block is only the raw HTML its tag opens: what the page
            # shows as Markdown after it (the entry's next meta line, say) is no note.
            block = scan_notes_block(source, line, candidates[line], tags)
        blocks.append(block)
    return blocks


def _link_sections(doc: Document) -> list[LinkSection]:
    found: list[LinkSection] = []
    headings = [h for h in doc.headings if h.node is not None and h.node.type == "heading"]
    years = sorted(h.line for h in doc.year_headings)
    starts = [n.line for n in doc.nodes]
    for heading, end in zip(headings, _section_ends(headings, doc.source.line_count), strict=True):
        if heading.year is not None:
            continue
        # Looked up by bisection: a file of thousands of sections must not rescan them all
        # for each one.
        if bisect_right(years, heading.line) < bisect_left(years, end):
            continue
        body = doc.nodes[bisect_right(starts, heading.line) : bisect_left(starts, end)]
        if not body or any(n.type != "list" for n in body):
            continue
        items = [item for n in body for item in n.children]
        simple = sum(1 for item in items if _is_link_item(doc, item))
        if items and simple * 2 > len(items):
            found.append(LinkSection(heading, items))
    return found


def _section_ends(headings: list[Heading], line_count: int) -> list[int]:
    """The line each heading's section ends before: the next heading at its level or higher."""
    ends = [line_count] * len(headings)
    open_: list[int] = []  # indexes of headings whose section is still open, levels rising
    for index, heading in enumerate(headings):
        level = heading.level or 0
        while open_ and (headings[open_[-1]].level or 0) >= level:
            ends[open_.pop()] = heading.line
        open_.append(index)
    return ends


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


def _folded_lines(doc: Document) -> frozenset[int]:
    """Lines of top-level lists folded inside a `<details>` block: a fold-out of extras."""
    lines: set[int] = set()
    depth = 0
    for node in doc.nodes:
        if depth and node.type == "list":
            lines.update(item.line for item in node.children)
        if node.type in ("block_html", "list"):
            # A `</details>` indented into a list's last item still closes the fold.
            tags = _DETAILS_TAGS.findall(doc.source.text, node.start, node.end)
            depth = max(0, depth + tags.count("") - tags.count("/"))
    return frozenset(lines)
