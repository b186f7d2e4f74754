"""Plugins: rules from installed packages through the ``notelint.rules`` entry point group.

The checks of a plugin's rule run in this process on entry points made up for the test
(nothing is registered, so the other tests see the built-in rules only); the package in
``tests/plugin_example`` is built and installed for real with pip into a folder that
only the notelint processes started here have on their path.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from notelint.engine.plugins import GROUP, PluginError, collect, installed_entry_points
from notelint.rules.base import REGISTRY

EXAMPLE = Path(__file__).parent / "plugin_example"

NOTES = """\
# Paper

### 2023

- GLM-130B: An Open Bilingual Pre-trained Model
  - ICLR [[code]](https://github.com/THUDM/GLM-130B)
  - <details>
    <summary>Notes</summary>
    1. TODO read section 3  <br>
    2. trained with DeepNorm, TODO <!-- notelint-disable-line todo-note -->
    </details>
"""

RULE = '''
from notelint.rules import Rule


class {cls}(Rule):
    """Find nothing; a rule for the tests."""

    code = "{code}"
    name = "{name}"
    level = "warning"

    def check(self, ctx):
        return iter(())
'''


def _module(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(textwrap.dedent(body), "utf-8")


def _entry(value: str, name: str = "NL901") -> EntryPoint:
    return EntryPoint(name, value, GROUP)


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_a_good_rule_is_collected_without_being_registered(plugin_dir: Path) -> None:
    _module(plugin_dir, "good_plugin", RULE.format(cls="Good", code="NL901", name="good"))
    [found] = collect([_entry("good_plugin:Good")], REGISTRY)
    assert (found.rule.code, found.rule.name) == ("NL901", "good")
    assert "NL901" not in REGISTRY


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("NL208", "clash", "rule code NL208 is not in NL800-NL999, the codes left to plugins"),
        ("NL901", "venue", "rule name venue is already used by a built-in rule (NL208 venue)"),
        ("NL9001", "long", "rule code 'NL9001' is not NL followed by three digits"),
        ("NL901", "Not_Kebab", "rule name 'Not_Kebab' is not kebab-case"),
    ],
)
def test_a_rule_that_breaks_the_catalogue_is_refused(
    plugin_dir: Path, code: str, name: str, message: str
) -> None:
    module = f"bad_plugin_{code}_{name}".replace("-", "_").lower()  # each test its own
    _module(plugin_dir, module, RULE.format(cls="Bad", code=code, name=name))
    with pytest.raises(PluginError) as err:
        collect([_entry(f"{module}:Bad")], REGISTRY)
    assert str(err.value) == f"plugin an unknown package (NL901 = {module}:Bad): {message}"


def test_two_plugins_with_one_code_are_refused(plugin_dir: Path) -> None:
    _module(plugin_dir, "first_plugin", RULE.format(cls="First", code="NL901", name="first"))
    _module(plugin_dir, "second_plugin", RULE.format(cls="Second", code="NL901", name="second"))
    entries = [_entry("first_plugin:First", "a"), _entry("second_plugin:Second", "b")]
    with pytest.raises(
        PluginError,
        match=r"\(b = second_plugin:Second\): rule code NL901 is "
        r"also used by plugin an unknown package \(a = first_plugin:First\)",
    ):
        collect(entries, REGISTRY)


@pytest.mark.parametrize(
    ("body", "value", "message"),
    [
        ("", "missing_plugin:Rule", "failed to load: ModuleNotFoundError: No module named"),
        ("raise RuntimeError('boom')", "boom_plugin:Rule", "failed to load: RuntimeError: boom"),
        ("def Rule(): pass", "func_plugin:Rule", "is not a rule class"),
    ],
)
def test_a_plugin_that_does_not_load_is_named(
    plugin_dir: Path, body: str, value: str, message: str
) -> None:
    module = value.split(":")[0]
    if body:
        _module(plugin_dir, module, body)
    with pytest.raises(PluginError) as err:
        collect([_entry(value)], REGISTRY)
    assert str(err.value).startswith(f"plugin an unknown package (NL901 = {value})")
    assert message in str(err.value)


def _fake_install(folder: Path, package: str, entry_points: str) -> None:
    """What pip leaves for a package: enough metadata for importlib.metadata."""
    info = folder / f"{package.replace('-', '_')}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {package}\nVersion: 0.1\n", "utf-8"
    )
    (info / "entry_points.txt").write_text(f"[{GROUP}]\n{entry_points}\n", "utf-8")


def test_installed_entry_points_are_found_on_the_path(
    plugin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_install(plugin_dir, "notelint-fake", "NL901 = fake_plugin:Fake")
    [entry] = installed_entry_points()
    assert (entry.name, entry.value) == ("NL901", "fake_plugin:Fake")
    monkeypatch.setattr(sys, "path", [str(plugin_dir / "nothing-here")])
    assert installed_entry_points() == []


# -- the example package, installed ---------------------------------------------


def _run(target: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=path, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture(scope="session")
def installed_example(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A folder holding the example plugin, installed by pip from a wheel built once."""
    files = sorted(p for p in EXAMPLE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(EXAMPLE).as_posix().encode() + b"\0" + path.read_bytes())
    cache = getattr(request.config, "cache", None)
    wheels = (
        cache.mkdir(f"notelint-plugin-{digest.hexdigest()[:16]}")
        if cache is not None
        else tmp_path_factory.mktemp("wheel")
    )
    if not list(wheels.glob("*.whl")):
        # Build from a copy so no build folder is left in the source tree.
        source = tmp_path_factory.mktemp("plugin-src") / "plugin_example"
        shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("__pycache__"))
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
        subprocess.run(
            [*pip, "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
            check=True,
            timeout=300,
        )
    target = tmp_path_factory.mktemp("site")
    [wheel] = wheels.glob("*.whl")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--disable-pip-version-check",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    return target


def test_the_installed_plugin_rule_runs(installed_example: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(NOTES, "utf-8")
    result = _run(installed_example, "-m", "notelint", "notes.md", cwd=tmp_path)
    # Line 10's TODO is hidden by a directive that names the plugin rule.
    assert result.stdout.splitlines()[0] == "notes.md:9:8: NL901 note still marked TODO"
    assert result.returncode == 1, result.stderr
    ignored = _run(
        installed_example, "-m", "notelint", "--ignore", "todo-note", "notes.md", cwd=tmp_path
    )
    assert ignored.returncode == 0, ignored.stdout + ignored.stderr


def test_the_installed_plugin_rule_is_listed_and_explained(
    installed_example: Path, tmp_path: Path
) -> None:
    listed = _run(installed_example, "-m", "notelint", "--list-rules", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [ln.split()[:2] for ln in listed.stdout.splitlines() if "NL9" in ln] == [
        ["NL901", "todo-note"]
    ]
    explained = _run(installed_example, "-m", "notelint", "--explain", "todo-note", cwd=tmp_path)
    assert explained.returncode == 0, explained.stderr
    assert "Find notes still marked TODO." in explained.stdout


def test_the_plugin_is_imported_only_when_rules_are_selected(
    installed_example: Path, tmp_path: Path
) -> None:
    script = textwrap.dedent(
        """
        import sys
        import notelint, notelint.engine
        print("notelint_todo" in sys.modules)
        found = notelint.lint_text(sys.argv[1])
        print("notelint_todo" in sys.modules, [v.code for v in found])
        """
    )
    result = _run(installed_example, "-c", script, NOTES, cwd=tmp_path)
    assert result.stdout.splitlines() == ["False", "True ['NL901']"], result.stderr


def test_without_plugins_entry_points_are_not_read(tmp_path: Path) -> None:
    # Reading every package's metadata costs more start-up time than checking a small
    # file; with no plugin installed the quick look at the package folders must do.
    script = "import sys, notelint; notelint.lint_text('# x\\n'); print(sorted(sys.modules))"
    result = _run(tmp_path, "-c", script, cwd=tmp_path)
    assert "'importlib.metadata'" not in result.stdout, result.stderr


def test_a_broken_plugin_is_one_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _fake_install(site, "notelint-broken", "NL902 = broken_plugin:Rule")
    (tmp_path / "notes.md").write_text(NOTES, "utf-8")
    result = _run(site, "-m", "notelint", "notes.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "notelint: error: plugin notelint-broken 0.1 (NL902 = broken_plugin:Rule) failed to "
        "load: ModuleNotFoundError: No module named 'broken_plugin'"
    ]


def test_a_plugin_clashing_with_a_built_in_rule_is_one_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _fake_install(site, "notelint-clash", "NL903 = clash_plugin:Clash")
    _module(site, "clash_plugin", RULE.format(cls="Clash", code="NL903", name="year-order"))
    (tmp_path / "notes.md").write_text(NOTES, "utf-8")
    result = _run(site, "-m", "notelint", "notes.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "notelint: error: plugin notelint-clash 0.1 (NL903 = clash_plugin:Clash): rule name "
        "year-order is already used by a built-in rule (NL103 year-order)"
    ]
