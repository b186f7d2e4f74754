"""The example notes the project started from (../shared/example/paper-notes.md).

Every finding listed here was checked by reading the file; a new rule that reports on
the example belongs in the list only after the same review.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from notelint.config.options import Config
from notelint.engine.linting import lint_source
from notelint.front.cli import main
from notelint.syntax.source import BOM, Source

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "example" / "paper-notes.md"

if not EXAMPLE.is_file():
    pytest.skip("../shared/example/paper-notes.md is not here", allow_module_level=True)

EXPECTED = [
    "1:1 NL502",  # two blank lines open the file
    "11:5 NL305",  # note 1 has no <br>: it runs into note 2 on one line
    "13:5 NL401",  # <img src="">
    "17:5 NL208",  # ICLM: ICLR misspelt
    "17:20 NL204",  # .../GLM-130B/ ends in a slash
    "22:45 NL305",  # one space before <br>: a warning
    "26:5 NL401",
    "36:15 NL402",  # assets\instructGPT1.png
    "36:15 NL403",  # ... and there is no assets folder beside the example
    "37:15 NL402",
    "37:15 NL403",
    "47:5 NL401",
    "60:1 NL502",  # two blank lines before `# Blog`, where every other heading has one
    "64:85 NL503",  # no newline at the end
]

# Places that must stay silent: the file's own habits and what renders nothing.
SILENT = [
    "10:14 NL303",  # `<summary>阅读笔记: </summary>`: the author's template, in all five blocks
    "17:9 NL209",  # `ICLM  [[code]]`: both meta lines with a venue use two spaces
    "29:1 NL504",  # `### 2022` straight above its list: 3 of 5 headings have a blank after
    "41:8 NL209",
    "50:1 NL504",
]


# A numbered note in a notes block: its text, without the number or the break.
_NOTE = re.compile(r"^[ \t]*\d{1,4}[.)][ \t]*(.*?)[ \t]*(?:</?br\s*/?>)?[ \t]*$", re.M | re.I)


def _findings(data: bytes) -> list[str]:
    source = Source.from_bytes(data)
    found = []
    for v in lint_source(source, Config(), EXAMPLE):
        pos = source.position(v.start)
        found.append(f"{pos.line}:{pos.column} {v.code}")
    return found


def _fix(data: bytes) -> bytes:
    """The text ``notelint --fix`` writes, through standard input."""
    result = CliRunner().invoke(
        main, ["--fix", "--stdin-filename", str(EXAMPLE), "-"], input=data, catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout_bytes


def _notes(text: str) -> Counter[str]:
    return Counter(" ".join(m.group(1).split()) for m in _NOTE.finditer(text))


def test_findings() -> None:
    # Note 6 of the second entry is followed only by an empty image: nothing to run into.
    found = _findings(EXAMPLE.read_bytes())
    assert found == EXPECTED
    assert not set(found) & set(SILENT)


def test_fix_keeps_every_note() -> None:
    data = EXAMPLE.read_bytes()
    notes = _notes(data.decode("utf-8"))
    assert sum(notes.values()) == 18  # 2 + 6 + 3 + 3 + 4 in the five blocks
    fixed = _fix(data)
    assert fixed != data
    assert _notes(fixed.decode("utf-8")) == notes


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", ""), ("\n", BOM), ("\r\n", BOM)])
def test_line_endings_and_bom_fix_the_same(newline: str, bom: str) -> None:
    text = EXAMPLE.read_text("utf-8")
    want = _fix(text.encode("utf-8")).decode("utf-8")
    variant = bom + text.replace("\n", newline)
    fixed = _fix(variant.encode("utf-8")).decode("utf-8")
    assert fixed.startswith(bom)
    if newline == "\r\n":
        assert "\n" not in fixed.replace("\r\n", "")
    assert fixed.removeprefix(BOM).replace("\r\n", "\n") == want


def test_line_endings_and_bom_find_the_same() -> None:
    text = EXAMPLE.read_text("utf-8")
    variant = BOM + text.replace("\n", "\r\n")
    assert _findings(variant.encode("utf-8")) == _findings(text.encode("utf-8"))
