"""Every rule through its fixtures, and the rules' own metadata and docstring examples.

A fixture is ``tests/fixtures/<CODE>/<case>.md`` with beside it:

- ``<case>.expected``: the findings, one ``line:col CODE`` per line (empty: none);
- ``<case>.fixed.md``: the text after ``--fix``; when absent, fixing must change nothing;
- ``<case>.toml`` (optional): settings, e.g. ``unsafe-fixes = true`` or ``[years]``.

Only the folder's rule runs unless the settings say ``select``; a fixture under
``tests/fixtures/all/`` runs the default selection.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.config.options import Config
from notelint.config.read import read_config
from notelint.engine.fixing import fix_source
from notelint.engine.linting import lint_source
from notelint.engine.selection import select_rules
from notelint.rules.base import REGISTRY
from notelint.syntax.source import Source

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.rglob("*.md") if not p.name.endswith(".fixed.md"))


def _settings(case: Path) -> Config:
    folder = case.parent.name
    config = Config() if folder == "all" else Config(select=(folder,))
    toml = case.with_suffix(".toml")
    if not toml.exists():
        return config
    # Read as a notelint.toml is, so a fixture's settings are checked like a user's.
    return read_config(toml, base=config) or config


def _findings(source: Source, config: Config, path: Path) -> list[str]:
    out = []
    for v in lint_source(source, config, path):
        pos = source.position(v.start)
        out.append(f"{pos.line}:{pos.column} {v.code}")
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(case: Path) -> None:
    config = _settings(case)
    source = Source.from_bytes(case.read_bytes())
    expected_file = case.with_suffix(".expected")
    assert expected_file.exists(), f"{expected_file.name} is missing"
    expected = [ln.strip() for ln in expected_file.read_text("utf-8").splitlines() if ln.strip()]
    assert _findings(source, config, case) == expected

    fixed_file = case.with_name(case.stem + ".fixed.md")
    fixed = source.to_text(fix_source(source, config.with_(fix=True), case).text)
    # Bytes, not read_text: a CRLF fixture must keep its line endings.
    want = fixed_file.read_bytes().decode("utf-8") if fixed_file.exists() else source.to_text()
    assert fixed == want
    # Fixing the fixed text changes nothing.
    again = Source.from_text(fixed)
    assert fix_source(again, config.with_(fix=True), case).text == again.text


def _alone(code: str) -> Config:
    return Config(select=(code,), unsafe_fixes=True)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_has_fixtures_that_fire(code: str) -> None:
    folder = FIXTURES / code
    cases = list(folder.glob("*.expected"))
    assert cases, f"no fixtures for {code}"
    assert any(code in p.read_text("utf-8") for p in cases), f"no fixture of {code} fires"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_docstring_examples(code: str, tmp_path: Path) -> None:
    rule = REGISTRY[code]
    examples = rule.examples()
    assert set(examples) == {"Anti-pattern", "Best practice"}, f"{code} needs both examples"
    # Examples run from an empty folder so image-path rules see no files.
    path = tmp_path / "README.md"
    bad = lint_source(Source.from_text(examples["Anti-pattern"]), _alone(code), path)
    assert [v for v in bad if v.code == code], f"{code}'s anti-pattern does not fire"
    good = lint_source(Source.from_text(examples["Best practice"]), _alone(code), path)
    assert not [v for v in good if v.code == code], f"{code}'s best practice fires: {good}"


def test_codes_and_names_are_unique() -> None:
    names = [r.name for r in REGISTRY.values()]
    assert len(names) == len(set(names))
    assert all(code == rule.code for code, rule in REGISTRY.items())


def test_opt_in_rules_need_their_own_code() -> None:
    chosen = {r.code for r in select_rules(Config())}
    for code, rule in REGISTRY.items():
        if rule.opt_in:
            assert code not in chosen
            assert code in {r.code for r in select_rules(Config(extend_select=(code,)))}
