"""Run rules on a document: selection, linting, the fix loop and its safety checks.

The engine knows rules only through the registry; it never imports a particular rule.
The names below are loaded on first use, so importing the package costs nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_NAMES = {
    "FixRefused": "notelint.engine.fixing",
    "FixResult": "notelint.engine.fixing",
    "fix_source": "notelint.engine.fixing",
    "lint_source": "notelint.engine.linting",
    "SelectionError": "notelint.engine.selection",
    "select_rules": "notelint.engine.selection",
    "registry": "notelint.engine.selection",
}
__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    if name not in _NAMES:
        raise AttributeError(f"module 'notelint.engine' has no attribute {name!r}")
    return getattr(import_module(_NAMES[name]), name)
