"""Fuzzing: the generated notes documents of test_properties, damaged the way files get
damaged (lines dropped, doubled, swapped, split and joined; stray Unicode, CJK, tabs, lone
``\\r``, HTML fragments pasted in), must still lint without an exception, with every span
inside the text and on what it names, and fix, safe and unsafe, without refusal, loss or
a second pass changing anything.

Inputs that once failed are kept in FOUND below, each named after the rule at fault, and
run on every test run. ``NOTELINT_FUZZ_EXAMPLES`` raises the number of generated examples
per property (by default the same 300 on every run) for a longer search of new ones;
docs/reliability.md has the figures of the runs so far.
"""

from __future__ import annotations

import itertools
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.engine.fixing import FixRefused, fix_source
from notelint.engine.linting import lint_source
from notelint.model.violation import Violation
from notelint.syntax.source import Source
from test_properties import ALL_RULES, documents, lost_content

EXAMPLES = int(os.environ.get("NOTELINT_FUZZ_EXAMPLES", "0"))
# The test suite tries the same 300 examples on every run, so a run fails only for a
# change in notelint; NOTELINT_FUZZ_EXAMPLES=N searches N new ones each time.
FUZZ = settings(
    deadline=None,
    max_examples=EXAMPLES or 300,
    derandomize=not EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# -- damage ---------------------------------------------------------------------------------

PASTED = st.sampled_from(
    [
        "\t",
        "\r",
        "\r\n",
        "\u00a0",
        "\u3000",
        "\u2028",
        "\x0c",
        "\x0b",
        "\u200b",
        "\ufeff",
        "\u0301",
        "\u202e",
        "👩‍👩‍👧",
        "阅读笔记：",
        "提出了一个多模态大模型",
        "（",
        "）",
        "＃",
        "ＧＰＴ３",
        "<",
        ">",
        "`",
        "``",
        "*",
        "**",
        "_",
        "[",
        "]",
        "(",
        ")",
        "#",
        "### ",
        "- ",
        "1. ",
        "\\",
        "|",
        "!",
        "&",
        "<!--",
        "-->",
        "<!-- notelint-disable -->",
        "<!-- notelint-disable-next-line NL305 -->",
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
        "<br>",
        "  <br>",
        '<img src="">',
        '<img src="a\\b.png">',
        "[[code]](https://github.com/o/r)",
        "[code](",
        "](",
        "https://",
        "```",
        "~~~",
        "    ",
        "2023",
        "\n",
    ]
)
# Any character but NUL (refused before linting) and lone surrogates (not text).
CHARACTER = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


@st.composite
def pasted(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 3)) == 0:
        return draw(st.text(CHARACTER, min_size=1, max_size=4))
    return draw(PASTED)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """A generated notes document after a few careless edits."""
    text = draw(documents())
    bom = text.startswith("\ufeff")
    lines = re.split(r"(?<=\n)|(?<=\r)(?!\n)", text.removeprefix("\ufeff"))
    lines = [line for line in lines if line]
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            lines.append(draw(pasted()))
            continue
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        op = draw(st.integers(0, 8))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines.insert(j, lines.pop(i))
        elif op == 4 and i + 1 < len(lines):  # two lines joined
            lines[i : i + 2] = [lines[i].rstrip("\r\n") + lines[i + 1]]
        else:  # something pasted into a line, or a piece cut out of it
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            if op == 5:
                cut = draw(st.integers(at, min(len(line), at + 12)))
                lines[i] = line[:at] + line[cut:]
            else:
                lines[i] = line[:at] + draw(pasted()) + line[at:]
    return ("\ufeff" if bom else "") + "".join(lines)


# -- what a span must point at ------------------------------------------------------------------

_YEAR = re.compile(r"\d{4}")
_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
_NUMBER = re.compile(r"\d{1,9}[.)]|[-*+]")
# Per rule: what the text of a finding's span must be, as the rule's message names it.
POINTS_AT = {
    "NL101": lambda t: bool(_YEAR.search(t)),
    "NL102": lambda t: bool(_YEAR.search(t)),
    "NL103": lambda t: bool(_YEAR.search(t)),
    "NL104": lambda t: bool(_YEAR.search(t)),
    "NL105": lambda t: bool(_YEAR.search(t)),
    "NL106": lambda t: bool(_YEAR.search(t)),
    "NL201": lambda t: "code" in t.lower(),
    "NL204": lambda t: t.rstrip().lower().endswith(("/", ".git")),
    "NL205": lambda t: "code" in t.lower(),
    "NL209": lambda t: not t.strip(),
    "NL301": lambda t: "details" in t.lower(),
    "NL302": lambda t: "details" in t.lower() or "summary" in t.lower(),
    "NL304": lambda t: bool(_NUMBER.match(t)),
    "NL306": lambda t: bool(_NUMBER.match(t.lstrip())),
    "NL308": lambda t: t.startswith(("**", "`", "[", "![")),
    "NL401": lambda t: "<img" in t.lower() or t.startswith("!["),
    "NL402": lambda t: "\\" in t,
    "NL404": lambda t: t.startswith("<"),
    "NL405": lambda t: t.lower().startswith("<img"),
    "NL501": lambda t: t != "" and not t.strip(" \t"),
    "NL502": lambda t: t != "" and not t.strip(),
    "NL503": lambda t: not t.strip(),
    "NL505": lambda t: t in ("-", "*", "+"),
    "NL506": lambda t: bool(_MARKER.fullmatch(t)),
    "NL507": lambda t: "\t" in t,
    "NL508": lambda t: t.startswith("#"),
    # The directive, or the rule name in it.
    "NL001": lambda t: t.strip() != "",
    "NL002": lambda t: t.strip() != "",
}
# Findings whose span may be empty: an empty URL; and where something is missing, the
# place it goes (a final newline, a blank line before a heading, a space before links).
MAY_BE_EMPTY = {"NL202", "NL209", "NL503", "NL504"}


def check_spans(source: Source, violations: list[Violation]) -> None:
    text = source.text
    for v in violations:
        assert 0 <= v.start <= v.end <= len(text), v
        shown = text[v.start : v.end]
        # Never between the two characters of a CRLF.
        for at in (v.start, v.end):
            assert not (0 < at < len(text) and text[at - 1] == "\r" and text[at] == "\n"), v
        if v.code not in MAY_BE_EMPTY:
            assert v.end > v.start, f"{v.code} has an empty span: {v.message}"
        rule = POINTS_AT.get(v.code)
        assert rule is None or rule(shown), f"{v.code} points at {shown!r}: {v.message}"
        if v.fix is not None:
            edits = sorted(v.fix.edits)
            for edit in edits:
                assert 0 <= edit.start <= edit.end <= len(text), (v, edit)
            for a, b in itertools.pairwise(edits):
                assert a.end <= b.start, f"{v.code}'s fix has overlapping edits"


def fixed(text: str, unsafe: bool) -> tuple[str, str]:
    """The body of the text after --fix (without the BOM the file keeps), and the whole
    file's text."""
    config = ALL_RULES.with_(fix=True, unsafe_fixes=unsafe)
    source = Source.from_text(text)
    try:
        body = fix_source(source, config).text
    except FixRefused as exc:  # a refusal is a rule's fix that is not safe
        raise AssertionError(f"fix refused ({exc}) on {text!r}") from exc
    return body, source.to_text(body)


def check_fix(text: str, unsafe: bool) -> None:
    after, once = fixed(text, unsafe)
    assert fixed(once, unsafe)[1] == once, "a second --fix changed the text"
    body = Source.from_text(text).text
    assert [x for x in lost_content(body, after, unsafe) if not _cut_by_a_tag(x, body)] == []


def _cut_by_a_tag(lost: str, before: str) -> bool:
    """A "URL" the content check read up to a tag inside it (`https://g<img src="">ithub…`):
    removing the empty image makes the URL whole, which is not a loss."""
    url = lost.removeprefix("url ").strip("'")
    # The check drops punctuation ending a URL (`https://github.<img>com`), so allow it.
    return lost.startswith("url ") and re.search(rf"{re.escape(url)}[.,;:!?]*<", before) is not None


# -- the properties -----------------------------------------------------------------------------


@FUZZ
@given(damaged())
def test_damaged_documents_lint_with_spans_on_what_they_name(text: str) -> None:
    source = Source.from_text(text)
    check_spans(source, lint_source(source, ALL_RULES))


@FUZZ
@given(damaged(), st.booleans())
def test_damaged_documents_fix_once_and_lose_nothing(text: str, unsafe: bool) -> None:
    check_fix(text, unsafe)


# Inputs fuzzing found, named after the rule (or the part of notelint, or of these tests)
# at fault, with whether unsafe fixes were on; each is fixed, and stays so.
FOUND: dict[str, tuple[str, bool]] = {
    # The entry's title is empty (its first line is a notes block): the span was too.
    "NL107-untitled-entry-points-at-its-marker": (
        "  - <details><summary>阅读笔记:</summary>\n\n###2022\n",
        True,
    ),
    # The merge put entries indented under the first section's last entry: children now.
    "NL104-deeper-entries-would-nest-when-merged": (
        '### 1962  \n- Title <img src="" />\n### 1962  \n'
        "  - arxiv [[code]] (https://gitlab.com/g/s/r)\n",
        True,
    ),
    # Removing an image glued to the next word took the space before it: words joined.
    "NL401-glued-image-joined-two-words": ('### 2023\n- Title <img src="" />**\n', False),
    "NL401-glued-image-joined-stray-characters": (
        '**2023**\r\n- Title <img src="" />\x97\x07\r\n',
        True,
    ),
    # An image without `src` whose path sat under another name: removing it lost the path.
    "NL401-path-under-another-attribute": (
        '  - <details>\r\n     <img g.\U0009f2e4\U000bd3fcsrc="https://example.org/f.png" />\r\n',
        False,
    ),
    # Removing an image's line left the next, indented line after a blank: a code block.
    "NL401-removed-line-would-strand-code": (
        '   <img src="" align="middle" />\r\n'
        '    <img src="asse)ts\\x.png" align="middle" /></details>\n',
        True,
    ),
    # Text after a note's `<br/>` was read as more of that note; removing an image before
    # it made it so, and the note's text seemed lost.
    "notes-text-after-a-break-is-not-the-note": (
        "### 2021 ###\r\n  - <details>\r\n    2. ratio 95% / 5%<br/>\r\n"
        "    <img align=m>\x84\x18\U0010006aiddle>\r\n",
        False,
    ),
    # An unclosed `<details>` took in the entry's next meta line, or the next notes block,
    # as notes: fixing the link there changed a "note", or NL305 never settled.
    "model-unclosed-details-took-the-next-meta-line": (
        "### 1970\r\n* 多模态大模型综述\n  - <details><summary>阅读笔记:</summary>\r\n"
        "  - NeurIPS 2023 [[Code]]()\r\n",
        False,
    ),
    "model-unclosed-details-took-the-next-block": (
        "###1977\n- Training\n  - <details><summary> Notes </summary>\n    1. a  <br>\n"
        "  - <details>\n    2. see  <br>\n",
        False,
    ),
    # Emptying a blank line between a lone "\r" and a "\n" made them one CRLF: a line fewer.
    "NL501-blank-line-between-cr-and-lf": (
        "- A title with trailing spaces\r   \n  - arxiv [[Code]](https://github.com/o/r)\n",
        True,
    ),
    # Not notelint's: the content check missed that `### [1<img>986]` is a year heading,
    # and the missing space before links is an empty span by design.
    "tests-year-split-by-an-empty-image": ('### [1<img src="">986]\n', True),
    "tests-missing-space-before-links": (
        '### 2023\n- Title-  <img src="" />\n  - EMNLP Findings[[code]] () \n',
        False,
    ),
    # A bullet item left of the `- <details>` it follows is the entry's next meta line.
    "notes-sibling-meta-line-inside-a-closed-block": (
        "**2023**\n- 多模态大模型综述\n  - <details>\n  - ACL [[code](../local/code)]\n"
        "    </details>\n",
        False,
    ),
    # A `<details` tag broken over two lines (by a lone "\r") crashed the notes reader.
    "notes-details-tag-broken-over-two-lines": (
        "### 1940\r\n- GLM\r\n  - <details\r><summary>阅读笔记: </summary>\n"
        "    1. GLM uses autoregressive blank infilling  <br>\n",
        True,
    ),
    # An image inside a CJK word: its removal joins the word, as the page already did.
    "model-image-inside-a-word-of-the-title": ('### 2019\n- 多模<img src="">态大模型综述\n', True),
    # An empty image cutting a URL in two: removing it makes a link, and loses nothing.
    "tests-url-cut-by-an-image": (
        '### 1940\n- GLM\n  - ICLR [[code]](https://g<img src="">ithub.com/o/r)\n',
        False,
    ),
    # An image path with a backslash inside a note: the fix changed the note's text
    # without saying so, and was refused. (A real one.)
    "NL402-backslash-path-inside-a-note": (
        "### 2023\n\n- T\n  - <details>\n    <summary>Notes</summary>\n"
        '    1. see <img src="assets\\x.png"> and <img src="b\\y.png"> here  <br>\n'
        "    </details>\n",
        False,
    ),
    # Removing an image from the start of a line made the rest a list item.
    "NL401-removal-would-start-a-list": (
        '### 1940\r\n<img src="">- Training language models\r\n'
        "  - ICLM [[code]](https://github.com/o/r/)\r\n",
        True,
    ),
    "tests-empty-image-before-a-venue": ('* Title <img src="" />  - Foo Bar[[code]]()\r\n', True),
    # A BOM after a blank line the fix removes: the file keeps it, as a character.
    "tests-a-byte-order-mark-after-a-blank-line": ("\n\ufeffNotes\n", True),
    # Two BOMs: the file keeps the first, so the second must survive a second --fix too.
    "tests-a-second-byte-order-mark": ("\ufeff\ufeffNotes\n", True),
    # A summary inside a title line: trimming or relabelling it changed the title, so the
    # fix was refused. It is reported without a fix now.
    "NL303-summary-inside-a-title": (
        "### 1944\r\n* Title [[code]] (https://github.com/o/t)  - <details><summary>阅读笔记: "
        "</summary>\r\n",
        True,
    ),
    # A tab-indented `- <details>` whose block NL507 and NL307 re-indented: one line of
    # it is a Markdown list on the page, which then cut the rest off the block and made
    # the image code. NL307 no longer moves lines past the raw HTML `<details>` opens
    # when part of the block is Markdown.
    "NL507-NL307-tab-indented-block-loses-its-image": (
        "## 1997\n* 多模态大模型综述\n\t- <details>\n    2. \n"
        '    <img src="assets/x.png" alt="x">\n    </details>\n',
        True,
    ),
    # A notes block at the left margin after a meta line: re-indenting it to the margin
    # moved it out of the entry, and its note with it. NL307 reports a block left of its
    # list item's text without a fix.
    "NL307-block-at-the-margin-leaves-its-entry": (
        "###2023\n  - [[ code ]](https://github.com/o/r.git)\n<details><summary>阅读笔记:</summary>\n"
        "    1. see [the paper](https://arxiv.org/abs/2203.02155)\n    </details>\n",
        True,
    ),
    # A `src` broken over two lines: re-indenting the second line changed the path.
    # NL307 reports a line that starts inside an image tag without a fix.
    "NL307-path-broken-over-two-lines": (
        '## 2021\r\n  - <details>\r\n    <img src="h\nttps://example.org/f.png" /></details>\r\n',
        False,
    ),
    # Two notes and an image on one line: without the image the line ended in the first
    # note's `<br>`, which the notes reader then took as the note's break, not its text,
    # so the note was not what NL401 said and the fix was refused. NL401 now reports an
    # image whose removal would end its note in a break without a fix.
    "NL401-two-notes-and-an-image-on-one-line": (
        "### 2023年\n  - <details>\n    4. trained with **RLHF** and `PPO`  <br>    4.   <br>"
        '\t<img src="" align="middle" />\n',
        True,
    ),
    # Text glued after an image opening a line of a notes block became more of the note
    # above once the image was gone. NL401 reports such an image without a fix.
    "NL401-text-after-a-removed-image-joins-the-note": (
        "### 2023\r\n  - <details>\r\n    2. see [the paper](https://arxiv.org/abs/2203.02155)"
        '\r\n\t<img src="" align="middle" />_\r\n',
        False,
    ),
    # A tag inside an unclosed tag (`<img <img src="">src="">`): removing the inner one
    # made the outer one whole, swallowing the text after it. NL401 reports an image
    # inside a tag left open without a fix.
    "NL401-image-inside-an-unclosed-image": ('## <img <img src="">src="">Papers\r\n', False),
    # Removing an image from a paragraph line left `</details>` at its start: an HTML
    # block, which swallowed the next meta line and its link. NL401 reports an image
    # whose removal would start a Markdown line with a tag without a fix.
    "NL401-removal-leaves-a-closing-tag-that-starts-a-block": (
        '* Title <img src="" />\n    <img src="" align="middle" /></details>\n'
        "  - iclr  [[code]](https://github.com/o/r.git)\n",
        False,
    ),
    # Two empty images alone on a notes line: each fix removed its image and kept the
    # line, which together left a blank line that ended the block's raw HTML before its
    # note. Images that are all their line holds now go with their line, in one fix.
    "NL401-two-images-alone-on-a-line": (
        "### 1940\n  - <details><summary>阅读笔记: </summary>\n"
        '    <img src="" align="middle" />    <img src="" align="middle" />\n'
        "    4. GLM uses autoregressive blank infilling  <br>\n",
        False,
    ),
    # An image tag broken by a lone "\r": removing it took both its lines. NL401 reports
    # an image tag broken over lines without a fix.
    "NL401-tag-broken-over-two-lines": (
        '- GLM-130B: An Open Bilingual Pre-trained Model\n    <img\r src="" align="middle" />\n',
        False,
    ),
    # An image glued inside a word of a note: NL401 said the note would read `G LM`, the
    # removal made it `GLM`, and the fix was refused. The note's new text is now what the
    # removal leaves.
    "NL401-image-inside-a-word-of-a-note": (
        "### 1940\n  - <details>\n"
        '    1. G<img src="">LM uses autoregressive blank infilling  <br>\n',
        False,
    ),
    # An empty image inside a title, cutting what would be a link's destination: removing
    # it made `[paper](https://…)` a link, so the title's words changed and the fix was
    # refused. NL401 reports an image in a title after a `](` left open, or between `]`
    # and `(`, without a fix.
    "NL401-removal-would-make-a-link-of-the-title": (
        '### 2024\n- Paper Four [[er](https://arxiv.org/abs/3)][[code](https://gi<img src="" />'
        "thub.com/a/three)]\n",
        False,
    ),
    # `[[code]] (url)` with a `(` in its "URL": written as `[[code]](url)`, the unbalanced
    # parenthesis ran the destination on past its `)`, over the next code link, to a `)`
    # on the next line; the next link's URL was lost. NL201 reports such a spaced code
    # link without a fix.
    "NL201-spaced-url-would-run-on-over-the-next-link": (
        "### 2023\n- Paper Five\n"
        "  - ICLR [[code]] (https://github](https://arxiv.org/abs/6)][[code]](https://github.com/a/five)\n"
        "  )\n",
        False,
    ),
    # `###Notes` inside a `## 2023` section of a group whose years are at level 3: NL508
    # judged the heading by the year's level now, and NL102 moved the year to level 3 in
    # the same pass, so the new heading ended the section and the entry after it was no
    # longer one. NL508 now judges by the deeper of the two levels, and leaves it unfixed.
    "NL508-heading-would-end-a-year-moved-deeper": (
        "### 2022\n- A paper\n\n## 2023\n- Another paper\n\n###Notes\n\n- A third paper\n",
        False,
    ),
    # An image inside a title's link text: the title is compared with the link's text,
    # tag and path included, so writing the path with `/` changed the title without the
    # fix saying so, and it was refused. NL402 now declares the title's new text too.
    "NL402-backslash-path-inside-a-title-link": (
        '### 2022\n- [Paper Tw<img src="assets\\x.png" align="middle" />o](https://arxiv.org/abs/2)\n',
        False,
    ),
    # A year heading moved deeper, to its group's level, past a heading inside its
    # section: that heading then ended the section, and the entry after it left the year.
    # NL101 and NL102 now report such a year heading without a fix.
    "NL102-year-moved-past-an-inner-heading": (
        "# Paper\n\n### 2023\n\n- A paper\n\n## 2022\n\n### Surveys\n\n- A survey\n",
        False,
    ),
    "NL101-year-moved-past-an-inner-heading": (
        "# Paper\n\n### 2023\n\n- A paper\n\n##2022\n\n### Surveys\n\n- A survey\n",
        False,
    ),
    # A U+FEFF after a blank line opening the file: removing the blank line made it a
    # byte order mark, so the next run read `# Paper` as a heading and fixed more. NL502
    # now leaves such a blank line, with its finding.
    "NL502-blank-line-before-a-byte-order-mark": (
        "\n\ufeff# Paper\n- GLM-130B: An Open Bilingual Pre-trained Model\n"
        "  - ICLR [[code]](https://github.com/o/r)\n",
        False,
    ),
    # An empty image inside a link's text on a title line (`[<img src="">[code]](u)`):
    # the content check read the link's text with the image in it, so its removal lost
    # the title. A title's link text is now read without its images, as the rest is.
    "NL401-image-inside-a-link-on-a-title-line": (
        "# Paper\n\n### 1940\n\n- GLM-130B: An Open Bilingual Pre-trained Model\n\n"
        ' - ICLR [<img src="">[code]](https://github.com/o/r)\n',
        False,
    ),
    # A code link whose text a lone "\r" breaks over two lines: NL201 rewrote it on
    # one line, and a line was gone. A link broken over lines is now reported unfixed.
    "NL201-code-link-broken-over-two-lines": (
        "# Paper\n\n### 1940\n\n- GLM-130B: An Open Bilingual Pre-trained Model\n\n"
        " - ICLR [\r[code]](https://github.com/o/r)\n",
        False,
    ),
    # The tests' content check cut an image tag at a `>` inside a quoted attribute
    # (`align="-->middle"`) and took the rest of the tag for a lost line.
    "tests-a-quoted-greater-than-in-an-image-tag": (
        "### 1940\n- GLM\n  - <details>\n    1. GLM uses blank infilling  <br>\n"
        '    <img src="" align="-->middle" />\n    2. and more of it  <br>\n',
        False,
    ),
    # A repository URL ending in an escaped slash (`r\/`): cutting the `/` left `r\`,
    # whose backslash escaped the link's `)`, and the URL was lost. NL202 and NL204 now
    # leave a URL holding a backslash as it is, with their findings.
    "NL204-url-ending-in-an-escaped-slash": (
        "# Paper\n\n### 1940\n\n- GLM-130B: An Open Bilingual Pre-trained Model\n"
        "  - ICLR [[code]](http://github.com/o/r\\/)\n",
        False,
    ),
    # A spaced code link glued to the text after it (`ICLR[[code]] (u)### 1940`): the
    # content check read it as a space in the title and the fixed link as nothing, so the
    # title "changed". Both forms of a code link now leave nothing in a title.
    "NL201-spaced-code-link-glued-to-the-title-after-it": (
        "# Paper\n\n### 1940\n\n- \n\n  - ICLR [[code]](https://github.com/o/r)\n"
        "  - ICLR[[code]] (https://github.com/o/r)### 1940\n- GLM-130B\n",
        False,
    ),
    # The same with a wrapped code link (`ICLR[[code](u)]### 1940`): its outer brackets
    # were read as spaces. A code link's wrapping brackets now go with it.
    "NL201-wrapped-code-link-glued-to-the-title-after-it": (
        "# Paper\n\n### 1940\n\n- \n\n  - ICLR [[code]](https://github.com/o/r)\n"
        "  - ICLR[[code](https://github.com/o/r)]### 1940\n- GLM-130B\n",
        False,
    ),
    # The tests' content check read `https://github.<img src="">com/o/r` as the URL
    # `https://github` (its final `.` dropped), which the fix made whole: not a loss.
    "tests-a-url-cut-by-an-image-after-a-dot": (
        '### 1940\n- GLM-130B\n  - arxiv  [[code]](https://github.<img src="">com/o/r)\n',
        False,
    ),
    # A year written eleven times: each repeat's merge inserted at the same place, one a
    # pass, and the fix loop gave up. NL104 now merges every repeat in one fix.
    "NL104-a-year-written-eleven-times": (
        "# Paper\n" + "".join(f"\n### 2023\n\n- Paper {i}\n" for i in range(11)),
        True,
    ),
}


@pytest.mark.parametrize(("text", "unsafe"), FOUND.values(), ids=FOUND.keys())
def test_found_by_fuzzing(text: str, unsafe: bool) -> None:
    source = Source.from_text(text)
    check_spans(source, lint_source(source, ALL_RULES))
    check_fix(text, unsafe)
