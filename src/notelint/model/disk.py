"""The files a document refers to, as the rules saw them on disk.

Most findings depend on a file's text alone; a few (an image or a link that names a
local file) depend on other files too. Rules look at the disk only through ``Disk``,
which remembers every question and its answer. The result cache stores those answers
beside a file's findings and, before reusing them, asks the questions again
(``unchanged``): a cached result is reused only when the disk still answers the same.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

try:  # the module hashlib takes it from, without loading OpenSSL as hashlib does
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b as blake2b

# A question a rule asked of the disk: (kind, path), kind one of "entry", "read", "dir",
# "exists".
Question = tuple[str, str]


class Folder:
    """A folder's entries: exact names, since GitHub is case-sensitive, and by lower case."""

    def __init__(self, names: list[str]) -> None:
        self.names = frozenset(names)
        self.by_lower: dict[str, str] = {}
        for name in sorted(names):
            self.by_lower.setdefault(name.lower(), name)


_EMPTY = Folder([])
# Folders read so far, with the modification time they were read at: many documents in
# one folder (or one document with many images) read it once, and a change is seen. A
# folder changed within the last seconds is read again each time: a second change in
# the same clock tick would leave its time as it was ("racy git").
_RACY_NS = 2_000_000_000
_FOLDERS: dict[str, tuple[int, Folder]] = {}


def _listing(path: str) -> Folder:
    """The entries of folder ``path`` (none when it cannot be read), read again on change."""
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return _EMPTY
    known = _FOLDERS.get(path)
    if known is None or known[0] != stamp or time.time_ns() - stamp < _RACY_NS:
        try:
            known = (stamp, Folder(os.listdir(path)))
        except OSError:
            known = (stamp, _EMPTY)
        if len(_FOLDERS) > 1024:
            _FOLDERS.clear()
        _FOLDERS[path] = known
    return known[1]


class Disk:
    """Answers about files on disk, each question and its answer remembered."""

    def __init__(self) -> None:
        self.answers: dict[Question, object] = {}

    def entry(self, folder: Path, name: str) -> tuple[bool, str | None]:
        """Whether ``folder`` holds ``name`` exactly, and an entry differing only in case.

        Only the answer about ``name`` is remembered, so a file added beside it later
        does not make a cached result out of date.
        """
        key = os.fspath(folder)
        found = _entry(key, name)
        self.answers[("entry", f"{key}\0{name}")] = found
        return found

    def read(self, path: Path) -> bytes | None:
        """The bytes of file ``path`` (another page a link names), None when unreadable."""
        key = os.fspath(path)
        data = _read(key)
        self.answers[("read", key)] = _digest(data)
        return data

    def is_dir(self, path: Path) -> bool:
        key = os.fspath(path)
        answer = os.path.isdir(key)
        self.answers[("dir", key)] = answer
        return answer

    def exists(self, path: Path) -> bool:
        key = os.fspath(path)
        answer = os.path.exists(key)
        self.answers[("exists", key)] = answer
        return answer


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def digest(data: bytes) -> bytes:
    """A fingerprint of a file's bytes."""
    return blake2b(data, digest_size=16).digest()


def _digest(data: bytes | None) -> str:
    return "" if data is None else digest(data).hex()


def _entry(folder: str, name: str) -> tuple[bool, str | None]:
    found = _listing(folder)
    return name in found.names, found.by_lower.get(name.lower())


def answer(kind: str, path: str) -> object:
    """Ask the disk one question again, as ``Disk`` asked it."""
    if kind == "entry":
        folder, name = path.split("\0")
        return _entry(folder, name)
    if kind == "read":
        return _digest(_read(path))
    if kind == "dir":
        return os.path.isdir(path)
    if kind == "exists":
        return os.path.exists(path)
    raise ValueError(f"unknown question {kind!r}")


def unchanged(answers: dict[Question, object]) -> bool:
    """Whether the disk still gives every one of ``answers``."""
    try:
        return all(answer(kind, path) == old for (kind, path), old in answers.items())
    except (ValueError, TypeError, AttributeError):
        return False
