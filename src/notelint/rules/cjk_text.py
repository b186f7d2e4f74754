"""What the typography rules (NL6) share: where they may edit, and character tests."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from notelint.model.prose import cjk_char, latin_char
from notelint.rules.base import RuleContext


@lru_cache(maxsize=4096)
def is_cjk(char: str) -> bool:
    return bool(char) and cjk_char().fullmatch(char) is not None


@lru_cache(maxsize=4096)
def is_latin(char: str) -> bool:
    """A Latin letter or a digit, in its usual width."""
    return bool(char) and latin_char().fullmatch(char) is not None


class Editable:
    """Tells whether the typography rules may edit the text at an offset.

    Prose only, and not a ``<summary>`` label that ``notes.summary`` names: rewriting it
    would break the label the file is told to use (NL303 would change it back). Nor a
    heading, in a file that links to its own headings: the heading's anchor would change.
    """

    def __init__(self, ctx: RuleContext) -> None:
        doc = ctx.doc
        self.prose = doc.prose
        label = (ctx.config.notes.summary or "").strip()
        kept = []
        if label:
            for block in doc.notes_blocks:
                summary = block.summary
                if summary is not None and summary.text.strip() == label:
                    kept.append((summary.text_start, summary.text_end))
        if _links_to_headings(ctx):
            lines = doc.source
            kept.extend(
                (lines.line_starts[n.line], lines.line_ends[n.end_line])
                for n in doc.blocks
                if n.type == "heading"
            )
        self.kept = sorted(kept)
        self._kept_starts = [s for s, _ in self.kept]

    def ranges(self) -> Callable[[int, int], bool]:
        """A test of whether ``[start, end)`` may be edited, the quickest there is."""
        if not self.kept:
            return self.prose.contains
        return lambda start, end: self(start, end - 1)

    def walker(self) -> Callable[[int, int], bool]:
        """``ranges()`` for ranges asked for in order (see ``Prose.walker``)."""
        if not self.kept:
            return self.prose.walker()
        return self.ranges()

    def __call__(self, start: int, last: int | None = None) -> bool:
        """Whether the text from ``start`` to ``last`` (both included) may be edited."""
        end = start + 1 if last is None else last + 1
        if not self.prose.contains(start, end):
            return False
        if self.kept:
            at = bisect_right(self._kept_starts, end - 1) - 1
            if at >= 0 and start < self.kept[at][1]:
                return False
        return True


def _links_to_headings(ctx: RuleContext) -> bool:
    """Whether the file links to an anchor of its own (``[t](#x)``, ``href="#x"``)."""
    text = ctx.source.text
    return 'href="#' in text or any(link.url.startswith("#") for link in ctx.doc.links)


def spaces_after(text: str, end: int) -> int:
    """Where the spaces from ``end`` on end, if text follows them on the line; else ``end``.

    Text, a link or a URL, not a tag: the spaces before ``<br>`` or ``</summary>`` are
    the business of the notes rules.
    """
    pos = end
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if pos > end and pos < len(text) and text[pos] not in "\r\n<":
        return pos
    return end


def spaces_before(text: str, start: int) -> int:
    """Where the spaces before ``start`` begin, if text precedes them on the line."""
    pos = start
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    if 0 < pos < start and text[pos - 1] not in "\r\n>":
        return pos
    return start
