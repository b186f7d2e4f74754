"""Facts about a document that several rules read, each worked out once per document.

Many rules walk the same lines: every line of the file (blank runs, indentation) or
every line of its notes blocks. ``per_document`` keeps what such a walk finds beside the
document for as long as it lives, so the rules that need it share one walk while each
keeps its own code. What it keeps is read, never changed: sets are frozen.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from notelint.model.document import Document

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


@per_document
def line_texts(doc: Document) -> list[str]:
    """Every line's text without its line ending, as ``Source.line`` gives it."""
    text, ends = doc.source.text, doc.source.line_ends
    if "\r" not in text:
        return text.split("\n")  # the common case, in one C loop
    return [text[start : ends[index]] for index, start in enumerate(doc.source.line_starts)]


@per_document
def blank_lines(doc: Document) -> frozenset[int]:
    """The lines holding nothing but spaces and tabs."""
    return frozenset(i for i, line in enumerate(line_texts(doc)) if not line.strip(" \t"))
