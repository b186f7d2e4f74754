"""The ``notelint`` command: options -> Config -> runner -> report and exit status."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from notelint.front.command import UsageError, check, check_format, usage_failed
from notelint.front.output import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    error,
    output_failed,
)
from notelint.front.subcommands import WithSubcommands
from notelint.report import FORMATS
from notelint.version import __version__


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
                status = usage_failed(UsageError(exc.format_message()))
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
def main(output_format: str | None, list_rules: bool, explain: str | None, **options: Any) -> None:
    """Lint and fix Markdown paper-reading notes.

    With no PATHS, every *.md file under the current folder is checked. Use '-' to read
    standard input. Results are cached in .notelint_cache/ at the project root;
    'notelint clean' removes it. Exit status: 0 nothing to report, 1 problems remain (or
    --diff has changes), 2 an error, 130 interrupted.
    """
    try:
        check_format(output_format)
        if list_rules:
            sys.exit(_printed(_list_rules, output_format or "text"))
        if explain is not None:
            sys.exit(_printed(_explain, explain))
        # The check's own options, by name: command.check declares their types.
        status = check(output_format=output_format, **options)
    except UsageError as exc:
        status = usage_failed(exc)
    sys.exit(status)


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
