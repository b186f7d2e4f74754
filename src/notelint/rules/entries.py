"""NL205-NL210: entries (one paper each), their titles and their meta lines."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from notelint.model.document import Document
from notelint.model.paper_lists import is_paper_url
from notelint.model.sections import Entry
from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.links import code_links
from notelint.rules.meta import LABEL_WORDS, VenueIndex
from notelint.syntax.links import SPACED_CODE_LINK, Link, normalize_url
from notelint.syntax.source import Source

# A file with this many empty items (`- ` between groups of entries) uses them on purpose.
EMPTY_HABIT = 5
_TAG = regex.compile(r"<[^<>]*>")  # no `<` inside: linear on a line of `<`
_NOT_TITLE_CHARS = regex.compile(r"[\p{P}\p{S}\s]+")
_BARE_URL = regex.compile(r"^<?(?:https?|ftp)://\S+$", regex.I)
_BARE_IN_TEXT = regex.compile(r"https?://[^\s<>()\[\]]+", regex.I)
_CODE_FIELD = regex.compile(r"^\s*[-*+]\s+code\s*[:：]", regex.I)
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
    when their titles match ignoring case, punctuation and spaces, when they link the same
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


def scope_of(doc: Document, entry: Entry) -> int:
    """Where an entry is listed: its year group, or its paper list section."""
    section = entry.section
    if section is not None:
        return id(section.group)
    return doc.paper_list_of(entry)


def same_papers(doc: Document, source: Source) -> Iterator[tuple[Entry, Entry, str]]:
    """Each later entry that lists a paper already listed in its own scope, with that first
    entry and how they match; else with the first entry anywhere in the file.

    Two entries list the same paper when their titles match ignoring case, punctuation and
    spaces; when they link the same paper page (arXiv, a DOI, proceedings); or when they
    link the same repository and their titles open with the same words (a model and its
    sequel share a repository, and are different papers).
    """
    seen: dict[str, list[Entry]] = {}
    for entry in doc.entries:
        keys = _paper_keys(source, entry)
        earlier = [(e, how) for key, how in keys for e in seen.get(key, [])]
        earlier = [
            (e, how)
            for e, how in earlier
            if how != "the same code link" or _titles_overlap(source, e, entry)
        ]
        if earlier:
            scope = scope_of(doc, entry)
            local = [pair for pair in earlier if scope_of(doc, pair[0]) == scope]
            first, how = min(local or earlier, key=lambda pair: pair[0].item.start)
            yield first, entry, how
        for key, _ in keys:
            seen.setdefault(key, []).append(entry)


def _paper_keys(source: Source, entry: Entry) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    title = title_key(source, entry)
    if len(title) >= 8:
        keys.append(("title:" + title, "the same title"))
    for link in entry.head_links:
        if not link.url.strip() or link.kind != "link":
            continue
        if link.is_code:
            keys.append(("code:" + normalize_url(link.url), "the same code link"))
        elif is_paper_url(link.url):
            keys.append(("paper:" + _paper_page(link.url), "the same paper link"))
    text = source.text
    spans = [(entry.item.start, entry.title_end)]
    spans += [(m.start, m.end) for m in entry.meta]
    for child in entry.item.children:
        if child.type == "list":
            for sub in child.children:
                line = source.line(sub.line)
                if _CODE_FIELD.match(line):
                    spans.append(source.line_span(sub.line))
    for low, high in spans:
        # Bare URLs (`Title 2021 https://github.com/a/b`, `- code: https://...`) name the
        # paper's pages too; those inside a link's target are the link's.
        for m in _BARE_IN_TEXT.finditer(text, low, high):
            if any(k.start <= m.start() < k.end for k in entry.links):
                continue
            url = m.group().rstrip(".,;)")
            if is_paper_url(url):
                keys.append(("paper:" + _paper_page(url), "the same paper link"))
            else:
                keys.append(("code:" + normalize_url(url), "the same code link"))
    return list(dict.fromkeys(keys))


def _paper_page(url: str) -> str:
    """A paper link reduced for comparing: `abs` and `pdf` pages of arXiv are one paper."""
    page = normalize_url(url).removesuffix(".pdf")
    return page.replace("arxiv.org/pdf/", "arxiv.org/abs/")


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
        empty = ctx.doc.empty_items
        if len(empty) >= EMPTY_HABIT:
            return  # empty items set apart groups of entries: the file's habit
        for item in empty:
            end = ctx.source.line_span(item.line)[1]
            yield self.violation(item.start, end, "empty list item among entries: no title")

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
