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


def line_texts(doc: Document) -> list[str]:
    """Every line's text without its line ending, as ``Source.line`` gives it.

    Not kept: on a large file the lines take more memory than the text itself. Rules that
    read only some lines take them with ``lines_between`` or ``lines_holding``.
    """
    text, ends = doc.source.text, doc.source.line_ends
    if "\r" not in text:
        return text.split("\n")  # the common case, in one C loop
    return [text[start : ends[index]] for index, start in enumerate(doc.source.line_starts)]


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


@per_document
def blank_lines(doc: Document) -> frozenset[int]:
    """The lines holding nothing but spaces and tabs."""
    return frozenset(i for i, line in enumerate(line_texts(doc)) if not line.strip(" \t"))
