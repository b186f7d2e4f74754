"""Share the rules of one large document between this process and a forked one.

A check of one large file spends about half its time in the rules, after a parse and a
model build that one process has to do. The rules can run side by side: when a run
checks a single file and has a core to spare, a forked child runs some of the rules on
the same document (inherited, neither copied nor pickled) while this process runs the
others. The child takes the rules from the front of the list and this process from the
back, each from a pipe of its own; one that has run out takes the next rule from the
other's pipe, so neither waits for the other while rules are left. Rules next to each
other share what they work out of the document (the entries' links, the blank lines, the
notes lines), so each process works out most of that once, not both. The child's
findings come back pickled and are put in rule order, so the result is the one a single
process gives. (The rules at the back, on layout and whitespace, find the most, which
are then neither pickled nor unpickled.)

Anything the child does not send back (it failed, was killed, or a rule raised in it) is
run here, so a rule's error is raised where it would be without sharing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from notelint.engine.workers import cores

_T = TypeVar("_T")

# Below this much text the rules take less time than forking and sending findings back.
LARGE = 128 * 1024
# One claim of a task: its index in two bytes. A pipe hands each read of two bytes whole.
_TASK_SIZE = 2
_allowed = False


@contextlib.contextmanager
def allowed(on: bool) -> Iterator[None]:
    """Let large documents share their rules within the block (a run over one file)."""
    global _allowed
    before, _allowed = _allowed, on and _can_fork()
    try:
        yield
    finally:
        _allowed = before


def worth_sharing(size: int, tasks: int) -> bool:
    """Whether ``tasks`` on a document of ``size`` characters are worth a second process."""
    return _allowed and size >= LARGE and 1 < tasks < 1 << 16


def _can_fork() -> bool:
    """Linux, a second core, and no other thread (whose locks a fork would copy held)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    return threading.active_count() == 1 and cores() > 1


def shared(
    count: int, task: Callable[[int], _T], extra: Callable[[], Any]
) -> tuple[list[_T], list[Any]]:
    """``[task(i) for i in range(count)]``, run partly in a forked child.

    ``extra()`` is what the child learned besides its results (for the rules: what they
    asked of the disk); the child's is returned beside the results, to be merged.
    """
    import pickle  # only a shared run needs it

    half = (count + 1) // 2
    theirs = _queue(range(half))
    mine = _queue(range(count - 1, half - 1, -1))
    results_in, results_out = os.pipe()
    remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    try:
        pid = os.fork()
    except OSError:  # no process to spare: all of it here
        for fd in (mine, theirs, results_in, results_out):
            os.close(fd)
        return [task(at) for at in range(count)], []
    if pid == 0:  # pragma: no cover  (ends in os._exit; the tests check what it sends)
        _child((theirs, mine), results_in, results_out, task, extra, remaining)
    os.close(results_out)
    done: dict[int, _T] = {}
    learned: list[Any] = []
    reaped = False
    try:
        _take_tasks((mine, theirs), task, done)
        payload = _read_all(results_in)
        os.waitpid(pid, 0)
        reaped = True
    finally:
        for fd in (mine, theirs, results_in):
            os.close(fd)
        if not reaped:
            _stop(pid)
    try:
        theirs, their_extra = pickle.loads(payload)
    except Exception:  # nothing sent, or cut short: their tasks run here
        pass
    else:
        done.update(theirs)
        learned.append(their_extra)
    return [done[at] if at in done else task(at) for at in range(count)], learned


def _queue(order: range) -> int:
    """A pipe to read the task indices of ``order`` from, one claim at a time."""
    tasks_in, tasks_out = os.pipe()
    try:
        os.write(tasks_out, b"".join(at.to_bytes(_TASK_SIZE, "big") for at in order))
    finally:
        os.close(tasks_out)
    return tasks_in


def _take_tasks(queues: tuple[int, int], task: Callable[[int], _T], done: dict[int, _T]) -> None:
    """Run the tasks of a process's own queue, then those left in the other's."""
    for tasks in queues:
        while len(claim := os.read(tasks, _TASK_SIZE)) == _TASK_SIZE:
            at = int.from_bytes(claim, "big")
            done[at] = task(at)


def _child(
    tasks: tuple[int, int],
    results_in: int,
    results_out: int,
    task: Callable[[int], Any],
    extra: Callable[[], Any],
    remaining: float,
) -> None:  # pragma: no cover  (runs in the forked child)
    """Run tasks until none is left, send back what was done, and end without cleanup."""
    import pickle

    try:
        os.close(results_in)
        # Ctrl-C reaches the whole process group: the parent reports it, the child just ends.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # Past the parent's time budget the parent has given up; so does the child.
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        if remaining:
            signal.setitimer(signal.ITIMER_REAL, remaining + 1.0)
        done: dict[int, Any] = {}
        # On an error the parent runs what is missing, and the error is raised there.
        with contextlib.suppress(Exception):
            _take_tasks(tasks, task, done)
        try:
            payload = pickle.dumps((done, extra()), pickle.HIGHEST_PROTOCOL)
        except Exception:
            payload = b""
        view = memoryview(payload)
        while view:
            view = view[os.write(results_out, view) :]
    finally:
        os._exit(0)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _stop(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
