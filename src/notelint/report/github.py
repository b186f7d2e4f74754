"""GitHub Actions workflow commands: each problem becomes an annotation on the pull request.

``::error file=notes.md,line=3,col=5,endLine=3,endColumn=9,title=NL201 code-link-format::…``
(``::warning`` for warnings), escaped as the runner's command parser expects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from notelint.engine.results import RunResult
    from notelint.report import ReportOptions


def write(result: RunResult, stream: TextIO, options: ReportOptions | None = None) -> None:
    for file in result.files:
        if file.error:
            # A file that could not be checked gets an annotation too, not only a log line.
            stream.write(command("error", {"file": file.path, "title": "notelint"}, file.error))
        for violation in file.violations:
            assert file.source is not None
            first = file.source.position(violation.start)
            last = file.source.position(violation.end)
            properties: dict[str, str | int] = {
                "file": file.path,
                "line": first.line,
                "col": first.column,
                "endLine": last.line,
                "endColumn": last.column,
                "title": f"{violation.code} {violation.name}",
            }
            stream.write(command(violation.level, properties, violation.message))


def command(kind: str, properties: dict[str, str | int], message: str) -> str:
    """One workflow command line, ending in a newline."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{kind} {props}::{escape_data(message)}\n"


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, carriage returns and newlines."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, and ``:`` and ``,``, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
