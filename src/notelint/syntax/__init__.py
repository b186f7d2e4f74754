"""The text and its syntax: positions, the parse with spans, links, headings, notes blocks."""
