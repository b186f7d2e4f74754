"""Check many files at once in worker processes, one per core.

Workers are forked, so they start with the rules and settings already in memory and
nothing but a file's index travels to them; its result comes back pickled. Results are
returned in the order of the files, so output does not depend on the number of jobs.
Where ``fork`` is not available (Windows, macOS's default), files are checked one after
another in the calling process.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Result = TypeVar("Result")

# Below this much text in all, starting workers costs more than it saves.
_PARALLEL_BYTES = 256_000
# The work of one run, set before the workers are forked so they inherit it.
_work: tuple[Callable[..., Any], Sequence[tuple[Any, ...]]] | None = None


def cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def job_count(requested: int | None, sizes: Sequence[int]) -> int:
    """How many processes to check ``len(sizes)`` files of these byte sizes with.

    ``requested`` is ``--jobs``: None or 0 decides from the files (one process for a
    single file or a little text, one per core otherwise), a number is taken as it is.
    """
    if requested:
        return max(1, min(requested, len(sizes)))
    if len(sizes) < 2 or sum(sizes) < _PARALLEL_BYTES:
        return 1
    return min(cores(), len(sizes))


def can_fork() -> bool:
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def map_in_order(
    func: Callable[..., Result],
    items: Sequence[tuple[Any, ...]],
    jobs: int,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """``[func(*item) for item in items]``, spread over ``jobs`` processes.

    ``done`` is told the index of each item as its result arrives, in order.
    """
    global _work
    if jobs <= 1 or len(items) < 2 or not can_fork():
        return list(_counted((func(*item) for item in items), done))
    # Imported here: a run over one file, the common case, never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _work = (func, items)
    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(16, len(items) // (jobs * 4)))
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker) as pool:
            return list(_counted(pool.map(_call, range(len(items)), chunksize=chunk), done))
    finally:
        _work = None


def _counted(results: Iterator[Result], done: Callable[[int], None] | None) -> Iterator[Result]:
    for index, result in enumerate(results):
        if done is not None:
            done(index)
        yield result


def _call(index: int) -> Any:
    assert _work is not None
    func, items = _work
    return func(*items[index])


def _start_worker() -> None:
    # Ctrl-C stops the workers without a traceback each; their writes are atomic.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # A worker never outlives the run that started it, even when the run is killed.
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
