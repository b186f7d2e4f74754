"""The ``notelint`` command: options -> Config -> runner -> report and exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from notelint.config.read import ConfigError, shown
from notelint.config.settings import Overrides, Settings
from notelint.front.output import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Options,
    error,
    exit_status,
    output_failed,
    print_result,
)
from notelint.front.subcommands import WithSubcommands
from notelint.front.terminal import Progress, shows_progress
from notelint.report import FORMATS
from notelint.version import __version__

# The line after a usage error.
_HINT = "Try 'notelint --help' for help."


def _selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Flatten repeated, comma-separated selector options."""
    return tuple(s.strip() for value in values for s in value.split(",") if s.strip())


class _Command(WithSubcommands):
    """The notelint command, which ends every run with notelint's own exit statuses.

    click would print a usage error in four lines, Ctrl-C as ``Aborted!`` with status 1
    (which means "problems remain"), and a full standard output as a traceback.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            try:
                returned = super().main(args, prog_name, complete_var, False, **extra)
                status = returned if isinstance(returned, int) else EXIT_OK
            except click.UsageError as exc:
                error(exc.format_message().replace("\n", " "))
                click.echo(_HINT, err=True)
                status = EXIT_ERROR
            except click.ClickException as exc:
                error(exc.format_message().replace("\n", " "))
                status = EXIT_ERROR
            except (click.Abort, KeyboardInterrupt):
                click.echo("notelint: interrupted", err=True)
                status = EXIT_INTERRUPTED
        except OSError as exc:  # --help or --list-rules printing to a full or closed stdout
            status = output_failed(exc, EXIT_OK)
        sys.exit(status)


@click.command(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(readable=False), metavar="[PATHS]...")
@click.option(
    "--fix/--no-fix", default=None, help="Apply safe fixes and write the files (or do not)."
)
@click.option(
    "--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also offer and apply unsafe fixes."
)
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
@click.option(
    "--config",
    "config_file",
    metavar="PATH",
    help="Use this configuration file for every file instead of looking for one.",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option(
    "--output-format",
    metavar="FORMAT",
    help=f"How to print the problems: {', '.join(FORMATS)} (default: text).",
)
@click.option(
    "--statistics", is_flag=True, help="Print how many problems each rule found, not each one."
)
@click.option(
    "--exit-zero", is_flag=True, help="Exit with 0 even when problems remain (errors still 2)."
)
@click.option(
    "--exit-non-zero-on-fix",
    is_flag=True,
    help="Exit with 1 when something was fixed, even if nothing remains.",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="With '-' as the path: the name of the text read from standard input.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Print only the problems: no summary, nothing if none."
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Show the configuration file of each file, and tracebacks of internal errors.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the output (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR: always).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Check files in N processes (default: one per core when there are many files).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file again instead of reusing stored results.",
)
@click.option(
    "--watch", is_flag=True, help="Check again whenever a Markdown or configuration file changes."
)
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--explain", metavar="CODE|NAME", help="Print a rule's documentation and exit.")
@click.version_option(__version__, prog_name="notelint", message="%(prog)s %(version)s")
def main(
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
    watch: bool,
    list_rules: bool,
    explain: str | None,
) -> None:
    """Lint and fix Markdown paper-reading notes.

    With no PATHS, every *.md file under the current folder is checked. Use '-' to read
    standard input. Results are cached in .notelint_cache/ at the project root;
    'notelint clean' removes it. Exit status: 0 nothing to report, 1 problems remain (or
    --diff has changes), 2 an error, 130 interrupted.
    """
    if output_format is not None and output_format not in FORMATS:
        _usage(f"unknown output format {output_format!r}{_near(output_format, FORMATS)}")
    if list_rules:
        sys.exit(_printed(_list_rules, output_format or "text"))
    if explain is not None:
        sys.exit(_printed(_explain, explain))
    stdin = paths == ("-",) or (not paths and stdin_filename is not None)
    if "-" in paths and not stdin:
        _usage("'-' (standard input) cannot be combined with other paths")
    if stdin_filename is not None and not stdin:
        _usage("--stdin-filename needs '-' as the only path")
    if config_file is not None and isolated:
        _usage("--config and --isolated cannot be used together")
    if exit_zero and exit_non_zero_on_fix:
        _usage("--exit-zero and --exit-non-zero-on-fix cannot be used together")
    overrides = Overrides(
        select=_selectors(select) if select else None,
        extend_select=_selectors(extend_select),
        ignore=_selectors(ignore),
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        output_format=output_format,
    )
    options = Options(
        diff, statistics, exit_zero, exit_non_zero_on_fix, quiet, verbose, color, jobs, not no_cache
    )
    if watch and (stdin or diff):
        _usage("--watch cannot be used with standard input or --diff")
    if watch:
        from notelint.front.watch import watch_paths

        targets = paths or (".",)
        sys.exit(
            watch_paths(
                targets,
                lambda: _run(overrides, config_file, isolated, targets, False, None, options),
            )
        )
    sys.exit(_run(overrides, config_file, isolated, paths, stdin, stdin_filename, options))


def _usage(message: str) -> None:
    """Stop with one line, a hint and exit status 2, for a mistake on the command line."""
    raise click.UsageError(message)


def _near(word: str, choices: Iterable[str]) -> str:
    from difflib import get_close_matches

    options = list(choices)
    near = get_close_matches(word, options, n=1)
    hint = f"did you mean {near[0]!r}? " if near else ""
    return f" ({hint}choose from {', '.join(options)})"


def _printed(show: Callable[[str], int], argument: str) -> int:
    """``show(argument)``'s exit status, or the one of an output that could not be written."""
    try:
        return show(argument)
    except OSError as exc:  # click would end a closed pipe with 1, a full one with a traceback
        return output_failed(exc, EXIT_OK)


def _list_rules(output_format: str) -> int:
    from notelint.engine.selection import SelectionError
    from notelint.front.docs import all_rules

    try:
        rules = all_rules()
    except SelectionError as exc:
        error(str(exc))
        return EXIT_ERROR
    if output_format == "json":
        import json

        items = [
            {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "fix": r.fix,
                "opt_in": r.opt_in,
                "summary": r.summary(),
            }
            for r in rules
        ]
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return EXIT_OK
    table = [("code", "name", "level", "fix", "opt-in")]
    table += [(r.code, r.name, r.level, r.fix, "opt-in" if r.opt_in else "") for r in rules]
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK


def _explain(key: str) -> int:
    from notelint.engine.selection import SelectionError
    from notelint.front.docs import all_rules, explain, find_rule

    try:
        rule = find_rule(key)
        keys = [k for r in all_rules() for k in (r.code, r.name)]
    except SelectionError as exc:
        error(str(exc))
        return EXIT_ERROR
    if rule is None:
        from difflib import get_close_matches

        near = get_close_matches(key, keys, n=1)
        error(f"unknown rule {key!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
        return EXIT_ERROR
    click.echo(explain(rule), nl=False)
    return EXIT_OK


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
    from notelint.front.cache import ResultCache, cache_folder
    from notelint.front.runner import run, run_stdin

    diff, verbose = options.diff, options.verbose
    try:
        check_settings()
        settings = Settings(overrides, config_file=config_file, isolated=isolated)
        output_format = settings.for_folder(os.curdir).output_format or "text"
        if stdin:
            data = sys.stdin.buffer.read()
            result = run_stdin(data, stdin_filename, settings, diff=diff)
        else:
            cache = ResultCache(cache_folder()) if options.cache else None
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

            click.echo(traceback.format_exc(), err=True, nl=False)
        return EXIT_ERROR

    for file in result.files:
        if verbose and file.source is not None:
            used = (
                f"configuration {shown(file.config_path)}"
                if file.config_path
                else "no configuration file"
            )
            click.echo(f"notelint: {file.path}: {used}", err=True)
        if file.error:
            error(file.error)
            if verbose and file.detail:
                click.echo(file.detail, err=True, nl=False)

    status = exit_status(result, options)
    try:
        print_result(result, options, output_format, stdin)
    except OSError as exc:
        return output_failed(exc, status)
    return status
