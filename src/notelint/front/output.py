"""What a run prints, where, in which colours, and the exit status it ends with."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import TYPE_CHECKING, TextIO

from notelint.report import ReportOptions, get_writer
from notelint.syntax.records import Frozen, set_field

if TYPE_CHECKING:
    from notelint.engine.results import RunResult
    from notelint.report import Writer

# Exit statuses, as documented: nothing left, problems left (or a diff), an error, and
# interrupted (128 + SIGINT, as shells report a command Ctrl-C stopped).
EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def error(message: str) -> None:
    """Print one error line."""
    print(f"notelint: error: {message}", file=sys.stderr, flush=True)


class Options(Frozen):
    """The command-line choices that shape the report and the exit status."""

    diff: bool
    statistics: bool
    exit_zero: bool
    exit_non_zero_on_fix: bool
    quiet: bool
    verbose: bool
    color: bool | None
    jobs: int | None = None
    cache: bool = True

    def __init__(
        self,
        diff: bool,
        statistics: bool,
        exit_zero: bool,
        exit_non_zero_on_fix: bool,
        quiet: bool,
        verbose: bool,
        color: bool | None,
        jobs: int | None = None,
        cache: bool = True,
    ) -> None:
        set_field(self, "diff", diff)
        set_field(self, "statistics", statistics)
        set_field(self, "exit_zero", exit_zero)
        set_field(self, "exit_non_zero_on_fix", exit_non_zero_on_fix)
        set_field(self, "quiet", quiet)
        set_field(self, "verbose", verbose)
        set_field(self, "color", color)
        set_field(self, "jobs", jobs)
        set_field(self, "cache", cache)


def print_result(result: RunResult, options: Options, output_format: str, stdin: bool) -> None:
    """Print the report (or the diff, or the fixed text of standard input)."""
    if options.diff:
        import click  # a diff is printed as click prints it: colour kept, newlines as is

        from notelint.front.terminal import coloured_diff

        text = "".join(f.diff for f in result.files)
        if report_options(options, sys.stdout).color:
            text = coloured_diff(text)
        click.echo(text, nl=False, color=True)
        if result.fixed and not options.quiet:
            click.echo(f"Would fix {_problems(result.fixed)}.", err=True)
        return
    report: TextIO = sys.stdout
    if stdin and any(f.output is not None for f in result.files):
        # Standard output carries the fixed text; the report goes beside it.
        out = sys.stdout.buffer
        for file in result.files:
            out.write(file.output or b"")
        out.flush()
        report = sys.stderr
    _writer(output_format, options.statistics)(result, report, report_options(options, report))
    report.flush()


def exit_status(result: RunResult, options: Options) -> int:
    """The status a run ends with, from what it found and the options that judge it."""
    if result.errors:
        return EXIT_ERROR
    if options.diff:
        problems = result.has_diff
    else:
        problems = bool(result.problems) or (options.exit_non_zero_on_fix and result.fixed > 0)
    return EXIT_PROBLEMS if problems and not options.exit_zero else EXIT_OK


def _writer(output_format: str, statistics: bool) -> Writer:
    if not statistics:
        return get_writer(output_format)
    from notelint.report import statistics as stats

    return stats.write_json if output_format == "json" else stats.write


def report_options(options: Options, stream: TextIO) -> ReportOptions:
    """How to write the report on ``stream``."""
    return ReportOptions(quiet=options.quiet, color=_colour(options.color, stream))


def _colour(chosen: bool | None, stream: TextIO) -> bool:
    """Whether to colour: --color/--no-color, else NO_COLOR, else FORCE_COLOR, else a tty.

    As no-color.org and force-color.org say, only a non-empty value counts (``NO_COLOR=``
    leaves colour on); when both are set, NO_COLOR wins, as in Python's own tools.
    """
    if chosen is not None:
        return chosen
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


def _problems(n: int) -> str:
    return f"{n} problem" if n == 1 else f"{n} problems"


def output_failed(exc: OSError, status: int) -> int:
    """End a run whose output could not be written: quietly when the reader went away
    (``| head``), else with one line; return the exit status."""
    # Point stdout at /dev/null so the interpreter's last flush cannot fail too.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    if exc.errno == errno.EPIPE:
        return status
    with contextlib.suppress(OSError):
        error(f"cannot write the output: {exc.strerror or exc}")
    return EXIT_ERROR
