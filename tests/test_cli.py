"""The command line, end to end, with test-only rules in place of the real catalogue."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import notelint.rules  # noqa: F401  (imports the built-in rules before the registry is swapped)
from notelint.front.cli import main
from notelint.model.violation import Fix, Violation
from notelint.rules.base import REGISTRY, Rule, RuleContext, register
from notelint.version import __version__


def _find(ctx: RuleContext, word: str) -> Iterator[tuple[int, int]]:
    text = ctx.source.text
    start = text.find(word)
    while start != -1:
        yield start, start + len(word)
        start = text.find(word, start + 1)


class TodoRule(Rule):
    """Flag the word TODO; the safe fix says DONE."""

    code = "NL098"
    name = "test-todo"
    level = "warning"
    fix = "safe"
    changes_rendering = True  # the word shows on the page

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _find(ctx, "TODO"):
            yield self.violation(start, end, "TODO left", Fix.replace(start, end, "DONE"))


class XxxRule(Rule):
    """Flag the word XXX; the fix to YYY is unsafe."""

    code = "NL097"
    name = "test-xxx"
    level = "error"
    fix = "unsafe"
    changes_rendering = True  # the word shows on the page

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _find(ctx, "XXX"):
            fix = Fix.replace(start, end, "YYY", applicability="unsafe")
            yield self.violation(start, end, "XXX marker", fix)


class LoopRule(Rule):
    """Flag LOOP with a fix that never settles, so the engine refuses it."""

    code = "NL096"
    name = "test-loop"
    level = "error"
    fix = "safe"
    opt_in = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _find(ctx, "LOOP"):
            yield self.violation(start, end, "LOOP", Fix.replace(start, end, "LOOP"))


class BoomRule(Rule):
    """Crash on the word BOOM, as a buggy rule would."""

    code = "NL095"
    name = "test-boom"
    level = "error"

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for _ in _find(ctx, "BOOM"):
            raise RuntimeError("boom")
        yield from ()


TEST_RULES = (TodoRule, XxxRule, LoopRule, BoomRule)


@pytest.fixture(autouse=True)
def test_rules() -> Iterator[None]:
    """Run every test against the test rules alone, whatever rules the package has."""
    saved = dict(REGISTRY)
    REGISTRY.clear()
    for rule in TEST_RULES:
        register(rule)
    try:
        yield
    finally:
        REGISTRY.clear()
        REGISTRY.update(saved)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def write(path: Path | str, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


NOTES = "# Notes\n\n- a TODO here\n- XXX and TODO\n"


# -- checking and the output formats ------------------------------------------------------


def test_clean_file_passes(in_tmp: Path) -> None:
    write("ok.md", "# Notes\n")
    result = invoke("ok.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "All checks passed!\n", "")


def test_text_format(in_tmp: Path) -> None:
    write("notes.md", NOTES)
    result = invoke("notes.md")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout == textwrap.dedent(
        """\
        notes.md:3:5: NL098 [*] TODO left
        notes.md:4:3: NL097 XXX marker
        notes.md:4:11: NL098 [*] TODO left
        Found 3 problems (2 fixable with --fix).
        1 more fix can be enabled with --unsafe-fixes.
        """
    )


def test_unsafe_fixes_are_marked_fixable_with_unsafe_fixes(in_tmp: Path) -> None:
    write("notes.md", "XXX\n")
    result = invoke("--unsafe-fixes", "notes.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "notes.md:1:1: NL097 [*] XXX marker\nFound 1 problem (1 fixable with --fix).\n"
    )


def test_full_format_shows_the_line_and_a_caret_under_the_span(in_tmp: Path) -> None:
    write("notes.md", "# Notes\n\n- 中文 TODO\n\tXXX\n")
    result = invoke("--output-format", "full", "notes.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "notes.md:3:6: NL098 [*] TODO left\n"
        "  |\n"
        "3 | - 中文 TODO\n"
        "  |        ^^^^\n"
        "\n"
        "notes.md:4:2: NL097 XXX marker\n"
        "  |\n"
        "4 | \tXXX\n"
        "  | \t^^^\n"
        "\n"
        "Found 2 problems (1 fixable with --fix).\n"
        "1 more fix can be enabled with --unsafe-fixes.\n"
    )


def test_json_format(in_tmp: Path) -> None:
    write("notes.md", "é TODO\r\nXXX\r\n")
    result = invoke("--output-format", "json", "notes.md")
    assert result.exit_code == 1
    assert result.stdout.endswith("]\n")
    span = {"line": 1, "column": 3, "end_line": 1, "end_column": 7}
    assert json.loads(result.stdout) == [
        {
            "path": "notes.md",
            **span,
            "code": "NL098",
            "name": "test-todo",
            "level": "warning",
            "message": "TODO left",
            "fix": {"applicability": "safe", "edits": [{**span, "content": "DONE"}]},
        },
        {
            "path": "notes.md",
            "line": 2,
            "column": 1,
            "end_line": 2,
            "end_column": 4,
            "code": "NL097",
            "name": "test-xxx",
            "level": "error",
            "message": "XXX marker",
            "fix": {
                "applicability": "unsafe",
                "edits": [
                    {"line": 2, "column": 1, "end_line": 2, "end_column": 4, "content": "YYY"}
                ],
            },
        },
    ]


def test_json_format_without_problems_is_an_empty_array(in_tmp: Path) -> None:
    write("ok.md", "fine\n")
    result = invoke("--output-format=json", "ok.md")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_unknown_output_format_is_one_line_and_exit_2(in_tmp: Path) -> None:
    write("ok.md", "fine\n")
    result = invoke("--output-format", "jsno", "ok.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "notelint: error: unknown output format 'jsno' (did you mean 'json'? "
        "choose from text, full, json, github, gitlab, sarif, junit)\n"
        "Try 'notelint --help' for help.\n"
    )


# -- selection -----------------------------------------------------------------------------


def test_select_and_ignore_take_comma_separated_repeatable_lists(in_tmp: Path) -> None:
    write("notes.md", NOTES)
    result = invoke("--select", "NL097", "notes.md")
    assert result.stdout.splitlines()[:-2] == ["notes.md:4:3: NL097 XXX marker"]
    result = invoke("--select", "NL097,test-todo", "--ignore", "NL098", "notes.md")
    assert result.stdout.splitlines()[0] == "notes.md:4:3: NL097 XXX marker"
    assert result.stdout.splitlines()[1].startswith("Found 1 problem")
    result = invoke("--ignore", "NL097", "--ignore", "test-todo", "notes.md")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_extend_select_turns_on_an_opt_in_rule(in_tmp: Path) -> None:
    write("notes.md", "LOOP\n")
    assert invoke("notes.md").exit_code == 0
    result = invoke("--extend-select", "NL096", "notes.md")
    assert (
        result.stdout == "notes.md:1:1: NL096 [*] LOOP\nFound 1 problem (1 fixable with --fix).\n"
    )


def test_unknown_selector_is_one_line_and_exit_2(in_tmp: Path) -> None:
    write("notes.md", NOTES)
    result = invoke("--select", "NL098,XYZ", "notes.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "notelint: error: unknown rule selector 'XYZ'\n"


def test_isolated_is_accepted(in_tmp: Path) -> None:
    write("ok.md", "fine\n")
    assert invoke("--isolated", "ok.md").exit_code == 0


# -- paths -------------------------------------------------------------------------------


def test_no_paths_checks_markdown_under_the_current_folder(in_tmp: Path) -> None:
    write("b.md", "TODO\n")
    write("sub/a.md", "TODO\n")
    write("sub/skip.txt", "TODO\n")
    write(".hidden/c.md", "TODO\n")
    result = invoke()
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:-1] == [
        "b.md:1:1: NL098 [*] TODO left",
        "sub/a.md:1:1: NL098 [*] TODO left",
    ]


def test_missing_path_is_an_error_and_other_files_are_still_checked(in_tmp: Path) -> None:
    write("notes.md", "TODO\n")
    result = invoke("missing.md", "notes.md")
    assert result.exit_code == 2
    assert result.stderr == "notelint: error: missing.md: No such file or directory\n"
    assert (
        result.stdout
        == "notes.md:1:1: NL098 [*] TODO left\nFound 1 problem (1 fixable with --fix).\n"
    )


def test_folder_without_markdown_is_an_error(in_tmp: Path) -> None:
    write("docs/readme.txt", "TODO\n")
    result = invoke("docs")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "notelint: error: docs: no Markdown files found\n"


def test_non_utf8_file_is_one_error_line_and_the_good_file_is_still_reported(in_tmp: Path) -> None:
    (in_tmp / "bad.md").write_bytes(b"# Notes\n\nlatin-1 \xe9\n")
    write("good.md", "TODO\n")
    result = invoke("bad.md", "good.md")
    assert result.exit_code == 2
    assert result.stderr == (
        "notelint: error: bad.md: not UTF-8 text (invalid byte 0xe9 on line 3)\n"
    )
    assert (
        result.stdout
        == "good.md:1:1: NL098 [*] TODO left\nFound 1 problem (1 fixable with --fix).\n"
    )


def test_errors_alone_do_not_claim_all_checks_passed(in_tmp: Path) -> None:
    write("ok.md", "fine\n")
    result = invoke("ok.md", "missing.md")
    assert (result.exit_code, result.stdout) == (2, "")


def test_a_crashing_rule_is_one_line_without_traceback(in_tmp: Path) -> None:
    write("crash.md", "BOOM\n")
    write("notes.md", "TODO\n")
    result = invoke("crash.md", "notes.md")
    assert result.exit_code == 2
    assert result.stderr == "notelint: error: crash.md: internal error: RuntimeError: boom\n"
    assert result.stdout.startswith("notes.md:1:1: NL098")


def test_verbose_shows_the_traceback(in_tmp: Path) -> None:
    write("crash.md", "BOOM\n")
    result = invoke("-v", "crash.md")
    assert result.exit_code == 2
    first, *rest = result.stderr.splitlines()
    assert first == "notelint: error: crash.md: internal error: RuntimeError: boom"
    assert rest[0] == "Traceback (most recent call last):"
    assert rest[-1] == "RuntimeError: boom"


# -- fixing ------------------------------------------------------------------------------


def test_fix_rewrites_and_a_second_fix_changes_nothing(in_tmp: Path) -> None:
    path = write("notes.md", "# Notes\n\n- a TODO\n- another TODO\n")
    result = invoke("--fix", "notes.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "Fixed 2 problems.\n", "")
    assert path.read_text() == "# Notes\n\n- a DONE\n- another DONE\n"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    result = invoke("--fix", "notes.md")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_fix_reports_what_remains(in_tmp: Path) -> None:
    path = write("notes.md", "TODO XXX\n")
    result = invoke("--fix", "notes.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "notes.md:1:6: NL097 XXX marker\n"
        "Fixed 1 problem.\n"
        "Found 1 problem.\n"
        "1 more fix can be enabled with --unsafe-fixes.\n"
    )
    assert path.read_text() == "DONE XXX\n"
    result = invoke("--fix", "--unsafe-fixes", "notes.md")
    assert (result.exit_code, result.stdout) == (0, "Fixed 1 problem.\n")
    assert path.read_text() == "DONE YYY\n"


def test_fix_keeps_crlf_bom_and_mode_and_leaves_no_temporary_file(in_tmp: Path) -> None:
    path = in_tmp / "notes.md"
    path.write_bytes(b"\xef\xbb\xbf# Notes\r\n\r\n- TODO \xe4\xb8\xad\r\n")
    path.chmod(0o604)
    result = invoke("--fix", "notes.md")
    assert (result.exit_code, result.stdout) == (0, "Fixed 1 problem.\n")
    assert path.read_bytes() == b"\xef\xbb\xbf# Notes\r\n\r\n- DONE \xe4\xb8\xad\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert sorted(os.listdir(in_tmp)) == ["notes.md"]


def test_fix_does_not_rewrite_a_file_it_cannot_change(in_tmp: Path) -> None:
    clean = write("clean.md", "fine\n")
    stuck = write("stuck.md", "XXX\n")
    for path in (clean, stuck):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    result = invoke("--fix", "clean.md", "stuck.md")
    assert result.exit_code == 1
    assert [p.stat().st_mtime_ns for p in (clean, stuck)] == [1_000_000_000] * 2


def test_refused_fix_leaves_the_file_and_other_files_are_fixed(in_tmp: Path) -> None:
    loop = write("loop.md", "LOOP TODO\n")
    other = write("other.md", "TODO\n")
    result = invoke("--fix", "--extend-select", "NL096", "loop.md", "other.md")
    assert result.exit_code == 2
    assert result.stderr == (
        "notelint: error: loop.md: fix refused: fixes did not settle after 10 passes\n"
    )
    assert loop.read_text() == "LOOP TODO\n"
    assert other.read_text() == "DONE\n"
    assert result.stdout == (
        "loop.md:1:1: NL096 [*] LOOP\n"
        "loop.md:1:6: NL098 [*] TODO left\n"
        "Fixed 1 problem.\n"
        "Found 2 problems (2 fixable with --fix).\n"
    )


def test_diff_prints_the_fixes_and_writes_nothing(in_tmp: Path) -> None:
    path = write("notes.md", "# Notes\n\n- a TODO\n- XXX")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    result = invoke("--diff", "--unsafe-fixes", "notes.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- notes.md\n"
        "+++ notes.md\n"
        "@@ -1,4 +1,4 @@\n"
        " # Notes\n"
        " \n"
        "-- a TODO\n"
        "-- XXX\n"
        "\\ No newline at end of file\n"
        "+- a DONE\n"
        "+- YYY\n"
        "\\ No newline at end of file\n"
    )
    assert result.stderr == "Would fix 2 problems.\n"
    assert path.read_text() == "# Notes\n\n- a TODO\n- XXX"
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_diff_without_fixes_is_empty_and_exit_0(in_tmp: Path) -> None:
    write("notes.md", "XXX\n")
    result = invoke("--diff", "notes.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


# -- standard input ----------------------------------------------------------------------


def test_stdin_is_reported_under_the_stdin_filename(in_tmp: Path) -> None:
    result = invoke("-", "--stdin-filename", "notes/a.md", stdin=b"x TODO\n")
    assert result.exit_code == 1
    assert result.stdout == (
        "notes/a.md:1:3: NL098 [*] TODO left\nFound 1 problem (1 fixable with --fix).\n"
    )


def test_stdin_without_a_filename_is_called_dash(in_tmp: Path) -> None:
    result = invoke("-", stdin=b"TODO\n")
    assert result.stdout.splitlines()[0] == "-:1:1: NL098 [*] TODO left"


def test_stdin_fix_writes_the_text_to_stdout_and_the_report_to_stderr(in_tmp: Path) -> None:
    result = invoke("--fix", "-", "--stdin-filename", "a.md", stdin=b"\xef\xbb\xbfTODO\r\nXXX\r\n")
    assert result.exit_code == 1
    assert result.stdout_bytes == b"\xef\xbb\xbfDONE\r\nXXX\r\n"
    assert result.stderr == (
        "a.md:2:1: NL097 XXX marker\n"
        "Fixed 1 problem.\n"
        "Found 1 problem.\n"
        "1 more fix can be enabled with --unsafe-fixes.\n"
    )


def test_stdin_fix_of_undecodable_input_echoes_it_unchanged(in_tmp: Path) -> None:
    result = invoke("--fix", "-", "--stdin-filename", "a.md", stdin=b"TODO \xff\n")
    assert result.exit_code == 2
    assert result.stdout_bytes == b"TODO \xff\n"
    assert result.stderr == "notelint: error: a.md: not UTF-8 text (invalid byte 0xff on line 1)\n"


def test_dash_cannot_be_mixed_with_paths(in_tmp: Path) -> None:
    write("a.md", "fine\n")
    result = invoke("-", "a.md", stdin=b"")
    assert result.exit_code == 2
    assert "'-' (standard input) cannot be combined with other paths" in result.stderr


def test_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"notelint {__version__}\n")


# -- a real process ----------------------------------------------------------------------


def run_notelint(cwd: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "notelint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_process_exit_codes_and_error_lines(tmp_path: Path) -> None:
    write(tmp_path / "ok.md", "# Notes\n")
    (tmp_path / "bad.md").write_bytes(b"\xff\n")
    # NL0 is a valid selector whatever rules exist, and nothing in NL0 fires on a heading.
    ok = run_notelint(tmp_path, "--select", "NL0", "ok.md")
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, b"All checks passed!\n", b"")
    bad = run_notelint(tmp_path, "--select", "NL0", "ok.md", "bad.md", "missing.md")
    assert bad.returncode == 2
    assert bad.stderr.decode().splitlines() == [
        "notelint: error: missing.md: No such file or directory",
        "notelint: error: bad.md: not UTF-8 text (invalid byte 0xff on line 1)",
    ]
    usage = run_notelint(tmp_path, "--select", "NOPE", "ok.md")
    assert (usage.returncode, usage.stderr) == (
        2,
        b"notelint: error: unknown rule selector 'NOPE'\n",
    )
    assert b"Traceback" not in bad.stderr + usage.stderr


def test_process_reads_stdin_and_prints_the_version(tmp_path: Path) -> None:
    result = run_notelint(
        tmp_path, "--select", "NL0", "-", "--stdin-filename", "x.md", stdin=b"# x\n"
    )
    assert (result.returncode, result.stdout) == (0, b"All checks passed!\n")
    result = run_notelint(tmp_path, "--select", "NL0", "--fix", "-", stdin=b"# x\r\n")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        b"# x\r\n",
        b"All checks passed!\n",
    )
    version = run_notelint(tmp_path, "--version")
    assert version.stdout == f"notelint {__version__}\n".encode()


def test_process_fixes_with_a_rule_loaded_in_the_process(tmp_path: Path) -> None:
    """Exit 1 and --fix through real standard streams, with the test rule registered."""
    path = write(tmp_path / "notes.md", "TODO\r\n")
    script = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); "
        "import test_cli; from notelint.rules.base import register; "
        "register(test_cli.TodoRule); from notelint.front.cli import main; main()"
    )
    tests = str(Path(__file__).parent)
    check = subprocess.run(
        [sys.executable, "-c", script, tests, "--select", "NL098", "notes.md"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (check.returncode, check.stdout) == (
        1,
        b"notes.md:1:1: NL098 [*] TODO left\nFound 1 problem (1 fixable with --fix).\n",
    )
    fix = subprocess.run(
        [sys.executable, "-c", script, tests, "--select", "NL098", "--fix", "notes.md"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (fix.returncode, fix.stdout) == (0, b"Fixed 1 problem.\n")
    assert path.read_bytes() == b"DONE\r\n"
