"""The layout rules end to end: --fix tidies a notes file, keeps its bytes' conventions
(line endings, BOM, mode) and its words, --diff writes nothing, and a layout fix that
would change the page is refused."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from notelint.config.options import Config
from notelint.engine.linting import lint_source
from notelint.front.cli import main
from notelint.model.violation import Fix, Violation
from notelint.rules.base import REGISTRY, Rule, RuleContext, register
from notelint.syntax.source import Source

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "example" / "paper-notes.md"
BOM = "\ufeff".encode()
needs_example = pytest.mark.skipif(
    not EXAMPLE.is_file(), reason="../shared/example/paper-notes.md is not here"
)


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["--isolated", *args], input=stdin, catch_exceptions=False)


def example(tmp_path: Path, transform: str = "") -> Path:
    text = EXAMPLE.read_text("utf-8")
    data = (text.replace("\n", "\r\n") if "crlf" in transform else text).encode("utf-8")
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "README.md"
    path.write_bytes(BOM + data if "bom" in transform else data)
    path.chmod(0o640)
    return path


def _notes_and_titles(text: str) -> list[str]:
    """The words a fix must keep: each note's text and each entry's title."""
    found = []
    for line in text.splitlines():
        note = re.match(r"\s*\d+\.\s*(.*?)\s*(?:<br>)?\s*$", line)
        title = re.match(r"- (\w.*)$", line)
        if note and note.group(1):
            found.append(note.group(1))
        elif title:
            found.append(title.group(1).strip())
    return found


@needs_example
def test_fix_tidies_the_example_and_keeps_every_word(tmp_path: Path) -> None:
    path = example(tmp_path)
    before = path.read_text("utf-8")
    result = invoke("--fix", str(path))
    assert result.exit_code == 1  # the unknown venue and the missing images remain
    after = path.read_text("utf-8")
    assert after.startswith("# Paper\n\n### 2023\n\n- Language")
    assert after.endswith(")\n") and "\n\n\n" not in after
    # `### 2022` straight above its list is as common in the file as a blank line there.
    assert "### 2022\n- Training" in after and "</details>\n\n# Blog\n" in after
    assert not re.search(r"[ \t]\n", after.replace("  <br>\n", "<br>\n"))
    for words in _notes_and_titles(before):
        assert words in after
    layout = lint_source(Source.from_text(after), Config(select=("NL5",)))
    assert layout == []
    # Fixing again changes nothing, not even the file's time.
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert invoke("--fix", str(path)).exit_code == 1
    assert path.stat().st_mtime_ns == 1_000_000_000


@needs_example
@pytest.mark.parametrize("variant", ["crlf", "bom", "crlf+bom"])
def test_fix_keeps_line_endings_bom_and_mode(tmp_path: Path, variant: str) -> None:
    plain = example(tmp_path / "plain")
    invoke("--fix", str(plain))
    want = plain.read_bytes()
    if "crlf" in variant:
        want = want.replace(b"\n", b"\r\n")
    if "bom" in variant:
        want = BOM + want
    path = example(tmp_path / variant, variant)
    assert invoke("--fix", str(path)).exit_code == 1
    assert path.read_bytes() == want
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_mixed_line_endings_keep_each_lines_ending(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"# Notes\r\ntext  \n\n\n- a\r\n- b\n\n")
    assert invoke("--fix", str(path)).exit_code == 0
    assert path.read_bytes() == b"# Notes\r\ntext\n\n- a\r\n- b\n"


def test_diff_writes_nothing_and_is_coloured_only_for_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"# Notes\n- a  \n")
    result = invoke("--diff", str(path))
    assert result.exit_code == 1
    assert path.read_bytes() == b"# Notes\n- a  \n"
    assert result.stdout == (f"--- {path}\n+++ {path}\n@@ -1,2 +1,2 @@\n # Notes\n-- a  \n+- a\n")
    assert "\x1b[" not in result.stdout  # not a terminal
    coloured = invoke("--diff", "--color", str(path)).stdout
    assert "\x1b[32m+- a\x1b[0m\n" in coloured and "\x1b[31m-- a  \x1b[0m\n" in coloured
    assert "\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n" in coloured
    assert "\x1b[" not in invoke("--diff", "--no-color", str(path)).stdout


def test_fix_of_standard_input_writes_the_fixed_text(tmp_path: Path) -> None:
    result = invoke("--fix", "-", stdin=BOM + b"# Notes\r\n- a \r\n")
    assert result.stdout_bytes == BOM + b"# Notes\r\n- a\r\n"
    assert result.exit_code == 0


class JoinParagraphs(Rule):
    """Remove the blank line between two paragraphs: a layout fix that joins them."""

    code = "NL599"
    name = "test-join"
    level = "warning"
    fix = "safe"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        at = ctx.source.text.find("\n\n")
        if at >= 0:
            yield self.violation(at, at + 1, "blank line", Fix.replace(at, at + 1, ""))


@pytest.fixture
def join_rule() -> Iterator[None]:
    saved = dict(REGISTRY)
    REGISTRY.clear()
    register(JoinParagraphs)
    try:
        yield
    finally:
        REGISTRY.clear()
        REGISTRY.update(saved)


def test_a_layout_fix_that_changes_the_page_is_refused(tmp_path: Path, join_rule: None) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"one\n\ntwo\n")
    result = invoke("--fix", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"notelint: error: {path}: fix refused: NL599 (test-join) would change the rendered"
        " HTML near line 1: '<p>one</p><p>two</p>' would become '<p>one two</p>'\n"
    )
    assert path.read_bytes() == b"one\n\ntwo\n"
