"""NL208-NL209: an entry's meta lines, `- VENUE [[code]](url)`: the venue and the spacing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import regex

from notelint.config.options import Config
from notelint.model.sections import Entry, MetaLine
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.rules.habits import habit
from notelint.syntax.char_classes import DIGIT
from notelint.syntax.lazy import compile_regex, lazy_re, lazy_regex
from notelint.syntax.links import SPACED_CODE_LINK
from notelint.syntax.parse import Node
from notelint.syntax.source import Source

# What may follow a venue's name: a year (`ACL 2023`, `NeurIPS'22`, `CVPR2023`), a
# track (`Findings`, `Workshop`, `Oral`, `Spotlight`); and precede it: `Findings of`.
# Both are matched from the end backwards ((?r)): they end at the end, so a search costs
# what it matches, not the length of the label; and a year is not the tail of a longer
# number, which would be cut two digits per round (a label of 20,000 digits took minutes).
_YEAR = lazy_regex(r"(?r)[\s'’]*(?<!\d)\(?(?:19|20)?\d{2}\)?$")
_TRACK = lazy_regex(r"(?r)\s+(?:findings|workshops?|oral|spotlight)$", regex.I)
_OF = lazy_regex(r"^findings\s+of\s+(?:the\s+)?", regex.I)
_WORDS = lazy_regex(r"[\p{P}\p{S}\s]+")
# A venue written on the title line, after a `(` or a full stop and before its year or an
# arXiv identifier: `(**ICML2020**)`, `". IJCAI(2018)`, `et al. arXiv:2105.08252`.
_TITLE_VENUE = lazy_regex(
    r"(?:\(\s*(?:\*\*|__)?|(?<=[.\"”]\s*))"
    r"(?P<label>[A-Za-z][A-Za-z]*(?:[ -][A-Za-z]+){0,3}?)"
    r"\s*(?:['’]?\(?(?:19|20)\d\d\)?|(?P<arxiv>:)\s*\d{4}\.\d{4,5})(?=\W|$)"
)
# What stands before every venue that pattern finds: no title without one holds a venue.
_BEFORE_VENUE = ("(", ".", '"', "”")
_VENUE_WORD = lazy_re(r"[A-Za-z]+")
# Words that label a link (`Code [link](u)`, `[[paper]](u)`), never a venue or a title.
LABEL_WORDS = frozenset(
    """
    code paper papers pdf arxiv openreview doi project page homepage website site blog
    slides slide video videos demo dataset data github repo my link links notes note talk
    poster bibtex supp supplementary official url html abstract models model weights
    checkpoint checkpoints zhihu
    """.split()  # noqa: SIM905
)


def venue_core(label: str) -> tuple[int, int]:
    """The span of the venue's own name in ``label``, without year, track and `Findings of`."""
    start, end = 0, len(label)
    while True:
        before = (start, end)
        for pattern in (_YEAR, _TRACK):
            m = pattern.search(label, start, end)
            if m and m.start() > start:
                end = m.start()
        # ``^`` holds only at the label's start, which `Findings of` opens with `f` or
        # `F`; an ASCII label holds `of` in some case.
        opens = label.startswith(("f", "F"), start) and (
            not label.isascii() or "of" in label[start:end].lower()
        )
        m = _OF.match(label, start, end) if opens else None
        if m and m.end() < end:
            start = m.end()
        if (start, end) == before:
            return start, end


class VenueIndex:
    """The known venues (`venues.known` + `venues.extra`) and fuzzy lookup among them."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names: dict[str, str] = {}
        for name in names:
            start, end = venue_core(name)
            self.names.setdefault(name.casefold(), name)
            self.names.setdefault(name[start:end].casefold(), name[start:end])
        self._letters = [(key, frozenset(key)) for key in self.names]
        self._patterns: dict[str, regex.Pattern[str]] = {}

    @staticmethod
    def of(config: Config) -> VenueIndex:
        return _index(config.venues.known + config.venues.extra)

    def spelling(self, label: str) -> tuple[int, int, str] | None:
        """The span of ``label`` naming a known venue (in any case), and the list's spelling."""
        start, end = venue_core(label)
        for a, b in ((start, end), (0, len(label))):
            name = self.names.get(label[a:b].casefold())
            if name is not None:
                return a, b, name
        return None

    def known(self, label: str) -> bool:
        return self.spelling(label) is not None

    def nearest(self, core: str, limit: int) -> list[str]:
        """The known venues nearest to ``core``, at most ``limit`` edits away.

        Among equally near venues, those sharing the longest prefix with ``core`` win:
        a typo is likelier at the end of an acronym (`ICLM` is `ICLR`, not `ICDM`).
        """
        word = core.casefold()
        letters = frozenset(word)
        ranked: list[tuple[int, int, str]] = []
        for key, key_letters in self._letters:
            # Each edit adds or drops at most one letter and changes the length by at
            # most one: a venue these show more than ``limit`` edits away cannot rank
            # (one with two letters swapped has the same length and letters), and needs
            # no pattern.
            if (
                abs(len(key) - len(word)) > limit
                or len(letters - key_letters) > limit
                or len(key_letters - letters) > limit
            ):
                continue
            m = self._pattern(key).fullmatch(word)
            if m is None:
                continue
            distance = 1 if _swapped(key, word) else sum(m.fuzzy_counts)
            if distance <= limit:
                ranked.append((distance, -_common_prefix(key, word), key))
        if not ranked:
            return []
        best = min(ranked)[:2]
        names = [self.names[key] for *rank, key in ranked if tuple(rank) == best]
        return list(dict.fromkeys(names))

    def _pattern(self, key: str) -> regex.Pattern[str]:
        """The fuzzy pattern of one venue, compiled the first time it is a candidate."""
        pattern = self._patterns.get(key)
        if pattern is None:
            pattern = compile_regex(rf"(?:{regex.escape(key)}){{e<=2}}", regex.BESTMATCH)
            self._patterns[key] = pattern
        return pattern


def _swapped(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with two neighbouring letters swapped (one typo, `EMNPL`)."""
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) != 2 or diff[1] != diff[0] + 1:
        return False
    i = diff[0]
    return a[i] == b[i + 1] and a[i + 1] == b[i]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


@lru_cache(maxsize=8)
def _index(names: tuple[str, ...]) -> VenueIndex:
    return VenueIndex(names)


@register
class Venue(Rule):
    """Use a known venue label, spelled as the list spells it (`venues.known`/`extra`).

    Why: a misspelt venue (`ICLM` for `ICLR`) misleads readers and breaks searching the
    notes by venue. A trailing year (`ACL 2023`, `NeurIPS'22`), `Findings of EMNLP`,
    `EMNLP Findings` and a `Workshop` suffix are accepted, in any case; the name itself
    is expected as the list spells it (`iclr` is reported as `ICLR`). The nearest known
    venue is suggested, and is the (unsafe) fix when there is exactly one. A meta line
    without links (`- ALBEF`) may hold a model name or authors, so it is only reported
    when it is one typo away from a known venue. A venue on the title line (`Title.
    Authors et al. CPVR 2021`, `(**ICLM2020**)`) is reported only when it is a known
    venue with two letters swapped, or near one the entry's links name (`arViv:2105.08252`,
    `IJAC(2018)` beside an IJCAI DOI); it gets no fix, as the title line is the citation.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLM [[code]](https://github.com/THUDM/GLM-130B)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR 2023 [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL208"
    name = "venue"
    level = "warning"
    fix = "unsafe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        index = VenueIndex.of(ctx.config)
        for entry in ctx.doc.entries:
            for meta in entry.meta:
                if meta.venue is not None:
                    yield from self._check_venue(index, meta)
            yield from self._check_title_line(index, ctx.source, entry)

    def _check_title_line(
        self, index: VenueIndex, source: Source, entry: Entry
    ) -> Iterator[Violation]:
        """A venue on the title line is an open vocabulary (`ICPR`, `TCSVT`): only a clear
        slip is reported, a known venue with two letters swapped (`CPVR`, `Natrue`), or one
        the entry's own links name (`arViv:2105.08252`, `IJAC` beside an IJCAI DOI).
        """
        first = entry.item.children[0] if entry.item.children else None
        if first is None or first.type == "list":
            return
        text = source.text
        if not any(text.find(mark, first.start, first.end) >= 0 for mark in _BEFORE_VENUE):
            return
        for m in _TITLE_VENUE.finditer(text, first.start, first.end):
            at = m.start("label")
            if any(k.start <= at < k.end for k in entry.links):
                continue
            label = m.group("label")
            if index.known(label) or len(label) < 4:
                continue
            words = [(at, label)] + [
                (at + w.start(), w.group()) for w in _VENUE_WORD.finditer(label)
            ]
            for start, word in dict.fromkeys(words):
                near = list(
                    dict.fromkeys(n for k, n in index.names.items() if _swapped(k, word.casefold()))
                )
                if not near and start == at:
                    urls = " ".join(link.url.casefold() for link in entry.links)
                    named = [
                        name
                        for name in index.nearest(label, 2)
                        if (m.group("arxiv") and name == "arXiv")
                        or compile_regex(
                            rf"(?<![a-z]){regex.escape(name.casefold())}(?![a-z])"
                        ).search(urls)
                    ]
                    near = named
                if near:
                    # No fix: the title line is the paper's citation, which a fix keeps.
                    message = f"unknown venue '{word}' (did you mean {' or '.join(near)}?)"
                    yield self.violation(start, start + len(word), message)
                    break

    def _check_venue(self, index: VenueIndex, meta: MetaLine) -> Iterator[Violation]:
        label = meta.venue or ""
        start, end = venue_core(label)
        core = label[start:end]
        linked = bool(meta.links) or bool(SPACED_CODE_LINK.search(meta.text))
        known = index.spelling(label)
        if known is not None:
            start, end, name = known
            if label[start:end] == name or not (linked or end - start >= 4):
                return
            message, near = f"venue '{label[start:end]}' is written '{name}'", [name]
        elif all(w in LABEL_WORDS for w in _WORDS.sub(" ", label.casefold()).split()):
            return  # `Code [link](u)`: a label for the links, not a venue
        else:
            limit = (1 if len(core) <= 5 else 2) if linked else (1 if len(core) >= 4 else 0)
            near = index.nearest(core, limit)
            if not linked and not near:
                return
            hint = f"did you mean {' or '.join(near)}?" if near else "add it to venues.extra"
            message = f"unknown venue '{core}' ({hint})"
        at, end = meta.venue_start + start, meta.venue_start + end
        fix = None
        if len(near) == 1:
            fix = Fix.replace(at, end, near[0], applicability="unsafe")
        yield self.violation(at, end, message, fix)


_MARKER = lazy_re(r"[-*+]|" + DIGIT + r"{1,9}[.)]")


def _marker_end(source: Source, item: Node) -> int:
    m = _MARKER.match(source.text, item.start)
    return m.end() if m else item.start + 1


@register
class MetaSpacing(Rule):
    """Space a meta line's venue and links as the file's other meta lines do.

    Why: `- ICLR  [[code]](url)` among meta lines written `- ICLR [[code]](url)`, or
    `-  [[code]](url)` (a venue left blank), make the meta lines of a list misalign in
    the source and hide where a venue is missing. Only departures from the file's habit
    are reported: the spacing three quarters of its meta lines use (a file that always
    writes the template's two spaces is consistent); where it has no habit, nothing is.
    A venue glued to its links (`ICLR[[code]](url)`) always gets a space, and trailing
    spaces are always trimmed.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR  [[code]](https://github.com/THUDM/GLM-130B)
    - LLaMA: Open and Efficient Foundation Language Models
      - arXiv [[code]](https://github.com/facebookresearch/llama)
    - Toolformer: Language Models Can Teach Themselves to Use Tools
      - NeurIPS [[code]](https://github.com/lucidrains/toolformer-pytorch)
    - Self-Instruct: Aligning Language Models with Self-Generated Instructions
      - ACL [[code]](https://github.com/yizhongw/self-instruct)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    - LLaMA: Open and Efficient Foundation Language Models
      - arXiv [[code]](https://github.com/facebookresearch/llama)
    - Toolformer: Language Models Can Teach Themselves to Use Tools
      - NeurIPS [[code]](https://github.com/lucidrains/toolformer-pytorch)
    - Self-Instruct: Aligning Language Models with Self-Generated Instructions
      - ACL [[code]](https://github.com/yizhongw/self-instruct)
    ```
    """

    code = "NL209"
    name = "meta-spacing"
    level = "warning"
    fix = "safe"
    changes_rendering = True  # a missing space before the links is added

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        text = ctx.source.text
        yield from self._trailing(ctx)
        leads: list[tuple[int, int]] = []  # (after the marker's space, meta start)
        gaps: list[tuple[int, int]] = []  # between the venue and the links
        for entry in ctx.doc.entries:
            for meta in entry.meta:
                if meta.item.line == meta.item.end_line:
                    leads.append((_marker_end(ctx.source, meta.item) + 1, meta.start))
                if meta.venue is not None:
                    content_end = meta.start + len(meta.text.rstrip())
                    rest = text[meta.venue_end : content_end]
                    gap_end = meta.venue_end + len(rest) - len(rest.lstrip())
                    if gap_end < content_end:
                        gaps.append((meta.venue_end, gap_end))
        usual_lead = habit(Counter(text[a:b] for a, b in leads))
        for start, end in leads:
            if usual_lead is not None and text[start:end] != usual_lead:
                message = (
                    "extra spaces at the start of the meta line"
                    if len(text[start:end]) > len(usual_lead)
                    else "the meta line starts unlike the file's other meta lines"
                )
                yield self.violation(start, end, message, Fix.replace(start, end, usual_lead))
        usual_gap = habit(Counter(text[a:b] for a, b in gaps if a < b))
        for start, end in gaps:
            gap = text[start:end]
            want = " " if start == end else usual_gap
            if want is not None and gap != want:
                message = f"use {_spaces(want)} between the venue and the links"
                if start == end:
                    message = "put a space between the venue and the links"
                yield self.violation(start, end, message, Fix.replace(start, end, want))

    def _trailing(self, ctx: RuleContext) -> Iterator[Violation]:
        for entry in ctx.doc.entries:
            for meta in entry.meta:
                content_end = meta.start + len(meta.text.rstrip())
                if meta.item.line == meta.item.end_line and content_end < meta.end:
                    yield self.violation(
                        content_end,
                        meta.end,
                        "trailing spaces at the end of the meta line",
                        Fix.replace(content_end, meta.end, ""),
                    )


def _spaces(gap: str) -> str:
    if gap == " ":
        return "one space"
    return f"{len(gap)} spaces" if gap.strip(" ") == "" else repr(gap)
