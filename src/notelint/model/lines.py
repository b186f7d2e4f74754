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
    """``func`` answering once per document, then from memory while the document lives."""
    known: weakref.WeakKeyDictionary[Document, _T] = weakref.WeakKeyDictionary()

    @wraps(func)
    def once(doc: Document) -> _T:
        try:
            return known[doc]
        except KeyError:
            value = known[doc] = func(doc)
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
