"""Links, images and autolinks read from their source text, and URL helpers."""

from __future__ import annotations

import re

from notelint.syntax.lazy import lazy_re
from notelint.syntax.notes import HtmlImage
from notelint.syntax.parse import Node
from notelint.syntax.records import Record, Value
from notelint.syntax.source import Source

# `[[code]] (url)`: reads as a link but renders as text.
SPACED_CODE_LINK = lazy_re(r"\[\[\s*code\s*\]\][ \t]+\((?P<url>[^)\s]*)\)", re.I)
_CODE_WORD = lazy_re(r"^\[?\s*code\s*\]?$", re.I)

_URL_PARTS = lazy_re(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?:[^/?#@]*@)?(?P<host>[^/?#:]*)(?::\d*)?"
    r"(?P<rest>[/?#].*)?$",
    re.S,
)


def url_host(url: str) -> str | None:
    """The lower-cased host of an absolute URL with ``//``, or None."""
    m = _URL_PARTS.match(url.strip())
    return str(m["host"]).lower() if m and m["host"] else None


def host_matches(host: str, domains: tuple[str, ...] | list[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one (``x.github.io``)."""
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in domains))


def normalize_url(url: str) -> str:
    """A URL reduced for comparing: no scheme, lower-case host, no trailing ``/`` or ``.git``."""
    url = url.strip()
    m = _URL_PARTS.match(url)
    if m:
        url = str(m["host"]).lower() + str(m["rest"] or "")
    while url.endswith("/") or url.endswith(".git"):
        url = url[:-1] if url.endswith("/") else url[:-4]
    return url


class Link(Record):
    """A link, image or autolink with the spans of its text and destination."""

    __slots__ = (
        "_code",
        "kind",
        "node",
        "text",
        "text_end",
        "text_start",
        "url",
        "url_end",
        "url_start",
    )

    def __init__(
        self,
        node: Node,
        kind: str,  # "link", "image" or "autolink"
        text: str,
        text_start: int,
        text_end: int,
        url: str,
        url_start: int | None,  # None: the URL comes from a reference definition
        url_end: int | None,
    ) -> None:
        self.node = node
        self.kind = kind
        self.text = text
        self.text_start = text_start
        self.text_end = text_end
        self.url = url
        self.url_start = url_start
        self.url_end = url_end
        self._code: bool | None = None

    @property
    def start(self) -> int:
        return self.node.start

    @property
    def end(self) -> int:
        return self.node.end

    @property
    def is_code(self) -> bool:
        """Whether the link text says "code" (in any of the ways people write it)."""
        if self._code is None:  # rules ask again and again
            self._code = self.kind == "link" and is_code_text(self.text)
        return self._code


def is_code_text(text: str) -> bool:
    """Whether a link's text says "code": `code`, `[code]`, ` Code `."""
    return bool(_CODE_WORD.match(text.strip()))


def read_link(source: Source, node: Node) -> Link:
    span = source.text[node.start : node.end]
    if span.startswith("<"):
        url = span[1:-1]
        return Link(
            node, "autolink", url, node.start + 1, node.end - 1, url, node.start + 1, node.end - 1
        )
    kind = "image" if span.startswith("!") else "link"
    open_at = 1 if kind == "link" else 2
    close = closing_bracket(span, open_at)
    text_start, text_end = node.start + open_at, node.start + close
    text = span[open_at:close]
    rest = span[close + 1 :]
    if rest.startswith("(") and span.endswith(")"):
        inner = rest[1:-1]
        lead = len(inner) - len(inner.lstrip())
        body = inner[lead:]
        if body.startswith("<"):
            stop = body.find(">")
            url, skip = body[1:stop], 1
        else:
            url = re.split(r"\s", body, maxsplit=1)[0]
            skip = 0
        url_start = node.start + close + 2 + lead + skip
        return Link(node, kind, text, text_start, text_end, url, url_start, url_start + len(url))
    url = str(node.attrs.get("url", ""))
    return Link(node, kind, text, text_start, text_end, url, None, None)


def closing_bracket(span: str, start: int, end: int | None = None) -> int:
    """Where the ``]`` that closes a bracket opened just before ``start`` stands, skipping
    escapes and nested brackets; ``end`` (default: the end of ``span``) if none does."""
    stop = len(span) if end is None else end
    depth = 0
    i = start
    while i < stop:
        c = span[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return stop


def markdown_image(link: Link) -> HtmlImage:
    start = link.url_start if link.url_start is not None else link.start
    end = link.url_end if link.url_end is not None else link.start
    return HtmlImage(
        link.start,
        link.end,
        link.url,
        start,
        end,
        bool(link.text.strip()),
        markdown=True,
        line=link.node.line,
    )


# `[text](a target with spaces)`: no link forms (a destination cannot hold a space unless
# it is in `<…>`), the page shows the brackets and the URL as text.
_UNFORMED = lazy_re(
    r"\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\((?P<url>[^()\s<>]+(?:[ \t]+[^()\s<>\"']+)+)[ \t]*\)"
)
# A bare URL cut by a space inside its path: `https://github.com/ org/repo`.
_CUT_URL = lazy_re(r"https?://[^\s<>()\[\]]*/(?P<gap>[ \t]+)[A-Za-z0-9_.\-]+/[^\s<>()]*")
# The blocks whose text holds links: the only ones with broken targets or bare URLs.
TEXT_BLOCKS = frozenset({"paragraph", "block_text", "heading"})


class BrokenTarget(Value):
    """A link target in text that no link was made of, and why."""

    __slots__ = ("end", "kind", "start", "url")

    def __init__(
        self,
        start: int,
        end: int,
        url: str,
        kind: str,  # "unformed": `[t](a b)`; "cut": a bare URL with a space in its path
    ) -> None:
        self.start = start
        self.end = end
        self.url = url
        self.kind = kind

    @property
    def message(self) -> str:
        shown = self.url if len(self.url) <= 40 else self.url[:39] + "…"
        if self.kind == "cut":
            return f"URL `{shown}` has a space in its path: the link stops before it"
        return f"link target `{shown}` has a space: no link is made (write `%20`, or `<…>`)"


def broken_targets(source: Source, node: Node) -> list[BrokenTarget]:
    """The link targets of a text block that a space keeps from being one link."""
    text = source.text
    if node.type not in TEXT_BLOCKS or (
        text.find("(", node.start, node.end) < 0 and text.find("://", node.start, node.end) < 0
    ):
        return []
    taken = [(i.start, i.end) for i in node.inlines]
    found = []
    for pattern, kind in ((_UNFORMED, "unformed"), (_CUT_URL, "cut")):
        for m in pattern.finditer(text, node.start, node.end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if kind == "unformed":
                found.append(BrokenTarget(m.start("url"), m.end("url"), m["url"], kind))
            else:
                found.append(BrokenTarget(m.start(), m.end(), m.group(), kind))
    return found


# A bare URL in text, which GitHub makes a link (GFM autolinks): not inside a word or
# after what would make it part of a link, an attribute or a path.
_BARE_URL = lazy_re(r"(?<![\w/(<\"'=\[])https?://[^\s<>()\[\]\"'`]+", re.I)
# A link reference definition: `[label]: url`, the URL on the same line.
_DEFINITION = lazy_re(r"^ {0,3}\[(?:[^\[\]\\\n]|\\.)+\]:[ \t]*<?(?P<url>[^\s<>]+)", re.M)


def bare_urls(source: Source, node: Node) -> list[tuple[int, int, str]]:
    """The bare URLs of a text block, outside its links, code spans and HTML."""
    if node.type not in TEXT_BLOCKS or source.text.find("://", node.start, node.end) < 0:
        return []
    taken = [(i.start, i.end) for i in node.inlines]
    found = []
    for m in _BARE_URL.finditer(source.text, node.start, node.end):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            url = m.group().rstrip(".,;:!?*_~")
            found.append((m.start(), m.start() + len(url), url))
    return found


def definitions(source: Source) -> dict[str, tuple[int, int]]:
    """The span of each URL written in a link reference definition, by the URL."""
    found: dict[str, tuple[int, int]] = {}
    for m in _DEFINITION.finditer(source.text):
        found.setdefault(m["url"], (m.start("url"), m.end("url")))
    return found
