"""Which installed packages declare notelint plugins, found without importing any rule.

Importing ``importlib.metadata`` costs more than the whole check of a small file, so the
entry point files of the package folders on ``sys.path`` are read directly. Anything
this quick look cannot see (a zip on the path, a finder that provides distributions of
its own) makes ``declarations`` answer None: ask ``importlib.metadata``.
"""

from __future__ import annotations

import os
import sys

GROUP = "notelint.rules"


def declarations() -> list[tuple[str, bytes]] | None:
    """Each package folder whose entry points name the group, with those entry points.

    An empty list means no installed package offers a plugin; None, that this look
    cannot tell.
    """
    from importlib.machinery import PathFinder

    if any(f is not PathFinder and hasattr(f, "find_distributions") for f in sys.meta_path):
        return None
    needle = GROUP.encode()
    found: list[tuple[str, bytes]] = []
    for folder in sys.path:
        try:
            entries = os.scandir(folder or ".")
        except NotADirectoryError:
            return None
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.endswith((".dist-info", ".egg-info")):
                    try:
                        with open(os.path.join(entry.path, "entry_points.txt"), "rb") as f:
                            text = f.read()
                    except OSError:
                        continue
                    if needle in text:
                        found.append((entry.path, text))
    return found


def fingerprint() -> str:
    """What identifies the installed plugins: their packages, versions and entry points."""
    found = declarations()
    if found is not None:
        return repr(sorted(found))
    from importlib.metadata import entry_points

    return repr(
        sorted(
            (e.name, e.value, getattr(e.dist, "name", ""), getattr(e.dist, "version", ""))
            for e in entry_points(group=GROUP)
        )
    )
