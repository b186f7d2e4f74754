"""NL4: images and HTML."""

from __future__ import annotations
