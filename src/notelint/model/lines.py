"""Facts about a document that several rules read, each worked out once per document.

Many rules walk the same lines: every line of the file (blank runs, indentation) or
every line of its notes blocks. ``per_document`` keeps what such a walk finds beside the
document for as long as it lives, so the rules that need it share one walk while each
keeps its own code. What it keeps is read, never changed: sets are frozen.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from functools import wraps
from typing import TypeVar

from notelint.model.document import Document
from notelint.syntax.source import Source

_T = TypeVar("_T")


def per_document(func: Callable[[Document], _T]) -> Callable[[Document], _T]:
    """``func`` answering once per document, then from memory while the document lives.

    The memory holds each document by a weak reference without a callback, and forgets
    the documents that are gone whenever it learns a new one: no code of ours runs when
    a document is freed, where an interrupt (Ctrl-C) arriving then would be lost.
    """
    known: dict[int, tuple[weakref.ref[Document], _T]] = {}

    @wraps(func)
    def once(doc: Document) -> _T:
        found = known.get(id(doc))
        if found is not None and found[0]() is doc:
            return found[1]
        for gone in [key for key, (ref, _) in known.items() if ref() is None]:
            del known[gone]
        value = func(doc)
        known[id(doc)] = (weakref.ref(doc), value)
        return value

    return once


def lines_between(source: Source, first: int, last: int) -> list[str]:
    """The texts of lines ``first`` to ``last`` (included), as ``Source.line`` gives them."""
    text = source.text[source.line_starts[first] : source.line_ends[last]]
    if "\r" not in text:
        return text.split("\n")
    return [source.line(index) for index in range(first, last + 1)]


def lines_holding(source: Source, chars: str) -> Iterator[tuple[int, str]]:
    """Each line that holds ``chars`` (no line break in them), with its text, in order."""
    text = source.text
    at = text.find(chars)
    while at != -1:
        index = source.line_index(at)
        yield index, source.line(index)
        at = text.find(chars, source.line_ends[index])


def blank_ended_lines(source: Source) -> list[int]:
    """The lines whose last character is a space or a tab, in order."""
    text = source.text
    ends = [len(text)] if text.endswith((" ", "\t")) else []
    for brk in ("\n", "\r") if "\r" in text else ("\n",):
        for blank in " \t":
            at = text.find(blank + brk)
            while at != -1:
                ends.append(at + 1)
                at = text.find(blank + brk, at + 2)
    return sorted(source.line_index(end) for end in ends)


# How many lines are read at once where all are: a list of every line's text takes more
# memory than the text itself.
_PIECE = 4096


@per_document
def blank_lines(doc: Document) -> frozenset[int]:
    """The lines holding nothing but spaces and tabs."""
    source = doc.source
    found: list[int] = []
    for first in range(0, source.line_count, _PIECE):
        last = min(first + _PIECE, source.line_count) - 1
        lines = lines_between(source, first, last)
        found.extend(first + i for i, line in enumerate(lines) if not line.strip(" \t"))
    return frozenset(found)
