"""Check, fix or diff a set of files and collect what happened to each.

This is everything the command line does besides parsing options and printing: the
per-file work is one function of plain arguments (``check_file``), which ``workers``
hands to a pool of processes unchanged.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from notelint.config.options import Config
from notelint.config.read import shown
from notelint.config.settings import Settings
from notelint.engine.fixing import FixRefused, fix_source
from notelint.engine.limits import TooComplex, file_budget, suspended, time_limit
from notelint.engine.linting import lint_source
from notelint.engine.results import FileResult, RunResult
from notelint.engine.selection import SelectionError, select_rules, without
from notelint.engine.workers import job_count, map_in_order
from notelint.front.files import FileError, decode, discover, read_source, write_source
from notelint.rules.base import Rule
from notelint.syntax.source import Source

# Lines with their endings, split only where Source splits them (not on U+2028 and friends).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def run(
    paths: Sequence[str | Path],
    settings: Settings | Config,
    *,
    diff: bool = False,
    jobs: int | None = None,
) -> RunResult:
    """Check (or, as each file's ``config.fix`` says, fix) every file ``paths`` name.

    Each file is checked with the settings of its own folder, in ``jobs`` processes
    (None: as many as the files are worth, see ``workers.job_count``). Raises
    ``ConfigError`` or ``SelectionError`` before touching any file when a setting is wrong.
    """
    if isinstance(settings, Config):
        settings = Settings.of(settings)
    found = discover(paths, settings.is_excluded)
    rule_sets = _RuleSets()
    plan = []
    for path in found.files:
        config = settings.for_path(path)
        plan.append((path, config, rule_sets.get(config, path)))
    result = RunResult()
    result.files.extend(FileResult(e.path, error=str(e)) for e in found.errors)
    processes = job_count(jobs, [_size(path) for path, _, _ in plan])
    checked = map_in_order(partial(check_file, diff=diff), plan, processes)
    for (_, config, _), file in zip(plan, checked, strict=True):
        file.config_path, file.unsafe_fixes = config.path, config.unsafe_fixes
        result.files.append(file)
    return result


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


class _RuleSets:
    """The rules of each configuration, selected once however many files share it."""

    def __init__(self) -> None:
        self._selected: dict[Config, list[Rule]] = {}

    def get(self, config: Config, path: Path | None) -> list[Rule]:
        try:
            if config not in self._selected:
                self._selected[config] = select_rules(config)
            rules = self._selected[config]
            return without(rules, config.ignored_for(path)) if path is not None else rules
        except SelectionError as exc:
            if config.path is None:
                raise
            raise SelectionError(f"{shown(config.path)}: {exc}") from None


def run_stdin(
    data: bytes, filename: str | None, settings: Settings | Config, *, diff: bool = False
) -> RunResult:
    """Check (or fix) text read from standard input, shown under ``filename``."""
    if isinstance(settings, Config):
        settings = Settings.of(settings)
    path = Path(filename) if filename else None
    config = settings.for_path(path or "-")
    rules = _RuleSets().get(config, path)
    name = filename or "-"
    fixing = config.fix and not diff
    result = RunResult()
    try:
        source = decode(name, data)
    except FileError as exc:
        file = FileResult(name, error=str(exc))
    else:
        file = check_text(name, path, source, config, rules, diff=diff, write=False)
        if fixing and file.source is not None and not file.error:
            file.output = file.source.to_text().encode("utf-8")
    if fixing and file.output is None:
        file.output = data
    file.config_path, file.unsafe_fixes = config.path, config.unsafe_fixes
    result.files.append(file)
    return result


def check_file(path: Path, config: Config, rules: Sequence[Rule], *, diff: bool) -> FileResult:
    """Read one file, then lint it, fix it or diff its fixes, within its time budget."""
    try:
        with time_limit(file_budget(_size(path))):
            try:
                source = read_source(path)
            except FileError as exc:
                return FileResult(str(path), error=str(exc))
            return check_text(str(path), path, source, config, rules, diff=diff, write=True)
    except TooComplex as exc:
        return FileResult(str(path), error=f"{path}: {exc}")


def check_text(
    name: str,
    path: Path | None,
    source: Source,
    config: Config,
    rules: Sequence[Rule],
    *,
    diff: bool,
    write: bool,
) -> FileResult:
    """Lint, fix or diff one text; in fix mode and with ``write``, write ``path``.

    The work runs within the file's time budget (``limits.file_budget``), unless a budget
    is already running.
    """
    budget = file_budget(len(source.text))
    try:
        with time_limit(budget), _collector_paused():
            if diff:
                return _diff_fixes(name, path, source, config, rules)
            if config.fix:
                return _fix(name, path, source, config, rules, write=write)
            return FileResult(name, source, lint_source(source, config, path, rules))
    except TooComplex as exc:
        return FileResult(name, error=f"{name}: {exc}")
    except Exception as exc:  # a rule or the parser failing must not stop the other files
        return FileResult(
            name,
            error=f"{name}: internal error: {type(exc).__name__}: {exc}",
            detail=_traceback(),
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cyclic collector out of one file's work, then free that work's cycles.

    A file's parse and model are hundreds of thousands of small objects that live until
    the file is done; left on, the collector would rescan them over and over. Once the
    file is done they are garbage (a few hundred in cycles), so one young-generation
    collection is cheap.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
            gc.collect(0)


def _traceback() -> str:
    import traceback  # only a failure needs it

    return traceback.format_exc()


def _fix(
    name: str,
    path: Path | None,
    source: Source,
    config: Config,
    rules: Sequence[Rule],
    *,
    write: bool,
) -> FileResult:
    try:
        fixed = fix_source(source, config, path, rules)
    except FixRefused as exc:
        # The file stays as it was; its problems are still worth showing.
        violations = lint_source(source, config, path, rules)
        return FileResult(name, source, violations, error=f"{name}: fix refused: {exc}")
    after = fixed.source or Source(fixed.text, bom=source.bom)
    if write and path is not None and fixed.changed:
        try:
            with suspended():
                write_source(path, source, fixed.text)
        except FileError as exc:
            violations = lint_source(source, config, path, rules)
            return FileResult(name, source, violations, error=str(exc))
    return FileResult(name, after, fixed.remaining, fixed=fixed.applied)


def _diff_fixes(
    name: str, path: Path | None, source: Source, config: Config, rules: Sequence[Rule]
) -> FileResult:
    try:
        fixed = fix_source(source, config.with_(fix=True), path, rules)
    except FixRefused as exc:
        return FileResult(name, source, error=f"{name}: fix refused: {exc}")
    text = unified_diff(name, source.text, fixed.text) if fixed.changed else ""
    return FileResult(name, source, fixed=fixed.applied if text else 0, diff=text)


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff of ``before`` -> ``after``, marking a missing final newline as git does."""
    if before == after:
        return ""
    import difflib  # only --diff needs it

    lines = difflib.unified_diff(_LINE.findall(before), _LINE.findall(after), name, name)
    out = []
    for line in lines:
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
