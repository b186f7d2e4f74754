"""The default format: one line per problem, then a summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from notelint.runner import FileResult, RunResult
    from notelint.violation import Violation


def write(result: RunResult, stream: TextIO) -> None:
    for file, violation in result.violations():
        stream.write(headline(result, file, violation) + "\n")
    write_summary(result, stream)


def headline(result: RunResult, file: FileResult, violation: Violation) -> str:
    """``path:line:col: CODE [*] message``, with ``[*]`` when ``--fix`` would fix it."""
    assert file.source is not None
    pos = file.source.position(violation.start)
    mark = " [*]" if result.is_fixable(violation) else ""
    return f"{file.path}:{pos.line}:{pos.column}: {violation.code}{mark} {violation.message}"


def write_summary(result: RunResult, stream: TextIO) -> None:
    if result.fixed:
        stream.write(f"Fixed {count(result.fixed, 'problem')}.\n")
    problems = result.problems
    if problems:
        fixable = result.fixable
        hint = f" ({fixable} fixable with --fix)" if fixable else ""
        stream.write(f"Found {count(problems, 'problem')}{hint}.\n")
        hidden = result.hidden_fixes
        if hidden:
            fixes = count(hidden, "more fix", "more fixes")
            stream.write(f"{fixes} can be enabled with --unsafe-fixes.\n")
    elif not result.fixed and not result.errors:
        # With errors some files went unchecked: claiming all passed would mislead.
        stream.write("All checks passed!\n")


def count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
