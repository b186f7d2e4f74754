"""NL1: year headings, sections and groups (NL103 and NL104 are in ``year_sections``)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date

from notelint.config.options import YearsOptions
from notelint.model.document import Document
from notelint.model.sections import Entry, YearGroup, YearSection
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.year_moves import is_real
from notelint.syntax.html_tags import only_comments
from notelint.syntax.lazy import lazy_re
from notelint.syntax.parse import Node

# Only from the start of a run of spaces, so a run is read once, not once per space.
_VENUE_YEAR = lazy_re(r"(?<![\s'’])[\s'’]*\d{2,4}$")
# Blocks that say nothing by themselves: a section holding only these has no content.
_NOT_CONTENT = frozenset({"heading", "thematic_break", "blank_line"})


def group_level(group: YearGroup, opts: YearsOptions) -> int:
    """The heading level a group's years should have."""
    if opts.level:
        return opts.level
    levels = Counter(s.heading.level for s in group.sections if is_real(s.heading))
    for level, _ in levels.most_common(1):
        if level is not None:
            return level
    if group.parent is not None and group.parent.level:
        return min(group.parent.level + 1, 6)
    return 3


class _Inner:
    """The real headings inside year sections, found by line."""

    def __init__(self, doc: Document) -> None:
        self.headings = [h for h in doc.headings if is_real(h) and h.level is not None]
        self.lines = [h.line for h in self.headings]

    def would_end(self, section: YearSection, level: int) -> bool:
        """Whether a heading inside ``section`` would end it once its year is at ``level``.

        The entries after that heading would leave the year, so such a year is not moved.
        """
        low = bisect_right(self.lines, section.heading.line)
        high = bisect_left(self.lines, section.end_line)
        return any((h.level or 0) <= level for h in self.headings[low:high])


def _body_nodes(doc: Document, lines: list[int], section: YearSection) -> list[Node]:
    low = bisect_right(lines, section.heading.line)
    return doc.nodes[low : bisect_left(lines, section.end_line)]


def _has_content(doc: Document, nodes: Sequence[Node]) -> bool:
    text = doc.source.text
    for node in nodes:
        if node.type in _NOT_CONTENT:
            continue
        if node.type == "block_html" and only_comments(text, node.start, node.end):
            continue
        return True
    return False


@register
class YearHeadingFormat(Rule):
    """Write year headings as ``### 2023``.

    Why: ``###2023`` is not a heading in CommonMark, a bold ``**2023**`` line is only
    bold text, and ``### 2023年``, ``### [2023]`` or trailing ``#``s and spaces make the
    anchor and the table of contents differ from every other year. No fix is offered
    where a heading inside the year's section would then end it (NL102 says how).

    **Anti-pattern**

    ```markdown
    # Paper

    **2023**

    - GLM-130B: An Open Bilingual Pre-trained Model
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
    ```
    """

    code = "NL101"
    name = "year-heading-format"
    level = "error"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        src = ctx.source
        inner = _Inner(ctx.doc)
        for group in ctx.doc.groups:
            level = group_level(group, ctx.config.years)
            for section in group.sections:
                heading = section.heading
                if not heading.problem:
                    continue
                want = f"{'#' * level} {section.year}"
                fix = None
                if not inner.would_end(section, level):
                    fix = Fix.replace(src.line_starts[heading.line], heading.end, want)
                message = f"year heading {heading.problem}; write '{want}'"
                yield self.violation(heading.start, heading.end, message, fix=fix)


@register
class YearHeadingLevel(Rule):
    """Put the year headings of one group at one level.

    Why: a year at a different level nests the following years under it in the outline
    and the table of contents, so they no longer read as siblings. A year is not moved
    deeper past a heading inside its section (``## 2022`` over ``### Surveys``): that
    heading would end the section and take the papers after it out of the year.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model

    ## 2022

    - GLM: General Language Model Pretraining
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model

    ### 2022

    - GLM: General Language Model Pretraining
    ```
    """

    code = "NL102"
    name = "year-heading-level"
    level = "error"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        src = ctx.source
        opts = ctx.config.years
        inner = _Inner(ctx.doc)
        for group in ctx.doc.groups:
            target = group_level(group, opts)
            why = "years.level is" if opts.level else "this group's years are at level"
            for section in group.sections:
                heading = section.heading
                if heading.problem or not is_real(heading) or heading.level == target:
                    continue
                want = f"{'#' * target} {section.year}"
                fix = None
                if not inner.would_end(section, target):
                    fix = Fix.replace(src.line_starts[heading.line], heading.end, want)
                message = f"year heading at level {heading.level}; {why} {target}"
                yield self.violation(heading.start, heading.end, message, fix=fix)


@register
class YearRange(Rule):
    """Keep years between ``years.min`` (1950) and next year.

    Why: a year outside that range is almost always a typo (``### 2203``, ``### 1023``).

    **Anti-pattern**

    ```markdown
    # Paper

    ### 1023

    - GLM-130B: An Open Bilingual Pre-trained Model
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
    ```
    """

    code = "NL105"
    name = "year-range"
    level = "error"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        low = ctx.config.years.min
        high = date.today().year + 1
        for heading in ctx.doc.year_headings:
            year = heading.year
            assert year is not None
            if year < low:
                message = f"year {year} is before {low} (years.min)"
            elif year > high:
                message = f"year {year} is after next year ({high})"
            else:
                continue
            yield self.violation(heading.start, heading.end, message)


@register
class YearEmpty(Rule):
    """Remove year sections that hold nothing.

    Why: an empty year is a leftover that adds a heading and a table-of-contents link
    leading nowhere. A section whose content is not a list (a table, a paragraph) is
    not empty; only headings, rules and comments count as nothing.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    ### 2022

    - GLM: General Language Model Pretraining
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2022

    - GLM: General Language Model Pretraining
    ```
    """

    code = "NL106"
    name = "year-empty"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc = ctx.doc
        lines = [n.line for n in doc.nodes]
        for section in doc.sections:
            if section.entries or _has_content(doc, _body_nodes(doc, lines, section)):
                continue
            head = section.heading
            message = f"year section {section.year} has no entries"
            yield self.violation(head.start, head.end, message)


def _is_paper(entry: Entry, known: frozenset[str]) -> bool:
    """An entry with notes, a code link or a known venue: a paper, not a contents item."""
    if entry.notes:
        return True
    for meta in entry.meta:
        if any(link.is_code for link in meta.links):
            return True
        venue = _VENUE_YEAR.sub("", (meta.venue or "").lower()).strip()
        if venue and (venue in known or venue.split()[0] in known):
            return True
    return False


@register
class EntryOutsideYear(Rule):
    """Put paper entries under a year heading.

    Why: a paper placed between a section heading and its first year belongs to no
    year, so it is missed by anyone reading by year. Entries under another heading
    (``### arXiv papers``) and contents lists are left alone.

    **Anti-pattern**

    ```markdown
    # Paper

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)

    ### 2022

    - GLM: General Language Model Pretraining
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)

    ### 2022

    - GLM: General Language Model Pretraining
    ```
    """

    code = "NL107"
    name = "entry-outside-year"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc = ctx.doc
        if not any(group.preamble for group in doc.groups):
            return  # most files have no entry before their first year
        venues = (*ctx.config.venues.known, *ctx.config.venues.extra)
        known = frozenset(v.lower() for v in venues)
        lines = [h.line for h in doc.headings]
        for group in doc.groups:
            first = group.sections[0].heading
            for entry in group.preamble:
                index = bisect_left(lines, entry.line) - 1
                above = doc.headings[index] if index >= 0 else None
                if above is not group.parent or not _is_paper(entry, known):
                    continue
                message = f"paper entry before the first year heading (line {first.line + 1})"
                # An entry without a title (its first line a notes block) shows its marker.
                if entry.title:
                    yield self.violation(entry.title_start, entry.title_end, message)
                else:
                    yield self.violation(entry.item.start, entry.item.start + 1, message)
