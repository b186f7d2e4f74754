"""notelint: lint and fix Markdown paper-reading notes.

The library API is two functions::

    from notelint import lint_text, fix_text
    for v in lint_text(text, path="README.md"):
        print(v.code, v.message)
    fixed = fix_text(text)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from notelint.version import __version__

if TYPE_CHECKING:
    from notelint.config.options import Config
    from notelint.engine.fixing import FixRefused
    from notelint.engine.selection import SelectionError
    from notelint.model.violation import Edit, Fix, Violation
    from notelint.syntax.source import Source

__all__ = [
    "Config",
    "Edit",
    "Fix",
    "FixRefused",
    "SelectionError",
    "Source",
    "Violation",
    "__version__",
    "fix_text",
    "lint_text",
]

# Where each name of the API is defined, loaded on first use: importing notelint stays
# cheap, and the command line turns the cyclic collector off before its imports start.
_LAZY = {
    "Config": "config.options",
    "Edit": "model.violation",
    "Fix": "model.violation",
    "Violation": "model.violation",
    "Source": "syntax.source",
    "FixRefused": "engine.fixing",
    "SelectionError": "engine.selection",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'notelint' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"notelint.{_LAZY[name]}"), name)


def lint_text(
    text: str, path: str | Path | None = None, config: Config | None = None
) -> list[Violation]:
    """Lint ``text``; offsets in the violations index ``text`` without a leading BOM."""
    from notelint.config.options import Config
    from notelint.engine.linting import lint_source
    from notelint.syntax.source import Source

    p = Path(path) if path is not None else None
    return lint_source(Source.from_text(text), config or Config(), p)


def fix_text(text: str, path: str | Path | None = None, config: Config | None = None) -> str:
    """Return ``text`` with every fix applied (unsafe ones too when the config says so).

    Raises ``notelint.FixRefused`` when the result fails a safety check.
    """
    from notelint.config.options import Config
    from notelint.engine.fixing import fix_source
    from notelint.syntax.source import Source

    p = Path(path) if path is not None else None
    source = Source.from_text(text)
    return source.to_text(fix_source(source, config or Config(), p).text)
