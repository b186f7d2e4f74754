"""Show findings the LSP way: diagnostics with ranges, codes, links, and hover texts."""

from __future__ import annotations

from lsprotocol import types

from notelint.front.server.checker import Checked
from notelint.front.server.positions import LineIndex, Place
from notelint.model.violation import Violation

SOURCE = "notelint"
RULES_PAGE = "https://github.com/notelint/notelint/blob/main/docs/rules.md"

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
}


def rule_url(code: str, name: str) -> str:
    """The address of a rule's section of the rules page (its heading's anchor)."""
    return f"{RULES_PAGE}#{code.lower()}-{name}"


def to_range(index: LineIndex, start: int, end: int) -> types.Range:
    first, last = index.place(start), index.place(end)
    return types.Range(
        start=types.Position(line=first.line, character=first.character),
        end=types.Position(line=last.line, character=last.character),
    )


def span(checked: Checked, violation: Violation) -> tuple[int, int]:
    """The violation's offsets in the buffer's own text."""
    return violation.start + checked.shift, violation.end + checked.shift


def to_diagnostic(checked: Checked, index: LineIndex, violation: Violation) -> types.Diagnostic:
    start, end = span(checked, violation)
    message = violation.message
    if violation.fix is not None and not checked.fixable(violation):
        message += " (unsafe fix available)"
    return types.Diagnostic(
        range=to_range(index, start, end),
        message=message,
        severity=_SEVERITY[violation.level],
        code=violation.code,
        code_description=types.CodeDescription(href=rule_url(violation.code, violation.name)),
        source=SOURCE,
    )


def diagnostics(checked: Checked, index: LineIndex) -> list[types.Diagnostic]:
    return [to_diagnostic(checked, index, v) for v in checked.violations]


def at_place(checked: Checked, index: LineIndex, place: Place) -> list[Violation]:
    """The violations whose span holds ``place`` (an empty span holds its own point)."""
    offset = index.offset(place)
    found = []
    for v in checked.violations:
        start, end = span(checked, v)
        if start <= offset < end or start == end == offset:
            found.append(v)
    return found


def hover(checked: Checked, index: LineIndex, place: Place) -> types.Hover | None:
    """The documentation of each rule with a finding under the cursor."""
    from notelint.engine.selection import registry
    from notelint.rules.base import documentation

    found = at_place(checked, index, place)
    if not found:
        return None
    rules = registry()
    parts = []
    for code in dict.fromkeys(v.code for v in found):
        rule = rules.get(code)
        if rule is None:
            continue
        facts = f"level: {rule.level} · fix: {rule.fix}"
        link = f"[{code} {rule.name}]({rule_url(code, rule.name)})"
        parts.append(f"### {code} {rule.name}\n\n{facts}\n\n{documentation(rule)}\n\n{link}")
    if not parts:
        return None
    first = found[0]
    start, end = span(checked, first)
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
        ),
        range=to_range(index, start, end),
    )
