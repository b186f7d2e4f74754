"""NL201: how code links are written, and what the other link rules share about them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from notelint.config.options import LinksOptions
from notelint.model.document import Document
from notelint.model.sections import Entry
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.syntax.lazy import lazy_re
from notelint.syntax.links import SPACED_CODE_LINK, Link
from notelint.syntax.records import Frozen, set_field
from notelint.syntax.source import Source

_STYLES = (
    (lazy_re(r"^\[\[(?P<label>[^\[\]]+)\]\((?:u|url)?\)\]$"), "wrapped"),
    (lazy_re(r"^\[\[(?P<label>[^\[\]]+)\]\](?:\((?:u|url)?\))?$"), "double"),
    (lazy_re(r"^\[(?P<label>[^\[\]]+)\](?:\((?:u|url)?\))?$"), "plain"),
)


class CodeForm(Frozen):
    """How a code link is written: its label and its brackets."""

    label: str
    shape: str  # "double" [[code]](u), "plain" [code](u), "wrapped" [[code](u)]

    def __init__(self, label: str, shape: str) -> None:
        set_field(self, "label", label)
        set_field(self, "shape", shape)

    def render(self, target: str) -> str:
        if self.shape == "plain":
            return f"[{self.label}]({target})"
        if self.shape == "wrapped":
            return f"[[{self.label}]({target})]"
        return f"[[{self.label}]]({target})"

    @property
    def sample(self) -> str:
        return self.render("…")


CANONICAL = CodeForm("code", "double")


def parse_style(style: str) -> CodeForm:
    """``links.code-style`` as a form: ``[[code]]``, ``[code]`` or ``[[code](u)]``."""
    for pattern, shape in _STYLES:
        m = pattern.match(style.strip())
        if m:
            return CodeForm(m["label"], shape)
    return CANONICAL


def form_of(text: str, link: Link) -> CodeForm:
    return CodeForm(*_label_and_shape(text, link))


def _label_and_shape(text: str, link: Link) -> tuple[str, str]:
    """A code link's form as a plain pair: counted and compared for every code link."""
    if link.text.startswith("[") and link.text.endswith("]"):
        return link.text[1:-1], "double"
    wrapped = text[link.start - 1 : link.start] == "[" and text[link.end : link.end + 1] == "]"
    return link.text, "wrapped" if wrapped else "plain"


def file_style(doc: Document, options: LinksOptions) -> CodeForm:
    """The code-link form to ask for: ``links.code-style`` when set, else the file's own.

    The default ``[[code]]`` counts as "not set": then a file whose code links (at least
    three, 80% or more) consistently use another clean form keeps that form.
    """
    if options.code_style != LinksOptions.code_style:
        return parse_style(options.code_style)
    text = doc.source.text
    forms = Counter(
        _label_and_shape(text, link) for e in doc.entries for link in code_links(e.head_links)
    )
    if forms:
        pair, count = forms.most_common(1)[0]
        form = CodeForm(*pair)
        clean = form.label == form.label.strip() and form.label.casefold() == "code"
        if clean and count >= 3 and count * 5 >= sum(forms.values()) * 4:
            return form
    return CANONICAL


def code_links(links: list[Link]) -> list[Link]:
    return [link for link in links if link.is_code]


def target_text(text: str, link: Link) -> str | None:
    """The source text inside a link's parentheses, or None for a reference link."""
    if link.url_start is None or link.kind != "link":
        return None
    return text[link.text_end + 2 : link.end - 1]


def _ends_at_paren(url: str) -> bool:
    """Whether ``url`` written as a link's destination ends at the `)` after it.

    A `(` in it is unbalanced, so the destination would run on to a later `)` and take in
    the links after it; a backslash may escape the `)`; a `<` opens another form.
    """
    return "(" not in url and "\\" not in url and not url.startswith("<")


@register
class CodeLinkFormat(Rule):
    """Write every code link as `[[code]](url)` (or the file's `links.code-style`).

    Why: `[[code]] (url)`, with a space before the parenthesis, is not a link at all:
    GitHub shows the brackets and the URL as text. The other variants render, but a list
    that mixes `[code](u)`, `[[Code]](u)` and `[[code](u)]` reads untidily. When
    `links.code-style` is left at its default, a file that consistently uses another
    clean form (`[[code](u)]` in many paper lists) keeps it; only deviations are flagged.
    `[[code]] (url)` is not fixed where its URL holds a `(` or a backslash, or opens with
    `<`: as a link's destination it would not end at its `)`, and would take in the text
    after it (`[[code]] (https://github](https://arxiv.org/abs/1)][[code]](u)`), nor is
    a code link broken over two lines (joining them is yours to do).

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM: General Language Model Pretraining
      - ACL [[code]] (https://github.com/THUDM/GLM)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM: General Language Model Pretraining
      - ACL [[code]](https://github.com/THUDM/GLM)
    ```
    """

    code = "NL201"
    name = "code-link-format"
    level = "warning"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        doc, text = ctx.doc, ctx.source.text
        style = file_style(doc, ctx.config.links)
        for m in SPACED_CODE_LINK.finditer(text):
            start = m.start()
            if doc.in_code(start) or doc.html_marks[ctx.source.line_index(start)]:
                continue
            url = m["url"]
            fix = Fix.replace(start, m.end(), style.render(url)) if _ends_at_paren(url) else None
            yield self.violation(
                start,
                m.end(),
                "`[[code]] (url)` renders as text, not a link: no space before '('",
                fix,
                level="error",
            )
        for entry in doc.entries:
            for link in code_links(entry.head_links or _after_second_marker(ctx.source, entry)):
                yield from self._check_form(text, link, style)

    def _check_form(self, text: str, link: Link, style: CodeForm) -> Iterator[Violation]:
        if _label_and_shape(text, link) == (style.label, style.shape):
            return
        form = form_of(text, link)
        start, end = (
            (link.start - 1, link.end + 1) if form.shape == "wrapped" else (link.start, link.end)
        )
        target = target_text(text, link)
        # A link broken over lines is the user's to join: the fix would take a line away.
        broken = any(c in text[start:end] for c in "\r\n")
        if target is None or broken:
            written = text[start:end]
            fix, written = None, " ".join(written.split()) if broken else written
        else:
            fix, written = Fix.replace(start, end, style.render(target)), form.sample
        yield self.violation(
            start, end, f"code link written `{written}`; use `{style.sample}`", fix
        )


def _after_second_marker(source: Source, entry: Entry) -> list[Link]:
    """The links of an entry's first line written after a doubled marker (`- - Title`)."""
    first = entry.item.children[0] if entry.item.children else None
    if entry.title or first is None or first.type != "list" or first.line != entry.line:
        return []
    return [link for link in entry.links if source.line_index(link.start) == entry.line]
