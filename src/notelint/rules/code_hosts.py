"""NL203: code links that point at the paper instead of its code."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.model.paper_lists import is_paper_url
from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.links import code_links
from notelint.rules.urls import url_span
from notelint.syntax.lazy import lazy_re
from notelint.syntax.links import (
    host_matches,
    url_host,
)

# A university's or a lab's own forge: `gitlab.mpi-klsb.mpg.de`, `git.example.org`.
_SELF_HOSTED = lazy_re(r"^(?:gitlab|gitea|forgejo|git)\.[a-z0-9-]+\.[a-z]")


@register
class CodeLinkHost(Rule):
    """Point code links at the code, not at the paper.

    Why: a "code" link that goes to the paper (arXiv, a DOI, proceedings, a PDF) is a
    copy-paste slip: the reader who wants the code gets the paper again. Code lives in
    many places besides GitHub (an author's page, a lab's download page, a short link,
    a project site), and those are left alone; so are the hosts in `links.code-hosts`
    (GitHub, GitLab, Gitee, Bitbucket, Codeberg, Hugging Face and similar, their
    subdomains) and self-hosted forges named so (`gitlab.example.edu`).

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - SuperICL: Small Models are Plug-ins for Large Language Models
      - [[code]](https://arxiv.org/abs/2305.08848)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - SuperICL: Small Models are Plug-ins for Large Language Models
      - [[code]](https://github.com/JetRunner/SuperICL)
    ```
    """

    code = "NL203"
    name = "code-link-host"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        hosts = ctx.config.links.code_hosts
        code_host: dict[str, bool] = {}  # each host judged once: most links share a few
        for entry in ctx.doc.entries:
            for link in code_links(entry.head_links):
                host = url_host(link.url)
                if host is None:
                    continue
                known = code_host.get(host)
                if known is None:
                    known = host_matches(host, hosts) or bool(_SELF_HOSTED.match(host))
                    code_host[host] = known
                if known:
                    continue
                if not is_paper_url(link.url):
                    continue
                start, end = url_span(link)
                yield self.violation(start, end, f"code link points at the paper on {host}")
