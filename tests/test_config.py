"""Configuration files: where they are found, every key, their errors, and how the
command line goes on top of them; exclusion by patterns and .gitignore."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import notelint.rules  # noqa: F401  (imports the built-in rules before the registry is swapped)
from notelint.config.options import (
    DEFAULT_CODE_HOSTS,
    DEFAULT_EXCLUDE,
    CjkOptions,
    Config,
    LinksOptions,
    NotesOptions,
    Patterns,
    VenuesOptions,
    YearsOptions,
)
from notelint.config.read import ConfigError, config_from_table, read_config
from notelint.config.settings import Overrides, Settings, option_keys
from notelint.front.cli import main
from notelint.front.files import discover
from notelint.model.violation import Fix, Violation
from notelint.rules.base import REGISTRY, Rule, RuleContext, register


def _words(ctx: RuleContext, word: str) -> Iterator[tuple[int, int]]:
    text = ctx.source.text
    start = text.find(word)
    while start != -1:
        yield start, start + len(word)
        start = text.find(word, start + 1)


class TodoRule(Rule):
    """Flag the word TODO; the safe fix says DONE."""

    code = "NL291"
    name = "test-todo"
    level = "warning"
    fix = "safe"
    changes_rendering = True  # the word shows on the page

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _words(ctx, "TODO"):
            yield self.violation(start, end, "TODO left", Fix.replace(start, end, "DONE"))


class XxxRule(Rule):
    """Flag the word XXX; the fix to YYY is unsafe."""

    code = "NL391"
    name = "test-xxx"
    level = "error"
    fix = "unsafe"
    changes_rendering = True  # the word shows on the page

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _words(ctx, "XXX"):
            fix = Fix.replace(start, end, "YYY", applicability="unsafe")
            yield self.violation(start, end, "XXX marker", fix)


class WipRule(Rule):
    """Flag the word WIP; opt-in."""

    code = "NL292"
    name = "test-wip"
    level = "warning"
    opt_in = True

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for start, end in _words(ctx, "WIP"):
            yield self.violation(start, end, "WIP")


@pytest.fixture(autouse=True)
def test_rules() -> Iterator[None]:
    saved = dict(REGISTRY)
    REGISTRY.clear()
    for rule in (TodoRule, XxxRule, WipRule):
        register(rule)
    try:
        yield
    finally:
        REGISTRY.clear()
        REGISTRY.update(saved)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository as the current folder: no configuration above it counts."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path | str, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def codes(result: Result) -> list[str]:
    """``path CODE`` of each finding of a text report."""
    out = []
    for line in result.stdout.splitlines():
        if line.count(":") >= 3 and not line.startswith(("Found", "Fixed")):
            path, _, _, rest = line.split(":", 3)
            out.append(f"{path} {rest.split()[0]}")
    return out


NOTES = "TODO XXX WIP\n"


# -- finding the file ------------------------------------------------------------------------


def test_pyproject_table_is_read(repo: Path) -> None:
    write("pyproject.toml", '[project]\nname = "x"\n\n[tool.notelint]\nselect = ["NL3"]\n')
    write("a.md", NOTES)
    result = invoke("a.md")
    assert result.exit_code == 1
    assert codes(result) == ["a.md NL391"]


def test_notelint_toml_and_dot_notelint_toml_have_no_table_header(repo: Path) -> None:
    write("notelint.toml", 'select = ["NL3"]\n')
    write("a.md", NOTES)
    assert codes(invoke("a.md")) == ["a.md NL391"]
    # In one folder, .notelint.toml comes first, then notelint.toml, then pyproject.toml.
    write(".notelint.toml", 'select = ["NL2"]\n')
    write("pyproject.toml", '[tool.notelint]\nselect = ["ALL"]\n')
    assert codes(invoke("a.md")) == ["a.md NL291"]


def test_pyproject_without_the_table_is_passed_over(repo: Path) -> None:
    write("pyproject.toml", '[tool.notelint]\nselect = ["NL3"]\n')
    write("sub/pyproject.toml", '[project]\nname = "sub"\ndependencies = ["notelint"]\n')
    write("sub/a.md", NOTES)
    assert codes(invoke("sub/a.md")) == ["sub/a.md NL391"]


def test_each_file_gets_the_nearest_configuration(repo: Path) -> None:
    write("notelint.toml", 'select = ["NL3"]\n')
    write("papers/notelint.toml", 'select = ["NL2"]\nextend-select = ["NL292"]\n')
    write("top.md", NOTES)
    write("papers/deep/a.md", NOTES)
    result = invoke()
    assert codes(result) == [
        "papers/deep/a.md NL291",
        "papers/deep/a.md NL292",
        "top.md NL391",
    ]


def test_the_search_stops_at_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "notelint.toml", 'select = ["NL3"]\n')
    (tmp_path / "project" / ".git").mkdir(parents=True)
    write(tmp_path / "project" / "a.md", NOTES)
    monkeypatch.chdir(tmp_path / "project")
    # The file above the repository does not count: the defaults check NL2 and NL3.
    assert codes(invoke("a.md")) == ["a.md NL291", "a.md NL391"]
    # At the repository root itself it does.
    write(tmp_path / "project" / "notelint.toml", 'select = ["NL3"]\n')
    assert codes(invoke("a.md")) == ["a.md NL391"]


def test_config_option_wins_and_isolated_ignores_files(repo: Path) -> None:
    write("notelint.toml", 'select = ["NL3"]\n')
    write("other/settings.toml", 'select = ["NL2"]\n')
    write("a.md", NOTES)
    assert codes(invoke("--config", "other/settings.toml", "a.md")) == ["a.md NL291"]
    assert codes(invoke("--isolated", "a.md")) == ["a.md NL291", "a.md NL391"]
    result = invoke("--config", "other/settings.toml", "--isolated", "a.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "notelint: error: --config and --isolated cannot be used together\n"
        "Try 'notelint --help' for help.\n"
    )


def test_config_option_reads_a_pyproject_table(repo: Path) -> None:
    write("conf/pyproject.toml", '[tool.notelint]\nselect = ["NL2"]\n')
    write("conf/empty/pyproject.toml", '[project]\nname = "x"\n')
    write("a.md", NOTES)
    assert codes(invoke("--config", "conf/pyproject.toml", "a.md")) == ["a.md NL291"]
    result = invoke("--config", "conf/empty/pyproject.toml", "a.md")
    assert result.exit_code == 2
    assert result.stderr == (
        "notelint: error: conf/empty/pyproject.toml: no [tool.notelint] table\n"
    )
    result = invoke("--config", "missing.toml", "a.md")
    assert result.exit_code == 2
    assert result.stderr == "notelint: error: missing.toml: No such file or directory\n"


def test_verbose_names_the_configuration_of_each_file(repo: Path) -> None:
    write("papers/notelint.toml", 'select = ["NL2"]\n')
    write("papers/a.md", "fine\n")
    write("b.md", "fine\n")
    result = invoke("-v")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "notelint: b.md: no configuration file",
        "notelint: papers/a.md: configuration papers/notelint.toml",
    ]


# -- every key ---------------------------------------------------------------------------


EVERY_KEY = """\
select = ["NL2", "test-xxx"]
extend-select = ["NL292"]
ignore = ["NL291"]
exclude = ["build/"]
extend-exclude = ["drafts/*.md"]
fix = true
unsafe-fixes = true
output-format = "json"

[per-file-ignores]
"old/**" = ["NL3", "test-wip"]

[years]
level = 2
order = "ascending"
min = 2000

[links]
code-hosts = ["git.example.org"]
code-style = "[code]"

[venues]
known = ["ICLR"]
extra = ["MyConf"]

[notes]
summary = "阅读笔记"
break = "<br/>"
break-last = true

[cjk]
spacing = "never"
"""


def test_every_key_maps_to_its_setting(tmp_path: Path) -> None:
    path = write(tmp_path / "notelint.toml", EVERY_KEY)
    config = read_config(path)
    assert config == Config(
        select=("NL2", "test-xxx"),
        extend_select=("NL292",),
        ignore=("NL291",),
        exclude=("build/",),
        extend_exclude=("drafts/*.md",),
        per_file_ignores=(("old/**", ("NL3", "test-wip")),),
        fix=True,
        unsafe_fixes=True,
        output_format="json",
        years=YearsOptions(level=2, order="ascending", min=2000),
        links=LinksOptions(code_hosts=("git.example.org",), code_style="[code]"),
        venues=VenuesOptions(known=("ICLR",), extra=("MyConf",)),
        notes=NotesOptions(summary="阅读笔记", break_="<br/>", break_last=True),
        cjk=CjkOptions(spacing="never"),
        path=path,
    )


def test_the_same_keys_work_in_pyproject(tmp_path: Path) -> None:
    body = EVERY_KEY.replace("\n[", "\n[tool.notelint.")
    path = write(tmp_path / "pyproject.toml", "[tool.notelint]\n" + body)
    config = read_config(path)
    assert config == read_config(write(tmp_path / "notelint.toml", EVERY_KEY), None).with_(
        path=path
    )


def test_every_key_of_the_spec_is_known() -> None:
    assert option_keys() == {
        "": [
            "select",
            "extend-select",
            "ignore",
            "exclude",
            "extend-exclude",
            "per-file-ignores",
            "fix",
            "unsafe-fixes",
            "output-format",
        ],
        "years": ["level", "order", "min"],
        "links": ["code-hosts", "code-style"],
        "venues": ["known", "extra"],
        "notes": ["summary", "break", "break-last"],
        "cjk": ["spacing"],
    }


def test_a_group_table_keeps_the_defaults_it_does_not_set() -> None:
    config = config_from_table({"links": {"code-style": "[[code]]"}, "venues": {"extra": ["X"]}})
    assert config.links.code_hosts == DEFAULT_CODE_HOSTS
    assert config.venues.known == VenuesOptions().known
    assert config.exclude == DEFAULT_EXCLUDE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selct = []", "unknown key 'selct' (did you mean 'select'?)"),
        ("extend_select = []", "unknown key 'extend_select' (did you mean 'extend-select'?)"),
        ("[years]\nlvl = 2", "unknown key 'years.lvl' (did you mean 'years.level'?)"),
        ("[note]\nsummary = 'x'", "unknown key 'note' (did you mean 'notes'?)"),
        (
            "zzz = 1",
            "unknown key 'zzz' (valid keys: select, extend-select, ignore, exclude, "
            "extend-exclude, per-file-ignores, fix, unsafe-fixes, output-format, years, "
            "links, venues, notes, cjk)",
        ),
        ("select = 'NL2'", """'select' must be an array of strings, not the string "NL2\""""),
        ("ignore = [1]", "'ignore' must be an array of strings, not an array"),
        ("fix = 'yes'", """'fix' must be a boolean (true or false), not the string "yes\""""),
        ("years = 2", "'years' must be a table, not the integer 2"),
        ("[years]\nlevel = 7", "'years.level' must be an integer from 1 to 6, not the integer 7"),
        ("[years]\nlevel = true", "'years.level' must be an integer from 1 to 6, not a boolean"),
        (
            "[years]\norder = 'ascend'",
            """'years.order' must be one of "descending", "ascending", not the string """
            '"ascend" (did you mean "ascending"?)',
        ),
        (
            "output-format = 'jsno'",
            """'output-format' must be one of "text", "full", "json", "github", "gitlab", """
            '"sarif", "junit", not the string "jsno" (did you mean "json"?)',
        ),
        (
            "[links]\ncode-style = 'code'",
            """'links.code-style' must be a code-link form: "[[code]]", "[code]" or """
            '"[[code](url)]", not the string "code"',
        ),
        (
            "[notes]\nbreak = 'br'",
            """'notes.break' must be spaces then a <br> tag, like "  <br>", not the string "br\"""",
        ),
        ("[cjk]\nspacing = 1.5", """'cjk.spacing' must be one of "always", "never", not a float"""),
        (
            "[per-file-ignores]\n'a.md' = 'NL2'",
            """'per-file-ignores' must be a table of patterns to arrays of rules ("a.md" is """
            """the string "NL2")""",
        ),
        ("select = [", "invalid TOML: "),
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "notelint.toml", text + "\n")
    with pytest.raises(ConfigError) as info:
        read_config(path)
    assert str(info.value).startswith(f"{path}: {message}")
    assert "\n" not in str(info.value)


def test_pyproject_errors_name_the_full_key(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.notelint.years]\norder = 1\n")
    with pytest.raises(ConfigError, match=r"'tool\.notelint\.years\.order' must be one of"):
        read_config(path)
    path = write(tmp_path / "pyproject.toml", "[tool.notelint]\nexclud = []\n")
    with pytest.raises(
        ConfigError,
        match=r"unknown key 'tool\.notelint\.exclud' \(did you mean 'tool\.notelint\.exclude'\?\)",
    ):
        read_config(path)


def test_a_config_error_is_one_line_and_exit_2(repo: Path) -> None:
    write("pyproject.toml", "[tool.notelint]\nextend-selct = ['NL2']\n")
    write("a.md", NOTES)
    result = invoke("a.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "notelint: error: pyproject.toml: unknown key 'tool.notelint.extend-selct' "
        "(did you mean 'tool.notelint.extend-select'?)\n"
    )


def test_an_unknown_rule_in_a_file_names_the_file(repo: Path) -> None:
    write("notes/notelint.toml", "ignore = ['NOPE']\n")
    write("notes/a.md", NOTES)
    result = invoke()
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("notelint: error: notes/notelint.toml: unknown rule selector 'NOPE'\n")
    write("notes/notelint.toml", "[per-file-ignores]\n'*.md' = ['test-tod']\n")
    result = invoke()
    assert result.stderr == (
        "notelint: error: notes/notelint.toml: unknown rule selector 'test-tod' "
        "(did you mean test-todo?)\n"
    )


def test_an_unknown_rule_on_the_command_line_is_not_blamed_on_the_file(repo: Path) -> None:
    write("notelint.toml", "select = ['NL2']\n")
    write("a.md", NOTES)
    result = invoke("--extend-select", "NOPE", "a.md")
    assert (result.exit_code, result.stderr) == (
        2,
        "notelint: error: unknown rule selector 'NOPE'\n",
    )


# -- the command line on top -------------------------------------------------------------


def test_overrides_follow_ruff() -> None:
    file = Config(select=("NL2",), extend_select=("NL292",), ignore=("NL291",))
    # --select replaces what the file turns on; its ignores stay.
    assert Overrides(select=("NL3",)).apply(file) == Config(select=("NL3",), ignore=("NL291",))
    # --extend-select and --ignore add to the file's lists.
    both = Overrides(extend_select=("NL391",), ignore=("NL292",)).apply(file)
    assert (both.select, both.extend_select, both.ignore) == (
        ("NL2",),
        ("NL292", "NL391"),
        ("NL291", "NL292"),
    )
    assert Overrides().apply(file) is file


def test_command_line_selection_goes_on_top_of_the_file(repo: Path) -> None:
    write("notelint.toml", 'select = ["NL3"]\nextend-select = ["NL292"]\n')
    write("a.md", NOTES)
    assert codes(invoke("a.md")) == ["a.md NL391", "a.md NL292"]
    assert codes(invoke("--select", "NL2", "a.md")) == ["a.md NL291"]
    assert codes(invoke("--extend-select", "NL2", "a.md")) == [
        "a.md NL291",
        "a.md NL391",
        "a.md NL292",
    ]
    assert codes(invoke("--ignore", "test-wip", "a.md")) == ["a.md NL391"]


def test_fix_settings_from_the_file_and_the_command_line(repo: Path) -> None:
    write("notelint.toml", "fix = true\nunsafe-fixes = true\n")
    path = write("a.md", NOTES)
    result = invoke("--no-fix", "a.md")
    assert result.exit_code == 1
    assert path.read_text() == NOTES
    # The file's unsafe-fixes counts in the report: both fixes are marked.
    assert result.stdout.splitlines()[-1] == "Found 2 problems (2 fixable with --fix)."
    result = invoke("--no-unsafe-fixes", "a.md")
    assert path.read_text() == "DONE XXX WIP\n"
    result = invoke("a.md")
    assert (result.exit_code, result.stdout) == (0, "Fixed 1 problem.\n")
    assert path.read_text() == "DONE YYY WIP\n"


def test_output_format_from_the_file_and_the_command_line(repo: Path) -> None:
    write("notelint.toml", 'output-format = "json"\n')
    write("a.md", "fine\n")
    assert invoke("a.md").stdout == "[]\n"
    assert invoke("--output-format", "text", "a.md").stdout == "All checks passed!\n"


# -- exclusion ---------------------------------------------------------------------------


def test_exclude_patterns_are_gitignore_style_relative_to_the_file(repo: Path) -> None:
    write(
        "notes/notelint.toml",
        """\
        extend-exclude = ["drafts/", "/top.md", "*.tmp.md", "!keep.tmp.md", "deep/**/x.md"]
        """,
    )
    for rel in [
        "notes/a.md",
        "notes/top.md",
        "notes/sub/top.md",
        "notes/drafts/b.md",
        "notes/sub/drafts/c.md",
        "notes/x.tmp.md",
        "notes/keep.tmp.md",
        "notes/deep/1/2/x.md",
        "notes/node_modules/pkg/README.md",
        "top.md",
    ]:
        write(rel, "TODO\n")
    settings = Settings()
    found = discover(["."], settings.is_excluded)
    assert [p.as_posix() for p in found.files] == [
        "notes/a.md",
        "notes/keep.tmp.md",
        "notes/sub/top.md",
        "top.md",
    ]


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(repo: Path) -> None:
    write("node_modules/x.md", "TODO\n")
    write("build/y.md", "TODO\n")
    assert codes(invoke()) == ["build/y.md NL291"]
    write("notelint.toml", 'exclude = ["build"]\n')
    assert codes(invoke()) == ["node_modules/x.md NL291"]
    write("notelint.toml", 'extend-exclude = ["build"]\n')
    result = invoke()
    assert (result.exit_code, result.stderr) == (2, "notelint: error: .: no Markdown files found\n")


def test_excluded_files_named_on_the_command_line_are_skipped(repo: Path) -> None:
    # So a pre-commit hook, which names every changed file, honours the exclusions too.
    write("notelint.toml", 'extend-exclude = ["drafts/"]\n')
    write("drafts/a.md", "TODO\n")
    write("b.md", "TODO\n")
    assert codes(invoke("drafts/a.md", "b.md")) == ["b.md NL291"]


def test_gitignore_is_honoured_when_walking(repo: Path) -> None:
    write(".gitignore", "build/\n*.out.md\n")
    write("notes/.gitignore", "private.md\n!keep.out.md\n")
    write(".git/info/exclude", "local.md\n")
    for rel in [
        "a.md",
        "x.out.md",
        "local.md",
        "build/b.md",
        "notes/private.md",
        "notes/keep.out.md",
        "notes/other.out.md",
        "notes/c.md",
        "other/private.md",
    ]:
        write(rel, "TODO\n")
    found = discover(["."], Settings().is_excluded)
    assert [p.as_posix() for p in found.files] == [
        "a.md",
        "notes/c.md",
        "notes/keep.out.md",
        "other/private.md",
    ]
    # Walking from below the root still honours the .gitignore files above.
    found = discover(["notes"])
    assert [p.as_posix() for p in found.files] == ["notes/c.md", "notes/keep.out.md"]
    # A file named on the command line is checked even when .gitignore lists it.
    assert discover(["x.out.md"]).files == [Path("x.out.md")]


def test_per_file_ignores(repo: Path) -> None:
    write(
        "notelint.toml",
        """\
        [per-file-ignores]
        "old/" = ["NL2"]
        "*.draft.md" = ["test-xxx", "NL291"]
        """,
    )
    for rel in ["a.md", "old/b.md", "c.draft.md"]:
        write(rel, "TODO XXX\n")
    assert codes(invoke()) == ["a.md NL291", "a.md NL391", "old/b.md NL391"]


def test_per_file_ignores_beat_an_exact_select(repo: Path) -> None:
    write("notelint.toml", 'extend-select = ["NL292"]\n[per-file-ignores]\n"*.md" = ["NL2"]\n')
    write("a.md", "WIP TODO\n")
    assert codes(invoke("a.md")) == []


def test_per_file_ignores_apply_to_standard_input_by_its_name(repo: Path) -> None:
    write("notelint.toml", '[per-file-ignores]\n"old/*" = ["NL2"]\n')
    runner = CliRunner()
    result = runner.invoke(main, ["-", "--stdin-filename", "old/a.md"], input="TODO\n")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")
    result = runner.invoke(main, ["-", "--stdin-filename", "new/a.md"], input="TODO\n")
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "patterns",
    [["node_modules/", "venv/"], ["drafts", "a.md"], ["x/"]],
)
def test_plain_names_match_as_the_pattern_library_does(patterns: list[str]) -> None:
    from pathspec import GitIgnoreSpec

    spec = GitIgnoreSpec.from_lines(patterns)
    fast = Patterns(patterns)
    for path in ["a.md", "drafts", "x/a.md", "y/x/b.md", "x", "venv/lib/r.md", "q/drafts/r.md"]:
        for is_dir in (False, True):
            want = spec.match_file(path + "/" if is_dir else path)
            assert fast.match(path, is_dir) == want, (path, is_dir)
