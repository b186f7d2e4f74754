"""NL3: notes blocks."""

from __future__ import annotations
