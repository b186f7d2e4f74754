"""Where ``notelint`` starts: a plain check runs without importing click.

Most runs check some paths with a few options: a pre-commit hook, an editor, CI, a
result cache hit. Importing click costs as much as checking a small file, so ``main``
reads such a command line itself, giving each option click's meaning, and calls
``command.check``. Anything else (help, version, a subcommand, standard input, listings,
``--watch``, an unknown or malformed option, a shell completion request) goes to the
click command in ``cli``, which declares the options and owns their help and errors.
``tests/test_entry.py`` holds what is read here to what click passes for the same line.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import Any, NoReturn

# Options that take no value: each sets its parameter to the value given here.
_FLAGS: dict[str, tuple[str, bool]] = {
    "--fix": ("fix", True),
    "--no-fix": ("fix", False),
    "--unsafe-fixes": ("unsafe_fixes", True),
    "--no-unsafe-fixes": ("unsafe_fixes", False),
    "--diff": ("diff", True),
    "--isolated": ("isolated", True),
    "--statistics": ("statistics", True),
    "--exit-zero": ("exit_zero", True),
    "--exit-non-zero-on-fix": ("exit_non_zero_on_fix", True),
    "-q": ("quiet", True),
    "--quiet": ("quiet", True),
    "-v": ("verbose", True),
    "--verbose": ("verbose", True),
    "--color": ("color", True),
    "--no-color": ("color", False),
    "--no-cache": ("no_cache", True),
}
# Options that take one value; those in _REPEATED collect every value given.
_VALUES = {
    "--select": "select",
    "--extend-select": "extend_select",
    "--ignore": "ignore",
    "--config": "config_file",
    "--output-format": "output_format",
    "-j": "jobs",
    "--jobs": "jobs",
}
_REPEATED = {"select", "extend_select", "ignore"}
# The names of ``subcommands.SUBCOMMANDS``: a first argument naming one goes to click.
SUBCOMMAND_NAMES = frozenset({"clean", "server"})
_DEFAULTS: dict[str, Any] = {
    "fix": None,
    "unsafe_fixes": None,
    "diff": False,
    "select": (),
    "extend_select": (),
    "ignore": (),
    "config_file": None,
    "isolated": False,
    "output_format": None,
    "statistics": False,
    "exit_zero": False,
    "exit_non_zero_on_fix": False,
    "stdin_filename": None,
    "quiet": False,
    "verbose": False,
    "color": None,
    "jobs": None,
    "no_cache": False,
}


def read(args: list[str]) -> dict[str, Any] | None:
    """The check's parameters for ``args`` as click would pass them; None to ask click.

    Only plain command lines are read: paths other than ``-``, flags, and ``--option
    value`` or ``--option=value`` pairs of the check. Short options run together, ``--``,
    and an option value that looks like an option all go to click.
    """
    if args and args[0] in SUBCOMMAND_NAMES:
        return None
    values = dict(_DEFAULTS)
    paths: list[str] = []
    at = 0
    while at < len(args):
        arg = args[at]
        at += 1
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        name, eq, value = arg.partition("=")
        if name in _FLAGS and not eq:
            key, flag = _FLAGS[name]
            values[key] = flag
            continue
        key = _VALUES.get(name, "")
        if not key or (eq and not name.startswith("--")):
            return None
        if not eq:
            if at == len(args) or args[at].startswith("-"):
                return None
            value = args[at]
            at += 1
        if key == "jobs":
            if not (value.isascii() and value.isdigit()):
                return None
            values[key] = int(value)
        elif key in _REPEATED:
            values[key] = (*values[key], value)
        else:
            values[key] = value
    return {"paths": tuple(paths), **values}


def _plain_start() -> bool:
    """Whether click would only parse the arguments: no shell completion, no Windows globs."""
    if os.name == "nt":
        return False
    return not any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)


def main() -> None:
    """Run ``notelint`` with the arguments of this process."""
    parameters = read(sys.argv[1:]) if _plain_start() else None
    if parameters is None:
        from notelint.front.cli import main as command

        command()
        return
    # A check lives a moment, and what it makes lives until it ends but for each file's
    # work, which the runner frees as it goes (leaving no cycles to speak of): the cyclic
    # collector would only rescan the objects of the imports, again and again.
    gc.disable()
    from notelint.front.command import UsageError, check, usage_failed
    from notelint.front.output import EXIT_INTERRUPTED, EXIT_OK, output_failed

    # The same endings as the click command's.
    try:
        try:
            status = check(**parameters)
        except UsageError as exc:
            status = usage_failed(exc)
        except KeyboardInterrupt:
            print("notelint: interrupted", file=sys.stderr)
            status = EXIT_INTERRUPTED
        sys.stdout.flush()
    except OSError as exc:
        status = output_failed(exc, EXIT_OK)
    _leave(status)


def _leave(status: int) -> NoReturn:
    """End the process with ``status``, its output written, without freeing its objects
    one by one as the interpreter's shutdown does: they all go with the process."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)
