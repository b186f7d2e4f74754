"""NL4: image paths that name no file (NL403)."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from notelint.model.disk import Disk
from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.html import is_local, slashed
from notelint.syntax.lazy import lazy_re

_ESCAPED = lazy_re(r"\\([!-/:-@\[-`{-~])")


def image_path(src: str, markdown: bool) -> str:
    """The file path an image source names: unescaped, ``/``-separated, no query, decoded."""
    path = slashed(src.strip(), markdown)
    if markdown:
        path = _ESCAPED.sub(r"\1", path) if "\\" in path else path
    else:
        path = html.unescape(path)
    for mark in "?#":
        path = path.partition(mark)[0]
    return unquote(path)


def repository_root(folder: Path, disk: Disk) -> Path | None:
    for candidate in (folder, *folder.parents):
        if disk.exists(candidate / ".git"):
            return candidate
    return None


def _parts(path: str) -> list[str]:
    """``PurePosixPath(os.path.normpath(path)).parts``, split without making a path.

    A normalised path has no empty or ``.`` parts past its root, which is ``//`` for
    exactly two leading slashes and ``/`` for one or more than two.
    """
    normal = os.path.normpath(path)
    rest = normal.lstrip("/")
    lead = len(normal) - len(rest)
    parts = [part for part in rest.split("/") if part and part != "."]
    if lead:
        parts.insert(0, "//" if lead == 2 else "/")
    return parts


class Listing:
    """Folder contents, asked of the disk."""

    def __init__(self, disk: Disk) -> None:
        self.disk = disk
        # Each folder entry asked once: many paths share their first folders.
        self._entries: dict[tuple[Path, str], tuple[bool, str | None]] = {}

    def problem(self, base: Path, path: str, folders: bool = False) -> str | None:
        """Why ``path`` under ``base`` names no file (or folder, with ``folders``), or None
        when it does."""
        current = base
        for part in _parts(path):
            if part in (".", "/"):
                continue
            if part == "..":
                current = current.parent
                continue
            known = self._entries.get((current, part))
            if known is None:
                known = self._entries[(current, part)] = self.disk.entry(current, part)
            exact, other = known
            if not exact:
                if other:
                    return (
                        f"does not exist: `{part}` differs in case from `{other}` "
                        "(GitHub is case-sensitive)"
                    )
                return "does not exist"
            current = current / part
        if folders:
            return None
        return "is a folder, not a file" if self.disk.is_dir(current) else None


@register
class ImgMissingFile(Rule):
    """Find a local image path that names no file next to the document.

    Why: the image is broken on GitHub. A path differing only in case counts, since
    GitHub is case-sensitive. Query and fragment are ignored, ``%20`` is decoded, a
    ``\\`` is read as ``/``, and a path starting with ``/`` is taken from the repository
    root (skipped outside a git repository). Nothing is checked without a file path.

    **Anti-pattern**

    ```markdown
    <img src="assets/model.png" align="middle" />
    ```

    **Best practice**

    ```markdown
    <img src="https://example.org/model.png" align="middle" />
    ```
    """

    code = "NL403"
    name = "img-missing-file"
    level = "error"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        if ctx.path is None:
            return
        folder = Path(ctx.path).absolute().parent
        listing = Listing(ctx.disk)
        for image in ctx.doc.images:
            if not image.src or not is_local(image.src):
                continue
            path = image_path(image.src, image.markdown)
            base: Path | None = folder
            if path.startswith("/"):
                base = repository_root(folder, ctx.disk)
            if not path.strip("/") or base is None:
                continue
            problem = listing.problem(base, path)
            if problem:
                end = image.src_end if image.src_end > image.src_start else image.end
                start = image.src_start if image.src_end > image.src_start else image.start
                yield self.violation(start, end, f"image file `{path}` {problem}")
