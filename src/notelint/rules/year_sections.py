"""NL103 and NL104: year sections in order and written once, fixed by moving whole sections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from notelint.config.options import Order
from notelint.model.document import Document
from notelint.model.sections import YearSection
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.habits import habit
from notelint.rules.year_moves import (
    Layout,
    first_of_each_year,
    longest_run,
    merges,
    reorder,
)


@register
class YearOrder(Rule):
    """Keep the year sections of a group in order (newest first by default).

    Why: readers scan a notes file from the top for the latest papers; a year out of
    place hides its entries. The order is ``years.order`` when set, else the one three
    quarters of the file's neighbouring years follow, where there are three pairs or more
    (a file that lists oldest first throughout is consistent), else newest first.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2021

    - A General Language Assistant as a Laboratory for Alignment

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model

    ### 2021

    - A General Language Assistant as a Laboratory for Alignment
    ```
    """

    code = "NL103"
    name = "year-order"
    level = "error"
    fix = "unsafe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        order = ctx.config.years.order or _file_order(ctx.doc)
        descending = order == "descending"
        sign = -1 if descending else 1
        for group in ctx.doc.groups:
            firsts = first_of_each_year(group)
            keys = [s.year * sign for s in firsts]
            keep = longest_run(keys)
            if len(keep) == len(firsts):
                continue
            fix = reorder(ctx.doc, group, descending)
            wrong = longest_run([-k for k in keys])
            if len(wrong) > len(keep):
                opposite = "ascending" if descending else "descending"
                mostly = "" if len(wrong) == len(firsts) else "mostly "
                head = firsts[0].heading
                message = f"years run {mostly}{opposite}; expected {order} (years.order)"
                yield self.violation(head.start, head.end, message, fix=fix)
                continue
            for i, section in enumerate(firsts):
                if i not in keep:
                    head = section.heading
                    message = f"year {section.year} is out of order; expected {order} years"
                    yield self.violation(head.start, head.end, message, fix=fix)


def _file_order(doc: Document) -> Order:
    """The order three quarters of the file's neighbouring years run in; else newest first."""
    steps: Counter[Order] = Counter()
    for group in doc.groups:
        years = [s.year for s in first_of_each_year(group)]
        for before, after in pairwise(years):
            steps["ascending" if after > before else "descending"] += 1
    return habit(steps, minimum=3) or "descending"


@register
class YearDuplicate(Rule):
    """Write each year once per group.

    Why: a second ``### 2023`` splits that year's papers in two places and gives the
    table of contents two links with the same name.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model

    ### 2023

    - Language Is Not All You Need
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
    - Language Is Not All You Need
    ```
    """

    code = "NL104"
    name = "year-duplicate"
    level = "error"
    fix = "unsafe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        layout: Layout | None = None
        for group in ctx.doc.groups:
            seen: dict[int, YearSection] = {}
            fixes: dict[int, Fix | None] | None = None
            for index, section in enumerate(group.sections):
                first = seen.setdefault(section.year, section)
                if first is section:
                    continue
                if fixes is None:
                    layout = layout or Layout(ctx.doc)
                    fixes = merges(layout, group)
                head = section.heading
                message = (
                    f"year {section.year} repeats the section on line {first.heading.line + 1}"
                )
                fix = fixes.get(index)
                yield self.violation(head.start, head.end, message, fix=fix)
