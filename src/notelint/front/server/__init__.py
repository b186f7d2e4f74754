"""``notelint server``: a Language Server over standard input and output.

This module is only the command; the server itself (``protocol``) and pygls are imported
when it runs, so a check never pays for them.
"""

from __future__ import annotations

import sys

import click

from notelint.config.settings import Overrides


def _selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s.strip() for value in values for s in value.split(",") if s.strip())


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
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
    "--unsafe-fixes/--no-unsafe-fixes", default=None, help="Let fix all apply unsafe fixes too."
)
@click.option(
    "--config", "config_file", metavar="PATH", help="Use this configuration file for every buffer."
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
def server(
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    unsafe_fixes: bool | None,
    config_file: str | None,
    isolated: bool,
) -> None:
    """Run the language server on standard input and output (for editors).

    Each buffer is checked with the settings the command line would use for its file,
    on open, on change and on save; quick fixes, fix all, disable-for-line comments,
    formatting (the safe fixes of --fix) and hover are offered.
    """
    if config_file is not None and isolated:
        raise click.UsageError("--config and --isolated cannot be used together")
    overrides = Overrides(
        select=_selectors(select) if select else None,
        extend_select=_selectors(extend_select),
        ignore=_selectors(ignore),
        unsafe_fixes=unsafe_fixes,
    )
    from notelint.front.server.checker import Checker
    from notelint.front.server.protocol import serve

    sys.exit(serve(Checker(overrides, config_file, isolated)))
