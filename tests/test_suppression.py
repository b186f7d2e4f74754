"""Suppression comments: which findings each directive hides, and that hidden ones stay unfixed.

The rule fixtures (tests/fixtures/NL001, NL002) cover the directive rules; these tests
cover the engine applying directives to every other rule's findings.
"""

from __future__ import annotations

import pytest

from notelint import fix_text, lint_text
from notelint.config.options import Config
from notelint.model.build import build
from notelint.model.directives import find_directives
from notelint.syntax.source import Source

# An entry with an unknown venue (NL208, an unsafe fix) and a notes block holding an
# empty image (NL401, a safe fix); {} marks where a test puts its directives.
ENTRY = """\
- GLM-130B: An Open Bilingual Pre-trained Model
  - ICLM [[code]](https://github.com/THUDM/GLM-130B)
  - <details>
    <summary>阅读笔记：</summary>
    1. GLM uses autoregressive blank infilling  <br>
    <img src="" align="middle" />
    </details>
"""
HEAD = "# Paper\n\n### 2023\n\n"


def findings(text: str, config: Config | None = None) -> list[tuple[int, str]]:
    source = Source.from_text(text)
    return [
        (source.position(v.start).line, v.code)
        for v in lint_text(text, config=config or Config(select=("NL0", "NL208", "NL4")))
    ]


def test_without_directives_both_findings_show() -> None:
    assert findings(HEAD + ENTRY) == [(6, "NL208"), (10, "NL401")]


def test_disable_next_line_hides_only_the_next_line() -> None:
    text = HEAD + ENTRY.replace(
        "  - ICLM", "  <!-- notelint-disable-next-line NL208 NL401 -->\n  - ICLM"
    )
    assert findings(text) == [(11, "NL401")]


def test_disable_line_hides_its_own_line_by_name() -> None:
    text = HEAD + ENTRY.replace(
        'middle" />', 'middle" /> <!-- notelint-disable-line img-empty-src -->'
    )
    assert findings(text) == [(6, "NL208")]


def test_a_range_ends_on_the_enable_line() -> None:
    text = (
        HEAD
        + "<!-- notelint-disable venue -->\n"
        + ENTRY
        + "<!-- notelint-enable venue -->\n"
        + ENTRY
        + "<!-- notelint-disable venue -->\n"
        + ENTRY.replace("GLM-130B)", "GLM-130B) <!-- notelint-enable NL208 -->")
    )
    # The range covers lines 5-12; an enable counts for the whole of its own line (23).
    assert findings(text) == [
        (11, "NL401"),
        (15, "NL208"),
        (19, "NL401"),
        (23, "NL208"),
        (27, "NL401"),
    ]


def test_a_range_without_enable_runs_to_the_end() -> None:
    text = HEAD + "<!-- notelint-disable NL208,NL401 -- drafts below -->\n" + ENTRY + ENTRY
    assert findings(text) == []


def test_bare_disable_hides_every_rule_until_a_rule_is_enabled_again() -> None:
    text = HEAD + "<!-- notelint-disable -->\n" + ENTRY + "<!-- notelint-enable NL401 -->\n" + ENTRY
    assert findings(text) == [(19, "NL401")]


def test_a_named_rule_can_be_disabled_again_inside_a_bare_range() -> None:
    text = (
        HEAD
        + "<!-- notelint-disable -->\n<!-- notelint-enable NL401 -->\n"
        + ENTRY
        + "<!-- notelint-disable NL401 -->\n"
        + ENTRY
    )
    assert findings(text) == [(12, "NL401")]


@pytest.mark.parametrize("where", ["start", "end"])
def test_disable_file_works_from_anywhere(where: str) -> None:
    directive = "<!-- notelint-disable-file NL208 -->\n"
    text = directive + HEAD + ENTRY if where == "start" else HEAD + ENTRY + directive
    lines = [code for _, code in findings(text)]
    assert lines == ["NL401"]


def test_bare_disable_file_hides_everything() -> None:
    assert findings(HEAD + ENTRY + "<!-- notelint-disable-file -->\n") == []


def test_directives_work_inside_notes_blocks_without_blank_lines() -> None:
    text = HEAD + ENTRY.replace(
        "    <img", "    <!-- notelint-disable-next-line NL401 -->\n    <img"
    )
    assert findings(text) == [(6, "NL208")]
    # And the comment line is no note and no summary: the block reads as before.
    full = Config(select=("ALL",))
    assert [c for _, c in findings(text, full)] == [
        c for _, c in findings(HEAD + ENTRY, full) if c != "NL401"
    ]


def test_a_comment_after_a_notes_break_is_not_part_of_the_note() -> None:
    text = HEAD + ENTRY.replace(
        "infilling  <br>", "infilling  <br> <!-- notelint-disable-line NL308 -->"
    )
    assert "NL305" not in [c for _, c in findings(text, Config(select=("NL3",)))]
    note = build(Source(text)).notes_blocks[0].notes[0]
    assert note.text == "GLM uses autoregressive blank infilling"
    assert note.break_text.strip() == "<br>"


def test_directives_in_code_are_text() -> None:
    text = (
        HEAD
        + "```markdown\n<!-- notelint-disable-file -->\n```\n\n"
        + "Write `<!-- notelint-disable-file -->` to switch a file off.\n\n"
        + ENTRY
    )
    assert find_directives(build(Source(text))) == []
    assert [c for _, c in findings(text)] == ["NL208", "NL401"]


def test_a_hidden_finding_is_not_fixed() -> None:
    config = Config(unsafe_fixes=True)
    text = HEAD + ENTRY.replace(
        "    <img", "    <!-- notelint-disable-next-line NL401 -->\n    <img"
    )
    fixed = fix_text(text, config=config)
    assert '<img src="" align="middle" />' in fixed  # hidden: kept
    assert "  - ICLR [[code]]" in fixed  # not hidden: fixed
    assert "<!-- notelint-disable-next-line NL401 -->" in fixed


def test_a_hidden_finding_stays_hidden_while_other_fixes_move_lines() -> None:
    # The empty image of the first entry is removed, so every later line moves up one;
    # the directive moves with its line and still hides the second entry's finding.
    text = (
        HEAD
        + ENTRY
        + ENTRY.replace("    <img", "    <!-- notelint-disable-next-line NL401 -->\n    <img")
    )
    fixed = fix_text(text, config=Config(select=("NL401",)))
    assert fixed.count('<img src=""') == 1
    assert findings(fixed, Config(select=("NL401",))) == []


def test_directives_work_in_crlf_files() -> None:
    text = (
        (HEAD + ENTRY)
        .replace("  - ICLM", "  <!-- notelint-disable-next-line venue -->\n  - ICLM")
        .replace("\n", "\r\n")
    )
    assert findings(text) == [(11, "NL401")]


def test_a_finding_belongs_to_the_line_it_starts_on() -> None:
    # NL301 points at the unclosed <details>; a directive on a later line of the block
    # does not hide it.
    text = HEAD + ENTRY.replace("    </details>\n", "")
    later = text.replace("<summary>", "<!-- notelint-disable-next-line NL301 -->\n    <summary>")
    assert "NL301" in [c for _, c in findings(later, Config(select=("NL301",)))]
    on_it = text.replace("  - <details>", "  - <details> <!-- notelint-disable-line NL301 -->")
    assert findings(on_it, Config(select=("NL301",))) == []
