"""NL3: the lines of notes blocks: breaks, empty notes, raw Markdown.

NL305, NL306 and NL308 (indentation, NL307, is ``notelint.rules.notes_indent``'s); see
``notelint.rules.notes`` for why only raw-HTML lines are judged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.notes import raw_lines, raw_notes
from notelint.syntax.lazy import lazy_re, lazy_regex
from notelint.syntax.notes import Note, NotesBlock
from notelint.syntax.source import Source


def _label(note: Note) -> str:
    return f"note {note.number}{note.delimiter}" if note.number is not None else "note"


@register
class NoteLineBreak(Rule):
    """Find a note that does not end in ``<br>`` before the next note or image.

    Why: in HTML a newline is a space, so the note runs on into the next one on the same
    line. Spacing before the tag, and ``<br/>``/``</br>`` forms, that differ from
    ``notes.break`` are a warning. The last note needs no break unless
    ``notes.break-last`` says so.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. the idea
        2. the result
        </details>
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. the idea  <br>
        2. the result
        </details>
    ```
    """

    code = "NL305"
    name = "note-line-break"
    level = "error"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc, brk = ctx.doc, ctx.config.notes.break_
        for block in doc.notes_blocks:
            notes = raw_notes(doc, block)
            following = sorted(
                [(n.line, "note") for n in notes]
                # An image without a path shows nothing to run into (NL401 removes it).
                + [
                    (i.line, "image")
                    for i in block.images
                    if doc.html_marks[i.line] and i.src and i.src.strip()
                ]
            )
            for note in notes:
                at = bisect_right(following, (note.end_line, "~"))
                after = following[at][1] if at < len(following) else None
                if note.break_start is not None and note.break_end is not None:
                    if note.break_text != brk and note.text.strip():
                        yield self.violation(
                            note.break_start,
                            note.break_end,
                            f"line break `{note.break_text}` is not written `{brk}`",
                            Fix.replace(note.break_start, note.break_end, brk),
                            level="warning",
                        )
                elif after is not None:
                    yield self._missing(
                        ctx.source, block, note, brk, f"runs into the next {after} on one line"
                    )
                elif ctx.config.notes.break_last:
                    yield self._missing(ctx.source, block, note, brk, "is the last note", True)

    def _missing(
        self, source: Source, block: NotesBlock, note: Note, brk: str, why: str, style: bool = False
    ) -> Violation:
        """The note's missing break, added after its last line's text."""
        end = source.line_ends[note.end_line]
        if note.end_line == block.close_line and block.close_start is not None:
            end = block.close_start
        line_start = source.line_starts[note.end_line]
        at = line_start + len(source.text[line_start:end].rstrip(" \t"))
        return self.violation(
            note.marker_start,
            at,
            f"{_label(note)} does not end in `<br>`: it {why}",
            Fix.replace(at, end, brk),
            level="warning" if style else None,
        )


@register
class EmptyNote(Rule):
    """Find a numbered note with no text.

    Why: an unfilled template line renders as a bare number.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. the idea  <br>
        2.
        </details>
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. the idea
        </details>
    ```
    """

    code = "NL306"
    name = "empty-note"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for block in ctx.doc.notes_blocks:
            for note in block.notes:
                if note.number is not None and not note.text.strip():
                    end = note.break_end if note.break_end is not None else note.marker_end
                    yield self.violation(note.marker_start, end, f"{_label(note)} has no text")


# Markdown that shows as typed inside HTML: an image, a link, bold, a code span.
# Brackets are left out of link text and targets: a `[` without its `](...)` then costs
# the characters up to the next `[`, not to the end of the line.
_MARKDOWN = lazy_regex(
    r"(?P<image>!\[[^\[\]\n]*\]\([^)\[\]\s]*\))"
    r"|(?P<link>\[[^\[\]\n]+\]\([^)\[\]\s]+\))"
    r"|(?P<bold>\*\*(?=[^*\s])[^*\n]*?(?<=[^*\s])\*\*)"
    r"|(?P<code>`[^`\n]+`)"
)
_TAG = lazy_re(r"<[^<>\n]*>")
_USE = {
    "image": "an `<img src=...>` tag",
    "link": "an `<a href=...>` tag",
    "bold": "`<b>...</b>`",
    "code": "`<code>...</code>`",
}


@register
class MarkdownInHtml(Rule):
    """Find Markdown syntax inside a notes block, where GitHub shows it as typed.

    Why: inside raw HTML ``**bold**``, a code span, ``[t](u)`` and ``![a](s)`` are not
    rendered; the HTML tags are.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. uses **two** stages
        </details>
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. uses <b>two</b> stages
        </details>
    ```
    """

    code = "NL308"
    name = "markdown-in-html"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc, source = ctx.doc, ctx.source
        text = source.text
        for block in doc.notes_blocks:
            if block.close_line is None or block.close_start is None:
                continue
            for index in raw_lines(doc, block):
                start = block.open_end if index == block.open_line else source.line_starts[index]
                end = min(source.line_ends[index], block.close_start)
                piece = text[start:end]
                if "[" not in piece and "**" not in piece and "`" not in piece:
                    continue  # no Markdown here
                tags: list[tuple[int, int]] | None = None
                for m in _MARKDOWN.finditer(text, start, end):
                    if tags is None:
                        tags = [t.span() for t in _TAG.finditer(text, start, end)]
                    if any(s < m.end() and m.start() < e for s, e in tags):
                        continue
                    kind = m.lastgroup or "code"
                    yield self.violation(
                        m.start(),
                        m.end(),
                        f"Markdown {kind} shows as typed inside HTML: use {_USE[kind]}",
                    )
