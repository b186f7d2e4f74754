"""NL205-NL210: entries (one paper each), their titles and their meta lines."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from notelint.model.sections import Entry
from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.links import code_links
from notelint.rules.meta import LABEL_WORDS, VenueIndex
from notelint.syntax.links import SPACED_CODE_LINK, Link, normalize_url
from notelint.syntax.source import Source

_TAG = regex.compile(r"<[^<>]*>")  # no `<` inside: linear on a line of `<`
_NOT_TITLE_CHARS = regex.compile(r"[\p{P}\p{S}\s]+")
_BARE_URL = regex.compile(r"^<?(?:https?|ftp)://\S+$", regex.I)
_BLOCK_TAG = regex.compile(r"^<(?:details|summary|img|br|/details)\b", regex.I)


def is_label_text(text: str) -> bool:
    """Whether a link text is a label such as `code`, `[paper]` or `Project page`."""
    words = _NOT_TITLE_CHARS.sub(" ", text.casefold()).split()
    return all(w in LABEL_WORDS for w in words)


def plain_title(source: Source, entry: Entry) -> str:
    """The title line's words: link texts (not labels like `code`), no tags or URLs."""
    text = source.text
    out: list[str] = []
    pos = entry.title_start
    for link in entry.head_links:
        if link.start >= entry.title_end:
            break
        out.append(text[pos : link.start])
        keep = link.kind == "link" and not is_label_text(link.text)
        out.append(link.text if keep else "")
        pos = link.end
    out.append(text[pos : entry.title_end])
    return str(_TAG.sub(" ", "".join(out)))


def title_key(source: Source, entry: Entry) -> str:
    return str(_NOT_TITLE_CHARS.sub("", plain_title(source, entry).casefold()))


@register
class DuplicateCodeLink(Rule):
    """Give each entry one code link.

    Why: two code links on one paper usually mean a copy-paste slip (the second one
    belongs to the next entry) or an unofficial implementation that deserves its own
    label such as `[[pytorch]](url)`.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B) [[code]](https://github.com/THUDM/GLM)
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
            found = code_links(entry.head_links)
            for link in found[1:]:
                pos = ctx.source.position(found[0].start)
                yield self.violation(
                    link.start,
                    link.end,
                    f"second code link in this entry (the first is at {pos.line}:{pos.column})",
                )


@register
class DuplicateEntry(Rule):
    """List each paper once per file.

    Why: the same paper under two years (or twice in one) splits its notes and makes the
    list look longer than it is. Two entries are the same paper when their titles match
    ignoring case, punctuation and spaces, or when their code links point at the same
    repository page (ignoring `http`/`https`, the host's case, a trailing `/` or `.git`)
    and their titles open with the same words (two papers of one repository, such as a
    model and its sequel, are different papers).

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
        titles: dict[str, Entry] = {}
        urls: dict[str, Entry] = {}
        for entry in ctx.doc.entries:
            key = title_key(ctx.source, entry)
            first = titles.get(key) if len(key) >= 8 else None
            how = "the same title"
            if first is None:
                first, how = self._same_code(ctx.source, entry, urls), "the same code link"
            if first is not None:
                yield self.violation(
                    entry.title_start if entry.title else entry.item.start,
                    entry.title_end if entry.title else entry.item.start + 1,
                    f"duplicate entry: {how} as the entry on line {first.line + 1}",
                )
                continue
            if len(key) >= 8:
                titles.setdefault(key, entry)
            for link in code_links(entry.head_links):
                if link.url.strip():
                    urls.setdefault(normalize_url(link.url), entry)

    @staticmethod
    def _same_code(source: Source, entry: Entry, urls: dict[str, Entry]) -> Entry | None:
        for link in code_links(entry.head_links):
            first = urls.get(normalize_url(link.url)) if link.url.strip() else None
            if first is not None and _titles_overlap(source, first, entry):
                return first
        return None


def _titles_overlap(source: Source, a: Entry, b: Entry) -> bool:
    """Whether two titles open with the same words (the same paper, re-listed with edits)."""
    words_a = _NOT_TITLE_CHARS.sub(" ", plain_title(source, a).casefold()).split()
    words_b = _NOT_TITLE_CHARS.sub(" ", plain_title(source, b).casefold()).split()
    k = min(5, len(words_a), len(words_b))
    return k >= 3 and words_a[:k] == words_b[:k]


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

    def _problem(self, source: Source, venues: VenueIndex, entry: Entry) -> str | None:
        first_line = source.line(entry.line)[entry.item.start - source.line_starts[entry.line] :]
        rest = first_line[1:].strip() if first_line[:1] in "-*+" else first_line
        if not entry.title.strip():
            return _untitled(entry, rest)
        title = entry.title.strip()
        if _BLOCK_TAG.match(title):
            return "entry starts with HTML, not a title"
        if _BARE_URL.match(title):
            return "entry starts with a bare URL, not a title"
        head = [link for link in entry.head_links if link.start < entry.title_end]
        label = _TAG.sub("", _without(source, entry, head)).strip()
        residue = _NOT_TITLE_CHARS.sub("", label)
        if not residue and head and all(is_label_text(link.text) for link in head):
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
    if _BLOCK_TAG.match(rest):
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
