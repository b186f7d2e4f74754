"""NL205-NL210: entries (one paper each), their titles and their meta lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from notelint.model.sections import Entry
from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.links import code_links
from notelint.rules.meta import VenueIndex
from notelint.rules.paper_match import is_label_text, same_papers, scope_of
from notelint.syntax.char_classes import NOT_SPACE
from notelint.syntax.lazy import lazy_re, lazy_regex
from notelint.syntax.links import SPACED_CODE_LINK, Link
from notelint.syntax.source import Source

# A file with this many empty items (`- ` between groups of entries) uses them on purpose.
EMPTY_HABIT = 5
_TAG = lazy_re(r"<[^<>]*>")  # no `<` inside: linear on a line of `<`
_NOT_TITLE_CHARS = lazy_regex(r"[\p{P}\p{S}\s]+")
_BARE_URL = lazy_re(r"^<?(?:https?|ftp)://" + NOT_SPACE + "+$", re.I)
_BLOCK_TAG = lazy_regex(r"^<(?:details|summary|img|br|/details)\b", regex.I)


def _repository(url: str) -> str:
    """A code URL as a repository: no scheme, case, trailing `/` or `.git`."""
    key = url.strip().lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return key.removesuffix(".git")


@register
class DuplicateCodeLink(Rule):
    """Give each code link of an entry once.

    Why: the same repository linked twice from one paper is a copy-paste slip. Two
    code links to different repositories (an official one and a port, two
    implementations) are often meant, and are left alone.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B) [[code]](https://github.com/THUDM/GLM-130B/)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL205"
    name = "duplicate-code-link"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for entry in ctx.doc.entries:
            seen: dict[str, Link] = {}
            for link in code_links(entry.head_links):
                key = _repository(link.url)
                first = seen.setdefault(key, link)
                if first is link:
                    continue
                pos = ctx.source.position(first.start)
                yield self.violation(
                    link.start,
                    link.end,
                    f"the same code link again in this entry (first at {pos.line}:{pos.column})",
                )


@register
class DuplicateEntry(Rule):
    """List each paper once per file.

    Why: the same paper under two years of one group (or twice in one list section) splits
    its notes and makes the list look longer than it is. Two entries are the same paper
    when their titles match ignoring case, punctuation and spaces (and a nickname such as
    `**[ACTOR]**` before the title, or what follows its first full stop: `Title. Authors
    et al. ICML 2020`, when the title alone is long enough), when they link the same
    paper page (arXiv `abs` and `pdf` pages are one), or when their code links point at the
    same repository page (ignoring `http`/`https`, the host's case, a trailing `/` or
    `.git`) and their titles open with the same words (two papers of one repository, such
    as a model and its sequel, are different papers). The same paper under two different
    topic sections is a cross-listing (NL211, opt-in).

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model

    ### 2022

    - GLM-130B: an open bilingual pre-trained model
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model

    ### 2022

    - GLM: General Language Model Pretraining with Autoregressive Blank Infilling
    ```
    """

    code = "NL206"
    name = "duplicate-entry"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for first, entry, how in same_papers(ctx.doc, ctx.source):
            if scope_of(ctx.doc, first) != scope_of(ctx.doc, entry):
                continue
            yield self.violation(
                entry.title_start if entry.title else entry.item.start,
                entry.title_end if entry.title else entry.item.start + 1,
                f"duplicate entry: {how} as the entry on line {first.line + 1}",
            )


@register
class EntryTitle(Rule):
    """Start every entry with its paper's title.

    Why: the entry's first line is what a reader scans for; an empty bullet renders as a
    stray dot, and an entry that opens with its notes block, a bare URL or only a
    `[[code]]` link has no title at all. A title that is itself a link with the paper's
    name, `[Title](url)`, is a title.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    -
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL207"
    name = "entry-title"
    level = "error"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        venues = VenueIndex.of(ctx.config)
        for entry in ctx.doc.entries:
            problem = self._problem(ctx.source, venues, entry)
            if problem:
                start = entry.item.start
                end = max(entry.title_end, ctx.source.line_span(entry.line)[1])
                yield self.violation(start, end, problem)
        empty = ctx.doc.empty_items
        if len(empty) >= EMPTY_HABIT:
            return  # empty items set apart groups of entries: the file's habit
        for item in empty:
            end = ctx.source.line_span(item.line)[1]
            yield self.violation(item.start, end, "empty list item among entries: no title")

    def _problem(self, source: Source, venues: VenueIndex, entry: Entry) -> str | None:
        title = entry.title.strip()
        if not title:
            marker = entry.item.start - source.line_starts[entry.line]
            first_line = source.line(entry.line)[marker:]
            rest = first_line[1:].strip() if first_line[:1] in "-*+" else first_line
            return _untitled(entry, rest)
        # Each pattern is tried only on a title holding its first characters.
        if title.startswith("<") and _BLOCK_TAG.match(title):
            return "entry starts with HTML, not a title"
        if "://" in title and _BARE_URL.match(title):
            return "entry starts with a bare URL, not a title"
        head = [link for link in entry.head_links if link.start < entry.title_end]
        if not head:
            return None  # no link to take for the title, nor venue links before it
        label = _TAG.sub("", _without(source, entry, head)).strip()
        residue = _NOT_TITLE_CHARS.sub("", label)
        if not residue and all(is_label_text(link.text) for link in head):
            return "entry starts with a link, not a title"
        if code_links(head) and venues.known(label):
            return "entry starts with its venue and links (a meta line), not a title"
        return None


def _untitled(entry: Entry, rest: str) -> str:
    """Why an entry with no title text has none."""
    first = entry.item.children[0] if entry.item.children else None
    if first is not None and first.line == entry.line and first.type == "list":
        return "entry starts with a second list marker, not a title"
    if first is not None and first.type == "heading":
        if first.token.get("style") == "setext":
            return "entry title renders as a heading: the '-' or '=' line under it underlines it"
        return "entry starts with a heading, not a title"
    if rest.startswith("<") and _BLOCK_TAG.match(rest):
        return "entry starts with a notes block, not a title"
    return "entry has an empty first line, not a title"


def _without(source: Source, entry: Entry, links: list[Link]) -> str:
    text = source.text
    out: list[str] = []
    pos = entry.title_start
    for link in links:
        out.append(text[pos : link.start])
        pos = link.end
    out.append(text[pos : entry.title_end])
    return "".join(out)


@register
class MissingCodeLink(Rule):
    """Give every entry a code link (opt-in).

    Why: for a reading list that promises code for each paper, an entry without
    `[[code]](url)` is a gap to fill. Select it with `extend-select = ["NL210"]`.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL210"
    name = "missing-code-link"
    level = "warning"
    opt_in = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        text = ctx.source.text
        for entry in ctx.doc.entries:
            if not entry.title.strip() or entry.code_links:
                continue
            end = ctx.source.line_ends[entry.item.end_line]
            if SPACED_CODE_LINK.search(text, entry.item.start, end):
                continue
            yield self.violation(entry.title_start, entry.title_end, "entry has no code link")
