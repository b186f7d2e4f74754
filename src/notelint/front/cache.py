"""The result cache: a file's findings, reused while nothing they depend on has changed.

An entry is keyed by everything a check's findings depend on: notelint's version and
its own code, the Python version, the installed plugins, the file's effective
configuration, its path and its bytes. Findings that depend on other files (an image
or a link naming a local file) come with the questions the rules asked of the disk and
their answers (``model.disk``); an entry is used only when the disk still answers the
same. Reading an entry imports neither the parser nor the rules.

Entries are written to a temporary file of a unique name and renamed into place, so
two runs at once never see half an entry; each entry carries a checksum, so a damaged
one is treated as missing and written again. The cache lives in ``.notelint_cache/``
at the project root (``NOTELINT_CACHE_DIR`` moves it), with a ``.gitignore`` of its own.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from notelint.config.options import CONFIG_FILES, Config
from notelint.model.disk import Question, blake2b, unchanged
from notelint.model.violation import ContentChange, Edit, Fix, Violation, frozen
from notelint.version import __version__

CACHE_ENV = "NOTELINT_CACHE_DIR"
FOLDER_NAME = ".notelint_cache"
# Raised whenever the layout of an entry changes, so old entries are never misread.
_FORMAT = 3
# An entry starts with the CRC-32 of the rest, made to catch damage (a write cut short,
# a flipped byte); a warm run reads megabytes of entries, and a CRC is many times faster
# than a cryptographic digest.
_CHECKSUM = 4


def project_root(start: Path) -> Path:
    """The nearest folder from ``start`` up that holds ``.git`` or a configuration file."""
    for folder in (start, *start.parents):
        for name in (".git", *CONFIG_FILES):
            if os.path.lexists(folder / name):
                return folder
    return start


def cache_folder() -> Path:
    """Where the cache lives: ``NOTELINT_CACHE_DIR``, else the project root's folder."""
    moved = os.environ.get(CACHE_ENV)
    if moved:
        return Path(moved)
    return project_root(Path.cwd()) / FOLDER_NAME


def clear(folder: Path) -> bool:
    """Remove the cache at ``folder``; False when there was none."""
    if not (folder / "CACHEDIR.TAG").is_file() and not (folder / ".gitignore").is_file():
        # Not a folder notelint made: never delete what someone pointed the variable at.
        return False
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    return True


def _code_stamp() -> bytes:
    """Where and when notelint's own modules were last changed (an editable install)."""
    package = Path(__file__).resolve().parent.parent
    stamp = [os.fspath(package)]
    folders = [os.fspath(package)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    stamp.append(f"{entry.path}:{info.st_mtime_ns}:{info.st_size}")
    return "\n".join(sorted(stamp)).encode("utf-8", "surrogateescape")


def _context() -> bytes:
    """What every entry of this installation shares: versions, code and plugins."""
    from notelint.engine.entry_points import fingerprint

    h = blake2b(digest_size=20)
    for part in (__version__, sys.version, str(_FORMAT), fingerprint()):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(_code_stamp())
    return h.digest()


def _config_key(config: Config) -> Config:
    """The settings findings depend on: fixing and the output format do not change them."""
    return config.with_(fix=False, output_format=None)


class ResultCache:
    """Findings of checked files, stored in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._context = _context()
        self._configs: dict[Config, bytes] = {}

    def key(self, path: Path, config: Config, content: bytes) -> str:
        """The entry name for a file read from ``path`` and checked with ``config``.

        ``content`` is the digest of the file's bytes (``files.digest``), which reading
        the file made already: hashing the bytes again would cost as much.
        """
        settings = _config_key(config)
        digest = self._configs.get(settings)
        if digest is None:
            digest = blake2b(repr(settings).encode("utf-8", "surrogateescape")).digest()
            self._configs[settings] = digest
        h = blake2b(self._context, digest_size=24)
        h.update(digest)
        h.update(os.fsencode(os.path.abspath(path)) + b"\0")
        h.update(content)
        return h.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def load(self, key: str) -> list[Violation] | None:
        """The findings stored under ``key``, or None when missing, damaged or out of date."""
        try:
            with open(self._entry(key), "rb") as f:
                raw = f.read()
        except OSError:
            return None
        body = raw[_CHECKSUM:]
        if _crc(body) != raw[:_CHECKSUM]:
            return None
        try:
            form, answers, rows = marshal.loads(body)
            if form != _FORMAT or not unchanged(answers):
                return None
            return [_violation(row) for row in rows]
        except Exception:  # whatever a damaged entry holds, it is only a miss
            return None

    def store(self, key: str, violations: list[Violation], answers: dict[Question, Any]) -> None:
        """Store findings under ``key``; a cache that cannot be written is left alone."""
        body = marshal.dumps((_FORMAT, answers, [_row(v) for v in violations]))
        data = _crc(body) + body
        target = self._entry(key)
        with contextlib.suppress(OSError):
            self._prepare()
            target.parent.mkdir(exist_ok=True)
            _write_atomically(target, data)

    def _prepare(self) -> None:
        """Create the folder with its ``.gitignore`` and cache tag, once."""
        if (self.folder / ".gitignore").is_file():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.folder / ".gitignore", b"# Made by notelint.\n*\n")
        _write_atomically(
            self.folder / "CACHEDIR.TAG",
            b"Signature: 8a477f597d28d172789f06886806bc55\n"
            b"# This folder holds notelint's result cache; `notelint clean` removes it.\n",
        )


def _crc(body: bytes) -> bytes:
    return zlib.crc32(body).to_bytes(_CHECKSUM, "big")


def _write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file no other run can pick, then rename it over."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    try:
        with open(temp, "xb") as f:
            f.write(data)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _row(v: Violation) -> tuple[Any, ...]:
    fix = None
    if v.fix is not None:
        edits = tuple((e.start, e.end, e.content) for e in v.fix.edits)
        changes = tuple((c.kind, c.old, c.new) for c in v.fix.changes)
        fix = (v.fix.applicability, edits, changes)
    return (v.code, v.name, v.level, v.message, v.start, v.end, fix)


def _violation(row: tuple[Any, ...]) -> Violation:
    code, name, level, message, start, end, fix = row
    if fix is not None:
        applicability, edits, changes = fix
        fix = frozen(
            Fix,
            {
                "edits": tuple(
                    frozen(Edit, {"start": s, "end": e, "content": c}) for s, e, c in edits
                ),
                "applicability": applicability,
                "changes": tuple(
                    frozen(ContentChange, {"kind": k, "old": o, "new": n}) for k, o, n in changes
                ),
            },
        )
    fields = {"code": code, "name": name, "level": level, "message": message}
    fields.update(start=start, end=end, fix=fix)
    violation: Violation = frozen(Violation, fields)
    return violation
