"""Patterns moved from the ``regex`` module to ``re`` find exactly what they found before.

``re`` compiles a pattern in a third of the time, which a small file's check feels, but
it knows an older Unicode and folds case and spaces its own way. The classes of
``syntax/char_classes.py`` bridge that, each checked here over every code point; each
moved pattern is then checked against its ``regex`` original on text made of what it
looks for and of the characters on which the two modules disagree.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from notelint.model import paper_lists as paper_lists_model
from notelint.rules import (
    code_hosts,
    empty_images,
    entries,
    html,
    image_files,
    links,
    meta,
    note_lines,
    notes_indent,
    paper_match,
    urls,
)
from notelint.syntax import notes
from notelint.syntax.char_classes import DIGIT, NOT_SPACE, RE_ONLY_SPACE, SPACE
from test_cjk_classes import every_character


@pytest.mark.parametrize(
    ("moved", "original"),
    [
        (DIGIT, r"\d"),
        (SPACE, r"\s"),
        (NOT_SPACE, r"\S"),
        (rf"(?:[^\s<>]|[{RE_ONLY_SPACE}])", r"[^\s<>]"),
    ],
)
def test_classes_match_their_regex_originals(moved: str, original: str) -> None:
    assert re.findall(moved, every_character()) == regex.findall(original, every_character())


# Each moved pattern, with its ``regex`` original: the source and flags it had.
MOVED: list[tuple[str, Any, str, int]] = [
    ("links.wrapped", links._STYLES[0][0], r"^\[\[(?P<label>[^\[\]]+)\]\((?:u|url)?\)\]$", 0),
    ("links.double", links._STYLES[1][0], r"^\[\[(?P<label>[^\[\]]+)\]\](?:\((?:u|url)?\))?$", 0),
    ("links.plain", links._STYLES[2][0], r"^\[(?P<label>[^\[\]]+)\](?:\((?:u|url)?\))?$", 0),
    (
        "urls.scheme",
        urls._SCHEME,
        r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):(?P<rest>.*)$",
        regex.S,
    ),
    ("urls.http", urls._HTTP_URL, r"^(https?://)([^/?#]+)(/[^?#]*)$", 0),
    ("html.scheme", html._SCHEME, r"^(?![A-Za-z]:[\\/])[A-Za-z][A-Za-z0-9+.\-]*:", 0),
    ("html.backslashes", html._HTML_BACKSLASHES, r"\\+", 0),
    ("html.md_backslashes", html._MD_BACKSLASHES, r"(?:\\\\|\\(?![!-/:-@\[-`{-~]))+", 0),
    ("images.marker_only", empty_images._MARKER_ONLY, r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])?[ \t]*$", 0),
    (
        "images.bare_or_code",
        empty_images._BARE_OR_CODE_ITEM,
        r"[ ]*(?:[-*+]|\d{1,9}[.)])(?:[ ]*$|[ ]{5,}\S)",
        0,
    ),
    (
        "images.block_start",
        empty_images._BLOCK_START,
        r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|#{1,6}(?:[ \t]|$)|>|[=`~_*-]{3}",
        0,
    ),
    ("images.html_start", empty_images._HTML_START, r"<[A-Za-z/!?]", 0),
    ("images.open_tag", empty_images._OPEN_TAG, r"<[A-Za-z/!?][^<>]*$", 0),
    (
        "images.attribute",
        empty_images._ATTRIBUTE,
        r"""([^\s"'=<>/]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""",
        0,
    ),
    (
        "notes_indent.prefix",
        notes_indent._BLOCK_PREFIX,
        r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?$",
        0,
    ),
    ("meta.venue_word", meta._VENUE_WORD, r"[A-Za-z]+", 0),
    ("meta.marker", meta._MARKER, r"[-*+]|\d{1,9}[.)]", 0),
    ("entries.tag", entries._TAG, r"<[^<>]*>", 0),
    ("entries.bare_url", entries._BARE_URL, r"^<?(?:https?|ftp)://\S+$", regex.I),
    ("paper_match.tag", paper_match._TAG, r"<[^<>]*>", 0),
    ("paper_match.bare", paper_match._BARE_IN_TEXT, r"https?://[^\s<>()\[\]]+", regex.I),
    (
        "paper_match.nickname",
        paper_match._NICKNAME,
        r"^\s*(?:\*\*|__)?\[[^\[\]]*\](?:\*\*|__)?\s*",
        0,
    ),
    (
        "code_hosts.self_hosted",
        code_hosts._SELF_HOSTED,
        r"^(?:gitlab|gitea|forgejo|git)\.[a-z0-9-]+\.[a-z]",
        0,
    ),
    ("image_files.escaped", image_files._ESCAPED, r"\\([!-/:-@\[-`{-~])", 0),
    ("note_lines.tag", note_lines._TAG, r"<[^<>\n]*>", 0),
]

# Where ``re`` and ``regex`` part: separators ``re`` takes for spaces, digits of a newer
# Unicode, letters that fold to ASCII ones, a combining mark, wide forms; and the pieces
# the patterns are made of, so that they match often.
_ODD = (
    "\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000\t\n\r\x0b\x0c"
    "\u0131\u0130\u017f\u212a\u0301\xe9\u4e2d\uff1a\u3010\uff08\u0663\U00010d40\U0001e5fa"
)
_PIECES = [
    *"""
    [[ ]] [ ] ( ) (u) (url) code http:// HTTPS:// ftp:// www. github.com gitlab. git. .org / \\
    \\\\ \\* C:\\ c:/ mailto: # ? < > </ <img <!-- <? <A src SRC alt = " ' ` - * + 1. 12)
    1234567890. _ ** __ ~~~ === x Z . ) src="a/b" src='a' src=a.png a=b [a](u) [[a]](url)
    """.split(),  # noqa: SIM905
    " ",
    "  ",
    "     ",
    "\n",
]
_TEXT = st.lists(
    st.one_of(st.sampled_from(_PIECES + list(_ODD)), st.characters()), max_size=24
).map("".join)


def _found(m: Any, groups: int) -> Any:
    """A match as the two modules can agree on: its span and each group's text and span."""
    if m is None:
        return None
    return (m.span(), [(m.group(i), m.span(i)) for i in range(1, groups + 1)])


def _agree(name: str, moved: Any, original: Any, text: str, pos: int = 0, end: int = -1) -> None:
    """Whether the two patterns find the same in ``text`` (from ``pos`` to ``end``)."""
    groups = original.groups
    end = len(text) if end < 0 else end
    for method in ("search", "match", "fullmatch"):
        got = getattr(moved, method)(text, pos, end)
        want = getattr(original, method)(text, pos, end)
        assert _found(got, groups) == _found(want, groups), (name, method, text, pos, end)
    assert [_found(m, groups) for m in moved.finditer(text)] == [
        _found(m, groups) for m in original.finditer(text)
    ], (name, text)


@pytest.mark.parametrize(("name", "moved", "source", "flags"), MOVED, ids=[m[0] for m in MOVED])
def test_moved_pattern_agrees_on_every_pair_of_pieces(
    name: str, moved: Any, source: str, flags: int
) -> None:
    original = regex.compile(source, flags)
    assert moved.groups == original.groups, name
    tokens = _PIECES + list(_ODD)
    for text in (a + b for a in tokens for b in tokens):
        _agree(name, moved, original, text)


@pytest.mark.parametrize(("name", "moved", "source", "flags"), MOVED, ids=[m[0] for m in MOVED])
@settings(max_examples=300, deadline=None)
@given(text=_TEXT, data=st.data())
def test_moved_pattern_finds_what_its_regex_original_found(
    name: str, moved: Any, source: str, flags: int, text: str, data: st.DataObject
) -> None:
    original = regex.compile(source, flags)
    pos = data.draw(st.integers(0, len(text)))
    _agree(name, moved, original, text, pos, data.draw(st.integers(pos, len(text))))
    assert moved.sub("<\\g<0>>", text) == original.sub("<\\g<0>>", text), name


def test_src_attribute_agrees_on_every_pair_of_pieces() -> None:
    tokens = _PIECES + list(_ODD)
    for text in (a + b + c for a in tokens for b in tokens for c in ("", " ", ">")):
        _same_src(text)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_src_attribute_finds_what_its_regex_original_found(text: str) -> None:
    _same_src(text)


def _same_src(text: str) -> None:
    """The ``regex`` original named its three alternatives alike; ``re`` cannot."""
    original = regex.compile(
        r"""(?<=\s)src\s*=\s*(?:"(?P<v>[^"]*)"|'(?P<v>[^']*)'|(?P<v>[^\s"'=<>`]+))""", regex.I
    )
    for at in range(len(text) + 1):
        got, want = notes._SRC_ATTR.search(text, at), original.search(text, at)
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            v = got.lastgroup or ""
            assert (got.span(), got.group(v), got.span(v)) == (
                want.span(),
                want.group("v"),
                want.span("v"),
            )


def test_case_blind_letters_that_prefilters_look_for_have_two_cases() -> None:
    """``<a`` and ``alt`` (``re``) and ``Findings`` (``regex``), all case-blind, are
    looked for in the two ASCII cases of their letters before their patterns compile."""
    assert re.findall("[alt]", every_character(), re.I) == ["A", "L", "T", "a", "l", "t"]
    assert regex.findall("f", every_character(), regex.I) == ["F", "f"]


def test_link_glue_takes_the_characters_it_took() -> None:
    assert re.findall(r"(?:[\s\[\](),;|/·:-]|•|：)", every_character()) == re.findall(
        r"[\s\[\](),;|/·•:：-]", every_character()
    )


def test_letters_of_findings_of_fold_only_to_their_cases() -> None:
    """An ASCII label that ``meta._OF`` matches holds `of` in some case."""
    assert regex.findall("[of]", every_character(), regex.I) == ["F", "O", "f", "o"]


_FIELD_PIECES = [
    *"""
    paper Paper PAPER code Code project page metrics dataset comments authors venue year
    notes summary links abstract keywords KEYWORDS tl;dr video slides demo homepage website
    interpretation evaluation toolkit 解读 中文解读 论文 代码 ** ( ) x [ ] - 1. : ：
    \u212a \u017f \u0131 \u0130 \u212aeywords \u017fummary
    """.split(),  # noqa: SIM905
    " ",
    "\t",
    "\u3000",
    "\x1c",
    "\n",
]


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.sampled_from(_FIELD_PIECES), max_size=8).map("".join))
def test_field_prefilter_lets_every_field_through(text: str) -> None:
    field = paper_lists_model._FIELD.match(text)
    assert paper_lists_model._is_field(text) == bool(field)
