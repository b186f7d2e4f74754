"""How notelint's time grows with its input, on the inputs most likely to make it grow
faster than the input (SPEC section 7: at most 1.25 x linear from 1 x to 8 x).

Each family is a document built to stress one thing at a size of about 1 x and 8 x. Each
size is checked by a fresh ``python -m notelint`` process, and its CPU time (user + system,
from ``wait4``: the machine may be shared, and waiting for a core is not notelint's time)
minus the CPU time of checking an empty file (start-up) is its work. The growth is

    (work at 8 x) / (8 x work at 1 x)

1.00 is exactly linear; the target is at most 1.25. Uses only the standard library.

    .venv/bin/python benchmarks/growth.py [--runs N] [--only FAMILY] [--diff] [--example]

``--diff`` measures ``--diff`` (every fix computed and checked) instead of a check;
``--example`` also times the example repeated to about 1.3 MB and 10 MB (the shared
example beside the repository, else ``examples/paper-notes.md``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The shared example beside the repository when there (the 4.4 KB one), else the repository's.
SHARED_EXAMPLE = REPO.parent / "shared" / "example" / "paper-notes.md"
EXAMPLE = SHARED_EXAMPLE if SHARED_EXAMPLE.exists() else REPO / "examples" / "paper-notes.md"
PY = sys.executable
# Bytecode caching on, as installed; no time budget or size limit to cut a run short.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(NOTELINT_TIMEOUT="0", NOTELINT_MAX_SIZE="0")
BASE = 600_000  # bytes at 1 x
TARGET = 1.25


def _fill(size: int, head: str, unit: Callable[[int], str], tail: str = "") -> str:
    parts, total, i = [head], len(head), 0
    while total < size:
        part = unit(i)
        parts.append(part)
        total += len(part.encode("utf-8"))
        i += 1
    parts.append(tail)
    return "".join(parts)


def repeated_years(size: int) -> str:
    """One year group whose few years come back again and again (NL103, NL104)."""

    def unit(i: int) -> str:
        return (
            f"### {2023 - i % 3}\n\n- Paper number {i}\n"
            f"  - ICLR [[code]](https://github.com/o/r{i})\n\n"
        )

    return _fill(size, "# Paper\n\n", unit)


def duplicate_titles(size: int) -> str:
    """One year holding the same few papers thousands of times (NL206, NL211)."""

    def unit(i: int) -> str:
        return (
            f"- GLM-130B: An Open Bilingual Pre-trained Model {i % 4}\n"
            f"  - ICLR [[code]](https://github.com/THUDM/GLM-130B)\n"
        )

    return _fill(size, "# Paper\n\n### 2023\n\n", unit)


def notes_blocks(size: int) -> str:
    """Entries each with a notes block: notes, breaks, images (NL3)."""

    def unit(i: int) -> str:
        return (
            f"- Paper {i}\n"
            f"  - NeurIPS [[code]](https://github.com/o/r{i})\n"
            "  - <details>\n"
            "    <summary>阅读笔记: </summary>\n"
            "    1. a note about the method  <br>\n"
            "    2. a note without its break\n"
            "    3. a note with **bold** text  <br>\n"
            '    <img src="assets/fig.png" align="middle" />\n'
            "    </details>\n\n"
        )

    return _fill(size, "# Paper\n\n### 2023\n\n", unit)


def links_on_one_line(size: int) -> str:
    """One meta line holding every link: code links written every way (NL201-NL205)."""
    forms = ["[[code]](https://github.com/o/r{})", "[code](http://github.com/o/r{}/)", "[[p]]()"]

    def unit(i: int) -> str:
        return forms[i % 3].format(i) + " "

    return _fill(size, "# Paper\n\n### 2023\n\n- A paper\n  - ICLR ", unit, "\n")


def nested_lists(size: int) -> str:
    """Lists nested as deep as the parser goes (20) and deeper, over and over."""

    def unit(i: int) -> str:
        return "".join(f"{'  ' * depth}- item {i}.{depth}\n" for depth in range(30)) + "\n"

    return _fill(size, "# Notes\n\n", unit)


def nested_quotes(size: int) -> str:
    """One block quote nested once per character pair: `> > > … text`."""
    return "> " * (size // 2) + "text\n"


def long_line(size: int) -> str:
    """One line of words, emphasis, code, links and CJK, with no newline in it."""
    words = "word *emphasis* `code` [t](https://x.org/p) 中文 "

    def unit(i: int) -> str:
        return words

    return _fill(size, "", unit, "\n")


FAMILIES: dict[str, Callable[[int], str]] = {
    "repeated-years": repeated_years,
    "duplicate-titles": duplicate_titles,
    "notes-blocks": notes_blocks,
    "links-on-one-line": links_on_one_line,
    "nested-lists": nested_lists,
    "nested-quotes": nested_quotes,
    "5-MB-line": long_line,
}


def cpu_seconds(path: Path, diff: bool) -> float:
    """The CPU time one ``notelint`` process takes to check (or diff) ``path``."""
    cmd = [PY, "-m", "notelint", "--isolated", "--no-cache", "-q"]
    cmd += [*(["--diff"] if diff else []), str(path)]
    proc = subprocess.Popen(
        cmd, cwd=path.parent, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime


def best(path: Path, runs: int, diff: bool) -> float:
    """The least CPU time of ``runs`` runs: noise only ever adds time."""
    return min(cpu_seconds(path, diff) for _ in range(runs))


def start_up_time(folder: Path, runs: int, diff: bool) -> float:
    empty = folder / "empty.md"
    empty.write_text("", encoding="utf-8")
    return best(empty, runs, diff)


def measure(folder: Path, runs: int, diff: bool, only: list[str], start_up: float) -> bool:
    print(f"start-up (an empty file): {start_up:.3f} s CPU; the times below are after it")
    print()
    print("| family | 1 x | 8 x | work 1 x | work 8 x | growth |")
    print("|---|---:|---:|---:|---:|---:|")
    passed = True
    for name, make in FAMILIES.items():
        if only and name not in only:
            continue
        works, sizes = [], []
        for factor in (1, 8):
            path = folder / f"{name}-{factor}.md"
            data = make(BASE * factor).encode("utf-8")
            path.write_bytes(data)
            sizes.append(len(data))
            works.append(max(best(path, runs, diff) - start_up, 1e-3))
            path.unlink()
        # Scale by the sizes actually built, which are only about 1 x and 8 x.
        growth = works[1] / (works[0] * sizes[1] / sizes[0])
        passed &= growth <= TARGET
        print(
            f"| {name} | {_mb(sizes[0])} | {_mb(sizes[1])} | {works[0]:.2f} s | "
            f"{works[1]:.2f} s | {growth:.2f} |",
            flush=True,
        )
    return passed


def example(folder: Path, runs: int, diff: bool, start_up: float) -> None:
    """The example repeated to about 1.3 MB and 10 MB: thousands of years and titles."""
    text = EXAMPLE.read_text("utf-8")
    print()
    print("| the example repeated | size | CPU | work | growth |")
    print("|---|---:|---:|---:|---:|")
    works = []
    for target in (1_300_000, 10_000_000):
        times = -(-target // len(text.encode("utf-8")))
        path = folder / f"example-{times}.md"
        path.write_text(text * times, encoding="utf-8")
        size = path.stat().st_size
        seconds = best(path, runs, diff)
        works.append((size, seconds - start_up))
        growth = ""
        if len(works) == 2:
            (small, first), (large, second) = works
            growth = f"{second / (first * large / small):.2f}"
        print(
            f"| {times:,} times | {_mb(size)} | {seconds:.2f} s | {seconds - start_up:.2f} s "
            f"| {growth} |",
            flush=True,
        )
        path.unlink()


def _mb(size: int) -> str:
    return f"{size / 1e6:.2f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the least counts)")
    parser.add_argument("--only", action="append", default=[], choices=sorted(FAMILIES))
    parser.add_argument("--diff", action="store_true", help="measure --diff, not a check")
    parser.add_argument("--example", action="store_true", help="time the repeated example too")
    args = parser.parse_args()
    print(
        f"notelint {'--diff' if args.diff else 'check'}, {args.runs} runs each, Python "
        f"{sys.version.split()[0]}; median load {statistics.median(os.getloadavg()):.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="notelint-growth-") as tmp:
        start_up = start_up_time(Path(tmp), args.runs, args.diff)
        passed = measure(Path(tmp), args.runs, args.diff, args.only, start_up)
        if args.example:
            example(Path(tmp), args.runs, args.diff, start_up)
    print()
    print(f"every family within {TARGET} x linear: {'yes' if passed else 'NO'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
