"""Lint a document: run the selected rules, then apply suppression comments."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import attrgetter
from pathlib import Path

from notelint import rules as _builtin_rules  # noqa: F401  (fills the registry)
from notelint.config.options import Config
from notelint.engine.selection import rule_keys, select_rules
from notelint.engine.sharing import shared, worth_sharing
from notelint.model.build import build
from notelint.model.directives import Suppression, find_directives
from notelint.model.disk import Disk
from notelint.model.document import Document
from notelint.model.violation import Fix, Violation
from notelint.rules.base import DirectiveRule, Rule, RuleContext
from notelint.syntax.source import Source

# ``Violation.sort_key``, read in one call.
_POSITION = attrgetter("start", "end", "code")
# The document of the last large file whose rules were shared, kept until the next file
# is checked or the process ends. Such a run checks that one file and then ends; freeing
# the document's hundreds of thousands of objects one by one on the way took as long as
# a large rule, and the end of the process frees them at once.
_kept: list[Document] = []


def run_rules(
    doc: Document,
    rules: Sequence[Rule],
    config: Config,
    path: Path | None,
    disk: Disk | None = None,
) -> list[Violation]:
    ctx = RuleContext(doc, config, path, disk or Disk(), frozenset(rule.code for rule in rules))
    found: list[Violation] = []
    for findings in check_each(ctx, rules):
        found.extend(findings)
    return settle(ctx, rules, found)


def check_each(ctx: RuleContext, rules: Sequence[Rule]) -> list[list[Violation]]:
    """Each rule's findings, in order; a large document shares the rules with a second
    process when the run allows it (``engine.sharing``)."""
    if not worth_sharing(len(ctx.doc.source.text), len(rules)):
        return [list(rule.check(ctx)) for rule in rules]
    disk = ctx.disk
    per_rule, learned = shared(
        len(rules), lambda at: list(rules[at].check(ctx)), lambda: disk.answers
    )
    for answers in learned:
        disk.answers.update(answers)
    return per_rule


def settle(ctx: RuleContext, rules: Sequence[Rule], found: list[Violation]) -> list[Violation]:
    """What ``rules`` found, in rule order, as reported: one finding per defect, suppression
    comments applied, sorted by position."""
    generic = {rule.code for rule in rules if rule.generic}
    if generic:
        found = most_specific(found, generic)
    found = _apply_directives(ctx, rules, found)
    found.sort(key=_POSITION)
    return found


def most_specific(found: list[Violation], generic: set[str]) -> list[Violation]:
    """One defect, one finding: drop a generic rule's finding whose fix lies inside the fix
    of a more specific rule's finding that is as sure (safe, or unsafe too)."""
    kinds = {v.fix.applicability for v in found if v.code in generic and v.fix is not None}
    if not kinds:
        return found
    spans = sorted(
        (*_span(v.fix), v.fix.applicability == "safe")
        for v in found
        if v.code not in generic and v.fix and v.fix.edits
    )
    reach = {
        "safe": _Reach([(s, e) for s, e, safe in spans if safe]) if "safe" in kinds else None,
        "unsafe": _Reach([(s, e) for s, e, _ in spans]) if "unsafe" in kinds else None,
    }
    kept = []
    for v in found:
        if v.code in generic and v.fix is not None:
            sure = reach[v.fix.applicability]
            if sure is not None and sure.covers(v.fix):
                continue
        kept.append(v)
    return kept


def _span(fix: Fix) -> tuple[int, int]:
    """``fix.span``, read straight from a fix of one edit."""
    edits = fix.edits
    if len(edits) == 1:
        return edits[0].start, edits[0].end
    return fix.span


class _Reach:
    """How far the fixes of specific findings reach, by where they start."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        self.ends = list(accumulate((end for _, end in spans), max))

    def covers(self, fix: Fix) -> bool:
        first, last = _span(fix)
        at = bisect_right(self.starts, first) - 1
        return at >= 0 and self.ends[at] >= last


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
    source: Source,
    config: Config,
    path: Path | None = None,
    rules: Sequence[Rule] | None = None,
    disk: Disk | None = None,
) -> list[Violation]:
    """Every violation in ``source``, sorted by position.

    ``disk`` records what the rules looked at of other files, for the result cache.
    """
    if rules is None:
        rules = select_rules(config)
    _kept.clear()  # before the next document is built, not beside it
    doc = build(source)
    found = run_rules(doc, rules, config, path, disk)
    if worth_sharing(len(source.text), len(rules)):
        _kept.append(doc)
    return found
