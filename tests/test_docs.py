"""The generated rules reference is current, and says what the registry says."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from notelint.front.docs import COMMAND, builtin_rules, explain, find_rule, main, rules_page

RULES_MD = Path(__file__).parent.parent / "docs" / "rules.md"


def test_rules_page_is_current() -> None:
    assert RULES_MD.read_text("utf-8") == rules_page(), f"docs/rules.md is stale: run {COMMAND}"


def test_every_builtin_rule_has_a_section_with_its_examples() -> None:
    page = rules_page()
    for rule in builtin_rules():
        assert f"\n### {rule.code} {rule.name}\n" in page
        assert f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) |" in page
        for example in rule.examples().values():
            assert example in page


def test_main_prints_or_writes_the_page(tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([]) == 0
    assert out.getvalue() == rules_page()
    target = tmp_path / "rules.md"
    assert main([str(target)]) == 0
    assert target.read_bytes() == rules_page().encode("utf-8")
    assert main(["a", "b"]) == 2


def test_the_module_runs_as_a_command(tmp_path: Path) -> None:
    target = tmp_path / "rules.md"
    done = subprocess.run(
        [sys.executable, "-m", "notelint.front.docs", str(target)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert target.read_text("utf-8") == rules_page()


def test_explain_has_the_facts_and_the_docstring() -> None:
    rule = builtin_rules()[0]
    assert find_rule(rule.code.lower()) is rule
    assert find_rule(rule.name) is rule
    assert find_rule("no-such-rule") is None
    text = explain(rule)
    assert text.startswith(f"{rule.code} {rule.name}\n\nlevel: {rule.level}, fix: {rule.fix}, ")
    assert "**Anti-pattern**" in text and "**Best practice**" in text


@pytest.mark.parametrize("page", ["docs/usage.md", "README.md"])
def test_usage_page_documents_every_option_and_key(page: str) -> None:
    from notelint.config.settings import option_keys
    from notelint.front.cli import main as command

    usage = (RULES_MD.parents[1] / page).read_text("utf-8")
    for param in command.params:
        for flag in (*param.opts, *param.secondary_opts):
            if flag.startswith("-"):
                assert f"`{flag}" in usage, f"{page} does not document {flag}"
    for group, keys in option_keys().items():
        for key in keys:
            assert f"| `{key}` |" in usage, f"{page} does not document {group} {key}"
        if group:
            assert f"| `{group}` | " in usage, f"{page} has no [{group}] table"
