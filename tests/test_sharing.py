"""A large document's rules shared with a forked process give what one process gives."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from notelint.config.options import Config
from notelint.engine.limits import TooComplex, time_limit
from notelint.engine.linting import run_rules
from notelint.engine.sharing import LARGE, allowed
from notelint.model.build import build
from notelint.model.disk import Disk
from notelint.model.violation import Violation
from notelint.rules.base import Rule, RuleContext
from notelint.syntax.source import Source

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="sharing needs fork and a second core",
)

# Long paragraphs: large, but quick to parse.
_LARGE_TEXT = "# Notes\n\n" + ("word " * 200 + "\n\n") * (LARGE // 1000 + 1)
_SMALL_TEXT = "# Notes\n\n- paper\n"


def _rules(count: int, pause: float = 0.02, fail_in_child: bool = False) -> list[Rule]:
    """Rules that each report where they ran, at a place of their own."""
    parent = os.getpid()

    def make(at: int) -> Rule:
        class Where(Rule):
            code = f"XT{at:03d}"
            name = f"where-{at}"
            level = "warning"

            def check(self, ctx: RuleContext) -> Iterator[Violation]:
                time.sleep(pause)
                if fail_in_child and os.getpid() != parent:
                    raise ValueError("only in the child")
                ctx.disk.exists(Path(f"/nonexistent/{self.code}"))
                yield self.violation(at, at + 1, f"{os.getpid()}")

        return Where()

    return [make(at) for at in range(count)]


def _run(
    text: str, rules: list[Rule], share: bool, disk: Disk | None = None, seconds: float = 0
) -> list[Violation]:
    doc = build(Source.from_text(text))
    with allowed(share), time_limit(seconds):
        return run_rules(doc, rules, Config(), None, disk)


def test_shared_rules_report_what_one_process_reports() -> None:
    rules = _rules(16)
    alone, shared = _run(_LARGE_TEXT, rules, False), _run(_LARGE_TEXT, rules, True)
    assert [(v.code, v.start) for v in shared] == [(v.code, v.start) for v in alone]
    assert {v.message for v in alone} == {str(os.getpid())}
    # The findings came from two processes, so the rules really were shared: the child
    # began at the front of the list, this one at the back.
    assert len({v.message for v in shared}) == 2
    assert shared[0].message != str(os.getpid()) == shared[-1].message


def test_a_small_document_is_checked_in_one_process() -> None:
    found = _run(_SMALL_TEXT, _rules(8, pause=0.005), True)
    assert {v.message for v in found} == {str(os.getpid())}


def test_what_the_child_asked_of_the_disk_is_kept() -> None:
    disk = Disk()
    found = _run(_LARGE_TEXT, _rules(16), True, disk)
    assert len({v.message for v in found}) == 2
    asked = {path for kind, path in disk.answers if kind == "exists"}
    assert asked == {f"/nonexistent/XT{at:03d}" for at in range(16)}


def test_rules_that_fail_in_the_child_are_run_again_here() -> None:
    found = _run(_LARGE_TEXT, _rules(16, fail_in_child=True), True)
    assert [v.code for v in found] == [f"XT{at:03d}" for at in range(16)]
    assert {v.message for v in found} == {str(os.getpid())}


def test_a_failing_rule_fails_the_check_as_without_sharing() -> None:
    class Broken(Rule):
        code, name, level = "XT999", "broken", "warning"

        def check(self, ctx: RuleContext) -> Iterator[Violation]:
            raise ValueError("broken rule")

    with pytest.raises(ValueError, match="broken rule"):
        _run(_LARGE_TEXT, [*_rules(8), Broken()], True)


def test_the_time_limit_stops_both_processes(tmp_path: Path) -> None:
    started = tmp_path / "pids"

    class Slow(Rule):
        code, name, level = "XT500", "slow", "warning"

        def check(self, ctx: RuleContext) -> Iterator[Violation]:
            with started.open("a") as out:
                out.write(f"{os.getpid()}\n")
            time.sleep(60)
            return iter(())

    class Slower(Slow):
        code, name = "XT501", "slower"

    begun = time.monotonic()
    with pytest.raises(TooComplex):
        _run(_LARGE_TEXT, [Slow(), Slower()], True, seconds=2.0)
    assert time.monotonic() - begun < 30
    pids = {int(line) for line in started.read_text().split()}
    assert len(pids) == 2
    for pid in pids - {os.getpid()}:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_the_command_line_gives_the_same_report_and_fix_either_way(tmp_path: Path) -> None:
    body = "".join(
        f"## {2024 - i % 3}\n\n- Paper {i} [[code]] (https://github.com/a/b{i})\n\n"
        for i in range(40)
    ) + _LARGE_TEXT.replace("# Notes", "## Words")
    reports = []
    for jobs in (["--jobs", "1"], []):
        target = tmp_path / f"notes-{len(jobs)}.md"
        target.write_text(body, encoding="utf-8")
        argv = [sys.executable, "-m", "notelint", "--isolated", "--no-cache", *jobs]
        check = subprocess.run([*argv, target.name], cwd=tmp_path, capture_output=True)
        fix = subprocess.run([*argv, "--fix", target.name], cwd=tmp_path, capture_output=True)
        reports.append((check.returncode, check.stdout.replace(target.name.encode(), b"F")))
        reports.append((fix.returncode, target.read_bytes()))
    assert reports[0] == reports[2] and reports[1] == reports[3]
    assert reports[0][0] == 1 and reports[1][1] != body.encode()
