"""NL4: images and HTML: empty sources, backslashes, tag balance, alt text."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from notelint.model import Document, normalize_space
from notelint.notes import HtmlImage, Note, unmatched_tags
from notelint.rules.base import Rule, RuleContext, register
from notelint.source import Source
from notelint.violation import ContentChange, ContentKind, Edit, Fix, Violation

# A URL scheme (http:, data:, mailto:), but not a Windows drive letter (C:\x).
_SCHEME = regex.compile(r"^(?![A-Za-z]:[\\/])[A-Za-z][A-Za-z0-9+.\-]*:")
# Backslashes that are part of a path: in Markdown one before ASCII punctuation escapes
# it, so there a path backslash is a lone one or an escaped one (``\\``).
_HTML_BACKSLASHES = regex.compile(r"\\+")
_MD_BACKSLASHES = regex.compile(r"(?:\\\\|\\(?![!-/:-@\[-`{-~]))+")
# What may stand before an element on its line for the line to be more than the element.
_MARKER_ONLY = regex.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])?[ \t]*$")


def is_local(url: str) -> bool:
    """Whether ``url`` is a path in the repository: no scheme, no ``//`` host, no anchor."""
    url = url.strip()
    return bool(url) and not url.startswith(("#", "//")) and not _SCHEME.match(url)


def slashed(url: str, markdown: bool) -> str:
    """``url`` with each run of path backslashes made one ``/``."""
    return str((_MD_BACKSLASHES if markdown else _HTML_BACKSLASHES).sub("/", url))


def _removal(source: Source, start: int, end: int) -> tuple[int, int]:
    """What to delete to remove an element: its lines when nothing else is on them."""
    text = source.text
    first, last = source.line_index(start), source.line_index(max(start, end - 1))
    line_start, line_end = source.line_starts[first], source.line_ends[last]
    before, after = text[line_start:start], text[end:line_end]
    if not before.strip() and not after.strip():
        whole_end = source.full_line_span(last)[1]
        if whole_end == len(text) and not source.line_ending(last) and first > 0:
            return source.line_ends[first - 1], whole_end
        return line_start, whole_end
    lead = len(before) - len(before.rstrip(" \t"))
    if _MARKER_ONLY.match(before):
        lead = 0  # keep "- " whole: a bare "-" under text would underline it as a heading
    if not after.strip():
        return start - lead, line_end
    # Between two spaces, one of them goes with it; glued to a word on either side, no
    # space goes, or the words on its two sides would become one.
    if lead and after[:1] in (" ", "\t"):
        return start - lead, end
    return start, end


@register
class ImgEmptySrc(Rule):
    """Find an ``<img>`` with an empty or missing ``src``, or ``![alt]()``.

    Why: it shows a broken-image icon, or nothing, where a figure was meant to be. The
    fix removes the element, and its line when nothing else is on it; not when another
    attribute holds what looks like a path (``scr="assets/x.png"``, ``data-src``), which
    is yours to rescue.

    **Anti-pattern**

    ```markdown
    Notes on the model.
    <img src="" align="middle" />
    ```

    **Best practice**

    ```markdown
    Notes on the model.
    <img src="https://example.org/model.png" align="middle" />
    ```
    """

    code = "NL401"
    name = "img-empty-src"
    level = "error"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc = ctx.doc
        empty = [i for i in doc.images if i.src is None or not i.src.strip()]
        in_note = _notes_holding(doc, empty)
        # Empty images of one note go together: each changes the same note text.
        groups: dict[int, list[HtmlImage]] = {}
        for image in empty:
            if id(image) in in_note:
                groups.setdefault(id(in_note[id(image)]), []).append(image)
        for image in empty:
            note = in_note.get(id(image))
            group = groups[id(note)] if note is not None else [image]
            edits = tuple(Edit(*_removal(ctx.source, i.start, i.end)) for i in group)
            changes = tuple(
                ContentChange("image", i.src, None) for i in group if i.src and i.src.strip() == ""
            )
            if note is not None:
                changes += (_note_change(ctx.source, note, group),)
            what = "no `src`" if image.src is None else "an empty `src`"
            if image.markdown:
                what = "an empty path"
            # A path under a misspelt name (`scr="assets/x.png"`) is the user's to rescue.
            kept = any(_has_path(ctx.source.text[i.start : i.end]) for i in group)
            kept = kept or any(
                _strands_code(ctx.source, e.start, e.end)
                or _makes_block(ctx.source, e.start, e.end)
                for e in edits
            )
            fix = None if kept else Fix(edits, changes=changes)
            yield self.violation(image.start, image.end, f"image has {what}", fix)


def _strands_code(source: Source, start: int, end: int) -> bool:
    """Whether deleting ``start:end`` leaves a line indented 4 columns or more after a
    blank line (or at the top), where it would become a code block."""
    text = source.text
    if end >= len(text) or (start > 0 and text[start - 1] not in "\r\n"):
        return False
    index = source.line_index(end)
    if source.line_starts[index] != end:
        return False  # not a whole line removed
    above = source.line(source.line_index(start - 1)) if start > 0 else ""
    below = source.line(index).expandtabs(4)
    return not above.strip() and below.strip() != "" and len(below) - len(below.lstrip()) >= 4


# What at the start of a line would make it a list item, heading, quote, fence or rule.
_BLOCK_START = regex.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|#{1,6}(?:[ \t]|$)|>|[=`~_*-]{3}")


def _makes_block(source: Source, start: int, end: int) -> bool:
    """Whether deleting ``start:end`` at the start of a line leaves a line that begins a
    block of its own (``<img src="">- text`` would become a list item)."""
    index = source.line_index(start)
    line_start, line_end = source.line_span(index)
    if source.text[line_start:start].strip() or end >= line_end:
        return False
    return bool(_BLOCK_START.match(source.text[end:line_end].lstrip(" \t")))


_ATTRIBUTE = regex.compile(r"""([^\s"'=<>/]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
# Attributes whose values are words or sizes, never where an image lives.
_NOT_PATHS = frozenset({"alt", "title", "align", "width", "height", "style", "class", "id"})


def _has_path(tag: str) -> bool:
    """Whether an image tag without a usable ``src`` still holds something like a path
    (``scr="assets/x.png"``, ``data-src="x.png"``)."""
    return any(
        m.group(1).lower() not in _NOT_PATHS and any(c in m.group(2) for c in "/.")
        for m in _ATTRIBUTE.finditer(tag)
    )


def _notes_holding(doc: Document, images: list[HtmlImage]) -> dict[int, Note]:
    """The note whose text holds each image, by the image's id."""
    if not images:
        return {}
    by_line = {
        line: note
        for block in doc.notes_blocks
        for note in block.notes
        for line in range(note.line, note.end_line + 1)
    }
    found: dict[int, Note] = {}
    for image in images:
        note = by_line.get(image.line)
        if note is not None and image.start >= note.text_start:
            found[id(image)] = note
    return found


def _note_change(source: Source, note: Note, images: list[HtmlImage]) -> ContentChange:
    text = note.text
    for image in images:
        text = text.replace(source.text[image.start : image.end], " ", 1)
    new = normalize_space(text)
    return ContentChange("note", normalize_space(note.text), new or None)


@register
class ImgBackslash(Rule):
    """Find a ``\\`` in a local image or link path.

    Why: ``assets\\x.png`` is a Windows path; on GitHub the image or link is broken. The
    fix writes ``/``.

    **Anti-pattern**

    ```markdown
    <img src="assets\\model.png" align="middle" />
    ```

    **Best practice**

    ```markdown
    <img src="assets/model.png" align="middle" />
    ```
    """

    code = "NL402"
    name = "img-backslash"
    level = "error"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        targets: list[tuple[ContentKind, str, int | None, bool]] = [
            ("image", i.src, i.src_start, i.markdown)
            for i in ctx.doc.images
            if i.src and (not i.markdown or i.src_end > i.src_start)
        ]
        targets += [
            ("url", link.url, link.url_start, True) for link in ctx.doc.links if link.kind == "link"
        ]
        found = []
        for kind, url, start, markdown in targets:
            new = slashed(url, markdown)
            if start is None or new == url or not is_local(url):
                continue
            found.append((kind, url, start, new))
        # A path inside a note changes the note's text: the paths of one note go together.
        notes = _notes_around(ctx.doc, [start for _, _, start, _ in found])
        for kind, url, start, new in found:
            note = notes.get(start)
            group = [f for f in found if note is not None and notes.get(f[2]) is note]
            edits = [Edit(s, s + len(u), n) for _, u, s, n in group or [(kind, url, start, new)]]
            changes = [ContentChange(k, u, n) for k, u, _, n in group or [(kind, url, start, new)]]
            if note is not None:
                text = ctx.source.text
                after = note.text
                for e in edits:
                    after = after.replace(text[e.start : e.end], e.content, 1)
                changes.append(
                    ContentChange("note", normalize_space(note.text), normalize_space(after))
                )
            what = "image" if kind == "image" else "link"
            yield self.violation(
                start,
                start + len(url),
                f"{what} path `{url}` uses backslashes: write `{new}`",
                Fix(tuple(edits), changes=tuple(changes)),
            )


def _notes_around(doc: Document, offsets: list[int]) -> dict[int, Note]:
    """The note whose text holds each offset, for the offsets inside one."""
    if not offsets:
        return {}
    by_line = {
        line: note
        for block in doc.notes_blocks
        for note in block.notes
        for line in range(note.line, note.end_line + 1)
    }
    found: dict[int, Note] = {}
    for at in offsets:
        note = by_line.get(doc.source.line_index(at))
        if note is not None and at >= note.text_start:
            found[at] = note
    return found


@register
class HtmlBalance(Rule):
    """Find unbalanced ``<details>``, ``<summary>``, ``<p>`` or ``<div>`` tags in raw HTML.

    Why: an unclosed tag swallows what follows it, and a stray closing tag closes
    something else. Tags are matched across the whole document, since a block that
    wraps Markdown is split at blank lines; ``<details>`` inside paper entries is
    NL301's.

    **Anti-pattern**

    ```markdown
    <div align="center">
    <img src="https://example.org/logo.png" />
    ```

    **Best practice**

    ```markdown
    <div align="center">
    <img src="https://example.org/logo.png" />
    </div>
    ```
    """

    code = "NL404"
    name = "html-balance"
    level = "error"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        owned = ctx.doc.entry_details.owned
        tags = [t for t in ctx.doc.html_tags if t.name != "details" or t.start not in owned]
        unclosed, stray = unmatched_tags(tags)
        for tag in unclosed:
            yield self.violation(tag.start, tag.end, f"`<{tag.name}>` is never closed")
        for tag in stray:
            yield self.violation(tag.start, tag.end, f"`</{tag.name}>` closes no `<{tag.name}>`")


@register
class ImgAlt(Rule):
    """Find an ``<img>`` without an ``alt`` attribute.

    Why: screen readers and broken images fall back to the alt text.

    **Anti-pattern**

    ```markdown
    <img src="https://example.org/model.png" />
    ```

    **Best practice**

    ```markdown
    <img src="https://example.org/model.png" alt="The model" />
    ```
    """

    code = "NL405"
    name = "img-alt"
    level = "warning"
    opt_in = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for image in ctx.doc.images:
            if not image.markdown and not image.has_alt and image.src and image.src.strip():
                yield self.violation(image.start, image.end, "`<img>` has no `alt` text")
