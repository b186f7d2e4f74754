"""When two entries list the same paper: their titles, paper pages and code links."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

import regex

from notelint.model.document import Document
from notelint.model.paper_lists import is_paper_url
from notelint.model.sections import Entry
from notelint.rules.meta import LABEL_WORDS
from notelint.syntax.char_classes import RE_ONLY_SPACE, SPACE
from notelint.syntax.lazy import lazy_re, lazy_regex
from notelint.syntax.links import Link, normalize_url
from notelint.syntax.source import Source

_TAG = lazy_re(r"<[^<>]*>")  # no `<` inside: linear on a line of `<`
_NOT_TITLE_CHARS = lazy_regex(r"[\p{P}\p{S}\s]+")
_BARE_IN_TEXT = lazy_re(rf"https?://(?:[^\s<>()\[\]]|[{RE_ONLY_SPACE}])+", re.I)
_CODE_FIELD = lazy_regex(r"^\s*[-*+]\s+code\s*[:：]", regex.I)
# `**[ACTOR]** Title`: a nickname in brackets before the title (not a link).
_NICKNAME = lazy_re(rf"^{SPACE}*(?:\*\*|__)?\[[^\[\]]*\](?:\*\*|__)?{SPACE}*")
# The end of a title's sentence: `Title. Authors et al. ICML 2020` (not `vs.` or `al.`).
_SENTENCE_END = lazy_regex(r"(?<=\w{3})\.(?:\s|$)")
# A title core shorter than this (in letters and digits) is too common to match on.
CORE_MIN = 20


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
    words = "".join(out)
    return str(_TAG.sub(" ", words)) if "<" in words else words


def title_core(plain: str) -> str | None:
    """The title alone: no nickname before it, no authors, venue or tags after its `.`;
    None when nothing is cut (the whole title is its core)."""
    text = _NICKNAME.sub("", plain, count=1) if "[" in plain else plain
    if "." in text:
        text = _SENTENCE_END.split(text, maxsplit=1)[0]
    if text == plain:
        return None
    return str(_NOT_TITLE_CHARS.sub("", text.casefold()))


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
    # Each key's first entry overall and in each scope: the earliest match is all that is
    # asked for, so no entry is compared with every earlier one (a paper listed thousands
    # of times would make that quadratic). Two flat indexes, not a small dict per key: a
    # large file has a hundred thousand keys.
    first_seen: dict[tuple[str, ...], Entry] = {}
    first_in_scope: dict[tuple[tuple[str, ...], int], Entry] = {}
    for entry in doc.entries:
        plain = plain_title(source, entry)
        # Each run of what is not a title's words made one space: no other space is left.
        spaced = _NOT_TITLE_CHARS.sub(" ", plain.casefold())
        keys = _paper_keys(source, entry, plain, spaced.replace(" ", ""))
        # A title's words, compared to tell a paper from its sequel sharing a repository.
        words = spaced.split()
        scope = scope_of(doc, entry)
        earlier: list[tuple[Entry, str]] = []
        local: list[tuple[Entry, str]] = []
        for key, how in keys:
            for lookup in _lookups(key, how, words):
                found = first_seen.get(lookup)
                if found is not None:
                    earlier.append((found, how))
                    found = first_in_scope.get((lookup, scope))
                    if found is not None:
                        local.append((found, how))
        if earlier:
            first, how = min(local or earlier, key=lambda pair: pair[0].item.start)
            yield first, entry, how
        for key, how in keys:
            for stored in _stored(key, how, words):
                first_seen.setdefault(stored, entry)
                first_in_scope.setdefault((stored, scope), entry)


# Two entries that share a code link list the same paper when their titles open with
# the same words: the first k, for k = min(5, both lengths) and at least 3.
_OPENING = range(3, 6)


def _stored(key: str, how: str, words: list[str]) -> list[tuple[str, ...]]:
    """The index keys an entry is stored under for ``key``."""
    if how != "the same code link":
        return [(key,)]
    stored = [(key, "opens", *words[:k]) for k in _OPENING if len(words) >= k]
    if len(words) in (3, 4):
        stored.append((key, "is", *words))
    return stored


def _lookups(key: str, how: str, words: list[str]) -> list[tuple[str, ...]]:
    """The index keys under which an earlier entry matching ``key`` is stored."""
    if how != "the same code link":
        return [(key,)]
    found = []
    for k in _OPENING:
        if len(words) < k:
            break
        # k is both lengths' minimum (or 5): an earlier title of any length opening with
        # these k words; else only one exactly k words long.
        kind = "opens" if k in (5, len(words)) else "is"
        found.append((key, kind, *words[:k]))
    return found


def _paper_keys(source: Source, entry: Entry, plain: str, title: str) -> list[tuple[str, str]]:
    """The keys an entry is known by: its title (``plain``, and ``title`` without what is
    not its words) and its links."""
    keys: list[tuple[str, str]] = []
    if len(title) >= 8:
        keys.append(("title:" + title, "the same title"))
    core = title_core(plain)
    if core is not None and len(core) >= CORE_MIN and core != title:
        keys.append(("title:" + core, "the same title"))
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
                low, high = source.line_span(sub.line)
                # A line whose URLs all lie in links adds none (see below): not matched.
                if not _all_in_links(text, low, high, entry.links) and _CODE_FIELD.match(
                    text[low:high]
                ):
                    spans.append((low, high))
    inside: _Spans | None = None
    for low, high in spans:
        if _all_in_links(text, low, high, entry.links):
            continue  # no URL can start here outside a link
        # Bare URLs (`Title 2021 https://github.com/a/b`, `- code: https://...`) name the
        # paper's pages too; those inside a link's target are the link's.
        for m in _BARE_IN_TEXT.finditer(text, low, high):
            if inside is None:
                inside = _Spans([(k.start, k.end) for k in entry.links])
            if inside.holds(m.start()):
                continue
            url = m.group().rstrip(".,;)")
            if is_paper_url(url):
                keys.append(("paper:" + _paper_page(url), "the same paper link"))
            else:
                keys.append(("code:" + normalize_url(url), "the same code link"))
    return list(dict.fromkeys(keys))


def _all_in_links(text: str, low: int, high: int, links: list[Link]) -> bool:
    """Whether every `://` between two offsets lies in a link with room for `https`
    before it: then every bare URL found there starts inside that link.

    Most meta lines hold only links, and this spares them the pattern and the spans.
    """
    at = text.find("://", low, high)
    while at != -1:
        if not any(link.start <= at - 5 and link.end > at for link in links):
            return False
        at = text.find("://", at + 3, high)
    return True


class _Spans:
    """Spans that may overlap, asked whether any holds a position, each in log time.

    A line of thousands of links holds as many URLs: asking every link for each of them
    took time growing with the square of the line.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [start for start, _ in spans]
        self.reach = list(accumulate((end for _, end in spans), max))

    def holds(self, pos: int) -> bool:
        at = bisect_right(self.starts, pos) - 1
        return at >= 0 and self.reach[at] > pos


def _paper_page(url: str) -> str:
    """A paper link reduced for comparing: `abs` and `pdf` pages of arXiv are one paper."""
    page = normalize_url(url).removesuffix(".pdf")
    return page.replace("arxiv.org/pdf/", "arxiv.org/abs/")
