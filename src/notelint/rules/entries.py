"""NL2: entries, their meta lines and links."""

from __future__ import annotations
