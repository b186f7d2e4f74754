"""The error contract under real faults, through real ``notelint`` processes.

Every failure is one line on standard error naming the file and the cause, exit 2, and
the other files are still checked; a closed standard output is quiet; Ctrl-C is 130.
"""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

EXAMPLE = (Path(__file__).parents[1] / "examples" / "paper-notes.md").read_text("utf-8")
# A finding that --fix leaves (NL208 has no safe fix) and one it fixes (NL201).
NOTES = "# Paper\n\n### 2023\n\n- GLM\n  - ICLM [code](https://github.com/THUDM/GLM)\n"
NOBODY = 65534


def run(folder: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "notelint", "--isolated", *args],
        cwd=folder,
        capture_output="stdout" not in kwargs,
        timeout=120,
        **kwargs,
    )


# Run notelint as the ordinary user "nobody". This interpreter may live where only root
# may enter, so the child loads everything it will need as root, then gives up root for
# good (no capabilities left) before it touches any file.
AS_NOBODY = f"""
import importlib, os, pkgutil, sys
import notelint
for module in pkgutil.walk_packages(notelint.__path__, "notelint."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
for name in ("difflib", "json", "traceback", "secrets", "ctypes", "textwrap"):
    importlib.import_module(name)
os.setgroups([])
os.setgid({NOBODY})
os.setuid({NOBODY})
assert "CapEff:\t0000000000000000" in open("/proc/self/status").read()
from notelint.front.cli import main
sys.argv[0] = "notelint"
main()
"""


def run_as_nobody(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    if os.geteuid() != 0:
        return run(folder, *args)
    return subprocess.run(
        [sys.executable, "-c", AS_NOBODY, "--isolated", *args],
        cwd=folder,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder an ordinary user may read (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="notelint-faults-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def test_an_unreadable_file_is_one_error_and_the_others_are_checked(shared_folder: Path) -> None:
    secret = shared_folder / "secret.md"
    secret.write_text(NOTES, encoding="utf-8")
    secret.chmod(0)
    (shared_folder / "good.md").write_text(NOTES, encoding="utf-8")
    (shared_folder / "good.md").chmod(0o644)
    if os.geteuid() != 0 and os.access(secret, os.R_OK):
        pytest.skip("this user reads any file and cannot become another")
    done = run_as_nobody(shared_folder, "secret.md", "good.md")
    assert done.returncode == 2
    assert done.stderr.decode() == "notelint: error: secret.md: Permission denied\n"
    assert "good.md:6:5: NL208" in done.stdout.decode()
    # Found in a folder rather than named: the same.
    done = run_as_nobody(shared_folder, ".")
    assert done.returncode == 2
    assert done.stderr.decode() == "notelint: error: secret.md: Permission denied\n"
    assert "good.md:6:5: NL208" in done.stdout.decode()


def test_a_full_standard_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    for args in (["notes.md"], ["--list-rules"], ["--explain", "NL201"], ["--help"]):
        with open("/dev/full", "wb") as full:
            done = run(tmp_path, *args, stdout=full, stderr=subprocess.PIPE)
        assert done.returncode == 2, args
        assert done.stderr.decode() == (
            "notelint: error: cannot write the output: No space left on device\n"
        ), args


def test_a_closed_standard_output_is_quiet(tmp_path: Path) -> None:
    # Enough findings to fill the pipe's buffer, so the write meets the closed end.
    (tmp_path / "notes.md").write_text(EXAMPLE * 200, encoding="utf-8")
    for args, status in ((["notes.md"], 1), (["--list-rules"], 0)):
        read, write = os.pipe()
        os.close(read)
        try:
            done = run(tmp_path, *args, stdout=write, stderr=subprocess.PIPE)
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (status, b""), args


def test_ctrl_c_exits_130_and_leaves_every_file_whole(tmp_path: Path) -> None:
    old = {}
    for i in range(6):
        text = EXAMPLE * 20 + f"\n<!-- {i} -->\n"
        (tmp_path / f"notes{i}.md").write_text(text, encoding="utf-8")
        old[f"notes{i}.md"] = text
    inodes = {p: p.stat().st_ino for p in tmp_path.iterdir()}
    child = subprocess.Popen(
        [sys.executable, "-m", "notelint", "--isolated", "--fix", "--jobs", "1", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # Once the first file is written, the run is well inside its work.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and all(p.stat().st_ino == i for p, i in inodes.items()):
        time.sleep(0.005)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert err.decode().strip() == "notelint: interrupted"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(old), "no temporary file is left"
    fixed = sum((tmp_path / name).read_text("utf-8") != text for name, text in old.items())
    assert 1 <= fixed < len(old), "stopped part-way, as meant"


def coloured(folder: Path, env: dict[str, str], tty: bool = False) -> bool:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    if not tty:
        done = run(folder, "notes.md", env={**environ, **env})
        return b"\x1b[" in done.stdout
    leader, follower = pty.openpty()
    try:
        done = run(folder, "notes.md", env={**environ, **env}, stdout=follower, stderr=follower)
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other side is closed
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
    assert done.returncode == 1
    return b"\x1b[" in out


def test_colour_follows_no_color_and_force_color(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    assert not coloured(tmp_path, {})
    assert coloured(tmp_path, {"FORCE_COLOR": "1"})
    assert not coloured(tmp_path, {"FORCE_COLOR": ""})
    assert not coloured(tmp_path, {"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert coloured(tmp_path, {}, tty=True)
    assert not coloured(tmp_path, {"NO_COLOR": "1"}, tty=True)
    # no-color.org: only a non-empty value turns colour off.
    assert coloured(tmp_path, {"NO_COLOR": ""}, tty=True)
