"""NL4: image paths that name no file (NL403)."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import regex

from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.html import is_local, slashed


def image_path(src: str, markdown: bool) -> str:
    """The file path an image source names: unescaped, ``/``-separated, no query, decoded."""
    path = slashed(src.strip(), markdown)
    path = regex.sub(r"\\([!-/:-@\[-`{-~])", r"\1", path) if markdown else html.unescape(path)
    return unquote(regex.split(r"[?#]", path, maxsplit=1)[0])


def _repository_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


class _Folder:
    """A folder's entries: exact names, since GitHub is case-sensitive, and by lower case."""

    def __init__(self, names: list[str]) -> None:
        self.names = frozenset(names)
        self.by_lower: dict[str, str] = {}
        for name in sorted(names):
            self.by_lower.setdefault(name.lower(), name)


# Folders read so far, with the modification time they were read at: many documents in
# one folder (or one document with many images) read it once, and a change is seen.
_FOLDERS: dict[Path, tuple[int, _Folder]] = {}
_EMPTY = _Folder([])


class _Listing:
    """Folder contents, read once and read again only when the folder changes."""

    def folder(self, path: Path) -> _Folder:
        try:
            stamp = os.stat(path).st_mtime_ns
        except OSError:
            return _EMPTY
        known = _FOLDERS.get(path)
        if known is None or known[0] != stamp:
            try:
                known = (stamp, _Folder(os.listdir(path)))
            except OSError:
                known = (stamp, _EMPTY)
            if len(_FOLDERS) > 1024:
                _FOLDERS.clear()
            _FOLDERS[path] = known
        return known[1]

    def problem(self, base: Path, path: str) -> str | None:
        """Why ``path`` under ``base`` names no file, or None when it does."""
        current = base
        for part in PurePosixPath(os.path.normpath(path)).parts:
            if part in (".", "/"):
                continue
            if part == "..":
                current = current.parent
                continue
            folder = self.folder(current)
            if part not in folder.names:
                other = folder.by_lower.get(part.lower())
                if other:
                    return (
                        f"does not exist: `{part}` differs in case from `{other}` "
                        "(GitHub is case-sensitive)"
                    )
                return "does not exist"
            current = current / part
        return "is a folder, not a file" if current.is_dir() else None


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
        listing = _Listing()
        for image in ctx.doc.images:
            if not image.src or not is_local(image.src):
                continue
            path = image_path(image.src, image.markdown)
            base: Path | None = folder
            if path.startswith("/"):
                base = _repository_root(folder)
            if not path.strip("/") or base is None:
                continue
            problem = listing.problem(base, path)
            if problem:
                end = image.src_end if image.src_end > image.src_start else image.end
                start = image.src_start if image.src_end > image.src_start else image.start
                yield self.violation(start, end, f"image file `{path}` {problem}")
