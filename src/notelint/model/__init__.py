"""The notes structure of a document, built once per file from the parse; rules only read it."""
