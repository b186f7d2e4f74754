"""NL3: notes blocks: balance, summary and numbering (NL301-NL304).

Inside a ``<details>`` block GitHub renders no Markdown and a newline is no line break,
so rules on notes judge the lines the parser left as raw HTML (``Document.html_marks``);
a part of a block that Markdown renders (after a blank line) is left alone.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence

import regex

from notelint.model.document import Document
from notelint.model.lines import per_document
from notelint.model.violation import Edit, Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.habits import habit
from notelint.syntax.lazy import lazy_regex
from notelint.syntax.notes import Note, NotesBlock

_SUMMARY_TAG = lazy_regex(r"<summary\b", regex.I)


def raw_notes(doc: Document, block: NotesBlock) -> list[Note]:
    """The notes of ``block`` that GitHub shows as raw HTML text (never to be changed)."""
    found = _raw_notes(doc).get(id(block))
    if found is None:
        html = doc.html_marks
        found = [n for n in block.notes if html[n.line]]
    return found


def raw_lines(doc: Document, block: NotesBlock) -> Sequence[int]:
    """The lines of a closed notes block, from ``<details>`` to ``</details>``, that are
    raw HTML; none for a block never closed."""
    return _raw_lines(doc).get(id(block), [])


@per_document
def _raw_lines(doc: Document) -> dict[int, Sequence[int]]:
    """The raw-HTML lines of every closed notes block, by the block's identity: walked
    by NL307 and NL308. A block whose lines all are is kept as their range, in a few
    bytes, not a number for each line."""
    html = doc.html_marks
    found: dict[int, Sequence[int]] = {}
    for b in doc.notes_blocks:
        if b.close_line is not None:
            lines = range(b.open_line, b.close_line + 1)
            whole = 0 not in html[b.open_line : b.close_line + 1]
            found[id(b)] = lines if whole else [i for i in lines if html[i]]
    return found


@per_document
def _raw_notes(doc: Document) -> dict[int, list[Note]]:
    """The raw-HTML notes of every notes block, by the block's identity: read by NL304
    and NL305. A block whose notes all are shares its own list."""
    html = doc.html_marks
    found: dict[int, list[Note]] = {}
    for b in doc.notes_blocks:
        raw = [n for n in b.notes if html[n.line]]
        found[id(b)] = b.notes if len(raw) == len(b.notes) else raw
    return found


@register
class DetailsBalance(Rule):
    """Find a ``<details>`` not closed before its entry ends, or a stray ``</details>``.

    Why: an unclosed notes block swallows the rest of the list into its fold-out, and a
    ``</details>`` indented less than its ``<details>`` falls out of the entry.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. the idea
    - Another paper title
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
    - Another paper title
    ```
    """

    code = "NL301"
    name = "details-balance"
    level = "error"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        balance = ctx.doc.entry_details
        for tag in balance.unclosed:
            late = balance.closed_late.get(tag.start)
            if late is None:
                message = "`<details>` is not closed before the entry ends"
            else:
                line = ctx.source.line_index(late.start) + 1
                message = (
                    f"`<details>` is closed on line {line}, after its entry ended: "
                    "indent `</details>` like `<details>`"
                )
            yield self.violation(tag.start, tag.end, message)
        for tag in balance.stray:
            yield self.violation(tag.start, tag.end, "`</details>` closes no `<details>`")


@register
class SummaryMissing(Rule):
    """Find a notes block without a ``<summary>`` first line, or with an empty one.

    Why: without a summary GitHub labels the fold-out "Details"; an empty one shows only
    the arrow.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        1. the idea
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

    code = "NL302"
    name = "summary-missing"
    level = "error"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        source = ctx.source
        for block in ctx.doc.notes_blocks:
            summary, first = block.summary, block.summary_line
            if first is not None and _SUMMARY_TAG.search(source.line(first)):
                if summary is not None and summary.line == first and not summary.text.strip():
                    yield self.violation(summary.start, summary.end, "empty `<summary>`")
            elif summary is not None:
                yield self.violation(
                    summary.start, summary.end, "`<summary>` is not the first line of its block"
                )
            else:
                yield self.violation(
                    block.open_start, block.open_end, "notes block has no `<summary>`"
                )


@register
class SummaryStyle(Rule):
    """Find a summary label other than the file's usual one.

    Why: one label everywhere reads as one document. The usual label is ``notes.summary``
    when set, otherwise the one at least three quarters of the file's blocks use (no
    habit, no finding). Spaces around the label render nothing and are not reported, and
    a label that differs only in half- or full-width punctuation (`阅读笔记:` and
    `阅读笔记：`) is NL604's. A summary on an entry's title line is part of the title: it
    is reported without a fix.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. the idea
        </details>
    - Another paper
      - <details>
        <summary>Notes</summary>
        1. the method
        </details>
    - A third paper
      - <details>
        <summary>Notes</summary>
        1. the result
        </details>
    - A fourth paper
      - <details>
        <summary>Reading notes</summary>
        1. the data
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
    - Another paper
      - <details>
        <summary>Notes</summary>
        1. the method
        </details>
    - A third paper
      - <details>
        <summary>Notes</summary>
        1. the result
        </details>
    - A fourth paper
      - <details>
        <summary>Notes</summary>
        1. the data
        </details>
    ```
    """

    code = "NL303"
    name = "summary-style"
    level = "warning"
    fix = "unsafe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        summaries = [
            b.summary for b in ctx.doc.notes_blocks if b.summary and b.summary.text.strip()
        ]
        usual = (ctx.config.notes.summary or "").strip() or None
        if usual is None:
            usual = habit(Counter(s.text.strip() for s in summaries if s is not None))
        if usual is None:
            return
        titles = sorted((e.title_start, e.title_end) for e in ctx.doc.entries)
        title_starts = [start for start, _ in titles]
        for summary in summaries:
            assert summary is not None
            text = summary.text
            label = text.strip()
            if label == usual or _same_label(label, usual):
                continue
            lead = len(text) - len(text.lstrip())
            inner_start, inner_end = (
                summary.text_start + lead,
                summary.text_start + lead + len(label),
            )
            # A summary pasted into an entry's title line is part of the title: editing it
            # would change the title, so it is reported for the user to move.
            at = bisect_right(title_starts, summary.start) - 1
            in_title = at >= 0 and summary.start < titles[at][1]
            yield self.violation(
                inner_start,
                inner_end,
                f"summary `{label}` differs from the file's usual `{usual}`",
                None if in_title else Fix.replace(inner_start, inner_end, usual, "unsafe"),
            )


def _same_label(one: str, other: str) -> bool:
    """Whether two labels differ only in the width of their characters (NL604's)."""
    return unicodedata.normalize("NFKC", one) == unicodedata.normalize("NFKC", other)


@register
class NoteNumbering(Rule):
    """Find notes not numbered 1, 2, 3 … in order.

    Why: inside HTML the numbers are plain text, shown as written: a skip, a repeat, a
    start other than 1 or a ``1)`` among ``1.`` stays visible. Bullet notes are not
    numbered and are skipped.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - A paper title
      - <details>
        <summary>Notes</summary>
        1. the idea  <br>
        3. the result
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

    code = "NL304"
    name = "note-numbering"
    level = "error"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for block in ctx.doc.notes_blocks:
            notes = [n for n in raw_notes(ctx.doc, block) if n.number is not None]
            if not notes:
                continue
            delim = notes[0].delimiter
            wrong = [
                (i, n) for i, n in enumerate(notes, 1) if (n.number, n.delimiter) != (i, delim)
            ]
            if not wrong:
                continue
            want, first = wrong[0]
            if first.number == want:
                message = f"note {want}{first.delimiter} is not {want}{delim} like the first"
            elif want == 1:
                message = f"notes start at {first.number}, not 1"
            else:
                message = f"note numbered {first.number} where {want} comes next"
            edits = tuple(Edit(n.marker_start, n.marker_end, f"{i}{delim}") for i, n in wrong)
            yield self.violation(first.marker_start, first.marker_end, message, Fix(edits))
