"""NL4: images without a path (NL401), and when removing one is safe.

Removing an element joins what stood before and after it, and may change what the rest
of its line is: a list item, an HTML block, more of the note above. The fix removes an
image only where nothing but the image changes; elsewhere the image is reported for the
user to remove.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from notelint.model.document import Document
from notelint.model.sections import normalize_space
from notelint.model.violation import ContentChange, Edit, Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.html import notes_around, titles_around
from notelint.syntax.char_classes import DIGIT, NOT_SPACE, RE_ONLY_SPACE, SPACE
from notelint.syntax.lazy import lazy_re
from notelint.syntax.notes import BREAK, HtmlImage, Note
from notelint.syntax.source import Source

# What may stand before an element on its line for the line to be more than the element.
_MARKER_ONLY = lazy_re(r"^[ \t>]*(?:[-*+]|" + DIGIT + r"{1,9}[.)])?[ \t]*$")


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
    is yours to rescue, nor where the removal would change more than the image: the
    rest of its line would become a block of its own (a list item, a code block, an HTML
    block), the image sits inside another unclosed tag or is a tag broken over lines,
    the text after it would become more of the note above, a note would end in a
    ``<br>`` that was its text, the next line would join an item above that is empty or
    opens with code, or, in a title, the text around it would become a link
    (``[paper](https:/<img src="">/arxiv.org/abs/1)``: the title's words would change).

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
        if not empty:
            return
        around = notes_around(doc, [i.start for i in empty])
        in_note = {id(i): around[i.start] for i in empty if i.start in around}
        in_blocks = frozenset(i.start for b in doc.notes_blocks for i in b.images)
        in_titles = titles_around(doc, [i.start for i in empty])
        # Empty images of one note go together: each changes the same note text. So do
        # images that are all their line holds: the line goes with the last of them.
        groups: dict[int, list[HtmlImage]] = {}
        for image in empty:
            if id(image) in in_note:
                groups.setdefault(id(in_note[id(image)]), []).append(image)
        lines = _whole_lines(ctx.source, [i for i in empty if id(i) not in in_note])
        for image in empty:
            note = in_note.get(id(image))
            group = groups[id(note)] if note is not None else lines.get(image.line, [image])
            edits: tuple[Edit, ...]
            if group is lines.get(image.line):
                edits = (Edit(*_removal(ctx.source, group[0].start, group[-1].end)),)
            else:
                edits = tuple(Edit(*_removal(ctx.source, i.start, i.end)) for i in group)
            changes = tuple(
                ContentChange("image", i.src, None) for i in group if i.src and i.src.strip() == ""
            )
            kept = _changes_more(doc, group, edits, in_blocks) or any(
                i.start in in_titles and _makes_a_link(ctx.source, i) for i in group
            )
            if note is not None:
                change = _note_change(ctx.source, note, group, edits)
                changes += (change,)
                # A break the images hid at the end of a note without one would end the
                # note: its text would not be what the fix says.
                hid_a_break = BREAK.search(change.new or "") is not None
                kept = kept or (hid_a_break and not note.break_text)
            what = "no `src`" if image.src is None else "an empty `src`"
            if image.markdown:
                what = "an empty path"
            fix = None if kept else Fix(edits, changes=changes)
            yield self.violation(image.start, image.end, f"image has {what}", fix)


def _changes_more(
    doc: Document, group: list[HtmlImage], edits: tuple[Edit, ...], in_blocks: frozenset[int]
) -> bool:
    """Whether removing the images of ``group`` would change more than the images."""
    source = doc.source
    # A path under a misspelt name (`scr="assets/x.png"`) is the user's to rescue.
    if any(_has_path(source.text[i.start : i.end]) for i in group):
        return True
    if any(_inside_a_tag(source, i.start) for i in group):
        return True
    # A tag broken over lines: removing it joins the lines around it, or takes them
    # whole, which the line by line checks here do not foresee.
    if any(source.line_index(i.end - 1) != i.line for i in group):
        return True
    in_block = any(i.start in in_blocks for i in group)
    return any(
        _strands_code(source, e.start, e.end)
        or _makes_block(doc, e.start, e.end)
        or (in_block and _joins_the_note_above(source, e.start, e.end))
        for e in edits
    )


def _makes_a_link(source: Source, image: HtmlImage) -> bool:
    """Whether removing ``image`` may join the text around it into a link: it sits after a
    `](` left open on its line, where a destination cannot hold it, or between `]` and `(`."""
    text = source.text
    line_start = source.line_starts[source.line_index(image.start)]
    opened = text.rfind("](", line_start, image.start)
    if opened >= 0 and text.find(")", opened, image.start) < 0:
        return True
    return text[image.start - 1 : image.start] == "]" and text.startswith("(", image.end)


def _whole_lines(source: Source, images: list[HtmlImage]) -> dict[int, list[HtmlImage]]:
    """The images of each line that holds two or more of them and nothing else."""
    by_line: dict[int, list[HtmlImage]] = {}
    for image in images:
        by_line.setdefault(image.line, []).append(image)
    found = {}
    for line, group in by_line.items():
        if len(group) < 2:
            continue
        start, end = source.line_span(line)
        rest = source.text[start : group[0].start] + source.text[group[-1].end : end]
        between = (source.text[a.end : b.start] for a, b in itertools.pairwise(group))
        if not rest.strip() and not any(text.strip() for text in between):
            found[line] = group
    return found


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
    if below.strip() and _BARE_OR_CODE_ITEM.match(above.expandtabs(4)):
        # After an item that is empty or opens with code, whether the next line belongs
        # to it depends on what stood between them.
        return True
    return not above.strip() and below.strip() != "" and len(below) - len(below.lstrip()) >= 4


# A list item with nothing after its marker, or with code (five blanks or more).
_BARE_OR_CODE_ITEM = lazy_re(
    r"[ ]*(?:[-*+]|" + DIGIT + r"{1,9}[.)])(?:[ ]*$|[ ]{5,}" + NOT_SPACE + ")"
)


# What at the start of a line would make it a list item, heading, quote, fence or rule.
_BLOCK_START = lazy_re(
    r"(?:[-*+]|" + DIGIT + r"{1,9}[.)])(?:[ \t]|$)|#{1,6}(?:[ \t]|$)|>|[=`~_*-]{3}"
)
# A tag, comment or declaration: at the start of a Markdown line it may open an HTML
# block (`</details>` does, even in a paragraph), which runs on to the next blank line.
_HTML_START = lazy_re(r"<[A-Za-z/!?]")


def _line_after(source: Source, start: int, end: int) -> str | None:
    """What is left of the line when ``start:end`` opens it, or None when ``start:end``
    does not open its line or takes the rest of it."""
    index = source.line_index(start)
    line_start, line_end = source.line_span(index)
    if source.text[line_start:start].strip() or end >= line_end:
        return None
    return source.text[end:line_end].lstrip(" \t")


def _makes_block(doc: Document, start: int, end: int) -> bool:
    """Whether deleting ``start:end`` at the start of a line leaves a line that begins a
    block of its own (``<img src="">- text`` would become a list item)."""
    rest = _line_after(doc.source, start, end)
    if rest is None:
        return False
    in_html = doc.html_marks[doc.source.line_index(start)]
    return bool(_BLOCK_START.match(rest) or (not in_html and _HTML_START.match(rest)))


def _joins_the_note_above(source: Source, start: int, end: int) -> bool:
    """Whether deleting ``start:end`` at the start of a notes block's line leaves text the
    notes reader takes as more of the note above (a line opening with a tag is not)."""
    rest = _line_after(source, start, end)
    return rest is not None and rest.strip() != "" and not rest.startswith("<")


# The start of a tag left open before an element on its line (`<img <img src="">`):
# without the element, the tag would run on over the text after it.
_OPEN_TAG = lazy_re(r"<[A-Za-z/!?][^<>]*$")


def _inside_a_tag(source: Source, start: int) -> bool:
    line_start = source.line_starts[source.line_index(start)]
    return _OPEN_TAG.search(source.text, line_start, start) is not None


_ATTRIBUTE = lazy_re(
    rf"""((?:[^\s"'=<>/]|[{RE_ONLY_SPACE}])+){SPACE}*={SPACE}*"""
    rf"""("[^"]*"|'[^']*'|(?:[^\s"'=<>`]|[{RE_ONLY_SPACE}])+)"""
)
# Attributes whose values are words or sizes, never where an image lives.
_NOT_PATHS = frozenset({"alt", "title", "align", "width", "height", "style", "class", "id"})


def _has_path(tag: str) -> bool:
    """Whether an image tag without a usable ``src`` still holds something like a path
    (``scr="assets/x.png"``, ``data-src="x.png"``)."""
    return any(
        m.group(1).lower() not in _NOT_PATHS and any(c in m.group(2) for c in "/.")
        for m in _ATTRIBUTE.finditer(tag)
    )


def _note_change(
    source: Source, note: Note, images: list[HtmlImage], edits: tuple[Edit, ...]
) -> ContentChange:
    """The note's text without its images, as their removal leaves it: with the space
    before an image gone, or none when it is glued to a word (`G<img>LM` reads `GLM`)."""
    text = note.text
    for image, edit in zip(images, edits, strict=True):
        cut = source.text[edit.start : image.end]
        if cut not in text:
            # An image on a line of its own: the note's text joins its lines without the
            # indentation the removal takes along.
            cut = source.text[image.start : image.end]
        text = text.replace(cut, "", 1)
    new = normalize_space(text)
    return ContentChange("note", normalize_space(note.text), new or None)
