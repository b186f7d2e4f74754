"""What a maintainer of each corpus file wants found, and what must stay silent.

Each ``tests/corpus_expectations/<corpus file stem>.txt`` was written by reading that file
of ``../shared/corpus`` as its maintainer would. Its lines:

- ``LINE CODE  why``: a real defect that a default run must report on that line;
- ``!LINE CODE  why``: a correct or habitual place where that rule must stay silent
  (every false positive ever fixed is kept here, so precision stays won);
- ``entries N``: how many paper entries the file has (paper lists and notes files without
  year headings), which the model must find;
- ``# …``: what the file is and the habits it follows.

The corpus text itself stays in ``../shared``; the test skips when it is absent.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from notelint.config.options import Config
from notelint.engine.linting import lint_source
from notelint.model.build import build
from notelint.syntax.source import Source

HERE = Path(__file__).parent / "corpus_expectations"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_LINE = re.compile(r"^(?P<silent>!)?(?P<line>\d+)\s+(?P<code>NL\d{3})\b")
_ENTRIES = re.compile(r"^entries\s+(?P<count>\d+)\b")

if not CORPUS.is_dir():
    pytest.skip("../shared/corpus is not here", allow_module_level=True)


@dataclass
class Expectations:
    found: list[tuple[int, str]] = field(default_factory=list)
    silent: list[tuple[int, str]] = field(default_factory=list)
    entries: int | None = None


def read_expectations(path: Path) -> Expectations:
    """The expectations of one file; an unreadable line is an error, not a skip."""
    out = Expectations()
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if m := _ENTRIES.match(line):
            out.entries = int(m["count"])
        elif m := _LINE.match(line):
            target = out.silent if m["silent"] else out.found
            target.append((int(m["line"]), m["code"]))
        else:
            raise ValueError(f"{path.name}:{number}: cannot read {raw!r}")
    return out


FILES = sorted(HERE.glob("*.txt"))


@functools.cache
def _findings(name: str) -> frozenset[tuple[int, str]]:
    path = CORPUS / f"{name}.md"
    source = Source.from_bytes(path.read_bytes())
    found = lint_source(source, Config(), path)
    # The corpus files sit alone in their folder: every relative file link looks missing
    # there, so NL406 is held only to its fragments, which the file itself decides.
    found = [v for v in found if not (v.code == "NL406" and v.message.startswith("link target"))]
    return frozenset((source.position(v.start).line, v.code) for v in found)


def _corpus_file(expectations: Path) -> Path:
    path = CORPUS / f"{expectations.stem}.md"
    if not path.is_file():
        pytest.fail(f"{expectations.name} names no file of the corpus")
    return path


@pytest.mark.parametrize("expectations", FILES, ids=lambda p: p.stem[:60])
def test_defects_are_found(expectations: Path) -> None:
    _corpus_file(expectations)
    want = read_expectations(expectations).found
    got = _findings(expectations.stem)
    missed = [f"{line} {code}" for line, code in want if (line, code) not in got]
    assert missed == [], f"not reported: {missed}"


@pytest.mark.parametrize("expectations", FILES, ids=lambda p: p.stem[:60])
def test_correct_places_stay_silent(expectations: Path) -> None:
    _corpus_file(expectations)
    quiet = read_expectations(expectations).silent
    got = _findings(expectations.stem)
    noise = [f"{line} {code}" for line, code in quiet if (line, code) in got]
    assert noise == [], f"reported, but must stay silent: {noise}"


@pytest.mark.parametrize(
    "expectations",
    [p for p in FILES if read_expectations(p).entries is not None],
    ids=lambda p: p.stem[:60],
)
def test_paper_entries_are_recognised(expectations: Path) -> None:
    path = _corpus_file(expectations)
    doc = build(Source.from_bytes(path.read_bytes()))
    assert len(doc.entries) == read_expectations(expectations).entries


def test_the_expectations_are_many_and_honest() -> None:
    # The labelled corpus is how precision is held: enough files, defects and silent places.
    every = [read_expectations(p) for p in FILES]
    assert len(FILES) >= 25
    assert sum(len(e.found) for e in every) >= 200
    assert sum(len(e.silent) for e in every) >= 150
    for path, e in zip(FILES, every, strict=True):
        both = set(e.found) & set(e.silent)
        assert not both, f"{path.name}: found and silent at once: {both}"
        text = _corpus_file(path).read_text("utf-8").splitlines()
        beyond = [line for line, _ in (*e.found, *e.silent) if not 1 <= line <= len(text)]
        assert not beyond, f"{path.name}: lines past the end: {beyond}"


def test_an_expectation_that_is_not_met_fails(tmp_path: Path) -> None:
    # The reader refuses what it cannot read, and a wrong expectation is caught.
    bad = tmp_path / "x.txt"
    bad.write_text("12 NL202 fine\nnonsense\n", "utf-8")
    with pytest.raises(ValueError, match=r"x\.txt:2"):
        read_expectations(bad)
    good = tmp_path / "y.txt"
    good.write_text("# a file\nentries 3\n5 NL202 why\n!6 NL504 habit\n", "utf-8")
    e = read_expectations(good)
    assert (e.found, e.silent, e.entries) == ([(5, "NL202")], [(6, "NL504")], 3)
