"""Signals held back while a piece of work that must not be cut short runs."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Set
from contextlib import contextmanager

# The signals whose Python handlers raise: Ctrl-C, and the alarm of the time limit.
INTERRUPTS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGALRM") if hasattr(signal, name)
)


@contextmanager
def signals_held(held: Set[int]) -> Iterator[None]:
    """Block the signals ``held`` until the block is done; then they are delivered.

    Only the main thread can be held: elsewhere, and where signal masks do not exist,
    the block runs as it is.
    """
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "pthread_sigmask") or not main:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
