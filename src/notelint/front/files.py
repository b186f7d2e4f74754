"""Files on disk: which paths to check, reading them as text, writing fixes back safely.

Every failure here is a ``FileError`` whose message is one line naming the path and the
cause, ready to be shown as it is.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from notelint.config.patterns import guard_patterns
from notelint.engine.limits import max_size
from notelint.syntax.source import DecodeError, Source

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

MARKDOWN_SUFFIXES = (".md",)


class FileError(Exception):
    """A path that cannot be checked, read or written; ``str()`` is the one-line message."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{os.fspath(path)}: {reason}")
        self.path = os.fspath(path)
        self.reason = reason


@dataclass
class Discovery:
    """The files found for the paths asked for, and the paths that gave nothing."""

    files: list[Path] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN_SUFFIXES


# Whether the settings leave a path out (exclude patterns): (path, is_dir) -> excluded.
Exclusion = Callable[[Path, bool], bool]


def is_included(
    path: Path,
    is_dir: bool,
    ignores: GitIgnores | None = None,
    excluded: Exclusion | None = None,
) -> bool:
    """Decide whether a path met while walking a folder is checked (or, for a folder, entered).

    This is the single place exclusion is decided. Paths named on the command line are
    passed through ``excluded`` only: naming a file checks it even when .gitignore lists it.
    """
    if path.name.startswith(".") and is_dir:
        # .git, .venv, .tox, editor folders: never notes, often huge.
        return False
    if ignores is not None and ignores.ignores(path, is_dir):
        return False
    return excluded is None or not excluded(path, is_dir)


class GitIgnores:
    """The .gitignore files that apply to the folders of one walk, nearest last.

    A folder's own .gitignore is read when the walk enters it; those of the folders
    above the walk's start count too, up to the repository root, with the repository's
    ``.git/info/exclude``. The last pattern that matches decides, deeper files first.
    """

    def __init__(self, root: Path) -> None:
        self._specs: dict[str, list[tuple[str, GitIgnoreSpec]]] = {}
        start = os.path.abspath(root)
        chain: list[tuple[str, GitIgnoreSpec]] = []
        above = [Path(start), *Path(start).parents]
        repo = next((d for d in above if (d / ".git").exists()), None)
        if repo is not None:
            self._add(chain, str(repo), repo / ".git" / "info" / "exclude")
            for folder in reversed(above[1 : above.index(repo) + 1]):
                self._add(chain, str(folder), folder / ".gitignore")
        self._specs[start] = chain

    def enter(self, folder: str, has_gitignore: bool) -> None:
        """Take in ``folder`` and its .gitignore; its parent must have been entered first."""
        key = os.path.abspath(folder)
        if key in self._specs:  # the walk's start, set up in __init__
            chain = self._specs[key]
        else:
            chain = list(self._specs.get(os.path.dirname(key), []))
            self._specs[key] = chain
        if has_gitignore:
            self._add(chain, key, Path(key) / ".gitignore")

    def ignores(self, path: Path, is_dir: bool) -> bool:
        absolute = os.path.abspath(path)
        for base, spec in reversed(self._specs.get(os.path.dirname(absolute), [])):
            relative = os.path.relpath(absolute, base).replace(os.sep, "/")
            decided = spec.check_file(relative + "/" if is_dir else relative).include
            if decided is not None:
                return decided
        return False

    @staticmethod
    def _add(chain: list[tuple[str, GitIgnoreSpec]], base: str, file: Path) -> None:
        try:
            text = file.read_text("utf-8", errors="replace")
        except OSError:
            return
        from pathspec import GitIgnoreSpec

        spec = guard_patterns(GitIgnoreSpec.from_lines(text.splitlines()), str(file))
        chain.append((base, spec))


def discover(
    paths: Iterable[str | os.PathLike[str]], excluded: Exclusion | None = None
) -> Discovery:
    """Expand ``paths`` into the files to check, each at most once, in a stable order.

    A file named directly is checked whatever its suffix; a folder yields every
    Markdown file below it, sorted, without entering hidden or symlinked folders or
    what .gitignore lists. ``excluded`` leaves out paths both named and found.
    """
    found = Discovery()
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as exc:
            found.errors.append(FileError(path, exc.strerror or str(exc)))
            continue
        if excluded is not None and excluded(path, is_dir):
            continue
        if is_dir:
            files = _walk(path, found.errors, excluded)
            if not files:
                found.errors.append(FileError(path, "no Markdown files found"))
        else:
            files = [path]
        for file in files:
            key = os.path.normcase(os.path.realpath(file))
            if key not in seen:
                seen.add(key)
                found.files.append(file)
    return found


def _walk(root: Path, errors: list[FileError], excluded: Exclusion | None) -> list[Path]:
    def on_error(exc: OSError) -> None:
        errors.append(FileError(exc.filename or root, exc.strerror or str(exc)))

    files: list[Path] = []
    ignores = GitIgnores(root)
    # os.walk with followlinks=False lists a symlinked folder but never enters it, so a
    # link loop cannot make the walk run forever.
    for folder, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        base = Path(folder)
        ignores.enter(folder, ".gitignore" in filenames)
        dirnames[:] = [d for d in dirnames if is_included(base / d, True, ignores, excluded)]
        for name in filenames:
            path = base / name
            if is_markdown(path) and is_included(path, False, ignores, excluded):
                files.append(path)
    files.sort(key=lambda p: p.parts)
    return files


def read_source(path: str | os.PathLike[str]) -> Source:
    """Read and decode one file; raise FileError when it cannot be read as UTF-8 text."""
    return decode(path, read_bytes(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read one regular file of at most ``max_size()`` bytes; raise FileError otherwise.

    The file is opened without blocking and its type checked on the open descriptor, so
    a FIFO or a device named ``.md`` is refused instead of waiting forever for a writer.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise FileError(path, exc.strerror or str(exc)) from None
    with os.fdopen(fd, "rb") as file:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise FileError(path, "not a regular file")
            limit = max_size()
            # Read one byte past the limit: the file may have grown since fstat.
            data = file.read() if limit is None else file.read(limit + 1)
        except OSError as exc:
            raise FileError(path, exc.strerror or str(exc)) from None
    if limit is not None and len(data) > limit:
        size = _megabytes(max(info.st_size, len(data)))
        raise FileError(path, f"too large to check ({size}; the limit is {_megabytes(limit)})")
    return data


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".0 MB", " MB")


def decode(path: str | os.PathLike[str], data: bytes) -> Source:
    """Decode the bytes of ``path``; raise FileError naming it when they are not text."""
    try:
        return Source.from_bytes(data)
    except DecodeError as exc:
        raise FileError(path, str(exc)) from None


def write_source(path: str | os.PathLike[str], source: Source, text: str) -> bool:
    """Write ``text`` over the file ``source`` was read from, atomically.

    The BOM of ``source`` is restored and the file keeps its mode. Nothing is written
    when ``text`` equals the source text. Return whether the file was written.
    """
    if text == source.text:
        return False
    data = source.to_text(text).encode("utf-8")
    # Write through a symlink to the file it points at, rather than replacing the link.
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        if not mode & 0o222:
            # Replacing would succeed (it needs only the folder), and as root even an
            # ordinary write would: the mode is the one sign that the file is not to change.
            raise FileError(path, "cannot write: the file is read-only")
        _replace_atomically(target, data, mode)
    except OSError as exc:
        raise FileError(path, f"cannot write: {exc.strerror or exc}") from None
    return True


def _replace_atomically(target: Path, data: bytes, mode: int) -> None:
    # The temporary file must be in the same folder: os.replace is only atomic
    # within one file system.
    import tempfile  # only a fix writes: checking never pays for the import

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
