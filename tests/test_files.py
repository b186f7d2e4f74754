from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from notelint.front import files
from notelint.front.files import FileError, discover, read_source, temporary_name
from notelint.front.writing import write_source


def touch(path: Path, text: str = "# x\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_folder_yields_markdown_recursively_sorted(tmp_path: Path) -> None:
    for rel in ["b.md", "a/z.md", "a/c.md", "A.MD", "a/notes.txt", "c/d/e.md"]:
        touch(tmp_path / rel)
    found = discover([tmp_path])
    assert found.errors == []
    assert names(found.files, tmp_path) == ["A.MD", "a/c.md", "a/z.md", "b.md", "c/d/e.md"]


def test_hidden_folders_are_skipped(tmp_path: Path) -> None:
    touch(tmp_path / "keep.md")
    touch(tmp_path / ".git" / "x.md")
    touch(tmp_path / ".venv" / "lib" / "README.md")
    touch(tmp_path / "sub" / ".hidden" / "y.md")
    found = discover([tmp_path])
    assert names(found.files, tmp_path) == ["keep.md"]


def test_a_hidden_folder_named_directly_is_walked(tmp_path: Path) -> None:
    touch(tmp_path / ".github" / "notes.md")
    found = discover([tmp_path / ".github"])
    assert names(found.files, tmp_path) == [".github/notes.md"]


def test_a_file_named_directly_is_checked_whatever_its_suffix(tmp_path: Path) -> None:
    notes = touch(tmp_path / "notes.txt")
    found = discover([notes])
    assert found.files == [notes]
    assert found.errors == []


def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "x.md")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)
    found = discover([tmp_path])
    assert names(found.files, tmp_path) == ["a/x.md"]


def test_each_file_is_listed_once(tmp_path: Path) -> None:
    notes = touch(tmp_path / "notes.md")
    found = discover([notes, tmp_path, notes])
    assert found.files == [notes]


def test_missing_path_and_folder_without_markdown_are_errors(tmp_path: Path) -> None:
    touch(tmp_path / "empty" / "readme.txt")
    good = touch(tmp_path / "good.md")
    found = discover([tmp_path / "missing.md", tmp_path / "empty", good])
    assert found.files == [good]
    assert [str(e) for e in found.errors] == [
        f"{tmp_path / 'missing.md'}: No such file or directory",
        f"{tmp_path / 'empty'}: no Markdown files found",
    ]


def test_read_source_keeps_bom_and_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_bytes(b"\xef\xbb\xbf# x\r\ny\r\n")
    source = read_source(path)
    assert source.bom
    assert source.text == "# x\r\ny\r\n"


def test_read_source_decode_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(b"# ok\n\xff\n")
    with pytest.raises(FileError) as info:
        read_source(path)
    assert str(info.value) == f"{path}: not UTF-8 text (invalid byte 0xff on line 2)"


def test_read_source_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileError) as info:
        read_source(tmp_path / "gone.md")
    assert str(info.value) == f"{tmp_path / 'gone.md'}: No such file or directory"


def test_write_source_restores_bom_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_bytes(b"\xef\xbb\xbfa TODO\r\n")
    path.chmod(0o640)
    source = read_source(path)
    assert write_source(path, source, "a DONE\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbfa DONE\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["n.md"]


def test_write_source_does_not_touch_unchanged_text(tmp_path: Path) -> None:
    path = touch(tmp_path / "n.md", "same\n")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert not write_source(path, read_source(path), "same\n")
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_write_source_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    target = touch(tmp_path / "real.md", "old\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert write_source(link, read_source(link), "new\n")
    assert link.is_symlink()
    assert target.read_text() == "new\n"


def test_write_source_failure_is_a_file_error_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    path = touch(folder / "n.md", "old\n")
    source = read_source(path)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            # Root writes into any folder: fail the temporary file as a user's would.
            real_open = os.open

            def refused(name: str, flags: int, *args: int) -> int:
                if ".notelint-" in os.fspath(name):
                    raise PermissionError(13, "Permission denied")
                return real_open(name, flags, *args)

            monkeypatch.setattr(os, "open", refused)
        with pytest.raises(FileError) as info:
            write_source(path, source, "new\n")
        assert str(info.value) == f"{path}: cannot write: Permission denied"
    finally:
        folder.chmod(0o755)
    assert path.read_text() == "old\n"
    assert os.listdir(folder) == ["n.md"]


def test_temporary_files_of_an_interrupted_write_are_never_taken_for_notes(
    tmp_path: Path,
) -> None:
    """A killed run can leave its temporary file behind: hidden, and not named *.md."""
    path = touch(tmp_path / "n.md", "old\n")
    made = temporary_name(path)
    assert made.parent == tmp_path
    assert made.name.startswith(".n.md.notelint-") and made.name.endswith(".tmp")
    assert files.is_temporary(made.name)
    assert not files.is_temporary("n.md") and not files.is_temporary(".n.md.swp")
    touch(made, "half a file")
    assert discover([tmp_path]).files == [path]


def test_a_read_only_file_is_not_written(tmp_path: Path) -> None:
    path = touch(tmp_path / "n.md", "old\n")
    path.chmod(0o444)
    with pytest.raises(FileError) as info:
        write_source(path, read_source(path), "new\n")
    assert str(info.value) == f"{path}: cannot write: the file is read-only"
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["n.md"]
