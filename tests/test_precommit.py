"""The pre-commit hooks, run for real by pre-commit on a temporary git repository.

pre-commit clones the hook repository and pip-installs it into an environment of its
own, as it does for a user, so these tests need git and the package index, and take a
while; deselect them with ``-m "not precommit"``. The hook repository is a commit of this
working tree (untracked files included), so what is tested is what is here, not the last
commit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.precommit

ROOT = Path(__file__).resolve().parent.parent

BROKEN = """\
# Paper

### 2023

- GLM-130B: An Open Bilingual Pre-trained Model
  - ICLR  [[code]](https://github.com/THUDM/GLM-130B/)
  - <details>
    <summary>Notes</summary>
    1. GLM uses autoregressive blank infilling
    2. trained with DeepNorm
    </details>
"""
FIXED = """\
# Paper

### 2023

- GLM-130B: An Open Bilingual Pre-trained Model
  - ICLR  [[code]](https://github.com/THUDM/GLM-130B)
  - <details>
    <summary>Notes</summary>
    1. GLM uses autoregressive blank infilling  <br>
    2. trained with DeepNorm
    </details>
"""


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment pre-commit runs in: its own store, no git state of the caller."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    clean.update(
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        PRE_COMMIT_COLOR="never",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        # An identity for the commits made here, whatever git's global settings hold.
        GIT_AUTHOR_NAME="notelint tests",
        GIT_AUTHOR_EMAIL="tests@notelint.invalid",
        GIT_COMMITTER_NAME="notelint tests",
        GIT_COMMITTER_EMAIL="tests@notelint.invalid",
    )
    return clean


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this working tree in one commit, and that commit."""
    repo = tmp_path_factory.mktemp("hook-repo")
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is listed too
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    _git("init", "-q", cwd=repo, env=env)
    _git("add", "-A", cwd=repo, env=env)
    _git("commit", "-q", "-m", "snapshot", cwd=repo, env=env)
    return repo, _git("rev-parse", "HEAD", cwd=repo, env=env).strip()


def _notes_repo(path: Path, env: dict[str, str]) -> Path:
    """A user's repository with notes to check, and a text file the hooks must skip."""
    path.mkdir()
    _git("init", "-q", cwd=path, env=env)
    (path / "README.md").write_text(BROKEN, "utf-8")
    (path / "notes.txt").write_text(BROKEN, "utf-8")
    _git("add", "README.md", "notes.txt", cwd=path, env=env)
    return path


def _pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _hook_reports(output: str) -> dict[str, str]:
    """Each hook's report in pre-commit's output, by the hook's name."""
    parts = re.split(r"(?m)^(\S.*?)\.{3,}(?=(?:Passed|Failed)$)", output)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_try_repo_runs_the_check_and_the_fix_hook(
    hook_repo: tuple[Path, str], env: dict[str, str], tmp_path: Path
) -> None:
    repo = _notes_repo(tmp_path / "notes", env)
    # Both hooks of the repository in one run, in id order: one environment to install.
    result = _pre_commit("try-repo", str(hook_repo[0]), "--all-files", cwd=repo, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    reports = _hook_reports(result.stdout)
    assert set(reports) == {"notelint", "notelint (fix)"}, output

    check = reports["notelint"]
    assert check.startswith("Failed\n- hook id: notelint\n- exit code: 1\n"), output
    assert "README.md:6:20: NL204" in check
    assert "README.md:9:5: NL305" in check
    assert "notes.txt" not in check  # types: [markdown]

    fix = reports["notelint (fix)"]
    assert fix.startswith("Failed\n- hook id: notelint-fix\n- files were modified by this hook")
    assert (repo / "README.md").read_text("utf-8") == FIXED
    assert (repo / "notes.txt").read_text("utf-8") == BROKEN


def _documented_config() -> dict[str, Any]:
    """The .pre-commit-config.yaml that docs/integration.md gives."""
    text = (ROOT / "docs" / "integration.md").read_text("utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```$", text, re.S | re.M)
    [config] = [yaml.safe_load(b) for b in blocks if b.startswith("repos:")]
    assert isinstance(config, dict)
    return config


def test_the_documented_configuration_works(
    hook_repo: tuple[Path, str], env: dict[str, str], tmp_path: Path
) -> None:
    config = _documented_config()
    [entry] = config["repos"]
    # The same hooks, from this working tree instead of the published release.
    entry.update(repo=str(hook_repo[0]), rev=hook_repo[1])
    repo = _notes_repo(tmp_path / "notes", env)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    _git("add", ".pre-commit-config.yaml", cwd=repo, env=env)

    failed = _pre_commit("run", "--all-files", cwd=repo, env=env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "README.md:6:20: NL204" in failed.stdout

    (repo / "README.md").write_text(FIXED, "utf-8")
    _git("add", "README.md", cwd=repo, env=env)
    passed = _pre_commit("run", "--all-files", cwd=repo, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"(?m)^notelint\.+Passed$", passed.stdout), passed.stdout
