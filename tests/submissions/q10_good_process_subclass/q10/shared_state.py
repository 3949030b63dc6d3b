"""q10 in another style: Process subclasses, a separate Lock, and an ExitStack."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Sequence
from multiprocessing.shared_memory import SharedMemory

import numpy as np


def _validate(processes, increments=0):
    for name, value, low in (("processes", processes, 1), ("increments", increments, 0)):
        if type(value) is not int:
            raise TypeError(f"{name} should be an int, not {value!r}")
        if value < low:
            raise ValueError(f"{name} should be >= {low}, not {value}")


class Adder(multiprocessing.Process):
    def __init__(self, counter, lock, increments):
        super().__init__()
        self.counter = counter
        self.lock = lock
        self.increments = increments

    def run(self):
        for _ in range(self.increments):
            if self.lock is None:
                self.counter.value += 1
            else:
                with self.lock:
                    self.counter.value += 1


def _count(counter, lock, processes, increments):
    adders = [Adder(counter, lock, increments) for _ in range(processes)]
    started = []
    try:
        for adder in adders:
            adder.start()
            started.append(adder)
    finally:
        for adder in started:
            adder.join()
    bad = [a for a in adders if a.exitcode]
    if bad:
        raise RuntimeError(f"{bad[0].name} exited with {bad[0].exitcode}")
    return counter.value


def locked_total(processes: int = 4, increments: int = 10_000) -> int:
    _validate(processes, increments)
    # A plain shared int plus one Lock that every worker uses.
    return _count(multiprocessing.Value("l", 0, lock=False), multiprocessing.Lock(), processes, increments)


def unlocked_total(processes: int = 4, increments: int = 10_000) -> int:
    _validate(processes, increments)
    return _count(multiprocessing.Value("l", 0, lock=False), None, processes, increments)


class Squarer(multiprocessing.Process):
    """Carries only the two block names and its bounds."""

    def __init__(self, data_name, pid_name, n, lo, hi):
        super().__init__()
        self.data_name, self.pid_name, self.n, self.lo, self.hi = data_name, pid_name, n, lo, hi

    def run(self):
        data = SharedMemory(self.data_name)
        pids = SharedMemory(self.pid_name)
        arr = np.frombuffer(data.buf, dtype=np.float64, count=self.n)
        who = np.frombuffer(pids.buf, dtype=np.int32, count=self.n)
        arr[self.lo:self.hi] **= 2
        who[self.lo:self.hi] = os.getpid()
        del arr, who
        data.close()
        pids.close()


def _shared(stack, nbytes):
    block = SharedMemory(create=True, size=nbytes)
    stack.callback(block.unlink)
    stack.callback(block.close)  # runs first: close, then unlink
    return block


def square_in_shared_memory(values: Sequence[float], processes: int = 2) -> tuple[list[float], list[int]]:
    _validate(processes)
    copy = np.asarray(values, dtype=np.float64).ravel().copy()
    n = copy.size
    if not n:
        return [], []
    with contextlib.ExitStack() as stack:
        data = _shared(stack, copy.nbytes)
        pids = _shared(stack, n * 4)
        arr = np.frombuffer(data.buf, dtype=np.float64, count=n)
        arr[:] = copy
        del arr
        k = min(processes, n)
        edges = np.linspace(0, n, k + 1).astype(int)
        workers = [Squarer(data.name, pids.name, n, int(lo), int(hi)) for lo, hi in zip(edges, edges[1:])]
        try:
            for w in workers:
                w.start()
        finally:
            for w in workers:
                if w.pid is not None:
                    w.join()
        for w in workers:
            if w.exitcode != 0:
                raise RuntimeError(f"worker {w.name} (pid {w.pid}) failed: exit code {w.exitcode}")
        squares = np.frombuffer(data.buf, dtype=np.float64, count=n).tolist()
        writers = np.frombuffer(pids.buf, dtype=np.int32, count=n).tolist()
        return squares, writers
