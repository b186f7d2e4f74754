"""NL208-NL209: an entry's meta lines, `- VENUE [[code]](url)`: the venue and the spacing."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from notelint.config.options import Config
from notelint.model.sections import MetaLine
from notelint.model.violation import Fix, Violation
from notelint.rules.base import Rule, RuleContext, register
from notelint.syntax.links import SPACED_CODE_LINK
from notelint.syntax.parse import Node
from notelint.syntax.source import Source

# What may follow a venue's name: a year (`ACL 2023`, `NeurIPS'22`, `CVPR2023`), a
# track (`Findings`, `Workshop`, `Oral`, `Spotlight`); and precede it: `Findings of`.
# Both are matched from the end backwards ((?r)): they end at the end, so a search costs
# what it matches, not the length of the label; and a year is not the tail of a longer
# number, which would be cut two digits per round (a label of 20,000 digits took minutes).
_YEAR = regex.compile(r"(?r)[\s'’]*(?<!\d)\(?(?:19|20)?\d{2}\)?$")
_TRACK = regex.compile(r"(?r)\s+(?:findings|workshops?|oral|spotlight)$", regex.I)
_OF = regex.compile(r"^findings\s+of\s+(?:the\s+)?", regex.I)
_WORDS = regex.compile(r"[\p{P}\p{S}\s]+")
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
        m = _OF.match(label, start, end)
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
        self._patterns: list[tuple[str, regex.Pattern[str]]] | None = None

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
        if self._patterns is None:
            self._patterns = [
                (key, regex.compile(rf"(?:{regex.escape(key)}){{e<=2}}", regex.BESTMATCH))
                for key in self.names
            ]
        word = core.casefold()
        ranked: list[tuple[int, int, str]] = []
        for key, pattern in self._patterns:
            m = pattern.fullmatch(word)
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
    when it is one typo away from a known venue.

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


_MARKER = regex.compile(r"[-*+]|\d{1,9}[.)]")


def _marker_end(source: Source, item: Node) -> int:
    m = _MARKER.match(source.text, item.start)
    return m.end() if m else item.start + 1


@register
class MetaSpacing(Rule):
    """Separate a meta line's venue and links by one space, with no spaces around them.

    Why: `- ICLR  [[code]](url)` (the template's double space), `-  [[code]](url)` (a
    venue left blank) and trailing spaces make the meta lines of a list misalign in the
    source and hide where a venue is missing. The fix makes it one space, or trims.

    **Anti-pattern**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR  [[code]](https://github.com/THUDM/GLM-130B)
    ```

    **Best practice**

    ```markdown
    # Paper

    ### 2023

    - GLM-130B: An Open Bilingual Pre-trained Model
      - ICLR [[code]](https://github.com/THUDM/GLM-130B)
    ```
    """

    code = "NL209"
    name = "meta-spacing"
    level = "warning"
    fix = "safe"
    changes_rendering = True  # a missing space before the links is added

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for entry in ctx.doc.entries:
            for meta in entry.meta:
                yield from self._check_meta(ctx.source, meta)

    def _check_meta(self, source: Source, meta: MetaLine) -> Iterator[Violation]:
        text = source.text
        single = meta.item.line == meta.item.end_line
        marker_end = _marker_end(source, meta.item)
        if single and meta.start - marker_end > 1:
            yield self.violation(
                marker_end + 1,
                meta.start,
                "extra spaces at the start of the meta line",
                Fix.replace(marker_end + 1, meta.start, ""),
            )
        content_end = meta.start + len(meta.text.rstrip())
        if meta.venue is not None:
            gap_end = (
                meta.venue_end
                + len(text[meta.venue_end : content_end])
                - len(text[meta.venue_end : content_end].lstrip())
            )
            gap = text[meta.venue_end : gap_end]
            if gap_end < content_end and gap != " ":
                yield self.violation(
                    meta.venue_end,
                    gap_end,
                    "use one space between the venue and the links",
                    Fix.replace(meta.venue_end, gap_end, " "),
                )
        if single and content_end < meta.end:
            yield self.violation(
                content_end,
                meta.end,
                "trailing spaces at the end of the meta line",
                Fix.replace(content_end, meta.end, ""),
            )
