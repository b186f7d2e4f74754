"""Every output format and report option, exactly, on one small fixed document."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import notelint.rules  # noqa: F401  (imports the built-in rules before the registry is swapped)
from notelint.front.cli import main
from notelint.model.violation import Fix, Violation
from notelint.report.github import command, escape_data, escape_property
from notelint.report.sarif import artifact_uri
from notelint.rules.base import REGISTRY, Rule, RuleContext, register
from notelint.version import __version__


def _words(ctx: RuleContext, word: str) -> Iterator[tuple[int, int]]:
    text = ctx.source.text
    start = text.find(word)
    while start != -1:
        yield start, start + len(word)
        start = text.find(word, start + 1)


class TodoRule(Rule):
    """Flag the word TODO; the safe fix says DONE.

    **Anti-pattern**

    ```markdown
    TODO
    ```

    **Best practice**

    ```markdown
    DONE
    ```
    """

    code = "NL098"
    name = "test-todo"
    level = "warning"
    fix = "safe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _words(ctx, "TODO"):
            yield self.violation(start, end, "TODO left", Fix.replace(start, end, "DONE"))


class XxxRule(Rule):
    """Flag the word XXX; the fix to YYY is unsafe."""

    code = "NL097"
    name = "test-xxx"
    level = "error"
    fix = "unsafe"
    changes_rendering = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _words(ctx, "XXX"):
            fix = Fix.replace(start, end, "YYY", applicability="unsafe")
            yield self.violation(start, end, "XXX: 100%, really", fix)


class WipRule(Rule):
    """Flag the word WIP (opt-in)."""

    code = "NL299"
    name = "test-wip"
    level = "warning"
    opt_in = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _words(ctx, "WIP"):
            yield self.violation(start, end, "WIP")


TEST_RULES = (XxxRule, TodoRule, WipRule)


@pytest.fixture(autouse=True)
def test_rules() -> Iterator[None]:
    saved = dict(REGISTRY)
    REGISTRY.clear()
    for rule in TEST_RULES:
        register(rule)
    try:
        yield
    finally:
        REGISTRY.clear()
        REGISTRY.update(saved)


# Columns count code points: TODO starts at column 6 after two CJK characters.
DOCUMENT = "# Notes\n\n- 中文 TODO\n- XXX and TODO\n"


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "notes.md"
    path.write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "clean.md").write_text("# Clean\n", encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- github ------------------------------------------------------------------------------


def test_github(notes: Path) -> None:
    result = invoke("--output-format", "github", "clean.md", "notes.md")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == (
        "::warning file=notes.md,line=3,col=6,endLine=3,endColumn=10,"
        "title=NL098 test-todo::TODO left\n"
        "::error file=notes.md,line=4,col=3,endLine=4,endColumn=6,"
        "title=NL097 test-xxx::XXX: 100%25, really\n"
        "::warning file=notes.md,line=4,col=11,endLine=4,endColumn=15,"
        "title=NL098 test-todo::TODO left\n"
    )


def test_github_prints_nothing_when_all_is_well(notes: Path) -> None:
    assert (invoke("--output-format", "github", "clean.md").stdout) == ""


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("error", {"file": "x,y:z.md", "line": 1}, "m:,%") == (
        "::error file=x%2Cy%3Az.md,line=1::m:,%25\n"
    )


def test_github_annotates_a_file_that_could_not_be_read(notes: Path) -> None:
    (notes.parent / "bad.md").write_bytes(b"\xff\n")
    result = invoke("--output-format", "github", "bad.md")
    assert result.exit_code == 2
    assert result.stdout == (
        "::error file=bad.md,title=notelint::bad.md: not UTF-8 text (invalid byte 0xff on line 1)\n"
    )


# -- gitlab ------------------------------------------------------------------------------


def test_gitlab(notes: Path) -> None:
    result = invoke("--output-format", "gitlab", "notes.md")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert [{k: v for k, v in i.items() if k != "fingerprint"} for i in issues] == [
        {
            "description": "NL098 TODO left",
            "check_name": "NL098",
            "severity": "minor",
            "location": {"path": "notes.md", "lines": {"begin": 3, "end": 3}},
        },
        {
            "description": "NL097 XXX: 100%, really",
            "check_name": "NL097",
            "severity": "major",
            "location": {"path": "notes.md", "lines": {"begin": 4, "end": 4}},
        },
        {
            "description": "NL098 TODO left",
            "check_name": "NL098",
            "severity": "minor",
            "location": {"path": "notes.md", "lines": {"begin": 4, "end": 4}},
        },
    ]
    # Stable across versions: a changed fingerprint shows every finding as new in GitLab.
    assert [i["fingerprint"] for i in issues] == [
        "049b3e5bba723a0001a28c19b066b99eea89c7b28470abe653dee064ec04d299",
        "47cbc10feffe57045e80ac8bd8d7fb8e2cb2afbe8154c80f55d18ef060d17512",
        "d310a59f741f6f5d7d82a6159f8d0c0e2a63810665bc587835f00b9c6d79fb63",
    ]
    # The recipe: path, code, message, the text pointed at, and which repeat this is.
    key = "notes.md\0NL098\0TODO left\0TODO\0" + "2"
    assert issues[2]["fingerprint"] == hashlib.sha256(key.encode()).hexdigest()


def test_gitlab_fingerprints_survive_lines_moving_and_tell_repeats_apart(notes: Path) -> None:
    before = [i["fingerprint"] for i in json.loads(invoke("--output-format=gitlab").stdout)]
    notes.write_text("# Notes\n\nA new paragraph.\n\n" + DOCUMENT[9:], encoding="utf-8")
    after = [i["fingerprint"] for i in json.loads(invoke("--output-format=gitlab").stdout)]
    assert after == before
    assert len(set(before)) == 3


# -- sarif -------------------------------------------------------------------------------

# The required properties of the SARIF 2.1.0 objects notelint writes, and the allowed
# values of their enumerations, as the OASIS schema (sarif-schema-2.1.0.json) states them.
SARIF_REQUIRED = {
    "sarifLog": ["version", "runs"],
    "run": ["tool"],
    "tool": ["driver"],
    "toolComponent": ["name"],
    "reportingDescriptor": ["id"],
    "reportingConfiguration": [],
    "multiformatMessageString": ["text"],
    "result": ["message"],
    "location": [],
    "physicalLocation": [],  # anyOf address / artifactLocation, checked below
    "artifactLocation": [],
    "region": [],
    "fix": ["artifactChanges"],
    "artifactChange": ["artifactLocation", "replacements"],
    "replacement": ["deletedRegion"],
    "artifactContent": [],
    "invocation": ["executionSuccessful"],
    "notification": ["message"],
}
LEVELS = {"none", "note", "warning", "error"}


def _object(kind: str, value: Any, where: str) -> dict[str, Any]:
    assert isinstance(value, dict), f"{where} must be an object"
    for key in SARIF_REQUIRED[kind]:
        assert key in value, f"{where} ({kind}) lacks required property {key!r}"
    return value


def _message(value: Any, where: str) -> None:
    message = _object("result", {"message": value}, where)["message"]
    assert isinstance(message, dict) and ("text" in message or "id" in message), where


def _region(value: Any, where: str) -> None:
    region = _object("region", value, where)
    for key in ("startLine", "startColumn", "endLine", "endColumn"):
        if key in region:
            assert isinstance(region[key], int) and region[key] >= 1, f"{where}.{key}"


def _artifact_location(value: Any, where: str) -> None:
    location = _object("artifactLocation", value, where)
    assert isinstance(location.get("uri", ""), str), where


def check_sarif(log: Any) -> None:
    """Check a log against the schema's required properties, enumerations and minimums."""
    log = _object("sarifLog", log, "log")
    assert log["version"] == "2.1.0"
    assert isinstance(log["runs"], list)
    for r, run in enumerate(log["runs"]):
        where = f"runs[{r}]"
        run = _object("run", run, where)
        driver = _object("toolComponent", _object("tool", run["tool"], where)["driver"], where)
        assert isinstance(driver["name"], str)
        rules = driver.get("rules", [])
        ids = []
        for i, rule in enumerate(rules):
            here = f"{where}.tool.driver.rules[{i}]"
            rule = _object("reportingDescriptor", rule, here)
            ids.append(rule["id"])
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule:
                    _object("multiformatMessageString", rule[key], f"{here}.{key}")
            if "defaultConfiguration" in rule:
                config = _object("reportingConfiguration", rule["defaultConfiguration"], here)
                assert config.get("level", "warning") in LEVELS
        assert run.get("columnKind", "unicodeCodePoints") in {
            "utf16CodeUnits",
            "unicodeCodePoints",
        }
        for i, invocation in enumerate(run.get("invocations", [])):
            here = f"{where}.invocations[{i}]"
            invocation = _object("invocation", invocation, here)
            assert isinstance(invocation["executionSuccessful"], bool)
            for n, note in enumerate(invocation.get("toolExecutionNotifications", [])):
                note = _object("notification", note, f"{here}.notifications[{n}]")
                _message(note["message"], here)
                assert note.get("level", "warning") in LEVELS
        for i, result in enumerate(run.get("results", [])):
            here = f"{where}.results[{i}]"
            result = _object("result", result, here)
            _message(result["message"], here)
            assert result.get("level", "warning") in LEVELS
            if "ruleIndex" in result:
                assert result["ruleIndex"] >= -1
                assert ids[result["ruleIndex"]] == result["ruleId"]
            for location in result.get("locations", []):
                physical = _object("location", location, here).get("physicalLocation")
                if physical is not None:
                    physical = _object("physicalLocation", physical, here)
                    assert "artifactLocation" in physical or "address" in physical
                    _artifact_location(physical["artifactLocation"], here)
                    _region(physical.get("region", {}), here)
            for fix in result.get("fixes", []):
                fix = _object("fix", fix, here)
                if "description" in fix:
                    _message(fix["description"], here)
                assert fix["artifactChanges"], f"{here}: a fix needs at least one change"
                for change in fix["artifactChanges"]:
                    change = _object("artifactChange", change, here)
                    _artifact_location(change["artifactLocation"], here)
                    assert change["replacements"], f"{here}: a change needs a replacement"
                    for replacement in change["replacements"]:
                        replacement = _object("replacement", replacement, here)
                        _region(replacement["deletedRegion"], here)
                        if "insertedContent" in replacement:
                            _object("artifactContent", replacement["insertedContent"], here)


def _sarif_result(code: str, index: int, level: str, message: str, span: list[int]) -> Any:
    line, column, end_line, end_column = span
    region = {"startLine": line, "startColumn": column, "endLine": end_line}
    region["endColumn"] = end_column
    location = {"artifactLocation": {"uri": "notes.md"}, "region": region}
    fix = {"safe": "DONE", "unsafe": "YYY"}["safe" if code == "NL098" else "unsafe"]
    return {
        "ruleId": code,
        "ruleIndex": index,
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "fixes": [
            {
                "description": {"text": f"{'safe' if code == 'NL098' else 'unsafe'} fix"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": "notes.md"},
                        "replacements": [
                            {"deletedRegion": region, "insertedContent": {"text": fix}}
                        ],
                    }
                ],
            }
        ],
    }


def test_sarif(notes: Path) -> None:
    result = invoke("--output-format", "sarif", "notes.md")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    check_sarif(log)
    todo_doc = inspect.getdoc(TodoRule)
    assert log == {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "notelint",
                        "version": __version__,
                        "rules": [
                            {
                                "id": "NL097",
                                "name": "test-xxx",
                                "shortDescription": {
                                    "text": "Flag the word XXX; the fix to YYY is unsafe."
                                },
                                "help": {
                                    "text": "Flag the word XXX; the fix to YYY is unsafe.",
                                    "markdown": "Flag the word XXX; the fix to YYY is unsafe.",
                                },
                                "defaultConfiguration": {"level": "error", "enabled": True},
                                "properties": {"fix": "unsafe", "opt-in": False},
                            },
                            {
                                "id": "NL098",
                                "name": "test-todo",
                                "shortDescription": {
                                    "text": "Flag the word TODO; the safe fix says DONE."
                                },
                                "help": {"text": todo_doc, "markdown": todo_doc},
                                "defaultConfiguration": {"level": "warning", "enabled": True},
                                "properties": {"fix": "safe", "opt-in": False},
                            },
                            {
                                "id": "NL299",
                                "name": "test-wip",
                                "shortDescription": {"text": "Flag the word WIP (opt-in)."},
                                "help": {
                                    "text": "Flag the word WIP (opt-in).",
                                    "markdown": "Flag the word WIP (opt-in).",
                                },
                                "defaultConfiguration": {"level": "warning", "enabled": False},
                                "properties": {"fix": "none", "opt-in": True},
                            },
                        ],
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": []}],
                "columnKind": "unicodeCodePoints",
                "results": [
                    _sarif_result("NL098", 1, "warning", "TODO left", [3, 6, 3, 10]),
                    _sarif_result("NL097", 0, "error", "XXX: 100%, really", [4, 3, 4, 6]),
                    _sarif_result("NL098", 1, "warning", "TODO left", [4, 11, 4, 15]),
                ],
            }
        ],
    }


def test_sarif_reports_unreadable_files_as_failed_execution(notes: Path) -> None:
    (notes.parent / "bad.md").write_bytes(b"\xff\n")
    result = invoke("--output-format", "sarif", "bad.md", "clean.md")
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    check_sarif(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": "bad.md: not UTF-8 text (invalid byte 0xff on line 1)"},
                }
            ],
        }
    ]


def test_sarif_checker_catches_missing_required_properties() -> None:
    for broken in (
        {"runs": []},
        {"version": "2.1.0", "runs": [{}]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]},
        {
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {}}]}],
        },
    ):
        with pytest.raises(AssertionError):
            check_sarif(broken)


def test_sarif_uris() -> None:
    assert artifact_uri("notes/a b#1.md") == "notes/a%20b%231.md"
    assert artifact_uri("/tmp/x.md") == "file:///tmp/x.md"


# -- junit -------------------------------------------------------------------------------


def test_junit(notes: Path) -> None:
    (notes.parent / "bad.md").write_bytes(b"\xff\n")
    result = invoke("--output-format", "junit", "bad.md", "clean.md", "notes.md")
    assert result.exit_code == 2
    assert result.stdout == textwrap.dedent(
        """\
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="notelint" tests="3" failures="1" errors="1">
          <testsuite name="notelint" tests="3" failures="1" errors="1">
            <testcase name="bad.md" classname="notelint">
              <error message="bad.md: not UTF-8 text (invalid byte 0xff on line 1)" type="error" />
            </testcase>
            <testcase name="clean.md" classname="notelint" />
            <testcase name="notes.md" classname="notelint">
              <failure message="3 problems" type="notelint">notes.md:3:6: NL098 TODO left
        notes.md:4:3: NL097 XXX: 100%, really
        notes.md:4:11: NL098 TODO left
        </failure>
            </testcase>
          </testsuite>
        </testsuites>
        """
    )


# -- the other formats and report options ------------------------------------------------


def test_json_and_full_and_text(notes: Path) -> None:
    text = invoke("notes.md")
    assert text.stdout == (
        "notes.md:3:6: NL098 [*] TODO left\n"
        "notes.md:4:3: NL097 XXX: 100%, really\n"
        "notes.md:4:11: NL098 [*] TODO left\n"
        "Found 3 problems (2 fixable with --fix).\n"
        "1 more fix can be enabled with --unsafe-fixes.\n"
    )
    full = invoke("--output-format", "full", "notes.md")
    assert full.stdout.splitlines()[:4] == [
        "notes.md:3:6: NL098 [*] TODO left",
        "  |",
        "3 | - 中文 TODO",
        "  |        ^^^^",
    ]
    items = json.loads(invoke("--output-format", "json", "notes.md").stdout)
    assert [(i["line"], i["column"], i["code"]) for i in items] == [
        (3, 6, "NL098"),
        (4, 3, "NL097"),
        (4, 11, "NL098"),
    ]


def test_statistics(notes: Path) -> None:
    result = invoke("--statistics", "notes.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "2\tNL098\t[*] test-todo\n"
        "1\tNL097\t[ ] test-xxx\n"
        "Found 3 problems (2 fixable with --fix).\n"
        "1 more fix can be enabled with --unsafe-fixes.\n"
    )
    result = invoke("--statistics", "--output-format", "json", "notes.md")
    assert json.loads(result.stdout) == [
        {"code": "NL098", "name": "test-todo", "count": 2, "fixable": 2},
        {"code": "NL097", "name": "test-xxx", "count": 1, "fixable": 0},
    ]
    assert invoke("--statistics", "-q", "--unsafe-fixes", "notes.md").stdout == (
        "2\tNL098\t[*] test-todo\n1\tNL097\t[*] test-xxx\n"
    )


def test_statistics_marks_partly_fixable_codes(notes: Path) -> None:
    from notelint.engine.results import FileResult, RunResult
    from notelint.report.statistics import write
    from notelint.syntax.source import Source

    fixable = Violation("NL098", "test-todo", "warning", "m", 0, 1, Fix.replace(0, 1, "y"))
    plain = Violation("NL098", "test-todo", "warning", "m", 1, 2)
    result = RunResult([FileResult("a.md", Source("xx\n"), [fixable, plain])])
    out: list[str] = []

    class Stream:
        def write(self, text: str) -> None:
            out.append(text)

    write(result, Stream())  # type: ignore[arg-type]
    assert out[0] == "2\tNL098\t[-] test-todo\n"


def test_quiet_prints_only_the_findings(notes: Path) -> None:
    result = invoke("-q", "notes.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "notes.md:3:6: NL098 [*] TODO left\n"
        "notes.md:4:3: NL097 XXX: 100%, really\n"
        "notes.md:4:11: NL098 [*] TODO left\n"
    )
    assert invoke("-q", "clean.md").stdout == ""
    result = invoke("-q", "--fix", "notes.md")
    assert (result.exit_code, result.stdout) == (1, "notes.md:4:3: NL097 XXX: 100%, really\n")


def test_quiet_diff_prints_only_the_diff(notes: Path) -> None:
    result = invoke("-q", "--diff", "notes.md")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.startswith("--- notes.md\n+++ notes.md\n")


def test_color(notes: Path) -> None:
    result = invoke("--color", "notes.md")
    assert result.stdout.splitlines()[:2] == [
        "\x1b[1mnotes.md\x1b[0m:3:6: \x1b[1;33mNL098\x1b[0m \x1b[36m[*]\x1b[0m TODO left",
        "\x1b[1mnotes.md\x1b[0m:4:3: \x1b[1;31mNL097\x1b[0m XXX: 100%, really",
    ]
    # Not a terminal: no colour unless asked for.
    assert "\x1b" not in invoke("notes.md").stdout
    assert "\x1b" not in invoke("--no-color", "notes.md").stdout


def test_exit_zero_and_exit_non_zero_on_fix(notes: Path) -> None:
    assert invoke("--exit-zero", "notes.md").exit_code == 0
    assert invoke("--exit-zero", "--diff", "notes.md").exit_code == 0
    (notes.parent / "bad.md").write_bytes(b"\xff\n")
    assert invoke("--exit-zero", "bad.md").exit_code == 2
    todo = notes.parent / "todo.md"
    todo.write_text("TODO\n", encoding="utf-8")
    result = invoke("--fix", "--exit-non-zero-on-fix", "todo.md")
    assert (result.exit_code, result.stdout) == (1, "Fixed 1 problem.\n")
    assert todo.read_text() == "DONE\n"
    assert invoke("--fix", "--exit-non-zero-on-fix", "todo.md").exit_code == 0
    assert invoke("--fix", "todo.md").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--output-format", "xml"], "unknown output format 'xml' (choose from ", True),
        (["--select", "NOPE"], "unknown rule selector 'NOPE'", False),
        (
            ["--ignore", "test-tod"],
            "unknown rule selector 'test-tod' (did you mean test-todo?)",
            False,
        ),
        (
            ["--exit-zero", "--exit-non-zero-on-fix"],
            "--exit-zero and --exit-non-zero-on-fix cannot be used together",
            True,
        ),
        (["--explain", "test-tood"], "unknown rule 'test-tood' (did you mean 'test-todo'?)", False),
        (["--no-such-option"], "No such option '--no-such-option'", True),
        (["--jobs", "many"], "Invalid value for '-j' / '--jobs': 'many' is not a valid", True),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_2(
    notes: Path, args: list[str], message: str, hint: bool
) -> None:
    """One error line; a mistake in how the command was written adds where to read how."""
    result = invoke(*args, "notes.md")
    assert (result.exit_code, result.stdout) == (2, "")
    first, *rest = result.stderr.splitlines()
    assert first.startswith(f"notelint: error: {message}")
    assert rest == (["Try 'notelint --help' for help."] if hint else [])


# -- about the rules ---------------------------------------------------------------------


def test_list_rules() -> None:
    result = invoke("--list-rules")
    assert (result.exit_code, result.stdout) == (
        0,
        "code   name       level    fix     opt-in\n"
        "NL097  test-xxx   error    unsafe\n"
        "NL098  test-todo  warning  safe\n"
        "NL299  test-wip   warning  none    opt-in\n",
    )
    listed = json.loads(invoke("--list-rules", "--output-format", "json").stdout)
    assert listed[2] == {
        "code": "NL299",
        "name": "test-wip",
        "level": "warning",
        "fix": "none",
        "opt_in": True,
        "summary": "Flag the word WIP (opt-in).",
    }


@pytest.mark.parametrize("key", ["NL098", "nl098", "test-todo"])
def test_explain_prints_the_docstring_with_its_examples(key: str) -> None:
    result = invoke("--explain", key)
    assert result.exit_code == 0
    assert result.stdout == textwrap.dedent(
        """\
        NL098 test-todo

        level: warning, fix: safe, opt-in: no

        Flag the word TODO; the safe fix says DONE.

        **Anti-pattern**

        ```markdown
        TODO
        ```

        **Best practice**

        ```markdown
        DONE
        ```
        """
    )


def test_version() -> None:
    assert invoke("--version").stdout == f"notelint {__version__}\n"


# -- a real process ----------------------------------------------------------------------


GITHUB_ARGS = ("--select", "NL09", "--output-format", "github", "notes.md")


def test_process_prints_github_annotations(notes: Path) -> None:
    """Through real standard streams, with the test rules registered in the process."""
    script = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); import test_outputs; "
        "from notelint.rules.base import register; "
        "[register(r) for r in test_outputs.TEST_RULES]; "
        "from notelint.front.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent), *GITHUB_ARGS],
        capture_output=True,
        check=False,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert (done.returncode, done.stderr) == (1, b"")
    assert (
        done.stdout.decode("utf-8")
        == invoke("--select", "NL09", "--output-format", "github", "notes.md").stdout
    )
    assert done.stdout.startswith(b"::warning file=notes.md,line=3,col=6,endLine=3,endColumn=10,")
