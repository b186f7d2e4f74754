"""Instruction counts of the benchmark's workloads, beside their floors, under callgrind.

Wall times on a shared machine move by a third from one minute to the next; the number
of instructions a run executes does not. This runs each workload's floor and notelint's
command once under ``valgrind --tool=callgrind`` (after one run outside it, which fills
caches and writes bytecode) and prints the counts and their ratio. A worker process's
instructions count too (``--trace-children``). It says nothing of waiting for the disk
or of several cores: the wall-time figures stay ``run.py``'s.

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


def count(command: run.Command) -> int:
    """The instructions ``command`` executes, its child processes included."""
    if command.prep:
        command.prep()
    subprocess.run(command.argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if command.prep:
        command.prep()
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "run.%p.cg")
        valgrind = ["valgrind", "--tool=callgrind", "--trace-children=yes"]
        subprocess.run(
            [*valgrind, f"--callgrind-out-file={out}", *command.argv],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        total = 0
        for path in Path(folder).glob("run.*.cg"):
            for line in path.read_text(errors="replace").splitlines():
                if line.startswith("summary:"):
                    total += int(line.split()[1])
        return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="one workload (repeatable)")
    args = parser.parse_args(argv)
    if not shutil.which("valgrind"):
        sys.exit("error: valgrind is not installed")
    workloads = {w.name: w for w in run.workloads(large=False) if w.kind == "time"}
    check = workloads["check-20k"].tools["notelint"]
    chosen = args.only or DEFAULT
    print("| workload | floor | notelint | ratio |")
    print("|---|---:|---:|---:|")
    default = None
    for name in chosen:
        if name == NL6:
            # Against the default check, not the parse: what the opt-in group adds.
            floor = default if default is not None else count(check)
            mine = count(run.Command([*check.argv, "--extend-select", "NL6"]))
        else:
            workload = workloads[name]
            floor = count(workload.floor)
            mine = count(workload.tools["notelint"])
            if name == "check-20k":
                default = mine
        print(f"| {name} | {floor / 1e9:.3f} G | {mine / 1e9:.3f} G | {mine / floor:.2f} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
