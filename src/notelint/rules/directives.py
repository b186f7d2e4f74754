"""NL001-NL002: the suppression comments themselves, judged after the engine applied them."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.model.directives import KINDS, Directive, RuleName, Suppression
from notelint.model.violation import Violation
from notelint.rules.base import DirectiveRule, RuleContext, register
from notelint.syntax.lazy import lazy_re

# A code prefix such as NL4 or NL40: a selector in settings, but not in a directive.
_PREFIX = lazy_re(r"^NL\d{0,2}$")
_CODE = lazy_re(r"^NL\d{3}$")


@register
class UnknownDirective(DirectiveRule):
    """Find suppression comments that name no rule, or are no known directive.

    Why: a comment that names a rule wrongly hides nothing, so the finding it was written
    for stays, or worse, a later finding of the rule meant is never looked at. Directives
    take exact codes (`NL208`) or names (`venue`): a prefix such as `NL2` is a selector for
    settings, too broad to hide findings line by line. The directive itself must be one of
    `disable`, `enable`, `disable-next-line`, `disable-line` and `disable-file`.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      <!-- notelint-disable-next-line NL28 -->
      - ICLM [[code]](https://github.com/THUDM/GLM-130B)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      <!-- notelint-disable-next-line NL208 -->
      - ICLM [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL001"
    name = "unknown-directive"
    level = "error"

    def check_directives(self, ctx: RuleContext, suppression: Suppression) -> Iterator[Violation]:
        for directive in suppression.directives:
            if not directive.known:
                yield self._unknown_kind(directive)
                continue
            for name in directive.names:
                if name.text not in suppression.known:
                    yield self._unknown_name(name, suppression)

    def _unknown_kind(self, directive: Directive) -> Violation:
        written = f"notelint-{directive.kind}"
        from difflib import get_close_matches  # only a finding needs it

        near = get_close_matches(written, [f"notelint-{k}" for k in KINDS], n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        return self.violation(
            directive.kind_start, directive.kind_end, f"unknown directive {written!r}{hint}"
        )

    def _unknown_name(self, name: RuleName, suppression: Suppression) -> Violation:
        text = name.text
        if _PREFIX.match(text) and any(k.startswith(text) for k in suppression.known):
            message = f"{text!r} is a prefix: a directive names exact codes or names"
        else:
            message = f"{text!r} names no rule{_hint(text, suppression)}"
        return self.violation(name.start, name.end, message)


def _hint(text: str, suppression: Suppression) -> str:
    """A nearby code or name, unless ``text`` is a well-formed code (any other is as near)."""
    if _CODE.match(text):
        return ""
    from difflib import get_close_matches

    near = get_close_matches(text, list(suppression.known), n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


@register
class UnusedDirective(DirectiveRule):
    """Find suppression comments that hid no finding.

    Why: a suppression outlives the problem it was written for; left in place it hides
    the next, real finding of that rule on those lines without anyone deciding to. A
    directive that names a rule which is not selected hides nothing either. Remove the
    directive, or the names in it that hid nothing. Opt-in, since it depends on the
    selection: run it with the rules you normally use.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      <!-- notelint-disable-next-line venue -->
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL002"
    name = "unused-directive"
    level = "warning"
    opt_in = True
    # A directive without names would hide the finding about itself; only naming this
    # rule (`disable-file unused-directive`) hides its findings.
    hidden_by_blanket = False

    def check_directives(self, ctx: RuleContext, suppression: Suppression) -> Iterator[Violation]:
        for target in suppression.unused():
            if target.code == self.code:
                # Hiding this rule's own findings is judged by nothing else.
                continue
            if target.name is None:
                directive = target.directive
                yield self.violation(
                    directive.start,
                    directive.end,
                    f"'notelint-{directive.kind}' hid nothing",
                )
                continue
            unselected = target.code not in suppression.selected
            why = f" ({target.code} is not selected)" if unselected else ""
            yield self.violation(
                target.name.start, target.name.end, f"{target.name.text!r} hid nothing{why}"
            )
