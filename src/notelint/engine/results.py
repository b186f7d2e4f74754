"""What a run found: per-file results and their totals, which reports print."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from notelint.model.violation import Violation
from notelint.syntax.records import Equal
from notelint.syntax.source import Source


class FileResult(Equal):
    """What happened to one file."""

    def __init__(
        self,
        path: str,
        # The text the violations' offsets index: the fixed text once fixes were applied.
        source: Source | None = None,
        violations: list[Violation] | None = None,
        fixed: int = 0,
        # A unified diff of the fixes, in diff mode.
        diff: str = "",
        # For standard input in fix mode: the bytes to print (the input, when nothing applied).
        output: bytes | None = None,
        # One line, "path: cause", when the file could not be checked, read, fixed or written.
        error: str | None = None,
        # The traceback of an unexpected failure, for --verbose.
        detail: str | None = None,
        # The configuration file the file was checked with, if any.
        config_path: Path | None = None,
        # Whether the file's settings allow unsafe fixes, which decides what counts as fixable.
        unsafe_fixes: bool = False,
    ) -> None:
        self.path = path
        self.source = source
        self.violations = [] if violations is None else violations
        self.fixed = fixed
        self.diff = diff
        self.output = output
        self.error = error
        self.detail = detail
        self.config_path = config_path
        self.unsafe_fixes = unsafe_fixes


class RunResult(Equal):
    """What happened to every file of one run, in the order they were checked."""

    def __init__(self, files: list[FileResult] | None = None, unsafe_fixes: bool = False) -> None:
        self.files = [] if files is None else files
        self.unsafe_fixes = unsafe_fixes

    def is_fixable(self, violation: Violation, file: FileResult | None = None) -> bool:
        """Whether ``--fix`` would apply this violation's fix under its file's settings."""
        fix = violation.fix
        unsafe = self.unsafe_fixes or (file is not None and file.unsafe_fixes)
        return fix is not None and (unsafe or fix.applicability == "safe")

    def violations(self) -> Iterable[tuple[FileResult, Violation]]:
        for file in self.files:
            for violation in file.violations:
                yield file, violation

    @property
    def problems(self) -> int:
        return sum(len(f.violations) for f in self.files)

    @property
    def fixable(self) -> int:
        return sum(self._fixes(file)[0] for file in self.files)

    @property
    def hidden_fixes(self) -> int:
        """Fixes that only ``--unsafe-fixes`` would apply."""
        return sum(self._fixes(file)[1] for file in self.files)

    def _fixes(self, file: FileResult) -> tuple[int, int]:
        """How many of the file's fixes ``--fix`` would apply, and how many it would not."""
        kinds = [v.fix.applicability for v in file.violations if v.fix is not None]
        if self.unsafe_fixes or file.unsafe_fixes:
            return len(kinds), 0
        safe = kinds.count("safe")
        return safe, kinds.count("unsafe")

    @property
    def fixed(self) -> int:
        return sum(f.fixed for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [f.error for f in self.files if f.error]

    @property
    def has_diff(self) -> bool:
        return any(f.diff for f in self.files)
