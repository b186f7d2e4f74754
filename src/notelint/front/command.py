"""What a ``notelint`` check does with its options, without click.

``check`` takes the options' values as the command line gave them, validates them
together, and runs: settings, the runner, the report, the exit status. ``cli`` declares
the options with click and calls it; ``entry`` reads a plain command line itself and calls
it directly, so that a check (or a result cache hit) does not pay for importing click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from notelint.config.read import ConfigError, shown
from notelint.config.settings import Overrides, Settings
from notelint.front.output import (
    EXIT_ERROR,
    Options,
    error,
    exit_status,
    output_failed,
    print_result,
)
from notelint.report import FORMATS

if TYPE_CHECKING:
    from notelint.front.cache import ResultCache

# The line after a usage error.
_HINT = "Try 'notelint --help' for help."


class UsageError(Exception):
    """A mistake on the command line: one line, the hint, exit status 2."""


def usage_failed(exc: UsageError) -> int:
    """Print a usage error as every notelint run does; return its exit status."""
    error(str(exc).replace("\n", " "))
    print(_HINT, file=sys.stderr)
    return EXIT_ERROR


def selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Flatten repeated, comma-separated selector options."""
    return tuple(s.strip() for value in values for s in value.split(",") if s.strip())


def check_format(output_format: str | None) -> None:
    """Refuse an output format no writer has."""
    if output_format is not None and output_format not in FORMATS:
        raise UsageError(f"unknown output format {output_format!r}{near(output_format, FORMATS)}")


def near(word: str, choices: Iterable[str]) -> str:
    """The usage error's tail for an unknown choice: the closest one, then all of them."""
    from difflib import get_close_matches

    options = list(choices)
    close = get_close_matches(word, options, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f" ({hint}choose from {', '.join(options)})"


def check(
    paths: tuple[str, ...],
    fix: bool | None,
    unsafe_fixes: bool | None,
    diff: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: str | None,
    isolated: bool,
    output_format: str | None,
    statistics: bool,
    exit_zero: bool,
    exit_non_zero_on_fix: bool,
    stdin_filename: str | None,
    quiet: bool,
    verbose: bool,
    color: bool | None,
    jobs: int | None,
    no_cache: bool,
    watch: bool = False,
) -> int:
    """Run the check the options ask for and return its exit status.

    Raise ``UsageError`` for options that do not go together.
    """
    check_format(output_format)
    stdin = paths == ("-",) or (not paths and stdin_filename is not None)
    if "-" in paths and not stdin:
        raise UsageError("'-' (standard input) cannot be combined with other paths")
    if stdin_filename is not None and not stdin:
        raise UsageError("--stdin-filename needs '-' as the only path")
    if config_file is not None and isolated:
        raise UsageError("--config and --isolated cannot be used together")
    if exit_zero and exit_non_zero_on_fix:
        raise UsageError("--exit-zero and --exit-non-zero-on-fix cannot be used together")
    overrides = Overrides(
        select=selectors(select) if select else None,
        extend_select=selectors(extend_select),
        ignore=selectors(ignore),
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        output_format=output_format,
    )
    options = Options(
        diff, statistics, exit_zero, exit_non_zero_on_fix, quiet, verbose, color, jobs, not no_cache
    )
    if watch and (stdin or diff):
        raise UsageError("--watch cannot be used with standard input or --diff")
    if watch:
        from notelint.front.watch import watch_paths

        targets = paths or (".",)
        return watch_paths(
            targets, lambda: _run(overrides, config_file, isolated, targets, False, None, options)
        )
    return _run(overrides, config_file, isolated, paths, stdin, stdin_filename, options)


def _result_cache() -> ResultCache:
    """The result cache, whose module a run with ``--no-cache`` never imports."""
    from notelint.front.cache import ResultCache, cache_folder

    return ResultCache(cache_folder())


def _run(
    overrides: Overrides,
    config_file: str | None,
    isolated: bool,
    paths: tuple[str, ...],
    stdin: bool,
    stdin_filename: str | None,
    options: Options,
) -> int:
    from notelint.config.patterns import PatternTooComplex
    from notelint.engine.limits import LimitError, check_settings
    from notelint.front.runner import run, run_stdin
    from notelint.front.terminal import Progress, shows_progress

    diff, verbose = options.diff, options.verbose
    try:
        check_settings()
        settings = Settings(overrides, config_file=config_file, isolated=isolated)
        output_format = settings.for_folder(os.curdir).output_format or "text"
        if stdin:
            data = sys.stdin.buffer.read()
            result = run_stdin(data, stdin_filename, settings, diff=diff)
        else:
            cache = _result_cache() if options.cache else None
            progress = None
            if shows_progress(sys.stderr, output_format, options.quiet):
                progress = Progress(sys.stderr)
            try:
                result = run(
                    paths or (".",),
                    settings,
                    diff=diff,
                    jobs=options.jobs,
                    cache=cache,
                    progress=progress,
                )
            finally:
                if progress is not None:
                    progress.finish()
    except (ConfigError, LimitError, PatternTooComplex) as exc:
        error(str(exc))
        return EXIT_ERROR
    except Exception as exc:
        # Only a run that selected rules can raise SelectionError: never import them to ask.
        selection = sys.modules.get("notelint.engine.selection")
        if selection is not None and isinstance(exc, selection.SelectionError):
            error(str(exc))
            return EXIT_ERROR
        error(f"internal error: {type(exc).__name__}: {exc}")
        if verbose:
            import traceback  # only a failure needs it

            sys.stderr.write(traceback.format_exc())
        return EXIT_ERROR

    for file in result.files:
        if verbose and file.source is not None:
            used = (
                f"configuration {shown(file.config_path)}"
                if file.config_path
                else "no configuration file"
            )
            print(f"notelint: {file.path}: {used}", file=sys.stderr)
        if file.error:
            error(file.error)
            if verbose and file.detail:
                sys.stderr.write(file.detail)

    status = exit_status(result, options)
    try:
        print_result(result, options, output_format, stdin)
    except OSError as exc:
        return output_failed(exc, status)
    return status
