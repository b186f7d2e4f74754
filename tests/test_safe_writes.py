"""--fix never writes over an edit saved meanwhile, and keeps what a file is besides its text.

The runs are real ``notelint`` processes; the saves come from this process, as an
editor's would, at several moments of the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notelint.front import writing
from notelint.front.files import FileError, read_file, stale_temporaries
from notelint.front.writing import CHANGED, FileChanged, write_source

EXAMPLE = (Path(__file__).parents[1] / "examples" / "paper-notes.md").read_text("utf-8")
# Big enough that a fix takes a good part of a second: room to save in the middle of it.
BIG = EXAMPLE * 25
# One code link written `[code](u)`, which --fix makes `[[code]](u)`.
SMALL = "# Paper\n\n### 2023\n\n- GLM\n  - ICLR [code](https://github.com/THUDM/GLM)\n"
EDIT = "\n- A paper the user added while the fix ran\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def notelint(folder: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "notelint", "--isolated", *args],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def save_as_editor(path: Path, text: str, style: str) -> None:
    """Save ``text`` as editors do: a new file renamed over the old, or written in place."""
    if style == "rename":
        swap = path.with_name(f".{path.name}.swp")
        swap.write_text(text, encoding="utf-8")
        os.replace(swap, path)
    else:
        with open(path, "r+", encoding="utf-8") as file:
            file.write(text)
            file.truncate()


@pytest.fixture(scope="module")
def fix_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    folder = tmp_path_factory.mktemp("timing")
    (folder / "notes.md").write_text(BIG, encoding="utf-8")
    start = time.monotonic()
    run = notelint(folder, "--fix", "notes.md")
    _, err = run.communicate(timeout=300)
    assert run.returncode == 1, err
    assert (folder / "notes.md").read_text("utf-8") != BIG, "the file needs fixing"
    return time.monotonic() - start


@pytest.mark.parametrize("style", ["rename", "in-place"])
def test_an_edit_saved_while_fixing_is_never_lost(
    tmp_path: Path, fix_seconds: float, style: str
) -> None:
    refused = 0
    # From before the file is read to after it is written.
    for round_, share in enumerate([0.0, 0.3, 0.5, 0.7, 0.9, 1.4]):
        path = tmp_path / f"round{round_}" / "notes.md"
        path.parent.mkdir()
        path.write_text(BIG, encoding="utf-8")
        run = notelint(path.parent, "--fix", "notes.md")
        time.sleep(share * fix_seconds)
        save_as_editor(path, BIG + EDIT, style)
        _, err = run.communicate(timeout=300)
        text = path.read_text("utf-8")
        assert EDIT.strip() in text, f"the edit saved at {share:.0%} of the run was lost"
        if run.returncode == 2:
            assert err.decode() == f"notelint: error: notes.md: {CHANGED}\n"
            assert text == BIG + EDIT
            refused += 1
        else:
            assert run.returncode == 1, err
        assert sorted(os.listdir(path.parent)) == ["notes.md"]
    # Some saves did land while the fix was under way (else this test proves nothing).
    assert refused >= 1


def changed_at_the_last_moment(
    monkeypatch: pytest.MonkeyPatch, path: Path, text: str, style: str
) -> None:
    """Save ``text`` over ``path`` right after the last check, just before the swap."""
    real = writing._exchange

    def late(first: Path, second: Path) -> bool:
        monkeypatch.setattr(writing, "_exchange", real)
        info = path.stat()
        save_as_editor(path, text, style)
        if style == "in-place":  # same size, same time: only the bytes tell
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        return real(first, second)

    monkeypatch.setattr(writing, "_exchange", late)


@pytest.mark.parametrize("style", ["rename", "in-place"])
def test_a_save_between_the_last_check_and_the_swap_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, style: str
) -> None:
    if writing._renameat2() is None:
        pytest.skip("no renameat2 here: the plain rename has no moment after the check")
    path = tmp_path / "notes.md"
    path.write_text("- a TODO\n", encoding="utf-8")
    source, stamp = read_file(path)
    changed_at_the_last_moment(monkeypatch, path, "- a EDIT\n", style)
    with pytest.raises(FileChanged) as info:
        write_source(path, source, "- a DONE\n", stamp)
    assert str(info.value) == f"{path}: {CHANGED}"
    assert path.read_text("utf-8") == "- a EDIT\n"
    assert os.listdir(tmp_path) == ["notes.md"]


def test_a_change_of_the_bytes_alone_is_seen(tmp_path: Path) -> None:
    """Same inode, size and modification time: the digest of what was read tells."""
    path = tmp_path / "notes.md"
    path.write_text("- a TODO\n", encoding="utf-8")
    source, stamp = read_file(path)
    info = path.stat()
    with open(path, "r+", encoding="utf-8") as file:
        file.write("- a EDIT\n")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_mtime_ns == stamp.mtime_ns
    with pytest.raises(FileChanged):
        write_source(path, source, "- a DONE\n", stamp)
    assert path.read_text("utf-8") == "- a EDIT\n"


def test_hard_links_are_written_through_and_stay_one_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(SMALL, encoding="utf-8")
    other = tmp_path / "elsewhere.md"
    os.link(notes, other)
    inode = notes.stat().st_ino
    run = notelint(tmp_path, "--fix", "notes.md")
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert notes.stat().st_ino == other.stat().st_ino == inode
    assert notes.stat().st_nlink == 2
    assert "[[code]](https://github.com/THUDM/GLM)" in other.read_text("utf-8")
    assert sorted(os.listdir(tmp_path)) == ["elsewhere.md", "notes.md"]


def test_a_hard_linked_file_changed_meanwhile_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("- a TODO\n", encoding="utf-8")
    os.link(path, tmp_path / "link.md")
    source, stamp = read_file(path)
    save_as_editor(path, "- a EDIT\n", "in-place")
    with pytest.raises(FileChanged):
        write_source(path, source, "- a DONE\n", stamp)
    assert (tmp_path / "link.md").read_text("utf-8") == "- a EDIT\n"


@pytest.mark.skipif(not IS_ROOT, reason="only root may give a file to another user")
def test_owner_group_and_mode_are_kept_when_root_fixes_a_users_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(SMALL, encoding="utf-8")
    os.chown(path, 65534, 65534)
    path.chmod(0o640)
    run = notelint(tmp_path, "--fix", "notes.md")
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (65534, 65534, 0o640)
    assert "[[code]]" in path.read_text("utf-8")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_files_are_removed_by_the_next_run(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "more.md").write_text("# More\n", encoding="utf-8")
    dead, alive = dead_pid(), os.getpid()
    stale = [
        tmp_path / f".notes.md.notelint-{dead}-0a1b2c3d.tmp",
        sub / f".more.md.notelint-{dead}-ff.tmp",
    ]
    live = tmp_path / f".notes.md.notelint-{alive}-0a1b2c3d.tmp"
    other = tmp_path / ".notes.md.swp"  # an editor's: never notelint's to remove
    for path in [*stale, live, other]:
        path.write_text("half a fix", encoding="utf-8")
    run = notelint(tmp_path, ".")
    _, err = run.communicate(timeout=120)
    assert (run.returncode, err) == (0, b"")
    assert [p.exists() for p in stale] == [False, False]
    assert live.exists() and other.exists()


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="zombies are read from /proc")
def test_the_temporary_file_of_an_ended_unreaped_process_is_stale(tmp_path: Path) -> None:
    # A worker killed with its run stays a zombie until reaped, maybe forever.
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 30
        while b") Z" not in Path(f"/proc/{zombie.pid}/stat").read_bytes():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        left = tmp_path / f".notes.md.notelint-{zombie.pid}-0a.tmp"
        live = tmp_path / f".notes.md.notelint-{os.getpid()}-0b.tmp"
        assert stale_temporaries(tmp_path, [left.name, live.name]) == [left]
    finally:
        zombie.wait()


def test_fixing_a_named_file_removes_its_own_stale_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes  \n", encoding="utf-8")
    stale = tmp_path / f".notes.md.notelint-{dead_pid()}-0a.tmp"
    stale.write_text("half a fix", encoding="utf-8")
    run = notelint(tmp_path, "--fix", "notes.md")
    _, err = run.communicate(timeout=120)
    assert (run.returncode, err) == (0, b"")
    assert path.read_text("utf-8") == "# Notes\n"
    assert os.listdir(tmp_path) == ["notes.md"]


def test_a_write_error_is_one_file_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("- a TODO\n", encoding="utf-8")
    source, stamp = read_file(path)
    path.unlink()
    with pytest.raises(FileError) as info:
        write_source(path, source, "- a DONE\n", stamp)
    assert str(info.value) == f"{path}: cannot write: No such file or directory"
