"""The start without click: the command lines it reads mean what they mean to click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notelint.front.cli import main
from notelint.front.entry import SUBCOMMAND_NAMES, read
from notelint.front.subcommands import SUBCOMMANDS

NOTE = "# Notes\n\n## 2024\n\n- [A paper](https://example.org/a)\n  TODO\n"

READ_HERE = [
    [],
    ["notes.md"],
    ["notes.md", "other.md", "folder"],
    ["--no-cache", "notes.md"],
    ["notes.md", "--isolated", "--no-cache"],
    ["--fix", "--no-fix", "notes.md"],
    ["--no-unsafe-fixes", "--unsafe-fixes", "--diff", "notes.md"],
    ["--select", "NL1,NL2", "--select", "NL3", "--ignore=NL101", "notes.md"],
    ["--extend-select", "NL9", "--config", "x.toml", "notes.md"],
    ["--output-format", "json", "--output-format=text", "notes.md"],
    ["--output-format", "jsno", "notes.md"],
    ["-q", "-v", "--quiet", "--statistics", "--exit-zero", "notes.md"],
    ["--exit-non-zero-on-fix", "--color", "--no-color", "notes.md"],
    ["-j", "2", "--jobs", "0", "--jobs=3", "notes.md"],
    ["--select=", "missing.md", ""],
    ["./clean", "notes.md", "server.md"],
]

CLICK_ONLY = [
    ["-"],
    ["clean"],
    ["server"],
    ["--watch", "notes.md"],
    ["--help"],
    ["-h"],
    ["--version"],
    ["--list-rules"],
    ["--explain", "NL101"],
    ["--stdin-filename", "x.md", "-"],
    ["--", "notes.md"],
    ["-qv", "notes.md"],
    ["--select"],
    ["--select", "--fix", "notes.md"],
    ["--jobs", "-1", "notes.md"],
    ["--jobs", "two", "notes.md"],
    ["-j=2", "notes.md"],
    ["--fix=yes", "notes.md"],
    ["--unknown", "notes.md"],
    ["--no-cach", "notes.md"],
]


@pytest.mark.parametrize("args", READ_HERE, ids=" ".join)
def test_read_gives_what_click_would_pass(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    parameters = read(args)
    assert parameters is not None
    with main.make_context("notelint", list(args)) as ctx:
        # The listings and --watch are the click command's own; a plain line leaves them off.
        assert {"list_rules": False, "explain": None, "watch": False, **parameters} == ctx.params


@pytest.mark.parametrize("args", CLICK_ONLY, ids=" ".join)
def test_everything_else_goes_to_click(args: list[str]) -> None:
    assert read(args) is None


def test_subcommand_names_are_the_subcommands() -> None:
    assert set(SUBCOMMANDS) == SUBCOMMAND_NAMES


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NOTELINT_CACHE_DIR": str(cwd / ".c")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["notes.md"],
        ["--no-cache", "--output-format", "json", "notes.md"],
        ["--diff", "--no-cache", "notes.md"],
        ["--exit-zero", "--exit-non-zero-on-fix", "notes.md"],
        ["missing.md", "notes.md"],
        ["--isolated", "--config", "x.toml", "notes.md"],
        ["--output-format", "jsno", "notes.md"],
        ["--exit-zero", "--select", "NL999", "notes.md"],
    ],
    ids=" ".join,
)
def test_a_process_prints_the_same_either_way(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    fast = _run(tmp_path, "-m", "notelint", *args)
    slow = _run(tmp_path, "-c", "from notelint.front.cli import main; main()", *args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.returncode,
        slow.stdout,
        slow.stderr,
    )


def test_a_check_imports_neither_click_nor_what_only_a_finding_needs(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    found = _run(tmp_path, "-X", "importtime", "-m", "notelint", "--no-cache", "notes.md")
    imported = {line.split("|")[-1].strip() for line in found.stderr.decode().splitlines()}
    assert "notelint.rules" in imported
    assert not {name for name in imported if name.split(".")[0] == "click"}
    # hashlib loads OpenSSL; difflib serves a "did you mean" hint, textwrap the rule docs.
    assert not imported & {"hashlib", "_hashlib", "difflib", "textwrap"}
