"""What the command line shows on a terminal besides the report: colours and progress.

Progress goes to standard error, and only when that is a terminal and the report is
plain text: a run over many files, or over a large one, says how far it is instead of
staying silent; piped or machine-read output never carries it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from typing import Any, TextIO

from notelint.syntax.lazy import lazy_re

# A run over at least this many files, or this much text, shows its progress.
PROGRESS_FILES = 20
PROGRESS_BYTES = 1_000_000


# Lines with their endings, split only where notelint splits lines (not on U+2028).
_DIFF_LINE = lazy_re(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def coloured_diff(text: str) -> str:
    """A unified diff with file headers bold, hunk headers cyan, additions green, removals red."""
    import click  # only a diff on a terminal is coloured

    lines = _DIFF_LINE.findall(text)
    out = []
    for at, line in enumerate(lines):
        body = line.rstrip("\r\n")
        following = lines[at + 1] if at + 1 < len(lines) else ""
        previous = lines[at - 1] if at else ""
        if (body.startswith("--- ") and following.startswith("+++ ")) or (
            body.startswith("+++ ") and previous.startswith("--- ")
        ):
            body = click.style(body, bold=True)
        elif body.startswith("@@"):
            body = click.style(body, fg="cyan")
        elif body.startswith(("+", "-")):
            body = click.style(body, fg="green" if body[0] == "+" else "red")
        out.append(body + line[len(line.rstrip("\r\n")) :])
    return "".join(out)


def shows_progress(stream: TextIO, output_format: str, quiet: bool) -> bool:
    """Whether a run reporting in ``output_format`` may draw progress on ``stream``."""
    return output_format == "text" and not quiet and _is_terminal(stream)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """A progress bar over the bytes of a run's files, redrawn every half second.

    The redraw keeps the elapsed time moving while one large file is being checked, so
    a long ``--fix`` is never silent. The bar is erased when the run ends, before the
    report is printed.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._bar: Any = None
        self._sizes: Sequence[int] = ()
        self._names: Sequence[str] = ()
        self._current = 0
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def start(self, names: Sequence[str], sizes: Sequence[int]) -> None:
        """Show the bar if the run is worth it: many files, or much text."""
        if len(sizes) < PROGRESS_FILES and sum(sizes) < PROGRESS_BYTES:
            return
        self._names, self._sizes = names, sizes
        import click  # only a terminal shows progress

        self._bar = click.progressbar(
            length=max(1, sum(sizes)), file=self.stream, show_eta=False, width=24
        )
        self._render()
        self._ticker = threading.Thread(target=self._tick, daemon=True)
        self._ticker.start()

    def _render(self) -> None:
        """Redraw the bar, its label saying how many files, how long, and which now."""
        count = len(self._sizes)
        name = self._names[self._current] if self._current < count else ""
        elapsed = time.monotonic() - self._started
        shown = os.path.basename(name)[:30]
        self._bar.label = f"Checking {count} files {elapsed:3.0f}s {shown:<30}"
        self._bar.render_progress()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            with self._lock:
                if self._bar is not None:
                    self._render()

    def advance(self, index: int) -> None:
        """Count file ``index`` as done."""
        with self._lock:
            if self._bar is None:
                return
            self._current = index + 1
            self._bar.update(self._sizes[index])
            self._render()

    def finish(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            if self._bar is not None:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self._bar = None
