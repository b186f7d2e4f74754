"""notelint: lint and fix Markdown paper-reading notes.

The library API is two functions::

    from notelint import lint_text, fix_text
    for v in lint_text(text, path="README.md"):
        print(v.code, v.message)
    fixed = fix_text(text)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notelint.config.options import Config
from notelint.model.violation import Edit, Fix, Violation
from notelint.syntax.source import Source
from notelint.version import __version__

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

# The engine's errors, loaded on first use so that importing notelint stays cheap.
_ERRORS = {"FixRefused": "fixing", "SelectionError": "selection"}


def __getattr__(name: str) -> Any:
    if name not in _ERRORS:
        raise AttributeError(f"module 'notelint' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"notelint.engine.{_ERRORS[name]}"), name)


def lint_text(
    text: str, path: str | Path | None = None, config: Config | None = None
) -> list[Violation]:
    """Lint ``text``; offsets in the violations index ``text`` without a leading BOM."""
    from notelint.engine.linting import lint_source

    p = Path(path) if path is not None else None
    return lint_source(Source.from_text(text), config or Config(), p)


def fix_text(text: str, path: str | Path | None = None, config: Config | None = None) -> str:
    """Return ``text`` with every fix applied (unsafe ones too when the config says so).

    Raises ``notelint.FixRefused`` when the result fails a safety check.
    """
    from notelint.engine.fixing import fix_source

    p = Path(path) if path is not None else None
    source = Source.from_text(text)
    return source.to_text(fix_source(source, config or Config(), p).text)
