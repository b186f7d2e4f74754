"""NL602: half-width punctuation next to CJK text, where Chinese writes it full width."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, partial

import regex

from notelint.model.prose import CJK_CLASS, HALF_TO_FULL, cjk_char, compiled
from notelint.model.violation import Violation, edit, ordered_fix
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.cjk_text import Editable, is_cjk, is_latin, spaces_after, spaces_before

# A mark after a CJK letter, or one of `,:;!?` before one.
_mark = compiled(r"(?<=" + CJK_CLASS + r")[,.:;!?]|[,:;!?](?=" + CJK_CLASS + ")", regex.V1)
# The marks ``_mark`` finds after a CJK letter, and before one.
_AFTER_CJK = frozenset(",.:;!?")
_BEFORE_CJK = frozenset(",:;!?")
# `, ` next to a Latin word: a line that separates its items so, `谷歌, UCLA, UCSC`, keeps
# `, ` between its CJK items too, or its list would mix two separators.
_latin_separator = compiled(r"[\p{Latin}\p{Nd}.)], |, +[\p{Latin}\p{Nd}(]")
# A pair of round brackets on one line, nothing bracketed inside: no Unicode class, so
# the standard ``re`` reads the whole text for it, in less time than ``regex``.
_pair = cache(partial(re.compile, r"\(([^()\n]*)\)"))
# What may follow a full stop that ends a sentence (not `v1.0`, `笔记.md`, `...`).
_AFTER_STOP = frozenset(" \t\r\n\"'”’)）]】>*_")
_FULL_MARKS = frozenset("，。、：；！？）（」「』『】【》《”“")


@register
class CjkPunctuation(Rule):
    """Find half-width ``, . : ; ! ? ( )`` next to CJK text.

    Why: in Chinese and Japanese text these marks are written full width (``，。：；！？``
    and ``（）``); the half-width ones look cramped and out of place. A mark counts when
    it follows a CJK letter (``模型,``), or, for ``, : ; ! ?``, when a CJK letter follows
    it (``GPT,使用``). A full stop counts only at the end of a sentence (not ``v1.0``
    nor ``...``). Round brackets count as a pair, when what they hold is CJK text and
    CJK text stands next to them (``模型(即检测loss)的``, not ``模型(GPT)``). The spaces
    a half-width mark had after it go with it. A comma and a space are left in a line
    that separates items, Latin ones among them, so (``谷歌, UCLA, UCSC``): its list
    would mix two separators. Korean, which uses these marks, is left alone; so are
    code, URLs, link targets, HTML tags and emoji shortcodes (``:star:``). A label colon
    that NL604 reports as a departure from the file's habit is left to NL604. Opt-in,
    with the rest of the NL6 group.

    **Anti-pattern**

    ```markdown
    - GLM: General Language Model Pretraining
      - <details>
        <summary>阅读笔记</summary>
        1. 使用 blank filling 的自回归方式,统一所有任务目标(包括生成任务)  <br>
        </details>
    ```

    **Best practice**

    ```markdown
    - GLM: General Language Model Pretraining
      - <details>
        <summary>阅读笔记</summary>
        1. 使用 blank filling 的自回归方式，统一所有任务目标（包括生成任务）  <br>
        </details>
    ```
    """

    code = "NL602"
    name = "cjk-punctuation"
    level = "warning"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        text = ctx.source.text
        if text.isascii() or cjk_char().search(text) is None:
            return
        editable = Editable(ctx)
        # Label colons NL604 reports: one defect, one finding.
        habit = {d.use.start for d in ctx.doc.label_departures} if ctx.runs("NL604") else set()
        latin_lists: dict[int, bool] = {}
        runs = editable.prose.wide_runs
        marks = (m.start() for m in _mark().finditer(text)) if runs is None else _marks(text, runs)
        for at in marks:
            if at in habit or not _is_mark(text, at) or not editable(at):
                continue
            if text.startswith(", ", at) and _latin_list(ctx, at, latin_lists):
                continue
            mark = text[at]
            end = spaces_after(text, at + 1)
            yield self.violation(
                at,
                at + 1,
                f"half-width `{mark}` next to CJK text: write `{HALF_TO_FULL[mark]}`",
                ordered_fix((edit(at, end, HALF_TO_FULL[mark]),)),
            )
        for m in _pair().finditer(text):
            if _is_cjk_pair(text, m) and editable(m.start(), m.end() - 1):
                yield self._pair(text, m.start(), m.end() - 1)

    def _pair(self, text: str, left: int, right: int) -> Violation:
        before = spaces_before(text, left)
        after = spaces_after(text, right + 1)
        return self.violation(
            left,
            right + 1,
            "half-width `( )` around CJK text: write `（ ）`",
            ordered_fix((edit(before, left + 1, "（"), edit(right, after, "）"))),
        )


def _marks(text: str, runs: list[tuple[int, int]]) -> Iterator[int]:
    """Where ``_mark`` matches, read at the edges of the runs of ``Prose.wide_runs``."""
    size = len(text)
    last = -1
    for start, end in runs:
        if start - 1 != last and start and text[start - 1] in _BEFORE_CJK and is_cjk(text[start]):
            yield start - 1
        if end < size and text[end] in _AFTER_CJK and is_cjk(text[end - 1]):
            yield end
            last = end


def _latin_list(ctx: RuleContext, at: int, seen: dict[int, bool]) -> bool:
    """Whether the line of ``at`` separates items, Latin ones among them, with ``, ``."""
    line = ctx.source.line_index(at)
    if line not in seen:
        seen[line] = _latin_separator().search(ctx.source.line(line)) is not None
    return seen[line]


def _is_mark(text: str, at: int) -> bool:
    """Whether the mark at ``at`` is punctuation of the CJK text around it."""
    mark = text[at]
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if after == mark or before == mark or (after and after in ".。"):
        return False  # `!!`, `...`, `::`: not one mark
    if mark == ".":
        return after == "" or after in _AFTER_STOP or is_cjk(after)
    if not is_cjk(before):
        # Only a CJK letter after it: the mark must follow a word, not a space or a mark.
        return bool(before) and (is_latin(before) or before in ")]）】")
    # `![alt](src)`, shown raw in HTML, is no exclamation.
    return not (mark == "!" and after == "[")


def _is_cjk_pair(text: str, m: re.Match[str]) -> bool:
    """Whether a bracketed pair holds CJK text and stands in CJK text (spaces aside)."""
    inner = m.group(1)
    if not inner.strip() or cjk_char().search(inner) is None:
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = text[line_start : m.start()].rstrip(" \t")[-1:]
    line_end = text.find("\n", m.end())
    after = text[m.end() : line_end if line_end != -1 else len(text)].lstrip(" \t")[:1]
    return _in_cjk(before) or _in_cjk(after)


def _in_cjk(char: str) -> bool:
    """A CJK letter or full-width punctuation: what stands in CJK text."""
    return bool(char) and (is_cjk(char) or char in _FULL_MARKS)
