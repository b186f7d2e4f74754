"""An example notelint plugin with one rule: notes still marked TODO."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notelint.model.violation import Violation
from notelint.rules import Rule, RuleContext

_TODO = re.compile(r"\bTODO\b")


class TodoNote(Rule):
    """Find notes still marked TODO.

    Why: a note left as TODO was never written; the reader finds a promise, not a note.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - <details>
        <summary>Notes</summary>
        1. TODO
        </details>
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - <details>
        <summary>Notes</summary>
        1. trained with DeepNorm
        </details>
    ```
    """

    code = "NL901"
    name = "todo-note"
    level = "warning"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        text = ctx.source.text
        for block in ctx.doc.notes_blocks:
            for note in block.notes:
                m = _TODO.search(text, note.text_start, note.text_end)
                if m:
                    yield self.violation(m.start(), m.end(), "note still marked TODO")
