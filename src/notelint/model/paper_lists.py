"""Paper lists (SPEC §1): list sections whose items mostly cite papers, with or without years.

A section's top-level list items are read one by one. An item *cites a paper* when its
first block holds a link to a paper host (arXiv, OpenReview, the ACL Anthology, a DOI,
proceedings), a label link such as `[[code]](u)` or `[[PDF](u)]` after its title, a venue
next to a year (`ACL 2023`, `NeurIPS(2020)`, `2021 NAACL`), a quoted title, a bold name
with links, or child items that hold its year, code or reading notes (a `<details>` block
alone is not enough: folds hold anything). A section is a paper list
when at least 60% of its items that are neither empty nor bare URLs cite papers (and
more of them than bare URLs), or when one does and every other reads as a paper title.
Its entries are the items that cite papers or read as titles. Tables of contents (only
`[x](#anchor)` links), bare-URL tool lists, lists of `[name](url)` links (posts, tools,
datasets) and sections headed as blogs, tools or repositories are no paper lists.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from notelint.model.sections import Entry
from notelint.syntax.headings import Heading
from notelint.syntax.lazy import lazy_re
from notelint.syntax.links import host_matches, url_host
from notelint.syntax.parse import Node
from notelint.syntax.records import Record
from notelint.syntax.source import Source

# The share of non-empty items that must cite papers for a section to be a paper list.
THRESHOLD = 0.6
# The share of a file's entries written one way for that way to be the file's habit.
HABIT = 0.75

PAPER_HOSTS = (
    "arxiv.org",
    "openreview.net",
    "aclanthology.org",
    "aclweb.org",
    "doi.org",
    "doi.acm.org",
    "dl.acm.org",
    "ieeexplore.ieee.org",
    "proceedings.neurips.cc",
    "papers.nips.cc",
    "neurips.cc",
    "nips.cc",
    "proceedings.mlr.press",
    "mlr.press",
    "jmlr.org",
    "thecvf.com",
    "openaccess.thecvf.com",
    "ecva.net",
    "link.springer.com",
    "sciencedirect.com",
    "ojs.aaai.org",
    "aaai.org",
    "ijcai.org",
    "semanticscholar.org",
    "paperswithcode.com",
    "nature.com",
    "science.org",
    "biorxiv.org",
    "medrxiv.org",
    "researchgate.net",
    "mdpi.com",
    "wiley.com",
    "isca-speech.org",
    "iclr.cc",
)

_URL = lazy_re(r"(?:https?|ftp)://[^\s<>)\]]+", re.I)
_LABEL_LINK = lazy_re(
    r"\[\[?\s*(?:paper|pdf|code|arxiv|openreview|project(?: page)?|github|official code)\b[^\]]*\]",
    re.I,
)
# A venue next to its year: `ACL 2023`, `NeurIPS(2020)`, `CVPR'22`, `2021 NAACL`, `[ICLR 2022]`.
_DOUBLE_LINK = lazy_re(r"\[\[[^\[\]]+\](?:\(|\]\()")
_VENUE_YEAR = lazy_re(
    r"\b[A-Z][A-Za-z&-]*[A-Z][A-Za-z&-]*\s*[(\[]?\s*['’]?(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\s*[\[(]?\s*[A-Z][A-Za-z&-]*[A-Z]"
)
# `[Title](u), Sensors 2019`: a venue after the title's comma (not a month: a post's date).
_AFTER_COMMA = lazy_re(
    r",\s*(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)"
    r"[A-Z][A-Za-z&.\- ]{1,40}?\s(?:19|20)\d\d\b"
)
_CITED = lazy_re(r"\*\*Citations?:\*\*|\((?:19|20)\d\d[a-z]?[,)]|\b(?:19|20)\d\d\.", re.I)
_QUOTED_TITLE = lazy_re(r"[\"“][^\"“”]*\S\s+\S+\s+\S[^\"“”]*[\"”]")
_BOLD_TITLE = lazy_re(r"\s*\*\*([^*\n]+)\*\*\s*(?::[a-z_]+:\s*)*$")
_BOLD_NAME = lazy_re(r"^\s*\*\*[^*\n]+\*\*")
_CHILD_META = lazy_re(
    r"^\s*(?:(?:year|code|paper|venue|阅读笔记|论文|笔记)\s*[:：]|\[?(?:19|20)\d\d\b)",
    re.I,
)
_BARE = lazy_re(r"^\s*<?(?:https?|ftp)://\S+>?\s*$", re.I)
_ANCHOR_ONLY = lazy_re(r"^[\s\[\]()*_`|/·•,;:-]*$")
# Bounded, so a line of unclosed `[a](` stays linear.
_LINK = lazy_re(r"!?\[([^\]]{0,300})\]\(([^)\s]{0,1000})\)")
_DESCRIBED = lazy_re(r"\s*(?:[-–—:：]|\|)")
# A field of a paper written above the list (as a heading or a bold paragraph).
_FIELD = lazy_re(
    r"\s*(?:\*\*)?(?:paper|code|project(?: page)?|metrics?|datasets?|comments?|authors?"
    r"|venue|year|notes?|summary|links?|abstract|keywords|tl;?dr|video|slides|demo"
    r"|homepage|website|interpretation|(?:evaluation )?toolkit|demo video|解读|中文解读|论文|代码)"
    r"\s*(?:\([^()\n]{0,20}\))?\s*(?:\*\*)?\s*[:：]",
    re.I,
)
# The first letters of those fields in either case: a text that opens, after its spaces
# and a `**`, with another ASCII character is none of them.
_FIELD_FIRST = frozenset("pcmdavynslkthwie")
_PAPER_WORD = lazy_re(r"paper|论文", re.I)
_YEAR = lazy_re(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_LATIN_WORD = lazy_re(r"[A-Za-z][A-Za-z0-9'’+-]*")
# Headings of sections that gather other things than papers, whatever their items cite.
_NOT_PAPERS = lazy_re(r"\b(?:blogs?|tools?|repos?|repositor(?:y|ies)|posts?)\b|博客|工具", re.I)


class PaperList(Record):
    """A list section whose items mostly cite papers: its entries, and its empty items."""

    def __init__(
        self,
        heading: Heading | None,
        entries: list[Entry] | None = None,
        empty_items: list[Node] | None = None,
    ) -> None:
        self.heading = heading
        self.entries = [] if entries is None else entries
        self.empty_items = [] if empty_items is None else empty_items


def first_block_text(source: Source, item: Node) -> str:
    """The text of an item's first block (its title line or paragraph); empty when none."""
    first = item.children[0] if item.children else None
    if first is None or first.type == "list":
        return ""
    if first.type == "heading" and first.token.get("style") == "setext":
        # `Title` over a `-` line renders as a heading: the text is still the title.
        return source.text[first.start : source.line_ends[first.line]]
    return source.text[first.start : first.end]


def cites_paper(source: Source, item: Node) -> bool | None:
    """Whether a list item cites a paper; None for an item with no words at all."""
    text = first_block_text(source, item)
    if not re.search(r"\w", text):
        return None  # `- ` or an unfilled `- ****`
    if _BARE.match(text):
        return False
    if _is_toc_text(text):
        return False  # a table of contents
    links = _LINK.findall(text)
    if any(is_paper_url(url) for url in _URL.findall(text)):
        return True
    if len(links) == 1 and _ANCHOR_ONLY.match(_LINK.sub("", text)):
        return False  # `[a post](url)`: a link list's item, whatever its text says
    label = _LABEL_LINK.search(text)
    before = _LINK.sub(" ", text[: label.start()]) if label else ""
    if label and label.group().startswith("[[") and len(_LATIN_WORD.findall(before)) >= 2:
        return True  # `Title [[code]](u)`: a label link after a title, not alone
    double = _DOUBLE_LINK.search(text)
    if double and len(_LATIN_WORD.findall(_LINK.sub(" ", text[: double.start()]))) >= 3:
        return True  # `Title [[Research at Google](u)]`: a paper list's bracketed link
    if _VENUE_YEAR.search(text) or _QUOTED_TITLE.search(text) or _AFTER_COMMA.search(text):
        return True
    if _BOLD_NAME.match(text) and links:
        return True
    return _child_meta(source, item)


def is_empty_item(source: Source, item: Node) -> bool:
    """Whether a list item holds nothing at all: `- `, or an unfilled `- ****`."""
    kids = item.children
    if not kids:
        return True
    if len(kids) > 1 or kids[0].type not in ("paragraph", "block_text"):
        return False
    return not re.search(r"\w", first_block_text(source, item))


def is_toc_item(source: Source, item: Node) -> bool:
    """Whether a list item is a table-of-contents line: only links to anchors of the page."""
    return _is_toc_text(first_block_text(source, item))


def _is_toc_text(text: str) -> bool:
    links = _LINK.findall(text) if "](" in text else []
    if not links or not all(url.startswith(("#", "./#")) for _, url in links):
        return False
    return bool(_ANCHOR_ONLY.match(_LINK.sub("", text)))


def is_titled(source: Source, item: Node) -> bool:
    """Whether an item that cites no paper on its own still reads as one in a paper list.

    In a section of papers, `- Dialogue Transformers` with notes under it is a paper too;
    a bare URL, an item opening with a link to a page that is not a paper (a post, a
    tool), a table of contents line or a one-word product name with its repository is not.
    """
    text = first_block_text(source, item)
    opening = _LINK.match(text.lstrip())
    if opening is not None and not is_paper_url(opening.group(2)):
        # `[Title](notes.md), VENUE 2015 (3)` is a paper; `[Name](url) - what it does` is
        # an awesome list's tool or post.
        rest = text.lstrip()[opening.end() :]
        if _YEAR.search(rest) and not _DESCRIBED.match(rest):
            return True
        long_title = len(_LATIN_WORD.findall(opening.group(1))) >= 4
        return long_title and bool(re.search(r"\w", rest)) and not _DESCRIBED.match(rest)
    words = _URL.sub(" ", _LINK.sub(" ", text))
    if _PAPER_WORD.search(words) or _YEAR.search(words):
        return True
    return len(_LATIN_WORD.findall(words)) >= 2


def is_paper_url(url: str) -> bool:
    """Whether a URL points at a paper: a paper host (arXiv, a DOI, proceedings) or a PDF."""
    host = url_host(url)
    if host is None:
        return False
    if host_matches(host, PAPER_HOSTS):
        return True
    return url.lower().split("?")[0].endswith(".pdf")


def _child_meta(source: Source, item: Node) -> bool:
    for child in item.children[1:]:
        if child.type == "block_quote":
            # `> Author. "Title." *ICCV*. 1988.`: the paper's citation quoted under it.
            quoted = source.text[child.start : child.end]
            if _YEAR.search(quoted) and (_QUOTED_TITLE.search(quoted) or _CITED.search(quoted)):
                return True
        if child.type != "list":
            continue
        for sub in child.children:
            if _CHILD_META.match(first_block_text(source, sub)):
                return True
    return False


def _is_field(text: str) -> bool:
    """Whether ``text`` opens with a field's label (``_FIELD``), its pattern compiled only
    for a text that has a colon and opens with one of the labels' first letters."""
    head = text.lstrip()  # ``\s*``: both take what ``str.isspace`` does
    first = head[2:3] if head.startswith("**") else head[:1]
    if not (":" in text or "：" in text) or (first.isascii() and first.lower() not in _FIELD_FIRST):
        return False
    return _FIELD.match(text) is not None


def find_paper_lists(
    source: Source,
    headings: list[Heading],
    items: list[Node],
    taken: set[int],
    skip_lines: frozenset[int],
    folded: frozenset[int],
    make_entry: Callable[[Node], Entry],
    rules: list[int],
) -> list[PaperList]:
    """The paper lists among ``items`` (top-level list items) not already in a year group.

    Items are grouped by the nearest heading above them; ``taken`` holds the ids of items
    that year sections own, ``skip_lines`` lines whose lists are a tool's (generated TOCs),
    ``folded`` the lines of items inside `<details>` fold-outs: those belong to a paper
    list only when the section shows papers outside its folds too; ``rules`` are the lines
    of `---` breaks, which set apart what follows them as headings do.
    """
    starts = [h.line for h in headings]
    groups: dict[tuple[int, int], tuple[Heading | None, list[Node]]] = {}
    at = 0
    for item in items:
        if id(item) in taken or item.line in skip_lines:
            continue
        while at < len(starts) and starts[at] < item.line:
            at += 1
        heading = headings[at - 1] if at else None
        if _is_field(first_block_text(source, item)):
            continue  # `- **Metrics:** …`, `- Code: None`: a field of the paper above
        inner = _contained(item)
        if inner:
            # `- ### 2014` over a nested list: the nested items are the section's papers.
            groups.setdefault((at, id(item)), (heading, inner))
            continue
        groups.setdefault((at, -bisect_right(rules, item.line)), (heading, []))[1].append(item)
    found: list[PaperList] = []
    rejected: list[tuple[Heading | None, list[tuple[Node, bool | None]]]] = []
    for heading, members in groups.values():
        if heading is not None and _NOT_PAPERS.search(heading.text):
            continue
        verdicts = [(item, cites_paper(source, item)) for item in members]
        if not any(v for item, v in verdicts if item.line not in folded):
            verdicts = [(item, v) for item, v in verdicts if item.line not in folded]
        if not _is_paper_list(source, verdicts):
            rejected.append((heading, verdicts))
            continue
        paper_list = PaperList(heading)
        for item, verdict in verdicts:
            if verdict or (verdict is False and is_titled(source, item)):
                paper_list.entries.append(make_entry(item))
            elif verdict is None:
                paper_list.empty_items.append(item)
        found.append(paper_list)
    # A section of bare bold titles (`- **Title**`) is a paper list where the file's
    # other paper lists write their papers that way: the file's own habit.
    titles = [e.item for p in found for e in p.entries]
    if len(titles) >= 10 and _share(source, titles) >= HABIT:
        for heading, verdicts in rejected:
            items = [item for item, v in verdicts if v is not None]
            if items and _share(source, items) == 1:
                found.append(PaperList(heading, [make_entry(item) for item in items]))
        found.sort(key=lambda p: p.entries[0].item.start if p.entries else 0)
    return found


def _share(source: Source, items: list[Node]) -> float:
    """The share of items whose first line is only a bold title of several words."""
    bold = 0
    for item in items:
        m = _BOLD_TITLE.match(first_block_text(source, item))
        bold += m is not None and len(_LATIN_WORD.findall(m.group(1))) >= 3
    return bold / len(items)


def _contained(item: Node) -> list[Node]:
    """The nested items of an item that is only a heading over a list (`- ### 2014`)."""
    kids = item.children
    if len(kids) != 2 or kids[0].type != "heading" or kids[1].type != "list":
        return []
    return list(kids[1].children)


def _is_paper_list(source: Source, verdicts: list[tuple[Node, bool | None]]) -> bool:
    """Whether enough of a section's items cite papers (empty items and bare URLs aside),
    or every item reads as a paper and one at least cites it."""
    citing = sum(1 for _, v in verdicts if v)
    bare = sum(
        1 for item, v in verdicts if v is False and _BARE.match(first_block_text(source, item))
    )
    judged = sum(1 for _, v in verdicts if v is not None) - bare
    if not citing or citing < bare:
        return False
    if citing >= THRESHOLD * judged:
        return True
    return all(v or v is None or is_titled(source, item) for item, v in verdicts)
