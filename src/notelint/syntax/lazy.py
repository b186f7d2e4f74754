"""Regular expressions compiled when first used.

A check imports every rule, and most files need only part of their patterns: the paper
list patterns are idle in a notes file, the anchor patterns in a file without links to
headings. Compiling them all at import cost more than checking a small file does.
``lazy_re`` and ``lazy_regex`` stand in for ``re.compile`` and ``regex.compile`` at a
module's top level: the pattern compiles on its first use, and from then on each method
is looked up on the stand-in as fast as on the pattern itself.

A stand-in answers the pattern's attributes (``match``, ``sub``, ``pattern``, ...), which
is all the code that uses one asks of it; it is not a ``re.Pattern`` to ``isinstance``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from notelint.syntax.signals import INTERRUPTS, signals_held

if TYPE_CHECKING:
    import regex


class _Lazy:
    """A pattern compiled on first use; then its attributes, each kept once read."""

    def __init__(self, pattern: str, flags: int, unicode: bool) -> None:
        self.__dict__.update(_source=pattern, _flags=flags, _unicode=unicode)

    def __getattr__(self, name: str) -> Any:
        # Only names not yet in the instance's dict come here.
        if name.startswith("__"):
            raise AttributeError(name)
        found = self.__dict__.get("_compiled")
        if found is None:
            found = self._compile()
        value = getattr(found, name)
        self.__dict__[name] = value
        return value

    def _compile(self) -> Any:
        pattern, flags = self.__dict__["_source"], self.__dict__["_flags"]
        if not self.__dict__["_unicode"]:
            plain = self.__dict__["_compiled"] = re.compile(pattern, flags)
            return plain
        # Kept before an interrupt held meanwhile is raised: no second compile after it.
        with signals_held(INTERRUPTS):
            compiled = self.__dict__["_compiled"] = compile_regex(pattern, flags)
        return compiled

    def __repr__(self) -> str:
        return f"lazy({self.__dict__['_source']!r})"


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags, unicode=False))


def lazy_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``compile_regex(pattern, flags)``, done on first use."""
    return cast("regex.Pattern[str]", _Lazy(pattern, flags, unicode=True))


def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)`` with Ctrl-C and the time limit's alarm held.

    The ``regex`` compiler frees its parse tree through ``__del__`` methods, and an
    exception raised inside one is printed and dropped: an interrupt landing there would
    be lost. Held, it is raised once the compile is done, from ordinary code.
    """
    import regex

    with signals_held(INTERRUPTS):
        return regex.compile(pattern, flags)
