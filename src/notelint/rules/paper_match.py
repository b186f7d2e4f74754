"""When two entries list the same paper: their titles, paper pages and code links."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from notelint.model.document import Document
from notelint.model.paper_lists import is_paper_url
from notelint.model.sections import Entry
from notelint.rules.meta import LABEL_WORDS
from notelint.syntax.links import normalize_url
from notelint.syntax.source import Source

_TAG = regex.compile(r"<[^<>]*>")  # no `<` inside: linear on a line of `<`
_NOT_TITLE_CHARS = regex.compile(r"[\p{P}\p{S}\s]+")
_BARE_IN_TEXT = regex.compile(r"https?://[^\s<>()\[\]]+", regex.I)
_CODE_FIELD = regex.compile(r"^\s*[-*+]\s+code\s*[:：]", regex.I)
# `**[ACTOR]** Title`: a nickname in brackets before the title (not a link).
_NICKNAME = regex.compile(r"^\s*(?:\*\*|__)?\[[^\[\]]*\](?:\*\*|__)?\s*")
# The end of a title's sentence: `Title. Authors et al. ICML 2020` (not `vs.` or `al.`).
_SENTENCE_END = regex.compile(r"(?<=\w{3})\.(?:\s|$)")
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
    return str(_TAG.sub(" ", "".join(out)))


def title_key(source: Source, entry: Entry) -> str:
    return str(_NOT_TITLE_CHARS.sub("", plain_title(source, entry).casefold()))


def title_core(source: Source, entry: Entry) -> str:
    """The title alone: no nickname before it, no authors, venue or tags after its `.`."""
    text = _NICKNAME.sub("", plain_title(source, entry), count=1)
    text = _SENTENCE_END.split(text, maxsplit=1)[0]
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
    core = title_core(source, entry)
    if len(core) >= CORE_MIN and core != title:
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
