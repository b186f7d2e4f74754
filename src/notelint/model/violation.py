"""What a rule reports: violations, and fixes as edits of the original text."""

from __future__ import annotations

from functools import cached_property
from operator import itemgetter
from typing import Any, Literal

from notelint.syntax.records import Frozen, set_field

Level = Literal["error", "warning"]
Applicability = Literal["safe", "unsafe"]
# What kind of content a fix changes on purpose, for the content check (SPEC §5).
ContentKind = Literal["title", "url", "note", "image"]


class Edit(Frozen):
    """Replace ``text[start:end]`` with ``content``; offsets index ``Source.text``.

    Edits order as the tuple ``(start, end, content)``.
    """

    start: int
    end: int
    content: str = ""

    def __init__(self, start: int, end: int, content: str = "") -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "content", content)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as the call that makes it: findings, each with its edits, cross by the
        # thousand to the process that shares a file's rules, and so they cross in less
        # work than field by field.
        return edit, (self.start, self.end, self.content)

    def __lt__(self, other: Edit) -> bool:
        if other.__class__ is self.__class__:
            return (self.start, self.end, self.content) < (other.start, other.end, other.content)
        return NotImplemented

    def __le__(self, other: Edit) -> bool:
        if other.__class__ is self.__class__:
            return (self.start, self.end, self.content) <= (other.start, other.end, other.content)
        return NotImplemented

    def __gt__(self, other: Edit) -> bool:
        if other.__class__ is self.__class__:
            return (self.start, self.end, self.content) > (other.start, other.end, other.content)
        return NotImplemented

    def __ge__(self, other: Edit) -> bool:
        if other.__class__ is self.__class__:
            return (self.start, self.end, self.content) >= (other.start, other.end, other.content)
        return NotImplemented


class ContentChange(Frozen):
    """A piece of content a fix rewrites (``new``) or removes (``new is None``) on purpose."""

    kind: ContentKind
    old: str
    new: str | None

    def __init__(self, kind: ContentKind, old: str, new: str | None) -> None:
        set_field(self, "kind", kind)
        set_field(self, "old", old)
        set_field(self, "new", new)


class Fix(Frozen):
    """Edits that together repair one violation."""

    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"
    changes: tuple[ContentChange, ...] = ()

    def __init__(
        self,
        edits: tuple[Edit, ...],
        applicability: Applicability = "safe",
        changes: tuple[ContentChange, ...] = (),
    ) -> None:
        set_field(self, "edits", edits)
        set_field(self, "applicability", applicability)
        set_field(self, "changes", changes)

    @classmethod
    def replace(
        cls,
        start: int,
        end: int,
        content: str,
        applicability: Applicability = "safe",
        changes: tuple[ContentChange, ...] = (),
    ) -> Fix:
        return cls((Edit(start, end, content),), applicability, changes)

    def __reduce__(self) -> tuple[Any, ...]:
        # As ``Edit.__reduce__``: pickled as the call that makes it, its span if known.
        fields = self.__dict__
        return _fix, (
            fields["edits"],
            fields["applicability"],
            fields["changes"],
            fields.get("span"),
        )

    @cached_property
    def span(self) -> tuple[int, int]:
        # Kept: one fix may hold an edit for each of thousands of repeats (a year merged
        # from everywhere it is written), and each of them reports it.
        return min(e.start for e in self.edits), max(e.end for e in self.edits)


# Rules and the result cache make findings by the thousand: building each frozen
# record through its __init__ (one object.__setattr__ per field) costs more than the
# rest of the work on it, so they can be made as unpickling makes them, by giving each
# object its fields at once.
_NEW = object.__new__
_SET_FIELDS = object.__setattr__


def frozen(cls: type[Any], fields: dict[str, Any]) -> Any:
    """An instance of the frozen record ``cls`` with ``fields`` (all of them)."""
    obj = _NEW(cls)
    _SET_FIELDS(obj, "__dict__", fields)
    return obj


def edit(start: int, end: int, content: str) -> Edit:
    """``Edit(start, end, content)``, made as ``frozen`` makes it (inline: unpickling a
    shared file's findings makes their edits by the thousand)."""
    made: Edit = _NEW(Edit)
    _SET_FIELDS(made, "__dict__", {"start": start, "end": end, "content": content})
    return made


def _fix(
    edits: tuple[Edit, ...],
    applicability: Applicability,
    changes: tuple[ContentChange, ...],
    span: tuple[int, int] | None,
) -> Fix:
    """A fix with these fields, and its span when known, made as ``frozen`` makes it."""
    fields: dict[str, Any] = {"edits": edits, "applicability": applicability, "changes": changes}
    if span is not None:
        fields["span"] = span
    made: Fix = frozen(Fix, fields)
    return made


def ordered_fix(edits: tuple[Edit, ...]) -> Fix:
    """A safe fix of ``edits``, which are in order and disjoint, with its span known."""
    fix: Fix = frozen(
        Fix,
        {
            "edits": edits,
            "applicability": "safe",
            "changes": (),
            "span": (edits[0].start, edits[-1].end),
        },
    )
    return fix


class Violation(Frozen):
    """One finding: a rule's code, the span it points at, and maybe a fix.

    Two findings are equal when all but their fixes are.
    """

    _compared = ("code", "name", "level", "message", "start", "end")
    code: str
    name: str
    level: Level
    message: str
    start: int
    end: int
    fix: Fix | None = None

    def __init__(
        self,
        code: str,
        name: str,
        level: Level,
        message: str,
        start: int,
        end: int,
        fix: Fix | None = None,
    ) -> None:
        set_field(self, "code", code)
        set_field(self, "name", name)
        set_field(self, "level", level)
        set_field(self, "message", message)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "fix", fix)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)

    def __reduce__(self) -> tuple[Any, ...]:
        # As ``Edit.__reduce__``: pickled as the call that makes it.
        return _violation, _VIOLATION_FIELDS(self.__dict__)


# A violation's fields, in the order ``_violation`` takes them.
_VIOLATION_FIELDS = itemgetter("code", "name", "level", "message", "start", "end", "fix")


def _violation(
    code: str, name: str, level: Level, message: str, start: int, end: int, fix: Fix | None
) -> Violation:
    """``Violation(code, name, level, message, start, end, fix)``, made as ``frozen`` makes it."""
    made: Violation = frozen(
        Violation,
        {
            "code": code,
            "name": name,
            "level": level,
            "message": message,
            "start": start,
            "end": end,
            "fix": fix,
        },
    )
    return made
