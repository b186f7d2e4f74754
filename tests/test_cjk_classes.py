"""The cheap forms the typography rules (NL6) scan text with find what the exact ones find.

Each check runs over every code point, so a new Unicode version that moves a character
in or out of a class shows here, not as a finding that silently changes.
"""

from __future__ import annotations

import random
import re
import sys
from array import array
from functools import cache

import regex

from notelint.model.char_tables import LATIN_WIDE, RE_ONLY_SPACE
from notelint.model.prose import (
    _WIDE,
    FULLWIDTH_ALNUM_CHAR,
    LETTER,
    SHORTCODE,
    _fast_verbatim,
    _verbatim,
    any_case,
    cjk_char,
    fullwidth_alnum,
    latin_char,
    verbatim_spans,
)
from notelint.rules.cjk_spacing import _DATE_UNITS


@cache
def every_character() -> str:
    """Every code point but the surrogates, built without an object for each."""
    points = array("I", range(0xD800))
    points.extend(range(0xE000, 0x110000))
    return points.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")


# The CJK class as Unicode's properties alone state it.
_CJK_BY_PROPERTY = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}[[\p{scx=Hira}\p{scx=Kana}]&&\p{Lm}]]", regex.V1
)


def test_cjk_letters_lie_where_the_class_first_looks() -> None:
    assert cjk_char().findall(every_character()) == _CJK_BY_PROPERTY.findall(every_character())


def test_fullwidth_alnum_ranges_are_the_property_class() -> None:
    by_property = "".join(fullwidth_alnum().findall(every_character()))
    assert FULLWIDTH_ALNUM_CHAR.findall(every_character()) == list(by_property)


def _matched(pattern: str, flags: int = 0) -> list[str]:
    return regex.compile(pattern, flags).findall(every_character())


def test_spelled_out_cases_are_what_the_case_insensitive_flag_matches() -> None:
    for letter in "abcdefghijklmnopqrstuvwxyz":
        assert _matched(any_case(letter)) == _matched(letter, regex.I), letter
    assert _matched(f"[{LETTER}]") == _matched("[A-Za-z]", regex.I)
    assert _matched(f"[{SHORTCODE}]") == _matched("[a-z0-9_+-]", regex.I)


# The verbatim pattern as first written, with the case-insensitive flag.
_VERBATIM_WITH_FLAG = regex.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?P<el>code|pre|kbd|samp|script|style|textarea)\b[^>]*>.*?(?:</(?P=el)\s*>|\Z)"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:[^<>\"']|\"[^\"<\n]*\"|'[^'<\n]*')*>"
    r"|`[^`\n]+`|\]\([^()\s]*\)"
    r"|(?:https?|ftp)://\S+|www\.[^\s<>]+"
    r"|&(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"
    r"|:[a-z0-9_+-]+:"
    r"|\\[!-/:-@\[-`{-~]",
    regex.I | regex.S,
)
_PIECES = (
    "<", ">", "!--", "-->", "code", "CODE", "Pre", "\u017fcript", "kbd", "textarea", "/", '"',
    "'", "`", "]", "(", ")", "http", "HTTP\u017f", "ftp", "://", "www.", "WwW.", "&", "#", "x",
    "X", ";", ":", "a", "\u0130", "\u0131", "\u212a", "\\", "!", " ", "\n", "\u0301", "_",
    "+", "-", "中", "</code>", "</CODE >", "</\u017ftyle>", "amp", "\x1c",
)  # fmt: skip


def test_verbatim_scan_finds_what_the_flagged_pattern_finds() -> None:
    pick = random.Random(6)
    for _ in range(20000):
        text = "".join(pick.choice(_PIECES) for _ in range(pick.randrange(1, 25)))
        want = [m.span() for m in _VERBATIM_WITH_FLAG.finditer(text)]
        assert [m.span() for m in _verbatim().finditer(text)] == want, text


def test_cjk_letters_are_never_latin() -> None:
    """NL601 reads a pair as one CJK letter and one Latin one, never both."""
    cjk = set(cjk_char().findall(every_character()))
    assert not cjk & set(latin_char().findall(every_character()))
    assert cjk >= _DATE_UNITS


def test_latin_table_is_the_property_class() -> None:
    """scripts/char_tables.py writes the table: run it again if this fails."""
    wide = [c for c in latin_char().findall(every_character()) if "\u0100" <= c <= "\uffff"]
    assert re.findall(f"[{LATIN_WIDE}]", every_character()) == wide


def test_space_table_is_what_re_adds_to_the_regex_modules_space() -> None:
    """scripts/char_tables.py writes the table: run it again if this fails."""
    plain = set(re.findall(r"\s", every_character()))
    assert set(regex.findall(r"\s", every_character())) == plain - set(
        re.findall(f"[{RE_ONLY_SPACE}]", every_character())
    )
    assert re.findall(f"[{RE_ONLY_SPACE}]", every_character()) == sorted(
        plain - set(regex.findall(r"\s", every_character()))
    )


def test_wide_runs_hold_every_cjk_letter_and_no_latin_one() -> None:
    wide = set(re.findall(_WIDE, every_character()))
    assert wide >= set(cjk_char().findall(every_character()))
    # Beyond U+FFFF the runs are not read (``Prose.wide_runs``).
    assert not wide & {c for c in latin_char().findall(every_character()) if c <= "\uffff"}
    assert min(wide) > "\u00ff"


# What a text without a code element's tag or an odd case of a letter is made of.
_ELEMENTS = ("code", "pre", "kbd", "textarea")
_PLAIN_PIECES = (
    *(p for p in _PIECES if p.isascii() and not any(e in p.lower() for e in _ELEMENTS)),
    *("\u3000", "\u2028", "\x85", "\xa0", "\x1f", "www.", "\u4e2d\u6587", '"', "'", "="),
)


def test_plain_verbatim_scan_finds_what_the_flagged_pattern_finds() -> None:
    pick = random.Random(7)
    fast = _fast_verbatim()
    for _ in range(20000):
        text = "".join(pick.choice(_PLAIN_PIECES) for _ in range(pick.randrange(1, 25)))
        want = [m.span() for m in _VERBATIM_WITH_FLAG.finditer(text)]
        assert [m.span() for m in fast.finditer(text)] == want, text
        assert verbatim_spans(text) == want, text


def test_verbatim_spans_are_what_the_flagged_pattern_finds() -> None:
    pick = random.Random(8)
    for _ in range(5000):
        text = "".join(pick.choice(_PIECES) for _ in range(pick.randrange(1, 25)))
        assert verbatim_spans(text) == [m.span() for m in _VERBATIM_WITH_FLAG.finditer(text)]
