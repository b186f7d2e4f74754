"""Path patterns that match with a time limit, so a hostile exclude pattern cannot hang a run."""

from __future__ import annotations

import re
from typing import Any

# How long a user pattern may take on one path.
PATTERN_TIMEOUT = 1.0


class PatternTooComplex(ValueError):
    """A user's pattern took too long to match a path."""


class GuardedPattern:
    """A compiled pattern whose ``search`` gives up after PATTERN_TIMEOUT seconds.

    Stands in for the ``re`` pattern of a pathspec pattern; ``regex`` also finishes many
    patterns in linear time that ``re`` backtracks on exponentially (``a*a*a*a*b``).
    """

    def __init__(self, compiled: Any, source: str, origin: str = "") -> None:
        import regex

        self.pattern = compiled.pattern
        flags = compiled.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE)
        self._compiled = regex.compile(compiled.pattern, flags)
        self._source = source
        self._origin = f"{origin}: " if origin else ""

    def search(self, text: str) -> Any:
        try:
            return self._compiled.search(text, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            raise PatternTooComplex(
                f"{self._origin}pattern {_short(self._source)!r} is too complex: matching "
                f"it against {_short(text)!r} took more than {PATTERN_TIMEOUT:g} s"
            ) from None


def _short(text: str, keep: int = 40) -> str:
    return text if len(text) <= keep else text[: keep - 1] + "…"


def guard_patterns(spec: Any, origin: str = "") -> Any:
    """Make every pattern of a pathspec spec match with a timeout; return the spec.

    ``origin`` names where the patterns were written, for the error message.
    """
    for pattern in getattr(spec, "patterns", ()):
        compiled = getattr(pattern, "regex", None)
        if compiled is not None and not isinstance(compiled, GuardedPattern):
            source = getattr(pattern, "pattern", None) or compiled.pattern
            pattern.regex = GuardedPattern(compiled, str(source), origin)
    return spec
