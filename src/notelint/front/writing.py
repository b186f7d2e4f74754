"""Writing a fixed file back without ever losing an edit made meanwhile.

A fix takes a while: the file is read, parsed, fixed and checked. An editor saving the
file in that time (format-on-save, pre-commit while the user types) must win. So the
file is written only if it is still the file that was read: the same inode, size,
modification time and content (``Stamp``), checked once more as late as possible, just
before the new text takes its place, and again right after, on the old file itself.

- An ordinary file is replaced atomically: the new text goes to a temporary file in the
  same folder (``.NAME.notelint-PID-XXXX.tmp``), which gets the file's mode, owner and
  group, and is synced; then the two are swapped in one ``renameat2(RENAME_EXCHANGE)``
  where the system has it, so the old file is still at hand to be checked, and put back
  if it changed. Elsewhere a plain rename follows the last check.
- A file with several hard links is written in place, through every link, as ruff and
  black write every file: replacing it would quietly split it from its other names.
- Ctrl-C, SIGTERM and SIGHUP are held while the file is written and swapped, so a
  polite stop never leaves half a write; they take effect right after.
- A run killed outright (SIGKILL, power loss) may leave its temporary file. Its name is
  never a Markdown file's, discovery skips it, and the next run in that folder removes
  it once the process named in it is gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import BinaryIO

from notelint.front.files import (
    FileError,
    Stamp,
    remove_stale,
    stale_temporaries,
    temporary_name,
)
from notelint.model.disk import digest
from notelint.syntax.signals import signals_held
from notelint.syntax.source import Source

CHANGED = "changed while fixing; not written"
# Ctrl-C and termination requests wait until a write is done.
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}


class FileChanged(FileError):
    """The file on disk is no longer the one that was read: it is not written."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path, CHANGED)


def write_source(
    path: str | os.PathLike[str], source: Source, text: str, stamp: Stamp | None = None
) -> bool:
    """Write ``text`` over the file ``source`` was read from, never over someone's edit.

    The BOM of ``source`` is restored; the file keeps its mode, owner, group and links.
    With ``stamp`` (from ``files.read_file``), a file that is no longer the one read is
    left alone: ``FileChanged``. Nothing is written when ``text`` equals the source
    text. Return whether the file was written; raise FileError when it cannot be.
    """
    if text == source.text:
        return False
    data = source.to_text(text).encode("utf-8")
    # Write through a symlink to the file it points at, rather than replacing the link.
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
        if stamp is not None and not stamp.matches(info):
            raise FileChanged(path)
        if not stat.S_IMODE(info.st_mode) & 0o222:
            # Replacing would succeed (it needs only the folder), and as root even an
            # ordinary write would: the mode is the one sign that the file is not to change.
            raise FileError(path, "cannot write: the file is read-only")
        with contextlib.suppress(OSError):
            remove_stale(stale_temporaries(target.parent, os.listdir(target.parent), target.name))
        if info.st_nlink > 1:
            _write_in_place(path, target, data, stamp)
        else:
            _replace(path, target, data, info, stamp)
    except OSError as exc:
        raise FileError(path, f"cannot write: {exc.strerror or exc}") from None
    return True


def _check(path: str | os.PathLike[str], file: BinaryIO, stamp: Stamp | None) -> None:
    """Raise FileChanged unless the open ``file`` is still, in status and bytes, ``stamp``."""
    if stamp is None:
        return
    if not stamp.matches(os.fstat(file.fileno())):
        raise FileChanged(path)
    file.seek(0)
    if digest(file.read()) != stamp.digest:
        raise FileChanged(path)


def _write_in_place(
    path: str | os.PathLike[str], target: Path, data: bytes, stamp: Stamp | None
) -> None:
    with open(target, "r+b") as file, signals_held(_HELD_SIGNALS):
        _check(path, file, stamp)
        file.seek(0)
        file.write(data)
        file.truncate()
        file.flush()
        os.fsync(file.fileno())


def _replace(
    path: str | os.PathLike[str],
    target: Path,
    data: bytes,
    info: os.stat_result,
    stamp: Stamp | None,
) -> None:
    # The temporary file must be in the same folder: a rename is only atomic within one
    # file system.
    tmp = temporary_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            _keep_owner(out.fileno(), info)
            # After the owner: changing the owner clears the set-user-ID bits.
            os.chmod(tmp, stat.S_IMODE(info.st_mode))
            os.fsync(out.fileno())
        with open(target, "rb") as old, signals_held(_HELD_SIGNALS):
            _check(path, old, stamp)
            if not _exchange(tmp, target):
                os.replace(tmp, target)
                return
            # ``tmp`` now names the file that was at ``target`` an instant ago: if it is
            # not the one just checked, or changed since, the edit goes back in place.
            if stamp is not None:
                moved = os.stat(tmp)
                if (moved.st_dev, moved.st_ino) != (stamp.device, stamp.inode):
                    _exchange(tmp, target)
                    raise FileChanged(path)
                try:
                    _check(path, old, stamp)
                except FileChanged:
                    _exchange(tmp, target)
                    raise
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this process may."""
    if not hasattr(os, "fchown"):
        return
    for uid, gid in ((info.st_uid, info.st_gid), (-1, info.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except PermissionError:
            continue


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_CANNOT_EXCHANGE = {22, 38, 95}  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names atomically; False where the system or the file system cannot."""
    call = _renameat2()
    if call is None:
        return False
    import ctypes

    if call(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in _CANNOT_EXCHANGE:
        return False
    raise OSError(error, os.strerror(error), os.fspath(second))


@cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    return function
