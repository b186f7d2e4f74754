"""The package's layers only look down, modules stay small, and the code is typed and clean.

The layers, lowest first: ``version``, ``syntax`` (the text and its parse), ``model``
(the notes structure), ``config`` (settings), ``rules``, ``engine`` (selection, linting,
the fix loop and its checks), ``report`` (output formats), ``front`` (the command line,
the run over files, discovery and writing); the package's own ``__init__`` (the public
API) and ``__main__`` sit on top. A module may import from its own layer or any layer
below it, type-only imports included; never from a layer above.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "notelint"
LAYERS = ("version", "syntax", "model", "config", "rules", "engine", "report", "front", "")
MAX_LINES = 400


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The index in LAYERS of a ``notelint`` module; the package itself is the top."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    return LAYERS.index(top if top in LAYERS else "")


def imported_modules(tree: ast.AST, package: str = "notelint") -> Iterator[tuple[int, str]]:
    """Every ``notelint`` module a module's code imports, anywhere in it, with the line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == package:
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != package:
                continue
            for alias in node.names:
                # `from notelint import rules` imports a module; `import __version__` a name.
                if node.module == package and alias.name in LAYERS:
                    yield node.lineno, f"{package}.{alias.name}"
                else:
                    yield node.lineno, node.module


def upward_imports(package: Path) -> list[str]:
    """Each import of a package's module that reaches a higher layer, as ``file:line``."""
    found = []
    for path in sorted(package.rglob("*.py")):
        importer = module_name(path, package)
        tree = ast.parse(path.read_text("utf-8"))
        for line, imported in imported_modules(tree):
            if layer_of(imported) > layer_of(importer):
                where = path.relative_to(package.parent)
                found.append(f"{where}:{line}: {importer} imports {imported}")
    return found


def test_no_import_runs_up_a_layer() -> None:
    assert upward_imports(PACKAGE) == []


def test_every_module_lives_in_a_layer_folder() -> None:
    flat = sorted(
        p.name
        for p in PACKAGE.glob("*.py")
        if p.name not in ("__init__.py", "__main__.py", "version.py")
    )
    assert flat == []
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert folders == sorted(name for name in LAYERS if name and name != "version")


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    # The same check on a copy of the package with one upward import added to a rule.
    copy = tmp_path / "notelint"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    rule = copy / "rules" / "urls.py"
    rule.write_text(rule.read_text("utf-8") + "\nfrom notelint.front.cli import main\n", "utf-8")
    model = copy / "model" / "build.py"
    text = model.read_text("utf-8")
    typed = "\nif TYPE_CHECKING:\n    from notelint.engine.results import RunResult\n"
    model.write_text(text + typed, "utf-8")
    found = upward_imports(copy)
    assert len(found) == 2
    assert found[0].startswith("notelint/model/build.py:")
    assert found[0].endswith("notelint.model.build imports notelint.engine.results")
    assert found[1].endswith("notelint.rules.urls imports notelint.front.cli")


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_a_module_is_small_and_says_what_it_is(path: Path) -> None:
    text = path.read_text("utf-8")
    assert text.count("\n") <= MAX_LINES, f"{path.name} has over {MAX_LINES} lines"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and doc.splitlines()[0].strip(), f"{path.name} has no docstring saying its idea"


def _tool(name: str) -> list[str]:
    return [sys.executable, "-m", name]


def test_ruff_is_clean() -> None:
    done = subprocess.run(
        [*_tool("ruff"), "check", "--no-cache", "src", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean() -> None:
    done = subprocess.run(
        [*_tool("mypy"), "--strict", "src"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
