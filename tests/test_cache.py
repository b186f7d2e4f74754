"""The result cache: a cached result always equals a fresh one, and a hit does no parsing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.config.options import Config
from notelint.front.cache import FOLDER_NAME, ResultCache, cache_folder, project_root
from notelint.front.runner import run
from notelint.model.disk import digest

DOC = (
    "# Paper\n\n### 2024\n\n- A Paper Title\n  - [ICML 2024][[code]](https://github.com/a/b)\n"
    "  - <details>\n    <summary>阅读笔记: </summary>\n"
    '    1. A note.  <br>\n    <img src="assets/fig.png" align="middle" />\n'
    "    </details>\n"
)


def notelint(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=environment, capture_output=True, text=True
    )


def findings(paths: list[Path], cache: ResultCache | None, config: Config | None = None) -> list:
    result = run(paths, config or Config(), cache=cache)
    return [
        (f.path, f.error, [(v.code, v.start, v.end, v.message, v.fix) for v in f.violations])
        for f in result.files
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes.md").write_text(DOC, encoding="utf-8")
    return tmp_path


def test_a_hit_prints_the_same_and_imports_neither_parser_nor_rules(project: Path) -> None:
    env = {"NOTELINT_CACHE_DIR": ""}  # the default place: the project root
    first = notelint("-m", "notelint", "notes.md", cwd=project, env=env)
    assert (project / FOLDER_NAME / ".gitignore").read_text().splitlines()[-1] == "*"
    second = notelint("-X", "importtime", "-m", "notelint", "notes.md", cwd=project, env=env)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert "NL403" in first.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines()}
    assert not imported & {"mistune", "regex", "notelint.rules", "difflib", "json"}
    cleaned = notelint("-m", "notelint", "clean", cwd=project, env=env)
    assert cleaned.returncode == 0 and not (project / FOLDER_NAME).exists()


def test_no_cache_writes_nothing(project: Path) -> None:
    notelint(
        "-m", "notelint", "--no-cache", "notes.md", cwd=project, env={"NOTELINT_CACHE_DIR": ""}
    )
    assert not (project / FOLDER_NAME).exists()


def test_the_cache_lives_at_the_project_root_or_where_the_variable_says(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    assert project_root(Path.cwd()) == project
    monkeypatch.setenv("NOTELINT_CACHE_DIR", "")
    assert cache_folder() == project / FOLDER_NAME
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(project / "elsewhere"))
    assert cache_folder() == project / "elsewhere"


def test_a_damaged_cache_is_ignored_and_rebuilt(project: Path) -> None:
    cache = ResultCache(project / FOLDER_NAME)
    fresh = findings([project / "notes.md"], None)
    assert findings([project / "notes.md"], cache) == fresh
    entries = [
        p
        for p in (project / FOLDER_NAME).rglob("*")
        if p.is_file() and p.parent.name != FOLDER_NAME
    ]
    assert entries
    for damage in (b"", b"garbage", entries[0].read_bytes()[:-3], b"\x00" * 40):
        for entry in entries:
            entry.write_bytes(damage)
        assert findings([project / "notes.md"], cache) == fresh
    assert cache.load(
        cache.key(project / "notes.md", Config(), digest((project / "notes.md").read_bytes()))
    )


def test_a_cached_image_finding_follows_the_image_file(project: Path) -> None:
    cache = ResultCache(project / FOLDER_NAME)
    doc = [project / "notes.md"]
    assert findings(doc, cache) == findings(doc, None)
    (project / "assets").mkdir()
    (project / "assets" / "Fig.png").write_bytes(b"")
    assert findings(doc, cache) == findings(doc, None)
    os.rename(project / "assets" / "Fig.png", project / "assets" / "fig.png")
    assert findings(doc, cache) == findings(doc, None)
    assert not any(code == "NL403" for code, *_ in findings(doc, cache)[0][2])


def test_settings_are_part_of_the_key(project: Path) -> None:
    cache = ResultCache(project / FOLDER_NAME)
    doc = [project / "notes.md"]
    findings(doc, cache)
    narrow = Config(select=("NL403",))
    assert findings(doc, cache, narrow) == findings(doc, None, narrow)


def test_a_fix_run_stores_nothing_and_skips_only_files_with_nothing_to_fix(project: Path) -> None:
    cache = ResultCache(project / FOLDER_NAME)
    doc = project / "notes.md"
    doc.write_text(DOC.replace("A note.  <br>", "A note.   <br>  "), encoding="utf-8")
    fixing = Config(fix=True)
    run([doc], fixing, cache=cache)
    assert not (project / FOLDER_NAME).exists()
    fixed = doc.read_text(encoding="utf-8")
    assert fixed != DOC.replace("A note.  <br>", "A note.   <br>  ")
    findings([doc], cache)  # a check stores it
    assert findings([doc], cache, fixing) == findings([doc], None, fixing)
    assert doc.read_text(encoding="utf-8") == fixed


def test_runs_at_once_share_the_cache_without_damage(project: Path) -> None:
    for i in range(30):
        (project / f"n{i}.md").write_text(DOC.replace("2024", str(1990 + i)), encoding="utf-8")
    env = {"NOTELINT_CACHE_DIR": ""}
    args = ["-m", "notelint", "--jobs", "2", "."]
    runs = [
        subprocess.Popen(
            [sys.executable, *args],
            cwd=project,
            stdout=subprocess.PIPE,
            text=True,
            env={k: v for k, v in os.environ.items() if k not in env} | env,
        )
        for _ in range(3)
    ]
    outputs = {p.communicate()[0] for p in runs}
    assert len(outputs) == 1
    assert not list((project / FOLDER_NAME).rglob("*.tmp"))
    assert notelint(*args, cwd=project, env=env).stdout in outputs


# Edits of the document: (where, what) inserted or removed; edits of the files it names.
_PIECES = st.sampled_from(
    [
        "  ",
        "\n",
        "- Another Paper\n",
        '    <img src="assets/fig.png" />\n',
        '    <img src="Assets/fig.png" />\n',
        "![x](assets/other.png)\n",
        "### 2023\n",
        "<!-- notelint-disable NL403 -->\n",
        "\t",
    ]
)
_FILES = st.sampled_from(["assets/fig.png", "Assets/fig.png", "assets/other.png", "assets"])


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("insert"), st.integers(0, len(DOC)), _PIECES),
            st.tuples(st.just("delete"), st.integers(0, len(DOC)), st.integers(1, 20)),
            st.tuples(st.just("touch"), _FILES, st.booleans()),
        ),
        max_size=5,
    )
)
def test_a_cached_result_always_equals_a_fresh_one(
    tmp_path_factory: pytest.TempPathFactory, steps: list
) -> None:
    root = tmp_path_factory.mktemp("project")
    (root / ".git").mkdir()
    doc = root / "notes.md"
    text = DOC
    doc.write_text(text, encoding="utf-8")
    cache = ResultCache(root / FOLDER_NAME)
    findings([doc], cache)
    for kind, where, what in steps:
        if kind == "insert":
            at = min(where, len(text))
            text = text[:at] + what + text[at:]
        elif kind == "delete":
            text = text[:where] + text[where + what :]
        else:
            _toggle(root / where, what)
        doc.write_text(text, encoding="utf-8")
        assert findings([doc], cache) == findings([doc], None)


def _toggle(path: Path, make: bool) -> None:
    """Create the file (or folder) ``path`` when ``make``, else remove it."""
    if make:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.suffix:
            path.mkdir(exist_ok=True)
        elif not path.exists():
            path.write_bytes(b"")
    elif path.is_dir():
        for child in path.iterdir():
            if child.is_dir():
                _toggle(child, False)
            else:
                child.unlink()
        path.rmdir()
    elif path.exists():
        path.unlink()


_DISK_CALLS = re.compile(
    r"\bos\.(?:listdir|scandir|stat|lstat|walk|access)\b|\bos\.path\.(?:exists|isdir|isfile|"
    r"getsize|getmtime|lexists)\b|(?<!disk)\.(?:exists|is_file|is_dir|iterdir|glob|rglob|stat|"
    r"read_text|read_bytes)\(|\bopen\("
)


def test_rules_look_at_other_files_only_through_the_disk_they_are_given() -> None:
    """A rule reading the file system directly would make a cached result stale unseen."""
    rules = Path(__file__).resolve().parent.parent / "src" / "notelint" / "rules"
    direct = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(rules.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _DISK_CALLS.search(line.split("#", 1)[0])
    ]
    assert direct == [], "use ctx.disk (notelint.model.disk) instead"


def test_the_disk_remembers_the_content_of_a_file_it_read(tmp_path: Path) -> None:
    from notelint.model.disk import Disk, unchanged

    page = tmp_path / "other.md"
    page.write_text("# Title\n", encoding="utf-8")
    disk = Disk()
    assert disk.read(page) == b"# Title\n"
    assert disk.read(tmp_path / "missing.md") is None
    assert unchanged(disk.answers)
    page.write_text("# Another title\n", encoding="utf-8")
    assert not unchanged(disk.answers)
