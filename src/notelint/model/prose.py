"""Where a document holds prose a reader sees, for the typography rules (NL6).

Prose is the text of paragraphs, list items and headings, and the text between the tags
of raw HTML (notes blocks above all: GitHub shows it, though the parser leaves it as
raw text). It is not code (blocks, spans, backticks in raw HTML), a URL (a link's
target, an autolink, a bare URL), an image, an HTML tag with its attributes, a comment,
an entity, an emoji shortcode (``:star:``), a backslash escape or front matter.

Character classes come from Unicode's script properties, through the ``regex`` module.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import cache, cached_property, partial
from itertools import accumulate

import regex

from notelint.model.char_tables import LATIN_WIDE, RE_ONLY_SPACE
from notelint.syntax.lazy import compile_regex
from notelint.syntax.links import closing_bracket
from notelint.syntax.parse import Node
from notelint.syntax.records import Record
from notelint.syntax.source import Source


def compiled(pattern: str, flags: int = 0) -> Callable[[], regex.Pattern[str]]:
    """``pattern``, compiled when first asked for (most files never need these patterns),
    with interrupts held while it compiles (``syntax.lazy.compile_regex``)."""
    return cache(partial(compile_regex, pattern, flags))


# Chinese and Japanese letters: Han, kana, and the marks the kana use as letters (the
# prolonged sound mark ー is of the Common script, with kana as its script extensions).
# Hangul is left out on purpose: Korean spaces its words and uses Western punctuation,
# and its particles attach straight to a Latin word (`GPT-4는`). All of them lie from
# U+2E80 on: testing that range first spares the property tests on every other character.
CJK_CLASS = (
    r"[[\u2e80-\U0010ffff]&&[\p{Han}\p{Hiragana}\p{Katakana}[[\p{scx=Hira}\p{scx=Kana}]&&\p{Lm}]]]"
)
cjk_run = compiled(CJK_CLASS + "+", regex.V1)
cjk_char = compiled(CJK_CLASS, regex.V1)
# Latin letters and digits in their usual (not full) width.
latin_char = compiled(r"[[\p{Latin}\p{Nd}]--\p{East_Asian_Width=Fullwidth}]", regex.V1)
# Full-width Latin letters and digits: `ＧＰＴ３`.
fullwidth_alnum = compiled(r"[[\p{Latin}\p{Nd}]&&\p{East_Asian_Width=Fullwidth}]+", regex.V1)
# The characters ``fullwidth_alnum`` matches, as plain ranges (the tests hold them equal): a
# file without them is told apart without a property test on each of its characters.
FULLWIDTH_ALNUM_CHAR = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# The half-width punctuation NL602 turns full width, and back for comparing content.
HALF_TO_FULL = {
    ",": "，",
    ".": "。",
    ":": "：",
    ";": "；",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
}
_FULL_TO_HALF = str.maketrans({v: k for k, v in HALF_TO_FULL.items()})

# The verbatim scan reads every character of the file, and is a quarter faster without
# the case-insensitive flag; so its letters spell out what that flag matches, Unicode's
# case folding included (`ſ` is an `s`, `K` a `k`; the tests hold each class equal).
_FOLDED = {"i": "\u0130", "k": "\u212a", "s": "\u017f"}
LETTER = "A-Za-z\u0130\u0131\u017f\u212a"  # [A-Za-z], case-insensitively
SHORTCODE = "a-zA-Z0-9_+\u0130\u017f\u212a-"  # [a-z0-9_+-], case-insensitively


_FOLDED_EXTRA = "\u0130\u0131\u017f\u212a"  # what LETTER adds to [A-Za-z]


def any_case(word: str) -> str:
    """A pattern for the ASCII ``word`` in any case, as the case-insensitive flag reads it."""
    return "".join(f"[{c}{c.upper()}{_FOLDED.get(c, '')}]" if c.isalpha() else c for c in word)


def ascii_case(word: str) -> str:
    """A pattern for the ASCII ``word`` in any ASCII case."""
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in word)


_CODE_ELEMENTS = ("code", "pre", "kbd", "samp", "script", "style", "textarea")
# Tags (attributes and all), comments, and elements whose text is code.
_verbatim = compiled(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?P<el>"
    + "|".join(map(any_case, _CODE_ELEMENTS))
    + r")\b[^>]*>.*?(?:</(?i:(?P=el))\s*>|\Z)"
    # A quoted value stops at a line's end or a `<`: an unclosed quote costs one line.
    rf"|</?[{LETTER}][{LETTER}0-9-]*(?:[^<>\"']|\"[^\"<\n]*\"|'[^'<\n]*')*>"
    # Markdown GitHub shows raw in HTML, but whose parts are still code or a target.
    r"|`[^`\n]+`|\]\([^()\s]*\)"
    # Bare URLs, entities, emoji shortcodes, escapes.
    rf"|(?:{any_case('http')}{any_case('s')}?|{any_case('ftp')})://\S+|{any_case('www')}\.[^\s<>]+"
    rf"|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[{LETTER}][{LETTER}0-9]*);"
    rf"|:[{SHORTCODE}]+:"
    r"|\\[!-/:-@\[-`{-~]",
    regex.S,
)
# What ``_verbatim`` finds, as ``re`` finds it in a text that has no start tag of a code
# element and none of the letters the case-insensitive flag adds to ASCII ones (then
# neither can match): a quarter of the work. Each branch starts with its own character,
# so ``re`` looks for those alone; ``\s`` is the ``regex`` module's (``_NOT_SPACE``).
_NOT_SPACE = f"[\\S{RE_ONLY_SPACE}]"
_FAST_VERBATIM = "|".join(
    [
        # A tag's text between quoted values in one run: the same match, found faster.
        r"<(?:!--.*?(?:-->|\Z)|/?[A-Za-z][A-Za-z0-9-]*"
        r"""[^<>"']*(?:(?:"[^"<\n]*"|'[^'<\n]*')[^<>"']*)*>)""",
        r"`[^`\n]+`",
        rf"\]\((?:(?![()]){_NOT_SPACE})*\)",
        *(f"{c}[tT][tT][pP][sS]?://{_NOT_SPACE}+" for c in "hH"),
        *(f"{c}[tT][pP]://{_NOT_SPACE}+" for c in "fF"),
        *(rf"{c}[wW][wW]\.(?:(?![<>]){_NOT_SPACE})+" for c in "wW"),
        r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);",
        r":[a-zA-Z0-9_+-]+:",
        r"\\[!-/:-@\[-`{-~]",
    ]
)
_fast_verbatim = cache(partial(re.compile, _FAST_VERBATIM, re.S))
_code_element = cache(partial(re.compile, "<(?:" + "|".join(map(ascii_case, _CODE_ELEMENTS)) + ")"))


def verbatim_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``_verbatim`` finds in ``text``, in order."""
    if any(c in text for c in _FOLDED_EXTRA) or _code_element().search(text) is not None:
        return [m.span() for m in _verbatim().finditer(text)]
    return [m.span() for m in _fast_verbatim().finditer(text)]


_BLOCKS_WITH_TEXT = frozenset({"paragraph", "block_text", "heading", "block_html"})
_whole_html = compiled(r"<(?:pre|script|style|textarea)\b|<!--|<\?|<![A-Za-z]", regex.I)


# A character from U+0100 on that is no Latin letter or digit: every CJK letter is one.
_WIDE = f"[^\\x00-\\xff{LATIN_WIDE}]"
_wide_run = cache(partial(re.compile, _WIDE + _WIDE + "*"))


class Prose(Record):
    """The spans of a document that hold prose: text blocks less what is not prose."""

    def __init__(
        self,
        source: Source,
        blocks: list[tuple[int, int]],  # sorted, disjoint
        verbatim: list[tuple[int, int]],  # sorted; they may overlap
    ) -> None:
        self.source = source
        self.blocks = blocks
        self.verbatim = verbatim
        self.__post_init__()

    def __post_init__(self) -> None:
        self._block_starts = [s for s, _ in self.blocks]
        self._block_ends = [e for _, e in self.blocks]
        starts, ends = zip(*self.verbatim, strict=True) if self.verbatim else ((), ())
        self._verbatim_starts = starts
        # How far the verbatim spans reach, those that start by each one's start.
        self._verbatim_reach = list(accumulate(ends, max))

    def contains(self, offset: int, end: int | None = None) -> bool:
        """Whether the character at ``offset`` (or each of ``[offset, end)``) is prose."""
        last = offset if end is None else end - 1
        at = bisect_right(self._block_starts, offset) - 1
        if at < 0 or last >= self._block_ends[at]:
            return False
        # A verbatim span covers part of the range if it starts by ``last`` and ends
        # after ``offset``.
        at = bisect_right(self._verbatim_starts, last) - 1
        return at < 0 or offset >= self._verbatim_reach[at]

    def walker(self) -> Callable[[int, int], bool]:
        """``contains`` for ranges asked for in order: each ``offset`` and ``end`` at
        least those of the range before. It steps through the spans instead of searching
        them for each range, which costs more than the step when ranges are many.
        """
        block_starts, block_ends = self._block_starts, self._block_ends
        starts, reach = self._verbatim_starts, self._verbatim_reach
        blocks, spans = len(block_starts), len(starts)
        block = span = 0  # how many start by the range before

        def contains(offset: int, end: int) -> bool:
            nonlocal block, span
            while block < blocks and block_starts[block] <= offset:
                block += 1
            if block == 0 or end > block_ends[block - 1]:
                return False
            while span < spans and starts[span] < end:
                span += 1
            return span == 0 or offset >= reach[span - 1]

        return contains

    @cached_property
    def wide_runs(self) -> list[tuple[int, int]] | None:
        """The runs of characters from U+0100 on that no Latin letter or digit breaks.

        Every CJK letter lies in one, so a CJK letter meets a Latin letter or digit, or
        ASCII punctuation, only at the edge of a run. None for a text with a character
        beyond U+FFFF, which the runs do not tell apart.
        """
        text = self.source.text
        if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):
            return None
        return [m.span() for m in _wide_run().finditer(text)]


def find_prose(source: Source, blocks: list[Node], skip_lines: frozenset[int]) -> Prose:
    """The prose of a document whose block nodes are ``blocks`` (in source order).

    ``skip_lines`` are lines that hold no prose whatever the parser says (front matter).
    """
    text = source.text
    whole_html = _whole_html()
    spans: list[tuple[int, int]] = []
    verbatim: list[tuple[int, int]] = []
    for node in blocks:
        if node.type not in _BLOCKS_WITH_TEXT or node.line in skip_lines:
            continue
        start, end = source.line_starts[node.line], source.line_ends[node.end_line]
        if node.type == "block_html" and whole_html.match(text, node.start):
            continue
        for inline in node.inlines:
            if inline.type == "link" and text.startswith("[", inline.start):
                # The link text is prose; the brackets and the target are not.
                close = closing_bracket(text, inline.start + 1, inline.end)
                verbatim.append((inline.start, inline.start + 1))
                verbatim.append((close, inline.end))
            else:
                verbatim.append((inline.start, inline.end))
        spans.append((start, end))
    # One pass over the whole text: what lies outside the blocks is no prose anyway, and
    # in Markdown text a tag is raw HTML and backticks or a link target are verbatim too.
    verbatim.extend(verbatim_spans(text))
    verbatim.sort()
    return Prose(source, _merged(spans), verbatim)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


_space_by_cjk = compiled(
    r"[ \t\u3000]+(?=" + CJK_CLASS + r"|[,.:;!?()])|(?<=" + CJK_CLASS + r"|[,.:;!?()])[ \t\u3000]+",
    regex.V1,
)


def fold_typography(text: str) -> str:
    """``text`` as the content check compares it across typography fixes (NL6).

    Full-width punctuation and Latin letters and digits are read in their half-width
    forms, and spaces next to a CJK letter or to that punctuation are dropped: a fix that
    only spaces or re-widths characters loses no word.
    """
    if not text.isascii():
        text = text.translate(_FULL_TO_HALF)
        text = fullwidth_alnum().sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return _space_by_cjk().sub("", text)
