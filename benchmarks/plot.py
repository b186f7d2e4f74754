"""Draw the benchmark's figures as a chart for the README.

    .venv/bin/python benchmarks/run.py --json benchmarks/results.json
    .venv/bin/python benchmarks/plot.py [benchmarks/results.json] [docs/benchmarks.svg]

Each workload is a group of bars, one per tool, each the tool's median time as a
multiple of the workload's floor (1 = the floor), on a logarithmic scale. matplotlib is
needed here only (``run.py --setup`` installs it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend

REPO = Path(__file__).resolve().parent.parent
COLOURS = {
    "notelint": "#1f77b4",
    "rumdl": "#ff7f0e",
    "mdformat": "#2ca02c",
    "markdownlint-cli2": "#9467bd",
}
FLOORS = {
    "check-200": "start-up floor",
    "check-500-files": "serial parse floor",
    "warm-500-files": "serial parse floor",
}


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else REPO / "benchmarks" / "results.json"
    target = Path(argv[1]) if len(argv) > 1 else REPO / "docs" / "benchmarks.svg"
    data = json.loads(source.read_text(encoding="utf-8"))
    # growth-200k is measured against notelint itself, not a floor: it is no bar here.
    rows = [
        r
        for r in data["results"]
        if r["kind"] == "time" and r["floor"] and not r["name"].startswith("growth")
    ]
    tools = [t for t in data["tools"] if any(t in r["medians"] for r in rows)]
    fig, ax = plt.subplots(figsize=(9, 0.9 + 0.75 * len(rows)))
    height = 0.8 / len(tools)
    for i, tool in enumerate(tools):
        ys, xs = [], []
        for j, row in enumerate(rows):
            if tool in row["medians"]:
                ys.append(j + (i - (len(tools) - 1) / 2) * height)
                xs.append(row["medians"][tool] / row["floor"])
        bars = ax.barh(ys, xs, height=height, color=COLOURS.get(tool), label=tool)
        ax.bar_label(bars, labels=[f"{x:.2f}x" for x in xs], fontsize=7, padding=2)
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks(
        range(len(rows)),
        [f"{r['name']}\nvs {FLOORS.get(r['name'], 'parse floor')}" for r in rows],
        fontsize=8,
    )
    ax.invert_yaxis()
    ax.set_xlabel("median time / floor (log scale; lower is faster)")
    ax.set_title(f"notelint and its peers (Python {data['python']}, {data['cpus']} cores)")
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 0.02), fontsize=8, framealpha=1.0)
    fig.tight_layout()
    fig.savefig(target, metadata={"Date": None} if target.suffix == ".svg" else None)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
