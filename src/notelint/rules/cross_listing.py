"""NL211: the same paper listed in two different sections of one file (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.paper_match import same_papers, scope_of


@register
class CrossListedEntry(Rule):
    """List each paper in one section of the file (opt-in).

    Why: a paper filed under two topics (`## Summarization` and `## Retrieval`) is often
    on purpose, which is why this rule is off by default; in a list that promises one
    place per paper, the second copy drifts from the first as links and notes are
    updated in one place only. Papers match as for NL206 (same normalised title, same
    paper page, or same repository with titles opening alike); the same paper twice in
    one section is NL206's. Select it with `extend-select = ["NL211"]`.

    **Anti-pattern**

    ```markdown
    # Reading list

    ## Summarization

    - Text Summarization with Pretrained Encoders [[paper](https://arxiv.org/abs/1908.08345)]

    ## Retrieval

    - Text Summarization with Pretrained Encoders [[paper](https://arxiv.org/abs/1908.08345)]
    ```

    **Best practice**

    ```markdown
    # Reading list

    ## Summarization

    - Text Summarization with Pretrained Encoders [[paper](https://arxiv.org/abs/1908.08345)]

    ## Retrieval

    - Dense Passage Retrieval for Open-Domain Question Answering [[paper](https://arxiv.org/abs/2004.04906)]
    ```
    """

    code = "NL211"
    name = "cross-listed-entry"
    level = "warning"
    opt_in = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for first, entry, how in same_papers(ctx.doc, ctx.source):
            if scope_of(ctx.doc, first) == scope_of(ctx.doc, entry):
                continue  # twice in one section: a duplicate (NL206)
            yield self.violation(
                entry.title_start if entry.title else entry.item.start,
                entry.title_end if entry.title else entry.item.start + 1,
                f"cross-listed entry: {how} as the entry on line {first.line + 1}, "
                "in another section",
            )
