"""Check, fix or diff a set of files and collect what happened to each.

This is everything the command line does besides parsing options and printing: the
per-file work is one function of plain arguments (``check_file``), which ``workers``
hands to a pool of processes unchanged.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from notelint.config.options import DEFAULT_SELECT, Config
from notelint.config.read import shown
from notelint.config.settings import Settings
from notelint.engine.limits import TooComplex, file_budget, suspended, time_limit
from notelint.engine.results import FileResult, RunResult
from notelint.engine.sharing import allowed as sharing_allowed
from notelint.engine.workers import job_count, map_in_order
from notelint.front.files import FileError, Stamp, decode, discover, read_stamped, remove_stale
from notelint.syntax.lazy import lazy_re
from notelint.syntax.signals import INTERRUPTS, signals_held
from notelint.syntax.source import Source

if TYPE_CHECKING:
    from notelint.front.cache import ResultCache
    from notelint.model.disk import Disk
    from notelint.rules.base import Rule


class Progress(Protocol):
    """What a run tells whoever shows its progress."""

    def start(self, names: Sequence[str], sizes: Sequence[int]) -> None: ...

    def advance(self, index: int) -> None: ...


# The parser, the model and the rules are imported only when a file is not in the
# result cache: a run whose files are all cached never loads them.

# A file's bytes as read, with the stamp that tells later whether it changed.
Read = tuple[bytes, Stamp]

# Lines with their endings, split only where Source splits them (not on U+2028 and friends).
_LINE = lazy_re(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def run(
    paths: Sequence[str | Path],
    settings: Settings | Config,
    *,
    diff: bool = False,
    jobs: int | None = None,
    cache: ResultCache | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Check (or, as each file's ``config.fix`` says, fix) every file ``paths`` name.

    Each file is checked with the settings of its own folder, in ``jobs`` processes
    (None: as many as the files are worth, see ``workers.job_count``). Raises
    ``ConfigError`` or ``SelectionError`` before touching any file when a setting is wrong.
    With ``cache``, a file whose findings are stored there is not checked again.
    ``progress`` is told the files to check, then each one as it is done.
    """
    if isinstance(settings, Config):
        settings = Settings.of(settings)
    if cache is None:
        _check_command_line(settings)
    found = discover(paths, settings.is_excluded)
    remove_stale(found.stale)
    result = RunResult()
    result.files.extend(FileResult(e.path, error=str(e)) for e in found.errors)
    done: dict[int, FileResult] = {}
    plan: list[tuple[Path, Config, Read | None]] = []
    for path in found.files:
        config = settings.for_path(path)
        file, data = _cached(path, config, cache, diff)
        if file is not None:
            done[len(plan)] = file
        plan.append((path, config, data))
    rule_sets = _RuleSets()
    if cache is not None and (len(done) < len(plan) or not plan):
        _check_command_line(settings)
    work = [
        (path, config, rule_sets.get(config, path), data)
        for at, (path, config, data) in enumerate(plan)
        if at not in done
    ]
    sizes = [_size(item[0]) for item in work]
    processes = job_count(jobs, sizes)
    if progress is not None:
        progress.start([str(item[0]) for item in work], sizes)
    done_one = progress.advance if progress is not None else None
    check = partial(check_file, diff=diff, cache=cache)
    # One process for the files: a large one may share its rules with a second process.
    with sharing_allowed(processes == 1 and jobs != 1):
        checked = iter(map_in_order(check, work, processes, done_one))
    for at, (_, config, _) in enumerate(plan):
        file = done[at] if at in done else next(checked)
        file.config_path, file.unsafe_fixes = config.path, config.unsafe_fixes
        result.files.append(file)
    return result


def _check_command_line(settings: Settings) -> None:
    """Check the command line's own selectors, so a typo there is not blamed on a file."""
    from notelint.engine.selection import select_rules

    overrides = settings.overrides
    select_rules(
        Config(
            select=overrides.select or DEFAULT_SELECT,
            extend_select=overrides.extend_select,
            ignore=overrides.ignore,
        )
    )


def _cached(
    path: Path, config: Config, cache: ResultCache | None, diff: bool
) -> tuple[FileResult | None, Read | None]:
    """The file's result from the cache, if there; else None and what was read, if any.

    A fix run takes a cached result only when it holds nothing to fix: then fixing
    would write nothing. A fix run's own results are never stored.
    """
    if cache is None or diff:
        return None, None
    try:
        read = read_stamped(path)
        data, stamp = read
        violations = cache.load(cache.key(path, config, stamp.digest))
        if violations is None:
            return None, read
        if config.fix and any(
            v.fix is not None and (config.unsafe_fixes or v.fix.applicability == "safe")
            for v in violations
        ):
            return None, read
        return FileResult(str(path), decode(path, data, indexed=False), violations), read
    except FileError:
        return None, None


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
        from notelint.engine.selection import SelectionError, select_rules, without

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


def check_file(
    path: Path,
    config: Config,
    rules: Sequence[Rule],
    read: Read | None = None,
    *,
    diff: bool,
    cache: ResultCache | None = None,
) -> FileResult:
    """Read one file (unless ``read`` holds it), then lint it, fix it or diff its fixes.

    The work runs within the file's time budget. A check's findings go into ``cache``.
    """
    try:
        with time_limit(file_budget(_size(path) if read is None else len(read[0]))):
            try:
                data, stamp = read_stamped(path) if read is None else read
                source = decode(path, data)
            except FileError as exc:
                return FileResult(str(path), error=str(exc))
            store = cache is not None and not diff and not config.fix
            disk = _new_disk() if store else None
            # The key now, and the bytes let go: the decoded text is all the check reads.
            key = cache.key(path, config, stamp.digest) if store and cache is not None else None
            del data, read
            file = check_text(
                str(path), path, source, config, rules, diff=diff, write=stamp, disk=disk
            )
            if key is not None and disk is not None and cache is not None and file.error is None:
                cache.store(key, file.violations, disk.answers)
            return file
    except TooComplex as exc:
        return FileResult(str(path), error=f"{path}: {exc}")


def _new_disk() -> Disk:
    from notelint.model.disk import Disk

    return Disk()


def check_text(
    name: str,
    path: Path | None,
    source: Source,
    config: Config,
    rules: Sequence[Rule],
    *,
    diff: bool,
    write: Stamp | bool,
    disk: Disk | None = None,
) -> FileResult:
    """Lint, fix or diff one text; in fix mode and with ``write``, write ``path``.

    ``write`` is the stamp of the file as it was read (``files.read_file``): the fix is
    written only if the file is still that one. ``True`` writes without that check.

    The work runs within the file's time budget (``limits.file_budget``), unless a budget
    is already running. ``disk`` records what a check looked at of other files.
    """
    from notelint.engine.linting import lint_source

    budget = file_budget(len(source.text))
    try:
        with time_limit(budget), _collector_paused():
            if diff:
                return _diff_fixes(name, path, source, config, rules)
            if config.fix:
                return _fix(name, path, source, config, rules, write=write)
            return FileResult(name, source, lint_source(source, config, path, rules, disk))
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
            # A regex pattern compiled during the file leaves cycles whose ``__del__``
            # methods run in this collection (or in the one the next allocation would
            # start), and would drop a Ctrl-C or the time limit's alarm raised in them.
            with signals_held(INTERRUPTS):
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
    write: Stamp | bool,
) -> FileResult:
    from notelint.engine.fixing import FixRefused, fix_source
    from notelint.engine.linting import run_rules
    from notelint.model.build import build

    original = build(source)
    try:
        fixed = fix_source(source, config, path, rules, original)
    except FixRefused as exc:
        # The file stays as it was; its problems are still worth showing (as when it
        # cannot be written), read from the parse the fix began with.
        violations = run_rules(original, rules, config, path)
        return FileResult(name, source, violations, error=f"{name}: fix refused: {exc}")
    after = fixed.source or Source(fixed.text, bom=source.bom)
    if write and path is not None and fixed.changed:
        try:
            with suspended():
                from notelint.front.writing import write_source  # only a fix writes

                stamp = write if isinstance(write, Stamp) else None
                write_source(path, source, fixed.text, stamp)
        except FileError as exc:
            violations = run_rules(original, rules, config, path)
            return FileResult(name, source, violations, error=str(exc))
    return FileResult(name, after, fixed.remaining, fixed=fixed.applied)


def _diff_fixes(
    name: str, path: Path | None, source: Source, config: Config, rules: Sequence[Rule]
) -> FileResult:
    from notelint.engine.fixing import FixRefused, fix_source

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
