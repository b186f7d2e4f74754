"""NL604: one label written with both the half-width and the full-width colon."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.model.labels import HALF
from notelint.model.violation import Edit, Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.cjk_text import Editable


@register
class CjkPunctuationHabit(Rule):
    """Find a label whose colon departs from the width the file uses for that label.

    Why: a file that writes ``论文名称：`` forty-three times and ``论文名称:`` once means
    the same label each time; the odd one is a slip of the input method. A label is a
    short word or phrase, maybe in bold, that starts a list item, a note or a line of a
    notes block, or fills a ``<summary>``, followed by a colon. Each label is compared
    with its other uses (in summaries and on lines alike), and only where at least three
    quarters of at least three uses agree: a consistent file, or one with no habit, gets
    nothing. Bold labels that start lines (``**LSTM**:``, ``**BERT**:``) are compared
    with each other too, whatever their text. The fix writes the habit's colon, with the
    space after it the habit has. On by default, unlike the rest of the NL6 group. When
    NL602 runs too, it asks for the full-width colon everywhere, so a half-width habit is
    left to it.

    **Anti-pattern**

    ```markdown
    - 论文名称：GLM-130B
    - 论文名称：GLM
    - 论文名称：InstructGPT
    - 论文名称:Kosmos-1
    ```

    **Best practice**

    ```markdown
    - 论文名称：GLM-130B
    - 论文名称：GLM
    - 论文名称：InstructGPT
    - 论文名称：Kosmos-1
    ```
    """

    code = "NL604"
    name = "cjk-punctuation-habit"
    level = "warning"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        found = ctx.doc.label_departures
        if not found:
            return
        editable = Editable(ctx)
        for d in found:
            use = d.use
            if (d.want == HALF and ctx.runs("NL602")) or not editable(use.start):
                continue
            if d.bold_group:
                said = (
                    f"bold label `**{use.label}**{use.mark}`: the file's bold labels take "
                    f"`{d.want}` in {d.count} of {d.total} places"
                )
            else:
                where = "summary" if use.slot == "summary" else "label"
                said = (
                    f"{where} `{use.label}{use.mark}` is written `{use.label}{d.want}` in "
                    f"{d.count} of its {d.total} places"
                )
            yield self.violation(
                use.start,
                use.start + 1,
                f"{said}: write `{d.want}`",
                Fix((Edit(use.start, d.end, d.replacement),)),
            )
