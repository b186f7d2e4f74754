"""--fix under interruption and contention: a file is always its old text or its new text.

Writes go to a hidden temporary file in the same folder, then replace the file in one
rename; a run killed between the two leaves the temporary file
(``.name.md.notelint-PID-XXXX.tmp``) behind, which is never taken for a note and which
the next run in that folder removes.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notelint.front.files import discover

EXAMPLE = (Path(__file__).parents[1] / "examples" / "paper-notes.md").read_text("utf-8")
FILES = 12


def notelint(folder: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "notelint", "--fix", *args, "."],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def fill(folder: Path) -> dict[str, str]:
    """Write the notes files as they are before fixing; return name -> text."""
    old = {}
    for i in range(FILES):
        # Some CRLF and some with a BOM, so a torn write could not hide as a normalisation.
        text = EXAMPLE * (2 + i % 3)
        if i % 4 == 1:
            text = text.replace("\n", "\r\n")
        if i % 5 == 2:
            text = "\ufeff" + text
        name = f"notes{i:02}.md"
        (folder / name).write_bytes(text.encode("utf-8"))
        old[name] = text
    return old


def contents(folder: Path) -> dict[str, str]:
    return {
        p.name: p.read_bytes().decode("utf-8")
        for p in sorted(folder.iterdir())
        if p.name.endswith(".md") and not p.name.startswith(".")
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".md"))


@pytest.fixture(scope="module")
def fixed_texts(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], float]:
    """Each file's text after a complete --fix, and how long that run took."""
    folder = tmp_path_factory.mktemp("complete")
    old = fill(folder)
    start = time.monotonic()
    run = notelint(folder, "--jobs", "1")
    _, err = run.communicate(timeout=300)
    seconds = time.monotonic() - start
    assert run.returncode == 1, err  # problems remain that have no safe fix
    new = contents(folder)
    assert new.keys() == old.keys()
    assert all(new[name] != old[name] for name in old), "every file needs fixing"
    assert leftovers(folder) == []
    return new, seconds


def wait_for_writes(folder: Path, count: int, deadline: float) -> None:
    """Return once ``count`` files were replaced (a rename gives a new inode)."""
    inodes = {p: p.stat().st_ino for p in folder.glob("*.md")}
    while time.monotonic() < deadline:
        replaced = 0
        for path, inode in inodes.items():
            replaced += path.stat().st_ino != inode
        if replaced >= count:
            return
        time.sleep(0.002)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigkill_during_fix_leaves_every_file_old_or_new(
    tmp_path: Path, fixed_texts: tuple[dict[str, str], float], jobs: str
) -> None:
    new, seconds = fixed_texts
    rng = random.Random(int(jobs))
    partly = 0
    for round_ in range(4):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        old = fill(folder)
        run = notelint(folder, "--jobs", jobs)
        if round_ % 2:
            # Anywhere from start-up to the end of the work.
            time.sleep(rng.uniform(0.05, seconds))
        else:
            # Right after the first files were written, while the others are being fixed.
            wait_for_writes(folder, round_ // 2 + 1, deadline=time.monotonic() + 60)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        now = contents(folder)
        assert now.keys() == old.keys()
        for name, text in now.items():
            assert text in (old[name], new[name]), f"{name} is neither its old nor its new text"
        done = sum(now[name] == new[name] for name in now)
        partly += 0 < done < len(now)
        # A leftover can only be a hidden temporary file, and it is never checked.
        assert all(n.startswith(".notes") and n.endswith(".tmp") for n in leftovers(folder))
        assert sorted(p.name for p in discover([folder]).files) == sorted(old)
        if round_ < 3:
            continue
        # Running again to the end finishes the job and removes the killed run's
        # temporary files.
        finish = notelint(folder, "--jobs", jobs)
        finish.communicate(timeout=300)
        assert contents(folder) == new
        assert leftovers(folder) == []
    # The kills did land part-way through (not all before or all after the work).
    assert partly >= 2


def test_two_runs_fixing_the_same_tree_at_once_leave_valid_files(
    tmp_path: Path, fixed_texts: tuple[dict[str, str], float]
) -> None:
    new, _ = fixed_texts
    for round_ in range(1):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        fill(folder)
        first, second = notelint(folder, "--jobs", "1"), notelint(folder, "--jobs", "2")
        for run in (first, second):
            _, err = run.communicate(timeout=300)
            # A run that finds a file already fixed by the other since it read it leaves
            # it alone and says so; nothing else may go wrong.
            lines = err.decode().splitlines()
            assert all(line.endswith(": changed while fixing; not written") for line in lines)
            assert run.returncode == (2 if lines else 1), err
        assert contents(folder) == new
        assert leftovers(folder) == []


def test_sigterm_and_ctrl_c_leave_no_half_file(
    tmp_path: Path, fixed_texts: tuple[dict[str, str], float]
) -> None:
    """A polite stop ends the run as a kill does, quietly: old or new texts only."""
    new, seconds = fixed_texts
    for sig in (signal.SIGTERM, signal.SIGINT):
        folder = tmp_path / sig.name
        folder.mkdir()
        old = fill(folder)
        run = notelint(folder, "--jobs", "2")
        time.sleep(min(1.0, seconds / 2))
        run.send_signal(sig)
        _, err = run.communicate(timeout=60)
        assert b"Traceback" not in err
        for name, text in contents(folder).items():
            assert text in (old[name], new[name])
        assert all(n.startswith(".notes") and n.endswith(".tmp") for n in leftovers(folder))
