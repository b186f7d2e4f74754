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

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from notelint.model.violation import Violation
from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Equal, Record, Value

if TYPE_CHECKING:
    from notelint.model.document import Document

KINDS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")
_PREFIX = "notelint-"
# A directive comment starts so, and runs to the first "-->" as HTML reads it; the word
# after the prefix is the kind, the rest are the names.
_HEAD = lazy_re(r"<!--[ \t]*notelint-")
_SPACE = lazy_re(r"\s")
_NAME = lazy_re(r"[^\s,]+")
_REASON = lazy_re(r"(?:^|\s)--(?:\s|$)")


class RuleName(Value):
    """A rule code or name as written in a directive, with its span."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end


class Directive(Value):
    """One ``<!-- notelint-... -->`` comment."""

    __slots__ = ("end", "end_line", "kind", "kind_end", "kind_start", "line", "names", "start")

    def __init__(
        self,
        kind: str,  # one of KINDS, or what was written when it is none of them
        start: int,
        end: int,
        kind_start: int,
        kind_end: int,
        line: int,  # 0-based line of the comment's start
        end_line: int,  # 0-based line of the comment's end
        names: tuple[RuleName, ...],
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.kind_start = kind_start
        self.kind_end = kind_end
        self.line = line
        self.end_line = end_line
        self.names = names

    @property
    def known(self) -> bool:
        return self.kind in KINDS


class Target(Record):
    """What one directive hides: a rule (by code), or every rule when ``name`` is None."""

    __slots__ = ("code", "directive", "name", "used")

    def __init__(
        self, directive: Directive, name: RuleName | None, code: str | None, used: bool = False
    ) -> None:
        self.directive = directive
        self.name = name
        self.code = code
        self.used = used

    def matches(self, code: str) -> bool:
        return self.code is None or self.code == code


def find_directives(doc: Document) -> list[Directive]:
    """Every directive comment of ``doc`` outside code, in source order."""
    text = doc.source.text
    if _PREFIX not in text:
        return []
    found = []
    for start, kind_start, args_start, close in _comments(text):
        if doc.in_code(start):
            continue
        args = text[args_start:close]
        reason = _REASON.search(args)
        if reason:
            args = args[: reason.start()]
        names = tuple(
            RuleName(n.group(), args_start + n.start(), args_start + n.end())
            for n in _NAME.finditer(args)
        )
        found.append(
            Directive(
                text[kind_start:args_start],
                start,
                close + 3,
                kind_start - len(_PREFIX),
                args_start,
                doc.source.line_index(start),
                doc.source.line_index(close + 2),
                names,
            )
        )
    return found


def _comments(text: str) -> Iterator[tuple[int, int, int, int]]:
    """The directive comments of ``text``: where each starts, its kind, its names, its end.

    A scan rather than one lazy pattern over the text: once a directive has no ``-->``
    after it no later one has, so a line of a thousand unclosed ones stays linear.
    """
    at = text.find("<!--")
    while at != -1:
        head = _HEAD.match(text, at)
        if head is None:
            at = text.find("<!--", at + 1)
            continue
        close = text.find("-->", head.end())
        if close == -1:
            return
        gap = _SPACE.search(text, head.end(), close)
        yield at, head.end(), gap.start() if gap else close, close
        at = text.find("<!--", close + 3)


class _RangeState(Equal):
    """Which rules the disable/enable directives have switched off at some line."""

    def __init__(
        self,
        everything: Target | None = None,
        # Rules enabled by name while everything else is off.
        allowed: set[str] | None = None,
        disabled: dict[str, Target] | None = None,
    ) -> None:
        self.everything = everything
        self.allowed = set() if allowed is None else allowed
        self.disabled = {} if disabled is None else disabled

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
