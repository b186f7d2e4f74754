"""NL601: the space between CJK text and Latin letters or digits (``cjk.spacing``)."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.model.prose import cjk_run, compiled
from notelint.model.violation import Edit, Violation, frozen, ordered_fix
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.cjk_text import Editable, is_cjk, is_latin

# A number and the unit of a date or time: `2023年`, `3月`, `10点` take no space.
_DATE_UNITS = frozenset("年月日号時时分秒点")
_word = compiled(r"[\p{Latin}\p{Nd}]+")
# Searched backwards: the word that ends where the search ends is found first.
_word_before = compiled(r"(?r)[\p{Latin}\p{Nd}]+$")
# Before a letter they make a placeholder or an escape (`%s`, `$1`, `\n`): not a word.
_PLACEHOLDER = frozenset("%$\\")


@register
class CjkSpacing(Rule):
    """Find CJK text next to Latin letters or digits without a space between.

    Why: a space between Chinese or Japanese text and a Latin word or a number
    (``使用 BERT 模型``) is what most Chinese style guides ask for, and what the file
    reads best with. With ``cjk.spacing = "never"`` the rule asks the opposite: no space
    there (``使用BERT模型``). It reads the prose of the file, the notes of ``<details>``
    blocks included, and skips code, URLs, link targets, HTML tags and their attributes.
    A number and a date or time unit (``2023年``) take no space, nor do placeholders
    (``%s``), and Korean is left alone: its particles attach to a Latin word (``GPT-4는``).
    Opt-in, with the rest of the NL6 group.

    **Anti-pattern**

    ```markdown
    - GLM: General Language Model Pretraining
      - <details>
        <summary>阅读笔记: </summary>
        1. 使用了blank filling的自回归方式来统一所有任务目标  <br>
        </details>
    ```

    **Best practice**

    ```markdown
    - GLM: General Language Model Pretraining
      - <details>
        <summary>阅读笔记: </summary>
        1. 使用了 blank filling 的自回归方式来统一所有任务目标  <br>
        </details>
    ```
    """

    code = "NL601"
    name = "cjk-spacing"
    level = "warning"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        text = ctx.source.text
        if text.isascii():
            return
        editable = Editable(ctx)
        never = ctx.config.cjk.spacing == "never"
        if never:
            gaps = _spaced(text, editable)
        else:
            runs = editable.prose.wide_runs
            if runs is None:
                runs = [m.span() for m in cjk_run().finditer(text)]
            gaps = _unspaced(text, runs, editable)
        # One finding per line, fixing the whole line: a line of notes often lacks several
        # spaces, and they are one habit of its writer. The gaps come in order.
        starts, lines = ctx.source.line_starts, ctx.source.line_count
        found: list[tuple[int, int]] = []
        line = 0  # the line of ``found``: the gaps come in order, and so do their lines
        next_line = 0  # where the line after it starts
        for gap in gaps:
            if gap[0] >= next_line:
                if found:
                    yield self._line(text, found, never)
                while line + 1 < lines and starts[line + 1] <= gap[0]:
                    line += 1
                next_line = starts[line + 1] if line + 1 < lines else len(text) + 1
                found = []
            found.append(gap)
        if found:
            yield self._line(text, found, never)

    def _line(self, text: str, gaps: list[tuple[int, int]], never: bool) -> Violation:
        start, end = gaps[0]
        left, right = text[start - 1], text[end]
        if is_latin(left):
            word = _word_before().search(text, max(start - 30, 0), start)
            left = word.group() if word else left
        else:
            word = _word().match(text, end)
            right = word.group() if word else right
        more = f" (and {len(gaps) - 1} more on the line)" if len(gaps) > 1 else ""
        if never:
            what = f"a space between `{left}` and `{right}`, where `cjk.spacing` is `never`"
            edits = tuple([frozen(Edit, {"start": s, "end": e, "content": ""}) for s, e in gaps])
        else:
            what = f"no space between `{left}` and `{right}`"
            edits = tuple([frozen(Edit, {"start": s, "end": s, "content": " "}) for s, _ in gaps])
        return self.violation(start - 1, end + 1, what + more, ordered_fix(edits))


def _unspaced(
    text: str, runs: list[tuple[int, int]], editable: Editable
) -> Iterator[tuple[int, int]]:
    """The places (empty spans) where CJK and Latin text touch, and want a space.

    ``runs`` are the runs of CJK letters, or ``Prose.wide_runs``: either way, CJK and
    Latin text touch only at their edges. A number and its unit take no space (`2023年`),
    nor a placeholder (`%s`) before CJK text, nor a date that goes on (`2018年05月`).
    """
    allowed = editable.walker()
    size = len(text)
    for start, end in runs:
        if (
            start
            and is_latin(before := text[start - 1])
            and is_cjk(first := text[start])
            and not (before.isdigit() and first in _DATE_UNITS)
            and not (start > 1 and text[start - 2] in _PLACEHOLDER)
            and allowed(start - 1, start + 1)
        ):
            yield start, start
        if (
            end < size
            and is_latin(after := text[end])
            and is_cjk(last := text[end - 1])
            and not (
                after.isdigit() and last in _DATE_UNITS and end > 1 and text[end - 2].isdigit()
            )
            and allowed(end - 1, end + 1)
        ):
            yield end, end


def _spaced(text: str, editable: Editable) -> Iterator[tuple[int, int]]:
    """The spaces between CJK and Latin text."""
    for m in cjk_run().finditer(text):
        start, end = m.span()
        gap = start
        while gap > 0 and text[gap - 1] in " \t":
            gap -= 1
        if 0 < gap < start and is_latin(text[gap - 1]) and editable(gap - 1, start):
            yield gap, start
        gap = end
        while gap < len(text) and text[gap] in " \t":
            gap += 1
        if end < gap < len(text) and is_latin(text[gap]) and editable(end - 1, gap):
            yield end, gap
