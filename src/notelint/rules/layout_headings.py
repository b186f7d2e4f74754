"""NL504 and NL508: blank lines around headings, and `#Title` written without the space.

Only top-level headings are judged (a heading inside a list item or a quote is part of
it) and nothing in front matter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from notelint.config.options import YearsOptions
from notelint.model.document import Document
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.blank_lines import ends_in_empty_item, is_blank
from notelint.rules.habits import habit
from notelint.rules.years import group_level
from notelint.syntax.lazy import lazy_re
from notelint.syntax.parse import Node

# `#Title`: a run of #s glued to a word. Tags, issue numbers and C directives are not titles.
_NO_SPACE = lazy_re(r"^ {0,3}(#{1,6})(?=[^\W_])(?!\d+\s*$)")
# ... and a line ending as a sentence does is prose that starts with a tag.
_NOT_A_TITLE = lazy_re(
    r"^#+(?:include|define|undef|if|ifdef|ifndef|elif|else|endif|pragma|import|error)\b"
    r"|\s#[^\W_]|[.!?。！？]\s*$",
    re.I,
)


@register
class HeadingBlankLines(Rule):
    """Put a blank line before and after a heading where the file's habit is to.

    Why: a heading glued to the text around it is hard to find in the file, and some
    renderers (and readers) take it for part of the paragraph. Only departures from the
    file's own habit are reported: where three quarters of its headings (of that level,
    when it has five or more of them, else of every level) have a blank line after
    them, one without is; a file that always writes `### Topic` straight above its list
    is consistent and gets nothing. The same holds for the line before. Runs of several
    blank lines are NL502's. A heading right after front matter or a comment line is left as
    is, and so is one right after a list whose last item is empty (a blank line there
    would make the list loose).

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2024

    - GLM-4: A Family of Models

    ### 2023
    - GLM: General Language Model Pretraining

    ### 2022

    - GLM-130B: An Open Bilingual Pre-trained Model

    ### 2021

    - GLM: Autoregressive Blank Infilling
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2024

    - GLM-4: A Family of Models

    ### 2023

    - GLM: General Language Model Pretraining

    ### 2022

    - GLM-130B: An Open Bilingual Pre-trained Model

    ### 2021

    - GLM: Autoregressive Blank Infilling
    ```
    """

    code = "NL504"
    name = "heading-blank-lines"
    level = "warning"
    fix = "safe"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        source = ctx.source
        cases = list(_heading_cases(ctx.doc))
        usual = {side: _usual(cases, side) for side in ("before", "after")}
        for node, side, blank in cases:
            if blank or not usual[side].get(node.attrs["level"], usual[side][None]):
                continue
            if side == "before":
                fix = self._blank_line(ctx, node.line, node.line - 1)
                yield self.violation(
                    node.start, node.start, "no blank line before the heading", fix
                )
            else:
                end = source.line_ends[node.end_line]
                fix = self._blank_line(ctx, node.end_line + 1, node.end_line)
                yield self.violation(node.start, end, "no blank line after the heading", fix)

    @staticmethod
    def _blank_line(ctx: RuleContext, line: int, like: int) -> Fix:
        """Insert an empty line at the start of ``line``, ending as line ``like`` does."""
        source = ctx.source
        at = source.line_starts[line]
        return Fix.replace(at, at, source.line_ending(like) or source.newline)


Case = tuple[Node, str, bool]
# A level needs this many headings to have a habit of its own.
_LEVEL_CASES = 5


def _heading_cases(doc: Document) -> Iterator[Case]:
    """Each side of each top-level heading that could have a blank line: is it blank?

    Not counted: the start and end of the file, front matter, a comment line before the
    heading, a list whose last item is empty (a blank line would make it loose), and the
    line between two headings, where a heading may stand right under its parent.
    """
    source = doc.source
    front = doc.front_matter_lines
    nodes = doc.nodes
    for at, node in enumerate(nodes):
        if node.type != "heading" or node.line in front:
            continue
        before = node.line - 1
        if before >= 0 and before not in front:
            line = source.line(before)
            previous = nodes[at - 1] if at else None
            stacked = previous is not None and previous.type == "heading"
            if (
                not stacked
                and not line.lstrip().startswith("<!--")
                and not ends_in_empty_item(previous)
            ):
                yield node, "before", is_blank(line)
        after = node.end_line + 1
        following = nodes[at + 1] if at + 1 < len(nodes) else None
        if following is not None and following.type == "heading" and following.line == after:
            continue
        if after < source.line_count:
            yield node, "after", is_blank(source.line(after))


def _usual(cases: list[Case], side: str) -> dict[int | None, bool | None]:
    """Whether the file's habit is a blank line on ``side``: for every level (key None),
    and for each level with a habit of its own over five or more headings."""
    every: Counter[bool] = Counter()
    levels: dict[int, Counter[bool]] = {}
    for node, where, blank in cases:
        if where == side:
            every[blank] += 1
            levels.setdefault(node.attrs["level"], Counter())[blank] += 1
    usual: dict[int | None, bool | None] = {None: habit(every)}
    for level, counted in levels.items():
        own = habit(counted) if sum(counted.values()) >= _LEVEL_CASES else None
        if own is not None:
            usual[level] = own
    return usual


@register
class HeadingSpace(Rule):
    """Put a space after the `#`s of a heading.

    Why: `#Title` is not a heading in CommonMark (GitHub shows the `#`), though it was
    meant as one. Only a line alone in its paragraph at the top level counts, so a
    `#hashtag` in prose (a line of a longer paragraph, or one that ends as a sentence
    does), tag lines (`#nlp #llm`), issue numbers (`#123`) and `#include` lines are left
    alone; `#2023` is a year heading, NL101's. The fix makes the line a heading, so it
    changes the rendered page on purpose; inside a year section, a heading that would
    end the section (and take the entries after it out of their year) is left to fix by
    hand, judged at the level the year heading has or will have once NL101 and NL102
    put it at its group's level, whichever is deeper.

    **Anti-pattern**

    ```markdown
    #Paper

    - GLM: General Language Model Pretraining
    ```

    **Best practice**

    ```markdown
    # Paper

    - GLM: General Language Model Pretraining
    ```
    """

    code = "NL508"
    name = "heading-space"
    level = "warning"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc, source = ctx.doc, ctx.source
        front = doc.front_matter_lines
        years = {h.line for h in doc.headings if h.node is not None and h.node.type != "heading"}
        sections = _YearSpans(doc, ctx.config.years)
        for node in doc.nodes:
            if node.type != "paragraph" or node.line != node.end_line:
                continue
            if node.line in front or node.line in years:
                continue
            line = source.line(node.line)
            m = _NO_SPACE.match(line)
            if m is None or _NOT_A_TITLE.search(line.lstrip()):
                continue
            at = source.line_starts[node.line] + m.end(1)
            start = source.line_starts[node.line] + m.start(1)
            message = "no space after the `#`s: this is not a heading"
            if sections.ended_by(node.line, len(m.group(1))):
                message += " (a heading here would end the year section: fix it by hand)"
                yield self.violation(start, at, message)
            else:
                yield self.violation(start, at, message, Fix.replace(at, at, " "))


class _YearSpans:
    """The year sections' lines, walked in order, to tell which a heading would end."""

    def __init__(self, doc: Document, opts: YearsOptions) -> None:
        spans = []
        for group in doc.groups:
            target = group_level(group, opts)
            for s in group.sections:
                # A bold year line has no level: any heading ends its section. A heading
                # NL101 or NL102 moves deeper ends its section at more levels.
                spans.append((s.heading.line, s.end_line, max(s.heading.level or 7, target)))
        self._ahead = sorted(spans, reverse=True)
        self._open: list[tuple[int, int, int]] = []

    def ended_by(self, line: int, level: int) -> bool:
        """Whether a heading of ``level`` on ``line`` (asked in order of lines) would cut
        a year section short."""
        while self._ahead and self._ahead[-1][0] < line:
            self._open.append(self._ahead.pop())
        self._open = [s for s in self._open if line < s[1]]
        return any(level <= deepest for _, _, deepest in self._open)
