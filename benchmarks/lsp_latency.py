"""How long an editor waits for findings: didChange -> publishDiagnostics on a notes file.

Starts ``notelint server`` over stdio with a pygls client, opens a generated 2,000-line
notes file, then sends changes one at a time (a word added to, then removed from, a
line in the middle) and times each until the diagnostics of that version arrive. The
server's debounce is part of the wait an editor sees, so it is included; run with
``--debounce-ms 0`` to time the check alone.

    .venv/bin/python benchmarks/lsp_latency.py [--lines 2000] [--changes 30] [--debounce-ms N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO.parent / "shared" / "bench" / "gen_notes.py"


def generate(lines: int, seed: int, folder: Path) -> Path:
    """Write the generator's notes file of ``lines`` lines into ``folder``."""
    if not GENERATOR.is_file():
        sys.exit(f"the generator is not here: {GENERATOR}")
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--lines", str(lines), "--seed", str(seed)],
        capture_output=True,
        check=True,
    )
    path = folder / "notes.md"
    path.write_bytes(done.stdout)
    return path


async def measure(path: Path, changes: int, debounce_ms: int | None) -> list[float]:
    client = BaseLanguageClient("lsp-latency", "1")
    arrived: dict[int, float] = {}
    waiting: dict[int, asyncio.Future[None]] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(_: BaseLanguageClient, params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            future = waiting.pop(params.version, None)
            if future is not None and not future.done():
                future.set_result(None)

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    await client.start_io(sys.executable, "-m", "notelint", "server", env=env)
    options = {"debounceMs": debounce_ms} if debounce_ms is not None else None
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=path.parent.as_uri(),
            initialization_options=options,
        )
    )
    client.initialized(types.InitializedParams())
    uri = path.as_uri()
    text = path.read_text("utf-8")
    lines = text.split("\n")
    middle = len(lines) // 2
    loop = asyncio.get_running_loop()

    async def send(version: int, new_text: str, opened: bool) -> float:
        waiting[version] = loop.create_future()
        start = time.perf_counter()
        if opened:
            change = types.TextDocumentContentChangeWholeDocument(text=new_text)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[change],
                )
            )
        else:
            item = types.TextDocumentItem(
                uri=uri, language_id="markdown", version=version, text=new_text
            )
            client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        await asyncio.wait_for(waiting[version], timeout=60)
        return arrived[version] - start

    await send(1, text, opened=False)  # warm-up: imports, rules, the first parse
    times = []
    for version in range(2, changes + 2):
        edited = list(lines)
        if version % 2 == 0:
            edited[middle] = edited[middle] + " word"
        times.append(await send(version, "\n".join(edited), opened=True))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument(
        "--debounce-ms", type=int, default=None, help="the server's debounce (default: its own)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = generate(args.lines, args.seed, Path(folder))
        times = asyncio.run(measure(path, args.changes, args.debounce_ms))
    ms = sorted(t * 1000 for t in times)
    debounce = "server default" if args.debounce_ms is None else f"{args.debounce_ms} ms"
    print(
        f"didChange -> publishDiagnostics, {args.lines}-line notes file, "
        f"{len(ms)} changes, debounce {debounce}: "
        f"median {statistics.median(ms):.1f} ms (min {ms[0]:.1f}, max {ms[-1]:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
