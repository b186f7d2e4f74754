"""NL7: link sections, the lists of ``[title](url)`` items such as ``# Blog`` (NL701, NL702)."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.model.document import Document
from notelint.model.labels import HABIT_SHARE
from notelint.model.sections import LinkSection
from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.syntax.lazy import lazy_re
from notelint.syntax.links import Link, normalize_url
from notelint.syntax.parse import Node
from notelint.syntax.records import Value

_BARE_URL = lazy_re(r"^<?(?:https?://|www\.)\S+?>?$")
# `[t] (u)` and `[t]（u）`: meant as a link, shown as text.
_BROKEN_LINK = lazy_re(r"\[[^\]\n]*\](?:[ \t]+\(|（)\S")
# A description after the link, in the awesome-list style: `[t](u) - what it is`.
_DESCRIPTION = lazy_re(r"^\s*[-–—:：]\s+\S")


class LinkItem(Value):
    """A link-section item's text (its first block) and the links in it."""

    __slots__ = ("block", "links", "text")

    def __init__(self, block: Node, text: str, links: list[Link]) -> None:
        self.block = block
        self.text = text
        self.links = links


def link_items(doc: Document, section: LinkSection) -> list[LinkItem]:
    """The items of ``section`` that hold text, each with its links."""
    out = []
    for item in section.items:
        if not item.children or item.children[0].type not in ("block_text", "paragraph"):
            continue
        block = item.children[0]
        text = doc.source.text[block.start : block.end].strip()
        links = [k for k in doc.links_in(block) if k.kind in ("link", "autolink")]
        out.append(LinkItem(block, text, links))
    return out


def _is_single(doc: Document, item: LinkItem) -> bool:
    if len(item.links) != 1:
        return False
    link = item.links[0]
    return item.text == doc.source.text[link.start : link.end] and link.kind == "link"


@register
class LinkItemFormat(Rule):
    """Find a link-section item that is not one link with a title.

    Why: a link section (a section whose list is mostly ``[title](url)`` items, such as
    ``# Blog``; recognised from the list, not from the heading's name) reads as a list of
    titles. A bare URL shows the reader an address, ``[](url)`` shows nothing to click,
    and ``[title] (url)`` (a space, or full-width brackets) is no link at all. Where at
    least three quarters of a section's items are a single link, an item with more
    links or other text is reported too; a description after a dash (``[t](u) - what
    it is``) is a list style of its own and is left alone.

    **Anti-pattern**

    ```markdown
    # Blog

    - [LLM综述全新出炉](https://mp.weixin.qq.com/s/bRQ7xjs4ewNJoE2Gug3lSA)
    - [提高LLMs问题解决能力](https://mp.weixin.qq.com/s/QwLs9mdfyIwdTtCOwptkbA)
    - https://zhuanlan.zhihu.com/p/424852619
    ```

    **Best practice**

    ```markdown
    # Blog

    - [LLM综述全新出炉](https://mp.weixin.qq.com/s/bRQ7xjs4ewNJoE2Gug3lSA)
    - [提高LLMs问题解决能力](https://mp.weixin.qq.com/s/QwLs9mdfyIwdTtCOwptkbA)
    - [ASR文本纠错近期论文汇总](https://zhuanlan.zhihu.com/p/424852619)
    ```
    """

    code = "NL701"
    name = "link-item-format"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc = ctx.doc
        for section in doc.link_sections:
            items = link_items(doc, section)
            single = sum(1 for item in items if _is_single(doc, item))
            strict = single >= HABIT_SHARE * len(items)
            for item in items:
                yield from self._item(doc, item, strict)

    def _item(self, doc: Document, item: LinkItem, strict: bool) -> Iterator[Violation]:
        block, text = item.block, item.text
        start, end = block.start, block.start + len(text)
        links = [k for k in item.links if k.kind == "link"]
        if not links:
            if _BARE_URL.match(text):
                yield self.violation(start, end, "bare URL in a link section: give it a title")
            elif _BROKEN_LINK.search(text):
                yield self.violation(
                    start, end, "`[title] (url)` is not a link: write `[title](url)`"
                )
            return
        for link in links:
            if not link.text.strip():
                yield self.violation(link.start, link.end, "link with an empty title")
        if not strict or _is_single(doc, item):
            return
        if len(links) > 1:
            yield self.violation(start, end, f"{len(links)} links in one link-section item")
            return
        link = links[0]
        before = doc.source.text[block.start : link.start].strip()
        after = doc.source.text[link.end : end]
        if before or (after.strip() and not _DESCRIPTION.match(after)):
            yield self.violation(start, end, "text besides the link in a link-section item")


@register
class DuplicateLink(Rule):
    """Find the same URL twice in the file's link sections.

    Why: a link listed twice is one reading listed twice, and the copies drift apart.
    URLs are compared without their scheme, the case of the host, and a trailing ``/``
    or ``.git``; the finding points at the first.

    **Anti-pattern**

    ```markdown
    # Blog

    - [LLM综述全新出炉](https://mp.weixin.qq.com/s/bRQ7xjs4ewNJoE2Gug3lSA)
    - [51页论文带你盘点LLM领域专业化技术](https://mp.weixin.qq.com/s/bRQ7xjs4ewNJoE2Gug3lSA)
    ```

    **Best practice**

    ```markdown
    # Blog

    - [LLM综述全新出炉：51页论文带你盘点LLM领域专业化技术](https://mp.weixin.qq.com/s/bRQ7xjs4ewNJoE2Gug3lSA)
    ```
    """

    code = "NL702"
    name = "duplicate-link"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc = ctx.doc
        seen: dict[str, int] = {}
        for section in doc.link_sections:
            for item in link_items(doc, section):
                targets = [(k.url, k.start, k.end) for k in item.links if k.url]
                if not targets and _BARE_URL.match(item.text):
                    url = item.text.strip("<>")
                    targets = [(url, item.block.start, item.block.start + len(item.text))]
                for url, start, end in targets:
                    key = normalize_url(url)
                    first = seen.setdefault(key, start)
                    if first != start:
                        line = doc.source.line_index(first) + 1
                        yield self.violation(
                            start, end, f"`{url}` is listed already, on line {line}"
                        )
