"""A built-in rule makes only the fixes its ``fix`` names.

The fix loop relies on it: while a text still has something to fix, it runs only the
rules that can make a fix it applies, and the others once nothing is left. So each
finding's fix is held to its rule's declaration, on the fixtures (as found and as
fixed), the corpus beside the project and generated notes documents; and the fix loop's
lint is held to the full lint: the same findings when nothing is to be fixed, the same
fixable ones, in the same order, otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from notelint.engine import fixing
from notelint.engine.linting import lint_source, run_rules
from notelint.engine.selection import select_rules
from notelint.model.build import build
from notelint.model.violation import Violation
from notelint.rules.base import REGISTRY
from notelint.syntax.source import Source
from test_properties import ALL_RULES, PROPERTY, documents

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
TEXTS = sorted(FIXTURES.rglob("*.md")) + sorted((SHARED / "corpus").glob("*.md"))
RULES = select_rules(ALL_RULES)
KINDS = {"none": set(), "safe": {"safe"}, "unsafe": {"unsafe"}, "safe/unsafe": {"safe", "unsafe"}}


def _declared(violations: list[Violation]) -> None:
    for v in violations:
        made = {v.fix.applicability} if v.fix is not None else set()
        assert made <= KINDS[REGISTRY[v.code].fix], (v, REGISTRY[v.code].fix)


def _same_as_full_lint(text: str) -> None:
    doc = build(Source.from_text(text))
    full = run_rules(doc, RULES, ALL_RULES, None)
    for unsafe in (False, True):
        config = ALL_RULES.with_(fix=True, unsafe_fixes=unsafe)
        found = fixing._lint(build(Source.from_text(text)), RULES, config, None, unsafe)
        if not any(fixing._fixable(v, unsafe) for v in full):
            assert found == full
        else:
            assert [v for v in found if fixing._fixable(v, unsafe)] == [
                v for v in full if fixing._fixable(v, unsafe)
            ]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixes_are_the_declared_kind(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _declared(lint_source(Source.from_text(text), ALL_RULES))
    _same_as_full_lint(text)


@PROPERTY
@given(documents())
def test_generated_fixes_are_the_declared_kind(text: str) -> None:
    _declared(lint_source(Source.from_text(text), ALL_RULES))
    _same_as_full_lint(text)
