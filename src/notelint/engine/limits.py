"""Limits that keep hostile input from hanging notelint or eating the machine's memory.

- A file larger than ``max_size()`` is not read at all: "too large to check".
- Checking or fixing one file runs within a time budget (``file_budget``); past it the
  file ends in "too complex to check within N s" and the run goes on with the others.
  The parser has inputs it needs minutes for (deeply nested emphasis), so no amount of
  care in notelint's own code could bound a run without this.
- Patterns that come from the user (exclude globs, ``.gitignore`` files) are matched
  with the ``regex`` module and a timeout, so a pathological glob cannot hang discovery.

Both limits are set with environment variables, documented in docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

# Environment variables: seconds per file (0: no limit), and megabytes per file (0: none).
TIMEOUT_ENV = "NOTELINT_TIMEOUT"
MAX_SIZE_ENV = "NOTELINT_MAX_SIZE"

# The default budget grows with the file, so a big ordinary file is never cut short
# while a small pathological one ends quickly.
BASE_SECONDS = 30.0
SECONDS_PER_MB = 15.0
DEFAULT_MAX_MB = 20.0


class TooComplex(BaseException):
    """The time budget of a file ran out.

    A ``BaseException``, like ``KeyboardInterrupt``: the ``except Exception`` clauses that
    turn parser failures into refusals or internal errors must not swallow it.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"too complex to check within {round(seconds, 1):g} s")
        self.seconds = seconds


class LimitError(ValueError):
    """A limit's environment variable is not a number."""


def _number(name: str) -> float | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise LimitError(f"{name} must be a number, not {raw!r}") from None
    if value < 0 or value != value:
        raise LimitError(f"{name} must be 0 or more, not {raw!r}")
    return value


def check_settings() -> None:
    """Raise LimitError now, before any file is touched, when a variable is malformed."""
    _number(TIMEOUT_ENV)
    _number(MAX_SIZE_ENV)


def max_size() -> int | None:
    """The largest file, in bytes, notelint reads; None for no limit."""
    mb = _number(MAX_SIZE_ENV)
    if mb is None:
        mb = DEFAULT_MAX_MB
    return int(mb * 1_000_000) if mb else None


def file_budget(size: int) -> float | None:
    """The seconds a file of ``size`` characters may take; None for no limit."""
    seconds = _number(TIMEOUT_ENV)
    if seconds is None:
        return BASE_SECONDS + SECONDS_PER_MB * size / 1_000_000
    return seconds or None


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expired(signum: int, frame: Any) -> None:
    raise TooComplex(_armed[-1] if _armed else 0.0)


_armed: list[float] = []


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TooComplex inside the block once ``seconds`` of wall time have passed.

    Uses SIGALRM, so it only works in the main thread; elsewhere (and with ``None``)
    the block runs unbounded. The alarm interrupts Python code between bytecodes, which
    is where every known slow input spends its time.
    """
    if not seconds or _armed or not _can_interrupt():
        yield
        return
    collecting = gc.isenabled()
    previous = signal.signal(signal.SIGALRM, _expired)
    _armed.append(seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _armed.pop()
        signal.signal(signal.SIGALRM, previous)
        # The alarm may have cut short the code that switches the collector back on.
        if collecting:
            gc.enable()


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """Hold the alarm of ``time_limit`` while the block runs: a write is never cut short."""
    if not _armed or not _can_interrupt():
        yield
        return
    left, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if left:
            signal.setitimer(signal.ITIMER_REAL, left)
