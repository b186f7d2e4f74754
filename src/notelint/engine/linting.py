"""Lint a document: run the selected rules, then apply suppression comments."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from notelint import rules as _builtin_rules  # noqa: F401  (fills the registry)
from notelint.config.options import Config
from notelint.engine.selection import rule_keys, select_rules
from notelint.model.build import build
from notelint.model.directives import Suppression, find_directives
from notelint.model.document import Document
from notelint.model.violation import Violation
from notelint.rules.base import DirectiveRule, Rule, RuleContext
from notelint.syntax.source import Source


def run_rules(
    doc: Document, rules: Sequence[Rule], config: Config, path: Path | None
) -> list[Violation]:
    ctx = RuleContext(doc, config, path)
    found: list[Violation] = []
    for rule in rules:
        found.extend(rule.check(ctx))
    found = _apply_directives(ctx, rules, found)
    found.sort(key=lambda v: v.sort_key)
    return found


def _apply_directives(
    ctx: RuleContext, rules: Sequence[Rule], found: list[Violation]
) -> list[Violation]:
    """Drop what suppression comments hide, then let directive rules judge the comments.

    This is the one place suppression happens, so a hidden finding's fix is never applied.
    """
    directives = find_directives(ctx.doc)
    if not directives:
        return found
    selected = frozenset(rule.code for rule in rules)
    suppression = Suppression(ctx.doc, directives, rule_keys(), selected)
    kept = [v for v in found if not suppression.hides(v)]
    # In code order, so a directive that hides an NL001 finding counts as used for NL002.
    for rule in sorted(rules, key=lambda r: r.code):
        if isinstance(rule, DirectiveRule):
            blanket = rule.hidden_by_blanket
            found_here = rule.check_directives(ctx, suppression)
            kept.extend(v for v in found_here if not suppression.hides(v, blanket=blanket))
    return kept


def lint_source(
    source: Source, config: Config, path: Path | None = None, rules: Sequence[Rule] | None = None
) -> list[Violation]:
    """Every violation in ``source``, sorted by position."""
    if rules is None:
        rules = select_rules(config)
    return run_rules(build(source), rules, config, path)
