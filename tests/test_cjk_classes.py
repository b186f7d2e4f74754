"""The cheap forms the typography rules (NL6) test characters with match the exact ones.

Each check runs over every code point, so a new Unicode version that moves a character
in or out of a class shows here, not as a finding that silently changes.
"""

from __future__ import annotations

import regex

from notelint.model.prose import FULLWIDTH_ALNUM_CHAR, cjk_char, fullwidth_alnum

EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)

# The CJK class as Unicode's properties alone state it.
_CJK_BY_PROPERTY = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}[[\p{scx=Hira}\p{scx=Kana}]&&\p{Lm}]]", regex.V1
)


def test_cjk_letters_lie_where_the_class_first_looks() -> None:
    assert cjk_char().findall(EVERY_CHARACTER) == _CJK_BY_PROPERTY.findall(EVERY_CHARACTER)


def test_fullwidth_alnum_ranges_are_the_property_class() -> None:
    by_property = "".join(fullwidth_alnum().findall(EVERY_CHARACTER))
    assert FULLWIDTH_ALNUM_CHAR.findall(EVERY_CHARACTER) == list(by_property)
