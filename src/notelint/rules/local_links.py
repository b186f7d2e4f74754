"""NL406: relative links to files that do not exist, and fragments that name no anchor."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from pathlib import Path

from notelint.model.disk import Disk, digest
from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.html import is_local
from notelint.rules.image_files import Listing, image_path, repository_root
from notelint.rules.urls import url_problem
from notelint.syntax.anchors import Anchors, page_anchors
from notelint.syntax.parse import parse
from notelint.syntax.records import Value
from notelint.syntax.source import Source

_PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
# Other pages' anchors, by a digest of their content: many links to one page parse it once.
_PAGES: dict[bytes, Anchors] = {}


class _Target(Value):
    __slots__ = ("end", "markdown", "start", "url")

    def __init__(self, url: str, start: int, end: int, markdown: bool) -> None:
        self.url = url
        self.start = start
        self.end = end
        self.markdown = markdown


def _targets(ctx: RuleContext) -> list[_Target]:
    found = []
    for link in ctx.doc.links:
        if link.kind != "link":
            continue
        if link.url_start is not None and link.url_end is not None and link.url:
            found.append(_Target(link.url, link.url_start, link.url_end, True))
        else:
            found.append(_Target(link.url, link.start, link.end, True))
    for a in ctx.doc.html_links:
        url = html.unescape(a.url)
        start, end = (a.url_start, a.url_end) if a.url_end > a.url_start else (a.start, a.end)
        found.append(_Target(url, start, end, False))
    return sorted(found, key=lambda t: t.start)


def _other_page(disk: Disk, path: Path) -> Anchors | None:
    """The anchors of another Markdown page, asked of the disk (so a cached result sees a
    change of that page) and parsed once per content."""
    data = disk.read(path)
    if data is None:
        return None
    key = digest(data)
    if key not in _PAGES:
        try:
            source = Source.from_bytes(data)
        except ValueError:
            return None
        nodes = [n for top in parse(source) for n in top.walk()]
        if len(_PAGES) > 256:
            _PAGES.clear()
        _PAGES[key] = page_anchors(source, nodes)
    return _PAGES[key]


def _readme(ctx: RuleContext, folder: Path) -> Path | None:
    """The README GitHub shows on a folder's page, if the folder has one."""
    for name in ("README.md", "readme.md", "Readme.md", "README.markdown"):
        if ctx.disk.entry(folder, name)[0]:
            return folder / name
    return None


def _missing_anchor(fragment: str, anchors: Anchors, where: str) -> str | None:
    if anchors.has(fragment):
        return None
    import difflib  # only a missing anchor needs it

    near = difflib.get_close_matches(fragment.casefold(), sorted(anchors.known), n=1, cutoff=0.8)
    hint = f": did you mean `#{near[0]}`?" if near else ""
    return f"`#{fragment}` matches no heading or anchor {where}{hint}"


@register
class LocalLinkMissing(Rule):
    """Find a relative link to a file that does not exist, or to an anchor no heading makes.

    Why: on GitHub the link leads to a 404, or to the top of the page instead of the
    section. Paths are taken relative to the document (from the repository root when
    they start with `/`), `%20` is decoded, a name differing only in case is named
    (GitHub is case-sensitive), and a folder that exists is a fine target. A `#fragment`,
    alone or after a local Markdown file, must match a heading's anchor as GitHub makes it
    (lower case, punctuation but `-` and `_` removed, spaces made `-`, repeats numbered
    `-1`, `-2`; compared without case) or a `name`/`id` of raw HTML. Images are NL403's;
    links without a file path are only checked for fragments.

    **Anti-pattern**

    ```markdown
    - [Models](#model)
    - [GAN notes](notes/gan.md)

    ## Models
    ```

    **Best practice**

    ```markdown
    - [Models](#models)
    - [GAN notes](https://github.com/org/notes/blob/main/gan.md)

    ## Models
    ```
    """

    code = "NL406"
    name = "local-link-missing"
    level = "error"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        folder = Path(ctx.path).absolute().parent if ctx.path is not None else None
        listing = Listing(ctx.disk)
        for target in _targets(ctx):
            url = target.url.strip()
            if url.startswith("#"):
                problem = _missing_anchor(url[1:], ctx.doc.anchors, "on this page")
            elif folder is not None and is_local(url) and not url_problem(url, False):
                problem = self._file_problem(ctx, listing, folder, target)
            else:
                continue
            if problem:
                yield self.violation(target.start, target.end, f"link {problem}")

    def _file_problem(
        self, ctx: RuleContext, listing: Listing, folder: Path, target: _Target
    ) -> str | None:
        path = image_path(target.url, target.markdown)
        base: Path | None = folder
        if path.startswith("/"):
            base = repository_root(folder, ctx.disk)
        if not path.strip("/") or base is None:
            return None
        missing = listing.problem(base, path, folders=True)
        if missing:
            return f"target `{path}` {missing}"
        url = target.url.strip()
        _, hash_, fragment = url.partition("#")
        if not hash_:
            return None
        fragment = fragment if target.markdown else html.unescape(fragment)
        page: Path | None = Path(os.path.normpath(base / path.lstrip("/")))
        if not path.lower().endswith(_PAGE_SUFFIXES):
            # A folder's page shows its README: `./#x` in a README is a link to itself.
            page = _readme(ctx, page) if page is not None and ctx.disk.is_dir(page) else None
        if page is None:
            return None
        if ctx.path is not None and page == Path(ctx.path).absolute():
            anchors: Anchors | None = ctx.doc.anchors
        else:
            anchors = _other_page(ctx.disk, page)
        if anchors is None:
            return None
        return _missing_anchor(fragment, anchors, f"in `{path}`")
