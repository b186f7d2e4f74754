"""Coverage-guided fuzzing of notelint with atheris (libFuzzer), outside the test suite.

Each input is the bytes of a file. notelint must read it as a file (or refuse it with a
DecodeError, as a binary or non-UTF-8 file), lint it with every rule with every span
inside the text, and fix it, safe and unsafe: a second fix changes nothing, and the only
exception allowed is a refusal, which is counted and, with ``--refusals-fail``, reported
as a crash too. Any other exception, or a violated property, is a crash: libFuzzer saves
the input as ``crash-*`` in the current folder.

Run it for a fixed budget (docs/reliability.md has the runs so far)::

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python fuzz/fuzz_notelint.py -max_total_time=600 -dict=fuzz/markdown.dict \\
        -max_len=4096 -timeout=20 fuzz/corpus fuzz/seeds

``fuzz/corpus`` (created when missing, and not kept in git) collects the inputs that reached new
code; ``fuzz/seeds`` holds a few notes files to start from. Replay a crash with
``.venv/bin/python fuzz/fuzz_notelint.py crash-<hash>``, and count how many of the
corpus's fixes are refused with ``.venv/bin/python fuzz/fuzz_notelint.py --replay
fuzz/corpus``.
"""

from __future__ import annotations

import os
import sys

import atheris

with atheris.instrument_imports():
    from notelint.config.options import Config
    from notelint.engine.fixing import FixRefused, fix_source
    from notelint.engine.linting import lint_source
    from notelint.rules.base import REGISTRY
    from notelint.syntax.source import DecodeError, Source

ALL_RULES = Config(
    select=("ALL",), extend_select=tuple(sorted(c for c, r in REGISTRY.items() if r.opt_in))
)
REFUSALS_FAIL = "--refusals-fail" in sys.argv
refusals = 0


def check(data: bytes) -> None:
    global refusals
    try:
        source = Source.from_bytes(data)
    except DecodeError:
        return
    text = source.text
    for v in lint_source(source, ALL_RULES):
        assert 0 <= v.start <= v.end <= len(text), v
        if v.fix is not None:
            for edit in v.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text), (v, edit)
    for unsafe in (False, True):
        config = ALL_RULES.with_(fix=True, unsafe_fixes=unsafe)
        try:
            once = fix_source(source, config)
        except FixRefused as exc:
            refusals += 1
            if REFUSALS_FAIL:
                raise AssertionError(f"fix refused: {exc}") from exc
            continue
        again = fix_source(Source(once.text, bom=source.bom), config)
        assert again.text == once.text, "a second fix changed the text"


def replay(folders: list[str]) -> None:
    """Run every input of the folders once, outside libFuzzer, and count the outcomes."""
    from pathlib import Path

    inputs = sorted(p for folder in folders for p in Path(folder).iterdir() if p.is_file())
    for path in inputs:
        check(path.read_bytes())
    print(f"{len(inputs)} inputs: no crash; {refusals} fixes refused")


def make_corpus_folder(args: list[str]) -> None:
    """Create the folder libFuzzer writes new inputs to, which it requires to exist.

    That is the first of several folders named (``fuzz/corpus fuzz/seeds``); a single
    path is an input to run once (a crash), never created.
    """
    folders = [a for a in args[1:] if not a.startswith("-")]
    if len(folders) > 1 and not os.path.exists(folders[0]):
        os.makedirs(folders[0])


def main() -> None:
    if sys.argv[1:2] == ["--replay"]:
        replay(sys.argv[2:])
        return
    make_corpus_folder(sys.argv)
    atheris.Setup([a for a in sys.argv if a != "--refusals-fail"], check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
