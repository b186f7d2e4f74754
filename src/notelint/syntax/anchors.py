"""The anchors GitHub gives a page, and the ``<a href>`` links of raw HTML.

GitHub gives every heading an ``id``: its rendered text, lower-cased, with every
character that is not a letter, mark, digit, ``_``, ``-`` or space removed, and spaces
made ``-``; a repeated anchor gets ``-1``, ``-2`` … in page order. ``name`` and ``id``
attributes of raw HTML are anchors too. Where the rendered text is uncertain (``_``
that may be emphasis, an emoji shortcode) every reading is kept: a fragment that
matches any of them is taken to work.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import unquote

import regex

from notelint.syntax.html_tags import comment_spans
from notelint.syntax.lazy import lazy_re, lazy_regex
from notelint.syntax.parse import Node
from notelint.syntax.records import Value
from notelint.syntax.source import Source

_NOT_SLUG = lazy_regex(r"[^\w\- ]")
_IMAGE = lazy_re(r"!\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^()]*(?:\([^()]*\)[^()]*)*\)")
_LINK = lazy_re(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\]]*\])")
_TAG = lazy_re(r"</?[A-Za-z][A-Za-z0-9-]*(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")
_ESCAPE = lazy_re(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS_UNDERSCORE = lazy_re(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_SHORTCODE = lazy_re(r":([a-z0-9_+\-]+):")
_CLOSING_HASHES = lazy_re(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
# An `<a>` (or any tag's) anchor attribute, and an `<a>` tag's href.
_ANCHOR_ATTR = lazy_regex(
    r"""(?<=\s)(?:name|id)\s*=\s*(?:"(?P<v>[^"]*)"|'(?P<v>[^']*)'|(?P<v>[^\s"'=<>`]+))""",
    regex.I,
)
_A_TAG = lazy_re(r"<a\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", re.I)
_HREF = lazy_regex(
    r"""(?<=\s)href\s*=\s*(?:"(?P<v>[^"]*)"|'(?P<v>[^']*)'|(?P<v>[^\s"'=<>`]+))""", regex.I
)
_HTML_HEADING = lazy_re(r"<h[1-6]\b[^>]*>(?P<text>.*?)</h[1-6]\s*>", re.I | re.S)


def slug(text: str) -> str:
    """The anchor GitHub makes from a heading's rendered text (before numbering repeats)."""
    return str(_NOT_SLUG.sub("", text.lower())).replace(" ", "-")


def readings(markdown: str) -> set[str]:
    """The rendered texts a heading's Markdown may have, from the surest reading on."""
    text = _CLOSING_HASHES.sub("", markdown.strip())
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", text)
    text = text.replace("`", "")
    text = html.unescape(_ESCAPE.sub(r"\1", text))
    # What is left around an image or a tag stays: `Title ![badge](u)` makes `title-`.
    out = {text, text.strip()}
    out.add(_EMPHASIS_UNDERSCORE.sub("", text))
    for item in list(out):
        out.add(_SHORTCODE.sub("", item))
        out.add(_SHORTCODE.sub(r"\1", item))
    return out


class HtmlLink(Value):
    """An ``<a href>`` in raw HTML, with its value as written (entities and all) and its span."""

    __slots__ = ("end", "start", "url", "url_end", "url_start")

    def __init__(self, start: int, end: int, url: str, url_start: int, url_end: int) -> None:
        self.start = start
        self.end = end
        self.url = url
        self.url_start = url_start
        self.url_end = url_end


def html_links(source: Source, start: int, end: int) -> list[HtmlLink]:
    """The ``<a href=…>`` tags between two offsets, outside comments."""
    text = source.text
    if text.find("<a", start, end) < 0 and text.find("<A", start, end) < 0:
        return []  # no tag to look for: the pattern need not compile
    comments = comment_spans(text, start, end)
    found = []
    for m in _A_TAG.finditer(text, start, end):
        if any(s <= m.start() < e for s, e in comments):
            continue
        href = _HREF.search(m.group())
        if href is None:
            continue
        s, e = m.start() + href.start("v"), m.start() + href.end("v")
        found.append(HtmlLink(m.start(), m.end(), href.group("v"), s, e))
    return found


def html_anchors(text: str) -> list[str]:
    """The ``name`` and ``id`` values of the tags in a piece of raw HTML."""
    return [html.unescape(m.group("v")) for m in _ANCHOR_ATTR.finditer(text)]


class Anchors:
    """Every fragment a page answers to, compared as GitHub does, without case."""

    def __init__(self, headings: Iterable[str], explicit: Iterable[str]) -> None:
        self.known: set[str] = {a.casefold() for a in explicit}
        seen: Counter[str] = Counter()
        for markdown in headings:
            taken: set[str] = set()
            for reading in readings(markdown):
                base = slug(reading).casefold()
                if base in taken:
                    continue
                taken.add(base)
                count = seen[base]
                self.known.add(f"{base}-{count}" if count else base)
                # A reading that is not the one GitHub takes may still be numbered.
                self.known.update(f"{base}-{n}" for n in range(1, count + 1))
                seen[base] += 1

    def has(self, fragment: str) -> bool:
        """Whether ``fragment`` (without ``#``, maybe percent-encoded) names an anchor."""
        name = unquote(fragment).strip().casefold()
        name = name.removeprefix("user-content-")
        return not name or name == "top" or name in self.known


def page_anchors(source: Source, blocks: Iterable[Node]) -> Anchors:
    """The anchors of a parsed page: its headings (nested ones too) and raw-HTML ids."""
    headings: list[str] = []
    explicit: list[str] = []
    text = source.text
    for node in blocks:
        if node.type == "heading":
            raw = node.token.get("text")
            if not isinstance(raw, str):
                raw = text[node.start : source.line_ends[node.line]].lstrip("#")
            headings.append(raw)
        elif node.type == "block_html":
            chunk = text[node.start : node.end]
            explicit.extend(html_anchors(chunk))
            headings.extend(m.group("text") for m in _HTML_HEADING.finditer(chunk))
        for inline in node.inlines:
            if inline.type == "inline_html":
                explicit.extend(html_anchors(text[inline.start : inline.end]))
    return Anchors(headings, explicit)
