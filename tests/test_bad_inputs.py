"""Hostile and broken inputs: each gets a correct result, or one line naming the file and
the cause with exit status 2, in bounded time and memory, and the other files are still
checked. docs/reliability.md lists every case with the test that proves it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from notelint.front import runner
from notelint.front.cli import main
from notelint.front.files import discover

# A file with one known problem: it must be reported whatever happens to the others.
GOOD = "# P\n\n### 2023\n\n- T\n  - ICLR [code](https://github.com/a/b)\n"
GOOD_FINDING = "good.md:6:10: NL201 [*]"
# Generous: every case here takes well under a second when the machine is idle.
SECONDS = 30.0


def check(cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run the command in-process in ``cwd``; return exit status, stdout and stderr."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def with_good(tmp_path: Path) -> Path:
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    return good


def assert_one_error(code: int, out: str, err: str, line: str) -> None:
    """Exit 2, exactly ``line`` on stderr, and good.md still reported."""
    assert code == 2, (out, err)
    assert err == f"notelint: error: {line}\n"
    assert GOOD_FINDING in out
    assert "Traceback" not in out + err


def timed(func: Callable[[], tuple[int, str, str]]) -> tuple[int, str, str]:
    start = time.monotonic()
    outcome = func()
    assert time.monotonic() - start < SECONDS
    return outcome


# -- a real process, for what only a process can show: time, memory, hanging ----------------


def process(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> tuple[int, str, str, float, int]:
    """Run notelint in a child process: status, stdout, stderr, seconds and peak RSS (KiB)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "notelint", *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                child.wait()
                pytest.fail(f"notelint {' '.join(args)} ran for more than {timeout} s")
            time.sleep(0.02)
        seconds = time.monotonic() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (
            child.returncode,
            out.read().decode(),
            err.read().decode(),
            seconds,
            usage.ru_maxrss,
        )


# -- empty and blank ----------------------------------------------------------------------


def test_empty_file_passes(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    assert timed(lambda: check(tmp_path, "empty.md")) == (0, "All checks passed!\n", "")


def test_whitespace_only_file_is_fixed_to_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(b"  \n\t\n \n")
    code, out, _ = check(tmp_path, "blank.md")
    assert (code, out.splitlines()[0]) == (
        1,
        "blank.md:1:1: NL503 [*] the file holds only blank lines",
    )
    assert check(tmp_path, "--fix", "blank.md")[0] == 0
    assert path.read_bytes() == b""
    assert check(tmp_path, "blank.md") == (0, "All checks passed!\n", "")


# -- not UTF-8 text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        ("# Café\n".encode("latin-1"), "not UTF-8 text (invalid byte 0xe9 on line 1)"),
        ("# x\n".encode("utf-16"), "UTF-16 text (notelint reads UTF-8 only)"),
        ("# x\n".encode("utf-16-be"), "contains a NUL byte on line 1 (binary file?)"),
        (b"\xfe\xff" + "# x\n".encode("utf-16-be"), "UTF-16 text (notelint reads UTF-8 only)"),
        ("# x\n".encode("utf-32"), "UTF-32 text (notelint reads UTF-8 only)"),
        (bytes(range(256)) * 4, "contains a NUL byte on line 1 (binary file?)"),
        (b"# a\nb\x00c\n", "contains a NUL byte on line 2 (binary file?)"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00",
            "contains a NUL byte on line 3 (binary file?)",
        ),
        (b"# ok\n\xc3\x28\n", "not UTF-8 text (invalid byte 0xc3 on line 2)"),
        (b"# ok\n\xed\xa0\x80\n", "not UTF-8 text (invalid byte 0xed on line 2)"),  # surrogate
    ],
    ids=[
        "latin-1",
        "utf-16-bom",
        "utf-16-no-bom",
        "utf-16-be-bom",
        "utf-32",
        "random-bytes",
        "nul",
        "png-named-md",
        "bad-sequence",
        "lone-surrogate",
    ],
)
def test_bytes_that_are_not_utf8_text_are_one_error(
    tmp_path: Path, data: bytes, cause: str
) -> None:
    (tmp_path / "bad.md").write_bytes(data)
    with_good(tmp_path)
    code, out, err = timed(lambda: check(tmp_path, "bad.md", "good.md"))
    assert_one_error(code, out, err, f"bad.md: {cause}")


def test_random_bytes_never_crash(tmp_path: Path) -> None:
    """Whatever the bytes, the outcome is a check or one error line, never a traceback."""
    import random

    rng = random.Random(5)
    for i in range(40):
        size = rng.choice([1, 7, 100, 4000])
        alphabet = rng.choice([bytes(range(256)), b"# -*[]()<>`\\!\n\r\t 2023ab", "中文".encode()])
        data = bytes(rng.choice(alphabet) for _ in range(size))
        (tmp_path / f"r{i}.md").write_bytes(data)
    code, out, err = timed(lambda: check(tmp_path, "."))
    assert code in (0, 1, 2)
    assert "Traceback" not in out + err and "internal error" not in err
    for line in err.splitlines():
        assert line.startswith("notelint: error: r") and (
            "NUL byte" in line or "not UTF-8" in line or "UTF-16" in line or "UTF-32" in line
        ), line


# -- line endings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eol", "fixed"),
    [
        (["\r\n"] * 6, None),
        (["\r"] * 6, None),
        (["\n", "\r\n", "\r", "\r\n", "\n", "\r\n"], None),
    ],
    ids=["crlf", "cr-only", "mixed"],
)
def test_line_endings_keep_positions_and_survive_fix(
    tmp_path: Path, eol: list[str], fixed: None
) -> None:
    lines = ["# P", "", "### 2023", "", "- T", "  - ICLR [code](https://github.com/a/b)"]
    text = "".join(line + end for line, end in zip(lines, eol, strict=True))
    path = tmp_path / "good.md"
    path.write_bytes(text.encode())
    code, out, err = check(tmp_path, "good.md")
    assert (code, err) == (1, "")
    assert out.startswith(GOOD_FINDING)
    assert check(tmp_path, "--fix", "good.md")[0] == 0
    assert path.read_bytes() == text.replace("[code]", "[[code]]").encode()


# -- size -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def fifty_mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 50 MB notes file, written once for the session."""
    folder = tmp_path_factory.mktemp("big")
    example = (Path(__file__).parents[1] / "examples" / "paper-notes.md").read_bytes()
    path = folder / "big.md"
    with path.open("wb") as out:
        for _ in range(50_000_000 // len(example) + 1):
            out.write(example)
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    return path


def test_a_50_mb_file_is_too_large_at_once_and_the_others_are_checked(fifty_mb: Path) -> None:
    code, out, err, seconds, peak_kib = process(fifty_mb.parent, "big.md", "good.md")
    assert_one_error(code, out, err, "big.md: too large to check (50 MB; the limit is 20 MB)")
    assert seconds < SECONDS
    assert peak_kib < 150_000  # the file is never read


def test_the_size_limit_is_an_environment_variable(fifty_mb: Path) -> None:
    code, out, err, _, _ = process(
        fifty_mb.parent, "big.md", "good.md", env={"NOTELINT_MAX_SIZE": "1.5"}
    )
    assert_one_error(code, out, err, "big.md: too large to check (50 MB; the limit is 1.5 MB)")


def test_without_the_size_limit_the_time_budget_still_bounds_a_50_mb_file(fifty_mb: Path) -> None:
    env = {"NOTELINT_MAX_SIZE": "0", "NOTELINT_TIMEOUT": "2"}
    code, out, err, seconds, peak_kib = process(fifty_mb.parent, "big.md", "good.md", env=env)
    assert_one_error(code, out, err, "big.md: too complex to check within 2 s")
    # Start-up, reading, and freeing what the check had built come on top of the budget.
    assert seconds < 2 + SECONDS
    assert peak_kib < 1_500_000


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_malformed_limit_variable_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    with_good(tmp_path)
    monkeypatch.setenv("NOTELINT_TIMEOUT", value)
    code, out, err = check(tmp_path, "good.md")
    assert (code, out) == (2, "")
    assert err.startswith("notelint: error: NOTELINT_TIMEOUT must be ")


def test_one_5_mb_line(tmp_path: Path) -> None:
    (tmp_path / "line.md").write_text("# T\n\n" + "lorem ipsum dolor" * 300_000 + "\n")
    code, out, err, seconds, peak_kib = process(tmp_path, "line.md")
    assert (code, out, err) == (0, "All checks passed!\n", "")
    assert seconds < SECONDS
    assert peak_kib < 500_000


# -- deep nesting and long runs of one character ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "> " * 10_000 + "a\n",
        "- " * 10_000 + "a\n",
        "1. " * 10_000 + "a\n",
        "> - " * 10_000 + "a\n",
        "".join("  " * i + "- a\n" for i in range(300)),  # 300 levels: 90 KB
        "[" * 100_000 + "\n",
        "<" * 100_000 + "\n",
        "*" * 100_000 + "\n",
        "a" + "*" * 100_000 + "\n",
        "`" * 100_000 + "\n",
        "]" * 100_000 + "\n",
    ],
    ids=[
        "quotes",
        "bullets",
        "ordered",
        "quote-lists",
        "indented-lists",
        "open-brackets",
        "less-than",
        "stars",
        "a-stars",
        "backticks",
        "close-brackets",
    ],
)
def test_deep_nesting_and_long_runs_are_checked(tmp_path: Path, text: str) -> None:
    (tmp_path / "deep.md").write_text(text)
    code, out, err = timed(lambda: check(tmp_path, "--fix", "deep.md"))
    assert (code, out, err) == (0, "All checks passed!\n", "")
    assert (tmp_path / "deep.md").read_text() == text


def test_unclosed_details_at_the_end_of_the_file(tmp_path: Path) -> None:
    text = "# P\n\n### 2023\n\n- T\n  - <details>\n    <summary>x</summary>\n    1. a  <br>\n"
    (tmp_path / "open.md").write_text(text)
    code, out, err = timed(lambda: check(tmp_path, "open.md"))
    assert (code, err) == (1, "")
    assert out.startswith("open.md:6:5: NL301 `<details>` is not closed before the entry ends\n")
    # Without the closing tag nothing in the block is safe to move, and nothing is lost.
    assert check(tmp_path, "--fix", "open.md")[0] == 1
    assert (tmp_path / "open.md").read_text() == text


# -- the file system --------------------------------------------------------------------------


def test_symlink_loops(tmp_path: Path) -> None:
    with_good(tmp_path)
    (tmp_path / "loop.md").symlink_to("loop.md")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..", target_is_directory=True)
    (tmp_path / "sub" / "self").symlink_to(".", target_is_directory=True)
    code, out, err = timed(lambda: check(tmp_path, "."))
    assert_one_error(code, out, err, "loop.md: Too many levels of symbolic links")


def test_a_file_that_disappears_between_listing_and_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_good(tmp_path)
    (tmp_path / "gone.md").write_text("# x\n")

    def listing_then_delete(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        found = discover(*args, **kwargs)  # type: ignore[arg-type]
        (tmp_path / "gone.md").unlink()
        return found

    monkeypatch.setattr(runner, "discover", listing_then_delete)
    code, out, err = check(tmp_path, ".")
    assert_one_error(code, out, err, "gone.md: No such file or directory")


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_good(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("# x\n")
    secret.chmod(0)
    if os.access(secret, os.R_OK):
        # Running as root, which reads any file: make open fail as it would for a user.
        real_open = os.open

        def refusing_open(path: object, flags: int, *args: int, **kwargs: object) -> int:
            if str(path).endswith("secret.md"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refusing_open)
    code, out, err = check(tmp_path, "secret.md", "good.md")
    assert_one_error(code, out, err, "secret.md: Permission denied")


def test_a_read_only_file_is_not_fixed(tmp_path: Path) -> None:
    """A file without write permission is left alone, as root too; the others are fixed."""
    ro = tmp_path / "ro.md"
    ro.write_text(GOOD)
    ro.chmod(0o444)
    good = with_good(tmp_path)
    code, out, err = check(tmp_path, "--fix", "ro.md", "good.md")
    assert (code, err) == (2, "notelint: error: ro.md: cannot write: the file is read-only\n")
    assert "ro.md:6:10: NL201 [*]" in out
    assert ro.read_text() == GOOD
    assert oct(ro.stat().st_mode & 0o777) == oct(0o444)
    assert good.read_text() == GOOD.replace("[code]", "[[code]]")
    assert sorted(os.listdir(tmp_path)) == ["good.md", "ro.md"]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    with_good(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")
    code, out, err, _, _ = process(tmp_path, "pipe.md", "good.md", timeout=60)
    assert_one_error(code, out, err, "pipe.md: not a regular file")
    # Found by walking a folder, too.
    code, out, err, _, _ = process(tmp_path, ".", timeout=60)
    assert_one_error(code, out, err, "pipe.md: not a regular file")


def test_a_device_is_refused(tmp_path: Path) -> None:
    with_good(tmp_path)
    code, out, err = timed(lambda: check(tmp_path, "/dev/zero", "good.md"))
    assert_one_error(code, out, err, "/dev/zero: not a regular file")


# -- CommonMark's pathological inputs (cmark/test/pathological_tests.py) ----------------------

PATHOLOGICAL = {
    "nested-strong-emph": "*a **a " * 1000 + "b" + " a** a*" * 1000,
    "emph-closers": "a_ " * 10_000,
    "emph-openers": "_a " * 10_000,
    "link-closers": "a]" * 10_000,
    "link-openers": "[a" * 10_000,
    "mismatched-openers-closers": "*a_ " * 10_000,
    "openers-closers-multiple-of-3": "a**b" + "c* " * 10_000,
    "link-openers-and-emph-closers": "[ a_" * 10_000,
    "pattern-[-(]": "[ (](" * 10_000,
    "nested-brackets": "[" * 5000 + "a" + "]" * 5000,
    "nested-block-quotes": "> " * 5000 + "a",
    "deeply-nested-lists": "".join("  " * i + "* a\n" for i in range(300)),
    "u+0000": "abc\u0000de\u0000" * 1,
    "backticks": "".join("e" + "`" * i for i in range(1, 1000)),
    "unclosed-links-a": "[a](<b" * 10_000,
    "unclosed-links-b": "[a](b" * 10_000,
    "reference-definitions": "".join(f"[{i}]: u\n" for i in range(5000)) + "[0] [1]",
    "images": "![[]()" * 5000,
    "many-link-closers": "[a]" * 10_000,
    "html-comments": "x <!--" * 5000,
    "html-attributes": "<a" + " b='c'" * 5000,
    "empty-lines": "\n" * 100_000,
    "lines-of-<x": "a\n" + "<x\n" * 5000,
    "tabbed-lists": "-\ta\n\t\tb\n" * 2000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_commonmark_pathological_inputs_are_checked_in_bounded_time(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "patho.md"
    path.write_text(text)
    code, _, err = timed(lambda: check(tmp_path, "patho.md"))
    if "\u0000" in text:
        assert (code, err) == (
            2,
            "notelint: error: patho.md: contains a NUL byte on line 1 (binary file?)\n",
        )
        return
    assert code in (0, 1)
    assert err == ""


def _slow_emphasis(n: int) -> str:
    # The code span sends the paragraph through the full inline parser, whose emphasis
    # matching is worse than quadratic in the nesting depth.
    return "`c` " + "*a **a " * n + "b" + " a** a*" * n + "\n"


def test_a_file_the_parser_needs_minutes_for_ends_in_too_complex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "slow.md").write_text(_slow_emphasis(6000))
    with_good(tmp_path)
    monkeypatch.setenv("NOTELINT_TIMEOUT", "1")
    start = time.monotonic()
    code, out, err = check(tmp_path, "slow.md", "good.md")
    assert time.monotonic() - start < 1 + SECONDS / 2
    assert_one_error(code, out, err, "slow.md: too complex to check within 1 s")


def test_the_time_budget_holds_in_worker_processes_too(tmp_path: Path) -> None:
    (tmp_path / "slow.md").write_text(_slow_emphasis(6000))
    with_good(tmp_path)
    for i in range(3):
        (tmp_path / f"other{i}.md").write_text(GOOD)
    code, out, err, seconds, _ = process(
        tmp_path, "--jobs", "2", ".", env={"NOTELINT_TIMEOUT": "1"}
    )
    assert_one_error(code, out, err, "slow.md: too complex to check within 1 s")
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == [
        "good.md",
        "other0.md",
        "other1.md",
        "other2.md",
    ]
    assert seconds < 1 + SECONDS


def test_the_time_budget_applies_to_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTELINT_TIMEOUT", "1")
    result = CliRunner().invoke(
        main, ["-", "--stdin-filename", "in.md"], input=_slow_emphasis(6000).encode()
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "notelint: error: in.md: too complex to check within 1 s\n",
    )
