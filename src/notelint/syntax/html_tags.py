"""HTML in raw text: where its comments are, and which tags that must balance do not.

Raw HTML the parser leaves as text (in notes blocks, in entries) is read here: comments
hide what they hold, and ``<details>``, ``<summary>``, ``<p>``, ``<div>`` and ``<a>``
must each be closed where they are opened.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right

from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Value
from notelint.syntax.source import Source

# The tags whose balance matters in raw HTML, and comments, whose text is not HTML.
_BALANCED_TAG = lazy_re(
    r"<(?P<close>/)?(?P<name>details|summary|p|div|a)\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", re.I
)


def comment_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the HTML comments (``<!--`` to the first ``-->``) between two offsets.

    A scan, not a lazy pattern: after the first comment without an end no other can
    end either, so the work stays linear however many ``<!--`` a line holds.
    """
    spans = []
    at = text.find("<!--", start, end)
    while at != -1:
        close = text.find("-->", at + 4, end)
        if close == -1:
            break
        spans.append((at, close + 3))
        at = text.find("<!--", close + 3, end)
    return spans


def only_comments(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one or more HTML comments and whitespace."""
    spans = comment_spans(text, start, end)
    if not spans:
        return False
    at = start
    for s, e in spans:
        if text[at:s].strip():
            return False
        at = e
    return not text[at:end].strip()


def trailing_comments(text: str, start: int, end: int) -> int | None:
    """Where the comments that end ``text[start:end]`` begin (with the spaces before them).

    Those are suppression directives and the like, not part of a note or summary. None
    when the segment does not end in a comment.
    """
    spans = comment_spans(text, start, end)
    at = end
    while spans and not text[spans[-1][1] : at].strip(" \t"):
        at = spans.pop()[0]
    if at == end:
        return None
    while at > start and text[at - 1] in " \t":
        at -= 1
    return at


class HtmlTag(Value):
    """An opening or closing ``details``, ``summary``, ``p``, ``div`` or ``a`` tag in raw HTML."""

    __slots__ = ("closing", "end", "name", "self_closing", "start")

    def __init__(
        self,
        name: str,  # lower case
        closing: bool,
        start: int,
        end: int,
        self_closing: bool = False,  # `<a …/>`: still an opening tag to an HTML parser
    ) -> None:
        self.name = name
        self.closing = closing
        self.start = start
        self.end = end
        self.self_closing = self_closing


def balanced_tags(source: Source, start: int, end: int) -> list[HtmlTag]:
    """The tags between two offsets whose balance matters, outside comments.

    Self-closing forms (``<p/>``) open nothing and are left out, except ``<a …/>``: HTML
    ignores the ``/`` of an element that is not void, so GitHub keeps that ``<a>`` open.
    """
    text = source.text
    comments = comment_spans(text, start, end)
    found = []
    for m in _BALANCED_TAG.finditer(text, start, end):
        first, last = m.span()
        if comments:  # most raw HTML holds none
            at = bisect_right(comments, (first, end)) - 1
            if at >= 0 and first < comments[at][1]:
                continue
        close, name = m.group("close", "name")
        name = sys.intern(name.lower())  # one string per name, however many tags
        slash = text[last - 2] == "/"  # the tag ends with `/>`
        if slash and name != "a":
            continue
        found.append(HtmlTag(name, bool(close), first, last, slash))
    return found


def unmatched_tags(tags: list[HtmlTag]) -> tuple[list[HtmlTag], list[HtmlTag]]:
    """Opening tags never closed, and closing tags that close nothing, name by name.

    An ``<a>`` does not nest: a new one ends the one still open, which was never closed.
    """
    open_tags: dict[str, list[HtmlTag]] = {}
    stray = []
    ended = []
    for tag in tags:
        stack = open_tags.setdefault(tag.name, [])
        if not tag.closing:
            if tag.name == "a" and stack:
                ended.extend(stack)
                stack.clear()
            stack.append(tag)
        elif stack:
            stack.pop()
        else:
            stray.append(tag)
    unclosed = sorted([*ended, *(t for s in open_tags.values() for t in s)], key=lambda t: t.start)
    return unclosed, stray
