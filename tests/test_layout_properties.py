"""Property tests for the layout rules (NL5): their fixes change the file, never the page.

The documents mix what the layout rules must handle and what they must leave alone:
headings (some without their blank lines or their space), paragraphs with trailing
whitespace and line breaks, nested lists with mixed markers, steps and tabs, fenced and
indented code, tables, raw HTML, front matter and notes blocks, joined by runs of blank
lines, with LF, CRLF or mixed endings.

The check here renders the whole document before and after, independently of the
engine's own check (which renders only the changed stretches).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.config.options import Config
from notelint.engine import render
from notelint.engine.fixing import FixRefused, fix_source
from notelint.engine.render import normalize_html, render_html
from notelint.syntax.source import Source

# NL508 makes `#Title` a heading: it changes the page on purpose.
LAYOUT = Config(select=("NL501", "NL502", "NL503", "NL504", "NL505", "NL506", "NL507"))
ALL_LAYOUT = Config(select=("NL5",))

TRAIL = st.sampled_from(["", "", "", " ", "  ", "   ", "\t", "\t  ", " \t"])
WORDS = st.sampled_from(["GLM", "blank infilling", "训练方法", "a **bold** word", "x_y", "1. not"])
BULLET = st.sampled_from(["-", "-", "-", "*", "+"])
INDENT = st.sampled_from(["  ", "  ", "    ", "   ", "\t", " \t"])


def _lines(draw: st.DrawFn, count: int) -> list[str]:
    return [draw(WORDS) + draw(TRAIL) for _ in range(count)]


@st.composite
def headings(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["atx", "atx", "nospace", "setext", "year"]))
    word = draw(WORDS)
    if kind == "setext":
        return [word + draw(TRAIL), draw(st.sampled_from(["===", "---", "=====  "]))]
    if kind == "nospace":
        return ["#" * draw(st.integers(1, 3)) + word.replace(" ", "")]
    if kind == "year":
        return [draw(st.sampled_from(["### 2023", "###2022", "**2021**"]))]
    return ["#" * draw(st.integers(1, 4)) + " " + word + draw(TRAIL)]


@st.composite
def paragraphs(draw: st.DrawFn) -> list[str]:
    return _lines(draw, draw(st.integers(1, 3)))


@st.composite
def lists(draw: st.DrawFn, depth: int = 0) -> list[str]:
    bullet = draw(BULLET)
    out: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        out.append(f"{bullet} {draw(WORDS)}{draw(TRAIL)}")
        if draw(st.integers(0, 3)) == 0:
            out.append("  " + draw(WORDS) + draw(TRAIL))  # continuation line
        if depth < 2 and draw(st.integers(0, 2)) == 0:
            indent = draw(INDENT)
            out += [indent + line if line else line for line in draw(lists(depth + 1))]
        if draw(st.integers(0, 5)) == 0:
            out.append("")
    if draw(st.integers(0, 8)) == 0:
        out.append(bullet)  # an empty last item
    return out


@st.composite
def code(draw: st.DrawFn) -> list[str]:
    body = [draw(st.sampled_from(["x = 1  ", "\tindented", "", "# not a heading", "- a"]))]
    body += [draw(st.sampled_from(["", "", "  ", "y\t"])) for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        return ["```", *body, "```"]
    return ["    " + line if line else line for line in ["code", *body, "more"]]


TABLE = ["| name  | value  |" + " " * 2, "|-------|--------|", "| a  b  | c\td   | "]
HTML = st.sampled_from(
    [
        ["<div>  ", "\t<p>raw</p>", "</div>"],
        ["<pre>", "kept   ", "", "", "</pre>"],
        ["<!--", "", "", "-->"],
    ]
)


@st.composite
def notes(draw: st.DrawFn) -> list[str]:
    lines = ["### 2023", "", f"{draw(BULLET)} GLM: General Language Model"]
    indent = draw(st.sampled_from(["  ", "    ", "\t"]))
    lines += [indent + "- ACL [[code]](https://github.com/THUDM/GLM)" + draw(TRAIL)]
    lines += [indent + "- <details>", indent + "  <summary>Notes</summary>" + draw(TRAIL)]
    lines += [indent + "  1. blank infilling  <br>" + draw(TRAIL), indent + "  </details>"]
    return lines


BLOCKS = st.one_of(
    headings(), paragraphs(), lists(), code(), st.just(TABLE), HTML, notes(), headings()
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines: list[str] = [""] * draw(st.integers(0, 2))
    if draw(st.integers(0, 5)) == 0:
        lines = ["---", "title: x  ", "", "tags:\t[a]", "---"]
    for block in draw(st.lists(BLOCKS, min_size=1, max_size=7)):
        lines += block
        lines += [draw(st.sampled_from(["", "", " "])) for _ in range(draw(st.integers(0, 3)))]
    endings = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    text = ""
    for line in lines:
        text += line + (draw(st.sampled_from(["\n", "\r\n"])) if endings == "mixed" else endings)
    if draw(st.integers(0, 4)) == 0:
        text = text.rstrip("\r\n")
    return text


def _fix(text: str, config: Config) -> str:
    try:
        return fix_source(Source.from_text(text), config.with_(fix=True)).text
    except FixRefused as exc:  # a refusal is a bug in a layout rule: its fix is not safe
        raise AssertionError(f"fix refused ({exc}) on {text!r}") from exc


def _page(text: str) -> str:
    return normalize_html(render_html(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_layout_fixes_keep_the_page(text: str) -> None:
    fixed = _fix(text, LAYOUT)
    assert _page(fixed) == _page(text)
    assert _fix(fixed, LAYOUT) == fixed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_all_layout_rules_settle(text: str) -> None:
    fixed = _fix(text, ALL_LAYOUT)
    assert _fix(fixed, ALL_LAYOUT) == fixed


def test_the_page_check_sees_a_changed_page() -> None:
    """The property above can fail: joining two paragraphs changes the page."""
    assert _page("a\n\nb\n") != _page("a\nb\n")
    assert _page("a  \nb\n") != _page("a\nb\n")
    assert _page("- a\n* b\n") != _page("- a\n- b\n")
    assert _page("# H  \n\n\ntext\t\n") == _page("# H\n\ntext\n")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_rendering_only_what_changed_decides_as_rendering_all(text: str, unsafe: bool) -> None:
    """The engine renders only stretches that hold layout edits; rendering whole agrees."""
    config = Config(select=("ALL",), unsafe_fixes=unsafe, fix=True)

    def outcome() -> str:
        try:
            return fix_source(Source.from_text(text), config).text
        except FixRefused as exc:
            return f"refused: {exc}"

    quick = outcome()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "_REFERENCE", re.compile(""))  # matches: render whole texts
        whole = outcome()
    assert quick == whole
