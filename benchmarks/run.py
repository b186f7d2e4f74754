"""Performance benchmark for notelint against the targets of SPEC section 7.

Every time is a ratio against a floor measured in the same session, interleaved
(floor, notelint, floor, notelint, ...), so that machine noise cancels out.

    .venv/bin/python benchmarks/run.py [--quick] [--only NAME] [--json PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / "data"
GENERATOR = REPO.parent / "shared" / "bench" / "gen_notes.py"
EXAMPLE = REPO / "examples" / "paper-notes.md"
# The interpreter running this script: the venv's own binary, never a shim.
PY = sys.executable
# Children may write bytecode, as a user's installation would; otherwise every run recompiles.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PARSE_FLOOR = (
    "import sys, mistune; "
    "mistune.create_markdown(renderer=None)(open(sys.argv[1], encoding='utf-8').read())"
)
SERIAL_FLOOR = (
    "import sys, mistune\n"
    "md = mistune.create_markdown(renderer=None)\n"
    "for f in sys.argv[1:]:\n"
    "    md(open(f, encoding='utf-8').read())\n"
)
NOTELINT = [PY, "-m", "notelint"]


def notelint_command() -> list[str]:
    """`python -m notelint`, plus `--no-cache` once the CLI has it: every run does all the work."""
    probe = subprocess.run([*NOTELINT, "--help"], cwd=REPO, env=ENV, capture_output=True, text=True)
    return [*NOTELINT, "--no-cache"] if "--no-cache" in probe.stdout else NOTELINT


class RunFailed(Exception):
    """A child process exited with an unexpected status or printed a traceback."""


@dataclass
class Run:
    seconds: float
    max_rss_mb: float


def run_once(cmd: list[str], prep: Callable[[], None] | None = None) -> Run:
    """Run cmd once; time it and take its own peak RSS from wait4 (not a process-wide total)."""
    if prep is not None:
        prep()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    # 1 means "problems found"; but an uncaught exception also exits 1, so look for it.
    if code not in (0, 1) or "Traceback (most recent call last)" in stderr:
        shown = " ".join(cmd if len(cmd) < 12 else [*cmd[:11], "..."])
        tail = "\n".join(stderr.rstrip().splitlines()[-12:])
        raise RunFailed(f"exit {code}: {shown}\n{tail}")
    return Run(elapsed, usage.ru_maxrss / 1024)  # Linux reports kilobytes


@dataclass
class Series:
    floor: list[Run]
    tool: list[Run]
    error: str = ""  # set when notelint failed; the floor is still measured and reported


_cache: dict[tuple[str, ...], Series] = {}


def measure(
    floor: list[str], tool: list[str], runs: int, prep: Callable[[], None] | None
) -> Series:
    """One untimed warm-up of each, then `runs` interleaved pairs; shared between workloads."""
    key = (*floor, "\0", *tool)
    if key in _cache:
        return _cache[key]
    series = Series([], [])
    run_once(floor)
    try:
        run_once(tool, prep)
    except RunFailed as exc:
        series.error = str(exc)
    for _ in range(runs):
        series.floor.append(run_once(floor))
        if not series.error:
            try:
                series.tool.append(run_once(tool, prep))
            except RunFailed as exc:
                series.error = str(exc)
    _cache[key] = series
    return series


@dataclass
class Workload:
    name: str
    floor: list[str]
    tool: list[str]
    target: float
    kind: str = "time"  # "time": tool/floor median; "memory": peak MB of the tool runs
    prep: Callable[[], None] | None = None


@dataclass
class Result:
    name: str
    target: float
    kind: str
    floor: float | None = None
    notelint: float | None = None
    value: float | None = None
    status: str = "FAILED"
    error: str = ""
    floor_runs: list[float] = field(default_factory=list)
    notelint_runs: list[float] = field(default_factory=list)
    notelint_max_rss_mb: list[float] = field(default_factory=list)


def evaluate(w: Workload, runs: int) -> Result:
    res = Result(w.name, w.target, w.kind)
    try:
        series = measure(w.floor, w.tool, runs, w.prep)
    except RunFailed as exc:  # the floor itself failed
        res.error = str(exc)
        return res
    res.floor_runs = [r.seconds for r in series.floor]
    res.notelint_runs = [r.seconds for r in series.tool]
    res.notelint_max_rss_mb = [r.max_rss_mb for r in series.tool]
    if w.kind == "memory":
        res.floor = statistics.median(r.max_rss_mb for r in series.floor)
    else:
        res.floor = statistics.median(res.floor_runs)
    if series.error:
        res.error = series.error
        return res
    if w.kind == "memory":
        res.notelint = statistics.median(res.notelint_max_rss_mb)
        res.value = max(res.notelint_max_rss_mb)
    else:
        res.notelint = statistics.median(res.notelint_runs)
        res.value = res.notelint / res.floor
    res.status = "PASS" if res.value <= w.target else "FAIL"
    return res


def generate(args: list[str], out: Path) -> Path:
    """Run the generator unless `out` already holds its output for these arguments."""
    if not GENERATOR.is_file():
        sys.exit(f"error: input generator not found at {GENERATOR}")
    digest = hashlib.sha256(GENERATOR.read_bytes() + "\0".join(args).encode()).hexdigest()
    stamp = out.with_name(out.name + ".stamp")
    if out.exists() and stamp.exists() and stamp.read_text() == digest:
        return out
    print(f"generating {out.relative_to(REPO)} ...", file=sys.stderr)
    if out.is_dir():
        shutil.rmtree(out)
    DATA.mkdir(parents=True, exist_ok=True)
    if "--outdir" in args:
        subprocess.run([PY, str(GENERATOR), *args, str(out)], check=True)
    else:
        with out.open("wb") as fh:
            subprocess.run([PY, str(GENERATOR), *args], stdout=fh, check=True)
    stamp.write_text(digest)
    return out


def workloads(large: bool) -> list[Workload]:
    f20k = str(generate(["--lines", "20000", "--seed", "1"], DATA / "notes-20k.md"))
    example = EXAMPLE if EXAMPLE.is_file() else generate(["--example"], DATA / "example.md")
    many = generate(["--lines", "200", "--files", "500", "--seed", "1", "--outdir"], DATA / "many")
    many_files = sorted(str(p) for p in many.glob("*.md"))
    copy = DATA / "fix-copy.md"
    notelint = notelint_command()

    def fresh_copy() -> None:
        shutil.copyfile(f20k, copy)

    parse20k = [PY, "-c", PARSE_FLOOR, f20k]
    result = [
        Workload("check-20k", parse20k, [*notelint, f20k], 1.5),
        Workload("check-example", [PY, "-c", "import mistune"], [*notelint, str(example)], 2.0),
        Workload("fix-20k", parse20k, [*notelint, "--fix", str(copy)], 4.0, prep=fresh_copy),
        Workload(
            "check-500-files", [PY, "-c", SERIAL_FLOOR, *many_files], [*notelint, *many_files], 1.0
        ),
    ]
    if large:
        f200k = str(generate(["--lines", "200000", "--seed", "1"], DATA / "notes-200k.md"))
        # Baseline for both: notelint itself on 20,000 lines; the pair is measured once.
        pair = ([*notelint, f20k], [*notelint, f200k])
        result.append(Workload("growth-200k", *pair, 11.0))
        result.append(Workload("memory-200k", *pair, 300.0, kind="memory"))
    return result


NAMES = ["check-20k", "check-example", "fix-20k", "check-500-files", "growth-200k", "memory-200k"]


def show(res: Result) -> str:
    mb = res.kind == "memory"
    unit, ratio = ("{:.0f} MB", "{:.0f} MB") if mb else ("{:.3f} s", "{:.2f}x")
    floor, tool, value = (
        "-" if x is None else fmt.format(x)
        for x, fmt in ((res.floor, unit), (res.notelint, unit), (res.value, ratio))
    )
    target = f"<= {res.target:.0f} MB" if mb else f"<= {res.target:g}x"
    return f"{res.name:<16} {floor:>10} {tool:>10} {value:>9} {target:>10}  {res.status}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="3 runs, skip the 200,000-line workloads")
    ap.add_argument(
        "--only",
        action="append",
        choices=NAMES,
        metavar="NAME",
        help=f"run only this workload (repeatable): {', '.join(NAMES)}",
    )
    ap.add_argument("--runs", type=int, help="timed runs per command (default 5, --quick 3)")
    ap.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    args = ap.parse_args(argv)
    runs = max(1, args.runs or (3 if args.quick else 5))
    wanted = set(args.only or NAMES)
    large = bool(wanted & {"growth-200k", "memory-200k"}) and (not args.quick or bool(args.only))
    selected = [w for w in workloads(large) if w.name in wanted]

    print(f"python {platform.python_version()} at {PY}; {runs} runs; {os.cpu_count()} CPUs")
    print(f"{'workload':<16} {'floor':>10} {'notelint':>10} {'ratio':>9} {'target':>10}  result")
    results: list[Result] = []
    for w in selected:
        res = evaluate(w, runs)
        results.append(res)
        print(show(res), flush=True)
        if res.error:
            print("    " + res.error.replace("\n", "\n    "), file=sys.stderr, flush=True)
    if args.json:
        meta = {"python": PY, "version": platform.python_version(), "runs": runs}
        payload = {**meta, "cpus": os.cpu_count(), "results": [asdict(r) for r in results]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.status == "PASS" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
