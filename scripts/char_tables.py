"""Write src/notelint/model/char_tables.py: character classes for the standard ``re``.

The typography rules (NL6) take their classes from Unicode's properties through the
``regex`` module. A few scans run faster with the standard library's ``re``, which has
no such properties: this script reads the ``regex`` classes over every code point and
writes them as plain ranges. It also writes src/notelint/syntax/char_classes.py: the
``regex`` module's ``\\d`` and ``\\s`` as ``re`` classes, for patterns that compile faster
with ``re``. Run it again after upgrading ``regex`` when tests/test_cjk_classes.py or
tests/test_re_classes.py finds a table out of date.

    python scripts/char_tables.py
"""

from __future__ import annotations

import re
import sys
from array import array
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from notelint.model.prose import latin_char  # noqa: E402

TARGET = ROOT / "src" / "notelint" / "model" / "char_tables.py"
SYNTAX_TARGET = ROOT / "src" / "notelint" / "syntax" / "char_classes.py"


def every_character() -> str:
    """Every code point but the surrogates."""
    points = array("I", range(0xD800))
    points.extend(range(0xE000, 0x110000))
    return points.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")


def ranges(chars: str) -> list[tuple[int, int]]:
    """The code points of ``chars`` (in order, no repeats) as inclusive ranges."""
    out: list[tuple[int, int]] = []
    for point in map(ord, chars):
        if out and out[-1][1] == point - 1:
            out[-1] = (out[-1][0], point)
        else:
            out.append((point, point))
    return out


def spelled(spans: list[tuple[int, int]]) -> str:
    """A Python string literal of the ranges, as the inside of a ``re`` class."""

    def char(point: int) -> str:
        if chr(point).isalnum() and point < 0x80:
            return chr(point)
        if point > 0xFFFF:
            return f"\\U{point:08x}"
        return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"

    parts = [char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in spans]
    lines, line = [], ""
    for part in parts:
        if len(line) + len(part) > 80:
            lines.append(line)
            line = ""
        line += part
    lines.append(line)
    if len(lines) == 1:
        return f'"{line}"'
    return "(\n" + "".join(f'    "{line}"\n' for line in lines) + ")"


def main() -> None:
    every = every_character()
    wide = "".join(c for c in latin_char().findall(every) if "\u0100" <= c <= "\uffff")
    spaces = set(re.findall(r"\s", every))
    regex_spaces = set(regex.findall(r"\s", every))
    assert regex_spaces <= spaces, "regex's \\s matches what re's does not"
    extra = "".join(sorted(spaces - regex_spaces))
    TARGET.write_text(
        '"""Character classes for the standard ``re``, from the ``regex`` module\'s Unicode data.\n'
        "\n"
        "Written by scripts/char_tables.py: do not edit. tests/test_cjk_classes.py holds each\n"
        "equal to the class it comes from, over every code point.\n"
        '"""\n'
        "\n"
        "# The Latin letters and digits in their usual width (``prose.latin_char``) from U+0100\n"
        "# to U+FFFF, as the inside of a class.\n"
        f"LATIN_WIDE = {spelled(ranges(wide))}\n"
        "# What ``re``'s ``\\s`` matches and the ``regex`` module's does not, as the inside of\n"
        "# a class.\n"
        f"RE_ONLY_SPACE = {spelled(ranges(extra))}\n",
        encoding="utf-8",
    )


def write_syntax_classes() -> None:
    """Write the ``regex`` module's ``\\d`` and ``\\s`` as ``re`` classes, for every layer."""
    every = every_character()
    digits, regex_digits = set(re.findall(r"\d", every)), set(regex.findall(r"\d", every))
    assert digits <= regex_digits, "re's \\d matches what regex's does not"
    spaces, regex_spaces = set(re.findall(r"\s", every)), set(regex.findall(r"\s", every))
    assert regex_spaces <= spaces, "regex's \\s matches what re's does not"
    more_digits = spelled(ranges("".join(sorted(regex_digits - digits))))
    fewer_spaces = spelled(ranges("".join(sorted(spaces - regex_spaces))))
    SYNTAX_TARGET.write_text(
        'r"""The ``regex`` module\'s ``\\d``, ``\\s`` and ``\\S`` spelled for ``re``.\n'
        "\n"
        "A pattern moves from ``regex`` to ``re``, which compiles faster, only if it finds the\n"
        "same: ``re`` knows an older Unicode, so its ``\\d`` misses digits the ``regex`` module\n"
        "knows, and its ``\\s`` takes four separators that the ``regex`` module's does not.\n"
        "Written by scripts/char_tables.py: do not edit. tests/test_re_classes.py holds each\n"
        "equal to the class it comes from, over every code point.\n"
        '"""\n'
        "\n"
        "# What the ``regex`` module's ``\\d`` matches and ``re``'s does not, as the inside of a\n"
        "# class.\n"
        f"REGEX_ONLY_DIGIT = {more_digits}\n"
        "# What ``re``'s ``\\s`` matches and the ``regex`` module's does not, as the inside of\n"
        "# a class.\n"
        f"RE_ONLY_SPACE = {fewer_spaces}\n"
        "# The ``regex`` module's ``\\d``, ``\\s`` and ``\\S`` as ``re`` classes.\n"
        'DIGIT = "[\\\\d" + REGEX_ONLY_DIGIT + "]"\n'
        'SPACE = "[^\\\\S" + RE_ONLY_SPACE + "]"\n'
        'NOT_SPACE = "[\\\\S" + RE_ONLY_SPACE + "]"\n',
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
    write_syntax_classes()
