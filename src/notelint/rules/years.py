"""NL1: year headings, sections and groups."""

from __future__ import annotations
