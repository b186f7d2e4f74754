"""The notes structure (stub; replaced by the full model)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from notelint.source import Source


@dataclass
class Document:
    source: Source

    def inventory(self) -> Counter[tuple[str, str]]:
        return Counter()


def build(source: Source) -> Document:
    return Document(source)
