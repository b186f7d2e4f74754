"""notelint's own Markdown passes notelint, and the README's fuzzing command runs as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OWN_DOCS = sorted(
    p.relative_to(ROOT).as_posix()
    for p in [
        ROOT / "README.md",
        *(ROOT / "docs").glob("*.md"),
        *(ROOT / "benchmarks").glob("*.md"),
    ]
)


def test_own_markdown_files_pass_notelint() -> None:
    assert "README.md" in OWN_DOCS and "docs/reliability.md" in OWN_DOCS
    done = subprocess.run(
        [sys.executable, "-m", "notelint", *OWN_DOCS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stdout


def readme_fuzz_command() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    found = re.search(r"^\.venv/bin/python (fuzz/fuzz_notelint\.py .*)$", readme, re.MULTILINE)
    assert found, "README.md gives the fuzzing command"
    return shlex.split(found[1])


def test_the_readme_fuzzing_command_works_on_a_fresh_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libFuzzer stops at once when its corpus folder is missing, as on a fresh clone.

    atheris itself (libFuzzer) is not needed to see that: a stand-in records how the
    script sets it up.
    """
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "fuzz", clone / "fuzz", ignore=shutil.ignore_patterns("corpus"))
    script, *args = readme_fuzz_command()
    setup: list[list[str]] = []
    fake = types.ModuleType("atheris")
    fake.instrument_imports = lambda: _Nothing()  # type: ignore[attr-defined]

    def record(argv: list[str], test: object) -> None:
        for folder in [a for a in argv[1:] if not a.startswith("-")]:
            # What libFuzzer does first: every folder named must exist.
            assert Path(folder).is_dir(), f"{folder} does not exist"
        setup.append(argv)

    fake.Setup = record  # type: ignore[attr-defined]
    fake.Fuzz = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "atheris", fake)
    monkeypatch.chdir(clone)
    monkeypatch.setattr(sys, "argv", [script, *args])
    assert not (clone / "fuzz" / "corpus").exists()
    namespace = {"__name__": "__main__", "__file__": os.fspath(clone / script)}
    exec(compile((clone / script).read_text("utf-8"), script, "exec"), namespace)
    assert setup == [[script, *args]]
    assert (clone / "fuzz" / "corpus").is_dir()


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
