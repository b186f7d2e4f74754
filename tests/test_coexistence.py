"""notelint beside rumdl: with the shipped settings, `rumdl fmt` and `notelint --fix` agree.

Each tool runs on the example in turn until neither changes anything. With
``docs/coexistence/.rumdl.toml`` that takes one round; without it, rumdl's heading
increment (MD001) turns the first ``### 2023`` into ``## 2023`` and notelint's NL102
turns it back, every round, for ever.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "example" / "paper-notes.md"
RUMDL_CONFIG = ROOT / "docs" / "coexistence" / ".rumdl.toml"
RUMDL = shutil.which("rumdl", path=str(Path(sys.executable).parent)) or shutil.which("rumdl")

pytestmark = [
    pytest.mark.skipif(
        not EXAMPLE.is_file(), reason="../shared/example/paper-notes.md is not here"
    ),
    pytest.mark.skipif(RUMDL is None, reason="rumdl is not installed (pip install rumdl)"),
]


def rumdl_fmt(folder: Path) -> None:
    assert RUMDL is not None
    done = subprocess.run(
        [RUMDL, "fmt", "--no-cache", "paper-notes.md"], cwd=folder, capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr


def notelint_fix(folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "notelint", "--fix", "paper-notes.md"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    # 1: findings without a fix remain (missing images, an unknown venue).
    assert done.returncode in (0, 1), done.stderr


def rounds_until_settled(folder: Path, limit: int = 4) -> tuple[int, str]:
    """Run rumdl then notelint until a whole round changes nothing; return the rounds
    that changed something and the final text."""
    notes = folder / "paper-notes.md"
    for done in range(limit):
        changed = False
        for tool in (rumdl_fmt, notelint_fix):
            before = notes.read_bytes()
            tool(folder)
            changed |= notes.read_bytes() != before
        if not changed:
            return done, notes.read_text("utf-8")
    return limit, notes.read_text("utf-8")


def project(tmp_path: Path, with_config: bool) -> Path:
    (tmp_path / ".git").mkdir()  # the repository root: both tools stop looking here
    (tmp_path / "paper-notes.md").write_bytes(EXAMPLE.read_bytes())
    if with_config:
        shutil.copy(RUMDL_CONFIG, tmp_path / ".rumdl.toml")
    return tmp_path


def test_rumdl_and_notelint_settle_in_one_round(tmp_path: Path) -> None:
    rounds, text = rounds_until_settled(project(tmp_path, with_config=True))
    assert rounds == 1
    assert "\n### 2023\n" in text and "\n# Blog\n" in text
    assert "<details>" in text and "  <br>\n" in text


def test_without_the_settings_they_fight(tmp_path: Path) -> None:
    rounds, _ = rounds_until_settled(project(tmp_path, with_config=False), limit=3)
    assert rounds == 3
