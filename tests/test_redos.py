"""Regular expressions against the inputs that make them slow.

Patterns the user writes (exclude globs, per-file-ignores, .gitignore) run in the
``regex`` module with a timeout and fail with a message naming the pattern. notelint's
own patterns are applied to whole lines of the document, so each is written to run in
linear time: the tests below feed each the long lines that made it quadratic (or, for one,
exponential) before, and the per-file time budget stays out of the way.
"""

from __future__ import annotations

import os
import random
import re
import string
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from notelint.config.options import Config
from notelint.config.patterns import PATTERN_TIMEOUT, PatternTooComplex, guard_patterns
from notelint.engine.limits import TooComplex, time_limit
from notelint.engine.linting import lint_source
from notelint.front.cli import main
from notelint.rules.base import REGISTRY
from notelint.syntax.hooks import _trim_closing_hashes
from notelint.syntax.html_tags import only_comments, trailing_comments
from notelint.syntax.source import Source

ALL_RULES = Config(
    select=("ALL",), extend_select=tuple(sorted(c for c, r in REGISTRY.items() if r.opt_in))
)

# -- patterns from the user ---------------------------------------------------------------

# With `re`, pathspec's translation of this glob backtracks exponentially; with `regex` it
# is polynomial, and the timeout ends it on a deep path of long names.
EVIL_GLOB = "*a" * 150 + "*b"
DEEP = Path(*(["a" * 250] * 8))


def run_in(folder: Path, *args: str) -> tuple[int, str, str, float]:
    old = os.getcwd()
    os.chdir(folder)
    start = time.monotonic()
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr, time.monotonic() - start


@pytest.mark.parametrize(
    "setting",
    [
        f'exclude = ["{EVIL_GLOB}"]\n',
        f'extend-exclude = ["{EVIL_GLOB}"]\n',
        f'[per-file-ignores]\n"{EVIL_GLOB}" = ["NL1"]\n',
        None,  # in a .gitignore
    ],
    ids=["exclude", "extend-exclude", "per-file-ignores", "gitignore"],
)
def test_a_catastrophic_user_glob_is_one_clear_error_in_bounded_time(
    tmp_path: Path, setting: str | None
) -> None:
    (tmp_path / ".git").mkdir()
    if setting is None:
        (tmp_path / ".gitignore").write_text(EVIL_GLOB + "\n")
    else:
        (tmp_path / "notelint.toml").write_text(setting)
    (tmp_path / DEEP).mkdir(parents=True)
    (tmp_path / DEEP / "notes.md").write_text("# Notes\n")
    code, out, err, seconds = run_in(tmp_path, ".")
    assert (code, out) == (2, "")
    origin = f"{tmp_path / '.gitignore'}: " if setting is None else ""
    assert err == (
        f"notelint: error: {origin}pattern '{EVIL_GLOB[:39]}…' is too complex: "
        f"matching it against '{'a' * 39}…' took more than {PATTERN_TIMEOUT:g} s\n"
    )
    # Compiling the pattern, then a second or so per path until the first gives up.
    assert seconds < 20 * PATTERN_TIMEOUT


def test_guarded_patterns_match_as_pathspec_does() -> None:
    from pathspec import GitIgnoreSpec

    patterns = [
        "*.md",
        "!keep.md",
        "drafts/",
        "/top.md",
        "docs/**/x.md",
        "a?c",
        "[ab]*.md",
        "**/deep/*",
        "\\#hash.md",
        "name",
    ]
    paths = [
        "a.md",
        "keep.md",
        "drafts/",
        "drafts/n.md",
        "top.md",
        "sub/top.md",
        "docs/x.md",
        "docs/a/b/x.md",
        "abc",
        "bz.md",
        "q/deep/r",
        "#hash.md",
        "x/name",
        "x/name/",
    ]
    plain = GitIgnoreSpec.from_lines(patterns)
    guarded = guard_patterns(GitIgnoreSpec.from_lines(patterns))
    for path in paths:
        assert guarded.check_file(path).include == plain.check_file(path).include, path


def test_a_guarded_pattern_raises_rather_than_hangs() -> None:
    from pathspec import GitIgnoreSpec

    spec = guard_patterns(GitIgnoreSpec.from_lines([EVIL_GLOB]), "notelint.toml")
    start = time.monotonic()
    with pytest.raises(PatternTooComplex, match=r"^notelint.toml: pattern '\*a\*a"):
        spec.match_file(DEEP.as_posix())
    assert time.monotonic() - start < 10 * PATTERN_TIMEOUT


# -- notelint's own patterns against long hostile lines ------------------------------------

N = 50_000
LINES = {
    "spaces in a paragraph": "a" + " " * N + "b",
    "unclosed comments": "<!--" * (N // 4),
    "unclosed directives": "<!-- notelint-" * (N // 14),
    "closed then unclosed comments": "<!-- a -->" + "<!--" * (N // 4),
    "comments then text": "<!-- a -->" * (N // 10) + "x",
    "unclosed summaries": "<summary>" * (N // 9),
    "a close then unclosed summaries": "</summary>" + "<summary>" * (N // 9),
    "unclosed img tags": "<img " * (N // 5),
    "unclosed img attributes": '<img src="' * (N // 10),
    "unclosed details tags": "<details" * (N // 8),
    "open brackets": "[" * N,
    "open image brackets": "![" * (N // 2),
    "unclosed link targets": "[a](" * (N // 4),
    "less-than signs": "<" * N,
    "digits": "1" * N,
    "quotes and spaces": "' " * (N // 2) + "x",
    "tabs": "\t" * N + "x",
    "break tags": "<br>" * (N // 4),
}
CONTEXTS = {
    "paragraph": "# P\n\n{}\n",
    "heading": "# P\n\n### {}\n",
    "entry title": "# P\n\n### 2023\n\n- {}\n",
    "meta line": "# P\n\n### 2023\n\n- T\n  - ICLR{} [[code]](https://github.com/a/b)\n",
    "note": (
        "# P\n\n### 2023\n\n- T\n  - ICLR [[code]](https://github.com/a/b)\n  - <details>\n"
        "    <summary>x</summary>\n    1. {}\n    </details>\n"
    ),
    "summary": (
        "# P\n\n### 2023\n\n- T\n  - <details>\n    <summary>{}</summary>\n"
        "    1. a  <br>\n    </details>\n"
    ),
    "year section": "# P\n\n### 2023\n\n{}\n",
}


@pytest.mark.parametrize("context", CONTEXTS.values(), ids=CONTEXTS.keys())
def test_long_hostile_lines_are_linted_in_linear_time(context: str) -> None:
    """Every line in every place at 50,000 characters: a quadratic pattern would take
    minutes here (the worst took 125 s at 20,000), a linear one well under a second."""
    slow = []
    for name, line in LINES.items():
        source = Source.from_text(context.format(line))
        try:
            with time_limit(5):
                lint_source(source, ALL_RULES)
        except TooComplex:
            slow.append(name)
    assert slow == []


# -- the linear replacements agree with the patterns they replace ------------------------


def _strings(alphabet: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(count)]


def test_heading_trim_agrees_with_mistunes_pattern() -> None:
    """mistune's own trim of closing #s, which notelint replaces for being quadratic."""
    mistunes = re.compile(r"(\s+|^)#+\s*$")
    alphabet = ["#", "#", " ", "\t", "a", "b", "\u3000", "\xa0", "\x1c", "\n"]
    for text in _strings(alphabet, 50_000, 1):
        text = text.strip(string.whitespace)
        assert _trim_closing_hashes(text) == mistunes.sub("", text), repr(text)
    start = time.monotonic()
    _trim_closing_hashes("a" + " " * 5_000_000 + "b")
    assert time.monotonic() - start < 1


def test_trailing_comments_agree_with_the_pattern_they_replace() -> None:
    """They differ only where that pattern read `<!-->` as the start of a comment; HTML
    (and now notelint) reads it as a whole, empty one."""
    pattern = re.compile(r"(?:[ \t]*<!--(?:(?!-->).)*-->)+[ \t]*$")
    alphabet = ["<!-- x", "y -->", " ", "\t", "a", "<", "-", ">"]
    for text in _strings(alphabet, 50_000, 2):
        m = pattern.search(text)
        assert trailing_comments(text, 0, len(text)) == (m.start() if m else None), repr(text)


def test_only_comments_reads_comments_as_html_does() -> None:
    for text, expected in [
        (" <!-- a -->\n<!-- b --> ", True),
        ("<!-- a --> b -->", False),  # " b -->" is text on the page
        ("<!-- never closed", False),
        ("   ", False),
    ]:
        assert only_comments(text, 0, len(text)) is expected, text
    text = "<!-- a -->" * 10_000 + "x"
    start = time.monotonic()
    assert not only_comments(text, 0, len(text))
    assert time.monotonic() - start < 1
