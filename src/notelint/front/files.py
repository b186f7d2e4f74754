"""Files on disk: which paths to check, reading them as text, writing fixes back safely.

Every failure here is a ``FileError`` whose message is one line naming the path and the
cause, ready to be shown as it is.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from notelint.config.patterns import guard_patterns
from notelint.engine.limits import max_size
from notelint.model.disk import digest
from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Equal, Frozen, set_field
from notelint.syntax.source import DecodeError, Source

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

MARKDOWN_SUFFIXES = (".md",)
# A fix's temporary file, `.notes.md.notelint-4242-k3j9x0.tmp`: hidden, never `.md`, and
# naming the process that writes it, so that a run killed outright can be cleaned up after.
_TEMPORARY = lazy_re(r"\.(?P<name>.+)\.notelint-(?P<pid>[0-9]+)-[0-9a-f]+\.tmp")


class FileError(Exception):
    """A path that cannot be checked, read or written; ``str()`` is the one-line message."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{os.fspath(path)}: {reason}")
        self.path = os.fspath(path)
        self.reason = reason


class Discovery(Equal):
    """The files found for the paths asked for, and the paths that gave nothing."""

    def __init__(
        self,
        files: list[Path] | None = None,
        errors: list[FileError] | None = None,
        # Temporary files of fixes killed before they finished, met in the folders walked.
        stale: list[Path] | None = None,
    ) -> None:
        self.files = [] if files is None else files
        self.errors = [] if errors is None else errors
        self.stale = [] if stale is None else stale


class Stamp(Frozen):
    """What a file was when it was read: enough to tell that it has not changed since."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: bytes

    def __init__(self, device: int, inode: int, size: int, mtime_ns: int, digest: bytes) -> None:
        set_field(self, "device", device)
        set_field(self, "inode", inode)
        set_field(self, "size", size)
        set_field(self, "mtime_ns", mtime_ns)
        set_field(self, "digest", digest)

    @classmethod
    def of(cls, info: os.stat_result, data: bytes) -> Stamp:
        """The stamp of a file whose status is ``info`` and whose bytes are ``data``."""
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, digest(data))

    def matches(self, info: os.stat_result) -> bool:
        """Whether a file's status is still the one read (its bytes are compared apart)."""
        now = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        return now == (self.device, self.inode, self.size, self.mtime_ns)


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
            files = _walk(path, found, excluded)
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


def _walk(root: Path, found: Discovery, excluded: Exclusion | None) -> list[Path]:
    def on_error(exc: OSError) -> None:
        found.errors.append(FileError(exc.filename or root, exc.strerror or str(exc)))

    files: list[Path] = []
    ignores = GitIgnores(root)
    # os.walk with followlinks=False lists a symlinked folder but never enters it, so a
    # link loop cannot make the walk run forever.
    for folder, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        base = Path(folder)
        ignores.enter(folder, ".gitignore" in filenames)
        dirnames[:] = [d for d in dirnames if is_included(base / d, True, ignores, excluded)]
        found.stale += stale_temporaries(base, filenames)
        for name in filenames:
            path = base / name
            if is_markdown(path) and is_included(path, False, ignores, excluded):
                files.append(path)
    files.sort(key=lambda p: p.parts)
    return files


def temporary_name(target: Path) -> Path:
    """A new name for the temporary file that will replace ``target``."""
    return target.parent / f".{target.name}.notelint-{os.getpid()}-{os.urandom(4).hex()}.tmp"


def is_temporary(name: str) -> bool:
    """Whether ``name`` is one of notelint's own temporary files."""
    return _TEMPORARY.fullmatch(name) is not None


def stale_temporaries(folder: Path, names: Iterable[str], of: str | None = None) -> list[Path]:
    """Notelint's temporary files among ``names`` whose process is gone (only ``of``'s)."""
    stale = []
    for name in names:
        found = _TEMPORARY.fullmatch(name)
        if found is None or (of is not None and found["name"] != of):
            continue
        if not _running(int(found["pid"])):
            stale.append(folder / name)
    return stale


def remove_stale(paths: Iterable[Path]) -> None:
    """Remove leftover temporary files; one that cannot be removed is left for later."""
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _running(pid: int) -> bool:
    # A process of this host by that number; one of another host sharing the folder
    # cannot be seen, which is why the temporary file of a live run is never touched
    # here but only its leftovers after a kill, and a rename that loses its temporary
    # file is an error, never a lost edit.
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # alive but another user's, or no number a process could have
    return not _ended(pid)


def _ended(pid: int) -> bool:
    """Whether the process ``pid`` has ended but not been reaped (a zombie writes nothing).

    A worker killed with its run is one until something reaps it, which in a container
    whose first process never does is forever. Read from ``/proc``; elsewhere, False.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat_line = f.read()
    except OSError:
        return False
    # "pid (name) state ...": the name may hold anything, so read after its last ")".
    fields = stat_line[stat_line.rfind(b")") + 1 :].split()
    return bool(fields) and fields[0] in (b"Z", b"X")


def read_source(path: str | os.PathLike[str]) -> Source:
    """Read and decode one file; raise FileError when it cannot be read as UTF-8 text."""
    return read_file(path)[0]


def read_file(path: str | os.PathLike[str]) -> tuple[Source, Stamp]:
    """Read and decode one file, with the stamp that tells later whether it changed."""
    data, stamp = read_stamped(path)
    return decode(path, data), stamp


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read one regular file of at most ``max_size()`` bytes; raise FileError otherwise."""
    return read_stamped(path)[0]


def read_stamped(path: str | os.PathLike[str]) -> tuple[bytes, Stamp]:
    """Read one regular file of at most ``max_size()`` bytes, with its stamp.

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
            # Read one byte past the limit: the file may have grown since fstat. Asked
            # for its size and a byte more first: a read of the whole limit would make
            # a buffer of that size for every file, however small.
            want = info.st_size + 1 if limit is None else min(info.st_size, limit) + 1
            data = file.read(want)
            if len(data) == want and (limit is None or want <= limit):
                rest = file.read() if limit is None else file.read(limit + 1 - want)
                data += rest
            # Taken after the read: a write during it then shows in the content.
            stamp = Stamp.of(os.fstat(fd), data)
        except OSError as exc:
            raise FileError(path, exc.strerror or str(exc)) from None
    if limit is not None and len(data) > limit:
        size = _megabytes(max(info.st_size, len(data)))
        raise FileError(path, f"too large to check ({size}; the limit is {_megabytes(limit)})")
    return data, stamp


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".0 MB", " MB")


def decode(path: str | os.PathLike[str], data: bytes, indexed: bool = True) -> Source:
    """Decode the bytes of ``path``; raise FileError naming it when they are not text.

    ``indexed=False``: make the line index only when asked for (``Source.from_bytes``).
    """
    try:
        return Source.from_bytes(data, indexed)
    except DecodeError as exc:
        raise FileError(path, str(exc)) from None
