"""Grader-supplied values for q8: numbers that say which threads computed with them.

``TracedInt`` (katas._kit.traced) already remembers the *process* that computed a
result. ``cubes_in_threads`` must compute in this process, on several threads at once,
so its grader hands it ``ThreadTracedInt`` originals: the first computation with each
one notes the thread that made it, and the first computation of all waits (up to a
patience) until a second thread has started computing too. Concurrent threads meet at
once; one thread working through the items alone waits once, then goes on without
waiting, and the grader sees a single thread.

Pickled, a ``ThreadTracedInt`` becomes a plain ``TracedInt`` (its ``__reduce__``), so a
worker process that unpickles one never waits, and its results carry the worker's pid.
Standard library only: children import this module when they unpickle such a value.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from katas._kit.traced import TracedInt


class ThreadMeeting:
    """Which thread first computed with each original, and a meeting point for two."""

    def __init__(self, patience: float) -> None:
        self.pid = os.getpid()
        self.patience = patience
        #: label of an original -> ident of the thread that first computed with it
        self.threads: dict[int, int] = {}
        #: True when the first computation waited ``patience`` seconds for another
        #: thread and none came
        self.gave_up = False
        self._lock = threading.Lock()
        self._met = threading.Event()

    def arrive(self, label: int) -> None:
        if os.getpid() != self.pid:
            return  # a (forked) worker process: not a thread of the grader's process
        with self._lock:
            self.threads.setdefault(label, threading.get_ident())
            if len(set(self.threads.values())) >= 2:
                self._met.set()
        if not self._met.is_set() and not self.gave_up:
            if not self._met.wait(self.patience):
                self.gave_up = True

    @property
    def distinct_threads(self) -> set[int]:
        with self._lock:
            return set(self.threads.values())


_meeting: ThreadMeeting | None = None


@contextmanager
def meeting(patience: float = 5.0) -> Iterator[ThreadMeeting]:
    """Record threads (and let the first two meet) while the block runs."""
    global _meeting
    _meeting = ThreadMeeting(patience)
    try:
        yield _meeting
    finally:
        _meeting = None


class ThreadTracedInt(TracedInt):
    """A grader's original that reports the thread computing with it (see module doc)."""

    def _result(self, op: str, value: object, *operands: object) -> Any:
        current = _meeting
        if current is not None and self.label is not None:
            current.arrive(self.label)
        return super()._result(op, value, *operands)


def thread_traced(values: Iterable[int]) -> list[TracedInt]:
    """The grader's originals: value ``i`` of the input gets label ``i``."""
    return [ThreadTracedInt(value, label=i) for i, value in enumerate(values)]


def exit_slowly_on_sigterm(seconds: float, hold: float = 0.2) -> int:
    """Run in a loky worker: from now on it takes ``seconds`` to exit on SIGTERM.

    A release that terminates the workers without waiting for them then returns while
    they are visibly still running, instead of racing loky's own thread, which may reap
    them first. Waiting releases are not slowed: loky's shutdown sends its workers a
    message, and ``kill_workers`` sends SIGKILL. The worker holds its task ``hold``
    seconds, so that a second task goes to another worker.
    """

    def exit_later(signum: int, frame: object) -> None:
        time.sleep(seconds)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, exit_later)
    time.sleep(hold)
    return os.getpid()
