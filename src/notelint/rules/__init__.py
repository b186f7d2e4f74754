"""The built-in rules, one module per group; importing this package registers them."""

from __future__ import annotations

from notelint.rules import (
    blank_lines,
    cross_listing,
    directives,
    empty_images,
    entries,
    html,
    image_files,
    layout,
    layout_headings,
    layout_lists,
    links,
    local_links,
    meta,
    note_lines,
    notes,
    notes_indent,
    ordered_lists,
    urls,
    year_sections,
    years,
)
from notelint.rules.base import REGISTRY, Rule, RuleContext, register

__all__ = [
    "REGISTRY",
    "Rule",
    "RuleContext",
    "blank_lines",
    "cross_listing",
    "directives",
    "empty_images",
    "entries",
    "html",
    "image_files",
    "layout",
    "layout_headings",
    "layout_lists",
    "links",
    "local_links",
    "meta",
    "note_lines",
    "notes",
    "notes_indent",
    "ordered_lists",
    "register",
    "urls",
    "year_sections",
    "years",
]
