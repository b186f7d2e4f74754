"""Performance benchmark of notelint against SPEC section 7, side by side with its peers.

Every time is a ratio against a floor measured in the same session. Within a workload
the floor, notelint and each installed peer (rumdl, mdformat, markdownlint-cli2) run in
rounds, each command once per round in a rotating order, so that machine noise falls on
all of them alike; the median of the timed rounds is reported.

    .venv/bin/python benchmarks/run.py --setup     # install the peers (see README.md)
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
NODE = REPO / "benchmarks" / "node"  # markdownlint-cli2, installed by --setup; git-ignored
GENERATOR = REPO.parent / "shared" / "bench" / "gen_notes.py"
PEERS = {"rumdl": "rumdl==0.3.0", "mdformat": "mdformat==1.0.0"}
MARKDOWNLINT = "markdownlint-cli2@0.22.1"
# The interpreter running this script: the venv's own binary, never a shim.
PY = sys.executable
BIN = Path(PY).parent
# Children may write bytecode, as a user's installation would; otherwise every run recompiles.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["NOTELINT_CACHE_DIR"] = str(DATA / "cache-notelint")
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
TOOLS = ["notelint", "rumdl", "mdformat", "markdownlint-cli2"]


class RunFailed(Exception):
    """A child process exited with an unexpected status or printed a traceback."""


@dataclass
class Run:
    seconds: float
    max_rss_mb: float


@dataclass
class Command:
    argv: list[str]
    prep: Callable[[], None] | None = None


def run_once(cmd: Command) -> Run:
    """Run cmd once; time it and take its own peak RSS from wait4 (not a process-wide total)."""
    if cmd.prep is not None:
        cmd.prep()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd.argv, cwd=REPO, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=err,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    # 1 means "problems found"; but an uncaught exception also exits 1, so look for it.
    if code not in (0, 1) or "Traceback (most recent call last)" in stderr:
        argv = cmd.argv
        shown = " ".join(argv if len(argv) < 12 else [*argv[:11], "..."])
        tail = "\n".join(stderr.rstrip().splitlines()[-12:])
        raise RunFailed(f"exit {code}: {shown}\n{tail}")
    return Run(elapsed, usage.ru_maxrss / 1024)  # Linux reports kilobytes


@dataclass
class Workload:
    name: str
    floor: Command
    tools: dict[str, Command]
    target: float
    # "time": notelint's median over the floor's; "memory": notelint's peak MB.
    kind: str = "time"
    # Whether notelint must also be faster than mdformat in the same run.
    below_mdformat: bool = False


@dataclass
class Result:
    name: str
    target: float
    kind: str
    floor: float | None = None
    medians: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    runs: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    value: float | None = None
    status: str = "FAILED"


def measure(w: Workload, rounds: int) -> Result:
    """One untimed warm-up of every command, then ``rounds`` rounds in rotating order."""
    res = Result(w.name, w.target, w.kind)
    commands = {"floor": w.floor, **w.tools}
    series: dict[str, list[Run]] = {name: [] for name in commands}
    for name, cmd in commands.items():
        try:
            run_once(cmd)
        except RunFailed as exc:
            res.errors[name] = str(exc)
    live = [name for name in commands if name not in res.errors]
    for r in range(rounds):
        for name in live[r % len(live) :] + live[: r % len(live)]:
            if name in res.errors:
                continue
            try:
                series[name].append(run_once(commands[name]))
            except RunFailed as exc:
                res.errors[name] = str(exc)
    for name, runs in series.items():
        if runs and name not in res.errors:
            res.runs[name] = [r.seconds for r in runs]
            res.medians[name] = statistics.median(r.seconds for r in runs)
            res.peak_mb[name] = max(r.max_rss_mb for r in runs)
    res.floor = res.medians.get("floor")
    if "notelint" not in res.medians or res.floor is None:
        return res
    if w.kind == "memory":
        res.value = res.peak_mb["notelint"]
    else:
        res.value = res.medians["notelint"] / res.floor
    ok = res.value <= w.target
    if w.below_mdformat and "mdformat" in res.medians:
        ok = ok and res.medians["notelint"] < res.medians["mdformat"]
    res.status = "PASS" if ok else "FAIL"
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


def peer(name: str) -> list[str] | None:
    """How to run a peer, or None when it is not installed."""
    if name == "markdownlint-cli2":
        script = NODE / "node_modules" / ".bin" / "markdownlint-cli2"
        return [str(script)] if script.exists() and shutil.which("node") else None
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    return [found] if found else None


def peer_commands(
    paths: list[str], fix: bool = False, cached: bool = False
) -> dict[str, list[str]]:
    """Each installed peer's command checking (or fixing) ``paths``."""
    out: dict[str, list[str]] = {}
    rumdl = peer("rumdl")
    if rumdl:
        cache = ["--cache-dir", str(DATA / "cache-rumdl")] if cached else ["--no-cache"]
        out["rumdl"] = [*rumdl, "check", "--no-config", *cache, *(["--fix"] if fix else []), *paths]
    mdformat = peer("mdformat")
    if mdformat and not cached:
        out["mdformat"] = [*mdformat, *([] if fix else ["--check"]), *paths]
    return out


def copier(source: str, target: Path) -> Callable[[], None]:
    return lambda: shutil.copyfile(source, target)


def workloads(large: bool) -> list[Workload]:
    f20k = str(generate(["--lines", "20000", "--seed", "1"], DATA / "notes-20k.md"))
    f200 = str(generate(["--lines", "200", "--seed", "1"], DATA / "notes-200.md"))
    many = generate(["--lines", "200", "--files", "500", "--seed", "1", "--outdir"], DATA / "many")
    files = sorted(str(p) for p in many.glob("*.md"))
    cold = [*NOTELINT, "--no-cache"]
    parse20k = Command([PY, "-c", PARSE_FLOOR, f20k])
    serial = Command([PY, "-c", SERIAL_FLOOR, *files])

    def side_by_side(paths: list[str], mdl: bool = False) -> dict[str, Command]:
        tools = {"notelint": Command([*cold, *paths])}
        tools.update((k, Command(v)) for k, v in peer_commands(paths).items())
        markdownlint = peer("markdownlint-cli2") if mdl else None
        if markdownlint:
            tools["markdownlint-cli2"] = Command([*markdownlint, *paths])
        return tools

    fixes = {}
    for name in ("notelint", "rumdl", "mdformat"):
        copy = DATA / f"fix-copy-{name}.md"
        argv = [*cold, "--fix", str(copy)] if name == "notelint" else None
        argv = argv or peer_commands([str(copy)], fix=True).get(name)
        if argv:
            fixes[name] = Command(argv, copier(f20k, copy))

    def warm(paths: list[str]) -> dict[str, Command]:
        tools = {"notelint": Command([*NOTELINT, *paths])}
        tools.update((k, Command(v)) for k, v in peer_commands(paths, cached=True).items())
        return tools

    result = [
        Workload("check-20k", parse20k, side_by_side([f20k], mdl=True), 2.0, below_mdformat=True),
        Workload(
            "check-200",
            Command([PY, "-c", "import mistune"]),
            side_by_side([f200]),
            2.2,
            below_mdformat=True,
        ),
        Workload("fix-20k", parse20k, fixes, 4.0),
        Workload("check-500-files", serial, side_by_side(files), 1.5),
        Workload("warm-20k", parse20k, warm([f20k]), 0.25),
        Workload("warm-500-files", serial, warm(files), 0.3),
    ]
    if large:
        f200k = str(generate(["--lines", "200000", "--seed", "1"], DATA / "notes-200k.md"))
        # Baseline for both: notelint itself on 20,000 lines; the pair is measured once.
        big = {"notelint": Command([*cold, f200k])}
        result.append(Workload("growth-200k", Command([*cold, f20k]), big, 11.0))
        result.append(Workload("memory-200k", Command([*cold, f20k]), big, 300.0, kind="memory"))
    return result


NAMES = [
    "check-20k",
    "check-200",
    "fix-20k",
    "check-500-files",
    "warm-20k",
    "warm-500-files",
    "growth-200k",
    "memory-200k",
]


def show(res: Result) -> str:
    """One row of the table: the floor's median, then each tool's time and ratio."""
    if res.kind == "memory":
        cells = [f"{res.peak_mb.get('floor', 0):.0f} MB"]
        cells += [f"{res.peak_mb[t]:.0f} MB" if t in res.peak_mb else "-" for t in TOOLS]
        target = f"<= {res.target:.0f} MB"
    else:
        floor = res.floor
        cells = [f"{floor:.3f} s" if floor else "-"]
        for tool in TOOLS:
            t = res.medians.get(tool)
            cells.append(f"{t:.3f} s ({t / floor:.2f}x)" if t is not None and floor else "-")
        target = f"<= {res.target:g}x"
    return "| " + " | ".join([res.name, *cells, target, res.status]) + " |"


def setup() -> int:
    """Install the peers: the Python ones into this venv, markdownlint-cli2 under NODE."""
    subprocess.run([PY, "-m", "pip", "install", *PEERS.values(), "matplotlib"], check=True)
    if shutil.which("npm"):
        NODE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(NODE), MARKDOWNLINT], check=True)
    else:
        print("npm not found: markdownlint-cli2 is left out", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--setup", action="store_true", help="install the peers, then exit")
    ap.add_argument("--quick", action="store_true", help="3 rounds, skip the 200,000-line files")
    ap.add_argument(
        "--only",
        action="append",
        choices=NAMES,
        metavar="NAME",
        help=f"run only this workload (repeatable): {', '.join(NAMES)}",
    )
    ap.add_argument("--runs", type=int, help="timed rounds per workload (default 5, --quick 3)")
    ap.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    args = ap.parse_args(argv)
    if args.setup:
        return setup()
    runs = max(1, args.runs or (3 if args.quick else 5))
    wanted = set(args.only or NAMES)
    large = bool(wanted & {"growth-200k", "memory-200k"}) and (not args.quick or bool(args.only))
    selected = [w for w in workloads(large) if w.name in wanted]
    found = [t for t in TOOLS[1:] if peer(t)]
    print(f"python {platform.python_version()} at {PY}; {runs} rounds; {os.cpu_count()} CPUs")
    print(f"peers: {', '.join(found) or 'none (run with --setup)'}")
    print("| workload | floor | " + " | ".join(TOOLS) + " | target | result |")
    print("|---" * (len(TOOLS) + 4) + "|")
    results: list[Result] = []
    seen: dict[tuple[str, ...], Result] = {}
    for w in selected:
        key = (*w.floor.argv, "\0", *w.tools["notelint"].argv)
        # growth and memory share their runs
        res = seen.get(key) or measure(w, runs)
        seen[key] = res
        if res.name != w.name:
            res = Result(**{**asdict(res), "name": w.name, "target": w.target, "kind": w.kind})
            res.value = res.peak_mb.get("notelint") if w.kind == "memory" else res.value
            ok = res.value is not None and res.value <= w.target
            res.status = "PASS" if ok else "FAIL"
        results.append(res)
        print(show(res), flush=True)
        for tool, error in res.errors.items():
            print(f"    {tool}: " + error.replace("\n", "\n    "), file=sys.stderr, flush=True)
    if args.json:
        meta = {"python": platform.python_version(), "runs": runs, "cpus": os.cpu_count()}
        payload = {**meta, "tools": TOOLS, "results": [asdict(r) for r in results]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.status == "PASS" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
