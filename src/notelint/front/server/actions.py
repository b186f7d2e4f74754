"""Code actions: one finding's fix, fix all (``--fix``), and a comment that disables a rule.

A finding's quick fix is its own edits, unsafe ones labelled so. "Fix all" and document
formatting are the text ``--fix`` would write, safety checks included, sent as one edit
of the part of the buffer that changes.
"""

from __future__ import annotations

import regex
from lsprotocol import types

from notelint.front.server.checker import Checked
from notelint.front.server.diagnostics import span, to_diagnostic, to_range
from notelint.front.server.positions import LineIndex, Place
from notelint.model.violation import Violation

FIX_ALL = "source.fixAll.notelint"
KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL]

# A directive of ``kind`` ending a line: its rules, then the reason and `-->`.
_DIRECTIVE = (
    r"<!--[ \t]*notelint-{kind}(?P<rules>(?:[ \t,]+(?!--)[\w-]+)*)"
    r"(?P<rest>[ \t]*(?:--(?:(?!-->).)*)?-->)[ \t]*$"
)
_DISABLE_LINE = regex.compile(_DIRECTIVE.format(kind="disable-line"))
_DISABLE_NEXT_LINE = regex.compile(r"^[ \t]*" + _DIRECTIVE.format(kind="disable-next-line"))
# An ATX heading: a comment at its end would become part of its text.
_HEADING = regex.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


def wanted(only: list[str] | None, kind: str) -> bool:
    """Whether a client that asked for ``only`` these kinds wants an action of ``kind``."""
    return only is None or any(kind == k or kind.startswith(k + ".") for k in only)


def text_edit(index: LineIndex, start: int, end: int, content: str) -> types.TextEdit:
    return types.TextEdit(range=to_range(index, start, end), new_text=content)


def workspace_edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def replacement(index: LineIndex, old: str, new: str) -> list[types.TextEdit]:
    """One edit turning ``old`` into ``new``: only the part between what they share."""
    if old == new:
        return []
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    # Never split a \r\n: an edit ending between them would leave a lone \r behind.
    if head and old[head - 1] == "\r":
        head -= 1
    cut = len(old) - tail
    if tail and cut > 0 and old[cut] == "\n" and old[cut - 1] == "\r":
        tail -= 1
    return [text_edit(index, head, len(old) - tail, new[head : len(new) - tail])]


def quick_fix(
    uri: str, checked: Checked, index: LineIndex, violation: Violation
) -> types.CodeAction | None:
    fix = violation.fix
    if fix is None or not fix.edits:
        return None
    unsafe = fix.applicability == "unsafe"
    title = f"Fix {violation.code} ({violation.name})" + (" [unsafe]" if unsafe else "")
    edits = [
        text_edit(index, e.start + checked.shift, e.end + checked.shift, e.content)
        for e in fix.edits
    ]
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_diagnostic(checked, index, violation)],
        is_preferred=not unsafe,
        edit=workspace_edit(uri, edits),
    )


def disable_for_line(
    uri: str, checked: Checked, index: LineIndex, violation: Violation
) -> types.CodeAction | None:
    """A comment that hides the finding's rule on the finding's line.

    ``<!-- notelint-disable-line CODE -->`` goes at the end of the line, except on a
    heading, whose text it would change: there a ``disable-next-line`` comment goes on
    its own line above. A directive already in place gets the code added instead; one
    that names no rule already covers every rule.
    """
    line = index.line_of(span(checked, violation)[0])
    text = index.line_text(line)
    if _HEADING.match(text):
        edit = _add_to(index, line - 1, _DISABLE_NEXT_LINE, violation) if line else None
        if edit is None:
            at = index.line_start(line)
            indent = text[: len(text) - len(text.lstrip(" \t"))]
            comment = f"{indent}<!-- notelint-disable-next-line {violation.code} -->"
            edit = text_edit(index, at, at, comment + _newline(index))
    else:
        edit = _add_to(index, line, _DISABLE_LINE, violation)
        if edit is None:
            end = index.line_end(line)
            gap = "" if not text or text[-1] in " \t" else " "
            comment = f"{gap}<!-- notelint-disable-line {violation.code} -->"
            edit = text_edit(index, end, end, comment)
    if not edit.new_text:
        return None
    return types.CodeAction(
        title=f"Disable {violation.code} ({violation.name}) for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_diagnostic(checked, index, violation)],
        edit=workspace_edit(uri, [edit]),
    )


def _add_to(
    index: LineIndex, line: int, directive: regex.Pattern[str], violation: Violation
) -> types.TextEdit | None:
    """An edit adding the violation's code to the directive ending ``line``, if it has one.

    The edit is empty when the directive already covers the rule.
    """
    found = directive.search(index.line_text(line))
    if found is None:
        return None
    at = index.line_start(line) + found.end("rules")
    rules = [r for r in regex.split(r"[ \t,]+", found["rules"]) if r]
    if not rules or violation.code in rules or violation.name in rules:
        return text_edit(index, at, at, "")
    return text_edit(index, at, at, f" {violation.code}")


def _newline(index: LineIndex) -> str:
    """The text's first line break, for a line the edit adds."""
    found = regex.search(r"\r\n|\r|\n", index.text)
    return found.group() if found else "\n"


def in_range(checked: Checked, index: LineIndex, violation: Violation, rng: types.Range) -> bool:
    """Whether the violation's span meets the lines and characters of ``rng``."""
    first = index.offset(Place(rng.start.line, rng.start.character))
    last = index.offset(Place(rng.end.line, rng.end.character))
    start, end = span(checked, violation)
    return start <= last and first <= end


def for_range(
    uri: str, checked: Checked, index: LineIndex, rng: types.Range, only: list[str] | None
) -> list[types.CodeAction]:
    """The quick fixes and disable comments of the findings in ``rng``."""
    if not wanted(only, types.CodeActionKind.QuickFix):
        return []
    actions: list[types.CodeAction] = []
    disables: list[types.CodeAction] = []
    seen: set[tuple[int, str]] = set()
    for v in checked.violations:
        if not in_range(checked, index, v, rng):
            continue
        fix = quick_fix(uri, checked, index, v)
        if fix is not None:
            actions.append(fix)
        key = (index.line_of(span(checked, v)[0]), v.code)
        if key not in seen:
            seen.add(key)
            disable = disable_for_line(uri, checked, index, v)
            if disable is not None:
                disables.append(disable)
    return actions + disables


def fix_all(
    title: str, uri: str, edit: types.WorkspaceEdit | None, data: object = None
) -> types.CodeAction:
    """The "fix all" action; without ``edit`` the client resolves it later with ``data``."""
    return types.CodeAction(title=title, kind=FIX_ALL, edit=edit, data=data)
