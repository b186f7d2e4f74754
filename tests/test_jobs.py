"""--jobs: files checked in worker processes give the same report, in the same order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from notelint.engine.workers import _PARALLEL_BYTES, cores, job_count

EXAMPLE = (Path(__file__).parents[1] / "examples" / "paper-notes.md").read_text("utf-8")


def test_job_count() -> None:
    big = _PARALLEL_BYTES
    assert job_count(None, [big]) == 1  # one file: no workers
    assert job_count(None, [10, 10, 10]) == 1  # little text: not worth starting them
    assert job_count(None, [big, big, big]) == min(cores(), 3)
    assert job_count(0, [big] * 8) == min(cores(), 8)  # 0 is the default too
    assert job_count(3, [10] * 8) == 3  # asked for: taken as it is
    assert job_count(16, [10, 10]) == 2  # never more than the files


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    for i in range(12):
        (root / f"n{i:02}.md").write_text(EXAMPLE * (1 + i % 3), encoding="utf-8")
    (root / "bad.md").write_bytes(b"# x\n\xff\n")
    return root


def _run(folder: Path, *args: str) -> tuple[int, bytes, bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "notelint", *args, "."],
        cwd=folder,
        capture_output=True,
        check=False,
        timeout=300,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("output", ["text", "json"])
def test_the_report_is_the_same_whatever_the_number_of_jobs(folder: Path, output: str) -> None:
    one = _run(folder, "--jobs", "1", "--output-format", output)
    assert one[0] == 2 and b"bad.md: not UTF-8 text" in one[2]
    assert _run(folder, "--jobs", "3", "--output-format", output) == one
    assert _run(folder, "--output-format", output) == one


def test_fixing_in_workers_writes_what_fixing_in_one_process_does(
    folder: Path, tmp_path: Path
) -> None:
    copies = []
    for jobs in ("1", "2"):
        copy = tmp_path / jobs
        copy.mkdir()
        for path in folder.iterdir():
            (copy / path.name).write_bytes(path.read_bytes())
        _run(copy, "--fix", "--jobs", jobs)
        copies.append({p.name: p.read_bytes() for p in sorted(copy.iterdir())})
    assert copies[0] == copies[1]
    assert copies[0]["n00.md"] != (folder / "n00.md").read_bytes()
