"""The default format: one line per problem, then a summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from notelint.report import ReportOptions

if TYPE_CHECKING:
    from notelint.engine.results import FileResult, RunResult
    from notelint.model.violation import Violation

# ANSI styles, as ruff uses them: a bold path, a bold red (error) or yellow code, cyan [*].
_BOLD, _RED, _YELLOW, _CYAN, _RESET = "\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[36m", "\x1b[0m"


def write(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    options = options or ReportOptions()
    color = options.color
    # One write of every line: thousands of small writes cost more than making the lines.
    lines = []
    # What the summary counts, counted on the way: a pass over thousands of findings
    # costs more than the counting.
    fixable = hidden = 0
    for file in result.files:
        if not file.violations:
            continue
        assert file.source is not None
        places = file.source.positions([v.start for v in file.violations])
        if color:
            lines += [
                headline(result, file, v, color, place) + "\n"
                for v, place in zip(file.violations, places, strict=True)
            ]
            continue
        path = file.path
        unsafe = result.unsafe_fixes or file.unsafe_fixes
        for v, (line, column) in zip(file.violations, places, strict=True):
            fix = v.fix
            mark = ""
            if fix is not None:
                if unsafe or fix.applicability == "safe":
                    mark = " [*]"
                    fixable += 1
                elif fix.applicability == "unsafe":
                    hidden += 1
            lines.append(f"{path}:{line}:{column}: {v.code}{mark} {v.message}\n")
    stream.write("".join(lines))
    if not options.quiet:
        write_summary(result, stream, None if color else (fixable, hidden))


def headline(
    result: RunResult,
    file: FileResult,
    violation: Violation,
    color: bool = False,
    place: tuple[int, int] | None = None,
) -> str:
    """``path:line:col: CODE [*] message``, with ``[*]`` when ``--fix`` would fix it.

    ``place`` is the violation's line and column, when already known.
    """
    if place is None:
        assert file.source is not None
        position = file.source.position(violation.start)
        place = position.line, position.column
    line, column = place
    fixable = result.is_fixable(violation, file)
    if not color:
        mark = " [*]" if fixable else ""
        return f"{file.path}:{line}:{column}: {violation.code}{mark} {violation.message}"
    code_style = _RED if violation.level == "error" else _YELLOW
    mark = f" {_CYAN}[*]{_RESET}" if fixable else ""
    return (
        f"{_BOLD}{file.path}{_RESET}:{line}:{column}: "
        f"{code_style}{violation.code}{_RESET}{mark} {violation.message}"
    )


def write_summary(
    result: RunResult, stream: TextIO, counted: tuple[int, int] | None = None
) -> None:
    """The summary line; ``counted`` are the fixes ``--fix`` would apply and those only
    ``--unsafe-fixes`` would, when already counted."""
    if result.fixed:
        stream.write(f"Fixed {count(result.fixed, 'problem')}.\n")
    problems = result.problems
    if problems:
        fixable = result.fixable if counted is None else counted[0]
        hint = f" ({fixable} fixable with --fix)" if fixable else ""
        stream.write(f"Found {count(problems, 'problem')}{hint}.\n")
        hidden = result.hidden_fixes if counted is None else counted[1]
        if hidden:
            fixes = count(hidden, "more fix", "more fixes")
            stream.write(f"{fixes} can be enabled with --unsafe-fixes.\n")
    elif not result.fixed and not result.errors:
        # With errors some files went unchecked: claiming all passed would mislead.
        stream.write("All checks passed!\n")


def count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
