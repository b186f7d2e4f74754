"""Subcommands of ``notelint``: a first argument that names one runs it instead of a check.

The check itself keeps ``notelint [OPTIONS] [PATHS]...``; each subcommand is a click
command in ``SUBCOMMANDS``, under the name that selects it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click


class WithSubcommands(click.Command):
    """The check command, which hands a first argument naming a subcommand to it.

    ``notelint clean`` runs the subcommand ``clean``; any other first argument is a path
    (``notelint ./clean`` checks a folder of that name).
    """

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if argv and argv[0] in SUBCOMMANDS:
            name = extra.pop("prog_name", None) or (rest[0] if rest else None) or "notelint"
            command = SUBCOMMANDS[argv[0]]
            return command.main(argv[1:], f"{name} {argv[0]}", *rest[1:], **extra)
        return super().main(argv, *rest, **extra)


# Subcommands by the name a first argument gives them.
SUBCOMMANDS: dict[str, click.Command] = {}


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
def clean() -> None:
    """Remove the result cache (.notelint_cache/ at the project root, or NOTELINT_CACHE_DIR)."""
    from notelint.front.cache import cache_folder, clear

    folder = cache_folder()
    click.echo(f"Removed {folder}." if clear(folder) else f"No cache at {folder}.")


SUBCOMMANDS["clean"] = clean


class _Server(click.Command):
    """``notelint server``, whose command (and pygls) is imported only when it runs."""

    def main(self, *args: Any, **extra: Any) -> Any:
        from notelint.front.server import server

        return server.main(*args, **extra)


SUBCOMMANDS["server"] = _Server("server", help="Run the language server (for editors).")
