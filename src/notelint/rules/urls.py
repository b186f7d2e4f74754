"""NL202-NL204: where an entry's code and paper links point, and how their URLs are written."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import regex

from notelint.model.violation import ContentChange, ContentKind, Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.html import titles_around
from notelint.rules.links import code_links
from notelint.syntax.lazy import lazy_re, lazy_regex
from notelint.syntax.links import (
    TEXT_BLOCKS,
    Link,
    bare_urls,
    broken_targets,
    definitions,
    host_matches,
    url_host,
)
from notelint.syntax.records import replace

# Hosts known to serve the same pages over https, so http -> https is a safe fix.
HTTPS_HOSTS: tuple[str, ...] = (
    "github.com",
    "github.io",
    "gitlab.com",
    "gitee.com",
    "bitbucket.org",
    "codeberg.org",
    "huggingface.co",
    "arxiv.org",
    "openreview.net",
    "aclanthology.org",
    "aclweb.org",
    "papers.nips.cc",
    "proceedings.neurips.cc",
    "proceedings.mlr.press",
    "openaccess.thecvf.com",
    "ieeexplore.ieee.org",
    "dl.acm.org",
    "link.springer.com",
    "paperswithcode.com",
    "semanticscholar.org",
    "doi.org",
    "zhuanlan.zhihu.com",
)
_SCHEME = lazy_re(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):(?P<rest>.*)$", re.S)
# A link target that names a web host but has no scheme, e.g. `github.com/org/repo`. Top
# level domains that are also file extensions (`main.cc`, `model.ml`) need a path after.
_BARE_HOST = lazy_regex(
    r"^(?:www\.[^/\s]+|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    r"(?:\.(?:com|org|net|edu|gov|io|cn)(?=[/?#:]|$)|\.(?:ai|co|cc|dev|me|ml|ms|info)(?=/)))",
    regex.I,
)
# A scheme with something before it: `[https://x`, `"https://x`.
_LATE_SCHEME = lazy_regex(r"^(?P<junk>[^/?#\w]+)[A-Za-z][A-Za-z0-9+.\-]*://")
_SPACE = lazy_re(r"\s")  # what str.isspace calls a space
_HTTP_URL = lazy_re(r"^(https?://)([^/?#]+)(/[^?#]*)$")
# Repository roots: the number of path segments after the host (GitLab nests groups).
_REPO_DEPTH = {"github.com": 2, "gitee.com": 2, "bitbucket.org": 2, "codeberg.org": 2}


def url_span(link: Link) -> tuple[int, int]:
    """The URL's span, or the whole link when the URL is empty or defined elsewhere."""
    if link.url_start is None or link.url_end is None or link.url_start == link.url_end:
        return link.start, link.end
    return link.url_start, link.url_end


def url_problem(url: str, code: bool) -> str | None:
    """What is wrong with a code or paper link's URL, or None.

    Local paths and in-page anchors are fine for paper links (a PDF kept beside the
    notes); a code link must point at a web page.
    """
    if not url.strip():
        return "has an empty URL"
    if _SPACE.search(url):
        return "has whitespace in its URL"
    m = _SCHEME.match(url)
    if m and len(m["scheme"]) > 1:  # "C:" is a Windows drive, not a scheme
        scheme = m["scheme"].lower()
        if scheme not in ("http", "https"):
            if scheme == "mailto" and not code:
                return None
            return f"has a non-http(s) URL ({m['scheme']}:)"
        if not m["rest"].startswith("//") or url_host(url) is None:
            return "has a malformed URL (no '//host' after the scheme)"
        return None
    if _BARE_HOST.match(url):
        return "has a URL without 'https://': GitHub treats it as a relative path"
    late = _LATE_SCHEME.match(url)
    if late:
        return f"has a malformed URL: `{late['junk']}` before the scheme"
    if code:
        return "has a relative URL: a code link should point at the repository"
    return None


@register
class LinkUrl(Rule):
    """Give every link and image a URL that works on GitHub.

    Why: an empty URL goes nowhere; a URL without a scheme (`www.example.org`,
    `github.com/org/repo`) resolves against the file's own folder on GitHub and leads to
    a 404; a target with a space makes no link at all (the page shows the brackets and
    the URL as text); GitHub removes links with a scheme other than `http`, `https` and
    `mailto` (`javascript:`, `file:`, `ftp:`). Every link and image of the file is
    checked: relative paths and `#anchors` are fine here (NL406 checks that they exist),
    an empty image is NL401's. Safe fixes: `https://` for `http://` on hosts known to
    serve it (github.com, arxiv.org, …), and before a bare `www.` or known host. A code
    link's repository URL in an entry loses a trailing `/` or `.git` in the same edit
    (NL204); a URL holding a backslash escape is not rewritten. In an entry, a code link
    must not be a relative path either.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](github.com/THUDM/GLM-130B)

    See [the project page](www.example.org/glm).
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)

    See [the project page](https://www.example.org/glm).
    ```
    """

    code = "NL202"
    name = "link-url"
    level = "error"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        hosts = (*HTTPS_HOSTS, *ctx.config.links.code_hosts)
        found: list[Violation] = []
        defined = definitions(ctx.source) if any(k.url_start is None for k in ctx.doc.links) else {}
        reported: set[str] = set()

        def placed(link: Link) -> Link | None:
            """A link whose URL comes from a definition is judged there, once."""
            if link.url_start is not None or link.url not in defined:
                return link
            if link.url in reported or ctx.doc.in_code(defined[link.url][0]):
                return None
            reported.add(link.url)
            return replace(link, url_start=defined[link.url][0], url_end=defined[link.url][1])

        in_entries: set[int] = set()
        for entry in ctx.doc.entries:
            for link in entry.head_links:
                in_entries.add(id(link))
                here = placed(link)
                if here is not None:
                    found.extend(self._check_link(here, link.is_code, hosts, entry=True))
        for link in ctx.doc.links:
            if id(link) in in_entries or link.kind == "autolink":
                continue
            placed_link = placed(link)
            if placed_link is None:
                continue
            link = placed_link
            if link.kind == "image" and not link.url.strip():
                continue  # an empty image is NL401's, which removes it
            found.extend(self._check_link(link, False, hosts, entry=False))
        for a in ctx.doc.html_links:
            url = html.unescape(a.url)
            problem = url_problem(url, False)
            if problem:
                start, end = (
                    (a.url_start, a.url_end) if a.url_end > a.url_start else (a.start, a.end)
                )
                fix = (
                    None
                    if url != a.url
                    else scheme_fix(a.url, a.url_start, a.url_end, hosts, "url")
                )
                found.append(self.violation(start, end, f"`<a href>` {problem}", fix))
        source = ctx.source
        for node in ctx.doc.blocks:
            if node.type not in TEXT_BLOCKS:
                continue
            for broken in broken_targets(source, node):
                found.append(self.violation(broken.start, broken.end, broken.message))
            for start, end, url in bare_urls(source, node):
                host = url_host(url)
                if url[:5].lower() == "http:" and host and host_matches(host, HTTPS_HOSTS):
                    message = f"{host} serves https: use https:// not http://"
                    found.append(self.violation(start, end, message, _bare_fix(ctx, start, url)))
        yield from sorted(found, key=lambda v: v.start)

    def _check_link(
        self, link: Link, code: bool, hosts: tuple[str, ...], entry: bool
    ) -> Iterator[Violation]:
        start, end = url_span(link)
        problem = url_problem(link.url, code)
        what = "image" if link.kind == "image" else "link"
        if problem:
            label = link.text if len(link.text) <= 30 else link.text[:29] + "…"
            kind: ContentKind = "image" if link.kind == "image" else "url"
            fix = None
            if link.url_start is not None and link.url_end is not None and "\\" not in link.url:
                fix = scheme_fix(link.url, link.url_start, link.url_end, hosts, kind)
            yield self.violation(start, end, f"{what} '{label}' {problem}", fix)
            return
        if link.url[:5].lower() != "http:":
            return
        host = url_host(link.url)
        if host is None or not host_matches(host, HTTPS_HOSTS):
            return
        message = f"{host} serves https: use https:// not http://"
        yield self.violation(start, end, message, url_fix(link, entry))


def _bare_fix(ctx: RuleContext, start: int, url: str) -> Fix:
    """``https`` for a bare URL's ``http``; a title holding the URL is declared changed."""
    changes: tuple[ContentChange, ...] = ()
    entry = titles_around(ctx.doc, [start]).get(start)
    if entry is not None:
        old = ctx.doc.title_text(entry)
        changes = (ContentChange("title", old, old.replace(url, "https" + url[4:], 1)),)
    return Fix.replace(start, start + 4, "https", changes=changes)


def scheme_fix(
    url: str, start: int, end: int, hosts: tuple[str, ...], kind: ContentKind
) -> Fix | None:
    """``https://`` before a bare ``www.`` or known host, or None for any other URL."""
    m = _BARE_HOST.match(url)
    if not m or _SPACE.search(url):
        return None
    host = m.group().lower()
    if not host.startswith("www.") and not host_matches(host, hosts):
        return None
    new = "https://" + url
    return Fix.replace(start, end, new, changes=(ContentChange(kind, url, new),))


def upgrade_http(url: str) -> str:
    """``url`` with ``http://`` made ``https://`` when its host is known to serve https."""
    host = url_host(url)
    if url[:5].lower() == "http:" and host is not None and host_matches(host, HTTPS_HOSTS):
        return "https" + url[4:]
    return url


def url_fix(link: Link, entry: bool = True) -> Fix | None:
    """The fix that tidies a link's URL: https for known hosts, a code link's repository
    URL without trailing ``/`` or ``.git``.

    NL202 and NL204 share it, so when both apply to one URL either fix leaves nothing
    for the other and the URL is declared rewritten once, from the original.
    """
    if "\\" in link.url:
        return None  # an escape (`r\/`): cut or moved, it would escape what follows
    new = upgrade_http(link.url)
    if link.is_code and entry:
        new = repo_url_fix(new) or new
    if new == link.url or link.url_start is None or link.url_end is None:
        return None
    change = ContentChange("image" if link.kind == "image" else "url", link.url, new)
    return Fix.replace(link.url_start, link.url_end, new, changes=(change,))


def repo_url_fix(url: str) -> str | None:
    """A repository root URL without its trailing ``/`` or ``.git``, or None if it is fine.

    Only repository roots count (``https://github.com/org/repo/``): a deeper path such as
    ``…/tree/main/src/`` names a folder, where a trailing slash is ordinary.
    """
    if not url.endswith(("/", ".git")):
        return None  # nothing to cut
    m = _HTTP_URL.match(url)
    if not m:
        return None
    host = m[2].lower().removeprefix("www.")
    parts = [p for p in m[3].split("/") if p]
    if host == "gitlab.com":
        is_repo = len(parts) >= 2 and "-" not in parts
    elif host == "huggingface.co":
        is_repo = len(parts) == 2 or (len(parts) == 3 and parts[0] in ("datasets", "spaces"))
    else:
        is_repo = len(parts) == _REPO_DEPTH.get(host, -1)
    path = m[3]
    while path.endswith("/") or path.endswith(".git"):
        path = path[:-1] if path.endswith("/") else path[:-4]
    if not is_repo or path == m[3] or not path.strip("/"):
        return None
    return f"{m[1]}{m[2]}{path}"


@register
class CodeUrlStyle(Rule):
    """Write repository URLs without a trailing `/` or `.git`.

    Why: `https://github.com/org/repo/` and `https://github.com/org/repo.git` open the
    same page as `https://github.com/org/repo`, but the variants defeat duplicate
    detection and look untidy. Only code links to repository roots on GitHub, GitLab,
    Gitee, Bitbucket, Codeberg and Hugging Face are checked; folder URLs keep their slash.
    The fix also makes `http://` `https://` on hosts known to serve it (NL202), so the
    URL is rewritten once.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B/)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL204"
    name = "code-url-style"
    level = "warning"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for entry in ctx.doc.entries:
            for link in code_links(entry.head_links):
                if repo_url_fix(link.url) is None:
                    continue
                start, end = url_span(link)
                ending = "'.git'" if link.url.rstrip("/").endswith(".git") else "'/'"
                message = f"repository URL ends in {ending}"
                yield self.violation(start, end, message, url_fix(link))
