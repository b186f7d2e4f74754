"""The fix loop: apply rules' fixes pass by pass, then check the result before it is kept."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from notelint import rules as _builtin_rules  # noqa: F401  (fills the registry)
from notelint.config.options import Config
from notelint.engine.linting import check_each, settle
from notelint.engine.selection import select_rules
from notelint.model.build import build
from notelint.model.directives import find_directives
from notelint.model.disk import Disk
from notelint.model.document import Document, content_key
from notelint.model.violation import ContentChange, Edit, Violation
from notelint.rules.base import Rule, RuleContext
from notelint.syntax.source import Source

MAX_PASSES = 10


class FixRefused(Exception):
    """The fixed text failed a safety check; the file must stay as it was."""


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; raise ValueError when two overlap."""
    ordered = sorted(edits)
    out: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        out.append(text[pos : edit.start])
        out.append(edit.content)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def _fixable(violation: Violation, unsafe: bool) -> bool:
    return violation.fix is not None and (unsafe or violation.fix.applicability == "safe")


def _may_fix(rule: Rule, unsafe: bool) -> bool:
    """Whether ``rule`` can find a defect with a fix the loop applies.

    A built-in rule's ``fix`` names the fixes it makes (the tests hold it to that); a
    rule from elsewhere may make any.
    """
    if not type(rule).__module__.startswith("notelint.rules."):
        return True
    return rule.fix in ("safe", "safe/unsafe") or (unsafe and rule.fix == "unsafe")


def _lint(
    doc: Document, rules: Sequence[Rule], config: Config, path: Path | None, unsafe: bool
) -> list[Violation]:
    """What ``rules`` find in ``doc``, as ``run_rules`` reports it; or, when there is
    something to fix, the findings of the rules that can fix alone.

    The loop applies those fixes and lints the new text again, so the other rules'
    findings on this text would go unread: they run only when nothing is to be fixed.
    No rule reads another's findings, so each rule finds the same whichever ran first.
    A suppression comment makes findings depend on each other (an unused one is a
    finding itself), so a text with any runs every rule.
    """
    ctx = RuleContext(doc, config, path, Disk(), frozenset(rule.code for rule in rules))
    found: dict[int, list[Violation]] = {}
    if not find_directives(doc):
        fixers = [i for i, rule in enumerate(rules) if _may_fix(rule, unsafe)]
        found.update(zip(fixers, check_each(ctx, [rules[i] for i in fixers]), strict=True))
        fixing = settle(ctx, rules, [v for vs in found.values() for v in vs])
        if any(_fixable(v, unsafe) for v in fixing):
            return fixing
    rest = [i for i in range(len(rules)) if i not in found]
    found.update(zip(rest, check_each(ctx, [rules[i] for i in rest]), strict=True))
    return settle(ctx, rules, [v for i in range(len(rules)) for v in found[i]])


def _one_pass(
    text: str, violations: Sequence[Violation], unsafe: bool
) -> tuple[str, list[Violation], list[ContentChange]]:
    """Apply every fix of one pass that does not clash with an earlier one.

    Return the new text, the violations whose fixes were applied, and the content they
    change on purpose.
    """
    taken: list[Violation] = []
    starts: list[int] = []  # the applied edits' spans, sorted; they never overlap
    spans: list[tuple[int, int]] = []
    for v in violations:
        if not _fixable(v, unsafe):
            continue
        assert v.fix is not None
        if any(_clashes(e, starts, spans) for e in v.fix.edits):
            continue
        for e in v.fix.edits:
            at = bisect_right(starts, e.start)
            starts.insert(at, e.start)
            spans.insert(at, (e.start, e.end))
        taken.append(v)
    fixes = [v.fix for v in taken if v.fix is not None]
    edits = [e for fix in fixes for e in fix.edits]
    changes = [c for fix in fixes for c in fix.changes]
    return (apply_edits(text, edits) if edits else text), taken, changes


def _clashes(e: Edit, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``e`` overlaps an applied edit, or touches one at an insertion point."""
    at = bisect_right(starts, e.end) - 1
    # Applied spans are sorted and disjoint, so their ends grow too: stop at the first
    # that ends before ``e`` starts.
    while at >= 0 and spans[at][1] >= e.start:
        a, b = spans[at]
        if (
            (e.start < b and a < e.end)
            or (e.start == e.end and a <= e.start <= b)
            or (a == b and e.start <= a <= e.end)
        ):
            return True
        at -= 1
    return False


@dataclass
class FixResult:
    """The outcome of fixing one document."""

    text: str
    applied: int = 0
    remaining: list[Violation] = field(default_factory=list)
    source: Source | None = None

    @property
    def changed(self) -> bool:
        return self.applied > 0


def fix_source(
    source: Source,
    config: Config,
    path: Path | None = None,
    rules: Sequence[Rule] | None = None,
    document: Document | None = None,
) -> FixResult:
    """Fix ``source`` until nothing more changes, then prove the result safe.

    ``document`` is the parse of ``source``, when the caller has one (``build`` makes it).
    Raises FixRefused when the result fails a check of SPEC §5; nothing may then be written.
    """
    from notelint.engine.render import layout_change  # only fixing compares rendered pages

    if rules is None:
        rules = select_rules(config)
    unsafe = config.unsafe_fixes
    original = build(source) if document is None else document
    current_doc = original
    violations = _lint(current_doc, rules, config, path, unsafe)
    text = source.text
    applied = 0
    changes: list[ContentChange] = []
    # Fixes of these rules change the page on purpose; all others must render the same.
    purposeful = {rule.code for rule in rules if rule.changes_rendering}
    for _ in range(MAX_PASSES):
        new_text, taken, pass_changes = _one_pass(text, violations, unsafe)
        if not taken:
            break
        fixed_doc = _parse_fixed(source, new_text)
        # Check (4): layout fixes leave the rendered HTML as it was.
        layout = [v for v in taken if v.code not in purposeful]
        other = [v for v in taken if v.code in purposeful]
        problem = layout_change(current_doc, fixed_doc, layout, other)
        if problem and other:
            # A layout fix judged on the text before the pass may not suit the text the
            # other fixes make: apply those alone; the layout rules judge the result anew.
            new_text, taken, pass_changes = _one_pass(text, other, unsafe)
            fixed_doc = _parse_fixed(source, new_text)
        elif problem:
            raise FixRefused(problem)
        applied += len(taken)
        changes.extend(pass_changes)
        text = new_text
        current_doc = fixed_doc
        violations = _lint(current_doc, rules, config, path, unsafe)
    else:
        if any(_fixable(v, unsafe) for v in violations):
            raise FixRefused(f"fixes did not settle after {MAX_PASSES} passes")
    if not applied:
        return FixResult(source.text, 0, violations, source)
    # Check (2): one more pass changes nothing.
    if any(_fixable(v, unsafe) for v in violations):
        leftover = next(v for v in violations if _fixable(v, unsafe))
        raise FixRefused(f"a further pass would still change the text ({leftover.code})")
    # Check (3): nothing was lost.
    lost = missing_content(original, current_doc, changes)
    if lost:
        kind, value = lost
        raise FixRefused(f"the fix would lose {kind} {value!r}")
    return FixResult(text, applied, violations, current_doc.source)


def _parse_fixed(source: Source, text: str) -> Document:
    """Check (1): the fixed text parses."""
    try:
        return build(Source(text, bom=source.bom))
    except Exception as exc:  # the parser failing on our own output is a refusal
        raise FixRefused(f"the fixed text does not parse: {exc}") from exc


def missing_content(
    before: Document, after: Document, changes: Sequence[ContentChange]
) -> tuple[str, str] | None:
    """The first title, URL, note or image path of ``before`` that ``after`` lost."""
    # Titles and notes are compared normalised, but a text found as it was needs no
    # normalising: where every title and note of ``before`` is still in ``after`` word for
    # word, as often as before, none is lost, and only URLs and image paths are left to
    # judge. Anything else takes the full comparison, which names what is lost first.
    old_raw, new_raw = before.inventory(_as_is), after.inventory(_as_is)
    gone = old_raw - new_raw
    if all(kind not in _NORMALISED for kind, _ in gone):
        rewritten = _rewrites(c for c in changes if c.kind not in _NORMALISED)
        if all(
            _kept(kind, value, old_raw[(kind, value)], new_raw, rewritten) for kind, value in gone
        ):
            return None
    rewritten = _rewrites(changes)
    # Most titles and notes are the same text before and after: normalise each once.
    keys: dict[str, str] = {}

    def key(text: str) -> str:
        found = keys.get(text)
        if found is None:
            found = keys[text] = content_key(text)
        return found

    have = _keyed(new_raw, key)
    text: str | None = None
    for (kind, value), count in _keyed(old_raw, key).items():
        targets = rewritten.get((kind, value), set())
        if None in targets:
            continue  # removed on purpose
        # Each occurrence must survive as itself or as a declared rewrite of itself.
        found = have[(kind, value)] + sum(have[(kind, new)] for new in targets if new)
        if found < count and kind == "title":
            # A title whose item a fix made read as something other than a paper entry
            # (paper lists are recognised by their shape) is not lost while its words are
            # all still there, in order.
            text = content_key(after.source.text) if text is None else text
            found += text.count(value)
        if found < count:
            return kind, value
    return None


# The kinds of content the inventory keeps normalised (``content_key``).
_NORMALISED = ("title", "note")


def _as_is(text: str) -> str:
    return text


def _rewrites(changes: Iterable[ContentChange]) -> dict[tuple[str, str], set[str | None]]:
    """What each piece of content a fix rewrites became (None: removed on purpose)."""
    rewritten: dict[tuple[str, str], set[str | None]] = {}
    for c in changes:
        # Declared as the rules read them; compared as the inventory keeps them.
        old, new = c.old, c.new
        if c.kind in _NORMALISED:
            old, new = content_key(old), None if new is None else content_key(new)
        rewritten.setdefault((c.kind, old), set()).add(new)
    return rewritten


def _kept(
    kind: str,
    value: str,
    count: int,
    have: Counter[tuple[str, str]],
    rewritten: dict[tuple[str, str], set[str | None]],
) -> bool:
    """Whether ``count`` occurrences of a URL or image path survive, as themselves or as
    declared rewrites, or were removed on purpose."""
    targets = rewritten.get((kind, value), set())
    if None in targets:
        return True
    return have[(kind, value)] + sum(have[(kind, new)] for new in targets if new) >= count


def _keyed(
    inventory: Counter[tuple[str, str]], key: Callable[[str], str]
) -> Counter[tuple[str, str]]:
    """An inventory taken as-is, with its titles and notes as ``key`` gives them.

    In the order the inventory itself keeps: the first text of each key comes first.
    """
    keyed: Counter[tuple[str, str]] = Counter()
    for (kind, value), count in inventory.items():
        keyed[(kind, key(value) if kind in _NORMALISED else value)] += count
    return keyed
