"""The ``notelint`` command: options -> Config -> runner -> report and exit status."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Iterable, Iterator
from typing import TextIO

import click

from notelint import __version__
from notelint.config import Config
from notelint.report import FORMATS, get_writer

# Exit statuses, as documented: nothing left, problems left (or a diff), an error.
EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Flatten repeated, comma-separated selector options."""
    return tuple(s.strip() for value in values for s in value.split(",") if s.strip())


def _error(message: str) -> None:
    click.echo(f"notelint: error: {message}", err=True)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(), metavar="[PATHS]...")
@click.option("--fix", is_flag=True, help="Apply safe fixes and write the files.")
@click.option("--unsafe-fixes", is_flag=True, help="Also offer and apply unsafe fixes.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option(
    "--select", multiple=True, metavar="RULES", help="Rules to check, instead of the default set."
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="RULES",
    help="Rules to check besides the selected ones.",
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules not to check.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option(
    "--output-format",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="How to print the problems.",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="With '-' as the path: the name of the text read from standard input.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks of internal errors.")
@click.version_option(__version__, prog_name="notelint", message="%(prog)s %(version)s")
def main(
    paths: tuple[str, ...],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    isolated: bool,
    output_format: str,
    stdin_filename: str | None,
    verbose: bool,
) -> None:
    """Lint and fix Markdown paper-reading notes.

    With no PATHS, every *.md file under the current folder is checked. Use '-' to read
    standard input. Exit status: 0 nothing to report, 1 problems remain (or --diff has
    changes), 2 an error.
    """
    # --isolated has nothing to switch off until configuration files are read.
    del isolated
    stdin = paths == ("-",) or (not paths and stdin_filename is not None)
    if "-" in paths and not stdin:
        raise click.UsageError("'-' (standard input) cannot be combined with other paths")
    if stdin_filename is not None and not stdin:
        raise click.UsageError("--stdin-filename needs '-' as the only path")
    config = Config(
        extend_select=_selectors(extend_select),
        ignore=_selectors(ignore),
        fix=fix,
        unsafe_fixes=unsafe_fixes,
    )
    if select:
        config = config.with_(select=_selectors(select))
    sys.exit(_run(config, paths, stdin, stdin_filename, diff, output_format, verbose))


def _run(
    config: Config,
    paths: tuple[str, ...],
    stdin: bool,
    stdin_filename: str | None,
    diff: bool,
    output_format: str,
    verbose: bool,
) -> int:
    from notelint.engine import SelectionError
    from notelint.runner import run, run_stdin

    try:
        if stdin:
            data = sys.stdin.buffer.read()
            result = run_stdin(data, stdin_filename, config, diff=diff)
        else:
            result = run(paths or (".",), config, diff=diff)
    except SelectionError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except Exception as exc:
        _error(f"internal error: {type(exc).__name__}: {exc}")
        if verbose:
            click.echo(traceback.format_exc(), err=True, nl=False)
        return EXIT_ERROR

    for file in result.files:
        if file.error:
            _error(file.error)
            if verbose and file.detail:
                click.echo(file.detail, err=True, nl=False)

    if result.errors:
        status = EXIT_ERROR
    elif result.has_diff if diff else result.problems:
        status = EXIT_PROBLEMS
    else:
        status = EXIT_OK
    with _closed_pipe_ignored():
        if diff:
            click.echo("".join(f.diff for f in result.files), nl=False)
            if result.fixed:
                click.echo(f"Would fix {_problems(result.fixed)}.", err=True)
            return status
        report: TextIO = sys.stdout
        if stdin and config.fix:
            # Standard output carries the fixed text; the report goes beside it.
            out = sys.stdout.buffer
            for file in result.files:
                out.write(file.output or b"")
            out.flush()
            report = sys.stderr
        get_writer(output_format)(result, report)
        report.flush()
    return status


def _problems(n: int) -> str:
    return f"{n} problem" if n == 1 else f"{n} problems"


@contextlib.contextmanager
def _closed_pipe_ignored() -> Iterator[None]:
    """Stop printing quietly when the reader of our output went away (``| head``)."""
    try:
        yield
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush fails silently too.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
