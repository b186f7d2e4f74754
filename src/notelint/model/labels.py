"""Labels and the width of the colon after them: ``论文名称：``, ``阅读笔记:`` (NL604).

A label is a short word or phrase that starts a line (a list item, a note, a line of a
notes block) or a ``<summary>``, maybe in bold, followed by a colon. A file that writes
one label in one position with both the half-width ``:`` and the full-width ``：`` has a
habit when at least three quarters of those uses agree; the others depart from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from typing import TypeVar

import regex

from notelint.model.prose import Prose, compiled
from notelint.syntax.lazy import lazy_re
from notelint.syntax.records import Value
from notelint.syntax.source import Source

Form = TypeVar("Form", bound=Hashable)

HALF, FULL = ":", "："
# The share of a file's uses that makes a form its habit (SPEC §1).
HABIT_SHARE = 0.75
# The fewest uses that make a habit: one or two uses of a label are no habit.
MIN_GROUP = 3


# Compiled on first use: few files have a full-width colon.
_label = compiled(
    r"^[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?"
    r"(?:<details\b[^<>\n]*>[ \t]*)?(?P<summary><summary\b[^<>\n]*>[ \t]*)?"
    r"(?P<lead>\*\*|__)?"
    r"(?P<label>[\p{L}\p{N}](?:[\p{L}\p{N}_&/-]| (?=[\p{L}\p{N}])){0,23})"
    r"(?:\*\*|__)?(?P<mark>[:：])(?:\*\*|__)?(?![:：/])(?P<gap>[ \t]*)(?P<next>[^ \t\n]?)",
    regex.M,
)
_COLON = lazy_re(r"[:：]")


class LabelUse(Value):
    """One label and its colon."""

    __slots__ = ("bold", "followed", "gap_end", "label", "mark", "slot", "spaced", "start")

    def __init__(
        self,
        slot: str,  # "summary" or "line"
        label: str,
        bold: bool,  # `**label**:`
        mark: str,  # HALF or FULL
        start: int,  # of the colon
        gap_end: int,  # after the spaces that follow the colon
        spaced: bool,  # a space, then text, follows the colon
        followed: bool,  # text follows on the line
    ) -> None:
        self.slot = slot
        self.label = label
        self.bold = bold
        self.mark = mark
        self.start = start
        self.gap_end = gap_end
        self.spaced = spaced
        self.followed = followed


class Departure(Value):
    """A label use whose colon departs from the file's habit for that label."""

    __slots__ = ("bold_group", "count", "end", "replacement", "total", "use", "want")

    def __init__(
        self,
        use: LabelUse,
        want: str,  # the habit's colon
        count: int,  # uses that follow the habit
        total: int,  # uses of the label in its position
        replacement: str,  # the colon, with the space after it the habit has
        end: int,  # what the replacement replaces runs from ``use.start`` to here
        bold_group: bool = False,  # judged among the bold labels, not the uses of its own
    ) -> None:
        self.use = use
        self.want = want
        self.count = count
        self.total = total
        self.replacement = replacement
        self.end = end
        self.bold_group = bold_group


def habit(counts: Counter[Form]) -> Form | None:
    """The form at least HABIT_SHARE of the counted cases take."""
    if not counts:
        return None
    form, count = counts.most_common(1)[0]
    return form if count >= HABIT_SHARE * sum(counts.values()) else None


def find_labels(source: Source, prose: Prose) -> list[LabelUse]:
    """Every label at the start of a line or summary whose colon is prose."""
    text = source.text
    return [_use(m) for m in _matches(text, _first_colons(text)) if _is_use(m, prose)]


def _first_colons(text: str) -> list[tuple[int, int]]:
    """The start of each line that has a colon, and where its first colon is."""
    found = []
    search, find, rfind = _COLON.search, text.find, text.rfind
    colon = search(text)
    while colon is not None:
        at = colon.start()
        found.append((rfind("\n", 0, at) + 1, at))
        # A label is the line's first colon: the search goes on from the next line.
        end = find("\n", at)
        if end < 0:
            break
        colon = search(text, end + 1)
    return found


def _matches(text: str, colons: list[tuple[int, int]]) -> list[regex.Match[str]]:
    """The label matches, prose or not, of the lines whose first colon is a label's.

    Each is matched from its line's start (a pattern anchored at every line start would
    be tried at every offset of the file).
    """
    label = _label()
    found = []
    for start, at in colons:
        m = label.match(text, start)
        if m is not None and m.start("mark") == at:
            found.append(m)
    return found


def _maybe_mixed(text: str, colons: list[tuple[int, int]], full: list[regex.Match[str]]) -> bool:
    """Whether some label may be written with both colons, ``full`` its full-width uses.

    Only the lines whose colon follows one of those labels are matched: the others hold
    no half-width use of them. A bold full-width label could meet any bold one.
    """
    if any(m.group("lead") for m in full):
        return True
    labels = {m.group("label") for m in full}
    lengths = {len(label) for label in labels}
    # A label ends with one of these: text before a colon that does not is none of them.
    last = {label[-1] for label in labels}
    for start, at in colons:
        if text[at] != HALF:
            continue
        # The label ends at the colon, or before the `**` or `__` that close it.
        ends = (at, at - 2) if at >= 2 and text.startswith(("**", "__"), at - 2) else (at,)
        if any(
            text[e - n : e] in labels
            for e in ends
            if e and text[e - 1] in last
            for n in lengths
            if n <= e
        ):
            found = _matches(text, [(start, at)])
            if found and found[0].group("label") in labels:
                return True
    return False


def _is_use(m: regex.Match[str], prose: Prose) -> bool:
    """Whether a candidate is a label: its text and colon are prose, and it has a letter."""
    return (
        prose.contains(m.start("label"))
        and prose.contains(m.start("mark"))
        and any(c.isalpha() for c in m.group("label"))  # not `12:30`
    )


def _use(m: regex.Match[str]) -> LabelUse:
    start = m.start("mark")
    # Text, a link or a URL may follow; a tag (`</summary>`) ends the label.
    followed = m.group("next") not in ("", "<")
    return LabelUse(
        "summary" if m.group("summary") else "line",
        m.group("label"),
        bool(m.group("lead")),
        m.group("mark"),
        start,
        m.end("gap") if followed else start + 1,
        followed and bool(m.group("gap")),
        followed,
    )


def _keys(m: regex.Match[str]) -> tuple[tuple[str, ...], ...]:
    """The groups a use is judged in (see ``departures``)."""
    label: tuple[str, ...] = ("label", m.group("label"))
    return (label, ("bold",)) if m.group("lead") else (label,)


def _judged(candidates: list[regex.Match[str]]) -> list[regex.Match[str]]:
    """The candidates whose groups can hold a departure, with every group they are in.

    A group departs from its habit only where it holds both widths, and the candidates
    hold every use: a group of one width among them has none to report. The groups of
    both widths, and every group that shares a use with one of them (for its habit),
    are kept whole, so each is judged as if the rest were there.
    """
    keyed = [(m, _keys(m)) for m in candidates]
    marks: dict[tuple[str, ...], set[str]] = {}
    for m, ks in keyed:
        for k in ks:
            marks.setdefault(k, set()).add(m.group("mark"))
    kept = {k for k, seen in marks.items() if len(seen) > 1}
    while kept:
        grown = kept.union(*(ks for _, ks in keyed if not kept.isdisjoint(ks)))
        if grown == kept:
            break
        kept = grown
    return [m for m, ks in keyed if not kept.isdisjoint(ks)]


def departures(source: Source, prose: Callable[[], Prose]) -> list[Departure]:
    """The label uses whose colon width departs from the file's habit.

    A use is judged in two groups: the uses of the same label (`阅读笔记`, in a summary or
    on a line), and, for a bold label, the bold labels that start lines (`**LCSTS**:`,
    `**LSTM**:`). A group of fewer than MIN_GROUP uses has no say; a use departs when a
    group's habit differs from it and none agrees with it. ``prose`` gives the
    document's prose, asked for only when some label is written both ways.
    """
    if FULL not in source.text:
        return []  # one width only: nothing to compare
    text = source.text
    colons = _first_colons(text)
    full = _matches(text, [(start, at) for start, at in colons if text[at] == FULL])
    if not full or not _maybe_mixed(text, colons, full):
        return []
    judged = _judged(_matches(text, colons))
    if not judged:
        return []
    found = prose()
    groups: dict[tuple[str, ...], list[LabelUse]] = {}
    for use in (_use(m) for m in judged if _is_use(m, found)):
        groups.setdefault(("label", use.label), []).append(use)
        if use.bold:
            groups.setdefault(("bold",), []).append(use)
    habits: dict[tuple[str, ...], str] = {}
    for key, uses in groups.items():
        want = habit(Counter(u.mark for u in uses)) if len(uses) >= MIN_GROUP else None
        if want is not None:
            habits[key] = want
    out = []
    for key, uses in groups.items():
        want = habits.get(key)
        if want is None:
            continue
        usual = [u for u in uses if u.mark == want]
        spaced = habit(Counter(u.spaced for u in usual if u.followed))
        for use in uses:
            if use.mark == want or _agreed(use, habits):
                continue
            if use.followed and spaced is not None:
                # The habit's space after the colon, or none.
                replacement, end = want + (" " if spaced else ""), use.gap_end
            else:
                replacement, end = want, use.start + 1
            out.append(
                Departure(use, want, len(usual), len(uses), replacement, end, key == ("bold",))
            )
    # A use two groups find departing is one departure.
    unique = {d.use.start: d for d in sorted(out, key=lambda d: -d.total)}
    return sorted(unique.values(), key=lambda d: d.use.start)


def _agreed(use: LabelUse, habits: dict[tuple[str, ...], str]) -> bool:
    """Whether a group the use belongs to has the use's own width as its habit."""
    keys = [("label", use.label)] + ([("bold",)] if use.bold else [])
    return any(habits.get(k) == use.mark for k in keys)
