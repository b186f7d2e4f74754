"""``notelint server`` with one more rule, NL095, whose fix never settles: the engine
refuses it, so a test can watch the server refuse to format (run as a script)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import notelint.rules  # noqa: F401  (the built-in rules first)
from notelint.front.cli import main
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register


@register
class LoopRule(Rule):
    """Flag LOOP with a fix that writes LOOP again, for ever."""

    code = "NL095"
    name = "test-server-loop"
    level = "error"
    fix = "safe"
    opt_in = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        start = ctx.source.text.find("LOOP")
        if start != -1:
            yield self.violation(start, start + 4, "LOOP", Fix.replace(start, start + 4, "LOOP"))


if __name__ == "__main__":
    sys.argv[1:] = ["server", "--extend-select", "NL095"]
    main()
