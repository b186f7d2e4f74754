"""Every rule on real Markdown: the corpus beside the project and the example notes.

For each file: linting with every rule (opt-in ones too) raises nothing and points
inside the text; fixing (safe, and with unsafe fixes) is never refused, settles, and
loses no content, judged twice: by the engine's own checks of SPEC §5, which would
refuse the fix, and by ``lost_content``, which reads the text with plain regular
expressions. Then the command line fixes copies of all of them in one run, and a second
run finds nothing to fix.

Beside that, each finding's span is checked to point at what it names (as in
test_fuzz); the layout fixes alone are checked to render the whole page as it was, with a
plain renderer and none of the engine's code; and the number of findings of each rule
in each file is held to ``snapshots/corpus_counts.json``, so a change that doubles a
rule's findings on real files shows in review. After a change meant to alter them, record
the new counts with ``NOTELINT_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_corpus.py``
and commit the file with the change.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from notelint.config.options import Config
from notelint.engine.fixing import FixRefused, fix_source
from notelint.engine.linting import lint_source
from notelint.engine.selection import select_rules
from notelint.model.violation import Violation
from notelint.rules.base import REGISTRY
from notelint.syntax.source import Source
from test_fuzz import check_spans
from test_properties import ALL_RULES, lost_content

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
EXAMPLE = SHARED / "example" / "paper-notes.md"

if not CORPUS.is_dir():
    pytest.skip("../shared/corpus is not here", allow_module_level=True)

FILES = sorted(CORPUS.glob("*.md")) + ([EXAMPLE] if EXAMPLE.is_file() else [])
RULES = select_rules(ALL_RULES)


def _fixable(violations: list[Violation], unsafe: bool) -> list[Violation]:
    return [v for v in violations if v.fix and (unsafe or v.fix.applicability == "safe")]


def _check_fix(source: Source, path: Path, unsafe: bool) -> None:
    config = ALL_RULES.with_(fix=True, unsafe_fixes=unsafe)
    try:
        # The engine checks SPEC §5 itself (parses, settles, keeps its content inventory)
        # and refuses otherwise: a refusal here is a rule's bug.
        result = fix_source(source, config, path, RULES)
    except FixRefused as exc:
        pytest.fail(f"fix refused ({'unsafe' if unsafe else 'safe'}): {exc}")
    if not result.changed:
        return
    left = _fixable(result.remaining, unsafe)
    assert not left, f"a second fix would apply {[v.code for v in left]}"
    if unsafe:  # the command-line test fixes every file a second time with safe fixes
        again = fix_source(Source(result.text, bom=source.bom), config, path, RULES)
        assert again.text == result.text
    assert lost_content(source.text, result.text, unsafe) == []


@functools.cache
def _linted(path: Path) -> tuple[Source, list[Violation]]:
    """A file's text and its findings under every rule, found once for all the tests."""
    source = Source.from_bytes(path.read_bytes())
    return source, lint_source(source, ALL_RULES, path, RULES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:60])
def test_every_rule_on_real_notes(path: Path) -> None:
    source, violations = _linted(path)
    outside = [v for v in violations if not 0 <= v.start <= v.end <= len(source.text)]
    assert not outside, outside[:5]
    check_spans(source, violations)
    if _fixable(violations, unsafe=False):
        _check_fix(source, path, unsafe=False)
    # Unsafe fixes only change the outcome where one is offered.
    if any(v.fix and v.fix.applicability == "unsafe" for v in violations):
        _check_fix(source, path, unsafe=True)


# -- the command line ---------------------------------------------------------------------


@dataclass
class CliRun:
    status: int
    stdout: str
    stderr: str


def _notelint(cwd: Path, *args: str) -> CliRun:
    # Output goes to files: thousands of findings would fill a pipe nobody reads yet.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        status = subprocess.call(
            [sys.executable, "-m", "notelint", *args], cwd=cwd, stdout=out, stderr=err
        )
        out.seek(0)
        err.seek(0)
        return CliRun(status, out.read().decode("utf-8"), err.read().decode("utf-8"))


CLI_TEST = "test_cli_fixes_every_file_and_then_has_nothing_to_fix"


@pytest.fixture(scope="module", autouse=True)
def cli_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Future[list[CliRun]] | None]:
    """``notelint --fix`` twice on copies of every file, begun at once on another core."""
    if not any(item.name == CLI_TEST for item in request.session.items):
        yield None
        return
    root = tmp_path_factory.mktemp("corpus")
    for i, path in enumerate(FILES):
        shutil.copyfile(path, root / f"{i:02d}-{path.name}")
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool.submit(lambda: [_notelint(root, "--fix", "."), _notelint(root, "--fix", ".")])


def test_cli_fixes_every_file_and_then_has_nothing_to_fix(
    cli_runs: Future[list[CliRun]] | None,
) -> None:
    assert cli_runs is not None
    first, second = cli_runs.result(timeout=600)
    assert first.status in (0, 1), first.stderr
    assert "Traceback" not in first.stderr
    assert "Fixed" in first.stdout
    assert second.status in (0, 1), second.stderr
    assert "Traceback" not in second.stderr
    assert "Fixed" not in second.stdout + second.stderr, "a second --fix still fixed something"


def test_every_rule_is_selected() -> None:
    assert {type(rule).code for rule in RULES} == set(REGISTRY)


# -- layout fixes keep the page --------------------------------------------------------------

# The rules whose fixes must not change the page: every fixing rule that does not say so.
LAYOUT = Config(
    select=tuple(c for c, r in REGISTRY.items() if r.fix != "none" and not r.changes_rendering),
    fix=True,
)
_PRE = re.compile(r"(<pre\b.*?</pre\s*>)", re.S | re.I)
_BLOCK_TAG = re.compile(
    r"\s*(</?(?:p|br|li|ul|ol|h[1-6]|blockquote|details|summary|div|hr|table|tr|td|th)\b[^>]*>)\s*",
    re.I,
)


def _page(text: str) -> str:
    """The page as a reader sees it: mistune's HTML, whitespace as a browser shows it
    (runs as one space, none around block tags), ``<pre>`` exact."""
    import mistune

    html = str(mistune.create_markdown(escape=False)(text))
    parts = _PRE.split(html)
    for i in range(0, len(parts), 2):
        parts[i] = _BLOCK_TAG.sub(r"\1", re.sub(r"\s+", " ", parts[i]))
    return "".join(parts).strip()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:60])
def test_layout_fixes_render_the_whole_page_as_it_was(path: Path) -> None:
    source = Source.from_bytes(path.read_bytes())
    fixed = fix_source(source, LAYOUT, path)
    if fixed.changed:
        before, after = _page(source.text), _page(fixed.text)
        if before != after:
            pairs = zip(before, after, strict=False)
            at = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(before), len(after)))
            pytest.fail(
                f"the page changed: {before[at - 60 : at + 60]!r} became "
                f"{after[at - 60 : at + 60]!r}"
            )


# -- how many findings of each rule, file by file ------------------------------------------

SNAPSHOT = Path(__file__).parent / "snapshots" / "corpus_counts.json"


def test_findings_per_rule_per_file_are_as_recorded() -> None:
    counts = {
        path.name: dict(sorted(Counter(v.code for v in _linted(path)[1]).items())) for path in FILES
    }
    if os.environ.get("NOTELINT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(counts, indent=1, sort_keys=True) + "\n", "utf-8")
        return
    recorded = json.loads(SNAPSHOT.read_text("utf-8"))
    changes = []
    for name in sorted(set(counts) | set(recorded)):
        now, then = counts.get(name, {}), recorded.get(name, {})
        for code in sorted(set(now) | set(then)):
            if now.get(code, 0) != then.get(code, 0):
                changes.append(f"{name}: {code} {then.get(code, 0)} -> {now.get(code, 0)}")
    assert not changes, (
        "findings on the corpus changed; if that is meant, record them with "
        "NOTELINT_UPDATE_SNAPSHOTS=1 and commit tests/snapshots/corpus_counts.json:\n"
        + "\n".join(changes)
    )
