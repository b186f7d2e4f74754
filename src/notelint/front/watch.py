"""``notelint --watch``: check again whenever a Markdown or configuration file changes.

Each run starts on a cleared screen when the output is a terminal, as ``ruff check
--watch`` does, so what is on screen is always the latest run; the configuration is read
anew every run, so editing ``pyproject.toml`` takes effect at once.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence

import click

from notelint.config.options import CONFIG_FILES

MARKDOWN_SUFFIXES = (".md", ".markdown")


def _wanted(path: str) -> bool:
    name = os.path.basename(path)
    return name.lower().endswith(MARKDOWN_SUFFIXES) or name in CONFIG_FILES


def watch_paths(paths: Sequence[str], check: Callable[[], int]) -> int:
    """Run ``check`` now and after every change under ``paths``; 130 when interrupted."""
    from watchfiles import DefaultFilter, watch

    class NotesFilter(DefaultFilter):
        """Markdown and configuration files, outside the folders tools keep to themselves."""

        ignore_dirs = (*DefaultFilter.ignore_dirs, ".notelint_cache")

        def __call__(self, change: object, path: str) -> bool:
            return _wanted(path) and super().__call__(change, path)  # type: ignore[arg-type]

    roots = [p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in paths]
    # The watcher yields (maybe nothing) every ``rust_timeout`` ms; its first yield means
    # it is watching, and only then does the first check run, so no change is missed.
    started = False
    try:
        for changes in watch(
            *roots,
            watch_filter=NotesFilter(),
            debounce=300,
            rust_timeout=300,
            yield_on_timeout=True,
        ):
            if not started:
                started = True
                _announce(check)
            elif changes:
                _announce(check, sorted({os.path.relpath(path) for _, path in changes}))
    except KeyboardInterrupt:
        return 130
    return 0


def _announce(check: Callable[[], int], changed: Sequence[str] = ()) -> None:
    """Clear the screen (on a terminal), say why a run starts, and run it."""
    if sys.stdout.isatty():
        click.clear()
    stamp = time.strftime("%H:%M:%S")
    why = f"{len(changed)} file{'s' if len(changed) != 1 else ''} changed" if changed else "start"
    click.echo(f"[{stamp}] notelint --watch: {why}, checking.", err=True)
    sys.stdout.flush()
    check()
    sys.stdout.flush()
    click.echo("Watching for file changes.", err=True)
