"""NL4: images and HTML: empty sources, backslashes, tag balance, alt text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise

from notelint.model.document import Document
from notelint.model.lines import per_document
from notelint.model.sections import Entry, normalize_space
from notelint.model.violation import ContentChange, ContentKind, Edit, Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.syntax.html_tags import unmatched_tags
from notelint.syntax.lazy import lazy_re
from notelint.syntax.notes import Note

# A URL scheme (http:, data:, mailto:), but not a Windows drive letter (C:\x).
_SCHEME = lazy_re(r"^(?![A-Za-z]:[\\/])[A-Za-z][A-Za-z0-9+.\-]*:")
# Backslashes that are part of a path: in Markdown one before ASCII punctuation escapes
# it, so there a path backslash is a lone one or an escaped one (``\\``).
_HTML_BACKSLASHES = lazy_re(r"\\+")
_MD_BACKSLASHES = lazy_re(r"(?:\\\\|\\(?![!-/:-@\[-`{-~]))+")


def is_local(url: str) -> bool:
    """Whether ``url`` is a path in the repository: no scheme, no ``//`` host, no anchor."""
    url = url.strip()
    return bool(url) and not url.startswith(("#", "//")) and not _SCHEME.match(url)


def slashed(url: str, markdown: bool) -> str:
    """``url`` with each run of path backslashes made one ``/``."""
    if "\\" not in url:
        return url
    return str((_MD_BACKSLASHES if markdown else _HTML_BACKSLASHES).sub("/", url))


@register
class ImgBackslash(Rule):
    """Find a ``\\`` in a local image or link path.

    Why: ``assets\\x.png`` is a Windows path; on GitHub the image or link is broken. The
    fix writes ``/``; a note or a title whose text holds the path (an image inside a
    title's link text) is declared changed with it.

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
        # A path inside a note, or inside the link text of a title, changes that text: the
        # paths of one note or title go together.
        starts = [start for _, _, start, _ in found]
        notes, titles = notes_around(ctx.doc, starts), titles_around(ctx.doc, starts)
        groups: dict[int, list[tuple[ContentKind, str, int, str]]] = {}
        for f in found:
            owner = notes.get(f[2]) or titles.get(f[2])
            if owner is not None:
                groups.setdefault(id(owner), []).append(f)
        for kind, url, start, new in found:
            note, entry = notes.get(start), titles.get(start)
            group = groups.get(id(note or entry), [(kind, url, start, new)])
            edits = [Edit(s, s + len(u), n) for _, u, s, n in group]
            changes = [ContentChange(k, u, n) for k, u, _, n in group]
            if note is not None:
                changes.append(_note_change(ctx.source.text, note, edits))
            if entry is not None:
                changes.extend(_title_change(ctx.doc, entry, edits))
            what = "image" if kind == "image" else "link"
            yield self.violation(
                start,
                start + len(url),
                f"{what} path `{url}` uses backslashes: write `{new}`",
                Fix(tuple(edits), changes=tuple(changes)),
            )


def _note_change(text: str, note: Note, edits: list[Edit]) -> ContentChange:
    after = note.text
    for e in edits:
        after = after.replace(text[e.start : e.end], e.content, 1)
    return ContentChange("note", normalize_space(note.text), normalize_space(after))


def _title_change(doc: Document, entry: Entry, edits: list[Edit]) -> list[ContentChange]:
    """The title's new text, where a path is in it: inside a link's text (the words the
    title is compared by), not in an image the title leaves out, nor a link's URL."""
    text = doc.source.text
    words = [k for k in entry.links if not k.is_code]
    inside = [e for e in edits if any(k.text_start <= e.start < k.text_end for k in words)]
    if not inside:
        return []
    old = after = doc.title_text(entry)
    for e in inside:
        after = after.replace(text[e.start : e.end], e.content)
    return [ContentChange("title", old, after)]


def titles_around(doc: Document, offsets: list[int]) -> dict[int, Entry]:
    """The entry whose title holds each offset, for the offsets inside one."""
    entries = sorted(doc.entries, key=lambda e: e.title_start)
    starts = [e.title_start for e in entries]
    found: dict[int, Entry] = {}
    for at in offsets:
        index = bisect_right(starts, at) - 1
        if index >= 0 and at < entries[index].title_end:
            found[at] = entries[index]
    return found


def notes_around(doc: Document, offsets: list[int]) -> dict[int, Note]:
    """The note whose text holds each offset, for the offsets inside one."""
    if not offsets:
        return {}
    firsts, lasts, notes = _notes_by_line(doc)
    found: dict[int, Note] = {}
    for at in offsets:
        line = doc.source.line_index(at)
        index = bisect_right(firsts, line) - 1
        if index >= 0 and line <= lasts[index] and at >= notes[index].text_start:
            found[at] = notes[index]
    return found


@per_document
def _notes_by_line(doc: Document) -> tuple[list[int], list[int], list[Note]]:
    """The note on each line of a note, as runs of lines (first, last, note) in order,
    looked up by bisection: not a table of every line, which a large file has a hundred
    thousand of."""
    notes = [note for block in doc.notes_blocks for note in block.notes]
    if all(a.end_line < b.line for a, b in pairwise(notes)):
        return [n.line for n in notes], [n.end_line for n in notes], notes
    # Notes out of order or sharing lines: a line's note is the last one to hold it.
    by_line = {line: n for n in notes for line in range(n.line, n.end_line + 1)}
    firsts: list[int] = []
    lasts: list[int] = []
    found: list[Note] = []
    for line in sorted(by_line):
        if found and found[-1] is by_line[line] and lasts[-1] == line - 1:
            lasts[-1] = line
        else:
            firsts.append(line)
            lasts.append(line)
            found.append(by_line[line])
    return firsts, lasts, found


@register
class HtmlBalance(Rule):
    """Find unbalanced ``<details>``, ``<summary>``, ``<p>``, ``<div>`` or ``<a>`` tags.

    Why: an unclosed tag swallows what follows it, and a stray closing tag closes
    something else. Raw HTML is read in blocks and inline, and tags are matched across
    the whole document, since a block that wraps Markdown is split at blank lines;
    ``<details>`` inside paper entries is NL301's. ``<a name="x"/>`` is an *open* ``<a>``:
    HTML ignores the ``/`` of an element that is not void, so on GitHub the rest of the
    paragraph (and what the browser carries on) becomes part of that anchor. Write
    ``<a name="x"></a>``.

    **Anti-pattern**

    ```markdown
    <div align="center">
    <img src="https://example.org/logo.png" />

    ## <a name="models"/> Models
    ```

    **Best practice**

    ```markdown
    <div align="center">
    <img src="https://example.org/logo.png" />
    </div>

    ## <a name="models"></a> Models
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
            if tag.self_closing:
                message = (
                    f"`{ctx.source.text[tag.start : tag.end]}` is an open `<a>` to GitHub (HTML "
                    "ignores the `/`) and is never closed: write `<a …></a>`"
                )
            else:
                message = f"`<{tag.name}>` is never closed"
            yield self.violation(tag.start, tag.end, message)
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
