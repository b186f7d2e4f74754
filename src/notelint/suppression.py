"""Suppression comments: find them in the text and decide which findings they hide.

```markdown
<!-- notelint-disable NL401 venue -->      rules off from this line ...
<!-- notelint-enable NL401 -->             ... on again from this line
<!-- notelint-disable-next-line NL208 -->  the line below
text <!-- notelint-disable-line NL208 -->  this line
<!-- notelint-disable-file -->             the whole file
```

A directive names exact rule codes or names, separated by spaces or commas; without
names it covers every rule. Text after ``--`` is a reason and is not read. A finding
belongs to the line it starts on; as in markdownlint, a line's range state is the one
after that line's own directives.

Directives are read from the source text, not from the parse: an HTML comment inside a
notes block is raw HTML the parser never looks into, and a comment needs no blank lines
around it. In code blocks and code spans a directive is only text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notelint.violation import Violation

if TYPE_CHECKING:
    from notelint.model import Document

KINDS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")
_PREFIX = "notelint-"
# One comment, up to the first "-->" as HTML reads it; the word after the prefix is the kind.
_COMMENT = re.compile(r"<!--[ \t]*notelint-(?P<kind>\S*?)(?P<args>(?:\s.*?)?)-->", re.S)
_NAME = re.compile(r"[^\s,]+")
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")


@dataclass(frozen=True, slots=True)
class RuleName:
    """A rule code or name as written in a directive, with its span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``<!-- notelint-... -->`` comment."""

    kind: str  # one of KINDS, or what was written when it is none of them
    start: int
    end: int
    kind_start: int
    kind_end: int
    line: int  # 0-based line of the comment's start
    end_line: int  # 0-based line of the comment's end
    names: tuple[RuleName, ...]

    @property
    def known(self) -> bool:
        return self.kind in KINDS


@dataclass(eq=False, slots=True)
class Target:
    """What one directive hides: a rule (by code), or every rule when ``name`` is None."""

    directive: Directive
    name: RuleName | None
    code: str | None
    used: bool = False

    def matches(self, code: str) -> bool:
        return self.code is None or self.code == code


def find_directives(doc: Document) -> list[Directive]:
    """Every directive comment of ``doc`` outside code, in source order."""
    text = doc.source.text
    if _PREFIX not in text:
        return []
    found = []
    for m in _COMMENT.finditer(text):
        if doc.in_code(m.start()):
            continue
        args_start = m.start("args")
        args = m.group("args")
        reason = _REASON.search(args)
        if reason:
            args = args[: reason.start()]
        names = tuple(
            RuleName(n.group(), args_start + n.start(), args_start + n.end())
            for n in _NAME.finditer(args)
        )
        found.append(
            Directive(
                m.group("kind"),
                m.start(),
                m.end(),
                m.start("kind") - len(_PREFIX),
                m.end("kind"),
                doc.source.line_index(m.start()),
                doc.source.line_index(m.end() - 1),
                names,
            )
        )
    return found


@dataclass
class _RangeState:
    """Which rules the disable/enable directives have switched off at some line."""

    everything: Target | None = None
    # Rules enabled by name while everything else is off.
    allowed: set[str] = field(default_factory=set)
    disabled: dict[str, Target] = field(default_factory=dict)

    def copy(self) -> _RangeState:
        return _RangeState(self.everything, set(self.allowed), dict(self.disabled))

    def apply(self, directive: Directive, targets: list[Target]) -> None:
        named = [t for t in targets if t.code is not None]
        if directive.kind == "disable":
            if not directive.names:
                self.everything, self.allowed = targets[0], set()
            for t in named:
                assert t.code is not None
                self.disabled[t.code] = t
                self.allowed.discard(t.code)
        elif not directive.names:  # a bare enable
            self.everything, self.allowed, self.disabled = None, set(), {}
        else:
            for t in named:
                assert t.code is not None
                self.disabled.pop(t.code, None)
                if self.everything is not None:
                    self.allowed.add(t.code)

    def hiding(self, code: str) -> Target | None:
        if code in self.disabled:
            return self.disabled[code]
        if self.everything is not None and code not in self.allowed:
            return self.everything
        return None


class Suppression:
    """The directives of one document, applied to findings; remembers what each hid.

    ``known`` maps every rule code and name to its code; ``selected`` holds the codes of
    the rules that ran, so a directive naming a rule that did not run can be told apart.
    """

    def __init__(
        self,
        doc: Document,
        directives: Iterable[Directive],
        known: Mapping[str, str],
        selected: frozenset[str],
    ) -> None:
        self.doc = doc
        self.directives = list(directives)
        self.known = known
        self.selected = selected
        self.targets: list[Target] = []
        self._file: list[Target] = []
        self._lines: dict[int, list[Target]] = {}
        self._range_lines: list[int] = []
        self._ranges: list[_RangeState] = []
        state = _RangeState()
        for directive in self.directives:
            if not directive.known:
                continue
            targets = self._targets(directive)
            if directive.kind == "disable-file":
                self._file.extend(targets)
            elif directive.kind == "disable-line":
                self._lines.setdefault(directive.line, []).extend(targets)
            elif directive.kind == "disable-next-line":
                self._lines.setdefault(directive.end_line + 1, []).extend(targets)
            else:
                state.apply(directive, targets)
                if self._range_lines and self._range_lines[-1] == directive.line:
                    self._ranges[-1] = state.copy()
                else:
                    self._range_lines.append(directive.line)
                    self._ranges.append(state.copy())

    def _targets(self, directive: Directive) -> list[Target]:
        if not directive.names:
            targets = [Target(directive, None, None)]
        else:
            targets = [
                Target(directive, name, self.known[name.text])
                for name in directive.names
                if name.text in self.known
            ]
        if directive.kind != "enable":
            self.targets.extend(targets)
        return targets

    def hides(self, violation: Violation, *, blanket: bool = True) -> bool:
        """Whether a directive hides ``violation``; each one that does is marked used.

        With ``blanket`` false only directives that name the violation's rule hide it.
        """
        line = self.doc.source.line_index(violation.start)
        code = violation.code
        hit = [t for t in self._lines.get(line, ()) if t.matches(code)]
        at = bisect_right(self._range_lines, line) - 1
        if at >= 0:
            ranged = self._ranges[at].hiding(code)
            if ranged is not None:
                hit.append(ranged)
        hit.extend(t for t in self._file if t.matches(code))
        if not blanket:
            hit = [t for t in hit if t.code is not None]
        for target in hit:
            target.used = True
        return bool(hit)

    def unused(self) -> list[Target]:
        """What the disabling directives name but hid nothing of, in source order."""
        return [t for t in self.targets if not t.used]
