"""notelint: lint and fix Markdown paper-reading notes.

The library API is two functions::

    from notelint import lint_text, fix_text
    for v in lint_text(text, path="README.md"):
        print(v.code, v.message)
    fixed = fix_text(text)
"""

from __future__ import annotations

from pathlib import Path

from notelint.config import Config
from notelint.source import Source
from notelint.violation import Edit, Fix, Violation

__version__ = "0.1.0"
__all__ = ["Config", "Edit", "Fix", "Violation", "__version__", "fix_text", "lint_text"]


def lint_text(
    text: str, path: str | Path | None = None, config: Config | None = None
) -> list[Violation]:
    """Lint ``text``; offsets in the violations index ``text`` without a leading BOM."""
    from notelint.engine import lint_source

    p = Path(path) if path is not None else None
    return lint_source(Source.from_text(text), config or Config(), p)


def fix_text(text: str, path: str | Path | None = None, config: Config | None = None) -> str:
    """Return ``text`` with every fix applied (unsafe ones too when the config says so).

    Raises ``notelint.engine.FixRefused`` when the result fails a safety check.
    """
    from notelint.engine import fix_source

    p = Path(path) if path is not None else None
    source = Source.from_text(text)
    return source.to_text(fix_source(source, config or Config(), p).text)
