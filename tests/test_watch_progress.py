"""``--watch`` checks again when a file changes; progress shows only on a terminal."""

from __future__ import annotations

import os
import pty
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CLEAN = "# Notes\n\n- [A paper](https://example.org/a)\n"
BROKEN = CLEAN + "\n\n\nMore text.\n"
COMMAND = [sys.executable, "-m", "notelint"]


def read_until(proc: subprocess.Popen[bytes], marker: bytes, seen: bytearray) -> None:
    """Read the process's stderr into ``seen`` until it holds ``marker`` ``n`` times."""
    assert proc.stderr is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stderr, selectors.EVENT_READ)
        deadline = time.monotonic() + 20
        while marker not in seen:
            left = deadline - time.monotonic()
            assert left > 0, f"no {marker!r} in {bytes(seen)!r}"
            if selector.select(left):
                chunk = os.read(proc.stderr.fileno(), 4096)
                assert chunk, f"stderr closed before {marker!r}: {bytes(seen)!r}"
                seen += chunk


def test_watch_checks_again_after_a_change(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(CLEAN, "utf-8")
    proc = subprocess.Popen(
        [*COMMAND, "--watch", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        seen = bytearray()
        read_until(proc, b"Watching for file changes.", seen)
        notes.write_text(BROKEN, "utf-8")
        read_until(proc, b"1 file changed, checking.", seen)
        read_until(proc, b"changed, checking.\nWatching for file changes.", seen)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    text = out.decode()
    first, second = text.split("All checks passed!\n")
    assert first == ""
    assert second.startswith("notes.md:5:1: NL502 [*]")


def test_watch_refuses_standard_input() -> None:
    done = subprocess.run([*COMMAND, "--watch", "-"], input=b"", capture_output=True)
    assert done.returncode == 2
    assert b"--watch cannot be used with standard input" in done.stderr


def many_files(folder: Path, count: int = 25) -> None:
    for i in range(count):
        (folder / f"notes{i:02}.md").write_text(CLEAN, "utf-8")


def stderr_on_a_terminal(folder: Path, *args: str) -> tuple[int, str, str]:
    """Run notelint with stderr on a pseudo-terminal; return status, stdout, stderr."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([*COMMAND, *args], cwd=folder, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        err = bytearray()
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal's other end closed: the process is done
                break
            if not chunk:
                break
            err += chunk
        out, _ = proc.communicate(timeout=30)
    finally:
        os.close(master)
    return proc.returncode, out.decode(), err.decode()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")
def test_progress_shows_on_a_terminal_for_many_files(tmp_path: Path) -> None:
    many_files(tmp_path)
    status, out, err = stderr_on_a_terminal(tmp_path, ".")
    assert status == 0
    assert "Checking 25 files" in err
    assert err.endswith("\r\x1b[K")  # erased before the report
    assert out == "All checks passed!\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")
def test_no_progress_for_other_output_formats_or_a_few_files(tmp_path: Path) -> None:
    many_files(tmp_path)
    status, out, err = stderr_on_a_terminal(tmp_path, "--output-format", "json", ".")
    assert (status, out, err) == (0, "[]\n", "")
    few = tmp_path / "few"
    few.mkdir()
    many_files(few, 3)
    assert stderr_on_a_terminal(few, ".") == (0, "All checks passed!\n", "")


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    many_files(tmp_path)
    done = subprocess.run([*COMMAND, "."], cwd=tmp_path, capture_output=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"All checks passed!\n", b"")
