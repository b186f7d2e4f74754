"""Instruction counts of the benchmark's workloads, beside their floors, under callgrind.

Wall times on a shared machine move by a third from one minute to the next; the number
of instructions a run executes does not. This runs each workload's floor and notelint's
command once under ``valgrind --tool=callgrind`` (after one run outside it, which fills
caches and writes bytecode) and prints the counts and their ratio. Forked processes
(the workers of a run over many files, the second process a large file shares its rules
with) count too: callgrind writes out the counts at each fork, so a child counts only its
own work. The table gives all processes together (the work) and the main process alone
(a lower bound of the longest path, with the other cores idle). It says nothing of
waiting for the disk: the wall-time figures stay ``run.py``'s.

    .venv/bin/python benchmarks/instructions.py                 # the single-file workloads
    .venv/bin/python benchmarks/instructions.py --only check-200
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # the workloads and their inputs, as the timing script has them

# Under valgrind a check runs about 50 times slower: without NOTELINT_TIMEOUT=0 the time
# budget would stop it part-way, and the count would mean nothing.
ENV = {**run.ENV, "NOTELINT_TIMEOUT": "0", "PYTHONHASHSEED": "0"}
NL6 = "check-20k-nl6"
# The 500-file workloads take many minutes under valgrind: ask for them with --only.
DEFAULT = ["check-20k", "check-200", "fix-20k", "warm-20k", NL6]


def count(command: run.Command) -> tuple[int, int]:
    """The instructions ``command`` executes: all its processes, and the main one alone."""
    if command.prep:
        command.prep()
    subprocess.run(command.argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if command.prep:
        command.prep()
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "run.%p.cg")
        # Counts are written out (and zeroed) before each fork, so a forked child starts
        # from nothing instead of from its parent's count.
        valgrind = [
            "valgrind",
            "--tool=callgrind",
            "--trace-children=yes",
            "--dump-before=PyOS_BeforeFork",
        ]
        subprocess.run(
            [*valgrind, f"--callgrind-out-file={out}", *command.argv],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        per_process: dict[int, int] = {}
        for path in Path(folder).glob("run.*.cg*"):
            pid = int(path.name.split(".")[1])
            for line in path.read_text(errors="replace").splitlines():
                if line.startswith("summary:"):
                    per_process[pid] = per_process.get(pid, 0) + int(line.split()[1])
        return sum(per_process.values()), per_process[min(per_process)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="one workload (repeatable)")
    args = parser.parse_args(argv)
    if not shutil.which("valgrind"):
        sys.exit("error: valgrind is not installed")
    workloads = {w.name: w for w in run.workloads(large=False) if w.kind == "time"}
    check = workloads["check-20k"].tools["notelint"]
    chosen = args.only or DEFAULT
    print("| workload | floor | notelint, all processes | ratio | main process | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    default = default_main = None
    for name in chosen:
        if name == NL6:
            # Against the default check, not the parse: what the opt-in group adds.
            if default is None or default_main is None:
                default, default_main = count(check)
            floor, floor_main = default, default_main
            mine, main_only = count(run.Command([*check.argv, "--extend-select", "NL6"]))
        else:
            workload = workloads[name]
            floor = floor_main = count(workload.floor)[0]
            mine, main_only = count(workload.tools["notelint"])
            if name == "check-20k":
                default, default_main = mine, main_only
        print(
            f"| {name} | {floor / 1e9:.3f} G | {mine / 1e9:.3f} G | {mine / floor:.2f} "
            f"| {main_only / 1e9:.3f} G | {main_only / floor_main:.2f} |"
        )
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
