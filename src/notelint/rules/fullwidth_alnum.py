"""NL603: full-width Latin letters and digits (``ＧＰＴ３``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from notelint.model.prose import FULLWIDTH_ALNUM_CHAR, fullwidth_alnum
from notelint.model.violation import Violation, edit, ordered_fix
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.cjk_text import Editable


@register
class FullwidthAlnum(Rule):
    """Find Latin letters and digits written in their full-width forms.

    Why: ``ＧＰＴ３`` is ``GPT3`` typed with a CJK input method left in full-width mode.
    It is wider than the text around it, and a search for ``GPT3`` does not find it.
    Code, URLs, link targets and HTML tags are left alone. Opt-in, with the rest of the
    NL6 group.

    **Anti-pattern**

    ```markdown
    - Training language models to follow instructions with human feedback
      - <details>
        <summary>阅读笔记</summary>
        1. 基于 ＧＰＴ３ 模型训练了一个 ６Ｂ 的打分模型  <br>
        </details>
    ```

    **Best practice**

    ```markdown
    - Training language models to follow instructions with human feedback
      - <details>
        <summary>阅读笔记</summary>
        1. 基于 GPT3 模型训练了一个 6B 的打分模型  <br>
        </details>
    ```
    """

    code = "NL603"
    name = "fullwidth-alnum"
    level = "warning"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        text = ctx.source.text
        if text.isascii() or FULLWIDTH_ALNUM_CHAR.search(text) is None:
            return
        editable: Editable | None = None
        for m in fullwidth_alnum().finditer(text):
            editable = editable or Editable(ctx)
            start, end = m.span()
            if not editable(start, end - 1):
                continue
            narrow = unicodedata.normalize("NFKC", m.group())
            yield self.violation(
                start,
                end,
                f"full-width `{m.group()}`: write `{narrow}`",
                ordered_fix((edit(start, end, narrow),)),
            )
